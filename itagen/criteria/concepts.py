"""Concept keys: the stable names that tie an OIT item to content and to a page of the site.

Item numbers change every year (2568 O12 became 2569 O11); concepts do not. Each concept names the
site section that shows it (`itagen.sections`), so `itagen urls` and the ITA pages know where an
item is answered without any per-year table.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..sections import BY_KEY


@dataclass(frozen=True)
class Concept:
    """What a concept is and which section (or fixed URL) of the site shows it."""

    th: str
    en: str
    section: str = ""   # key in itagen.sections.BY_KEY
    url: str = ""       # fixed URL when no section shows it


def _c(th: str, en: str, section: str = "", url: str = "") -> Concept:
    return Concept(th, en, section, url)


CONCEPTS: dict[str, Concept] = {
    "structure": _c("โครงสร้างหน่วยงาน", "organization structure", "structure"),
    "authority": _c("อำนาจหน้าที่", "duties and authority", "structure"),
    "executives": _c("ข้อมูลผู้บริหาร", "executives", "executives"),
    "contact": _c("ข้อมูลการติดต่อ", "contact information", "agency"),
    "inquiry": _c("ช่องทางถาม-ตอบ (Q&A)", "two-way inquiry channel", "agency"),
    "social": _c("สื่อสังคมออนไลน์", "social network", "agency"),
    "laws": _c("กฎหมายที่เกี่ยวข้อง", "related laws", "laws"),
    "news": _c("ข่าวประชาสัมพันธ์", "news", "news"),
    "privacy-policy": _c("นโยบายคุ้มครองข้อมูลส่วนบุคคล", "privacy policy", url="/privacy/"),
    "strategic-plan": _c("แผนยุทธศาสตร์หรือแผนพัฒนา", "strategic or development plan",
                         "development"),
    "annual-plan": _c("แผนดำเนินงานประจำปี", "annual operating plan", "plans"),
    "plan-progress": _c("รายงานความก้าวหน้าการดำเนินงาน", "plan progress report", "plans"),
    "annual-results": _c("รายงานผลการดำเนินงานประจำปี", "annual results report", "plans"),
    "budget-plan": _c("แผนการใช้จ่ายงบประมาณประจำปี", "annual budget plan", "plans"),
    "budget-progress": _c("รายงานการใช้จ่ายงบประมาณรอบ 6 เดือน", "6-month budget report", "plans"),
    "budget-report": _c("รายงานผลการใช้จ่ายงบประมาณประจำปี", "annual budget report", "plans"),
    "staff-manual": _c("คู่มือการปฏิบัติงานของเจ้าหน้าที่", "staff manuals", "manuals"),
    "service-manual": _c("คู่มือการขอรับบริการ", "service manuals", "manuals"),
    "eservice": _c("E-Service", "online services", "eservices"),
    "service-stats": _c("สถิติการให้บริการ", "service statistics", "services"),
    "satisfaction": _c("ผลสำรวจความพึงพอใจการให้บริการ", "satisfaction survey", "services"),
    "procurement-plan": _c("แผนการจัดซื้อจัดจ้าง", "procurement plan", "procurement"),
    "procurement-announcements": _c("ประกาศการจัดซื้อจัดจ้าง", "procurement announcements",
                                    "procurement"),
    "procurement-table": _c("รายการและผลการจัดซื้อจัดจ้างรายเดือน",
                            "procurement list and monthly results", "procurement"),
    "procurement-report": _c("รายงานผลการจัดซื้อจัดจ้างประจำปี", "annual procurement report",
                             "procurement"),
    "hr-policy": _c("นโยบายการบริหารทรัพยากรบุคคล", "HR policy", "hr"),
    "hr-progress": _c("การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล", "HR policy progress", "hr"),
    "hr-criteria": _c("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล", "HR criteria", "hr"),
    "hr-plan": _c("แผนการบริหารและพัฒนาทรัพยากรบุคคล", "HR plan", "hr"),
    "hr-report": _c("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล", "annual HR report", "hr"),
    "ethics-code": _c("ประมวลจริยธรรม", "code of ethics", "ethics_code"),
    "ethics-driving": _c("การขับเคลื่อนจริยธรรม", "driving ethics", "ethics"),
    "ethics-evaluation": _c("การประเมินจริยธรรมเจ้าหน้าที่", "ethics evaluation", "ethics"),
    "complaint-guideline": _c("แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต",
                              "corruption-complaint guideline", "complaint_channels"),
    "complaint-channel": _c("ช่องทางแจ้งเรื่องร้องเรียนการทุจริต", "corruption-complaint channel",
                            "complaint_channels"),
    "complaint-stats": _c("สถิติเรื่องร้องเรียนการทุจริต", "corruption-complaint statistics",
                          "complaints"),
    "opinion-channel": _c("ช่องทางการรับฟังความคิดเห็น", "channel for opinions",
                          url="/complaints/"),
    "participation": _c("การเปิดโอกาสให้เกิดการมีส่วนร่วม", "public participation",
                        "participation"),
    "nogift-declaration": _c("ประกาศเจตนารมณ์ No Gift Policy", "No Gift declaration", "nogift"),
    "nogift-culture": _c("การสร้างวัฒนธรรม No Gift Policy", "No Gift culture activities",
                         "nogift"),
    "nogift-report": _c("รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด", "gift report", "nogift"),
    "executive-participation": _c("การมีส่วนร่วมของผู้บริหารในการป้องกันการทุจริต",
                                  "executives' part in preventing corruption", "anticorruption"),
    "risk-assessment": _c("การประเมินความเสี่ยงการทุจริต", "corruption-risk assessment", "risk"),
    "risk-followup": _c("ผลการจัดการความเสี่ยงการทุจริต", "risk follow-up report", "risk"),
    "anticorruption-plan": _c("แผนปฏิบัติการป้องกันการทุจริต", "anti-corruption plan",
                              "anticorruption"),
    "anticorruption-progress": _c("รายงานการป้องกันการทุจริตรอบ 6 เดือน",
                                  "6-month anti-corruption report", "anticorruption"),
    "anticorruption-report": _c("รายงานผลการดำเนินการป้องกันการทุจริตประจำปี",
                                "annual anti-corruption report", "anticorruption"),
    "integrity-measures": _c("มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "integrity measures", "ita"),
    "integrity-report": _c("ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
                           "integrity measures report", "ita"),
}

def concept_url(concept: str, year: int | None) -> str:
    """Site path of the page that shows `concept` for fiscal year `year`."""
    spec = CONCEPTS[concept]
    if spec.url:
        return spec.url
    section = BY_KEY[spec.section]
    return section.url(year) if section.yearly else section.url()


def absolute(base: str, path: str) -> str:
    """Join the agency's website and a site path: https://x.go.th + /procurement/2568/."""
    return (base or "").rstrip("/") + path
