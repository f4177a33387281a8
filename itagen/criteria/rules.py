"""The rule engine: each rule of the closed vocabulary, tested against a loaded project.

A rule answers three things: did it pass, where should the user look (file, line, key), and what
is missing, in Thai and English. Periods turn into date windows here (ITA 2568 O12 asks for the
first six months of the fiscal year; 2569 O12 for every month of the previous one).
"""
from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model.project import Project
from ..model.schema import Model
from ..thai import THAI_MONTHS_SHORT, fiscal_year_bounds, format_date
from . import paths
from .catalog import DatedRule, Rule


@dataclass
class Window:
    """The fiscal year an item's paths read and the dates its entries must fall in."""

    year: int            # fiscal year for `[year]`
    start: date
    end: date
    today: date

    @property
    def th(self) -> str:
        return f"{format_date(self.start, 'short')} – {format_date(self.end, 'short')}"

    @property
    def en(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def window(period: str, assessment_year: int, today: date) -> Window:
    """Dates of a period for an assessment year: curr_fy of 2568 is 1 Oct 2567 – 30 Sep 2568."""
    year = assessment_year - 1 if period.startswith("prev_") else assessment_year
    start, end = fiscal_year_bounds(year)
    if period.endswith("_h1"):
        end = date(end.year, 3, 31)
    return Window(year, start, end, today)


@dataclass
class Outcome:
    """Result of one rule: pass or not, where to point, and what is missing."""

    ok: bool
    where: paths.Located
    th: str = ""
    en: str = ""
    sources: set[str] = field(default_factory=set)
    values: list[Any] = field(default_factory=list)   # what the rule read, for document checks


def evaluate(rule: Rule, project: Project, win: Window) -> Outcome:
    """Test one rule; never raises on content, only on a catalog that skipped validation."""
    return _RULES[rule.kind](rule, project, win)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, set, tuple)):
        return not value
    return False


def _locate(project: Project, text: str, win: Window) -> paths.Located:
    return paths.resolve(project, paths.parse_path(text), win.year)


def _outcome(ok: bool, loc: paths.Located, th: str, en: str, value: Any = None) -> Outcome:
    values = value if isinstance(value, list) else ([value] if value is not None else [])
    return Outcome(ok, loc, "" if ok else th, "" if ok else en, {loc.file}, values)


def _present(rule: Rule, project: Project, win: Window) -> Outcome:
    loc = _locate(project, rule.present, win)
    return _outcome(not is_empty(loc.value), loc, "ยังไม่มีข้อมูลนี้", "this is missing", loc.value)


def _entries(loc: paths.Located, where: list[str]) -> list:
    if not where:
        return list(loc.value or [])  # most rules filter nothing: no call per entry
    pairs = paths.parse_where(where)
    return [entry for entry in (loc.value or []) if paths.matches(entry, pairs)]


def _where_text(where: list[str]) -> str:
    return f" ({', '.join(where)})" if where else ""


def _count(rule: Rule, project: Project, win: Window) -> Outcome:
    spec = rule.count
    loc = _locate(project, spec.path, win)
    found = _entries(loc, spec.where)
    return _outcome(len(found) >= spec.min, loc,
                    f"ต้องมีอย่างน้อย {spec.min} รายการ{_where_text(spec.where)} แต่มี {len(found)}",
                    f"needs at least {spec.min} entr(ies){_where_text(spec.where)}, "
                    f"found {len(found)}", found)


def _alternatives(spec: str) -> tuple[str, ...]:
    """`phone|email` → ("phone", "email"): an entry has the field when it has any of them."""
    return tuple(name.strip() for name in spec.split("|"))


def _has(entry: Any, names: tuple[str, ...]) -> bool:
    for name in names:
        if not is_empty(getattr(entry, name, None)):
            return True
    return False


def _each(rule: Rule, project: Project, win: Window) -> Outcome:
    spec = rule.each
    loc = _locate(project, spec.path, win)
    found = _entries(loc, spec.where)
    if len(found) < spec.min:
        return _outcome(False, loc, f"ต้องมีอย่างน้อย {spec.min} รายการ{_where_text(spec.where)}",
                        f"needs at least {spec.min} entr(ies){_where_text(spec.where)}")
    # Split once per rule, not once per entry: procurement lists have hundreds of entries.
    wanted = [(name, _alternatives(name)) for name in spec.fields]
    for entry in found:
        lacking = [name for name, names in wanted if not _has(entry, names)]
        if lacking:
            index = (loc.value or []).index(entry)
            label = getattr(entry, "name", "") or getattr(entry, "title", "") or str(index + 1)
            where = paths.Located(entry, loc.file, getattr(entry, "_line", loc.line),
                                  f"{loc.key}[{index}]", loc.file_exists, loc.year)
            missing = ", ".join(lacking)
            return _outcome(False, where, f"รายการ '{label}' ยังไม่มี {missing}",
                            f"entry '{label}' lacks {missing}")
    return _outcome(True, loc, "", "", found)


def documents_in(value: Any) -> list:
    """Documents held by a value: a list of documents, one document, or a report's documents."""
    if value is None:
        return []
    if isinstance(value, list):
        return [doc for doc in value if hasattr(doc, "file") and hasattr(doc, "url")]
    if hasattr(value, "documents"):
        return list(value.documents)
    return [value] if hasattr(value, "file") and hasattr(value, "url") else []


def _format_of(doc: Any) -> str:
    if doc.file:
        return doc.file.suffix
    tail = str(doc.url).split("?")[0].rsplit("/", 1)[-1]
    return tail.rsplit(".", 1)[-1].lower() if "." in tail else "link"


