"""Turn YAML nodes into typed model objects, collecting findings instead of raising.

Models are plain dataclasses whose fields are declared with `f(doc, ...)`. The converter walks the
YAML node tree and the dataclass type hints side by side, so every value is checked against its
declared type and every message can name the file, line and key it is about.
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import yaml

from ..errors import WARNING, Findings
from ..thai import ThaiValueError, parse_amount, parse_date, parse_fiscal_year, to_arabic_digits
from ..yamlload import line_of
from . import values
from .values import FileRef, FiscalYear, Markdown, Month, QuestionCode, Url

INVALID = object()  # a value that produced a finding; the field keeps its default


def f(doc: str, default: Any = None, *, required: bool = False, factory=None):
    """Declare a model field with its one-line documentation (Thai / English)."""
    meta = {"doc": doc, "required": required}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def model(cls: type) -> type:
    """`@dataclass` for a content model: its equality and repr are Model's, and its `__init__`,
    the one a dataclass has, is made when the class is first called (`_made_init`).

    Generating the three for each of 72 classes cost about 17 ms of CPU at the start of every
    command that loads content (importing the models, median of six: 117 → 100 ms), and the
    `__init__`s another 9-10 ms: a warm build or a check makes most objects from the content
    cache, which calls no `__init__`, and the classes it does call cost their own only."""
    cls = dataclass(cls, init=False, repr=False, eq=False)

    def __init__(self, *args, **kwargs):
        if cls.__dict__.get("__init__") is __init__:
            cls.__init__ = _made_init(cls)
        cls.__init__(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = __init__
    return cls


def _made_init(cls: type):
    """The `__init__` @dataclass would have made: each field a parameter, in order, with its
    default or default factory, assigned to the instance."""
    names, params, lines = {"MISSING": dataclasses.MISSING}, [], []
    for number, fl in enumerate(dataclasses.fields(cls)):
        if fl.default is not dataclasses.MISSING:
            names[f"default_{number}"] = fl.default
            params.append(f"{fl.name}=default_{number}")
        elif fl.default_factory is not dataclasses.MISSING:
            names[f"factory_{number}"] = fl.default_factory
            params.append(f"{fl.name}=MISSING")
            lines.append(f"    if {fl.name} is MISSING: {fl.name} = factory_{number}()")
        else:
            params.append(fl.name)
        lines.append(f"    self.{fl.name} = {fl.name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines or ["    pass"])
    exec(source, names)  # noqa: S102 (our own field names, checked by @dataclass)
    made = names["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


@functools.lru_cache(maxsize=None)
def _compared(cls: type) -> tuple[str, ...]:
    return tuple(fl.name for fl in dataclasses.fields(cls) if fl.compare)


class Model:
    """Base of every content model: remembers where each of its values came from.

    Equal when of the same class with equal fields, as a dataclass's generated `__eq__` would
    say (and unhashable, as it would be)."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _compared(type(self))  # compared as tuples, as dataclasses do (`is` first)
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __repr__(self) -> str:
        shown = ", ".join(f"{fl.name}={getattr(self, fl.name)!r}"
                          for fl in dataclasses.fields(self) if fl.repr)
        return f"{type(self).__qualname__}({shown})"

    _file: str = ""
    _line: int = 0
    _lines: dict[str, int] = {}
    # A digest of what loading its file gave, pickled (set by the loader, which changes nothing
    # after pickling): the page cache lets it stand for the object instead of pickling it again.
    _digest: bytes | None = None
    # The links inside the site it holds (model/walk.py), noted by the loader for a file's object.
    _links: tuple[str, ...] | None = None

    def line_of(self, name: str) -> int:
        """Line of field `name` in its file, or of the object itself when not given."""
        return self._lines.get(name, self._line)

    def check(self, ctx: "Ctx") -> None:
        """Cross-field rules; models override this. Called after all fields are converted."""


@dataclass
class Ctx:
    """What a conversion needs to know: where it is and where findings go."""

    rel: str
    findings: Findings
    content_dir: Path
    files: set[str] = dataclasses.field(default_factory=set)  # attachments referenced

    def error(self, node, key: str, th: str, en: str) -> object:
        self.findings.add(self.rel, line_of(node), key, th, en)
        return INVALID

    def warn(self, line: int, key: str, th: str, en: str) -> None:
        self.findings.add(self.rel, line, key, th, en, WARNING)


