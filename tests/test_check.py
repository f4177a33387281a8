"""`itagen check`: the demo and a complete fixture pass; removing one item's content fails exactly
the items that need it; every output format keeps its contract."""
from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from itagen.cli import main
from itagen.criteria import paths
from itagen.criteria.catalog import Rule
from itagen.criteria.check import run_check
from itagen.criteria.loader import read_catalog
from itagen.criteria.report import render
from itagen.criteria.rules import window
from itagen.model.project import MARKDOWN_DIRS

import ita_project

TODAY = date(2026, 11, 22)
REPO = Path(__file__).resolve().parent.parent
HAS_DEMO = (REPO / "content" / "agency.yaml").is_file()


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    return ita_project.write_project(tmp_path_factory.mktemp("complete"))


def check(root: Path, year: int, **kw):
    return run_check(root, year=year, today=TODAY, with_site=False, **kw)


def failing(report) -> dict[str, str]:
    return {r.item.code: r.status for r in report.items if r.status != "pass"}


# --------------------------------------------------------------------------- passing projects

@pytest.mark.parametrize("year", [2565, 2566, 2567, 2568, 2569])
def test_the_complete_fixture_passes_every_year(complete, year):
    report = check(complete, year)
    assert failing(report) == {}
    assert not report.failed(strict=True), render(report, "text")


@pytest.mark.skipif(not HAS_DEMO, reason="the demo agency (content/) is not written yet")
@pytest.mark.parametrize("year", [2566, 2567, 2568, 2569])
def test_the_demo_agency_passes(year):
    report = check(REPO, year)
    assert not report.failed(), render(report, "text")


# --------------------------------------------------------------------------- one item removed

def rule_paths(rule: Rule) -> list[tuple[str, bool]]:
    """(path, required) of a rule: required paths fail the rule when their content is removed."""
    kind = rule.kind
    if kind == "present":
        return [(rule.present, True)]
    if kind == "covers_year":
        return [(rule.covers_year, True)]
    if kind == "differs":
        return [(rule.differs[0], True)]
    if kind in ("count", "documents", "dated"):
        spec = getattr(rule, kind)
        return [(spec.path, spec.min > 0)]
    if kind == "each":
        return [(rule.each.path, rule.each.min > 0)]
    if kind == "months":
        return [(rule.months.path, True)] + ([(rule.months.also, True)] if rule.months.also else [])
    return []


def resolved(text: str, year: int, kind: str = "") -> tuple:
    p = paths.parse_path(text)
    fields = p.fields
    tp = paths.type_of(p)
    if kind == "documents" and "documents" in paths.fields_of(tp) and not paths.list_item(tp):
        fields += ("documents",)  # a documents rule on a report reads its documents list
    return (p.root, p.year(year), fields)


def under(path: tuple, removed: set[tuple]) -> bool:
    return any(path[:2] == r[:2] and path[2][:len(r[2])] == r[2] for r in removed)


def affected(rule: Rule, year: int, removed: set[tuple]) -> bool:
    """Whether removing `removed` makes the rule fail, computed from the rule alone."""
    if rule.kind == "any":
        return all(affected(inner, year, removed) for inner in rule.any)
    found = [(resolved(text, year, rule.kind), required) for text, required in rule_paths(rule)]
    if rule.kind == "months":
        return all(under(path, removed) for path, _ in found)
    return any(required and under(path, removed) for path, required in found)


def expected_failures(catalog, removed: set[tuple], local: bool = True) -> set[str]:
    out = set()
    for item in catalog.items:
        for comp in item.components:
            if comp.severity != "error" or (comp.local_only and not local):
                continue
            year = window(comp.period or item.period, catalog.year, TODAY).year
            if affected(comp.rule, year, removed):
                out.add(item.code)
    return out


def remove(root: Path, path: tuple) -> str:
    """Delete the content at a resolved path from the project copy; return the file touched."""
    name, year, fields = path
    if name in MARKDOWN_DIRS:
        for md in (root / "content" / name).glob("*.md"):
            md.unlink()
        return f"content/{name}/"
    rel = paths.content_file(name, year)
    file = root / rel
    if not fields:
        file.unlink(missing_ok=True)
        return rel
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    parent = data
    for key in fields[:-1]:
        parent = parent.get(key) if isinstance(parent, dict) else None
    if isinstance(parent, dict):
        parent.pop(fields[-1], None)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return rel


