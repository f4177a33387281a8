"""Build: load and validate everything, render every page, then swap the new site into place."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .errors import BuildError, ContentError, Findings
from .datafiles import generated_files
from .links import route_findings
from .load import load_project
from .model.project import Project
from .render import make_environment
from .routes import PageSpec, plan_pages
from .search import index_site
from .sections import GROUPS, SECTIONS
from .writer import Writer, check_output_dir, swap_into_place, temp_dir_for

STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class BuildResult:
    """What a build produced, for the reporter."""

    output: Path
    pages: int
    files: int
    findings: Findings


def build_site(root: Path, output: Path | None = None, strict: bool = False) -> BuildResult:
    """Build the project at `root` into `output` (default `root/site`) atomically."""
    root = root.resolve()
    output = check_output_dir(output or root / "site", root)
    project, findings = load_project(root)
    pages = [] if findings.errors else plan_pages(project)
    findings.extend(route_findings(project, pages))
    if findings.errors or (strict and findings):
        raise ContentError(findings)
    temp = temp_dir_for(output)
    try:
        writer = Writer(temp)
        render_pages(project, pages, writer)
        copy_files(project, writer)
        for url, data in generated_files(project):
            writer.write(url, data)
        index_site(project.root, temp, pages, findings)  # reads the pages just written
    except BaseException:
        import shutil

        shutil.rmtree(temp, ignore_errors=True)
        raise
    swap_into_place(temp, output)
    return BuildResult(output, len(pages), len(writer.written), findings)


def render_pages(project: Project, pages: list[PageSpec], writer: Writer) -> None:
    """Render each page with the shared context and hand it to the writer."""
    env = make_environment(project.root, project.config.thai_digits, project.config.allow_html)
    shared = _shared_context(project, pages)
    for page in pages:
        try:
            template = env.get_template(page.template)
            html = template.render(shared, page=page, updated=project.last_updated(page.source),
                                   **page.context)
        except jinja2.TemplateError as exc:
            raise BuildError(_template_message(page, exc)) from None
        writer.write(page.url, html)


def _shared_context(project: Project, pages: list[PageSpec]) -> dict:
    return {
        "project": project,
        "agency": project.agency,
        "config": project.config,
        "sections": SECTIONS,
        "groups": GROUPS,
        "all_pages": pages,
        "base_url": (project.agency.website or "/").rstrip("/") if project.agency else "",
    }


def _template_message(page: PageSpec, exc: jinja2.TemplateError) -> str:
    where = getattr(exc, "filename", None) or page.template
    line = getattr(exc, "lineno", None)
    place = f"{where}:{line}" if line else where
    return (f"{place}: แม่แบบหน้า {page.url} ผิดพลาด: {exc.message} "
            f"(template error while rendering {page.url}: {exc.message})")


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
