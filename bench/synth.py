"""Write a synthetic but valid itagen project: a Thai อบต. with five fiscal years of content.

Everything is derived from a seed, so the same arguments give byte-identical projects. Sizes follow a
mid-sized tambon administrative organization: hundreds of procurement rows a year, a hundred-odd
plan projects, a dozen risks and ITA measures, monthly complaint statistics. News posts make up most
of the pages; `write_news` is called with the number of posts that brings the site to the target.

The model this must satisfy is `itagen/model/*.py`; run.py loads the result with
`itagen.load.load_project` and refuses to benchmark anything that has findings.
"""
from __future__ import annotations

import math
import random
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

import yaml

try:
    from thaitext import (OBJECTS, PLACES, SUBJECTS, markdown_body, paragraph, person,
                          phrase, sentence, title)
except ImportError:  # imported as bench.synth
    from .thaitext import (OBJECTS, PLACES, SUBJECTS, markdown_body, paragraph, person,
                           phrase, sentence, title)

YEARS = (2565, 2566, 2567, 2568, 2569)
NEWS_PER_PAGE = 10
SITE = "https://www.nongbua.go.th"
EGP = "https://process3.gprocurement.go.th/egp2procmainWeb/jsp/procsearch.sch"
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
MONTHS_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")

# Attachments: a few tiny files referenced from many documents (content/files, content/images).
PDFS = ("files/plan.pdf", "files/report.pdf", "files/announcement.pdf", "files/order.pdf")
SHEETS = ("files/summary.xlsx",)
WORD = ("files/manual.docx",)
IMAGES = ("images/logo.png", "images/activity-1.png", "images/activity-2.png",
          "images/activity-3.png", "images/person.png")


# --------------------------------------------------------------------------- YAML output

class _Dumper(yaml.SafeDumper):
    """Block style everywhere; multi-line text as literal `|` blocks, as people write it."""


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _write_yaml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- values

def fy_bounds(fy: int) -> tuple[date, date]:
    ce = fy - 543
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def day_in(rng: random.Random, fy: int) -> date:
    start, end = fy_bounds(fy)
    return start + timedelta(days=rng.randint(0, (end - start).days))


def be_date(rng: random.Random, d: date) -> str:
    """The forms Thai offices type: 2568-01-15, 15 ม.ค. 2568, 15/01/2568, 15 มกราคม 2568."""
    y = d.year + 543
    form = rng.randrange(4)
    if form == 0:
        return f"{y}-{d.month:02d}-{d.day:02d}"
    if form == 1:
        return f"{d.day} {MONTHS_SHORT[d.month - 1]} {y}"
    if form == 2:
        return f"{d.day:02d}/{d.month:02d}/{y}"
    return f"{d.day} {MONTHS_LONG[d.month - 1]} {y}"


def money(rng: random.Random, satang: int) -> str:
    """An amount as people type it: 1,234,567.50 / 250000 / 85,000 บาท."""
    baht, rest = divmod(satang, 100)
    form = rng.randrange(3)
    if form == 0:
        return f"{baht:,}.{rest:02d}"
    if form == 1:
        return f"{baht}" if rest == 0 else f"{baht}.{rest:02d}"
    return f"{baht:,} บาท" if rest == 0 else f"{baht:,}.{rest:02d} บาท"


def md(rng: random.Random, paragraphs: int = 2) -> str:
    """A short Markdown text (several paragraphs, sometimes a list)."""
    parts = [paragraph(rng, (1, 3)) for _ in range(paragraphs)]
    if rng.random() < 0.5:
        parts.append("\n".join(f"- {phrase(rng)}" for _ in range(rng.randint(2, 4))))
    return "\n\n".join(parts) + "\n"


def document(rng: random.Random, name: str | None = None, d: date | None = None,
             files: tuple[str, ...] = PDFS) -> dict:
    doc = {"title": name or phrase(rng)}
    if d:
        doc["date"] = be_date(rng, d)
    if rng.random() < 0.4:
        doc["file"] = rng.choice(files)
    else:
        doc["url"] = f"{SITE}/download/{rng.randrange(10**6):06d}.pdf"
    return doc


def report(rng: random.Random, name: str, fy: int, docs: int = 1) -> dict:
    return {"title": f"{name} ประจำปีงบประมาณ พ.ศ. {fy}", "date": be_date(rng, day_in(rng, fy)),
            "summary": md(rng, rng.randint(1, 2)),
            "documents": [document(rng, name) for _ in range(docs)]}


