"""Machine-readable files published beside the pages: the ITA-o12 procurement table, the annual
procurement summary and the EIT/IIT QR codes.

The ITA-o12 table keeps the 16 columns of the NACC form in the form's order, header in row 1 and
nothing above it, so assessors and scripts can read it like the official Excel form (see
shared/criteria/ita-oit-catalogs.md, "O12 (2568) procurement table").

Every file is byte-for-byte reproducible: no clock is read, the XLSX creation time comes from the
content, and every zip entry is stamped 1980-01-01 (xlsx.py).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, partial
from typing import Callable

from .model.labels import PROCUREMENT_STATUS
from .qr import qr_png
from .thai import fiscal_year_bounds, format_amount, sort_key_thai
from .xlsx import Sheet, Style, workbook_bytes

# Thai labels of Procurement.status, as written on the ITA-o12 form; templates use it too.
PROCUREMENT_STATUS_TH = PROCUREMENT_STATUS  # the Thai wording of the ITA-o12 form

O12_COLUMNS: tuple[str, ...] = (
    "ที่", "ปีงบประมาณ", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "กระทรวง", "ประเภทหน่วยงาน",
    "ชื่อรายการของงานที่ซื้อหรือจ้าง", "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
    "แหล่งที่มาของงบประมาณ", "สถานะการจัดซื้อจัดจ้าง", "วิธีการจัดซื้อจัดจ้าง", "ราคากลาง (บาท)",
    "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก",
    "เลขที่โครงการในระบบ e-GP",
)
O12_WIDTHS = (6, 11, 30, 14, 14, 16, 14, 50, 20, 26, 30, 22, 16, 20, 38, 20)
O12_SHEET = "ITA-o12"
AGENCY_FIELDS = ("name", "district", "province", "ministry", "kind")
SUMMARY_SHEET = "สรุปผลประจำปี"
SUMMARY_COLUMNS = ("วิธีการจัดซื้อจัดจ้าง", "จำนวนรายการ", "วงเงินงบประมาณรวม (บาท)",
                   "ราคาที่ตกลงซื้อหรือจ้างรวม (บาท)")
AMOUNT_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class FileGroup:
    """Data files made together from the same inputs: equal inputs make equal bytes, so the
    build may reuse the last build's files when `inputs` spell out the same values."""

    urls: tuple[str, ...]
    inputs: tuple
    make: Callable[[], list[bytes]]  # the files' bytes, in the order of `urls`


def generated_files(project) -> list[tuple[str, bytes]]:
    """(url, bytes) of every generated data file: procurement XLSX/CSV/JSON, QR PNG."""
    files = [pair for group in file_groups(project) for pair in zip(group.urls, group.make())]
    return sorted(files, key=lambda item: item[0])


@dataclass(frozen=True)
class Publisher:
    """The agency as the data files name it. Only these fields reach them, so only these are
    in their cache key: a new phone number does not rebuild every workbook."""

    name: str = ""
    district: str = ""
    province: str = ""
    ministry: str = ""
    kind: str = ""


def publisher(agency) -> Publisher | None:
    if agency is None:
        return None
    return Publisher(**{name: getattr(agency, name, "") or "" for name in AGENCY_FIELDS})


def file_groups(project) -> list[FileGroup]:
    """Every generated data file, grouped by what it is made from."""
    who = publisher(project.agency)
    groups = [FileGroup(procurement_urls(year, data), ("procurement", who, year, data),
                        partial(_procurement_bytes, who, year, data))
              for year, data in project.procurement.items()]
    if project.agency is not None:
        groups += [FileGroup((url,), ("qr", text), partial(lambda text: [qr_png(text)], text))
                   for url, text in (("/eit/eit-qr.png", project.agency.eit_url),
                                     ("/eit/iit-qr.png", project.agency.iit_url))]
    return groups


