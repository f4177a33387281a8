"""The one place where Markdown becomes HTML.

The dialect is CommonMark with GitHub's tables and strikethrough, what staff see in the GitHub or
GitLab preview of the file they edit. The parser is markdown-it.rs (`markdown-it-pyrs`): about
18 times faster than Python-Markdown on our news posts (bench/README.md), which was half of a
build's work. Its output is regular, so the few changes we need are made on it with patterns:

- raw HTML is escaped (shown as text) unless the project allows it; then it is sanitized with nh3;
- heading ids keep Thai letters (made unique in the page as Python-Markdown's toc did: x, x_1);
- links to other sites get rel="noopener noreferrer", and links or images with a scheme other
  than web, mail and phone lose their address;
- table alignment becomes classes (the CSP forbids style="…") and each table gets a labelled
  scroll box for phones.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it_pyrs import MarkdownIt
from markupsafe import Markup

from .model.values import SAFE_SCHEMES
from .thai import thai_slug

_ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div",
                 "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p",
                 "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
                 "tfoot", "th", "thead", "tr", "u", "ul"}

# CommonMark's block and inline rules, GitHub's tables and strikethrough; no typographic
# replacements, no linkify (a bare address stays text, as Python-Markdown left it).
_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
          "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image", "link",
          "newline", "table", "strikethrough"]
_HTML_RULES = ["html_block", "html_inline"]


@lru_cache(maxsize=None)
def _parser(allow_html: bool) -> MarkdownIt:
    # Without the two HTML rules, markdown-it escapes raw HTML, so it shows as text.
    return MarkdownIt("zero").enable_many(_RULES + (_HTML_RULES if allow_html else []))


_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


_DROPPED = dict.fromkeys([*range(0x21), 0x7F])  # spaces and control characters


def _browser_view(url: str) -> str:
    """The URL as a browser reads it: entities decoded, spaces and control characters dropped."""
    return html.unescape(url).translate(_DROPPED).replace("\\", "/")


def _is_unsafe(view: str) -> bool:
    """javascript:, data:, vbscript: and every other scheme but web, mail and phone links, in a
    URL as `_browser_view` gives it."""
    match = _SCHEME.match(view)
    return bool(match) and match.group(1).lower() not in SAFE_SCHEMES


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


_TAG_RE = re.compile(r"<[^>]*>")


def _text_of(fragment: str) -> str:
    """The text of an HTML fragment the renderer wrote: tags dropped, entities decoded."""
    return html.unescape(_TAG_RE.sub("", fragment) if "<" in fragment else fragment)


# --------------------------------------------------------------------------- the fixes
# Each pattern matches the renderer's own markup: with raw HTML off, every "<" in its output is
# one it wrote, and attribute values come escaped (no raw quote or ">" inside them).

_LINK_RE = re.compile(r'<(a|img) (href|src)="([^"]*)"')


def _fix_link(match: re.Match) -> str:
    tag, attr, url = match.groups()
    view = _browser_view(url)
    if _is_unsafe(view):
        return f"<{tag}"
    if tag == "a" and view.lower().startswith(("http:", "https:", "//")):
        return f'<a href="{url}" rel="noopener noreferrer"'
    return match.group(0)


_ALIGNS = [(f' style="text-align:{side}">', f' class="align-{side}">')
           for side in ("left", "right", "center")]
_TH_RE = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)


def _wrap_tables(rendered: str) -> str:
    """Each table in a scroll box, a landmark named by its column headings (it needs a name)."""
    out, at = [], 0
    while (start := rendered.find("<table>", at)) >= 0:
        if (close := rendered.find("</table>", start)) < 0:
            break  # only raw HTML (allowed, then sanitized) can leave a table open
        end = close + len("</table>")
        table = rendered[start:end]
        # no heading cell ends after the last "</th>": the rows below are not scanned
        heads = [" ".join(_text_of(cell).split())
                 for cell in _TH_RE.findall(table, 0, table.rfind("</th>") + 5)]
        label = ("ตาราง " + ", ".join(h for h in heads if h)[:80] if any(heads) else "ตาราง").strip()
        out += [rendered[at:start], '<div class="table-wrap" role="region" tabindex="0" '
                f'aria-label="{_attr(label)}">', table, "</div>"]
        at = end
    return "".join(out) + rendered[at:] if out else rendered


_COUNTED_RE = re.compile(r"^(.*)_([0-9]+)$")


def _unique(slug: str, taken: set[str]) -> str:
    """x, then x_1, x_2…: the ids Python-Markdown's toc gave, so old anchors keep working."""
    while slug in taken:
        counted = _COUNTED_RE.match(slug)
        slug = f"{counted.group(1)}_{int(counted.group(2)) + 1}" if counted else f"{slug}_1"
    taken.add(slug)
    return slug


def _add_heading_ids(rendered: str) -> str:
    """An id on each `<hN>…</hN>` (as the pattern `<h([1-6])>(.*?)</h\\1>` would find them,
    but by plain searches: the pattern took a quarter more time)."""
    out, taken, at, look = [], set(), 0, 0
    while (start := rendered.find("<h", look)) >= 0:
        level = rendered[start + 2:start + 4]
        close = rendered.find(f"</h{level[0]}>", start + 4) \
            if len(level) == 2 and level[0] in "123456" and level[1] == ">" else -1
        if close < 0:
            look = start + 1
            continue
        inner = rendered[start + 4:close]
        slug = _unique(thai_slug(_text_of(inner)), taken)
        out += [rendered[at:start], f'<h{level[0]} id="{_attr(slug)}">{inner}</h{level[0]}>']
        at = look = close + 5
    return "".join(out) + rendered[at:] if out else rendered


_VOID_RE = re.compile(r"<(img|br|hr)\b([^>]*?) ?/>")


def _fix(rendered: str) -> str:
    # Each change is made only where a plain search finds its mark: a pattern scanning a post
    # that has none of it cost as much as one that changes something.
    if "<a " in rendered or "<img " in rendered:
        rendered = _LINK_RE.sub(_fix_link, rendered)
    if ' style="text-align:' in rendered:
        for style, align_class in _ALIGNS:  # plain replace: a regex cost as much as parsing
            rendered = rendered.replace(style, align_class)
    rendered = _wrap_tables(rendered)
    if "<h" in rendered:
        rendered = _add_heading_ids(rendered)
    if "/>" in rendered:
        rendered = _VOID_RE.sub(r"<\1\2>", rendered)  # HTML, not XHTML: <br>, not <br />
    return rendered.rstrip("\n")


def render_markdown(text: str, allow_html: bool = False) -> Markup:
    """Markdown to safe HTML. Not cached: converting is cheaper than a cache lookup from disk."""
    return Markup(_convert(text or "", allow_html))


def _convert(text: str, allow_html: bool) -> str:
    html = _fix(_parser(allow_html).render(text))
    if allow_html:
        import nh3  # only projects that allow raw HTML pay for the sanitizer

        html = nh3.clean(html, tags=_ALLOWED_TAGS, link_rel="noopener noreferrer",
                         url_schemes=SAFE_SCHEMES)
    return html
