"""Tests for itagen.datafiles: the ITA-o12 table in XLSX/CSV/JSON, the annual summary, QR PNGs."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from datetime import datetime
from typing import get_args

import openpyxl
import pytest

from itagen.datafiles import (O12_COLUMNS, PROCUREMENT_STATUS_TH, defuse_formula,
                              generated_files)
from itagen.load import load_project
from itagen.model.yearly import PROCUREMENT_STATUS
from itagen.qr import qr_png

# Written out again here, not imported, so a change to the module's order fails the test.
FORM_HEADERS = [
    "ที่", "ปีงบประมาณ", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "กระทรวง", "ประเภทหน่วยงาน",
    "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
    "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)",
    "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก",
    "เลขที่โครงการในระบบ e-GP",
]

AGENCY_YAML = """\
name: องค์การบริหารส่วนตำบลบ้านใหม่
kind: อบต.
district: เมืองนครพนม
province: นครพนม
address: 99 หมู่ 1 ตำบลบ้านใหม่
phone: 042-123456
email: saraban@banmai.go.th
website: https://www.banmai.go.th/
itas_code: nbk7q2
"""

YEAR_2568 = """\
updated: 2568-03-01
plan:
  title: แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2568
items:
  - name: จัดซื้อวัสดุสำนักงาน
    budget: 50,000
    source: งบประมาณรายจ่ายประจำปี
    status: completed
    method: เฉพาะเจาะจง
    median_price: 50,000.00
    price: 48,500.50
    vendor: ร้านบ้านใหม่พาณิชย์
    egp: "67109123456"
    date: 15 พ.ย. 2567
  - name: ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3
    budget: 1,234,567.50
    source: เงินอุดหนุนเฉพาะกิจ
    status: in_contract
    method: e-bidding
    median_price: 1,200,000
    price: 1,150,000
    vendor: หจก.ก่อสร้างดี
    egp: "67119000111"
    date: 2568-01-10
  - name: ซ่อมแซมรถยนต์ส่วนกลาง
    budget: 20000
    source: งบประมาณรายจ่ายประจำปี
    status: planned
    method: เฉพาะเจาะจง
    vendor: "-"
    date: 1 ก.ย. 2568
  - name: กระดาษ A4
    budget: 3000
    source: งบประมาณรายจ่ายประจำปี
    status: cancelled
    method: เฉพาะเจาะจง
    date: 15 พ.ย. 2567
"""

YEAR_2569 = """\
plan:
  title: แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2569
"""

YEAR_2567 = """\
plan:
  title: แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2567
annual_report:
  title: รายงานผลการจัดซื้อจัดจ้างประจำปี 2567
