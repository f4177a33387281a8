"""Search stage: index the built pages with Pagefind, adding Thai words it would miss.

Pagefind (https://pagefind.app) writes a static index into `site/pagefind/` that the browser
searches with WebAssembly, offline and from the site's own host. Its extended build segments Thai,
but it keeps many compounds whole or cuts them wrongly, so ตำบล inside องค์การบริหารส่วนตำบล or
จัดจ้าง inside การจัดซื้อจัดจ้าง are not found (docs/search.md has the measurements). So each page
is indexed from a staged copy that carries, after its content, the page's pythainlp words and
the dictionary words inside every compound, separated by spaces. The site's own HTML is untouched.

The indexer is found in this order: $ITAGEN_PAGEFIND, the project's npm `node_modules/.bin/pagefind`
(npm `pagefind` 1.6 ships the extended build), PyPI's `pagefind_bin_extended`, then `pagefind_bin`.
Without any, the build still succeeds with a warning and the search page says that search is
unavailable.
"""
from __future__ import annotations

import functools
import importlib
import os
import hashlib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from . import thai
from .errors import WARNING, BuildError, Findings
from .parallel import dying_with_this_process, fork_map, worker_count
from .routes import PageSpec

SEARCH_URL = "/search/"
BUNDLE_DIR = "pagefind"               # site/pagefind/: Pagefind's index and its pagefind.js
MARKER = "itagen-search-terms"        # starts the added words; search.js cuts excerpts there
MIN_COMPOUND = 5                      # shorter words are not split: หนอง stays, not หน + อง
MIN_PART = 2                          # a sub-word shorter than this is noise (ก, ๆ)
PAGES_PER_WORKER = 50                 # segmenting a page costs a few renders' time
EXCLUDE = "nav"                       # breadcrumb and year switch inside <main>: on every page


@dataclass(frozen=True)
class Indexer:
    """A Pagefind executable and where it came from, for messages and docs/search.md."""

    command: tuple[str, ...]
    origin: str


# --------------------------------------------------------------------------- finding the tool

def find_indexer(project_root: Path) -> Indexer | None:
    """The Pagefind to run: $ITAGEN_PAGEFIND, npm's in the project, PyPI's, or None.

    The order follows measured recall on Thai text (docs/search.md): npm's 1.6 extended build
    finds the most even without itagen's added words; PyPI's builds need them.
    """
    explicit = os.environ.get("ITAGEN_PAGEFIND")
    if explicit:  # made absolute: Pagefind runs in another working folder
        return Indexer((os.path.abspath(shutil.which(explicit) or explicit),), "ITAGEN_PAGEFIND")
    npm_bin = project_root / "node_modules" / ".bin" / "pagefind"
    if npm_bin.is_file() and shutil.which("node"):  # the npm launcher is a Node script
        return Indexer((str(npm_bin),), "npm")
    for module in ("pagefind_bin_extended", "pagefind_bin"):  # pip install 'pagefind[extended]'
        binary = _pypi_binary(module)
        if binary:
            return Indexer((binary,), f"pypi:{module}")
    return None


def _pypi_binary(module: str) -> str | None:
    try:
        return str(importlib.import_module(module).get_executable())
    except (ImportError, FileNotFoundError):
        return None


# --------------------------------------------------------------------------- Thai terms