def procurement_urls(year: int, data) -> tuple[str, ...]:
    """The ITA-o12 table in three formats, plus the annual summary when there is anything."""
    base = f"/procurement/{year}/"
    urls = (f"{base}ita-o12-{year}.xlsx", f"{base}ita-o12-{year}.csv", f"{base}ita-o12-{year}.json")
    if data.items or data.annual_report is not None:
        urls += (f"{base}annual-report-{year}.xlsx",)
    return urls


def _procurement_bytes(who: Publisher | None, year: int, data) -> list[bytes]:
    """The bytes of `procurement_urls`, in their order."""
    rows = o12_rows(who, year, data.items)
    created = created_at(year, data)
    made = [o12_xlsx(rows, year, created), o12_csv(rows), o12_json(who, year, rows)]
    if data.items or data.annual_report is not None:
        made.append(annual_xlsx(who, year, data.items, created))
    return made


def created_at(year: int, data) -> datetime:
    """The workbook's creation time, taken from the content so rebuilds give the same bytes.

    The file's own `updated` date, else 1 October (the fiscal year's first day). Git dates are
    not used: a shallow CI clone would date every file to the last commit.
    """
    day = data.updated or fiscal_year_bounds(year)[0]
    return datetime(day.year, day.month, day.day)


# --- the ITA-o12 rows ----------------------------------------------------------------------

def o12_rows(agency, year: int, items) -> list[list]:
    """One row per procurement in the form's column order; amounts stay Decimal (or None)."""
    who = [getattr(agency, name, "") or "" for name in AGENCY_FIELDS]
    ordered = sorted(items, key=_item_order)
    return [[number, year, *who, item.name, item.budget, item.source,
             PROCUREMENT_STATUS_TH.get(item.status, item.status), item.method,
             item.median_price, item.price, item.vendor, item.egp]
            for number, item in enumerate(ordered, 1)]


def _item_order(item) -> tuple:
    """By date, then Thai dictionary order of the name; undated items last."""
    return (item.date or date.max, sort_key_thai(item.name or ""))


@lru_cache(maxsize=8192)  # each amount is in the workbook, the CSV and the JSON
def amount_text(value: Decimal | None) -> str:
    """'1234567.50': two decimals, no separators, as machine readers expect; '' when missing.
    (Equal amounts give equal text, so equal Decimals may share one cache entry.)"""
    return "" if value is None else format_amount(value).replace(",", "")


# --- CSV and JSON --------------------------------------------------------------------------

def o12_csv(rows: list[list]) -> bytes:
    """UTF-8 with BOM (so Excel shows Thai), CRLF line ends, header row first."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(O12_COLUMNS)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amount_text(value)
    if isinstance(value, str):
        return defuse_formula(value)
    return str(value)


def defuse_formula(text: str) -> str:
    """Prefix ' to text a spreadsheet would run as a formula (=, +, -, @), per OWASP.

    A lone '-' (the usual "none") and plain numbers such as '-5' are left alone.
    """
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and text != "-" and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text.replace(",", ""))
    except ArithmeticError:
        return False
    return True


def o12_json(agency, year: int, rows: list[list]) -> bytes:
    """{"fiscal_year", "agency", "columns", "rows"}: amounts as decimal strings, missing = null."""
    data = {
        "fiscal_year": year,
        "agency": {name: getattr(agency, name, "") or "" for name in AGENCY_FIELDS},
        "columns": list(O12_COLUMNS),
        "rows": [[_json_cell(value) for value in row] for row in rows],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _json_cell(value):
    return amount_text(value) if isinstance(value, Decimal) else value


# --- XLSX ----------------------------------------------------------------------------------

HEADER = Style(bold=True, border="box", wrap_top=True)
AMOUNT = Style(num_format=AMOUNT_FORMAT)
BOLD = Style(bold=True)
TOTAL_TEXT = Style(bold=True, border="top")
TOTAL_COUNT = Style(bold=True, border="top", num_format="#,##0")
TOTAL = Style(bold=True, border="top", num_format=AMOUNT_FORMAT)


def o12_xlsx(rows: list[list], year: int, created: datetime) -> bytes:
    """The ITA-o12 sheet: bold header in row 1, frozen, filterable; amounts as numbers."""
    sheet = Sheet(O12_SHEET, O12_WIDTHS)
    _write_header(sheet, 0, O12_COLUMNS)
    for r, row in enumerate(rows, 1):
        sheet.write_row(r, [_cell(value) for value in row])
    sheet.frozen_rows = 1
    sheet.filter_to = (max(len(rows), 1), len(O12_COLUMNS) - 1)
    return workbook_bytes(sheet, f"ITA-o12 ปีงบประมาณ {year}", created)


def _write_header(sheet: Sheet, row: int, columns) -> None:
    sheet.write_row(row, [(name, HEADER) for name in columns])
    sheet.set_height(row, 48)  # points: room for the wrapped Thai headings


def _cell(value) -> tuple[str | float | int, Style | None] | None:
    """Numbers as numbers; text always as text, so '=…' never becomes a formula and e-GP
    numbers keep their digits instead of turning into 6.7E+10."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(amount_text(value)), AMOUNT
    if isinstance(value, int):
        return value, None
    return str(value), None


