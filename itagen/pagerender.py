"""Render stage: every planned page through the one Jinja environment, on all cores.

Rendering is pure (same context, same bytes), so pages are split between forked workers that
inherit the loaded project and write their own files. The parent reserves every path first, so
duplicate and out-of-tree paths are still refused in one place, and output order cannot matter.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from pathlib import Path

import jinja2

from . import markdown
from .errors import BuildError
from .model.project import Project
from .render import compile_all, make_environment
from .routes import PageSpec
from .sections import GROUPS, SECTIONS
from .writer import Writer, write_file

PAGES_PER_WORKER = 150  # below this, starting a worker costs more than it saves

_job: dict = {}  # what forked workers inherit: environment, context, pages, target paths


def render_pages(project: Project, pages: list[PageSpec], writer: Writer,
                 cache_dir: Path | None = None) -> None:
    """Render each page with the shared context and write it; raises BuildError on a bad template."""
    env = make_environment(project.root, project.config.thai_digits, project.config.allow_html,
                           cache_dir)
    try:
        compile_all(env)
    except jinja2.TemplateError as exc:
        raise BuildError(template_message(PageSpec("", getattr(exc, "name", "") or "", ""), exc))
    targets = [writer.reserve(page.url) for page in pages]
    _job.update(env=env, shared=shared_context(project, pages), project=project, pages=pages,
                targets=targets)
    try:
        workers = worker_count(len(pages))
        results = _in_workers(workers) if workers > 1 else [_render_share(0, 1)]
    finally:
        _job.clear()
    for error, used in results:
        if error:
            raise BuildError(error)
        markdown.used_entries_merge(used)


def worker_count(pages: int) -> int:
    """Use every core for big sites; stay in-process when forking is unsafe or not worth it."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    # fork copies only this thread; in `serve` other threads may hold locks, so stay serial there.
    if threading.current_thread() is not threading.main_thread() or os.name != "posix":
        return 1
    return max(1, min(cores or 1, pages // PAGES_PER_WORKER))


def _in_workers(workers: int) -> list[tuple[str, dict]]:
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        return pool.starmap(_render_share, [(share, workers) for share in range(workers)])


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed build: it would write into the next build's folder."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # not Linux: a killed build may leave a worker finishing its share
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)


def _render_share(share: int, workers: int) -> tuple[str, dict]:
    """Render every `workers`-th page from `share` on; return (error, Markdown entries used)."""
    env, shared, project = _job["env"], _job["shared"], _job["project"]
    for page, target in list(zip(_job["pages"], _job["targets"]))[share::workers]:
        try:
            template = env.get_template(page.template)
            html = template.render(shared, page=page, updated=project.last_updated(page.source),
                                   **page.context)
        except jinja2.TemplateError as exc:
            return template_message(page, exc), {}
        write_file(target, html)
    return "", markdown.used_entries()


def shared_context(project: Project, pages: list[PageSpec]) -> dict:
    """What every template sees besides its own page."""
    urls = frozenset(page.url for page in pages)  # `in` per page must not be O(pages)
    return {
        "project": project,
        "agency": project.agency,
        "config": project.config,
        "sections": SECTIONS,
        "groups": GROUPS,
        "all_pages": pages,
        "page_urls": urls,
        "nav": navigation(project, urls),
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
