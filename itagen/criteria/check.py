"""`itagen check`: load the content exactly as `build` does, then evaluate one catalog against it.

Nothing is rendered and nothing is written; the built site and the content cache the last build
left (`.itagen-cache/`) are only read, when there are some.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..cache import CACHE_DIR
from ..catalogcache import CatalogCache
from ..errors import ConfigError, Findings
from ..load import again_without_saved_content, load_project
from ..loadcache import ContentCache
from ..model.project import Project
from ..parallel import collector_paused
from . import loader
from .catalog import Catalog
from .evaluate import CheckReport, evaluate_catalog


@collector_paused()
def run_check(root: Path, year: int | None = None, catalog: str | None = None,
              site: Path | None = None, today: date | None = None,
              with_site: bool = True) -> CheckReport:
    """Evaluate the chosen catalog; config or catalog problems raise ConfigError (exit 2)."""
    return again_without_saved_content(lambda trusted: _check(
        root.resolve(), year, catalog, site, today, with_site, trusted))


def _check(root: Path, year: int | None, catalog: str | None, site: Path | None,
           today: date | None, with_site: bool, trusted: bool) -> CheckReport:
    """`run_check`, reading the content cache's entries when `trusted`."""
    # The content and catalogs the last build left parsed are read, never written: check
    # writes nothing.
    cache = ContentCache(root / CACHE_DIR, read_only=True, trusted=trusted) \
        if (root / CACHE_DIR).is_dir() else None
    if cache:
        CatalogCache(cache.folder, root).prime()
    project, content_findings = load_project(root, cache=cache)
    if not content_findings.errors:  # the same URL and link checks a build makes
        from ..links import route_findings
        from ..routes import plan_pages

        pages = plan_pages(project, evaluate_ita=False)  # URLs only: evaluating is below
        content_findings.extend(route_findings(project, pages))
    chosen, previous = select_catalogs(project, year, catalog)
    items = evaluate_catalog(project, chosen, today or date.today(), previous)
    report = CheckReport(chosen, items, content_findings,
                         previous_catalog=previous.name if previous else "")
    site_dir = site.resolve() if site else root / "site"
    if site is not None and not (site_dir / "index.html").is_file():
        raise ConfigError(f"ไม่พบเว็บไซต์ที่สร้างแล้วใน {site_dir} (no built site at {site_dir}; "
                          "run itagen build first)")
    if with_site and (site_dir / "index.html").is_file():
        from .site import check_site

        report.site_findings = check_site(site_dir, project, report)
    return report


def select_catalogs(project: Project, year: int | None, catalog: str | None
                    ) -> tuple[Catalog, Catalog | None]:
    """The catalog to check and, when there is one, the previous year's (for renumbering notes)."""
    validate_project_catalogs(project.root)
    config = project.config
    name = loader.choose(project.root, catalog, year, config.catalog, config.year)
    chosen = loader.read_catalog(name, project.root)
    previous = None
    if chosen.previous and chosen.previous in loader.available(project.root):
        previous = loader.read_catalog(chosen.previous, project.root)
    return chosen, previous


def validate_project_catalogs(root: Path) -> None:
    """Every catalog in the project's `catalogs/` must be valid, chosen or not (exit 2)."""
    folder = root / loader.PROJECT_DIR
    if not folder.is_dir():
        return
    findings = Findings()
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix == ".yml":
            findings.add(path.relative_to(root).as_posix(), 0, "",
                         "ชื่อไฟล์ชุดเกณฑ์ต้องลงท้ายด้วย .yaml", "catalog files must end in .yaml")
            continue
        loader.load_catalog(path, path.relative_to(root).as_posix(), findings)
    if findings.errors:
        raise ConfigError("\n".join(item.format() for item in findings.sorted()))
