"""Find, read and validate catalogs: shipped ones in `itagen/catalogs/`, the user's in `catalogs/`.

Both go through the same converter and the same checks, so a user's catalog for a new year (or for
another framework such as a ministry's MOIT list) gets file:line errors exactly like content does.
"""
from __future__ import annotations

import re
from pathlib import Path as FsPath
from typing import Any

from ..errors import ConfigError, Findings
from ..model.schema import INVALID, Ctx, convert_model
from ..yamlload import load_yaml_file
from . import paths
from .catalog import Catalog, Item, Rule
from .concepts import CONCEPTS

SHIPPED_DIR = FsPath(__file__).resolve().parent.parent / "catalogs"
PROJECT_DIR = "catalogs"
NAME = re.compile(r"(?P<framework>[a-z0-9][a-z0-9-]*?)-(?P<year>\d{4})")  # nacc-oit-2568


def available(root: FsPath | None = None) -> dict[str, FsPath]:
    """Catalog name → file; a project's own file overrides a shipped one of the same name."""
    found = {p.stem: p for p in sorted(SHIPPED_DIR.glob("*.yaml"))}
    if root is not None and (root / PROJECT_DIR).is_dir():
        found.update({p.stem: p for p in sorted((root / PROJECT_DIR).glob("*.yaml"))})
    return found


def shipped_years(framework: str) -> list[int]:
    """Years of the catalogs itagen ships for a framework, oldest first."""
    years = []
    for path in SHIPPED_DIR.glob("*.yaml"):
        match = NAME.fullmatch(path.stem)
        if match and match["framework"] == framework:
            years.append(int(match["year"]))
    return sorted(years)


def catalog_name(framework: str, year: int) -> str:
    return f"{framework}-{year}"


def load_catalog(path: FsPath, rel: str, findings: Findings) -> Catalog | None:
    """Read and validate one catalog file; problems go to `findings`, never raised."""
    source = load_yaml_file(path, rel, findings)
    if source is None or source.node is None:
        if source is not None:
            findings.add(rel, 1, "", "ไฟล์ว่างเปล่า", "the file is empty")
        return None
    catalog = convert_model(source.node, Catalog, Ctx(rel, findings, path.parent), "")
    if catalog is INVALID:
        return None
    catalog.name, catalog.origin = path.stem, rel
    for item in catalog.items:
        for comp in item.components:
            if "severity" not in comp._lines:
                comp.severity = catalog.default_severity
    validate(catalog, findings)
    return catalog


def read_catalog(name: str, root: FsPath | None = None) -> Catalog:
    """Load a catalog by name; any problem in it is a configuration error (exit 2)."""
    files = available(root)
    if name not in files:
        listed = ", ".join(sorted(files)) or "-"
        raise ConfigError(f"ไม่พบชุดเกณฑ์ '{name}' มีให้เลือก: {listed} "
                          f"(no catalog '{name}'; available: {listed})")
    path = files[name]
    rel = _display(path, root)
    text = path.read_bytes()
    cached = _read.get((path, rel))
    if cached and cached[0] == text:
        return cached[1]
    findings = Findings()
    catalog = load_catalog(path, rel, findings)
    if findings.errors or catalog is None:
        raise ConfigError("\n".join(item.format() for item in findings.sorted()))
    _read[(path, rel)] = (text, catalog)
    return catalog


# Catalogs already read by this process, with the bytes they were read from: `serve` evaluates
# every catalog on each rebuild, and parsing them was a third of a rebuild of the demo. Nothing
# changes a Catalog once loaded, so handing out the same object again is safe.
_read: dict[tuple[FsPath, str], tuple[bytes, Catalog]] = {}


def remembered() -> dict[tuple[FsPath, str], tuple[bytes, Catalog]]:
    """(file, name shown) → (its bytes, the catalog they gave), for each catalog read by this
    process: what the catalog cache keeps for the next build."""
    return dict(_read)