def first_required(item) -> tuple:
    comp = next(c for c in item.components if c.severity == "error")
    return comp, window(comp.period or item.period, 2568, TODAY).year


CATALOG_2568 = read_catalog("nacc-oit-2568")


def _mutate_and_check(source: Path, tmp_path: Path, code: str):
    item = CATALOG_2568.item(code)
    comp, year = first_required(item)
    root = tmp_path / "p"
    shutil.copytree(source / "content", root / "content")
    removed = {resolved(text, year, kind) for text, kind in _all_paths(comp.rule)}
    files = {remove(root, path) for path in removed}
    report = check(root, 2568)
    local = report_is_local(report)
    expected = expected_failures(CATALOG_2568, removed, local)
    assert code in expected
    assert set(failing(report)) == expected, (code, removed)
    for result in report.items:
        if result.item.code in expected:
            assert any(f.file in files for f in result.findings), result.findings
            assert all(f.th and f.en for f in result.findings)


def report_is_local(report) -> bool:
    return any(c.component.local_only and c.applicable for r in report.items for c in r.components)


def _all_paths(rule: Rule) -> list[tuple[str, str]]:
    """(path, rule kind) of every path a rule reads, alternatives included."""
    if rule.kind == "any":
        return [p for inner in rule.any for p in _all_paths(inner)]
    return [(text, rule.kind) for text, _ in rule_paths(rule)]


@pytest.mark.parametrize("code", [item.code for item in CATALOG_2568.items])
def test_removing_one_items_content_fails_exactly_the_items_that_need_it(complete, tmp_path, code):
    _mutate_and_check(complete, tmp_path, code)


@pytest.mark.skipif(not HAS_DEMO, reason="the demo agency (content/) is not written yet")
@pytest.mark.parametrize("code", [item.code for item in CATALOG_2568.items])
def test_removing_one_items_content_from_the_demo(tmp_path, code):
    baseline = failing(check(REPO, 2568))
    if code in baseline:
        pytest.skip(f"{code} does not pass on the demo yet (see test_the_demo_agency_passes)")
    if baseline:
        pytest.skip("the demo must pass 2568 before mutations are meaningful")
    _mutate_and_check(REPO, tmp_path, code)


# --------------------------------------------------------------------------- moving to a new year

