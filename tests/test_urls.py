"""`itagen urls`: item code → absolute URL on the agency's site, for the ITAS form."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from itagen.cli import main
from itagen.criteria.loader import read_catalog
from itagen.criteria.urls import url_rows

import ita_project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return ita_project.write_project(tmp_path_factory.mktemp("urls"))


def run(capsys, *args) -> tuple[int, str]:
    code = main(["urls", *map(str, args)])
    return code, capsys.readouterr().out


def test_json(project, capsys):
    code, out = run(capsys, project, "--year", "2568", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["year"] == 2568 and len(data["items"]) == 28
    assert all(set(item) == {"code", "title", "url", "explanation"} for item in data["items"])
    by_code = {item["code"]: item for item in data["items"]}
    assert by_code["O12"]["url"] == "https://www.test.go.th/procurement/2568/"
    assert by_code["O13"]["url"] == "https://www.test.go.th/procurement/2567/"
    assert "6 เดือนแรก" in by_code["O12"]["explanation"]
    assert by_code["O1"]["url"] == "https://www.test.go.th/structure/"


def test_csv_has_a_header_and_the_same_columns(project, capsys):
    code, out = run(capsys, project, "--year", "2569", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0] == ["code", "title", "url", "explanation"]
    assert len(rows) == 27
    assert rows[11][0] == "O11" and rows[11][2] == "https://www.test.go.th/procurement/2569/"


def test_markdown_table(project, capsys):
    code, out = run(capsys, project, "--year", "2566", "--format", "md")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("| ข้อ |") and len(lines) == 2 + 43


def test_every_item_of_every_catalog_has_an_absolute_url():
    for year in range(2565, 2570):
        for row in url_rows(read_catalog(f"nacc-oit-{year}"), "https://x.go.th/"):
            assert row["url"].startswith("https://x.go.th/") and row["url"].endswith("/")
            assert row["explanation"]


def test_urls_needs_a_project(tmp_path, capsys):
    assert main(["urls", str(tmp_path), "--year", "2568"]) == 2


def test_ita_index_pages_and_items_per_page(project):
    from itagen.load import load_project
    from itagen.routes import plan_pages

    pages = {page.url: page for page in plan_pages(load_project(project)[0])}
    assert {f"/ita/{year}/" for year in range(2565, 2570)} | {"/ita/"} <= set(pages)
    index = pages["/ita/2568/"].context["ita"]
    assert [g["code"] for g in index["groups"]] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1",
                                                    "10.2"]
    assert sum(len(g["items"]) for g in index["groups"]) == 28
    assert [y["year"] for y in index["years"] if y["current"]] == [2568]
    answered = {(ref["year"], ref["code"]) for ref in pages["/procurement/2568/"].context["ita_items"]}
    assert {(2568, "O12"), (2569, "O12")} <= answered  # 2569 O12 is the report on FY2568
    older = {(ref["year"], ref["code"]) for ref in pages["/procurement/2567/"].context["ita_items"]}
    assert {(2567, "o21"), (2568, "O13")} <= older
    assert all("ita_items" in page.context for page in pages.values())


def test_check_plans_the_same_urls_as_the_build(project):
    """`check` plans pages without evaluating every catalog; its URL list must still be the build's,
    or its broken-link findings would differ from the build's."""
    from itagen.load import load_project
    from itagen.routes import plan_pages

    loaded = load_project(project)[0]
    built = [page.url for page in plan_pages(loaded)]
    assert [page.url for page in plan_pages(loaded, evaluate_ita=False)] == built
    assert "/ita/" in built
