"""Build: load and validate everything, render every page, then swap the new site into place."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2

from . import search, thai
from .ahead import take_catalogs
from .cache import CACHE_DIR, DiskCache, code_fingerprint
from .catalogcache import CatalogCache
from .datafiles import file_groups
from .errors import BuildError, ContentError, Findings
from .links import route_findings
from .load import again_without_saved_content, load_config, load_project
from .loadcache import ContentCache
from .model.project import Project
from .outputcache import (MANIFEST, OutputCache, copy_key, entry_for, environment_fingerprint,
                          template_inputs)
from .pagerender import render_pages, template_environment
from .parallel import ForkedJob, collector_paused, leave_to_exit
from .prelink import SPARE, can_place, remove_unmade, start_placing
from .qr import QrCache
from .routes import PageSpec, plan_pages
from .search import index_site
from .writer import (Writer, check_output_dir, file_of, remove_site_folder, swap_into_place,
                     temp_dir_for, write_file)

STATIC_DIR = Path(__file__).parent / "static"
# The template job's priority. At 19 it got almost no CPU while the workers parsed, so the
# build often waited for it after loading (up to 80 ms on a busy machine); at 10 it gets about
# a tenth of a core meanwhile and has little left when the build needs it: a cold build of
# 5,000 pages took 0.93-0.99 x the time (paired medians of 5-10 alternated builds, with and
# without another busy process).
TEMPLATES_NICE = 10


@dataclass
class BuildResult:
    """What a build produced, for the reporter."""

    output: Path
    pages: int
    files: int
    findings: Findings
    rendered: int  # pages rendered; the others were unchanged and reused from the last build
    spliced: int = 0  # of the reused, pages given a new header, menu or footer (pageparts)


@collector_paused()
def build_site(root: Path, output: Path | None = None, strict: bool = False,
               use_cache: bool = True, with_search: bool = True, reuse: bool = False,
               catalogs: ForkedJob | None = None) -> BuildResult:
    """Build the project at `root` into `output` (default `root/site`) atomically.

    `with_search=False` skips the search index, and `reuse` keeps unchanged content files
    parsed, and the templates compiled, from the previous build in this process: the dev
    server's rebuilds must be instant (its search page then says search is unavailable).
    With `use_cache`, content files, pages and data files unchanged since the last build come
    from it (docs/cache.md). `catalogs`: a job reading the ITA catalogs (ahead.py), whose
    result the build takes when it needs them, or cancels.
    """
    try:
        return again_without_saved_content(lambda trusted: _build(
            root.resolve(), output, strict, use_cache, with_search, reuse, trusted, catalogs))
    finally:
        if catalogs:
            catalogs.cancel()


def _build(root: Path, output: Path | None, strict: bool, use_cache: bool, with_search: bool,
           reuse: bool, trusted: bool, catalogs_ahead: ForkedJob | None = None) -> BuildResult:
    """`build_site`, reading the content cache's entries when `trusted`."""
    output = check_output_dir(output or root / "site", root)
    cache_dir = root / CACHE_DIR if use_cache else None
    # A warm build's new site starts as the last build's files, placed while the content loads
    # into the site before them, kept for it (prelink.py).
    spare = cache_dir / SPARE if cache_dir and not reuse and ForkedJob.possible() else None
    place = spare is not None and can_place(output, cache_dir)
    temp = temp_dir_for(output, spare if place else None)
    placing = start_placing(output, temp, cache_dir) if place else None
    if place and placing is None:  # the spare, if taken, holds what no job will put right
        remove_site_folder(temp)
        temp = temp_dir_for(output)
    ready = None
    try:
        ready = _prepare(root, output, cache_dir, strict, reuse, trusted, catalogs_ahead)
        project, pages, output_cache = ready.project, ready.pages, ready.output_cache
        if placing:
            temp = _take_placed(placing, output_cache, output, temp)
        qr_codes = QrCache(cache_dir, root) if cache_dir else None
        writer = Writer(temp)
        rendered = render_pages(project, pages, writer, ready.env, cache=output_cache,
                                side_job=partial(_beside_pages, ready))
        made, aside = rendered.side  # aside: the content cache written, for the swap
        rendered.entries.update(copy_files(project, writer, output_cache))
        rendered.entries.update(write_data_files(project, made, writer, output_cache))
        if output_cache and output_cache.placed is not None:
            remove_unmade(temp, output_cache.placed, writer.written)
        cache = DiskCache(cache_dir, code_fingerprint(search, thai))
        # without the index its cache is left as it is: reading and writing it back cost a
        # warm build of 5,000 pages 0.28 s
        terms = cache.table("search") if with_search else None
        if terms is not None:  # reads the pages written
            index_site(project.root, temp, pages, ready.findings, terms)
    except BaseException:
        if placing:
            placing.cancel()  # before removing the folder it writes in
        shutil.rmtree(temp, ignore_errors=True)
        if ready and ready.content_cache:
            ready.content_cache.discard()  # written aside by a render worker, maybe
        raise

    def save_caches() -> None:  # the caches change only when a build succeeded
        if output_cache:
            output_cache.save(rendered.entries)
        if ready.content_cache:
            ready.content_cache.save(aside)
        if ready.catalogs:
            ready.catalogs.save()
        if qr_codes:
            qr_codes.save()
        if terms is not None:
            cache.record("search", terms)
        cache.save()

    swap_into_place(temp, output, meanwhile=save_caches, spare=spare)
    leave_to_exit(ready, rendered)
    return BuildResult(output, len(pages), len(writer.written), ready.findings,
                       rendered.rendered, rendered.spliced)