# --- annual summary ------------------------------------------------------------------------

def summarise(items) -> tuple[list[tuple[str, int, Decimal, Decimal]], int]:
    """(method, count, budget, agreed price) per method in Thai order, and the cancelled count.

    Cancelled procurements never reached a contract, so they are counted apart, not summed.
    """
    table: dict[str, list] = {}
    cancelled = 0
    for item in items:
        if item.status == "cancelled":
            cancelled += 1
            continue
        entry = table.setdefault(item.method, [0, Decimal(0), Decimal(0)])
        entry[0] += 1
        entry[1] += item.budget or 0
        entry[2] += item.price or 0
    rows = [(method, *table[method]) for method in sorted(table, key=sort_key_thai)]
    return rows, cancelled


def annual_xlsx(agency, year: int, items, created: datetime) -> bytes:
    """Sheet "สรุปผลประจำปี": a title, then count and totals per method, then the grand total."""
    rows, cancelled = summarise(items)
    sheet = Sheet(SUMMARY_SHEET, (34, 14, 26, 30))
    sheet.write(0, 0, f"สรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ พ.ศ. {year}", BOLD)
    sheet.write(1, 0, _agency_line(agency))
    _write_header(sheet, 3, SUMMARY_COLUMNS)
    for r, row in enumerate(rows, 4):
        sheet.write_row(r, [_cell(value) for value in row])
    _write_totals(sheet, 4 + len(rows), rows)
    if cancelled:
        sheet.write(5 + len(rows), 0, f"ยกเลิก {cancelled} รายการ (ไม่รวมในยอดข้างต้น)")
    return workbook_bytes(sheet, f"สรุปผลการจัดซื้อจัดจ้างประจำปีงบประมาณ {year}", created)


def _agency_line(agency) -> str:
    """'อบต.บ้านใหม่ อำเภอเมือง จังหวัดนครพนม', whether or not the YAML wrote the prefixes."""
    if agency is None:
        return ""
    return " ".join((agency.name, _place("อำเภอ", agency.district),
                     _place("จังหวัด", agency.province)))


def _place(prefix: str, name: str) -> str:
    # Bangkok has เขต, not อำเภอ, and is not a จังหวัด: keep such names as written.
    if not name or name.startswith((prefix, "เขต", "กรุงเทพ")):
        return name
    return prefix + name


def _write_totals(sheet: Sheet, r: int, rows) -> None:
    sheet.write(r, 0, "รวมทั้งสิ้น", TOTAL_TEXT)
    sheet.write(r, 1, sum(row[1] for row in rows), TOTAL_COUNT)
    for c in (2, 3):
        total = sum((row[c] for row in rows), Decimal(0))
        sheet.write(r, c, float(amount_text(total)), TOTAL)
