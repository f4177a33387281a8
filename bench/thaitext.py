"""Deterministic Thai filler text for the benchmark project.

Everything comes from the fixed vocabulary below and a caller-supplied `random.Random`, so one seed
always gives the same project. Like real Thai, words inside a sentence are written together and a
space only separates sentences (or clauses); digits appear only in tables, lists and figures.
"""
from __future__ import annotations

import random

SUBJECTS = (
    "องค์การบริหารส่วนตำบล", "นายกองค์การบริหารส่วนตำบล", "ปลัดองค์การบริหารส่วนตำบล",
    "กองช่าง", "กองคลัง", "สำนักปลัด", "กองสาธารณสุขและสิ่งแวดล้อม", "กองการศึกษา",
    "คณะกรรมการชุมชน", "ผู้ใหญ่บ้าน", "อาสาสมัครสาธารณสุขประจำหมู่บ้าน", "คณะผู้บริหาร",
    "สมาชิกสภาองค์การบริหารส่วนตำบล", "เจ้าหน้าที่ป้องกันและบรรเทาสาธารณภัย", "คณะทำงาน",
    "ศูนย์พัฒนาเด็กเล็ก", "งานพัฒนาชุมชน", "ฝ่ายจัดเก็บรายได้",
)
VERBS = (
    "ได้จัด", "ได้ดำเนินการ", "ร่วมกับ", "ส่งเสริม", "สนับสนุน", "พัฒนา", "ปรับปรุง",
    "ซ่อมแซม", "ก่อสร้าง", "ตรวจสอบ", "ติดตาม", "ประเมินผล", "รณรงค์", "ป้องกัน", "แก้ไข",
    "ให้บริการ", "เข้าร่วม", "ประชาสัมพันธ์", "มอบ", "ลงพื้นที่", "รับฟัง", "สำรวจ",
    "จัดอบรม", "จัดประชุม", "เปิดรับ", "ประกาศ", "เชิญชวน", "อำนวยความสะดวก",
)
OBJECTS = (
    "โครงการ", "กิจกรรม", "การประชุมประชาคมหมู่บ้าน", "ถนนคอนกรีตเสริมเหล็ก", "ระบบประปาหมู่บ้าน",
    "ไฟฟ้าสาธารณะ", "การคัดแยกขยะ", "สิ่งแวดล้อม", "สุขภาพของประชาชน", "โรคไข้เลือดออก",
    "ลูกน้ำยุงลาย", "ผู้ประสบภัยน้ำท่วม", "ภัยแล้ง", "เกษตรกร", "การปลูกข้าว", "ยางพารา",
    "ตลาดชุมชน", "สินค้าท้องถิ่น", "ประเพณีสงกรานต์", "ประเพณีลอยกระทง", "ผู้สูงอายุ",
    "ผู้พิการ", "เด็กและเยาวชน", "นักเรียน", "ศาลาประชาคม", "รางระบายน้ำ", "ฝายชะลอน้ำ",
    "แผนพัฒนาท้องถิ่น", "เบี้ยยังชีพ", "ภาษีที่ดินและสิ่งปลูกสร้าง", "ภาษีป้าย", "ใบอนุญาตก่อสร้างอาคาร",
    "ความโปร่งใส", "การป้องกันการทุจริต", "คุณธรรมและจริยธรรม", "การมีส่วนร่วมของประชาชน",
    "ความพึงพอใจในการให้บริการ", "ข้อมูลข่าวสารของราชการ", "การจัดซื้อจัดจ้าง", "งบประมาณรายจ่าย",
    "วัสดุอุปกรณ์", "รถบรรทุกน้ำ", "เครื่องสูบน้ำ", "ต้นไม้", "คลองสาธารณะ", "วัคซีนป้องกันโรคพิษสุนัขบ้า",
)
LINKS = (
    "และ", "เพื่อ", "โดย", "ของ", "ใน", "ให้แก่", "กับ", "ที่", "ซึ่ง", "ร่วมกับ", "ตาม",
    "ณ", "ประจำปี", "สำหรับ", "ภายใน", "ทั่วทั้ง", "บริเวณ", "พร้อมทั้ง",
)
PLACES = (
    "หมู่ที่หนึ่ง", "หมู่ที่สอง", "บ้านหนองบัว", "บ้านโคกสูง", "บ้านดอนแดง", "บ้านนาคำ",
    "ที่ทำการองค์การบริหารส่วนตำบล", "วัดศรีสว่าง", "โรงเรียนบ้านหนองบัว", "ลานอเนกประสงค์",
    "ห้องประชุมสภา", "ศูนย์พัฒนาเด็กเล็กบ้านโคกสูง",
)
ENDINGS = (
    "อย่างต่อเนื่อง", "ได้อย่างมีประสิทธิภาพ", "ตามแผนที่กำหนดไว้", "เป็นไปด้วยความเรียบร้อย",
    "ให้ดียิ่งขึ้น", "อย่างทั่วถึง", "เพื่อประโยชน์สุขของประชาชน", "ตามระเบียบที่เกี่ยวข้อง",
    "", "", "",
)
FIXED = (
    "ขอเชิญชวนประชาชนร่วมแสดงความคิดเห็นได้ทุกช่องทาง",
    "ทั้งนี้สามารถสอบถามรายละเอียดเพิ่มเติมได้ที่สำนักปลัดในวันและเวลาราชการ",
    "จึงประกาศให้ทราบโดยทั่วกัน",
    "ขอขอบคุณทุกภาคส่วนที่ให้ความร่วมมือเป็นอย่างดี",
    "ผู้สนใจสามารถดาวน์โหลดเอกสารได้ทางเว็บไซต์ขององค์การบริหารส่วนตำบล",
    "การดำเนินงานดังกล่าวเป็นไปตามแผนพัฒนาท้องถิ่นและข้อบัญญัติงบประมาณรายจ่าย",
)
UNITS = ("คน", "ครัวเรือน", "ราย", "แห่ง", "เมตร", "ชุด", "ครั้ง", "หมู่บ้าน")
FIRST_NAMES = ("สมชาย", "สมศรี", "วิไลวรรณ", "ประเสริฐ", "สุนทร", "กาญจนา", "ธนพล", "อรุณี",
               "บุญมี", "จันทร์เพ็ญ", "สุรชัย", "มาลัย", "วีระ", "นงลักษณ์", "ชัยวัฒน์", "ศิริพร")
