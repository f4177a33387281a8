"""Thai site search in a real browser: the fixed word list of search_words.json is found, alone
and inside compounds, through the real /search/ page and its Pagefind index; result links work;
the page's own Content-Security-Policy is enough for it."""
from __future__ import annotations

import functools
import json
import re
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from itagen import search

from .tools import PHONE, REPO, QuietHandler, QuietServer, failures, require

WORDS = json.loads((Path(__file__).with_name("search_words.json")).read_text("utf-8"))["words"]
LOCAL = "http://127.0.0.1:"  # both servers of this module; nothing else may be asked
API_SEARCH = """async (word) => {
  const pagefind = await import("/pagefind/pagefind.js");
  const found = await pagefind.search(word);
  return (await Promise.all(found.results.map((r) => r.data()))).map((d) => d.url);
}"""


@pytest.fixture(scope="module")
def holding(site) -> dict[str, set[str]]:
    """word → every indexed page whose text (as Pagefind reads it) holds the word."""
    from itagen.load import load_project
    from itagen.routes import plan_pages

    urls = search.indexed_urls(plan_pages(load_project(REPO)[0]))
    texts = {u: " ".join(search.main_text((site / search.page_file(u)).read_text("utf-8")))
             for u in urls}
    return {w: {u for u, text in texts.items() if w in text} for w in WORDS}


@pytest.fixture(scope="module")
def search_context(browser, server, site):
    require((site / search.BUNDLE_DIR / "pagefind.js").exists(),
            "the demo site has no search index: install Pagefind (npm ci) and rebuild")
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL)
                  else r.abort())
    yield context
    context.close()


def test_the_fixed_words_are_on_their_expected_pages(holding):
    bad = [f"{w}: {u}" for w, spec in WORDS.items() for u in spec["expect"]
           if u not in holding[w]]
    assert not bad, failures(bad, "no longer hold their word; update search_words.json")


def test_search_finds_every_page_holding_each_word(search_context, server, holding):
    page = search_context.new_page()
    page.goto(server + search.SEARCH_URL)
    missing = []
    for word in WORDS:
        found = set(page.evaluate(API_SEARCH, word))
        missing += [f"{word}: {u}" for u in sorted(holding[word] - found)]
    page.close()
    assert not missing, failures(missing, "not found by the word they hold")


def shown_results(page, word: str, server: str) -> tuple[str, list[str]]:
    """Search with the page's own form; return the status line and every result link."""
    page.goto(f"{server}{search.SEARCH_URL}?q={quote(word)}")
    # Selectors, not wait_for_function: the page's CSP forbids the eval() that would need.
    page.wait_for_selector("#search-status:has-text('พบ'), #search-unavailable:not([hidden])")
    while page.is_visible("#search-more"):
        count = page.locator("#search-results li").count()
        page.click("#search-more")
        page.locator("#search-results li").nth(count).wait_for()
    links = page.eval_on_selector_all("#search-results h2 a",
                                      "links => links.map((a) => a.getAttribute('href'))")
    return page.inner_text("#search-status"), links


def test_search_page_lists_expected_pages_and_their_links_work(search_context, server):
    page = search_context.new_page()
    bad = []
    for word, spec in WORDS.items():
        status, links = shown_results(page, word, server)
        count = re.search(r"พบ ([\d,]+) หน้า", status)
        if not count or int(count.group(1).replace(",", "")) != len(links):
            bad.append(f"{word}: status {status!r} but {len(links)} results listed")
        bad += [f"{word}: {u} not listed" for u in spec["expect"] if u not in links]
        target = spec["expect"][0]
        if target in links:
            with page.expect_navigation():
                page.click(f"#search-results h2 a[href='{target}']")
            text = page.inner_text("main")
            if word not in text or not page.url.endswith(target):
                bad.append(f"{word}: result link {target} led to {page.url} without the word")
    page.close()
    assert not bad, failures(bad, "failed on the search page")


@pytest.fixture(scope="module")
def strict_server(site):
    """The site served with the search page's own CSP sent as an HTTP header on every file,
    as a strict web server would: unlike the <meta> policy, a header also binds Pagefind's
    web worker, where the WebAssembly runs."""
    html = (site / search.page_file(search.SEARCH_URL)).read_text("utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    require(policy is not None, "the search page declares no Content-Security-Policy")

    class WithPolicy(QuietHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", policy.group(1))
            super().end_headers()

    httpd = QuietServer(("127.0.0.1", 0), functools.partial(WithPolicy, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", policy.group(1)
    httpd.shutdown()
    httpd.server_close()


def test_search_works_under_its_own_csp_sent_as_a_header(search_context, strict_server):
    server, policy = strict_server
    page = search_context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    status, links = shown_results(page, "ตำบล", server)
    page.close()
    assert links and not errors, (
        f"search fails under its own policy {policy!r}: {status!r}; console: {errors[:2]} "
        "(Pagefind compiles WebAssembly: script-src needs 'wasm-unsafe-eval')")
