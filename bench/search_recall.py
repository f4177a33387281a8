"""Recall of Thai site search: which Pagefind build, with or without itagen's added Thai words.

    python bench/search_recall.py [--pages N] [--keep DIR] [--seed S] [--json]
                                  [--pagefind NAME=PATH ...] [--words W,W,...]

Builds a synthetic Thai agency (bench/synth.py, the same corpus as bench/run.py) with itagen,
indexes its pages with every Pagefind binary given, each twice: the pages as they are ("plain")
and the staged copies itagen really indexes, with pythainlp words and the sub-words of
compounds added ("terms"). Then it runs the real pagefind.js search in headless Chromium
(Debian's /usr/bin/chromium through Playwright) for a fixed list of words and compares the
pages found with the pages whose indexed text (<main> without <nav>) holds the word as a
substring. Recall = found ∩ holding / holding; "extra" = found pages that do not hold it;
"top-10 holding" = of the first ten results of each word, how many hold it (ranking).

Without --pagefind it uses the npm binary of this checkout (`npm ci` at the repo root) and
the PyPI `pagefind_bin_extended` / `pagefind_bin` of this interpreter, where installed.
Nothing is asserted; docs/search.md keeps the figures and the choice made from them.
"""
from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO)]

from run import generate, log  # noqa: E402

from itagen import search  # noqa: E402

WORDS = ("ตำบล", "สินบน", "งบประมาณ", "ทุจริต", "ของขวัญ", "จัดซื้อจัดจ้าง", "ร้องเรียน",
         "ความโปร่งใส", "ผู้บริหาร", "แผนพัฒนา", "ประกาศ")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def default_binaries() -> dict[str, str]:
    """npm's extended build in this checkout, and PyPI's builds in this interpreter."""
    found = {}
    npm = REPO / "node_modules" / ".bin" / "pagefind"
    if npm.exists():
        found["npm-ext"] = str(npm)
    for name, module in (("pypi-ext", "pagefind_bin_extended"), ("pypi-std", "pagefind_bin")):
        try:
            found[name] = str(__import__(module).get_executable())
        except (ImportError, FileNotFoundError):
            pass
    return found


def version(binary: str) -> str:
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or done.stderr.strip()


def build_corpus(work: Path, pages: int, seed: int) -> Path:
    """The synthetic project built by itagen (search indexing off) into work/site."""
    import os

    from itagen.build import build_site

    project = work / "project"
    if not project.exists():
        generate(project, pages, seed, 3)
    os.environ["ITAGEN_PAGEFIND"] = "true"  # /bin/true: 'indexes' nothing; we index below
    try:
        build_site(project, work / "site")
    finally:
        del os.environ["ITAGEN_PAGEFIND"]
    return work / "site"


def page_urls(project: Path) -> list[str]:
    """Every page itagen indexes, as its build decides."""
    from itagen.load import load_project
    from itagen.routes import plan_pages

    return search.indexed_urls(plan_pages(load_project(project)[0]))


def holding(site: Path, urls: list[str]) -> dict[str, str]:
    """url → the text Pagefind indexes for it (without added terms)."""
    return {u: " ".join(search.main_text((site / search.page_file(u)).read_text("utf-8")))
            for u in urls}


