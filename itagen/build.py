"""Build: load and validate everything, render every page, then swap the new site into place."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from . import search, thai
from .cache import CACHE_DIR, DiskCache, code_fingerprint
from .datafiles import generated_files
from .errors import BuildError, ContentError, Findings
from .links import route_findings
from .load import load_project
from .model.project import Project
from .pagerender import render_pages, template_environment
from .routes import plan_pages
from .search import index_site
from .writer import Writer, check_output_dir, swap_into_place, temp_dir_for

STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class BuildResult:
    """What a build produced, for the reporter."""

    output: Path
    pages: int
    files: int
    findings: Findings


def build_site(root: Path, output: Path | None = None, strict: bool = False,
               use_cache: bool = True, with_search: bool = True, reuse: bool = False
               ) -> BuildResult:
    """Build the project at `root` into `output` (default `root/site`) atomically.

    `with_search=False` skips the search index, and `reuse` keeps unchanged content files
    parsed from the previous build in this process: the dev server's rebuilds must be instant
    (its search page then says search is unavailable).
    """
    root = root.resolve()
    output = check_output_dir(output or root / "site", root)
    cache_dir = root / CACHE_DIR if use_cache else None
    templates: list = []  # compiled while workers parse the content: one environment or error

    def compile_templates(config) -> None:
        try:
            templates.append(template_environment(root, config, cache_dir))
        except BuildError as exc:
            templates.append(exc)

    project, findings = load_project(root, meanwhile=compile_templates, reuse=reuse)
    pages = [] if findings.errors else plan_pages(project)
    findings.extend(route_findings(project, pages))
    if findings.errors or (strict and findings):
        raise ContentError(findings)  # content first: a template error can wait its turn
    if isinstance(templates[0], BuildError):
        raise templates[0]
    cache = DiskCache(cache_dir, code_fingerprint(search, thai))
    temp = temp_dir_for(output)
    try:
        writer = Writer(temp)
        data_files = render_pages(project, pages, writer, templates[0],
                                  side_job=lambda: generated_files(project))
        copy_files(project, writer)
        for url, data in data_files:
            writer.write(url, data)
        terms = cache.table("search")
        if with_search:
            index_site(project.root, temp, pages, findings, terms)  # reads the pages written
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    swap_into_place(temp, output)
    cache.record("search", terms)
    cache.save()
    return BuildResult(output, len(pages), len(writer.written), findings)


def copy_files(project: Project, writer: Writer) -> None:
    """Static assets (project's own first) and every attachment the content uses."""
    own = project.root / "static"
    for base in (own, STATIC_DIR):
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            rel = path.relative_to(base).as_posix()
            if path.is_file() and f"assets/{rel}" not in writer.written:
                writer.copy(path, f"/assets/{rel}")
    for rel in sorted(project.attachments):
        writer.copy(project.content_dir / rel, f"/{rel}")