@dataclass
class _Prepared:
    """What a build renders from: the content loaded and checked, its pages planned, and the
    templates compiled; with the caches it saves when it succeeds."""

    project: Project
    pages: list[PageSpec]
    findings: Findings
    env: jinja2.Environment
    output_cache: OutputCache | None
    content_cache: ContentCache | None
    catalogs: CatalogCache | None


def _prepare(root: Path, output: Path, cache_dir: Path | None, strict: bool, reuse: bool,
             trusted: bool, catalogs_ahead: ForkedJob | None = None) -> _Prepared:
    """Load, check and plan the content, and compile the templates; ContentError or BuildError
    (templates) when that finds errors (warnings too, with `strict`)."""
    templates: list = []  # (environment, cache) or the template error

    def compile_templates(config, ahead=None) -> None:
        try:
            env = template_environment(root, config, cache_dir, keep=reuse)
        except BuildError as exc:
            templates.append(exc)
            return
        settings = (config.thai_digits, config.allow_html)
        templates.append((env, OutputCache.open(env, settings, cache_dir, output, ahead)))

    # A first build compiles the templates in a job of low priority while the content loads;
    # otherwise they are compiled here while workers parse the content (or after, with no
    # workers).
    ahead = ForkedJob.start(partial(_templates_ahead, root, cache_dir), nice=TEMPLATES_NICE) \
        if cache_dir and not reuse and not (cache_dir / MANIFEST).is_file() else None
    try:
        content_cache = ContentCache(cache_dir, trusted=trusted) if cache_dir else None
        project, findings = load_project(root, meanwhile=None if ahead else compile_templates,
                                         reuse=reuse, cache=content_cache)
        catalogs = CatalogCache(cache_dir, root) if cache_dir else None
        if catalogs and not findings.errors:
            catalogs.prime()
        if not findings.errors:
            take_catalogs(catalogs_ahead)
        pages = [] if findings.errors else plan_pages(project)
        findings.extend(route_findings(project, pages))
        if findings.errors or (strict and findings):
            raise ContentError(findings)  # content first: a template error can wait its turn
        if ahead:
            compile_templates(project.config, ahead.result())  # the job's bytecode is found
    finally:
        if ahead:
            ahead.cancel()
    if isinstance(templates[0], BuildError):
        raise templates[0]
    env, output_cache = templates[0]
    return _Prepared(project, pages, findings, env, output_cache, content_cache, catalogs)


