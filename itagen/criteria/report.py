"""Output formats of `itagen check`: text for people, json for tools, github and junit for CI.

Formatting only: the numbers come from `CheckReport`; nothing here decides the exit code.
"""
from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from ..errors import ERROR, Finding
from .evaluate import MISSING, PARTIAL, PASS, CheckReport, ItemResult, renumbered

FORMATS = ("text", "json", "github", "junit")
STATUS_TH = {PASS: "ผ่าน", PARTIAL: "ไม่ครบ", MISSING: "ไม่มี"}
MARK = {PASS: "✓", PARTIAL: "◐", MISSING: "✗"}
CONFIDENCE_TH = {"confirmed": "ยืนยันแล้ว", "single_source": "แหล่งเดียว", "inferred": "อนุมาน"}


def render(report: CheckReport, fmt: str, strict: bool = False) -> str:
    """The whole report in one of FORMATS."""
    return {"text": render_text, "json": render_json, "github": render_github,
            "junit": render_junit}[fmt](report, strict)


def _message(f: Finding) -> str:
    return f"{f.th} ({f.en})"


def finding_dict(f: Finding) -> dict:
    return {"severity": f.severity, "file": f.file, "line": f.line, "key": f.key,
            "message_th": f.th, "message_en": f.en}


# --------------------------------------------------------------------------- json

def item_dict(r: ItemResult) -> dict:
    """One item of the JSON report (the shape is documented in docs/check.md)."""
    return {
        "code": r.item.code, "concept": r.item.concept, "title": r.item.title,
        "subindicator": r.item.subindicator, "period": r.item.period, "fiscal_year": r.year,
        "status": r.status, "score": r.score, "max_score": r.max_score,
        "confidence": r.item.confidence, "url": r.absolute_url, "path": r.url,
        "sources": r.sources, "previous": r.previous,
        "findings": [finding_dict(f) for f in r.findings],
    }


def render_json(report: CheckReport, strict: bool = False) -> str:
    cat = report.catalog
    data = {
        "catalog": cat.name, "framework": cat.framework, "year": cat.year, "title": cat.title,
        "previous_catalog": report.previous_catalog or None,
        "items": [item_dict(r) for r in report.items],
        "content_findings": [finding_dict(f) for f in report.content_findings.sorted()],
        "site_findings": [finding_dict(f) for f in report.site_findings.sorted()],
        "summary": {**report.summary(), "strict": strict, "failed": report.failed(strict)},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- text

def render_text(report: CheckReport, strict: bool = False) -> str:
    cat = report.catalog
    lines = [f"{cat.title} ({cat.name})"]
    content = report.content_findings.sorted()
    if content:
        lines += ["", "ข้อผิดพลาดในไฟล์เนื้อหา (content findings)"]
        lines += [f"  {f.format()}" for f in content]
    for sub in cat.subindicators:
        results = [r for r in report.items if r.item.subindicator == sub.code]
        if results:
            lines += ["", f"{sub.code} {sub.title}"]
            for r in results:
                lines += _item_lines(r)
    site = report.site_findings.sorted()
    if site:
        lines += ["", "ตรวจเว็บไซต์ที่สร้างแล้ว (built-site checks)"]
        lines += [f"  {f.format()}" for f in site]
    lines += ["", summary_line(report, strict)]
    return "\n".join(lines) + "\n"


def _item_lines(r: ItemResult) -> list[str]:
    was = f" [เดิม {' + '.join(r.previous)}]" if renumbered(r) else ""
    conf = "" if r.item.confidence == "confirmed" else \
        f" [{CONFIDENCE_TH[r.item.confidence]} {r.item.confidence}]"
    head = (f"  {MARK[r.status]} {r.item.code} {r.item.title} — {STATUS_TH[r.status]} {r.status} "
            f"{r.score}/{r.max_score}{was}{conf}")
    lines = [head]
    if r.status != PASS and r.previous_passed:
        lines.append("      ข้อมูลตามเกณฑ์ปีก่อนครบแล้ว ปีนี้ต้องเพิ่มดังนี้ "
                     "(met last year's criteria; this year also asks for:)")
    lines += [f"      {f.format()}" for f in r.findings]
    return lines


def summary_line(report: CheckReport, strict: bool = False) -> str:
    s = report.summary()
    verdict = "ไม่ผ่าน FAILED" if report.failed(strict) else "ผ่าน OK"
    return (f"{verdict}: ITA {report.catalog.year} ผ่าน {s[PASS]}/{s['items']} ข้อ "
            f"ไม่ครบ {s[PARTIAL]} ไม่มี {s[MISSING]} ข้อผิดพลาด {s['errors']} คำเตือน {s['warnings']} "
            f"คะแนน OIT ที่คาด {s['expected_oit_score']} "
            f"({s[PASS]}/{s['items']} items pass, {s[PARTIAL]} partial, {s[MISSING]} missing, "
            f"{s['errors']} error(s), {s['warnings']} warning(s), expected OIT score "
            f"{s['expected_oit_score']})")


# --------------------------------------------------------------------------- github

def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(f: Finding) -> str:
    """`::error file=content/x.yaml,line=3::message` (a GitHub Actions workflow command)."""
    level = "error" if f.severity == ERROR else "warning"
    return (f"::{level} file={_escape_property(f.file)},line={max(f.line, 1)}::"
            f"{_escape_data(_message(f))}")


def render_github(report: CheckReport, strict: bool = False) -> str:
    lines = [github_line(f) for f in report.findings()]
    lines.append(summary_line(report, strict))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- junit

def render_junit(report: CheckReport, strict: bool = False) -> str:
    """One <testcase> per item; partial or missing items (and, with strict, warnings) fail."""
    cat = report.catalog
    failures = [r for r in report.items if _fails(r, strict)]
    suite = ET.Element("testsuite", name=cat.name, tests=str(len(report.items)),
                       failures=str(len(failures)), errors="0", skipped="0")
    for r in report.items:
        case = ET.SubElement(suite, "testcase", classname=f"{cat.name}.{r.item.subindicator}",
                             name=f"{r.item.code} {r.item.title}")
        text = "\n".join(f.format() for f in r.findings)
        if _fails(r, strict):
            failure = ET.SubElement(case, "failure", type=r.status,
                                    message=f"{r.item.code}: {r.status} {r.score}/{r.max_score}")
            failure.text = text
        elif text:
            ET.SubElement(case, "system-out").text = text
    other = report.content_findings.sorted() + report.site_findings.sorted()
    if other:
        ET.SubElement(suite, "system-err").text = "\n".join(f.format() for f in other)
    root = ET.Element("testsuites", name="itagen check")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _fails(r: ItemResult, strict: bool) -> bool:
    return r.status != PASS or any(f.severity == ERROR for f in r.findings) or \
        (strict and bool(r.findings))