def outcome(rng: random.Random, name: str, fy: int) -> dict:
    data = report(rng, name, fy)
    data.update(budget_used=f"เบิกจ่ายร้อยละ {rng.randint(70, 99)} ของงบประมาณ",
                problems=md(rng, 1), suggestions=md(rng, 1))
    return data


def activity(rng: random.Random, fy: int) -> dict:
    d = day_in(rng, fy)
    data = {"title": phrase(rng), "date": be_date(rng, d), "place": rng.choice(PLACES),
            "participants": f"ประชาชนและผู้นำชุมชน {rng.randint(20, 300)} คน",
            "description": md(rng, rng.randint(1, 2))}
    if rng.random() < 0.3:
        data["end_date"] = be_date(rng, d + timedelta(days=rng.randint(1, 3)))
    data["photos"] = [{"file": rng.choice(IMAGES[1:4]), "alt": phrase(rng)}
                      for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.5:
        data["documents"] = [document(rng, "รายงานผลการจัดกิจกรรม", d)]
    return data


def channel(kind: str, name: str, url: str, description: str = "") -> dict:
    data = {"kind": kind, "name": name, "url": url}
    if description:
        data["description"] = description
    return data


# --------------------------------------------------------------------------- attachments

def _png(rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = zlib.compress(b"\x00" + bytes(rgb))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def write_attachments(content: Path) -> None:
    for rel in PDFS:
        _put(content / rel, b"%PDF-1.4\n% itagen benchmark placeholder\n%%EOF\n")
    for rel in SHEETS + WORD:
        _put(content / rel, b"PK\x05\x06" + b"\x00" * 18)  # an empty zip container
    for i, rel in enumerate(IMAGES):
        _put(content / rel, _png((40 * i, 120, 200 - 30 * i)))


def _put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --------------------------------------------------------------------------- singletons

def write_singletons(content: Path, rng: random.Random) -> None:
    _write_yaml(content / "agency.yaml", {
        "name": "องค์การบริหารส่วนตำบลหนองบัว",
        "name_en": "Nong Bua Subdistrict Administrative Organization",
        "kind": "อบต.", "district": "เมืองขอนแก่น", "province": "ขอนแก่น",
        "address": "99 หมู่ 1 ตำบลหนองบัว อำเภอเมืองขอนแก่น จังหวัดขอนแก่น 40000",
        "phone": "0 4300 0000", "fax": "0 4300 0001", "email": "saraban@nongbua.go.th",
        "office_hours": "วันจันทร์ – วันศุกร์ เวลา 08.30 – 16.30 น.", "website": SITE + "/",
        "map": {"lat": "16.441900", "lon": "102.835900"}, "logo": "images/logo.png",
        "itas_code": "u4gpi2", "about": md(rng, 4),
        "vision": "ตำบลน่าอยู่เศรษฐกิจพอเพียงประชาชนมีส่วนร่วม",
        "inquiry": [channel("line", "Line Official @nongbua", "https://line.me/R/ti/p/@nongbua"),
                    channel("qa", "กระดานถาม-ตอบ", SITE + "/qa/", "ตอบภายในสามวันทำการ"),
                    channel("messenger", "Facebook Messenger", "https://m.me/nongbua")],
        "social": [channel("facebook", "Facebook", "https://www.facebook.com/nongbua"),
                   channel("youtube", "YouTube", "https://www.youtube.com/@nongbua")],
        "updated": "2569-10-01",
    })
    _write_yaml(content / "structure.yaml", {
        "political": [_org(rng, "นายกองค์การบริหารส่วนตำบล", 2, 2)],
        "civil_service": [_org(rng, "ปลัดองค์การบริหารส่วนตำบล", 3, 3)],
        "duties": md(rng, 3),
        "divisions": [{"name": name, "head": person(rng), "phone": f"0 4300 00{i:02d}",
                       "duties": md(rng, 2)}
                      for i, name in enumerate(("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา",
                                                "กองสาธารณสุขและสิ่งแวดล้อม", "กองสวัสดิการสังคม",
                                                "หน่วยตรวจสอบภายใน"), 10)],
        "documents": [document(rng, "แผนผังโครงสร้างองค์กร")],
        "updated": "2569-10-01",
    })
    people = [("นายกองค์การบริหารส่วนตำบล", "political", "head"),
              ("รองนายกองค์การบริหารส่วนตำบล", "political", "deputy"),
              ("รองนายกองค์การบริหารส่วนตำบล", "political", "deputy"),
              ("เลขานุการนายกองค์การบริหารส่วนตำบล", "political", "other"),
              ("ประธานสภาองค์การบริหารส่วนตำบล", "political", "other"),
              ("ปลัดองค์การบริหารส่วนตำบล", "civil_service", "head"),
              ("รองปลัดองค์การบริหารส่วนตำบล", "civil_service", "deputy")] + [
              (f"ผู้อำนวยการ{name}", "civil_service", "other")
              for name in ("กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุขและสิ่งแวดล้อม",
                           "กองสวัสดิการสังคม")] + [("หัวหน้าสำนักปลัด", "civil_service", "other")]
    _write_yaml(content / "executives.yaml", {
        "people": [dict({"name": person(rng), "position": pos, "side": side, "level": level,
                         "phone": f"08 {rng.randrange(10**4):04d} {rng.randrange(10**4):04d}"},
                        **({"photo": "images/person.png"} if rng.random() < 0.6 else {}))
                   for pos, side, level in people],
        "updated": "2569-10-01",
    })
    categories = ("รัฐธรรมนูญ", "พระราชบัญญัติ", "พระราชกฤษฎีกา", "ระเบียบกระทรวงมหาดไทย",
                  "ข้อบัญญัติ", "ประกาศ")
    _write_yaml(content / "laws.yaml", {
        "laws": [dict(document(rng, f"{rng.choice(categories)}ว่าด้วย{rng.choice(OBJECTS)}"),
                      category=rng.choice(categories)) for _ in range(30)],
        "updated": "2569-06-01",
    })
    _write_yaml(content / "manuals.yaml", {
        "staff": [document(rng, f"คู่มือการปฏิบัติงาน{rng.choice(OBJECTS)}",
                           files=PDFS + WORD) for _ in range(15)],
        "service": [document(rng, f"คู่มือสำหรับประชาชนงาน{rng.choice(OBJECTS)}") for _ in range(20)],
        "updated": "2569-06-01",
    })
    services = ("ขอรับเบี้ยยังชีพผู้สูงอายุ", "ชำระภาษีที่ดินและสิ่งปลูกสร้าง", "ขออนุญาตก่อสร้างอาคาร",
                "แจ้งซ่อมไฟฟ้าสาธารณะ", "ขอรับน้ำอุปโภคบริโภค", "ร้องทุกข์ร้องเรียนออนไลน์")
    _write_yaml(content / "eservices.yaml", {
        "services": [dict({"name": name, "url": f"{SITE}/e-service/{i}/",
                           "description": sentence(rng)},
                          **({"manual": document(rng, f"วิธีใช้บริการ{name}")} if i % 2 else {}))
                     for i, name in enumerate(services, 1)],
        "updated": "2569-06-01",
    })
    _write_yaml(content / "complaints" / "channels.yaml", {
        "corruption": {"url": f"{SITE}/complaints/corruption/form/",
                       "email": "stopcorruption@nongbua.go.th", "phone": "0 4300 0099",
                       "postal": "ตู้ ปณ. 9 ที่ทำการไปรษณีย์หนองบัว 40000",
                       "protection": md(rng, 2)},
        "general": {"url": f"{SITE}/complaints/general/", "phone": "0 4300 0000",
                    "email": "saraban@nongbua.go.th", "description": sentence(rng)},
        "national": [channel("website", "สำนักงาน ป.ป.ช.", "https://www.nacc.go.th/"),
                     channel("website", "สำนักงาน ป.ป.ท.", "https://www.pacc.go.th/"),
                     channel("phone", "สายด่วนรัฐบาล 1111", "tel:1111")],
        "guideline": {"summary": md(rng, 1), "responsible_unit": "สำนักปลัด",
                      "steps": [{"title": phrase(rng), "detail": sentence(rng),
                                 "responsible": rng.choice(SUBJECTS),
                                 "time_limit": f"{rng.randint(1, 15)} วันทำการ"}
                                for _ in range(6)],
                      "documents": [document(rng, "คู่มือการจัดการเรื่องร้องเรียนการทุจริต")]},
        "updated": "2569-06-01",
    })
    _write_yaml(content / "ethics" / "code.yaml", {
        "summary": md(rng, 3),
        "documents": [document(rng, "ประมวลจริยธรรมของพนักงานส่วนท้องถิ่น"),
                      document(rng, "ข้อกำหนดจริยธรรมขององค์การบริหารส่วนตำบล")],
        "updated": "2568-03-01",
    })
    _write_yaml(content / "plans" / "development.yaml", {
        "plans": [_development(rng, 2561, 2565), _development(rng, 2566, 2570)],
        "updated": "2569-06-01",
    })


def _org(rng: random.Random, name: str, width: int, depth: int) -> dict:
    node = {"title": name, "person": person(rng)}
    if depth > 1:
        node["children"] = [_org(rng, phrase(rng), max(1, width - 1), depth - 1)
                            for _ in range(width)]
    return node


def _development(rng: random.Random, start: int, end: int) -> dict:
    return {"title": f"แผนพัฒนาท้องถิ่น (พ.ศ. {start} – {end})", "start_year": start,
            "end_year": end, "vision": sentence(rng),
            "strategies": [{"title": f"ยุทธศาสตร์การพัฒนาด้าน{rng.choice(OBJECTS)}",
                            "goals": [phrase(rng) for _ in range(3)],
                            "indicators": [{"name": phrase(rng),
                                            "target": f"ร้อยละ {rng.randint(60, 100)}"}
                                           for _ in range(3)]}
                           for _ in range(7)],
            "documents": [document(rng, "แผนพัฒนาท้องถิ่น")]}


# --------------------------------------------------------------------------- yearly files

def write_yearly(content: Path, rng: random.Random, fy: int) -> None:
    for folder, make in (("plans", _plans), ("services", _services),
                         ("procurement", _procurement), ("hr", _hr),
                         ("complaints", _complaints), ("participation", _participation),
                         ("nogift", _nogift), ("risk", _risk), ("anticorruption", _anticorruption),
                         ("ethics", _ethics), ("ita", _ita)):
        data = make(rng, fy)
        data["updated"] = be_date(rng, fy_bounds(fy)[1])
        _write_yaml(content / folder / f"{fy}.yaml", data)


def _project_row(rng: random.Random, fy: int) -> dict:
    budget = rng.randint(20, 5000) * 1000_00
    status = rng.choice(("not_started", "in_progress", "done", "done", "done", "cancelled"))
    start = day_in(rng, fy)
    row = {"name": phrase(rng), "strategy": f"ยุทธศาสตร์ที่ {rng.randint(1, 7)}",
           "unit": rng.choice(SUBJECTS), "budget": money(rng, budget), "start": be_date(rng, start),
           "end": be_date(rng, start + timedelta(days=rng.randint(0, 90))), "status": status}
    if status in ("in_progress", "done"):
        row["spent"] = money(rng, budget * rng.randint(50, 100) // 100)
        row["progress"] = 100 if status == "done" else rng.randint(10, 90)
    return row


def _plans(rng, fy):
    return {"plan": report(rng, "แผนการดำเนินงาน", fy),
            "projects": [_project_row(rng, fy) for _ in range(120)],
            "progress": [dict(report(rng, f"รายงานความก้าวหน้า{n}", fy),
                              as_of=be_date(rng, day_in(rng, fy))) for n in ("รอบ 6 เดือน",
                                                                               "รอบ 9 เดือน")],
            "results": outcome(rng, "รายงานผลการดำเนินงาน", fy)}


def _services(rng, fy):
    names = ("ขอรับเบี้ยยังชีพผู้สูงอายุ", "ขอรับเบี้ยความพิการ", "ชำระภาษีที่ดินและสิ่งปลูกสร้าง",
             "ชำระภาษีป้าย", "ขออนุญาตก่อสร้างอาคาร", "แจ้งซ่อมไฟฟ้าสาธารณะ", "ขอรับน้ำอุปโภคบริโภค",
             "จดทะเบียนพาณิชย์", "ขอใบอนุญาตประกอบกิจการ", "ขอข้อมูลข่าวสาร", "รับเรื่องร้องเรียน",
             "ขอสนับสนุนรถบรรทุกน้ำ", "ขอรับการช่วยเหลือผู้ประสบภัย", "ลงทะเบียนศูนย์พัฒนาเด็กเล็ก")
    stats = []
    for name in names:
        for chan in ("onsite", "online"):
            stats.append({"service": name, "channel": chan,
                          "monthly": [rng.randint(0, 120) for _ in range(12)]})
    return {"statistics": stats,
            "satisfaction": dict(report(rng, "ผลสำรวจความพึงพอใจในการให้บริการ", fy),
                                 respondents=rng.randint(200, 800), scale="ร้อยละ",
                                 score=f"{rng.randint(8000, 9800) / 100:.2f}",
                                 items=[{"topic": t, "score": f"{rng.randint(8000, 9900) / 100:.2f}"}
                                        for t in ("ขั้นตอนการให้บริการ", "ช่องทางการให้บริการ",
                                                  "เจ้าหน้าที่ผู้ให้บริการ", "สิ่งอำนวยความสะดวก",
                                                  "คุณภาพการให้บริการ", "ความโปร่งใส")]),
            "documents": [document(rng, "สถิติการให้บริการ", files=SHEETS + PDFS)]}


VENDORS = ("ห้างหุ้นส่วนจำกัดหนองบัวก่อสร้าง", "บริษัท ขอนแก่นวัสดุ จำกัด", "ร้านสมชายการค้า",
           "ร้านศรีสุขพาณิชย์", "ห้างหุ้นส่วนจำกัดรุ่งเรืองโยธา", "บริษัท อีสานคอมพิวเตอร์ จำกัด",
           "ร้านทองดีเครื่องเขียน", "สหกรณ์การเกษตรหนองบัว จำกัด")
METHODS = ("เฉพาะเจาะจง", "เฉพาะเจาะจง", "เฉพาะเจาะจง", "e-bidding", "e-market", "คัดเลือก")
SOURCES = ("งบประมาณรายจ่ายประจำปี", "เงินอุดหนุนเฉพาะกิจ", "เงินสะสม", "เงินอุดหนุนทั่วไป")


def _procurement(rng, fy):
    items = []
    for _ in range(rng.randint(350, 450)):
        budget = rng.randint(5, 2500) * 1000_00
        median = budget * rng.randint(85, 100) // 100
        price = median * rng.randint(80, 100) // 100
        status = rng.choice(("completed",) * 6 + ("in_contract", "signed", "in_progress",
                                                   "planned", "cancelled"))
        row = {"name": f"{rng.choice(('ซื้อ', 'จ้าง', 'จ้างเหมา'))}{phrase(rng)}",
               "budget": money(rng, budget), "source": rng.choice(SOURCES), "status": status,
               "method": rng.choice(METHODS), "date": be_date(rng, day_in(rng, fy))}
        if status not in ("planned", "cancelled"):
            row.update(median_price=money(rng, median), price=money(rng, price),
                       vendor=rng.choice(VENDORS), egp=f"{fy % 100}{rng.randrange(10**9):09d}")
        items.append(row)
    start = fy_bounds(fy)[0]
    monthly = []
    for i in range(12):
        month, year = (start.month + i - 1) % 12 + 1, start.year + (start.month + i - 1) // 12
        entry = {"month": f"{MONTHS_SHORT[month - 1]} {year + 543}"}
        if rng.random() < 0.1:
            entry.update(none=True, note="ไม่มีการจัดซื้อจัดจ้างในเดือนนี้")
        else:
            entry["documents"] = [document(rng, "แบบ สขร.1", files=SHEETS + PDFS)]
        monthly.append(entry)
    return {"plan": report(rng, "แผนการจัดซื้อจัดจ้าง", fy, 2),
            "announcements": [document(rng, f"ประกาศ{rng.choice(('ผู้ชนะการเสนอราคา', 'ประกวดราคา'))}"
                                            f"{phrase(rng)}", day_in(rng, fy))
                              for _ in range(40)],
            "items": items, "monthly": monthly,
            "annual_report": outcome(rng, "รายงานผลการจัดซื้อจัดจ้าง", fy)}


def _hr(rng, fy):
    return {"policy": report(rng, "นโยบายการบริหารทรัพยากรบุคคล", fy),
            "plan": report(rng, "แผนการบริหารและพัฒนาทรัพยากรบุคคล", fy),
            "criteria": dict(report(rng, "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล", fy),
                             topics=["การสรรหา", "การคัดเลือก", "การพัฒนาบุคลากร",
                                     "การประเมินผลการปฏิบัติงาน", "การให้คุณให้โทษ"]),
            "progress": report(rng, "การดำเนินการตามนโยบายการบริหารทรัพยากรบุคคล", fy),
            "annual_report": outcome(rng, "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล", fy)}


def _complaints(rng, fy):
    start = fy_bounds(fy)[0]
    periods = []
    for i in range(12):
        month, year = (start.month + i - 1) % 12 + 1, start.year + (start.month + i - 1) // 12
        done, open_ = rng.randint(0, 4), rng.choice((0, 0, 0, 1))
        periods.append({"period": f"{MONTHS_SHORT[month - 1]} {year + 543}",
                        "received": done + open_, "done": done, "in_progress": open_})
    return {"periods": periods, "summary": md(rng, 1),
            "documents": [document(rng, "รายงานสถิติเรื่องร้องเรียนการทุจริต")]}


def _participation(rng, fy):
    return {"activities": [activity(rng, fy) for _ in range(8)]}


def _nogift(rng, fy):
    d = day_in(rng, fy)
    gifts = [{"date": be_date(rng, day_in(rng, fy)), "item": rng.choice(("กระเช้าผลไม้", "ปฏิทิน",
                                                                        "ของที่ระลึก")),
              "giver": rng.choice(VENDORS), "value": money(rng, rng.randint(2, 30) * 100_00),
              "action": rng.choice(("ส่งคืนผู้ให้", "นำไปใช้ประโยชน์ส่วนรวม"))}
             for _ in range(rng.randint(0, 3))]
    return {"declaration": {"title": f"ประกาศเจตนารมณ์ไม่รับของขวัญ (No Gift Policy) ประจำปี {fy}",
                            "signer": person(rng), "position": "นายกองค์การบริหารส่วนตำบลหนองบัว",
                            "date": be_date(rng, d), "text": md(rng, 2),
                            "text_en": "Nong Bua SAO declares its No Gift Policy.\n",
                            "scan": document(rng, "ประกาศเจตนารมณ์ฉบับลงนาม", d)},
            "activities": [activity(rng, fy) for _ in range(3)],
            "gift_report": dict(report(rng, "รายงานการรับของขวัญและประโยชน์อื่นใด", fy), gifts=gifts)}


def _risk(rng, fy):
    processes = ("permission", "authority", "procurement", "personnel", "other")
    risks = [{"process": processes[i % 5] if i < 10 else rng.choice(processes),
              "event": sentence(rng), "likelihood": rng.randint(1, 5),
              "impact": rng.randint(1, 5), "measures": [phrase(rng) for _ in range(rng.randint(2, 4))],
              "owner": rng.choice(SUBJECTS), "bribery": i < 4}
             for i in range(14)]
    return {"assessment": report(rng, "รายงานการประเมินความเสี่ยงการทุจริต", fy), "risks": risks,
            "follow_up": outcome(rng, "รายงานผลการดำเนินการจัดการความเสี่ยง", fy)}


def _anticorruption(rng, fy):
    return {"plan": dict(report(rng, "แผนปฏิบัติการป้องกันการทุจริต", fy),
                         projects=[_project_row(rng, fy) for _ in range(35)]),
            "six_month_report": outcome(rng, "รายงานการกำกับติดตามรอบ 6 เดือน", fy),
            "annual_report": outcome(rng, "รายงานผลการดำเนินการป้องกันการทุจริต", fy)}


def _ethics(rng, fy):
    return {"working_group": report(rng, "คำสั่งแต่งตั้งคณะทำงานขับเคลื่อนจริยธรรม", fy),
            "do_and_dont": [{"do": phrase(rng), "dont": phrase(rng)} for _ in range(10)],
            "activities": [activity(rng, fy) for _ in range(4)],
            "evaluation": report(rng, "ผลการประเมินการรับรู้ประมวลจริยธรรม", fy)}


INDICATORS = ("การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
              "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
              "การปรับปรุงระบบการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต")


def _score(rng, lo=70, hi=100) -> str:
    return f"{rng.randint(lo * 100, hi * 100) / 100:.2f}"


def _ita(rng, fy):
    codes = [f"i{n}" for n in range(1, 31)] + [f"e{n}" for n in range(1, 16)] + [
        f"o{n}" for n in range(1, 44)] + ["o๔๑", "I๗", "E11"]
    measures = []
    for _ in range(12):
        status = rng.choice(("not_started", "in_progress", "done", "done"))
        m = {"title": f"มาตรการ{phrase(rng)}", "answers": rng.sample(codes, rng.randint(1, 4)),
             "steps": [phrase(rng) for _ in range(rng.randint(2, 5))],
             "responsible": rng.choice(SUBJECTS), "period": f"ต.ค. {fy - 1} – ก.ย. {fy}",
             "status": status}
        if status != "not_started":
            m.update(results=md(rng, 1), outcome=md(rng, 1), suggestions=md(rng, 1),
                     evidence=[document(rng, "หลักฐานการดำเนินการ")])
        measures.append(m)
    return {"result": {"year": fy - 1, "score": _score(rng, 75), "level": "A ผ่านดี",
                       "iit": _score(rng), "eit": _score(rng), "oit": _score(rng, 60),
                       "indicators": [{"number": n, "name": name, "score": _score(rng, 60),
                                       "previous": _score(rng, 60)}
                                      for n, name in enumerate(INDICATORS, 1)]},
            "analysis": md(rng, 4),
            "findings": [{"code": code, "issue": sentence(rng),
                          "priority": rng.choice(("urgent", "improve", "keep"))}
                         for code in rng.sample(codes, 15)],
            "measures": measures,
            "report": report(rng, "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", fy)}


# --------------------------------------------------------------------------- markdown content

def _front_matter(data: dict) -> str:
    return "---\n" + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                               width=10_000) + "---\n"


FREE_PAGES = (("privacy-policy", "นโยบายคุ้มครองข้อมูลส่วนบุคคล"),
              ("cookie-policy", "นโยบายการใช้คุกกี้"),
              ("website-policy", "นโยบายเว็บไซต์"),
              ("accessibility", "การเข้าถึงเว็บไซต์"),
              ("faq", "คำถามที่พบบ่อย"))


def write_pages(content: Path, rng: random.Random, count: int = 3) -> int:
    """`count` free pages under content/pages/ (privacy policy and the like)."""
    pages = [FREE_PAGES[i] if i < len(FREE_PAGES) else (f"page-{i}", title(rng))
             for i in range(count)]
    for slug, name in pages:
        body = markdown_body(rng, 2048, 4096)
        _put(content / "pages" / f"{slug}.md",
             (_front_matter({"title": name, "updated": "2568-05-01"}) + "\n" + body).encode())
    return len(pages)


def write_news(content: Path, count: int, seed: int) -> int:
    """`count` posts spread over the five fiscal years; returns the bytes of Markdown written."""
    rng = random.Random(f"news-{seed}")
    first, last = fy_bounds(YEARS[0])[0], fy_bounds(YEARS[-1])[1]
    span = (last - first).days
    total = 0
    for i in range(count):
        d = first + timedelta(days=(span * i) // max(1, count - 1) if count > 1 else span)
        category = rng.choice(("news", "news", "activity", "activity", "announcement",
                               "participation"))
        meta = {"title": title(rng), "date": be_date(rng, d), "category": category}
        if rng.random() < 0.5:
            meta["summary"] = sentence(rng)
        if rng.random() < 0.15:
            meta.update(image=rng.choice(IMAGES[1:4]), image_alt=phrase(rng))
        if rng.random() < 0.1:
            meta["documents"] = [document(rng, "เอกสารประกอบข่าว", d)]
        text = _front_matter(meta) + "\n" + markdown_body(rng, 2048, 4096)
        data = text.encode()
        total += len(data)
        _put(content / "news" / f"{d.isoformat()}-{i:05d}.md", data)
    return total


def news_pages(posts: int, per_page: int = NEWS_PER_PAGE) -> int:
    """HTML pages news produce: one per post plus the paginated list (never zero list pages)."""
    return posts + max(1, math.ceil(posts / per_page))


def posts_for(html_pages: int, per_page: int = NEWS_PER_PAGE) -> int:
    """Largest post count whose news pages fit in `html_pages` (at least one post)."""
    posts = max(1, html_pages * per_page // (per_page + 1))
    while posts > 1 and news_pages(posts, per_page) > html_pages:
        posts -= 1
    while news_pages(posts + 1, per_page) <= html_pages:
        posts += 1
    return posts


def write_static(root: Path, seed: int, free_pages: int = 3) -> None:
    """Everything but news: config, singletons, five years of yearly files, pages, attachments."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (root / "itagen.yaml").write_text(f"news_per_page: {NEWS_PER_PAGE}\n", encoding="utf-8")
    write_attachments(content)
    rng = random.Random(f"static-{seed}")
    write_singletons(content, rng)
    for fy in YEARS:
        write_yearly(content, rng, fy)
    write_pages(content, rng, free_pages)