def _take_placed(placing: ForkedJob, cache: OutputCache | None, output: Path, temp: Path
                 ) -> Path:
    """Wait for the job placing the last build's files (prelink.py) and hand what it placed to
    the page cache; the folder to build in: a fresh one if the job failed midway."""
    placed = placing.result()
    if placed is None:
        remove_site_folder(temp)
        return temp_dir_for(output)
    if cache:
        cache.placed = placed
    return temp


def _templates_ahead(root: Path, cache_dir: Path) -> tuple[str, dict]:
    """In a job of its own: every template compiled into the bytecode cache (where the build then
    finds it), and the environment's fingerprint with what each template reads (for the page
    cache, which takes them only if its own fingerprint of the templates is the same)."""
    config = load_config(root)
    env = template_environment(root, config, cache_dir)
    return environment_fingerprint(env, (config.thai_digits, config.allow_html)), \
        template_inputs(env)


def _beside_pages(ready: _Prepared) -> tuple[list, bool]:
    """A render worker's side job: the data files, then the content cache written aside (its
    20 MB cost a warm build 40-60 ms more at the end, where nothing runs beside it but `rm`)."""
    made = make_data_files(ready.project, ready.output_cache)
    return made, ready.content_cache.write_aside() if ready.content_cache else False


def make_data_files(project: Project, cache: OutputCache | None
                    ) -> list[tuple[str, str | None, bytes | None]]:
    """(url, key, bytes) of every data file; bytes are None where the last build's file can be
    linked instead (a render worker runs this: XLSX workbooks cost as much as many pages)."""
    made = []
    for group in file_groups(project):
        key = cache.group_key(group.inputs) if cache else None
        if cache and all(cache.reusable(file_of(url), key) for url in group.urls):
            made += [(url, key, None) for url in group.urls]
        else:
            made += zip(group.urls, [key] * len(group.urls), group.make())
    return sorted(made, key=lambda item: item[0])


def write_data_files(project: Project, made: list, writer: Writer, cache: OutputCache | None
                     ) -> dict[str, list]:
    """Write or link each data file; their manifest entries."""
    entries, groups = {}, None
    for url, key, data in made:
        target, rel = writer.reserve(url), file_of(url)
        entry = cache.reuse(rel, key, target) if data is None else None
        if entry is None:
            if data is None:  # changed since the worker looked: make its group here
                groups = groups or {u: g for g in file_groups(project) for u in g.urls}
                data = groups[url].make()[groups[url].urls.index(url)]
            write_file(target, data)
            entry = entry_for(key, target)
        if entry:
            entries[rel] = entry
    return entries


def copy_files(project: Project, writer: Writer, cache: OutputCache | None
               ) -> dict[str, list]:
    """Static assets (project's own first) and every attachment the content uses; their
    manifest entries (a file unchanged since the last build is linked from it). Paths are
    strings: a Path per file was most of this stage's time in serve's rebuilds."""
    entries: dict[str, list] = {}

    def copy(source: str, url: str) -> None:
        key, rel = copy_key(source) if cache else None, file_of(url)
        target, entry = writer.copy(source, url, lambda target: cache.reuse(rel, key, target)
                                    if key else None)
        entry = entry or entry_for(key, target)
        if entry:
            entries[rel] = entry

    for base in (str(project.root / "static"), str(STATIC_DIR)):
        for rel in _files_under(base):
            if f"assets/{rel}" not in writer.written:
                copy(os.path.join(base, rel), f"/assets/{rel}")
    content = str(project.content_dir)
    for rel in sorted(project.attachments):
        copy(os.path.join(content, rel), f"/{rel}")
    return entries


def _files_under(base: str) -> list[str]:
    """The files below `base` (symlinks to files too; no folder reached through a symlink), as
    sorted POSIX paths relative to it."""
    found = []
    for parent, folders, files in os.walk(base):
        folders.sort()
        rel = os.path.relpath(parent, base).replace(os.sep, "/")
        for name in sorted(files):
            if os.path.isfile(os.path.join(parent, name)):
                found.append(name if rel == "." else f"{rel}/{name}")
    return found
