"""Pages stage: decide every page of the site (URL, template, context) from the loaded project.

Nothing here renders or writes; the result is a plain list the render stage walks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Callable

from .model.project import Project
from .sections import BY_KEY, SECTIONS


@dataclass
class PageSpec:
    """One output page: where it goes, how it is drawn and with which data."""

    url: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    source: Any = None          # the content object shown, for "last updated" and check
    in_sitemap: bool = True


def plan_pages(project: Project, evaluate_ita: bool = True) -> list[PageSpec]:
    """Every page of the site, in a stable order.

    `evaluate_ita=False` (for `check`, which only needs the URLs) plans the ITA index pages from
    the catalogs' file names, without reading and evaluating every year's catalog.
    """
    posts = _news_sorted(project)
    pages = [PageSpec("/", "home.html", "หน้าแรก", {"latest": posts[:5]}, project.agency)]
    pages += _singleton_pages(project)
    pages += _yearly_pages(project)
    pages += _news_pages(project, posts)
    pages += [PageSpec(f"/{page.slug}/", "page.html", page.title, {"data": page}, page)
              for page in project.pages]
    pages += _fixed_pages(project)
    pages = add_ita(pages, project) if evaluate_ita else pages + _ita_url_pages(project)
    _plan_sitemap(pages)
    _plan_sitemap_xml(pages, project)
    return pages


def _singleton_pages(project: Project) -> list[PageSpec]:
    pages = []
    for section in SECTIONS:
        if section.yearly or section.key == "news":
            continue
        obj = getattr(project, section.key)
        context = {"data": obj, "years": _years_of(project, section.key)}
        pages.append(PageSpec(section.url(), section.template, section.title, context, obj))
    return pages


def _years_of(project: Project, key: str) -> dict[str, list[int]]:
    """Yearly sections that share this singleton's URL, for 'by year' links."""
    path = BY_KEY[key].path
    return {s.key: sorted(getattr(project, s.key), reverse=True)
            for s in SECTIONS if s.yearly and s.path == path}


def _yearly_pages(project: Project) -> list[PageSpec]:
    pages = []
    for section in SECTIONS:
        if not section.yearly:
            continue
        by_year = getattr(project, section.key)
        years = sorted(by_year, reverse=True)
        for year in years:
            context = {"data": by_year[year], "year": year, "years": years, "section": section}
            title = f"{section.title} ปีงบประมาณ พ.ศ. {year}"
            pages.append(PageSpec(section.url(year), section.template, title, context,
                                  by_year[year]))
        if not any(s.path == section.path and not s.yearly for s in SECTIONS) and years:
            pages.append(PageSpec(section.path, "year_index.html", section.title,
                                  {"section": section, "years": years}))
    return pages


def _news_sorted(project: Project) -> list:
    return sorted(project.news, key=attrgetter("date", "slug"), reverse=True)


