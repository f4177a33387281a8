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
        box = Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0",
                              "aria-label": "ตาราง"})
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


@lru_cache(maxsize=8192)
def render_markdown(text: str, allow_html: bool = False) -> Markup:
    """Markdown to safe HTML; pure, so results are cached by text."""
    converter = _converters(allow_html)
    html = converter.reset().convert(text or "")
    if allow_html:
        import nh3  # only projects that allow raw HTML pay for the sanitizer

        html = nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener noreferrer",
                         url_schemes=SAFE_SCHEMES)
    return Markup(html)
