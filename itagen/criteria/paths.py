"""Paths into the content model: `procurement[year].annual_report.problems`.

A path starts at a `Project` attribute; yearly kinds take a selector (`[year]` is the fiscal year
the item's period points at, `[prev]` the one before it). Paths are checked against the model's
type hints when a catalog is loaded, and resolved against a loaded project when it is checked, so
a finding can name the content file, line and key where the missing value belongs.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from ..model.project import MARKDOWN_DIRS, SINGLETONS, YEARLY, Project
from ..model.schema import Model

SELECTORS = ("year", "prev")
_PATH = re.compile(r"([a-z_]+)(?:\[([a-z]+)\])?((?:\.[a-z_]+)*)")
_NOT_CONTENT = {"root", "config", "attachments", "updated"}


class PathError(ValueError):
    """A path that does not fit the model; carries Thai and English text."""

    def __init__(self, th: str, en: str):
        super().__init__(th, en)
        self.th, self.en = th, en


@dataclass(frozen=True)
class Path:
    """A parsed path: root attribute, optional year selector, then field names."""

    text: str
    root: str
    selector: str | None
    fields: tuple[str, ...]

    def year(self, period_year: int) -> int | None:
        """The fiscal year this path reads for an item whose period points at `period_year`."""
        if self.selector is None:
            return None
        return period_year - 1 if self.selector == "prev" else period_year


def parse_path(text: str) -> Path:
    """Split `root[sel].a.b`; raise PathError on bad syntax."""
    match = _PATH.fullmatch(str(text).strip())
    if not match:
        raise PathError(f"ที่อยู่ข้อมูล '{text}' เขียนไม่ถูกรูปแบบ เช่น procurement[year].items",
                        f"path '{text}' is malformed; write e.g. procurement[year].items")
    root, selector, rest = match.groups()
    fields = tuple(part for part in rest.split(".") if part)
    return Path(str(text).strip(), root, selector, fields)


# --------------------------------------------------------------------------- static types

@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, None, {})


_PROJECT_HINTS = {name: tp for name, tp in _hints(Project).items() if name not in _NOT_CONTENT}


def unwrap(tp: Any) -> Any:
    """`X | None` → X."""
    if get_origin(tp) in (Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        return inner[0] if len(inner) == 1 else tp
    return tp


def list_item(tp: Any) -> Any | None:
    """Element type of `list[X]`, else None."""
    tp = unwrap(tp)
    return get_args(tp)[0] if get_origin(tp) is list else None


@functools.cache
def fields_of(tp: Any) -> dict[str, Any]:
    """Public model fields of a dataclass type and their types (empty for leaves)."""
    tp = unwrap(tp)
    if not dataclasses.is_dataclass(tp):
        return {}
    names = {fl.name for fl in dataclasses.fields(tp) if not fl.name.startswith("_")}
    return {name: hint for name, hint in _hints(tp).items() if name in names}


def type_of(path: Path) -> Any:
    """The declared type at the end of `path`; PathError if it does not exist."""
    if path.root not in _PROJECT_HINTS:
        raise _unknown(path.root, list(_PROJECT_HINTS), path.text)
    tp = _PROJECT_HINTS[path.root]
    if get_origin(tp) is dict:
        if path.selector not in SELECTORS:
            raise PathError(f"'{path.root}' เป็นข้อมูลรายปี ต้องระบุ [year] หรือ [prev] ใน '{path.text}'",
                            f"'{path.root}' is yearly: write {path.root}[year] or "
                            f"{path.root}[prev] in '{path.text}'")
        tp = get_args(tp)[1]
    elif path.selector is not None:
        raise PathError(f"'{path.root}' ไม่ใช่ข้อมูลรายปี จึงใส่ [{path.selector}] ไม่ได้",
                        f"'{path.root}' is not yearly; remove [{path.selector}] from '{path.text}'")
    for name in path.fields:
        known = fields_of(tp)
        if name not in known:
            raise _unknown(name, list(known), path.text)
        tp = known[name]
    return unwrap(tp)


def has_attribute(tp: Any, name: str) -> bool:
    """Whether entries of type `tp` have `name` (a field or a plain class attribute such as slug)."""
    tp = unwrap(tp)
    return name in fields_of(tp) or (isinstance(tp, type) and hasattr(tp, name))


def _unknown(name: str, known: list[str], text: str) -> PathError:
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint_th = f" หมายถึง '{close[0]}' หรือไม่" if close else ""
    hint_en = f"; did you mean '{close[0]}'?" if close else ""
    return PathError(f"ไม่มีข้อมูล '{name}' ในโมเดลเนื้อหา ('{text}'){hint_th}",
                     f"the content model has no '{name}' (in '{text}'){hint_en}")


# --------------------------------------------------------------------------- runtime values

@dataclass
class Located:
    """A path resolved against a project: its value and where it lives (or should live)."""

    value: Any
    file: str           # content file (or folder) where the value is, or should be written
    line: int           # line of the value, or of the nearest parent that exists (0: no file)
    key: str            # key inside the file, e.g. annual_report.problems
    file_exists: bool
    year: int | None


def content_file(root: str, year: int | None) -> str:
    """Project-relative file (or folder) that holds a root attribute."""
    if root in SINGLETONS:
        return f"content/{SINGLETONS[root][0]}"
    if root in YEARLY:
        return f"content/{root}/{year}.yaml"
    if root in MARKDOWN_DIRS:
        return f"content/{root}/"
    return "content/"


def resolve(project: Project, path: Path, period_year: int) -> Located:
    """Walk `path` through the loaded project as far as the values exist."""
    year = path.year(period_year)
    file = content_file(path.root, year)
    value = getattr(project, path.root)
    if isinstance(value, dict):
        value = value.get(year)
    exists = remembered(project, ("exists", file), lambda: (project.root / file).exists())
    line = 1 if exists and value is not None else 0
    for name in path.fields:
        if not isinstance(value, Model):
            break
        if name in value._lines:
            line = value.line_of(name)   # the key is written: point at it
        elif isinstance(value._line, int) and line == 0:
            line = value._line           # otherwise stay on the parent's own key line
        value = getattr(value, name, None)
    else:
        return Located(value, file, line, ".".join(path.fields), exists, year)
    return Located(None, file, line, ".".join(path.fields), exists, year)


# The project evaluated within `reading` and what was read of it; None outside.
_READS: ContextVar[tuple[Project, dict] | None] = ContextVar("itagen_criteria_reads", default=None)


@contextmanager
def reading(project: Project) -> Iterator[None]:
    """Within it, what evaluating `project` reads (whether a file exists, the dates of a list) is
    read once: every catalog year asks again for the same files and scans the same lists (all the
    news, for each year's window). Never longer: serve's next build may see changed content."""
    token = _READS.set((project, {}))
    try:
        yield
    finally:
        _READS.reset(token)


def remembered(project: Project, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it gave for `key` earlier within `reading(project)`."""
    reads = _READS.get()
    if reads is None or reads[0] is not project:
        return compute()
    memo = reads[1]
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def matches(entry: Any, where: list[tuple[str, str]]) -> bool:
    """Whether a list entry satisfies every `field=value` filter."""
    for name, wanted in where:
        actual = getattr(entry, name, None)
        shown = str(actual).lower() if isinstance(actual, bool) else str(actual)
        if shown != wanted:
            return False
    return True


def parse_where(conditions: list[str]) -> list[tuple[str, str]]:
    """`["side=political", "level=head"]` → pairs; PathError on a malformed filter."""
    pairs = []
    for text in conditions:
        name, sep, value = str(text).partition("=")
        if not sep or not name.strip():
            raise PathError(f"เงื่อนไข '{text}' ต้องเขียนแบบ ฟิลด์=ค่า เช่น side=political",
                            f"filter '{text}' must look like field=value, e.g. side=political")
        pairs.append((name.strip(), value.strip()))
    return pairs
