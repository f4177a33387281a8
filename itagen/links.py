"""Route checks on the planned pages: two pages on one URL, and links inside the site to nowhere.

Both are content mistakes (a page file named like a section, a typo in `/contact/`), so they become
findings with file and line before anything is written; `check` can run them too.
"""
from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Findings
from .model.schema import Model, field_types, value_kind
from .model.values import Url
from .routes import PageSpec

STATIC_DIR = Path(__file__).parent / "static"


def route_findings(project, pages: list[PageSpec]) -> Findings:
    """Findings for URL collisions and broken links inside the site."""
    findings = Findings()
    _duplicate_urls(pages, findings)
    known = {page.url for page in pages}
    for obj, name, url in _internal_urls(project):
        if not _exists(project, url, known):
            findings.add(obj._file, obj.line_of(name), name,
                         f"ไม่พบหน้าหรือไฟล์ {url} ในเว็บไซต์",
                         f"link to a page or file that does not exist in the site: {url}")
    return findings


def _duplicate_urls(pages: list[PageSpec], findings: Findings) -> None:
    """A page file's name becomes its URL, so `pages/news.md` would overwrite the news list."""
    by_url: dict[str, list[PageSpec]] = defaultdict(list)
    for page in pages:
        by_url[page.url].append(page)
    for url, same in by_url.items():
        if len(same) < 2:
            continue
        blamed = [p for p in same if getattr(p.source, "slug", "")] or same[1:]
        for page in blamed:
            other = next(p for p in same if p is not page)
            source = page.source
            findings.add(getattr(source, "_file", "") or url, getattr(source, "_line", 0), "",
                         f"ที่อยู่ {url} ซ้ำกับหน้า '{other.title}' ให้เปลี่ยนชื่อไฟล์",
                         f"URL {url} is already used by the page '{other.title}'; rename the file")


def _internal_urls(value, owner=None, name=""):
    """(model, field name, url) for every link that starts with '/' anywhere in the project."""
    if isinstance(value, Url):
        if value.startswith("/") and owner is not None:
            yield owner, name, value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _internal_urls(item, owner, name)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _internal_urls(item, owner, name)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        model = value if isinstance(value, Model) else owner
        for field_name in _fields_to_walk(type(value)):
            yield from _internal_urls(getattr(value, field_name), model, field_name)


# Field types that can never hold a Url: walking them (every title, date and news body of a big
# project) was most of this check's time.
_LEAF_TYPES = (str, int, float, bool, Decimal, date, Path)


@functools.lru_cache(maxsize=None)
def _fields_to_walk(cls: type) -> tuple[str, ...]:
    """The fields of a model that may hold a Url, directly or inside: all but plain values."""
    hints = field_types(cls)
    return tuple(fl.name for fl in dataclasses.fields(cls)
                 if not fl.name.startswith("_") and fl.name not in ("root", "config")
                 and not _is_leaf(hints.get(fl.name)))


def _is_leaf(tp) -> bool:
    kind, arg = value_kind(tp)  # Optional[X] is X; a missing hint (None) is walked
    return kind == "choice" or (kind == "scalar" and isinstance(arg, type)
                                and issubclass(arg, _LEAF_TYPES) and not issubclass(arg, Url))


def _exists(project, url: str, known: set[str]) -> bool:
    path = unquote(urlsplit(url).path) or "/"
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if path in known or path.rstrip("/") + "/" in known:
        return True
    rel = path.lstrip("/")
    if rel in project.attachments:
        return True
    if rel.startswith("assets/"):
        asset = rel[len("assets/"):]
        return any((base / asset).is_file() for base in (project.root / "static", STATIC_DIR))
    return False