def remember(path: FsPath, rel: str, text: bytes, catalog: Catalog) -> None:
    """Take a catalog read by an earlier build (the catalog cache): `read_catalog` gives it while
    the file still holds exactly `text`."""
    _read.setdefault((path, rel), (text, catalog))


def choose(root: FsPath | None, catalog: str | None, year: int | None,
           default_framework: str = "nacc-oit", default_year: int | None = None) -> str:
    """The catalog name `check` and `urls` use, from the options and the project config."""
    files = available(root)
    if catalog and catalog in files and year is None:
        return catalog
    framework = catalog or default_framework
    match = NAME.fullmatch(framework)
    if match and match.group(0) in files:
        if year is not None and int(match["year"]) != year:
            raise ConfigError(f"ชุดเกณฑ์ {framework} ไม่ใช่ของปี {year} "
                              f"(catalog {framework} is not for {year})")
        return framework
    year = year or default_year or _newest(framework, files)
    if year is None:
        raise ConfigError(f"ไม่พบชุดเกณฑ์ของ '{framework}' (no catalog for framework '{framework}')")
    return catalog_name(framework, year)


def _newest(framework: str, files: dict[str, FsPath]) -> int | None:
    years = shipped_years(framework)
    if not years:  # a framework only the project has, e.g. moph-moit
        years = sorted(int(m["year"]) for m in map(NAME.fullmatch, files)
                       if m and m["framework"] == framework)
    return years[-1] if years else None


def _display(path: FsPath, root: FsPath | None) -> str:
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return f"itagen/catalogs/{path.name}"


# --------------------------------------------------------------------------- validation

def validate(catalog: Catalog, findings: Findings) -> None:
    """Checks the converter cannot do: unique codes, known concepts, paths that exist."""
    rel = catalog.origin
    _check_name(catalog, findings)
    subs = {s.code for s in catalog.subindicators}
    seen: dict[str, int] = {}
    for item in catalog.items:
        if item.key in seen:
            findings.add(rel, item.line_of("code"), "code",
                         f"รหัสข้อ {item.code} ซ้ำกับบรรทัด {seen[item.key]}",
                         f"duplicate item code {item.code}, first at line {seen[item.key]}")
        seen.setdefault(item.key, item.line_of("code"))
        if item.subindicator not in subs:
            findings.add(rel, item.line_of("subindicator"), "subindicator",
                         f"ไม่มีตัวชี้วัดย่อย '{item.subindicator}' ในรายการ subindicators",
                         f"sub-indicator '{item.subindicator}' is not listed in subindicators")
        _check_concepts(item, rel, findings)
        _check_components(item, rel, findings)


def _check_name(catalog: Catalog, findings: Findings) -> None:
    expected = catalog_name(catalog.framework, catalog.year)
    if catalog.name != expected:
        findings.add(catalog.origin, catalog.line_of("year"), "year",
                     f"ชื่อไฟล์ต้องเป็น {expected}.yaml ให้ตรงกับ framework และ year",
                     f"the file must be named {expected}.yaml to match framework and year")