LAST_NAMES = ("ใจดี", "ศรีสุข", "บุญเรือง", "แก้วมณี", "ทองดี", "สายสุวรรณ", "พรหมมา",
              "ชัยมงคล", "รุ่งเรือง", "คำภา", "สุขเจริญ", "วงศ์ใหญ่")
TITLES_M = ("นาย",)
TITLES_F = ("นาง", "นางสาว")


def sentence(rng: random.Random) -> str:
    """One sentence: subject verb object, a few linked phrases, maybe an ending; no spaces."""
    if rng.random() < 0.08:
        return rng.choice(FIXED)
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
    for _ in range(rng.randint(1, 4)):
        parts.append(rng.choice(LINKS))
        parts.append(rng.choice(OBJECTS if rng.random() < 0.7 else PLACES))
    parts.append(rng.choice(ENDINGS))
    return "".join(parts)


def paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 5)) -> str:
    """Sentences separated by single spaces, as Thai writing does."""
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def phrase(rng: random.Random) -> str:
    """A short noun phrase: a title, a heading, a list entry."""
    text = rng.choice(VERBS).removeprefix("ได้") + rng.choice(OBJECTS)
    if rng.random() < 0.5:
        text += rng.choice(LINKS) + rng.choice(OBJECTS + PLACES)
    return text


def title(rng: random.Random) -> str:
    return rng.choice(SUBJECTS) + rng.choice(VERBS) + rng.choice(OBJECTS) + rng.choice(
        ("ประจำปีงบประมาณ", "ณ", "ให้แก่", "ร่วมกับ")) + rng.choice(OBJECTS + PLACES)


def person(rng: random.Random) -> str:
    prefix = rng.choice(TITLES_M + TITLES_F)
    return f"{prefix}{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def markdown_body(rng: random.Random, min_bytes: int, max_bytes: int) -> str:
    """A news body of about min..max UTF-8 bytes: headings, lists, a table, bold and a link."""
    target = rng.randint(min_bytes, max_bytes - 640)  # the last sentence may overshoot a little
    blocks = [paragraph(rng, (1, 2)), f"## {phrase(rng)}", paragraph(rng, (1, 2)),
              "\n".join(f"- {phrase(rng)}" for _ in range(rng.randint(3, 5))), _table(rng),
              f"### {phrase(rng)}",
              "\n".join(f"{i}. {phrase(rng)}" for i in range(1, rng.randint(4, 6)))]
    tail = (f"**{rng.choice(FIXED)}** ดูรายละเอียดเพิ่มเติมได้ที่"
            f"[เว็บไซต์กรมส่งเสริมการปกครองท้องถิ่น](https://www.dla.go.th/)")
    size = sum(len(b.encode()) + 2 for b in blocks) + len(tail.encode())
    while size < target:
        if rng.random() < 0.25:
            block = f"## {phrase(rng)}"
        else:
            block = sentence(rng)
            if blocks[-1][0] not in "#|-1" and rng.random() < 0.6:  # extend the last paragraph
                blocks[-1] += " " + block
                size += len(block.encode()) + 1
                continue
        blocks.append(block)
        size += len(block.encode()) + 2
    return "\n\n".join(blocks + [tail]) + "\n"


def _table(rng: random.Random) -> str:
    rows = ["| ลำดับ | รายการ | จำนวน | หน่วย |", "|---:|---|---:|---|"]
    for i in range(1, rng.randint(4, 8)):
        rows.append(f"| {i} | {phrase(rng)} | {rng.randint(1, 500):,} | {rng.choice(UNITS)} |")
    return "\n".join(rows)