def convert(node: yaml.Node | None, tp: Any, ctx: Ctx, key: str) -> Any:
    """Convert `node` to type `tp`; on bad input record a finding and return INVALID."""
    kind, arg = value_kind(tp)
    if node is None or _is_null(node):
        return [] if kind == "list" else None
    if kind == "list":
        return _convert_list(node, arg, ctx, key)
    if kind == "choice":
        return _convert_choice(node, arg, ctx, key)
    if kind == "model":
        return convert_model(node, arg, ctx, key)
    if not isinstance(node, yaml.ScalarNode):
        return ctx.error(node, key, "ต้องเป็นค่าเดี่ยว ไม่ใช่รายการหรือกลุ่มข้อมูล",
                         "expected a single value, not a list or mapping")
    return _convert_scalar(node, arg, ctx, key)


@functools.lru_cache(maxsize=None)
def value_kind(tp: Any) -> tuple[str, Any]:
    """How values of a field type are converted, worked out once per type (typing is slow):
    ("list", item type), ("choice", choices), ("model", class) or ("scalar", type)."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):  # Optional[X]: null is handled before, so X
        return value_kind(next(a for a in get_args(tp) if a is not type(None)))
    if origin is list:
        return "list", get_args(tp)[0]
    if origin is Literal:
        return "choice", get_args(tp)
    if dataclasses.is_dataclass(tp):
        return "model", tp
    return "scalar", tp


def convert_model(node: yaml.Node, cls: type, ctx: Ctx, key: str) -> Any:
    """Build a dataclass from a mapping node, reporting unknown, missing and bad keys."""
    if not isinstance(node, yaml.MappingNode):
        return ctx.error(node, key, "ต้องเป็นกลุ่มข้อมูลแบบ คีย์: ค่า",
                         "expected a mapping of key: value pairs")
    fields, hints = _fields(cls), _hints(cls)
    kwargs: dict[str, Any] = {}
    lines: dict[str, int] = {}
    invalid: set[str] = set()  # already reported; "must not be empty" would only repeat it
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            ctx.error(key_node, key, "ชื่อคีย์ต้องเป็นข้อความธรรมดา", "a key must be plain text")
            continue
        name = str(key_node.value)
        path = f"{key}.{name}" if key else name
        if name not in fields:
            invalid.add(_unknown_key(key_node, name, path, fields, ctx))
            continue
        lines[name] = line_of(key_node)
        value = convert(value_node, hints[name], ctx, path)
        if value is INVALID:
            invalid.add(name)
        elif value is not None:
            kwargs[name] = value
    obj = cls(**kwargs)
    obj._file, obj._line, obj._lines = ctx.rel, line_of(node), lines
    _check_required(obj, node, {k: v for k, v in fields.items() if k not in invalid}, ctx, key)
    obj.check(ctx)
    return obj


def _check_required(obj, node, fields, ctx: Ctx, key: str) -> None:
    for name, fl in fields.items():
        if fl.metadata.get("required") and _is_empty(getattr(obj, name)):
            path = f"{key}.{name}" if key else name
            if name in obj._lines:
                ctx.findings.add(ctx.rel, obj._lines[name], path, "ค่านี้ต้องไม่ว่าง",
                                 "this value must not be empty")
            else:
                ctx.findings.add(ctx.rel, line_of(node), path,
                                 f"ขาดคีย์ '{name}' ที่ต้องมี ({fl.metadata['doc']})",
                                 f"missing required key '{name}'")


def _unknown_key(key_node, name: str, path: str, fields: dict, ctx: Ctx) -> str:
    """Report the key; return the field it was probably meant as ("" if none), already reported."""
    close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
    hint_th = f" หมายถึง '{close[0]}' หรือไม่" if close else ""
    hint_en = f"; did you mean '{close[0]}'?" if close else ""
    ctx.error(key_node, path, f"ไม่รู้จักคีย์ '{name}'{hint_th}", f"unknown key '{name}'{hint_en}")
    return close[0] if close else ""


def _convert_list(node, item_tp, ctx: Ctx, key: str) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        return ctx.error(node, key, "ต้องเป็นรายการ (ขึ้นต้นแต่ละรายการด้วย - )",
                         "expected a list (start each entry with '- ')")
    items = [convert(child, item_tp, ctx, f"{key}[{i}]") for i, child in enumerate(node.value)]
    kept = [item for item in items if item is not INVALID and item is not None]
    # Every entry already has a finding; "must not be empty" on top would only repeat it.
    return INVALID if not kept and any(item is INVALID for item in items) else kept


def _convert_choice(node, choices: tuple, ctx: Ctx, key: str) -> Any:
    raw = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else None
    if raw in choices:
        return raw
    listed = ", ".join(map(str, choices))
    close = difflib.get_close_matches(raw or "", [str(c) for c in choices], n=1)
    hint = f" หมายถึง '{close[0]}' หรือไม่" if close else ""
    return ctx.error(node, key, f"ค่า '{raw}' ไม่อยู่ในตัวเลือก: {listed}{hint}",
                     f"'{raw}' is not one of: {listed}")


def _convert_scalar(node: yaml.ScalarNode, tp: Any, ctx: Ctx, key: str) -> Any:
    raw = str(node.value)
    converter = _SCALARS.get(tp)
    if converter is None:  # pragma: no cover - a programming error in a model, not user input
        raise TypeError(f"no converter for {tp!r} at {key}")
    try:
        return converter(raw.strip(), node, ctx)
    except ThaiValueError as exc:
        return ctx.error(node, key, exc.th, exc.en)


def _as_str(raw: str, node, ctx: Ctx) -> str:
    return raw


MAX_DIGITS = 15  # a count or an amount with more digits is a typo (the national budget has 13)


def _as_int(raw: str, node, ctx: Ctx) -> int:
    text = to_arabic_digits(raw).replace(",", "")
    if not re.fullmatch(r"-?[0-9]+", text):
        raise ThaiValueError("ต้องเป็นจำนวนเต็ม", f"expected a whole number, got '{raw[:40]}'")
    if len(text.lstrip("-0")) > MAX_DIGITS:
        raise ThaiValueError("ตัวเลขยาวเกินไป", f"number has too many digits: '{raw[:40]}…'")
    return int(text)


def _as_amount(raw: str, node, ctx: Ctx) -> Decimal:
    value = parse_amount(raw)
    if value.adjusted() >= MAX_DIGITS:
        raise ThaiValueError("จำนวนเงินมากเกินไป ตรวจสอบจำนวนหลัก",
                             f"amount is too large; check the digits: '{raw[:40]}'")
    return value


def _as_bool(raw: str, node, ctx: Ctx) -> bool:
    if node.tag != "tag:yaml.org,2002:bool":
        raise ThaiValueError("ต้องเป็น true หรือ false", f"expected true or false, got '{raw}'")
    return raw.lower() in ("true", "yes", "on")


_SCALARS = {
    str: _as_str,
    Markdown: lambda raw, node, ctx: Markdown(raw),
    int: _as_int,
    bool: _as_bool,
    Decimal: _as_amount,
    date: lambda raw, node, ctx: parse_date(raw),
    FiscalYear: lambda raw, node, ctx: FiscalYear(parse_fiscal_year(raw)),
    Month: lambda raw, node, ctx: values.parse_month(raw),
    QuestionCode: lambda raw, node, ctx: values.parse_question_code(raw),
    Url: lambda raw, node, ctx: values.parse_url(raw),
    FileRef: lambda raw, node, ctx: values.parse_file_ref(raw, ctx.content_dir, ctx.files),
}


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list)) and not value)


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> dict[str, dataclasses.Field]:
    """A model's public fields by name (the ones YAML may set)."""
    return {fl.name: fl for fl in dataclasses.fields(cls) if not fl.name.startswith("_")}


def field_types(cls: type) -> dict[str, Any]:
    """A model's fields and their resolved types (cached)."""
    return _hints(cls)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of a model, cached: `get_type_hints` is slow and models never change."""
    if cls not in _HINTS:
        # Empty locals: a field named `date` must not hide the `date` type in its own annotation.
        _HINTS[cls] = typing.get_type_hints(cls, None, {})
    return _HINTS[cls]
