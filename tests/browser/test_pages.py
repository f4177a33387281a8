"""Every page of the demo site in a real browser: loads cleanly, stays on its own host, fits a
360 px phone, passes axe-core and the Nu HTML validator; key pages are photographed for review.

Each test walks every page and fails once, listing every failing page.
"""
from __future__ import annotations

import json
import subprocess
from collections import defaultdict

import pytest

from .tools import (AXE, DESKTOP, PHONE, SCREENSHOTS, VNU, failures, has_java, page_url,
                       require)

BLOCKING = {"serious", "critical"}  # axe impacts that fail the suite; the rest are reported


def test_every_page_loads_without_console_errors(visits):
    bad = [f"{v.url}: HTTP {v.status}; " + "; ".join(v.console + v.broken)
           for v in visits if v.status != 200 or v.console or v.broken]
    assert len(visits) > 50
    assert not bad, failures(bad, "loaded with errors")


def test_no_request_leaves_the_site(visits):
    bad = [f"{v.url}: {', '.join(sorted(set(v.outside)))}" for v in visits if v.outside]
    assert not bad, failures(bad, "asked another host")


def test_no_page_scrolls_sideways_at_360px(visits):
    bad = [f"{v.url}: {v.scroll_width}px wide" for v in visits
           if v.scroll_width > PHONE["width"]]
    assert not bad, failures(bad, f"scroll sideways at {PHONE['width']} px")


def test_thai_text_is_set_for_reading(visits):
    bad = [f"{v.url}: {problem}" for v in visits for problem in v.typography]
    assert not bad, failures(bad, "set Thai text badly")


def test_skip_link_is_first_and_visible_on_focus(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
      const el = document.activeElement, box = el.getBoundingClientRect();
      return {href: el.getAttribute("href"), top: box.top, height: box.height,
              outline: getComputedStyle(el).outlineStyle};
    }""")
    page.keyboard.press("Enter")
    landed = page.evaluate("document.activeElement.id || location.hash")
    context.close()
    assert focused["href"] == "#main" and focused["top"] >= 0 and focused["height"] > 0, focused
    assert focused["outline"] != "none", focused
    assert landed in ("main", "#main")


def axe_violations(browser, server, urls) -> dict[str, list[dict]]:
    """url → axe-core violations. CSP is bypassed in this context only, to inject axe."""
    require(AXE.exists(), f"{AXE} is missing (npm ci)")
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True, service_workers="block")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server)
                  else r.abort())
    page = context.new_page()
    found = {}
    for url in urls:
        page.goto(server + url, wait_until="load")
        if "?q=" in url:  # search results arrive after 'load'
            page.wait_for_selector("#search-results li, #search-unavailable:not([hidden])")
        page.add_script_tag(path=str(AXE))
        found[url] = page.evaluate("async () => (await axe.run(document, "
                                   "{resultTypes: ['violations']})).violations")
    context.close()
    return found


def describe(violation: dict) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
    more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
    return f"{violation['id']} [{violation['impact']}] {violation['help']}: " \
           f"{'; '.join(targets)}{more}"


def test_axe_finds_no_serious_or_critical_violation(browser, server, page_urls, site):
    with_results = ["/search/?q=ตำบล"] if (site / "pagefind").is_dir() else []
    found = axe_violations(browser, server, page_urls + with_results)
    bad = [f"{url}: {describe(v)}" for url, violations in found.items()
           for v in violations if v["impact"] in BLOCKING]
    assert not bad, failures(bad, "have serious or critical axe-core violations")


def nu_errors(site) -> dict[str, list[str]]:
    """url → Nu HTML Checker errors, one run of vnu.jar over every page."""
    require(VNU.exists(), f"{VNU} is missing (npm ci)")
    require(has_java(), "java is missing (Debian package default-jre-headless)")
    files = sorted(p for p in site.rglob("*.html")
                   if not p.relative_to(site).as_posix().startswith("pagefind/"))
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                           *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    by_page = defaultdict(list)
    for m in messages:
        path = m.get("url", "").removeprefix("file:")
        url = page_url(site, site.joinpath(path)) if path.startswith(str(site)) else path
        by_page[url].append(f"line {m.get('lastLine', '?')}: {m.get('message')} "
                            f"[{(m.get('extract') or '').strip()[:80]}]")
    return by_page


def test_nu_validator_finds_no_error(site):
    by_page = nu_errors(site)
    bad = [f"{url}: {msg}" for url, msgs in sorted(by_page.items()) for msg in msgs]
    assert not bad, failures(bad, "have Nu HTML Checker errors")


def latest(site, section: str) -> str:
    """/section/<latest year>/ where the demo has years, else /section/."""
    years = sorted(p.name for p in (site / section).iterdir() if p.name.isdigit())
    return f"/{section}/{years[-1]}/" if years else f"/{section}/"


def key_pages(site) -> dict[str, str]:
    return {
        "home": "/", "structure": "/structure/",
        "complaints-corruption": "/complaints/corruption/",
        "no-gift": latest(site, "no-gift"), "ita-measures": latest(site, "ita-measures"),
        "eit-poster": "/eit/poster/", "procurement": latest(site, "procurement"),
        "search": "/search/?q=" + "ตำบล",
    }


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_of_key_pages(browser, server, site, size):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=size, service_workers="block")
    page = context.new_page()
    for name, url in key_pages(site).items():
        response = page.goto(server + url, wait_until="networkidle")
        assert response and response.status == 200, url
        if name == "search":
            page.wait_for_selector("#search-results li, #search-unavailable:not([hidden])")
        target = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
    context.close()
