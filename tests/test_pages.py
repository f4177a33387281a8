"""The built pages show what the assessor scores and what a citizen needs, read from the HTML.

The demo project at the repository root is built once per session; every expectation is taken from
the same project loaded with `itagen.load.load_project`, so a template that drops a row, a column,
a date or a link fails here. Set ITAGEN_PAGES_PROJECT to check another project the same way.
"""
from __future__ import annotations

import math
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from itagen import thai
from itagen.build import build_site
from itagen.load import load_project
from itagen.model.integrity import RISK_PROCESSES
from itagen.model.labels import MEASURE_STATUS, PROCUREMENT_STATUS
from itagen.routes import plan_pages
from itagen.sections import BY_KEY, SECTIONS

ROOT = Path(os.environ.get("ITAGEN_PAGES_PROJECT") or Path(__file__).resolve().parent.parent)
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self' https:")
O12_HEADERS = [
    "ที่", "ปีงบประมาณ", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "กระทรวง", "ประเภทหน่วยงาน",
    "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
    "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)",
    "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก",
    "เลขที่โครงการในระบบ e-GP",
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


# --------------------------------------------------------------------------- a tiny DOM

class Node:
    """An element with its attributes and children (nodes and text strings)."""

    def __init__(self, tag: str, attrs: dict, parent: Node | None = None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.attrs.get("class", "").split())
                and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}> in <{self.tag}>"
        return found[0]

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def visible_text(self) -> str:
        """Text without screen-reader-only parts (e.g. the Thai words after a baht amount)."""
        parts = [c if isinstance(c, str) else ("" if "sr-only" in c.attrs.get("class", "")
                                               else c.visible_text()) for c in self.children]
        return " ".join(" ".join(parts).split())

    def rows(self, section: str = "tbody") -> list[list[str]]:
        """Cell texts of a table's rows in thead/tbody/tfoot, visible text only."""
        return [[cell.visible_text() for cell in tr.children
                 if isinstance(cell, Node) and cell.tag in ("td", "th")]
                for part in self.find_all(section) for tr in part.find_all("tr")]