def _documents(rule: Rule, project: Project, win: Window) -> Outcome:
    spec = rule.documents
    loc = _locate(project, spec.path, win)
    docs = [d for d in documents_in(loc.value) if not spec.formats or _format_of(d) in spec.formats]
    kinds = "/".join(f.upper() for f in spec.formats) or ""
    return _outcome(len(docs) >= spec.min, loc,
                    f"ต้องแนบเอกสาร{(' ' + kinds) if kinds else ''} อย่างน้อย {spec.min} ไฟล์ "
                    f"(มี {len(docs)})",
                    f"needs at least {spec.min} {kinds or 'document'} file(s), found {len(docs)}",
                    docs)


def _differs(rule: Rule, project: Project, win: Window) -> Outcome:
    first, second = (_locate(project, text, win) for text in rule.differs)
    if is_empty(first.value):
        return _outcome(False, first, "ยังไม่มีข้อมูลนี้", "this is missing")
    same = not is_empty(second.value) and str(first.value) == str(second.value)
    outcome = _outcome(not same, first, f"ต้องไม่ซ้ำกับ {rule.differs[1]}",
                       f"must differ from {rule.differs[1]}", first.value)
    outcome.sources.add(second.file)
    return outcome


def _covers(rule: Rule, project: Project, win: Window) -> Outcome:
    loc = _locate(project, rule.covers_year, win)
    plans = [p for p in (loc.value or [])
             if p.start_year and p.end_year and p.start_year <= win.year <= p.end_year]
    return _outcome(bool(plans), loc, f"ไม่มีแผนที่ครอบคลุมปีงบประมาณ พ.ศ. {win.year}",
                    f"no plan covers fiscal year {win.year}", plans)


def months_of(win: Window, first_half: bool) -> list[tuple[int, int]]:
    """(year, month) of every month the window asks for, not later than today's month."""
    months, (y, m) = [], (win.start.year, win.start.month)
    for _ in range(6 if first_half else 12):
        if (y, m) > (win.today.year, win.today.month):
            break
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _month_keys(entries: list) -> set[tuple[int, int]]:
    keys = set()
    for entry in entries:
        value = getattr(entry, "month", None) or getattr(entry, "date", None)
        if value is not None:
            keys.add((value.year, value.month))
    return keys


def _months(rule: Rule, project: Project, win: Window) -> Outcome:
    spec = rule.months
    loc = _locate(project, spec.path, win)
    entries = list(loc.value or [])
    sources = {loc.file}
    if spec.also:
        other = _locate(project, spec.also, win)
        entries += list(other.value or [])
        sources.add(other.file)
    present = _month_keys(entries)
    missing = [key for key in months_of(win, spec.first_half) if key not in present]
    th = ", ".join(f"{THAI_MONTHS_SHORT[m - 1]} {y + 543}" for y, m in missing)
    en = ", ".join(f"{y}-{m:02d}" for y, m in missing)
    outcome = _outcome(not missing, loc,
                       f"ยังไม่มีข้อมูลของเดือน {th} (ถ้าเดือนใดไม่มีการจัดซื้อจัดจ้าง ให้ระบุ none: true)",
                       f"no entry for {en} (state none: true for a month without any)", entries)
    outcome.sources = sources
    return outcome


def _dated(rule: Rule, project: Project, win: Window) -> Outcome:
    spec = rule.dated
    loc = _locate(project, spec.path, win)
    found = [entry for entry, day in _dates(project, loc, spec) if win.start <= day <= win.end]
    return _outcome(len(found) >= spec.min, loc,
                    f"ต้องมีอย่างน้อย {spec.min} รายการที่ลงวันที่ในช่วง {win.th} (มี {len(found)})",
                    f"needs at least {spec.min} entr(ies) dated {win.en}, found {len(found)}", found)


def _dates(project: Project, loc: paths.Located, spec: DatedRule) -> list[tuple[Any, date]]:
    """(entry, date) of the entries that have a date, in list order. Every catalog year reads
    the same news for its own window: reading thousands of posts once is what this saves."""
    def read() -> tuple[Any, list[tuple[Any, date]]]:
        pairs = [(entry, day) for entry in _entries(loc, spec.where)
                 if (day := getattr(entry, spec.field, None)) is not None]
        return loc.value, pairs  # the list is held, so its id() stands for it in the key
    key = ("dates", id(loc.value), tuple(spec.where), spec.field)
    return paths.remembered(project, key, read)[1]


def _any(rule: Rule, project: Project, win: Window) -> Outcome:
    results = [evaluate(inner, project, win) for inner in rule.any]
    passed = next((r for r in results if r.ok), None)
    if passed is not None:
        return passed
    first = results[0]
    th = " หรือ ".join(r.th for r in results)
    en = " or ".join(r.en for r in results)
    sources = set().union(*(r.sources for r in results))
    return Outcome(False, first.where, th, en, sources)


_RULES = {
    "present": _present, "count": _count, "each": _each, "documents": _documents,
    "differs": _differs, "covers_year": _covers, "months": _months, "dated": _dated, "any": _any,
}


def attachments(value: Any, seen: set[int] | None = None) -> list[str]:
    """Every attachment (FileRef) inside a value, for the built-site document check."""
    from ..model.values import FileRef

    seen = seen if seen is not None else set()
    if isinstance(value, FileRef):
        return [str(value)]
    if id(value) in seen or value is None or isinstance(value, (str, int, date)):
        return []
    seen.add(id(value))
    if isinstance(value, (list, tuple)):
        return [ref for entry in value for ref in attachments(entry, seen)]
    if isinstance(value, Model):  # its fields, not vars(): a post made from its head has few
        names = [fl.name for fl in dataclasses.fields(value)]
        return [ref for n in names for ref in attachments(getattr(value, n), seen)]
    return []
