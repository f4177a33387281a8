"""The one place where Markdown becomes HTML.

Raw HTML in Markdown is escaped unless the project allows it, and then it is sanitized with nh3.
Heading ids keep Thai letters (Python-Markdown's default slug drops them), and links to other sites
get rel="noopener noreferrer".
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown as md
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .model.values import SAFE_SCHEMES
from .thai import thai_slug

_ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div",
                 "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p",
                 "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
                 "tfoot", "th", "thead", "tr", "u", "ul"}


_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def _browser_view(url: str) -> str:
    """The URL as a browser reads it: entities decoded, spaces and control characters dropped."""
    return re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url)).replace("\\", "/")


def _is_unsafe(url: str) -> bool:
    """javascript:, data:, vbscript: and every other scheme but web, mail and phone links."""
    match = _SCHEME.match(_browser_view(url))
    return bool(match) and match.group(1).lower() not in SAFE_SCHEMES


class _ExternalLinks(Treeprocessor):
    """Links to other hosts must not hand them our page (whistleblowers read these pages), and
    Markdown links must not run script: Python-Markdown passes `[x](javascript:…)` through."""

    def run(self, root: Element) -> None:
        for element, attr in [(e, "href") for e in root.iter("a")] + \
                [(e, "src") for e in root.iter("img")]:
            if _is_unsafe(element.get(attr, "")):
                del element.attrib[attr]
        for link in root.iter("a"):
            if _browser_view(link.get("href", "")).lower().startswith(("http:", "https:", "//")):
                link.set("rel", "noopener noreferrer")


class _Tables(Treeprocessor):
    """Alignment as classes (the CSP forbids style="…") and a scroll box for phones."""

    def run(self, root: Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    self._restyle(child)
                    parent[index] = self._wrap(child)

    @staticmethod
    def _restyle(table: Element) -> None:
        for cell in table.iter():
            style = cell.attrib.pop("style", "")  # Python-Markdown writes "text-align: right;"
            align = style.replace("text-align:", "").strip(" ;")
            if align in ("left", "right", "center"):
                cell.set("class", f"align-{align}")

    @staticmethod
    def _wrap(table: Element) -> Element:
        # Each scroll box is a landmark, so it needs a name of its own: its column headings.
        heads = [" ".join("".join(th.itertext()).split()) for th in table.iter("th")]
        label = "ตาราง " + ", ".join(h for h in heads if h)[:80] if any(heads) else "ตาราง"
        box = Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0",
                              "aria-label": label.strip()})
        box.append(table)
        return box


class _ExternalLinksExtension(Extension):
    def extendMarkdown(self, md_instance) -> None:  # noqa: N802 - Python-Markdown's API name
        md_instance.treeprocessors.register(_ExternalLinks(md_instance), "itagen_links", 5)
        md_instance.treeprocessors.register(_Tables(md_instance), "itagen_tables", 4)


def _slugify(value: str, separator: str) -> str:
    return thai_slug(value)


def _converter(allow_html: bool) -> md.Markdown:
    converter = md.Markdown(
        extensions=["tables", "sane_lists", "toc", _ExternalLinksExtension()],
        extension_configs={"toc": {"slugify": _slugify}},
        output_format="html",
    )
    if not allow_html:
        # Without these two, raw HTML passes through untouched; removed, it is shown as text.
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
    return converter


@lru_cache(maxsize=None)
def _converters(allow_html: bool) -> md.Markdown:
    return _converter(allow_html)


# Rendered HTML by input ("0"/"1" for allow_html, then the text): a pure function's memo, filled
# from the disk cache at the start of a build; `_used` is what this build needed, to be saved.
_memo: dict[str, str] = {}
_used: dict[str, str] = {}


def start_build(cached: dict[str, str]) -> None:
    """Begin a build with the disk cache's entries; keep what the last build in this process made."""
    global _memo, _used
    _memo = {**cached, **_used}
    _used = {}


def used_entries() -> dict[str, str]:
    """Every conversion this build used, to be written to the disk cache."""
    return dict(_used)


def used_entries_merge(entries: dict[str, str]) -> None:
    """Take over what a render worker used, so the parent saves it to the disk cache."""
    _used.update(entries)


def render_markdown(text: str, allow_html: bool = False) -> Markup:
    """Markdown to safe HTML; pure, so each distinct input is converted once."""
    key = ("1" if allow_html else "0") + (text or "")
    html = _memo.get(key)
    if html is None:
        html = _memo[key] = _convert(text or "", allow_html)
    _used[key] = html
    return Markup(html)


def _convert(text: str, allow_html: bool) -> str:
    html = _converters(allow_html).reset().convert(text)
    if allow_html:
        import nh3  # only projects that allow raw HTML pay for the sanitizer

        html = nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener noreferrer",
                         url_schemes=SAFE_SCHEMES)
    return html
