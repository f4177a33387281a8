"""Checks on the built site: what an assessor sees, not just what the content says.

For each item: its page exists, is reachable from the home page within three clicks, shows the
item's code and title for the year (the `partials/ita_items.html` block), shows when it was last
updated, and every document the item relies on was copied into the site and is not empty.
"""
from __future__ import annotations

import functools
import html
import re
from collections import deque
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..errors import ERROR, WARNING, Findings
from ..model.project import Project
from . import rules
from .evaluate import CheckReport, ItemResult

MAX_CLICKS = 3
_HREF = re.compile(r"""href\s*=\s*["']([^"'#?]*)""", re.IGNORECASE)
_UPDATED = re.compile(r"ปรับปรุง(?:ข้อมูล)?ล่าสุด|dateModified|data-updated|class=\"[^\"]*updated",
                      re.IGNORECASE)
PARTIAL_MARK = 'class="ita-items'


def check_site(site: Path, project: Project, report: CheckReport) -> Findings:
    """Findings about the built site in `site` for every item of the report."""
    findings = Findings()
    depth = link_depths(site, _base_path(project))
    shown = _display(site, project)
    pages_without_partial: set[str] = set()
    for result in report.items:
        if result.status == "missing":
            continue  # the content findings already say what to add; the page cannot show it
        _check_item(site, shown, result, report.catalog.year, depth, findings,
                    pages_without_partial)
    if pages_without_partial:
        findings.add(shown("index.html"), 0, "partials/ita_items.html",
                     f"มี {len(pages_without_partial)} หน้าที่ไม่แสดงรายการข้อ ITA ที่หน้านั้นตอบ "
                     "(แม่แบบต้อง include partials/ita_items.html)",
                     f"{len(pages_without_partial)} page(s) do not show which ITA items they answer; "
                     "the base template must include partials/ita_items.html", WARNING)
    return findings


def _display(site: Path, project: Project):
    def shown(rel: str) -> str:
        path = site / rel
        if path.is_relative_to(project.root):
            return path.relative_to(project.root).as_posix()
        return path.as_posix()
    return shown


def _base_path(project: Project) -> str:
    website = project.agency.website if project.agency and project.agency.website else ""
    return urlsplit(website).path.rstrip("/") if website else ""


def page_file(url: str) -> str:
    """`/procurement/2568/` → procurement/2568/index.html."""
    rel = url.lstrip("/")
    return rel + "index.html" if not rel or rel.endswith("/") else rel


def _check_item(site: Path, shown, result: ItemResult, year: int, depth: dict[str, int],
                findings: Findings, no_partial: set[str]) -> None:
    item = result.item
    rel = page_file(result.url)
    path = site / rel
    where = shown(rel)
    if not path.is_file():
        findings.add(where, 0, item.code, f"ไม่พบหน้า {result.url} ของข้อ {item.code} ในเว็บไซต์ที่สร้าง",
                     f"the page {result.url} for {item.code} is not in the built site; "
                     "run itagen build", ERROR)
        return
    clicks = depth.get(rel)
    if clicks is None or clicks > MAX_CLICKS:
        findings.add(where, 0, item.code,
                     f"หน้า {result.url} ({item.code}) ต้องเข้าถึงได้จากหน้าแรกภายใน {MAX_CLICKS} คลิก",
                     f"{result.url} ({item.code}) must be reachable from the home page within "
                     f"{MAX_CLICKS} clicks" + ("" if clicks is None else f" (takes {clicks})"), ERROR)
    text = path.read_text(encoding="utf-8", errors="replace")
    _check_shows_item(text, where, item, year, findings, no_partial)
    if not _UPDATED.search(text):
        findings.add(where, 0, item.code, f"หน้า {result.url} ไม่แสดงวันที่ปรับปรุงข้อมูลล่าสุด",
                     f"{result.url} does not show when it was last updated", ERROR)
    _check_documents(site, shown, result, findings)


def _check_shows_item(text: str, where: str, item, year: int, findings: Findings,
                      no_partial: set[str]) -> None:
    if PARTIAL_MARK not in text:
        no_partial.add(where)
        return
    marker = f'data-ita="{year} {item.code}"'
    if marker not in text or html.escape(item.title, quote=False) not in text:
        findings.add(where, 0, item.code,
                     f"หน้านี้ไม่แสดงรหัสและชื่อข้อ ITA {year} {item.code} {item.title}",
                     f"the page does not show ITA {year} {item.code} and its title", ERROR)


def _check_documents(site: Path, shown, result: ItemResult, findings: Findings) -> None:
    for comp in result.components:
        if not (comp.applicable and comp.outcome and comp.outcome.ok):
            continue
        for ref in rules.attachments(comp.outcome.values):
            target = site / ref
            if not target.is_file() or target.stat().st_size == 0:
                findings.add(shown(ref), 0, result.item.code,
                             f"ไม่พบเอกสาร {ref} ในเว็บไซต์หรือไฟล์ว่างเปล่า ({result.item.code})",
                             f"document {ref} of {result.item.code} is missing or empty in the site",
                             ERROR)


def link_depths(site: Path, base_path: str = "") -> dict[str, int]:
    """Clicks from index.html to every page reachable within MAX_CLICKS (breadth first)."""
    depths = {"index.html": 0}
    queue = deque(["index.html"])
    while queue:
        rel = queue.popleft()
        if depths[rel] >= MAX_CLICKS:
            continue
        path = site / rel
        if not path.is_file() or not rel.endswith(".html"):
            continue
        for href in _HREF.findall(path.read_text(encoding="utf-8", errors="replace")):
            target = _target(rel, href, base_path)
            if target and target not in depths:
                depths[target] = depths[rel] + 1
                queue.append(target)
    return depths


def _target(current: str, href: str, base_path: str) -> str | None:
    """The site file a link points at, or None for links that leave the site."""
    if href.startswith("/") and not href.startswith("//"):
        return _absolute_target(href, base_path)  # almost every link: no need of `current`
    return _resolve_target(current, href, base_path)


@functools.lru_cache(maxsize=4096)
def _absolute_target(href: str, base_path: str) -> str | None:
    return _resolve_target("index.html", href, base_path)


def _resolve_target(current: str, href: str, base_path: str) -> str | None:
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None  # external (the agency's own absolute URLs are rare in generated pages)
    url = unquote(parts.path)
    if base_path and url.startswith(base_path + "/"):
        url = url[len(base_path):]
    if not url.startswith("/"):
        url = str(PurePosixPath("/" + current).parent / url)
        if href.endswith("/") and not url.endswith("/"):
            url += "/"
    normal = PurePosixPath(url)
    if ".." in normal.parts:
        resolved = []
        for part in normal.parts[1:]:
            if part == "..":
                resolved = resolved[:-1]
            elif part != ".":
                resolved.append(part)
        url = "/" + "/".join(resolved) + ("/" if url.endswith("/") else "")
    return page_file(url)