def _check_concepts(item: Item, rel: str, findings: Findings) -> None:
    for key, names in (("concept", [item.concept]), ("also", item.also)):
        for name in names:
            if name not in CONCEPTS:
                import difflib

                close = difflib.get_close_matches(name, list(CONCEPTS), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                findings.add(rel, item.line_of(key), key, f"ไม่รู้จักแนวคิด '{name}'",
                             f"unknown concept '{name}'{hint}")


def _check_components(item: Item, rel: str, findings: Findings) -> None:
    ids: set[str] = set()
    for comp in item.components:
        if comp.id in ids:
            findings.add(rel, comp.line_of("id"), "id", f"รหัสองค์ประกอบ '{comp.id}' ซ้ำ",
                         f"duplicate component id '{comp.id}' in {item.code}")
        ids.add(comp.id)
        if comp.rule is not None:
            check_rule(comp.rule, rel, findings)


def check_rule(rule: Rule, rel: str, findings: Findings) -> None:
    """Every path of the rule must exist in the model and fit the rule's kind."""
    try:
        _CHECKS[rule.kind](rule)
    except paths.PathError as exc:
        findings.add(rel, rule.line_of(rule.kind), rule.kind, exc.th, exc.en)
    for inner in rule.any:
        check_rule(inner, rel, findings)


def _list_of(text: str) -> Any:
    element = paths.list_item(paths.type_of(paths.parse_path(text)))
    if element is None:
        raise paths.PathError(f"'{text}' ไม่ใช่รายการ", f"'{text}' is not a list")
    return element


def _check_where(element: Any, where: list[str]) -> None:
    for name, value in paths.parse_where(where):
        if not paths.has_attribute(element, name):
            raise paths.PathError(f"รายการไม่มีฟิลด์ '{name}' ที่ใช้ในเงื่อนไข",
                                  f"entries have no field '{name}' to filter on")
        choices = _choices(paths.fields_of(element).get(name))
        if choices and value not in choices:
            raise paths.PathError(f"ค่า '{value}' ของ {name} ไม่อยู่ในตัวเลือก: {', '.join(choices)}",
                                  f"'{value}' is not a value of {name}: {', '.join(choices)}")


def _choices(tp: Any) -> list[str]:
    from typing import Literal, get_args, get_origin

    tp = paths.unwrap(tp)
    if get_origin(tp) is Literal:
        return [str(a) for a in get_args(tp)]
    return ["true", "false"] if tp is bool else []


def _check_fields(element: Any, names: list[str]) -> None:
    for spec in names:
        for name in spec.split("|"):
            if not paths.has_attribute(element, name.strip()):
                raise paths.PathError(f"รายการไม่มีฟิลด์ '{name}'", f"entries have no field '{name}'")


def _check_present(rule: Rule) -> None:
    paths.type_of(paths.parse_path(rule.present))


def _check_count(rule: Rule) -> None:
    _check_where(_list_of(rule.count.path), rule.count.where)


def _check_each(rule: Rule) -> None:
    element = _list_of(rule.each.path)
    _check_where(element, rule.each.where)
    _check_fields(element, rule.each.fields)


def _check_documents(rule: Rule) -> None:
    tp = paths.type_of(paths.parse_path(rule.documents.path))
    element = paths.list_item(tp) or tp
    if getattr(element, "__name__", "") != "Document" and "documents" not in paths.fields_of(tp):
        raise paths.PathError(f"'{rule.documents.path}' ไม่ใช่เอกสารหรือข้อมูลที่มีเอกสารแนบ",
                              f"'{rule.documents.path}' is neither documents nor has documents")


def _check_differs(rule: Rule) -> None:
    for text in rule.differs:
        paths.type_of(paths.parse_path(text))


def _check_covers(rule: Rule) -> None:
    element = _list_of(rule.covers_year)
    _check_fields(element, ["start_year", "end_year"])


def _check_months(rule: Rule) -> None:
    for text in filter(None, (rule.months.path, rule.months.also)):
        element = _list_of(text)
        if not (paths.has_attribute(element, "month") or paths.has_attribute(element, "date")):
            raise paths.PathError(f"รายการ '{text}' ไม่มีฟิลด์ month หรือ date",
                                  f"entries of '{text}' have no month or date field")


def _check_dated(rule: Rule) -> None:
    element = _list_of(rule.dated.path)
    _check_fields(element, [rule.dated.field])
    _check_where(element, rule.dated.where)


def _check_any(rule: Rule) -> None:
    """Alternatives are checked one by one by `check_rule`."""


_CHECKS = {
    "present": _check_present, "count": _check_count, "each": _check_each,
    "documents": _check_documents, "differs": _check_differs, "covers_year": _check_covers,
    "months": _check_months, "dated": _check_dated, "any": _check_any, "": lambda rule: None,
}