def index(binary: str, site: Path, urls: list[str], bundle: str, terms: bool) -> float:
    """Index the pages into site/<bundle>/ with or without added terms; return seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        start = time.perf_counter()
        for url in urls:
            html = (site / search.page_file(url)).read_text("utf-8")
            target = staging / search.page_file(url)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(search.with_terms(html) if terms else html, "utf-8")
        staged = time.perf_counter()
        shutil.rmtree(site / bundle, ignore_errors=True)
        search.run_pagefind(search.Indexer((binary,), bundle), staging, site / bundle)
        log(f"{bundle}: staged in {staged - start:.1f} s, indexed in "
            f"{time.perf_counter() - staged:.1f} s")
        return time.perf_counter() - start


def serve(site: Path) -> ThreadingHTTPServer:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


SEARCH_JS = """async ([bundle, word]) => {
  const pf = await import(`/${bundle}/pagefind.js`);
  await pf.init();
  const found = await pf.search(word);
  const data = await Promise.all(found.results.map(r => r.data()));
  return data.map(d => d.url);
}"""


def query_all(site: Path, bundles: list[str], words: list[str]) -> dict:
    """bundle → word → URLs found, with pagefind.js in headless Chromium."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    found: dict = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for bundle in bundles:
                page = browser.new_page()  # one page per bundle: pagefind.js is a singleton
                # From a page with <html lang="th">: pagefind.js picks the index language, and
                # so whether it splits the query into words (Intl.Segmenter), from that page.
                page.goto(f"http://127.0.0.1:{server.server_port}/sitemap/")
                found[bundle] = {w: page.evaluate(SEARCH_JS, [bundle, w]) for w in words}
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def score(texts: dict[str, str], found: dict, words: list[str]) -> dict:
    table = {}
    for bundle, by_word in found.items():
        table[bundle] = {}
        for word in words:
            truth = {u for u, t in texts.items() if word in t}
            got = set(by_word[word])
            top = by_word[word][:10]  # in Pagefind's ranking order
            table[bundle][word] = {"holding": len(truth), "found": len(got & truth),
                                   "extra": len(got - truth),
                                   "top10": sum(u in truth for u in top), "shown": len(top)}
    return table


def print_table(table: dict, words: list[str]) -> None:
    names = list(table)
    print("word".ljust(16) + "".join(n.rjust(22) for n in names))
    for word in words:
        cells = []
        for name in names:
            c = table[name][word]
            pct = 100 * c["found"] / c["holding"] if c["holding"] else 0
            cells.append(f"{c['found']}/{c['holding']} {pct:3.0f}% +{c['extra']}".rjust(22))
        print(word.ljust(16 + len(word) - _width(word)) + "".join(cells))
    means = [sum(_recall(table[n][w]) for w in words) / len(words) for n in names]
    print("mean recall".ljust(16) + "".join(f"{100 * m:.0f}%".rjust(22) for m in means))
    tops = [(sum(table[n][w]["top10"] for w in words), sum(table[n][w]["shown"] for w in words))
            for n in names]
    print("top-10 holding".ljust(16) + "".join(f"{a}/{b}".rjust(22) for a, b in tops))


def _recall(cell: dict) -> float:
    return cell["found"] / cell["holding"] if cell["holding"] else 1.0


def _width(word: str) -> int:
    """Columns a Thai word takes: combining vowels and tone marks take none."""
    import unicodedata

    return sum(1 for ch in word if not unicodedata.combining(ch) and ch not in "\u0e31\u0e34"
               "\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--keep", help="work folder to reuse or keep (project, site, indexes)")
    parser.add_argument("--pagefind", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--words", help="comma-separated words instead of the fixed list")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    given = dict(b.split("=", 1) for b in args.pagefind)
    binaries = {n: str(Path(b).resolve()) for n, b in given.items()} or default_binaries()
    words = args.words.split(",") if args.words else list(WORDS)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="itagen-recall-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"building a ~{args.pages}-page corpus in {work}")
    site = build_corpus(work, args.pages, args.seed)
    urls = page_urls(work / "project")
    texts = holding(site, urls)
    seconds, bundles = {}, []
    for name, binary in binaries.items():
        log(f"{name}: {binary} ({version(binary)})")
        for terms in (False, True):
            bundle = f"pf-{name}-{'terms' if terms else 'plain'}"
            seconds[bundle] = index(binary, site, urls, bundle, terms)
            bundles.append(bundle)
    table = score(texts, query_all(site, bundles, words), words)
    if args.json:
        print(json.dumps({"pages": len(urls), "versions": {n: version(b) for n, b in
                          binaries.items()}, "seconds": seconds, "recall": table},
                         ensure_ascii=False, indent=1))
    else:
        print(f"{len(urls)} pages indexed; cell = found/holding recall% +extra pages")
        print_table(table, words)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