@pytest.fixture
def made_for_2568(complete, tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    for folder in root.joinpath("content").iterdir():
        for stale in folder.glob("25[67][09].yaml"):  # keep up to FY2568 only
            if stale.stem == "2569":
                stale.unlink()
    (root / "content" / "news" / "news-2569.md").unlink()
    return root


def test_2569_on_content_made_for_2568_asks_only_for_what_is_new(made_for_2568):
    assert failing(check(made_for_2568, 2568)) == {}
    report = check(made_for_2568, 2569)
    found = [f for r in report.items for f in r.findings if f.severity == "error"]
    assert found
    # Every error points at a FY2569 file (or the news folder), never at the 2568 content.
    assert all("2569" in f.file or f.file == "content/news/" for f in found), \
        [f.file for f in found]
    o11 = next(r for r in report.items if r.item.code == "O11")
    assert o11.previous == ["2568 O12"] and o11.previous_passed
    assert any("2568 O12 is now 2569 O11" in f.en for f in o11.findings)
    text = render(report, "text")
    assert "[เดิม 2568 O12]" in text
    assert "met last year's criteria" in text


def test_the_2569_e_service_statistics_requirement_is_marked_new(complete, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    data = yaml.safe_load((root / "content/services/2569.yaml").read_text(encoding="utf-8"))
    data["statistics"] = [s for s in data["statistics"] if s["channel"] != "online"]
    (root / "content/services/2569.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    report = check(root, 2569)
    assert failing(report) == {"O10": "partial"}
    (finding,) = next(r for r in report.items if r.item.code == "O10").findings
    assert finding.file == "content/services/2569.yaml"
    assert "new in ITA 2569" in finding.en and "ข้อกำหนดใหม่" in finding.th


# --------------------------------------------------------------------------- scores

def test_half_components_give_50_points(complete, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    remove(root, ("nogift", 2568, ("activities",)))
    report = check(root, 2568)
    o21 = next(r for r in report.items if r.item.code == "O21")
    assert (o21.status, o21.score) == ("partial", 50)
    assert report.summary()["expected_oit_score"] == round((27 * 100 + 50) / 28, 2)


def test_a_missing_file_says_which_file_to_create(complete, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    (root / "content/hr/2567.yaml").unlink()
    report = check(root, 2568)
    o15 = next(r for r in report.items if r.item.code == "O15")
    assert o15.status == "missing"
    (finding,) = o15.findings
    assert (finding.file, finding.line) == ("content/hr/2567.yaml", 0)
    assert "ให้สร้างไฟล์ content/hr/2567.yaml" in finding.th
    assert "create content/hr/2567.yaml" in finding.en


def test_a_missing_key_points_at_its_line(complete, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    remove(root, ("procurement", 2567, ("annual_report", "problems")))
    report = check(root, 2568)
    o13 = next(r for r in report.items if r.item.code == "O13")
    assert o13.status == "pass"   # problems/suggestions are inferred: warnings only
    (warning,) = o13.findings
    assert warning.severity == "warning" and warning.key == "annual_report.problems"
    text = (root / "content/procurement/2567.yaml").read_text(encoding="utf-8").splitlines()
    assert text[warning.line - 1].startswith("annual_report:")
    assert report.failed(strict=True) and not report.failed()


# --------------------------------------------------------------------------- output formats

@pytest.fixture
def broken_report(complete, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    (root / "content/procurement/2568.yaml").unlink()
    remove(root, ("agency", None, ("map",)))
    return check(root, 2568)


def test_json_shape(broken_report):
    data = json.loads(render(broken_report, "json"))
    assert set(data) == {"catalog", "framework", "year", "title", "previous_catalog", "items",
                         "content_findings", "site_findings", "summary"}
    assert data["year"] == 2568 and len(data["items"]) == 28
    item = next(i for i in data["items"] if i["code"] == "O12")
    assert set(item) == {"code", "concept", "title", "subindicator", "period", "fiscal_year",
                         "status", "score", "max_score", "confidence", "url", "path", "sources",
                         "previous", "findings"}
    assert item["concept"] == "procurement-table" and item["status"] == "missing"
    assert item["url"] == "https://www.test.go.th/procurement/2568/"
    assert item["sources"] == ["content/procurement/2568.yaml"]
    finding = item["findings"][0]
    assert set(finding) == {"severity", "file", "line", "key", "message_th", "message_en"}
    summary = data["summary"]
    assert {"items", "pass", "partial", "missing", "errors", "warnings", "expected_oit_score",
            "strict", "failed"} <= set(summary)
    assert summary["missing"] == 1 and summary["failed"] is True


def test_junit_is_valid_xml_with_one_testcase_per_item(broken_report):
    root = ET.fromstring(render(broken_report, "junit").encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 28
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert [name.split()[0] for name in failed] == ["O12"]
    assert root.find("testsuite").get("failures") == "1"


def test_github_annotations(broken_report):
    lines = render(broken_report, "github").splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations
    pattern = re.compile(r"^::(error|warning) file=[^,:]+,line=\d+::.+$")
    assert all(pattern.match(line) for line in annotations), annotations
    assert any(line.startswith("::error file=content/procurement/2568.yaml,line=") for line in lines)
    assert any(line.startswith("::warning file=content/agency.yaml,line=") for line in lines)


def test_text_groups_by_subindicator_and_ends_with_a_summary(broken_report):
    text = render(broken_report, "text")
    assert text.index("9.1 ข้อมูลพื้นฐาน") < text.index("9.3 การจัดซื้อจัดจ้าง") < text.index("O12")
    last = text.strip().splitlines()[-1]
    assert last.startswith("ไม่ผ่าน FAILED") and "27/28 items pass" in last


# --------------------------------------------------------------------------- command line

def test_cli_exit_codes(complete, tmp_path, capsys):
    assert main(["check", str(complete), "--year", "2568", "--no-site"]) == 0
    assert main(["check", str(complete), "--year", "2570"]) == 2
    assert main(["check", str(tmp_path), "--year", "2568"]) == 2  # no content/ folder
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    remove(root, ("procurement", 2567, ("annual_report", "problems")))
    assert main(["check", str(root), "--year", "2568", "--no-site"]) == 0
    assert main(["check", str(root), "--year", "2568", "--no-site", "--strict"]) == 1
    (root / "content/agency.yaml").write_text("name: [", encoding="utf-8")
    assert main(["check", str(root), "--year", "2568", "--no-site"]) == 1
    capsys.readouterr()


def test_cli_uses_a_project_catalog(complete, tmp_path, capsys):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    (root / "catalogs").mkdir()
    (root / "catalogs" / "moph-moit-2568.yaml").write_text(
        "framework: moph-moit\nyear: 2568\ntitle: MOIT 2568\n"
        "subindicators: [{code: '1', title: หมวด 1}]\n"
        "items:\n  - code: MOIT1\n    concept: news\n    title: เผยแพร่ข้อมูล\n"
        "    subindicator: '1'\n    period: curr_fy\n    components:\n"
        "      - {id: news, th: ข่าว, en: news, rule: {dated: {path: news, min: 1}}}\n",
        encoding="utf-8")
    assert main(["check", str(root), "--catalog", "moph-moit", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["catalog"] == "moph-moit-2568" and data["items"][0]["code"] == "MOIT1"


# --------------------------------------------------------------------------- built-site checks

def _fake_site(root: Path, report, partial: bool = True) -> Path:
    """A minimal built site: home → one hub → every item page, each with its ITA block."""
    site = root / "site"
    urls = sorted({r.url for r in report.items})
    hub = "".join(f'<a href="{u}">{u}</a>' for u in urls)
    (site / "hub").mkdir(parents=True)
    (site / "index.html").write_text('<a href="/hub/">hub</a>', encoding="utf-8")
    (site / "hub" / "index.html").write_text(hub, encoding="utf-8")
    for url in urls:
        refs = [r for r in report.items if r.url == url]
        block = "".join(f'<li data-ita="{report.catalog.year} {r.item.code}">{r.item.code} '
                        f'{r.item.title}</li>' for r in refs)
        html = (f'<ul class="ita-items">{block}</ul>' if partial else "") + \
            '<p class="updated">ปรับปรุงข้อมูลล่าสุด 1 ม.ค. 2568</p>'
        page = site / url.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
    for rel in ("files/doc.pdf", "images/p.jpg"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(ita_project.PDF)
    return site


@pytest.fixture
def with_site(complete, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    _fake_site(root, check(root, 2568))
    return root


def site_findings(root: Path):
    report = run_check(root, year=2568, today=TODAY)
    return [f for f in report.site_findings.items]


def test_a_good_site_has_no_site_findings(with_site):
    assert site_findings(with_site) == []


def test_site_page_missing_unreachable_undated_or_without_item(with_site):
    site = with_site / "site"
    (site / "hr" / "2568" / "index.html").unlink()
    hub = (site / "hub" / "index.html").read_text(encoding="utf-8")
    (site / "hub" / "index.html").write_text(hub.replace('<a href="/risk/2568/">', "<a>"))
    page = site / "no-gift" / "2568" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").split("<p ")[0])
    page = site / "ita-measures" / "2568" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('data-ita="2568 O27"', ""))
    (site / "files" / "doc.pdf").write_bytes(b"")
    found = {(f.key, f.file, f.en.split(" ")[0]) for f in site_findings(with_site)}
    assert ("O14", "site/hr/2568/index.html", "the") in found
    assert any(k == "O23" and "risk/2568" in file for k, file, _ in found)
    assert any(k == "O21" and "no-gift/2568" in file for k, file, _ in found)
    assert ("O27", "site/ita-measures/2568/index.html", "the") in found
    assert any(file == "site/files/doc.pdf" for _, file, _ in found)


def test_site_without_the_partial_gets_one_clear_warning(complete, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(complete / "content", root / "content")
    _fake_site(root, check(root, 2568), partial=False)
    (finding,) = site_findings(root)
    assert finding.severity == "warning" and finding.key == "partials/ita_items.html"


# --------------------------------------------------------------------------- periods

def test_periods_become_fiscal_year_windows():
    from itagen.criteria.rules import months_of

    h1 = window("curr_fy_h1", 2568, TODAY)
    assert (h1.year, h1.start, h1.end) == (2568, date(2024, 10, 1), date(2025, 3, 31))
    prev = window("prev_fy", 2568, TODAY)
    assert (prev.year, prev.start, prev.end) == (2567, date(2023, 10, 1), date(2024, 9, 30))
    assert len(months_of(window("curr_fy", 2569, TODAY), first_half=False)) == 12
    # Months after today are never required: in mid-November FY2570 has two months so far.
    assert months_of(window("curr_fy", 2570, TODAY), first_half=False) == [(2025 + 1, 10),
                                                                           (2026, 11)]