"""

AGENCY_CELLS = ["องค์การบริหารส่วนตำบลบ้านใหม่", "เมืองนครพนม", "นครพนม", "กระทรวงมหาดไทย", "อบต."]

# The 2568 rows as the CSV must show them: by date, then Thai order of the name (ก before จ).
EXPECTED_CSV = [
    ["1", "2568", *AGENCY_CELLS, "กระดาษ A4", "3000.00", "งบประมาณรายจ่ายประจำปี", "ยกเลิก",
     "เฉพาะเจาะจง", "", "", "", ""],
    ["2", "2568", *AGENCY_CELLS, "จัดซื้อวัสดุสำนักงาน", "50000.00", "งบประมาณรายจ่ายประจำปี",
     "สิ้นสุดระยะสัญญา", "เฉพาะเจาะจง", "50000.00", "48500.50", "ร้านบ้านใหม่พาณิชย์",
     "67109123456"],
    ["3", "2568", *AGENCY_CELLS, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3", "1234567.50",
     "เงินอุดหนุนเฉพาะกิจ", "อยู่ระหว่างระยะสัญญา", "e-bidding", "1200000.00", "1150000.00",
     "หจก.ก่อสร้างดี", "67119000111"],
    ["4", "2568", *AGENCY_CELLS, "ซ่อมแซมรถยนต์ส่วนกลาง", "20000.00", "งบประมาณรายจ่ายประจำปี",
     "อยู่ระหว่างวางแผน", "เฉพาะเจาะจง", "", "", "-", ""],
]
AMOUNT_COLS = (8, 12, 13)


def make_project(tmp_path, years: dict[int, str]):
    content = tmp_path / "content"
    (content / "procurement").mkdir(parents=True)
    (content / "agency.yaml").write_text(AGENCY_YAML, encoding="utf-8")
    for year, text in years.items():
        (content / "procurement" / f"{year}.yaml").write_text(text, encoding="utf-8")
    project, findings = load_project(tmp_path)
    assert not findings.errors, [item.format() for item in findings.items]
    return project


@pytest.fixture
def banmai(tmp_path):
    """The agency with fiscal years 2567 (report only), 2568 (four items), 2569 (empty)."""
    return make_project(tmp_path, {2567: YEAR_2567, 2568: YEAR_2568, 2569: YEAR_2569})


@pytest.fixture
def files(banmai):
    return dict(generated_files(banmai))


def xlsx_rows(data: bytes, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [sheet]
    return list(book[sheet].iter_rows(values_only=True))


# --- the list of files ---------------------------------------------------------------------

def test_urls_sorted_and_complete(banmai):
    urls = [url for url, _ in generated_files(banmai)]
    assert urls == sorted(urls)
    assert urls == [
        "/eit/eit-qr.png", "/eit/iit-qr.png",
        "/procurement/2567/annual-report-2567.xlsx",
        "/procurement/2567/ita-o12-2567.csv", "/procurement/2567/ita-o12-2567.json",
        "/procurement/2567/ita-o12-2567.xlsx",
        "/procurement/2568/annual-report-2568.xlsx",
        "/procurement/2568/ita-o12-2568.csv", "/procurement/2568/ita-o12-2568.json",
        "/procurement/2568/ita-o12-2568.xlsx",
        "/procurement/2569/ita-o12-2569.csv", "/procurement/2569/ita-o12-2569.json",
        "/procurement/2569/ita-o12-2569.xlsx",
    ]
    assert all(isinstance(data, bytes) and data for _, data in generated_files(banmai))


def test_status_labels_cover_every_model_status():
    assert set(PROCUREMENT_STATUS_TH) == set(get_args(PROCUREMENT_STATUS))
    assert PROCUREMENT_STATUS_TH["completed"] == "สิ้นสุดระยะสัญญา"
    assert list(O12_COLUMNS) == FORM_HEADERS


# --- XLSX ----------------------------------------------------------------------------------

def test_xlsx_has_the_form_headers_in_row_1_and_the_yaml_values(files):
    rows = xlsx_rows(files["/procurement/2568/ita-o12-2568.xlsx"], "ITA-o12")
    assert list(rows[0]) == FORM_HEADERS
    assert len(rows) == 5
    for got, want in zip(rows[1:], EXPECTED_CSV):
        assert got[0] == int(want[0]) and got[1] == 2568
        assert list(got[2:8]) == want[2:8]
        for c in AMOUNT_COLS:
            assert got[c] == (float(want[c]) if want[c] else None)
        assert [v or "" for v in got[9:12] + got[14:]] == want[9:12] + want[14:]


def test_xlsx_cells_are_typed_and_formatted(files):
    book = openpyxl.load_workbook(io.BytesIO(files["/procurement/2568/ita-o12-2568.xlsx"]))
    sheet = book["ITA-o12"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.auto_filter.ref == "A1:P5"
    budget = sheet.cell(row=4, column=9)
    assert budget.value == 1234567.5 and budget.number_format == "#,##0.00"
    assert sheet.cell(row=3, column=16).value == "67109123456"  # text, not 6.7E+10
    assert sheet.cell(row=3, column=16).data_type == "s"
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["A"].width


def test_annual_report_sums_by_method(files):
    rows = xlsx_rows(files["/procurement/2568/annual-report-2568.xlsx"], "สรุปผลประจำปี")
    assert rows[0][0] == "สรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. 2568"
    assert rows[1][0] == "องค์การบริหารส่วนตำบลบ้านใหม่ อำเภอเมืองนครพนม จังหวัดนครพนม"
    assert list(rows[3]) == ["วิธีการจัดซื้อจัดจ้าง", "จำนวนรายการ", "วงเงินงบประมาณรวม (บาท)",
                             "ราคาที่ตกลงซื้อหรือจ้างรวม (บาท)"]
    body = [tuple(r) for r in rows[4:] if any(v is not None for v in r)]
    assert body == [("e-bidding", 1, 1234567.5, 1150000.0),
                    ("เฉพาะเจาะจง", 2, 70000.0, 48500.5),
                    ("รวมทั้งสิ้น", 3, 1304567.5, 1198500.5),
                    ("ยกเลิก 1 รายการ (ไม่รวมในยอดข้างต้น)", None, None, None)]


def test_annual_report_for_a_year_with_only_the_report(files):
    rows = xlsx_rows(files["/procurement/2567/annual-report-2567.xlsx"], "สรุปผลประจำปี")
    assert rows[4] == ("รวมทั้งสิ้น", 0, 0, 0)


# --- CSV and JSON --------------------------------------------------------------------------

def test_csv_is_utf8_bom_crlf_and_matches(files):
    data = files["/procurement/2568/ita-o12-2568.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 5 and data.count(b"\n") == 5
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [FORM_HEADERS, *EXPECTED_CSV]


def test_json_matches(files):
    data = files["/procurement/2568/ita-o12-2568.json"]
    text = data.decode("utf-8")
    assert "องค์การ" in text and "\\u0e" not in text  # ensure_ascii=False
    assert text.endswith("}\n") and '\n  "agency": {' in text  # indent 2
    doc = json.loads(text)
    assert list(doc) == sorted(doc) == ["agency", "columns", "fiscal_year", "rows"]
    assert doc["fiscal_year"] == 2568
    assert doc["agency"] == dict(zip(["name", "district", "province", "ministry", "kind"],
                                     AGENCY_CELLS))
    assert doc["columns"] == FORM_HEADERS
    for got, want in zip(doc["rows"], EXPECTED_CSV, strict=True):
        assert got[:2] == [int(want[0]), 2568]
        assert got[2:] == [None if c in AMOUNT_COLS and not v else v
                           for c, v in enumerate(want)][2:]


def test_a_year_without_items_gives_header_only_files(files):
    assert "/procurement/2569/annual-report-2569.xlsx" not in files
    assert xlsx_rows(files["/procurement/2569/ita-o12-2569.xlsx"], "ITA-o12") == [
        tuple(FORM_HEADERS)]
    csv_text = files["/procurement/2569/ita-o12-2569.csv"].decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(csv_text, newline=""))) == [FORM_HEADERS]
    assert json.loads(files["/procurement/2569/ita-o12-2569.json"])["rows"] == []


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    risky = YEAR_2569 + """\
items:
  - name: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"
    budget: 1
    source: "@SUM(A1)"
    status: planned
    method: "+cmd"
    date: 1 ต.ค. 2568
