"""Data for the ITA pages of the site: the index per catalog year and the items each page answers.

Plain dictionaries only; the templates (`ita_index.html`, `partials/ita_items.html`) decide how
they look. Evaluated once per build, with the same rules as `itagen check`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model.project import Project
from . import loader, paths
from .catalog import Catalog
from .evaluate import ItemResult, evaluate_catalog


@dataclass
class ItaSite:
    """Everything the ITA pages need: one index per year and the items behind every URL."""

    indexes: list[dict] = field(default_factory=list)       # newest year first
    by_url: dict[str, list[dict]] = field(default_factory=dict)


def index_url(year: int) -> str:
    return f"/ita/{year}/"


def _framework_names(project: Project) -> dict[str, int]:
    """Catalog name → year, for the configured framework (validation makes the name's year the
    catalog's own)."""
    framework = project.config.catalog
    return {n: int(m["year"]) for n in loader.available(project.root)
            if (m := loader.NAME.fullmatch(n)) and m["framework"] == framework}


def framework_years(project: Project) -> list[int]:
    """The framework's catalog years, newest first, without reading the catalogs."""
    return sorted(_framework_names(project).values(), reverse=True)


def framework_catalogs(project: Project) -> list[Catalog]:
    """Every catalog (shipped or the project's) of the configured framework, newest first."""
    catalogs = [loader.read_catalog(name, project.root) for name in _framework_names(project)]
    return sorted(catalogs, key=lambda c: c.year, reverse=True)


def ita_site(project: Project, today: date | None = None) -> ItaSite:
    """Evaluate every catalog year once and shape the results for the templates."""
    today = today or date.today()
    site = ItaSite()
    catalogs = framework_catalogs(project)
    years = [c.year for c in catalogs]
    with paths.reading(project):
        for catalog in catalogs:
            results = evaluate_catalog(project, catalog, today)
            site.indexes.append(_index(catalog, results, years))
            for result in results:
                site.by_url.setdefault(result.url, []).append(_ref(catalog, result))
    return site


def _row(result: ItemResult) -> dict:
    item = result.item
    return {"code": item.code, "title": item.title, "status": result.status,
            "score": result.score, "max_score": result.max_score, "url": result.url,
            "fiscal_year": result.year, "confidence": item.confidence,
            "previous": result.previous, "anchor": item.code.lower()}


def _index(catalog: Catalog, results: list[ItemResult], years: list[int]) -> dict:
    groups = []
    for sub in catalog.subindicators:
        rows = [_row(r) for r in results if r.item.subindicator == sub.code]
        if rows:
            groups.append({"code": sub.code, "title": sub.title, "items": rows})
    passed = sum(r.status == "pass" for r in results)
    return {
        "url": index_url(catalog.year), "year": catalog.year, "name": catalog.name,
        "title": catalog.title, "source": catalog.source, "notes": catalog.notes,
        "groups": groups, "passed": passed, "total": len(results),
        "years": [{"year": y, "url": index_url(y), "current": y == catalog.year} for y in years],
    }


def _ref(catalog: Catalog, result: ItemResult) -> dict:
    return {"year": catalog.year, "code": result.item.code, "title": result.item.title,
            "status": result.status,
            "index_url": f"{index_url(catalog.year)}#{result.item.code.lower()}"}
