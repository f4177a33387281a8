"""`itagen urls`: item code → absolute URL on the agency's site, ready to paste into ITAS."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from ..errors import ConfigError
from ..load import load_project
from .catalog import Catalog, Item
from .check import select_catalogs
from .concepts import CONCEPTS, absolute, concept_url
from .rules import window

FORMATS = ("csv", "json", "md")
COLUMNS = ("code", "title", "url", "explanation")
PERIOD_TH = {
    "current": "ข้อมูลปัจจุบัน",
    "curr_fy": "ปีงบประมาณ พ.ศ. {year}",
    "curr_fy_h1": "6 เดือนแรกของปีงบประมาณ พ.ศ. {year} (ต.ค. {prev} – มี.ค. {year})",
    "prev_fy": "ปีงบประมาณ พ.ศ. {year} (ปีที่ผ่านมา)",
    "prev_fy_h1": "6 เดือนแรกของปีงบประมาณ พ.ศ. {year}",
    "plan_span": "แผนที่ครอบคลุมปีงบประมาณ พ.ศ. {year}",
}


def explanation(item: Item, catalog_year: int) -> str:
    """One line for the ITAS form: what the page shows and for which period."""
    year = window(item.period, catalog_year, date.today()).year
    period = PERIOD_TH[item.period].format(year=year, prev=year - 1)
    return f"หน้า{CONCEPTS[item.concept].th} — {period}"


def url_rows(catalog: Catalog, website: str) -> list[dict]:
    """One row per item: code, title, absolute URL and explanation."""
    rows = []
    for item in catalog.items:
        year = window(item.period, catalog.year, date.today()).year
        url = absolute(website, concept_url(item.concept, year))
        rows.append({"code": item.code, "title": item.title, "url": url,
                     "explanation": explanation(item, catalog.year)})
    return rows


def run_urls(root: Path, year: int | None, catalog: str | None, fmt: str) -> str:
    """Load the project (as build does), choose the catalog, return the table in `fmt`."""
    project, _ = load_project(root.resolve())
    if project.agency is None or not project.agency.website:
        raise ConfigError("ต้องระบุ website ใน content/agency.yaml เพื่อสร้างลิงก์เต็ม "
                          "(set 'website' in content/agency.yaml to build absolute URLs)")
    chosen, _ = select_catalogs(project, year, catalog)
    return format_rows(chosen.year, url_rows(chosen, project.agency.website), fmt)


def format_rows(year: int, rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"year": year, "items": rows}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    lines = ["| ข้อ | ชื่อข้อ | URL | คำอธิบาย |", "|---|---|---|---|"]
    for row in rows:
        cells = [str(row[c]).replace("|", "\\|") for c in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