def _news_pages(project: Project, posts: list) -> list[PageSpec]:
    """The news list pages, one page per post (`posts` newest first) and the Atom feed."""
    size = max(1, project.config.news_per_page)
    chunks = [posts[i:i + size] for i in range(0, len(posts), size)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        url = "/news/" if number == 1 else f"/news/page/{number}/"
        pager = {"number": number, "count": len(chunks),
                 "window": pager_window(number, len(chunks))}
        # A list changes when its newest post does, so that post dates the page.
        pages.append(PageSpec(url, "news_list.html", "ข่าวประชาสัมพันธ์",
                              {"posts": chunk, "pager": pager}, chunk[0] if chunk else None,
                              in_sitemap=number == 1))
    for post in posts:
        pages.append(PageSpec(f"/news/{post.slug}/", "news_post.html", post.title,
                              {"post": post}, post))
    pages.append(PageSpec("/news/atom.xml", "atom.xml", "ข่าวประชาสัมพันธ์",
                          {"posts": posts[:20]}, in_sitemap=False))
    return pages


def pager_window(number: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers the pager links: first, last and `around` either side of the current one,
    None where numbers are skipped. All of them would be O(pages) links on each of O(pages)
    list pages, and a wall of links on a phone."""
    shown = sorted({1, count} | set(range(max(1, number - around), min(count, number + around) + 1)))
    window: list[int | None] = []
    for n in shown:
        if window and n - window[-1] > 1:
            window.append(None)
        window.append(n)
    return window


def _plan_sitemap(pages: list[PageSpec]) -> None:
    """The /sitemap/ page's lists, worked out here with sets: in the template this was
    O(pages²) (every page's URL looked up in a list of every page's URL)."""
    listed = [p for p in pages if p.in_sitemap]
    # Grouped once: a scan of every page for each section was O(sections × pages).
    by_template = _grouped(listed, attrgetter("template"))
    indexes = _grouped(by_template.get("year_index.html", []), lambda p: p.context["section"].key)
    by_section: dict[str, list[PageSpec]] = {}
    for section in SECTIONS:
        posts = by_template.get("news_post.html", []) if section.key == "news" else []
        by_section[section.key] = (indexes.get(section.key, [])
                                   + by_template.get(section.template, []) + posts)
    covered = {p.url for items in by_section.values() for p in items}
    # Each page as (URL, title), not its data, so the sitemap's content (and its cache key) does
    # not hold every other page's; plain tuples, as a class's 5,000 instances took 9 ms to pickle
    # for the page's key in every warm build.
    links = {key: [(p.url, p.title) for p in items] for key, items in by_section.items()}
    others = [(p.url, p.title) for p in listed if p.url not in covered]
    for page in pages:
        if page.template == "sitemap.html":
            page.context.update(listed_count=len(listed), by_section=links, others=others)


def _grouped(pages: list[PageSpec], key: Callable[[PageSpec], str]) -> dict[str, list[PageSpec]]:
    """Pages by `key`, each group in the pages' own order."""
    groups: dict[str, list[PageSpec]] = {}
    for page in pages:
        groups.setdefault(key(page), []).append(page)
    return groups


def _plan_sitemap_xml(pages: list[PageSpec], project: Project) -> None:
    """sitemap.xml's entries, (URL, ISO date of last change): that page then holds no content,
    so its cache key is cheap (strings: 5,000 dates took most of its 8 ms of pickling) and the
    page is reused when no URL or date changed."""
    entries = []
    for page in pages:
        if page.in_sitemap:
            changed = project.last_updated(page.source)
            entries.append((page.url, changed.isoformat() if changed else None))
    for page in pages:
        if page.template == "sitemap.xml":
            page.context["entries"] = entries


def _fixed_pages(project: Project) -> list[PageSpec]:
    return [
        PageSpec("/complaints/", "complaints.html", "ช่องทางร้องเรียนร้องทุกข์",
                 {"data": project.complaint_channels}, project.complaint_channels),
        PageSpec("/eit/", "eit.html", "ร่วมประเมิน ITA (EIT และ IIT)", {}, project.agency),
        PageSpec("/eit/poster/", "poster.html", "โปสเตอร์ QR Code แบบวัด EIT", {}, project.agency),
        PageSpec("/sitemap/", "sitemap.html", "แผนผังเว็บไซต์", {}),
        PageSpec("/search/", "search.html", "ค้นหาในเว็บไซต์", {}),
        PageSpec("/sitemap.xml", "sitemap.xml", "sitemap", {}, in_sitemap=False),
        PageSpec("/robots.txt", "robots.txt", "robots", {}, in_sitemap=False),
        PageSpec("/404.html", "404.html", "ไม่พบหน้าที่ต้องการ", {}, in_sitemap=False),
    ]


# --------------------------------------------------------------------------- ITA pages (issue 3)

def ita_pages(project: Project) -> list[PageSpec]:
    """`/ita/<year>/` for every catalog year (and `/ita/` for the newest), with a year switcher."""
    from .criteria.pages import ita_site

    return _ita_pages(ita_site(project, project.as_of))


def _ita_pages(site) -> list[PageSpec]:
    return _ita_index_pages([(index["url"], f"การประเมิน ITA {index['year']}: รายการข้อมูลที่เปิดเผย "
                              "(OIT)", {"ita": index}) for index in site.indexes])


def _ita_url_pages(project: Project) -> list[PageSpec]:
    """The ITA index pages' URLs alone (titles and data are left out: never rendered)."""
    from .criteria.pages import framework_years, index_url

    return _ita_index_pages([(index_url(year), f"ITA {year}", {})
                             for year in framework_years(project)])


def _ita_index_pages(entries: list[tuple[str, str, dict]]) -> list[PageSpec]:
    """A page per (url, title, context), newest year first, and /ita/ as the newest again."""
    pages = []
    for number, (url, title, context) in enumerate(entries):
        pages.append(PageSpec(url, "ita_index.html", title, dict(context)))
        if number == 0:  # its own context: each page gets its own ita_items
            pages.append(PageSpec("/ita/", "ita_index.html", title, dict(context)))
    return pages


def attach_ita_items(pages: list[PageSpec], project: Project, site=None) -> None:
    """Give every page `ita_items`: the ITA items (all catalog years) that this URL answers."""
    if site is None:
        from .criteria.pages import ita_site

        site = ita_site(project, project.as_of)
    for page in pages:
        refs = site.by_url.get(page.url)
        # Most pages answer no item: a fresh empty list each, without sorting one.
        newest_first = sorted(refs, key=lambda ref: -ref["year"]) if refs else []
        page.context.setdefault("ita_items", newest_first)


def add_ita(pages: list[PageSpec], project: Project) -> list[PageSpec]:
    """Append the ITA index pages and attach `ita_items` to every page; one evaluation."""
    from .criteria.pages import ita_site

    site = ita_site(project, project.as_of)  # content's date, not the clock: same input, same bytes
    pages = pages + _ita_pages(site)
    attach_ita_items(pages, project, site)
    return pages
