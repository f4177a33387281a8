"""A small, complete project for the criteria tests: every catalog item of 2565–2569 is met.

The demo agency under content/ is the real end-to-end fixture; this one exists so the check tests
run (and stay exact) while the demo is being written, and so mutations are cheap. Dates are
พ.ศ.; fiscal year N runs from 1 Oct N-1 to 30 Sep N.
"""
from __future__ import annotations

from pathlib import Path

import yaml

YEARS = range(2563, 2571)
PDF = b"%PDF-1.4\n% itagen test\n"


def _doc(title: str, name: str = "files/doc.pdf") -> dict:
    return {"title": title, "file": name}


def _report(title: str, day: str) -> dict:
    return {"title": title, "date": day, "summary": "สรุป", "documents": [_doc(title)]}


def _outcome(title: str, day: str) -> dict:
    return {**_report(title, day), "budget_used": "ใช้ไป 90%", "problems": "งบประมาณจำกัด",
            "suggestions": "วางแผนล่วงหน้า"}


def _activity(title: str, day: str) -> dict:
    return {"title": title, "date": day, "description": "รายละเอียดกิจกรรม"}


def _project(name: str, fy: int) -> dict:
    return {"name": name, "budget": 50000, "start": f"{fy - 1}-11-01", "end": f"{fy}-08-31",
            "status": "in_progress", "spent": 20000, "progress": 40}


SINGLETONS = {
    "agency.yaml": {
        "name": "องค์การบริหารส่วนตำบลทดสอบ", "kind": "อบต.", "district": "เมือง",
        "province": "ขอนแก่น", "address": "1 หมู่ 1 ตำบลทดสอบ", "phone": "043-000000",
        "fax": "043-000001", "email": "saraban@test.go.th", "website": "https://www.test.go.th/",
        "map": {"lat": "16.4", "lon": "102.8"}, "itas_code": "u4gpi2",
        "inquiry": [{"kind": "line", "name": "Line OA", "url": "https://line.me/R/ti/p/@test"}],
        "social": [{"kind": "facebook", "name": "Facebook", "url": "https://facebook.com/test"}],
    },
    "structure.yaml": {
        "political": [{"title": "นายก อบต.", "children": [{"title": "รองนายก อบต."}]}],
        "civil_service": [{"title": "ปลัด อบต.", "children": [{"title": "สำนักปลัด"}]}],
        "duties": "มีหน้าที่ตาม พ.ร.บ. สภาตำบลและองค์การบริหารส่วนตำบล มาตรา 66 และ 67",
        "divisions": [{"name": "สำนักปลัด", "head": "หัวหน้าสำนักปลัด", "duties": "งานบริหารทั่วไป"}],
    },
    "executives.yaml": {"people": [
        {"name": "นายหนึ่ง ทดสอบ", "position": "นายก อบต.", "side": "political", "level": "head",
         "photo": "images/p.jpg", "phone": "081-0000000"},
        {"name": "นายสอง ทดสอบ", "position": "รองนายก อบต.", "side": "political",
         "level": "deputy", "photo": "images/p.jpg", "phone": "081-0000001"},
        {"name": "นางสาม ทดสอบ", "position": "ปลัด อบต.", "side": "civil_service",
         "level": "head", "photo": "images/p.jpg", "email": "palad@test.go.th"},
    ]},
    "laws.yaml": {"laws": [{"title": "พ.ร.บ. สภาตำบลฯ", "url": "https://www.krisdika.go.th/x"}]},
    "manuals.yaml": {"staff": [_doc("คู่มือการปฏิบัติงาน")], "service": [_doc("คู่มือประชาชน")]},
    "eservices.yaml": {"services": [{"name": "ยื่นคำร้องออนไลน์", "url": "https://forms.test/x",
                                     "manual": _doc("วิธีใช้")}]},
    "complaints/channels.yaml": {
        "corruption": {"url": "https://www.test.go.th/corruption-form", "protection": "ปกปิดชื่อผู้แจ้ง"},
        "general": {"url": "https://www.test.go.th/complaint-form", "phone": "043-000000"},
        "national": [{"kind": "website", "name": "ป.ป.ช.", "url": "https://www.nacc.go.th/"}],
        "guideline": {"responsible_unit": "สำนักปลัด", "documents": [_doc("แนวปฏิบัติ")],
                      "steps": [{"title": "รับเรื่อง", "time_limit": "1 วันทำการ"},
                                {"title": "ตรวจสอบ", "time_limit": "15 วันทำการ"}]},
    },
    "ethics/code.yaml": {"summary": "ประมวลจริยธรรมพนักงานส่วนตำบล",
                         "documents": [_doc("ประมวลจริยธรรม")]},
    "plans/development.yaml": {"plans": [
        {"title": "แผนพัฒนาท้องถิ่น (พ.ศ. 2561–2565)", "start_year": 2561, "end_year": 2565,
         "strategies": [{"title": "โครงสร้างพื้นฐาน", "goals": ["ถนนดี"],
                         "indicators": [{"name": "ถนน", "target": "10 สาย"}]}]},
        {"title": "แผนพัฒนาท้องถิ่น (พ.ศ. 2566–2570)", "start_year": 2566, "end_year": 2570,
         "strategies": [{"title": "โครงสร้างพื้นฐาน", "goals": ["ถนนดี"],
                         "indicators": [{"name": "ถนน", "target": "10 สาย"}]}]},
    ]},
}