"""
    files = dict(generated_files(make_project(tmp_path, {2569: risky})))
    row = list(csv.reader(io.StringIO(
        files["/procurement/2569/ita-o12-2569.csv"].decode("utf-8-sig"), newline="")))[1]
    assert row[7] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert row[9] == "'@SUM(A1)" and row[11] == "'+cmd"
    book = openpyxl.load_workbook(io.BytesIO(files["/procurement/2569/ita-o12-2569.xlsx"]))
    sheet = book["ITA-o12"]
    assert sheet["H2"].data_type == "s" and sheet["H2"].value.startswith("=HYPERLINK")
    doc = json.loads(files["/procurement/2569/ita-o12-2569.json"])
    assert doc["rows"][0][7].startswith("=HYPERLINK")  # JSON is data, never run


@pytest.mark.parametrize("text, expected", [("-", "-"), ("-5", "-5"), ("+1,000.50", "+1,000.50"),
                                            ("=1+1", "'=1+1"), ("-2+3", "'-2+3"), ("", ""),
                                            ("ร้าน -ดี", "ร้าน -ดี")])
def test_defuse_formula(text, expected):
    assert defuse_formula(text) == expected


# --- reproducibility -----------------------------------------------------------------------

def test_two_runs_give_identical_bytes(banmai, tmp_path):
    first = generated_files(banmai)
    assert generated_files(banmai) == first
    # A second, separate load of the same content must agree too.
    again = make_project(tmp_path / "again", {2567: YEAR_2567, 2568: YEAR_2568, 2569: YEAR_2569})
    assert generated_files(again) == first


def test_xlsx_dates_come_from_the_content(files):
    for url, created in [("/procurement/2568/ita-o12-2568.xlsx", "2025-03-01T00:00:00Z"),
                         ("/procurement/2568/annual-report-2568.xlsx", "2025-03-01T00:00:00Z"),
                         ("/procurement/2569/ita-o12-2569.xlsx", "2025-10-01T00:00:00Z")]:
        archive = zipfile.ZipFile(io.BytesIO(files[url]))
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        assert f">{created}</dcterms:created>" in core
        assert f">{created}</dcterms:modified>" in core
        assert str(datetime.now().year) + "-" not in core.replace(created, "")


# --- QR codes ------------------------------------------------------------------------------

def test_eit_and_iit_qr_pngs(files, banmai):
    assert files["/eit/eit-qr.png"] == qr_png("https://itas.nacc.go.th/go/eit/nbk7q2")
    assert files["/eit/iit-qr.png"] == qr_png(banmai.agency.iit_url)


@pytest.mark.skipif(shutil.which("zbarimg") is None,
                    reason="zbarimg not installed (apt-get install zbar-tools)")
def test_eit_qr_png_scans(files, tmp_path):
    path = tmp_path / "eit.png"
    path.write_bytes(files["/eit/eit-qr.png"])
    done = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True,
                          check=True)
    assert done.stdout.decode().removesuffix("\n") == "https://itas.nacc.go.th/go/eit/nbk7q2"


def test_without_agency_the_table_still_builds(banmai):
    banmai.agency = None
    files = dict(generated_files(banmai))
    assert "/eit/eit-qr.png" not in files
    doc = json.loads(files["/procurement/2568/ita-o12-2568.json"])
    assert doc["rows"][0][2:7] == ["", "", "", "", ""]
