"""itagen's XLSX writer gives the very bytes XlsxWriter gives for the same workbook.

The reference below is how itagen made its workbooks with XlsxWriter before it had its own
writer; every workbook itagen makes is compared with it, on the demo and on random sheets:
text of every kind (Thai, XML's special characters, control characters, edge spaces, text over
Excel's length limit), numbers, empty cells and empty tables.
"""
from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from itagen import datafiles
from itagen.datafiles import (AMOUNT_FORMAT, O12_COLUMNS, O12_SHEET, O12_WIDTHS,
                              SUMMARY_COLUMNS, SUMMARY_SHEET, amount_text, annual_xlsx,
                              o12_xlsx, summarise)
from itagen.load import load_project

xlsxwriter = pytest.importorskip("xlsxwriter")


# --------------------------------------------------------------------------- the reference

def reference_workbook(created: datetime, title: str, fill) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": created, "title": title})
    formats = {"header": book.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                          "border": 1}),
               "amount": book.add_format({"num_format": AMOUNT_FORMAT}),
               "bold": book.add_format({"bold": True}),
               "total_text": book.add_format({"bold": True, "top": 1}),
               "total_count": book.add_format({"bold": True, "top": 1, "num_format": "#,##0"}),
               "total": book.add_format({"bold": True, "num_format": AMOUNT_FORMAT, "top": 1})}
    fill(book, formats)
    book.close()
    return out.getvalue()


def reference_header(sheet, row, columns, widths, fmt):
    for c, (name, width) in enumerate(zip(columns, widths)):
        sheet.set_column(c, c, width)
        sheet.write_string(row, c, name, fmt)
    sheet.set_row(row, 48)


def reference_cell(sheet, r, c, value, amount_fmt):
    if value is None:
        return
    if isinstance(value, Decimal):
        sheet.write_number(r, c, float(Decimal(amount_text(value))), amount_fmt)
    elif isinstance(value, int):
        sheet.write_number(r, c, value)
    else:
        sheet.write_string(r, c, str(value))


def reference_o12(rows, year, created):
    def fill(book, formats):
        sheet = book.add_worksheet(O12_SHEET)
        reference_header(sheet, 0, O12_COLUMNS, O12_WIDTHS, formats["header"])
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                reference_cell(sheet, r, c, value, formats["amount"])
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(O12_COLUMNS) - 1)

    return reference_workbook(created, f"ITA-o12 ปีงบประมาณ {year}", fill)


def reference_annual(agency, year, items, created):
    rows, cancelled = summarise(items)

    def fill(book, formats):
        sheet = book.add_worksheet(SUMMARY_SHEET)
        sheet.write_string(0, 0, f"สรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. {year}",
                           formats["bold"])
        sheet.write_string(1, 0, datafiles._agency_line(agency))
        reference_header(sheet, 3, SUMMARY_COLUMNS, (34, 14, 26, 30), formats["header"])
        for r, row in enumerate(rows, 4):
            for c, value in enumerate(row):
                reference_cell(sheet, r, c, value, formats["amount"])
        r = 4 + len(rows)
        sheet.write_string(r, 0, "รวมทั้งสิ้น", formats["total_text"])
        sheet.write_number(r, 1, sum(row[1] for row in rows), formats["total_count"])
        for c in (2, 3):
            total = sum((row[c] for row in rows), Decimal(0))
            sheet.write_number(r, c, float(Decimal(amount_text(total))), formats["total"])
        if cancelled:
            sheet.write_string(5 + len(rows), 0,
                               f"ยกเลิก {cancelled} รายการ (ไม่รวมในยอดข้างต้น)")

    return reference_workbook(created, f"สรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ {year}", fill)


# --------------------------------------------------------------------------- random sheets

def not_rich_markup(text: str) -> bool:
    """XlsxWriter writes a text shaped like `<r>…</r>` into the XML as markup; itagen escapes it
    (xlsx.py), so such texts are not compared."""
    return not (text.startswith("<r>") and text.endswith("</r>"))


TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("กขคงจฉชซ ะาิีเแโ์่้๑๒0123456789 &<>\"'_x00DF\t\n\r\x01\x1f"
                                     "\ufffe\uffff😀=+-@"), max_size=40),
    st.text(max_size=20),
    st.sampled_from(["_x000D_", " leading", "trailing ", "\u00a0", "", "=SUM(A1)", "-"]),
).filter(not_rich_markup)
AMOUNT = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**13, places=3,
                                          allow_nan=False, allow_infinity=False))
CELL = st.one_of(st.none(), TEXT, st.integers(0, 10**6), AMOUNT)
ROW = st.lists(CELL, min_size=len(O12_COLUMNS), max_size=len(O12_COLUMNS))
CREATED = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)) \
    .map(lambda when: when.replace(microsecond=0))

fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(rows=st.lists(ROW, max_size=40), year=st.integers(2560, 2580), created=CREATED)
def test_o12_workbooks_are_xlsxwriters_bytes(rows, year, created):
    assert o12_xlsx(rows, year, created) == reference_o12(rows, year, created)


ITEM = st.builds(SimpleNamespace,
                 status=st.sampled_from(["done", "cancelled", "in_progress"]),
                 method=st.sampled_from(["เฉพาะเจาะจง", "e-bidding", "คัดเลือก", "",
                                         "ตกลง & <ราคา>"]),
                 budget=AMOUNT, price=AMOUNT)
AGENCY = st.builds(SimpleNamespace, name=TEXT, district=TEXT, province=TEXT)


@fast
@given(agency=st.one_of(st.none(), AGENCY), items=st.lists(ITEM, max_size=30),
       year=st.integers(2560, 2580), created=CREATED)
def test_annual_workbooks_are_xlsxwriters_bytes(agency, items, year, created):
    assert annual_xlsx(agency, year, items, created) == \
        reference_annual(agency, year, items, created)


def test_a_text_over_excels_limit_is_cut_as_xlsxwriter_cuts_it():
    rows = [[1, 2568, "ก" * 40000, "😀" * 20000, *[None] * (len(O12_COLUMNS) - 4)]]
    created = datetime(2025, 3, 1)
    assert o12_xlsx(rows, 2568, created) == reference_o12(rows, 2568, created)


def test_every_workbook_of_the_demo_is_xlsxwriters_bytes():
    project, findings = load_project(REPO)
    assert not findings.errors
    made = 0
    for year, data in project.procurement.items():
        who = datafiles.publisher(project.agency)
        rows = datafiles.o12_rows(who, year, data.items)
        created = datafiles.created_at(year, data)
        assert o12_xlsx(rows, year, created) == reference_o12(rows, year, created)
        assert annual_xlsx(who, year, data.items, created) == \
            reference_annual(who, year, data.items, created)
        made += 2
    assert made >= 4