def yearly(fy: int) -> dict[str, dict]:
    """Every yearly file of fiscal year `fy`, each with all its parts."""
    oct1, mar, jun = f"{fy - 1}-10-15", f"{fy}-03-31", f"{fy}-06-15"
    months = [f"{fy - 1}-{m:02d}" for m in (10, 11, 12)] + [f"{fy}-{m:02d}" for m in range(1, 10)]
    return {
        "plans": {"plan": _report("แผนดำเนินงาน", oct1), "projects": [_project("ถนน", fy)],
                  "progress": [{**_report("รายงาน 6 เดือน", mar), "as_of": mar}],
                  "results": _outcome("รายงานผลการดำเนินงาน", f"{fy}-10-30")},
        "services": {"statistics": [{"service": "ทะเบียน", "channel": "onsite", "monthly": [5] * 6},
                                    {"service": "ยื่นคำร้องออนไลน์", "channel": "online",
                                     "monthly": [3] * 6}],
                     "satisfaction": {"title": "ผลสำรวจ", "respondents": 100, "score": 90}},
        "procurement": {
            "plan": _report("แผนการจัดซื้อจัดจ้าง", oct1),
            "announcements": [_doc("ประกาศเชิญชวน")],
            "items": [{"name": "จ้างซ่อมถนน", "budget": 100000, "source": "งบประมาณรายจ่ายประจำปี",
                       "status": "completed", "method": "เฉพาะเจาะจง", "median_price": 100000,
                       "price": 95000, "vendor": "หจก. ทดสอบ", "egp": "67019000001",
                       "date": oct1}],
            "monthly": [{"month": month, "none": True} for month in months[1:]],
            "annual_report": _outcome("รายงานผลการจัดซื้อจัดจ้าง", f"{fy}-10-30")},
        "hr": {"policy": _report("นโยบาย HR", oct1), "plan": _report("แผน HR", oct1),
               "criteria": {**_report("หลักเกณฑ์", oct1), "topics": ["การสรรหา", "การบรรจุแต่งตั้ง", "การพัฒนา", "การประเมินผล", "การให้คุณให้โทษ"]},
               "progress": _report("ความก้าวหน้า HR", mar),
               "annual_report": _outcome("รายงานผล HR", f"{fy}-10-30")},
        "complaints": {"periods": [{"period": "ไตรมาส 1", "received": 1, "done": 1,
                                    "in_progress": 0}]},
        "participation": {"activities": [_activity("ประชาคมหมู่บ้าน", jun)]},
        "nogift": {"declaration": {"title": "ประกาศ No Gift", "signer": "นายหนึ่ง ทดสอบ",
                                   "position": "นายก อบต.", "date": oct1, "text": "ไม่รับของขวัญ",
                                   "text_en": "No gifts", "scan": _doc("ประกาศ")},
                   "activities": [_activity("ประชุมมอบนโยบาย No Gift", jun)],
                   "gift_report": {**_report("รายงานการรับของขวัญ", f"{fy}-10-30"), "gifts": []}},
        "risk": {"assessment": _report("การประเมินความเสี่ยง", oct1),
                 "risks": [{"process": p, "event": "เหตุการณ์", "likelihood": 2, "impact": 3,
                            "measures": ["มาตรการ"], "owner": "สำนักปลัด", "bribery": True}
                           for p in ("permission", "authority", "procurement", "personnel")],
                 "follow_up": _outcome("ผลการจัดการความเสี่ยง", f"{fy}-10-30")},
        "anticorruption": {"plan": {**_report("แผนป้องกันการทุจริต", oct1),
                                    "projects": [_project("อบรมคุณธรรม", fy)]},
                           "six_month_report": _outcome("รายงาน 6 เดือน", mar),
                           "annual_report": _outcome("รายงานประจำปี", f"{fy}-10-30")},
        "ethics": {"working_group": _report("คำสั่งคณะทำงาน", oct1),
                   "do_and_dont": [{"do": "ปฏิเสธของขวัญ", "dont": "รับของขวัญ"}],
                   "activities": [_activity("อบรมจริยธรรม", jun)],
                   "evaluation": _report("การประเมินจริยธรรม", jun)},
        "ita": {"result": {"year": fy - 1, "score": 90, "level": "A",
                           "indicators": [{"number": 1, "name": "การปฏิบัติหน้าที่", "score": 95}]},
                "analysis": "วิเคราะห์ผลการประเมิน",
                "measures": [{"title": "เผยแพร่ข้อมูล", "answers": ["o1"], "steps": ["ทำ"],
                              "responsible": "สำนักปลัด", "period": "ต.ค.–ก.ย.", "status": "done",
                              "results": "ทำแล้ว"}],
                "report": _report("รายงานผลตามมาตรการ", f"{fy}-09-15")},
    }


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_project(root: Path) -> Path:
    """Write the complete project into `root` and return it."""
    content = root / "content"
    for name, data in SINGLETONS.items():
        _dump(content / name, data)
    for fy in YEARS:
        for kind, data in yearly(fy).items():
            _dump(content / kind / f"{fy}.yaml", data)
        news = content / "news" / f"news-{fy}.md"
        news.parent.mkdir(parents=True, exist_ok=True)
        news.write_text(f"---\ntitle: ข่าวปีงบประมาณ {fy}\ndate: {fy}-01-10\n---\nเนื้อข่าว\n",
                        encoding="utf-8")
    page = content / "pages" / "privacy.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("---\ntitle: นโยบายคุ้มครองข้อมูลส่วนบุคคล\n---\nนโยบาย\n", encoding="utf-8")
    for name in ("files/doc.pdf", "images/p.jpg"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(PDF)
    return root