_MAIN_RE = re.compile(r"<main\b[^>]*>(.*)</main>", re.S | re.I)
# Left out of the index as of the text: scripts, styles, comments and the <nav>s inside <main>
# (breadcrumb, year switch), which repeat on every page. Mirrors --exclude-selectors below.
_DROP_RE = re.compile(r"<!--.*?-->|<(script|style|template|noscript|nav)\b.*?</\1\s*>",
                      re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>")


def main_text(page: str) -> list[str]:
    """The text pieces inside the page's <main>, as Pagefind indexes it (--root-selector main)."""
    found = _MAIN_RE.search(page)
    if not found:
        return []
    body = _DROP_RE.sub(" ", found.group(1))
    return [unescape(piece) for piece in _TAG_RE.split(body) if piece.strip()]


def _is_thai(word: str) -> bool:
    return any("\u0e01" <= ch <= "\u0e5b" for ch in word)


@functools.lru_cache(maxsize=1)
def _dictionary():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


@functools.lru_cache(maxsize=65536)
def sub_words(word: str) -> tuple[str, ...]:
    """Dictionary words inside a compound, recursively: องค์การบริหารส่วนตำบล → … ส่วน, ตำบล."""
    if len(word) < MIN_COMPOUND or not _is_thai(word):
        return ()
    from pythainlp.tokenize import word_tokenize

    trie = _dictionary()
    known = word in trie
    if known:
        trie.remove(word)  # without itself, the dictionary has to split the word
    try:
        parts = word_tokenize(word, custom_dict=trie, engine="newmm", keep_whitespace=False)
    finally:
        if known:
            trie.add(word)
    if len(parts) < 2 or not all(p in trie for p in parts):
        return ()  # not a compound of known words: a name, a typo, a loan word
    found: list[str] = []
    for part in parts:
        found += [part] if len(part) >= MIN_PART else []
        found += sub_words(part)
    return tuple(dict.fromkeys(found))


def search_terms(texts: list[str]) -> list[str]:
    """Thai words of the texts and the words inside their compounds, each once, in order."""
    terms: dict[str, None] = {}
    for text in texts:
        if not _is_thai(text):
            continue
        for word in thai.words(text):
            if _is_thai(word):
                terms[word] = None
                terms.update(dict.fromkeys(sub_words(word)))
    return list(terms)


# --------------------------------------------------------------------------- indexing

def indexed_urls(pages: list[PageSpec]) -> list[str]:
    """The pages worth finding: HTML pages of the sitemap, but not the search page itself."""
    return [p.url for p in pages if p.in_sitemap and p.url != SEARCH_URL
            and (p.url.endswith("/") or p.url.endswith(".html"))]


def index_site(project_root: Path, site: Path, pages: list[PageSpec],
               findings: Findings, known_terms: dict[str, str] | None = None) -> str | None:
    """Index the site's pages into site/pagefind/; return where the indexer came from.

    With no Pagefind installed, add a warning and return None: the site is complete without
    the index, and its search page tells the reader that search is unavailable.
    """
    indexer = find_indexer(project_root)
    if indexer is None:
        findings.add("pagefind", 0, "search",
                     "ไม่พบโปรแกรม Pagefind จึงไม่ได้สร้างดัชนีค้นหา หน้า /search/ จะแจ้งว่าใช้ค้นหาไม่ได้ "
                     "ติดตั้งด้วย npm install pagefind หรือ pip install 'pagefind[extended]'",
                     "Pagefind not found, so no search index was built and /search/ says search "
                     "is unavailable; install it with `npm install pagefind` or "
                     "`pip install 'pagefind[extended]'`", WARNING)
        return None
    with tempfile.TemporaryDirectory(prefix="itagen-search-") as staging:
        stage_pages(site, indexed_urls(pages), Path(staging), known_terms)
        run_pagefind(indexer, Path(staging), site / BUNDLE_DIR)
    return indexer.origin


def page_file(url: str) -> str:
    """The file a page URL is written to: /news/x/ → news/x/index.html."""
    rel = url.lstrip("/")
    return rel + "index.html" if not rel or rel.endswith("/") else rel


def stage_pages(site: Path, urls: list[str], staging: Path,
                known: dict[str, str] | None = None) -> None:
    """Copy each page into `staging` with its search terms added at the end of <main>.

    Segmentation is the costly part, so terms are looked up in `known` (the disk cache, by a
    digest of the page's text) and only the pages whose text changed are segmented, on all cores.
    `known` is left holding exactly the entries this build used, for the disk cache to keep.
    """
    known = {} if known is None else known
    pages = {url: (site / page_file(url)).read_text(encoding="utf-8") for url in urls}
    texts = {url: main_text(html) for url, html in pages.items()}
    digests = {url: text_digest(text) for url, text in texts.items()}
    missing = {digests[url]: texts[url] for url in sorted(urls) if digests[url] not in known}
    known.update(_terms_of(missing))
    for url in sorted(urls):  # sorted input: one order, whatever the file system's
        target = staging / page_file(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(add_terms(pages[url], known[digests[url]]), encoding="utf-8")
    used = {digest: known[digest] for digest in digests.values()}
    known.clear()
    known.update(used)


def text_digest(texts: list[str]) -> str:
    """Key of a page's indexed text in the disk cache."""
    return hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()


def _terms_of(missing: dict[str, list[str]]) -> dict[str, str]:
    """Search terms (space-separated) for each digest, split between forked workers if many."""
    items = sorted(missing.items())
    workers = worker_count(len(items), PAGES_PER_WORKER)
    if workers < 2:
        return {digest: " ".join(search_terms(texts)) for digest, texts in items}
    _dictionary()  # load pythainlp and its dictionary once, before the fork, for every worker
    thai.words("ก")
    _, shares = fork_map(_terms_share, [(items[i::workers],) for i in range(workers)], workers)
    return {digest: terms for share in shares for digest, terms in share}


def _terms_share(items: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    return [(digest, " ".join(search_terms(texts))) for digest, texts in items]


def with_terms(html: str) -> str:
    """The page with a block of its search terms just before </main> (for the index only)."""
    return add_terms(html, " ".join(search_terms(main_text(html))))


def add_terms(html: str, terms: str) -> str:
    """Insert the terms block just before </main>; pages without <main> stay as they are."""
    end = html.rfind("</main>")
    if end < 0:
        return html
    block = f"<div>{MARKER} {escape(terms)}</div>\n"
    return html[:end] + block + html[end:]


def pagefind_args(staging: Path, bundle: Path) -> list[str]:
    """Options shared by every Pagefind version we accept (1.x)."""
    return ["--site", str(staging), "--output-path", str(bundle), "--root-selector", "main",
            "--exclude-selectors", EXCLUDE, "--force-language", "th", "--silent"]


def run_pagefind(indexer: Indexer, staging: Path, bundle: Path) -> None:
    """Run Pagefind; its own messages become a BuildError when it fails."""
    command = [*indexer.command, *pagefind_args(staging, bundle)]
    try:
        # cwd=staging: Pagefind reads a pagefind.yml from its working folder; ours has none.
        done = subprocess.run(command, cwd=staging, capture_output=True, text=True, check=False,
                              preexec_fn=dying_with_this_process())
    except OSError as exc:
        raise BuildError(f"เรียกโปรแกรม Pagefind ไม่ได้ (cannot run {command[0]}: {exc})") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise BuildError(f"สร้างดัชนีค้นหาไม่สำเร็จ (Pagefind failed, exit {done.returncode}):\n{tail}")
