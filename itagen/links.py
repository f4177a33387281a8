"""Route checks on the planned pages: two pages on one URL, and links inside the site to nowhere.

Both are content mistakes (a page file named like a section, a typo in `/contact/`), so they become
findings with file and line before anything is written; `check` can run them too.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Findings
from .model.walk import internal_urls
from .routes import PageSpec

STATIC_DIR = Path(__file__).parent / "static"


def route_findings(project, pages: list[PageSpec]) -> Findings:
    """Findings for URL collisions and broken links inside the site."""
    findings = Findings()
    _duplicate_urls(pages, findings)
    known = {page.url for page in pages}

    def all_lead(urls: tuple[str, ...]) -> bool:
        return all(_exists(project, url, known) for url in urls)

    for obj, name, url in internal_urls(project, all_lead=all_lead):
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
