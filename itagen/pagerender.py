"""Render stage: every planned page through the one Jinja environment, on all cores.

Rendering is pure (same context, same bytes), so pages are split between forked workers that
inherit the loaded project and write their own files. The parent reserves every path first, so
duplicate and out-of-tree paths are still refused in one place, and output order cannot matter.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import jinja2

from .errors import BuildError
from .model.project import Config, Project
from .outputcache import OutputCache, PageKeys, entry_for
from .pageparts import Once, render_page, splice
from .parallel import ForkedJob, fork_map, worker_count
from .render import compile_all, make_environment, template_files_state
from .routes import PageSpec
from .sections import GROUPS, SECTIONS
from .writer import Writer, file_of, write_file

PAGES_PER_WORKER = 150  # below this, starting a worker costs more than it saves
SHARES_PER_WORKER = 16  # pages are dealt in this many shares a worker, for an even finish

_job: dict = {}  # what forked workers inherit: environment, context, pages, target paths


_kept: dict = {}  # serve: the last environment, and what it was made from


def template_environment(root: Path, config: Config, cache_dir: Path | None, keep: bool = False
                         ) -> jinja2.Environment:
    """The Jinja environment with every template compiled; BuildError on a broken template.

    Compiled before the pages are rendered, so forked render workers inherit them compiled.
    With `keep` (serve's rebuilds), the last one is given again while no template file,
    setting or cache folder changed: loading every template again cost 20 ms a rebuild.
    """
    files = template_files_state(root) if keep else None  # None: nothing is kept
    made_from = (root, config.thai_digits, config.allow_html, cache_dir, files)
    if files is not None and _kept.get("made_from") == made_from:
        return _kept["env"]
    _kept.clear()
    env = make_environment(root, config.thai_digits, config.allow_html, cache_dir)
    try:
        compile_all(env)
    except jinja2.TemplateError as exc:
        raise BuildError(template_message(PageSpec("", getattr(exc, "name", "") or "", ""), exc))
    if files is not None:
        _kept.update(made_from=made_from, env=env)
    return env


@dataclass
class Rendered:
    """What the render stage did: the side job's result, and the manifest entries of the pages
    (for the next build's reuse), of which `rendered` were rendered, `spliced` were the last
    build's with new partials put in (pageparts), and the rest reused as they were."""

    side: object
    entries: dict[str, list]
    rendered: int
    spliced: int = 0


def render_pages(project: Project, pages: list[PageSpec], writer: Writer,
                 env: jinja2.Environment, side_job: Callable[[], object] | None = None,
                 cache: OutputCache | None = None) -> Rendered:
    """Render each page with the shared context and write it; raises BuildError on a bad template.

    `side_job` (the data files) runs alongside, on a worker of its own, and its result is
    returned: it takes as long as hundreds of pages, so the parent must not wait for it alone.
    With `cache`, a page whose key is what the last build's was is linked from it, not rendered,
    or, when only a partial it shows changed, gets the new partial spliced in (pageparts).
    """
    rels = [file_of(page.url) for page in pages]  # once: 5,000 of them cost 5 ms
    targets = [writer.claim_file(rel) for rel in rels]
    shared = shared_context(project, pages)
    shared["once"] = Once(env, shared)
    keys = cache.keys({name: value for name, value in shared.items() if name != "once"}) \
        if cache else None
    _job.update(env=env, shared=shared, project=project, pages=pages, rels=rels,
                targets=targets, cache=cache, keys=keys, todo=range(len(pages)), known={})
    # With the last build's files placed (prelink.py), keeping one costs no file system call:
    # this process keys every page and decides, and only the pages to make go to workers, while
    # the side job runs in a process of its own. (It also rendered the pages that have no key,
    # home and e-services, but then it finished last: 25 alternated pairs, 0.96 x the time.)
    here = cache is not None and cache.placed is not None
    side = ForkedJob.start(partial(_beside, side_job), nice=0) if here and side_job else None
    left = None if side else side_job
    try:
        kept = _keep_unchanged(cache, keys) if here else {}
        workers = worker_count(len(_job["todo"]), PAGES_PER_WORKER)
        if workers > 1:
            side_result, shares = _in_workers(workers, left)
        else:
            side_result, shares = left() if left else None, [_render_share(0, 1)]
        if side:  # failed there: here again, to report its error
            side_result = (side.result() or _beside(side_job))[0]
    finally:
        _job.clear()
        if side:
            side.cancel()
    result = Rendered(side_result, kept, 0)
    for error, entries, rendered, spliced in shares:
        if error:
            raise BuildError(error)
        result.entries.update(entries)
        result.rendered += rendered
        result.spliced += spliced
    return result


def _beside(side_job: Callable[[], object]) -> tuple[object]:
    """In the side job's process: its result, in a tuple (a None result is not a failure)."""
    return (side_job(),)


def _keep_unchanged(cache: OutputCache, keys: PageKeys) -> dict[str, list]:
    """Keep each page the last build placed whose key is unchanged: its manifest entries. The
    others are left in `_job["todo"]` to render or splice, with the keys worked out here."""
    project, todo, known, kept = _job["project"], [], _job["known"], {}
    for index, (page, rel) in enumerate(zip(_job["pages"], _job["rels"])):
        key = keys.key(page, project.last_updated(page.source))
        entry, _ = cache.page_reuse(rel, key, keys)
        if entry is not None and cache.link(rel, _job["targets"][index]):
            kept[rel] = entry
        else:
            todo.append(index)
            known[index] = key
    _job["todo"] = todo
    return kept


def _in_workers(workers: int, side_job: Callable | None) -> tuple[object, list[tuple]]:
    """(side job's result, each share's outcome): pages dealt in several shares a worker, so the
    worker that takes the side job does fewer of them and both finish together."""
    shares = workers * SHARES_PER_WORKER
    return fork_map(_render_share, [(share, shares) for share in range(shares)], workers,
                    side_job)


def _render_share(share: int, workers: int) -> tuple[str, dict[str, list], int, int]:
    """Render (or reuse) every `workers`-th page still to do from `share` on."""
    return _render_pages(_job["todo"][share::workers])


def _render_pages(indexes: list[int]) -> tuple[str, dict[str, list], int, int]:
    """Render (or reuse) these pages: (the first error or "", manifest entries by output file,
    pages rendered, pages spliced)."""
    env, shared, project = _job["env"], _job["shared"], _job["project"]
    cache, keys, known = _job["cache"], _job["keys"], _job["known"]
    pages, rels, targets = _job["pages"], _job["rels"], _job["targets"]
    entries, rendered, spliced = {}, 0, 0
    for index in indexes:
        page, rel, target = pages[index], rels[index], targets[index]
        updated = project.last_updated(page.source)
        key = known[index] if index in known else keys.key(page, updated) if keys else None
        try:
            entry, was_spliced = _reuse(cache, keys, shared["once"], rel, key, target) \
                if cache else (None, False)
            if entry is None:
                values = {**shared, **page.context, "page": page, "updated": updated}
                html, splices = render_page(
                    env.get_template(page.template), values, shared["once"],
                    keys.splicable(page.template) if keys else False,
                    keys.partial_key if keys else None)
        except jinja2.TemplateError as exc:
            return template_message(page, exc), {}, 0, 0
        spliced += was_spliced
        if entry is None:
            write_file(target, html)
            rendered += 1
            entry = entry_for(key if splices is not None else None, target, splices)
        if entry:
            entries[rel] = entry
    return "", entries, rendered, spliced


def _reuse(cache: OutputCache, keys: PageKeys, once: Once, rel: str, key: str | None,
           target: str) -> tuple[list | None, bool]:
    """(manifest entry, whether spliced) for the last build's page: linked when nothing it
    shows changed, or with the changed partials spliced in; (None, False): render it."""
    entry, splices = cache.page_reuse(rel, key, keys)
    if entry is not None and cache.link(rel, target):
        return entry, False
    old = cache.read_previous(rel) if splices is not None else None
    made = splice(old, splices, once) if old is not None else None
    if made is None:
        return None, False
    write_file(target, made[0])
    return entry_for(key, target, made[1]), True


def shared_context(project: Project, pages: list[PageSpec]) -> dict:
    """What every template sees besides its own page."""
    urls = frozenset(page.url for page in pages)  # `in` per page must not be O(pages)
    nav = navigation(project, urls)
    return {
        "project": project,
        "agency": project.agency,
        "config": project.config,
        "sections": SECTIONS,
        "groups": GROUPS,
        "all_pages": pages,
        "page_urls": urls,
        # The section index pages there are: what base.html's breadcrumb needs of page_urls,
        # which changes with every post (the page cache keys each page on what it reads).
        "section_indexes": frozenset(s.path for s in SECTIONS if s.path in urls),
        "nav": nav,
        "menu_hrefs": frozenset(item["href"] for _, items in nav for item in items),
        "section_by_template": {s.template: s for s in SECTIONS if not s.yearly},
        "base_url": (project.agency.website or "/").rstrip("/") if project.agency else "",
    }


def navigation(project: Project, urls: frozenset[str]) -> list[tuple[str, list[dict]]]:
    """The main menu, worked out once per build: (group, [{key, title, href}]) in menu order.

    A yearly section links to its newest year; one with no years links to its index page only
    when that page exists, and is left out otherwise.
    """
    menu = []
    for group in GROUPS:
        items = []
        for section in (s for s in SECTIONS if s.group == group):
            years = getattr(project, section.key) if section.yearly else None
            if not section.yearly:
                href = section.url()
            elif years:
                href = section.url(max(years))
            else:
                href = section.path if section.path in urls else None
            if href:
                items.append({"key": section.key, "title": section.title, "href": href})
        menu.append((group, items))
    return menu


def template_message(page: PageSpec, exc: jinja2.TemplateError) -> str:
    """A template error as the user should read it: template file, line, page, message."""
    place = _template_place(exc)
    what = f"แม่แบบหน้า {page.url}" if page.url else "แม่แบบ"
    during = f" while rendering {page.url}" if page.url else ""
    return f"{place}: {what} ผิดพลาด: {exc.message} (template error{during}: {exc.message})"


def _template_place(exc: jinja2.TemplateError) -> str:
    """`file:line` of the error: syntax errors carry it; for runtime errors (an undefined name),
    Jinja rewrites the traceback so its last template frame points at the template line."""
    if getattr(exc, "lineno", None):
        return f"{exc.filename or exc.name}:{exc.lineno}"
    place, trace = "", exc.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code.co_filename
        if code.endswith((".html", ".xml", ".txt")):
            place = f"{code}:{trace.tb_lineno}"
        trace = trace.tb_next
    return place or "template"