class Page(HTMLParser):
    """Parse a page into a Node tree (document) and keep the raw HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.document = self.current = Node("#document", {})
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)

    # shortcuts
    def find_all(self, *args, **kwargs):
        return self.document.find_all(*args, **kwargs)

    def find(self, *args, **kwargs):
        return self.document.find(*args, **kwargs)

    @property
    def main(self) -> Node:
        return self.find("main")

    @property
    def text(self) -> str:
        return self.document.text

    def hrefs(self, within: Node | None = None) -> list[str]:
        return [a.attrs.get("href", "") for a in (within or self.document).find_all("a")]


# --------------------------------------------------------------------------- fixtures

DIGITS = {"style": "arabic"}   # the demo's digit style, set by the `demo` fixture


@pytest.fixture(scope="session")
def demo():
    project, findings = load_project(ROOT)
    assert not findings.errors, "\n".join(item.format() for item in findings.sorted())
    DIGITS["style"] = "thai" if project.config.thai_digits else "arabic"
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory, demo) -> Path:
    return build_site(ROOT, output=tmp_path_factory.mktemp("pages") / "site").output


@pytest.fixture(scope="session")
def pages(demo):
    return plan_pages(demo)


@pytest.fixture(scope="session")
def page(site):
    """page('/procurement/2568/') → the parsed page (cached)."""
    cache: dict[str, Page] = {}

    def get(url: str) -> Page:
        if url not in cache:
            path = site / (url.lstrip("/") + "index.html" if url.endswith("/") else url.lstrip("/"))
            assert path.is_file(), f"{url} was not built"
            cache[url] = Page(path.read_text(encoding="utf-8"))
        return cache[url]
    return get


def years_of(demo, key: str) -> list[int]:
    years = sorted(getattr(demo, key), reverse=True)
    if not years:
        pytest.skip(f"the project has no {key} content")
    return years


def long_date(value) -> str:
    return thai.format_date(value, "long", DIGITS["style"])


def amount(value) -> str:
    return thai.format_amount(value, DIGITS["style"])


def number(value) -> str:
    return thai.format_number(value, DIGITS["style"])


def digits(value) -> str:
    text = str(value)
    return thai.to_thai_digits(text) if DIGITS["style"] == "thai" else text


def file_href(ref: str) -> str:
    return quote("/" + ref)


def assert_documents(node: Node, docs) -> None:
    """Each document: a link to its file or URL, with its format, size (files) and date."""
    links = {a.attrs.get("href"): a for a in node.find_all("a")}
    for doc in docs:
        href = file_href(doc.file) if doc.file else doc.url
        assert href in links, f"document '{doc.title}' is not linked ({href})"
        item = links[href].parent
        text = item.text
        assert doc.title in links[href].text
        assert doc.format in text
        if doc.file:
            assert _filesize(doc.file.size) in text
        if doc.date:
            assert long_date(doc.date) in text


def _filesize(size: int) -> str:
    from itagen.render import filesize
    return filesize(size)


# --------------------------------------------------------------------------- every page

def all_html(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_language_skip_link_landmarks_and_csp(site):
    for path in all_html(site):
        doc = Page(path.read_text(encoding="utf-8"))
        where = path.relative_to(site)
        assert doc.find("html").attrs.get("lang") == "th", where
        first_link = doc.find("body").find_all("a")[0]
        assert first_link.attrs["href"] == "#main", where
        mains = doc.find_all("main")
        assert len(mains) == 1 and mains[0].attrs.get("id") == "main", where
        for landmark in ("header", "nav", "footer"):
            assert doc.find_all(landmark), f"{where}: no <{landmark}>"
        assert len(doc.main.find_all("h1")) == 1, f"{where}: one <h1> in <main>"
        csp = [m.attrs.get("content") for m in doc.find_all("meta")
               if m.attrs.get("http-equiv", "").lower() == "content-security-policy"]
        expected = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") \
            if str(where) == "search/index.html" else CSP  # Pagefind's WebAssembly, that page only
        assert csp == [expected], where


def test_no_inline_styles_scripts_frames_or_foreign_resources(site, demo):
    own = urlsplit(demo.agency.website).netloc
    for path in all_html(site):
        doc = Page(path.read_text(encoding="utf-8"))
        where = path.relative_to(site)
        assert not [n.tag for n in doc.document.iter() if "style" in n.attrs], where
        assert not doc.find_all("style") and not doc.find_all("iframe"), where
        for script in doc.find_all("script"):
            assert script.attrs.get("src", "").startswith("/"), f"{where}: inline script"
        for node in doc.document.iter():
            for attr in ("src", "href", "srcset", "action", "poster", "data"):
                value = node.attrs.get(attr, "")
                if node.tag == "a" or not value:
                    continue
                if node.tag == "link" and node.attrs.get("rel") == "canonical":
                    assert urlsplit(value).netloc == own, where   # names the page, loads nothing
                    continue
                assert not urlsplit(value).netloc, f"{where}: <{node.tag} {attr}={value}>"


def test_external_links_do_not_leak_the_page(site, demo):
    own = urlsplit(demo.agency.website).netloc
    for path in all_html(site):
        doc = Page(path.read_text(encoding="utf-8"))
        for a in doc.find_all("a"):
            host = urlsplit(a.attrs.get("href", "")).netloc
            if host and host != own:
                rel = a.attrs.get("rel", "").split()
                assert "noopener" in rel and "noreferrer" in rel, (path, a.attrs)


def test_navigation_groups_every_section_and_collapses_without_javascript(page, demo):
    doc = page("/")
    nav = doc.find("nav", cls="site-nav")
    groups = nav.find_all("details", cls="menu-group")
    assert [g.find("summary").text for g in groups] == list(dict.fromkeys(s.group for s in SECTIONS))
    hrefs = doc.hrefs(nav)
    for section in SECTIONS:
        years = sorted(getattr(demo, section.key)) if section.yearly else None
        if section.yearly and not years:
            continue
        assert section.url(max(years) if years else None) in hrefs, section.key
    assert nav.find("details", cls="menu").find("summary").text


def test_footer_contact_and_links(page, demo, pages):
    doc = page("/contact/")
    footer = doc.find("footer")
    agency = demo.agency
    for value in (agency.address, agency.phone, agency.email):
        assert value in footer.text
    urls = {p.url for p in pages}
    for url in ("/complaints/corruption/", "/eit/", "/sitemap/", "/privacy/", "/accessibility/"):
        assert (url in doc.hrefs(footer)) == (url in urls), url


def test_updated_line_shows_the_content_date(page, demo, pages):
    checked = 0
    for spec in pages:
        if not spec.url.endswith("/") or spec.source is None:
            continue
        changed = demo.last_updated(spec.source)
        if changed:
            assert f"ปรับปรุงข้อมูลล่าสุด {long_date(changed)}" in page(spec.url).main.text, spec.url
            checked += 1
    if not checked:
        pytest.skip("no page of this project has an update date")


def test_yearly_pages_show_fiscal_year_and_switch_years(page, demo):
    for section in SECTIONS:
        if not section.yearly:
            continue
        years = sorted(getattr(demo, section.key), reverse=True)
        for year in years:
            doc = page(section.url(year))
            assert f"ปีงบประมาณ พ.ศ. {digits(year)} ({thai.format_fiscal_range(year, DIGITS['style'])})" in doc.main.text
            switch = doc.find("nav", cls="year-switch")
            assert [a.attrs["href"] for a in switch.find_all("a")] == [section.url(y) for y in years]
            current = [a for a in switch.find_all("a") if a.attrs.get("aria-current") == "page"]
            assert [a.attrs["href"] for a in current] == [section.url(year)]


# --------------------------------------------------------------------------- home and basics

def test_home_shows_agency_news_sections_complaints_and_eit(page, demo, pages):
    doc = page("/")
    agency = demo.agency
    assert doc.main.find("h1").text == agency.name
    if agency.logo:
        assert file_href(agency.logo) in [img.attrs["src"] for img in doc.main.find_all("img")]
    assert agency.phone in doc.main.text and agency.email in doc.main.text
    latest = sorted(demo.news, key=lambda p: (p.date, p.slug), reverse=True)[:5]
    news = [h for h in doc.hrefs(doc.main) if h.startswith("/news/") and h != "/news/"]
    assert news == [f"/news/{post.slug}/" for post in latest]
    hrefs = doc.hrefs(doc.main)
    for section in SECTIONS:
        years = sorted(getattr(demo, section.key)) if section.yearly else None
        if not section.yearly or years:
            assert section.url(max(years) if years else None) in hrefs, section.key
    for url in ("/complaints/", "/complaints/corruption/", "/eit/", agency.eit_url):
        assert url in hrefs
    assert doc.main.find("div", cls="qr-box")


def test_structure_shows_org_chart_divisions_and_authority(page, demo):
    data = demo.structure
    if data is None:
        pytest.skip("no structure.yaml")
    doc = page("/structure/")
    charts = doc.main.find_all("ul", cls="org")
    sides = [side for side in (data.political, data.civil_service) if side]
    assert len(charts) == len(sides)
    for chart, side in zip(charts, sides):
        _assert_tree(chart, side)
    text = doc.main.text
    for division in data.divisions:
        assert division.name in text
        assert not division.head or division.head in text
    assert data.documents is None or assert_documents(doc.main, data.documents) is None


def _assert_tree(ul: Node, nodes) -> None:
    items = [li for li in ul.children if isinstance(li, Node) and li.tag == "li"]
    assert len(items) == len(nodes)
    for li, node in zip(items, nodes):
        box = li.find("span", cls="org-node")
        assert node.title in box.text and node.person in box.text
        sub = [c for c in li.children if isinstance(c, Node) and c.tag == "ul"]
        assert len(sub) == (1 if node.children else 0)
        if node.children:
            _assert_tree(sub[0], node.children)


def test_executives_cards_grouped_with_head_first_and_placeholders(page, demo):
    people = demo.executives.people if demo.executives else []
    if not people:
        pytest.skip("no executives")
    doc = page("/executives/")
    rank = {"head": 0, "deputy": 1, "other": 2}
    for side in ("political", "civil_service"):
        members = sorted((p for p in people if p.side == side), key=lambda p: rank[p.level])
        if not members:
            continue
        section = doc.find("section", **{"aria-labelledby": f"side-{side}"})
        cards = section.find_all("article", cls="person")
        assert [c.find("h3").text for c in cards] == [p.name for p in members]
        for card, person in zip(cards, members):
            assert person.position in card.text
            assert not person.phone or person.phone in card.text
            if person.photo:
                assert card.find("img").attrs["src"] == file_href(person.photo)
            else:
                assert not card.find_all("img") and card.find("span", cls="avatar").text


def test_contact_has_map_link_channels_and_no_embed(page, demo):
    agency = demo.agency
    doc = page("/contact/")
    text = doc.main.text
    for value in (agency.address, agency.phone, agency.email, agency.fax, agency.office_hours):
        assert value in text
    if agency.map:
        lat, lon = agency.map.lat, agency.map.lon
        osm = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        assert osm in doc.hrefs(doc.main)
    for channel in agency.inquiry + agency.social:
        assert channel.name in text
        assert not channel.url or channel.url in doc.hrefs(doc.main)
    assert not doc.find_all("iframe")


# --------------------------------------------------------------------------- news

def test_news_list_paginates_every_post(page, demo):
    posts = sorted(demo.news, key=lambda p: (p.date, p.slug), reverse=True)
    size = max(1, demo.config.news_per_page)
    count = max(1, math.ceil(len(posts) / size))
    seen = []
    for page_no in range(1, count + 1):
        doc = page("/news/" if page_no == 1 else f"/news/page/{page_no}/")
        listed = [h for h in doc.hrefs(doc.main.find("ul", cls="news-list"))] if posts else []
        seen += listed
        if count > 1:
            pager = doc.find("nav", cls="pager")
            assert pager.find("span", **{"aria-current": "page"}).text == number(page_no)
            assert (f"/news/page/{page_no + 1}/" in doc.hrefs(pager)) == (page_no < count)
    assert seen == [f"/news/{p.slug}/" for p in posts]


def test_pager_links_a_window_not_every_page():
    from itagen.routes import pager_window

    assert pager_window(1, 1) == [1]
    assert pager_window(3, 5) == [1, 2, 3, 4, 5]
    assert pager_window(1, 400) == [1, 2, 3, None, 400]
    assert pager_window(200, 400) == [1, None, 198, 199, 200, 201, 202, None, 400]
    assert pager_window(399, 400) == [1, None, 397, 398, 399, 400]
    for count in range(1, 40):  # every page reachable from its neighbours, none listed twice
        for number in range(1, count + 1):
            shown = [n for n in pager_window(number, count) if n]
            assert shown == sorted(set(shown)) and {1, count, number} <= set(shown)
            assert {max(1, number - 1), min(count, number + 1)} <= set(shown)


def test_news_post_shows_date_category_image_and_documents(page, demo):
    if not demo.news:
        pytest.skip("no news")
    for post in demo.news:
        doc = page(f"/news/{post.slug}/")
        assert doc.main.find("h1").text == post.title
        assert long_date(post.date) in doc.main.text
        assert doc.main.find("time").attrs["datetime"] == post.date.isoformat()
        if post.image:
            img = doc.main.find("img", src=file_href(post.image))
            assert img.attrs["alt"] == post.image_alt
        assert_documents(doc.main, post.documents)


def test_atom_feed_is_valid_with_absolute_stable_ids(site, demo):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "news" / "atom.xml").getroot()
    base = demo.agency.website.rstrip("/")
    posts = sorted(demo.news, key=lambda p: (p.date, p.slug), reverse=True)[:20]
    entries = feed.findall("a:entry", ns)
    assert [e.findtext("a:id", namespaces=ns) for e in entries] == \
        [f"{base}/news/{p.slug}/" for p in posts]
    assert feed.findtext("a:id", namespaces=ns) == f"{base}/news/"
    if posts:
        newest = max(p.date for p in posts).isoformat()
        assert feed.findtext("a:updated", namespaces=ns).startswith(newest + "T")
    for entry in entries:
        assert entry.find("a:link", ns).get("href").startswith(base + "/news/")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00",
                            entry.findtext("a:updated", namespaces=ns))
        assert entry.findtext("a:title", namespaces=ns)


# --------------------------------------------------------------------------- plans and services

def test_development_plans_and_links_to_yearly_plans(page, demo):
    data = demo.development
    if data is None:
        pytest.skip("no development plans")
    doc = page("/plans/")
    text = doc.main.text
    for plan in data.plans:
        assert plan.title in text
        for strategy in plan.strategies:
            assert strategy.title in text
            assert all(goal in text for goal in strategy.goals)
            assert all(ind.name in text for ind in strategy.indicators)
        assert_documents(doc.main, plan.documents)
    for year in demo.plans:
        assert f"/plans/{year}/" in doc.hrefs(doc.main)


def test_plan_year_projects_table_with_totals(page, demo):
    for year in years_of(demo, "plans"):
        data = demo.plans[year]
        doc = page(f"/plans/{year}/")
        table = doc.main.find("table", cls="projects")
        rows = table.rows()
        assert [r[1].split(" ยุทธศาสตร์:")[0] for r in rows] == [p.name for p in data.projects]
        for row, project in zip(rows, data.projects):
            assert row[3] == amount(project.budget)
        total = sum(p.budget or 0 for p in data.projects)
        assert amount(total) in table.rows("tfoot")[0]
        for report in data.progress:
            assert report.title in doc.main.text
        if data.results:
            assert data.results.title in doc.main.text


def test_services_statistics_by_fiscal_month_with_totals(page, demo):
    for year in years_of(demo, "services"):
        data = demo.services[year]
        doc = page(f"/services/{year}/")
        if not data.statistics:
            continue
        table = doc.main.find("table", cls="service-stats")
        head = table.rows("thead")[0]
        assert head[2].startswith("ต.ค.") and head[13].startswith("ก.ย.") and head[14] == "รวม"
        rows = table.rows()
        assert [r[0] for r in rows] == [s.service for s in data.statistics]
        for row, stat in zip(rows, data.statistics):
            assert row[14] == number(stat.total)
        grand = sum(s.total for s in data.statistics)
        assert table.rows("tfoot")[0][-1] == number(grand)
        if data.satisfaction:
            sat_text = doc.find("section", id="satisfaction").text
            assert all(item.topic in sat_text for item in data.satisfaction.items)


def test_eservices_link_to_the_real_service(page, demo):
    services = demo.eservices.services if demo.eservices else []
    if not services:
        pytest.skip("no e-services")
    doc = page("/e-service/")
    for service in services:
        assert service.url in doc.hrefs(doc.main)
        assert service.description in doc.main.text
        if service.manual:
            assert_documents(doc.main, [service.manual])


# --------------------------------------------------------------------------- procurement

def test_procurement_table_has_the_16_o12_columns_and_a_row_per_item(page, demo):
    agency = demo.agency
    for year in years_of(demo, "procurement"):
        data = demo.procurement[year]
        doc = page(f"/procurement/{year}/")
        for ext in ("xlsx", "csv", "json"):
            assert f"/procurement/{year}/ita-o12-{year}.{ext}" in doc.hrefs(doc.main)
        if not data.items:
            continue
        table = doc.main.find("table", cls="o12")
        assert table.parent.attrs.get("class", "").split()[0] == "table-wrap"
        assert table.rows("thead") == [O12_HEADERS]
        rows = table.rows()
        assert len(rows) == len(data.items)
        for index, (row, item) in enumerate(zip(rows, data.items), start=1):
            assert row[:8] == [number(index), digits(year), agency.name, agency.district,
                               agency.province, agency.ministry, agency.kind, item.name]
            assert row[8] == amount(item.budget)
            assert row[9:12] == [item.source, PROCUREMENT_STATUS[item.status], item.method]
            assert row[12] == (amount(item.median_price) if item.median_price is not None else "–")
            assert row[13] == (amount(item.price) if item.price is not None else "–")
            assert row[14:] == [item.vendor or "–", item.egp or "–"]


def test_procurement_plan_announcements_months_and_annual_report(page, demo):
    for year in years_of(demo, "procurement"):
        data = demo.procurement[year]
        doc = page(f"/procurement/{year}/")
        if data.plan:
            assert data.plan.title in doc.main.text
            assert_documents(doc.main, data.plan.documents)
        assert_documents(doc.main, data.announcements)
        if data.monthly:
            rows = doc.main.find("table", cls="monthly").rows()
            assert [r[0] for r in rows] == [thai.format_month(*m.month, "long", DIGITS["style"]) for m in data.monthly]
            for row, month in zip(rows, data.monthly):
                counted = sum(1 for item in data.items if item.date and
                              (item.date.year, item.date.month) == tuple(month.month))
                assert row[1] == thai.format_number(counted, DIGITS["style"])
                assert ("ไม่มีการจัดซื้อจัดจ้าง" in row[2]) == month.none
                assert all(d.title in row[2] for d in month.documents)
        if data.annual_report:
            assert data.annual_report.title in doc.main.text
            assert f"/procurement/{year}/annual-report-{year}.xlsx" in doc.hrefs(doc.main)


# --------------------------------------------------------------------------- complaints

def test_corruption_channel_is_separate_with_protection_and_guideline(page, demo):
    data = demo.complaint_channels
    if data is None:
        pytest.skip("no complaint channels")
    corruption, general = page("/complaints/corruption/"), page("/complaints/")
    channel = data.corruption
    assert channel.url in corruption.hrefs(corruption.main)
    assert channel.url not in general.hrefs(general.main)
    if data.general and data.general.url:
        assert data.general.url in general.hrefs(general.main)
        assert data.general.url not in corruption.hrefs(corruption.main)
    protection = corruption.find("section", id="protection")
    first_line = thai_text(channel.protection)
    assert first_line and first_line in protection.text
    assert "/complaints/" in corruption.hrefs(corruption.main)
    assert "/complaints/corruption/" in general.hrefs(general.main)
    guideline = data.guideline
    rows = corruption.find("table", cls="steps").rows()
    assert [r[1].split(" ")[0] for r in rows] == [s.title.split(" ")[0] for s in guideline.steps]
    for row, step in zip(rows, guideline.steps):
        assert row[3] == (step.time_limit or "–")
        assert row[2] == (step.responsible or guideline.responsible_unit)
    assert guideline.responsible_unit in corruption.main.text
    for national in data.national:
        assert national.name in corruption.main.text
    for year in demo.complaints:
        assert f"/complaints/corruption/{year}/" in corruption.hrefs(corruption.main)


def thai_text(markdown: str) -> str:
    """The first line of a Markdown text without its markup, to find in the page."""
    line = next((ln for ln in markdown.splitlines() if ln.strip()), "")
    return " ".join(re.sub(r"[*_`#>\[\]]", "", line).split())[:40]


def test_complaint_statistics_table_totals(page, demo):
    for year in years_of(demo, "complaints"):
        data = demo.complaints[year]
        doc = page(f"/complaints/corruption/{year}/")
        table = doc.main.find("table", cls="complaint-stats")
        assert [r[0] for r in table.rows()] == [p.period for p in data.periods]
        totals = [sum(getattr(p, k) or 0 for p in data.periods)
                  for k in ("received", "done", "in_progress")]
        assert table.rows("tfoot")[0][1:] == [number(t) for t in totals]


# --------------------------------------------------------------------------- integrity

def test_nogift_declaration_signer_date_and_scan(page, demo):
    for year in years_of(demo, "nogift"):
        data = demo.nogift[year]
        doc = page(f"/no-gift/{year}/")
        declaration = doc.find("section", id="declaration")
        d = data.declaration
        assert d.title in declaration.text
        assert declaration.find("span", cls="signer").text == d.signer
        assert declaration.find("span", cls="signer-position").text == d.position
        signed = declaration.find("span", cls="signed-date").text
        assert signed == long_date(d.date) and digits(d.date.year + 543) in signed
        assert_documents(declaration, [d.scan])
        if d.text_en:
            assert declaration.find("div", lang="en")
        report = doc.find("section", id="gift-report")
        if data.gift_report and data.gift_report.gifts:
            rows = report.find("table", cls="gifts").rows()
            assert [r[1] for r in rows] == [g.item for g in data.gift_report.gifts]
        elif data.gift_report:
            assert report.find("p", cls="no-gifts")


def test_risk_table_matrix_and_processes(page, demo):
    names = {4: "สูงมาก", 3: "สูง", 2: "ปานกลาง", 1: "ต่ำ"}
    for year in years_of(demo, "risk"):
        data = demo.risk[year]
        doc = page(f"/risk/{year}/")
        if not data.risks:
            continue
        rows = doc.main.find("table", cls="risks").rows()
        assert len(rows) == len(data.risks)
        for row, risk in zip(rows, data.risks):
            assert row[1] == RISK_PROCESSES[risk.process]
            assert risk.event in row[2]
            assert names[_level(risk.level)] in row[5] and number(risk.level) in row[5]
            assert all(m in row[6] for m in risk.measures) and row[7] == risk.owner
        matrix = doc.main.find("table", cls="risk-matrix")
        body = matrix.find("tbody")
        trs = body.find_all("tr")
        assert len(trs) == 5
        for impact, tr in zip(range(5, 0, -1), trs):
            cells = tr.find_all("td")
            assert len(cells) == 5
            for likelihood, cell in zip(range(1, 6), cells):
                score = impact * likelihood
                assert cell.text.startswith(f"{number(score)} {names[_level(score)]}"), (impact, likelihood)
                assert f"level-{_level(score)}" in cell.attrs["class"]


def _level(score: int) -> int:
    return 4 if score >= 15 else 3 if score >= 10 else 2 if score >= 5 else 1


def test_ethics_and_participation_activities(page, demo):
    for key, path in (("ethics", "/ethics/"), ("participation", "/participation/")):
        for year, data in getattr(demo, key).items():
            doc = page(f"{path}{year}/")
            for activity in data.activities:
                article = next(a for a in doc.main.find_all("article", cls="activity")
                               if activity.title in a.text)
                assert long_date(activity.date) in article.text
                assert not activity.place or activity.place in article.text
                assert [img.attrs["alt"] for img in article.find_all("img")] == \
                    [p.alt for p in activity.photos]
    for year, data in demo.ethics.items():
        rows = page(f"/ethics/{year}/").main.find("table", cls="do-dont").rows()
        assert [(r[1].lstrip("✔ "), r[2].lstrip("✘ ")) for r in rows] == \
            [(d.do, d.dont) for d in data.do_and_dont]


def test_anticorruption_plan_projects_and_reports(page, demo):
    for year in years_of(demo, "anticorruption"):
        data = demo.anticorruption[year]
        doc = page(f"/anti-corruption/{year}/")
        if data.plan and data.plan.projects:
            rows = doc.main.find("table", cls="projects").rows()
            assert len(rows) == len(data.plan.projects)
        for report in (data.six_month_report, data.annual_report):
            assert not report or report.title in doc.main.text


def test_ita_result_indicators_findings_and_measures(page, demo):
    for year in years_of(demo, "ita"):
        data = demo.ita[year]
        doc = page(f"/ita-measures/{year}/")
        result = data.result
        scores = doc.main.find("ul", cls="scores").text
        assert number(result.score) in scores and result.level in scores
        rows = doc.main.find("table", cls="indicators").rows()
        assert [r[1] for r in rows] == [i.name for i in result.indicators]
        for row, ind in zip(rows, result.indicators):
            if ind.change is None:
                assert row[4] == "–"
            elif ind.change:
                sign = "▲ +" if ind.change > 0 else "▼ −"
                assert row[4].replace(" ", "") == f"{sign}{number(abs(ind.change))}".replace(" ", "")
        for finding in data.findings:
            assert digits(finding.code.upper()) in doc.main.text and finding.issue in doc.main.text
        measures = doc.main.find("table", cls="measures").rows()
        assert [r[1].split(" ตอบข้อ")[0] for r in measures] == [m.title for m in data.measures]
        for row, measure in zip(measures, data.measures):
            assert row[3:6] == [measure.responsible, measure.period, MEASURE_STATUS[measure.status]]
            assert all(step in row[2] for step in measure.steps)
        for measure in data.measures:
            assert_documents(doc.main, measure.evidence)


# --------------------------------------------------------------------------- fixed pages

def test_eit_page_and_printable_poster(page, demo):
    agency = demo.agency
    doc = page("/eit/")
    for url in (agency.eit_url, agency.iit_url, "/eit/eit-qr.png", "/eit/poster/"):
        assert url in doc.hrefs(doc.main)
    poster = page("/eit/poster/")
    box = poster.find("div", cls="poster")
    assert agency.name in box.text and agency.eit_url in box.text
    assert "poster-page" in poster.find("body").attrs["class"]


def test_sitemaps_list_every_page(site, page, pages, demo):
    listed = [p.url for p in pages if p.in_sitemap]
    base = demo.agency.website.rstrip("/")
    xml = ET.parse(site / "sitemap.xml").getroot()
    locs = [loc.text for loc in xml.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == [base + url for url in listed]
    html_links = set(page("/sitemap/").hrefs(page("/sitemap/").main))
    assert set(listed) <= html_links
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}/sitemap.xml" in robots


def test_not_found_page_is_thai_and_helpful(page):
    doc = page("/404.html")
    assert "ไม่พบ" in doc.main.text
    assert {"/", "/sitemap/"} <= set(doc.hrefs(doc.main))


def test_free_pages_render_their_markdown(page, demo):
    for free in demo.pages:
        doc = page(f"/{free.slug}/")
        assert doc.main.find("h1").text == free.title
        lines = [ln for ln in free.body.splitlines() if ln.strip() and not ln.startswith("#")]
        assert not lines or thai_text(lines[0]) in doc.main.text


# --------------------------------------------------------------------------- stylesheet and fonts

STATIC = Path(__file__).resolve().parent.parent / "itagen" / "static"


def test_stylesheet_rules_for_reading_printing_and_wrapping():
    css = (STATIC / "css" / "site.css").read_text(encoding="utf-8")
    assert not re.search(r"text-align:\s*justify", css)
    assert "overflow-wrap: anywhere" in css and ".sr-only" in css and "@media print" in css
    assert ":focus-visible" in css
    heights = [float(v) for v in re.findall(r"line-height:\s*([\d.]+)\s*;", css)]
    assert heights and min(heights) >= 1.5
    assert "http://" not in css and "https://" not in css and "@import" not in css
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == 4 and all("unicode-range" in face for face in faces)
    for face in faces:
        font = re.search(r'url\("\.\./fonts/([^"]+)"\)', face).group(1)
        assert (STATIC / "fonts" / font).stat().st_size < 30_000


def test_font_licence_is_shipped():
    text = (STATIC / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text
