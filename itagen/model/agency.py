"""Content that describes the agency itself and changes rarely (not keyed by fiscal year)."""
from __future__ import annotations

import re
from datetime import date
from typing import Literal

from .common import Channel, Document, Step
from .schema import Ctx, Model, f, model
from .values import FileRef, Markdown, Url

AGENCY_KINDS = ("อบต.", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "อบจ.", "เมืองพัทยา",
                "กรุงเทพมหานคร", "ส่วนราชการ", "รัฐวิสาหกิจ", "องค์การมหาชน", "หน่วยงานอื่น")
LOCAL_KINDS = AGENCY_KINDS[:7]  # local administrative organizations (อปท.)
ITAS = "https://itas.nacc.go.th/go"


@model
class MapPoint(Model):
    """Map coordinates of the office (WGS84)."""

    lat: str = f("ละติจูด / latitude", required=True)
    lon: str = f("ลองจิจูด / longitude", required=True)

    def check(self, ctx: Ctx) -> None:
        for name, limit in (("lat", 90), ("lon", 180)):
            value = getattr(self, name)
            if value and not (_is_number(value) and abs(float(value)) <= limit):
                ctx.findings.add(ctx.rel, self.line_of(name), name, "พิกัดไม่ถูกต้อง",
                                 f"not a valid coordinate: '{value}'")


@model
class Agency(Model):
    """`content/agency.yaml`: who the agency is and how to reach it (OIT 2568 O3, 2566 o5)."""

    name: str = f("ชื่อหน่วยงาน / agency name", required=True)
    name_en: str = f("ชื่อภาษาอังกฤษ / English name", "")
    kind: Literal[AGENCY_KINDS] = f("ประเภทหน่วยงาน / agency type", required=True)
    district: str = f("อำเภอ / district", required=True)
    province: str = f("จังหวัด / province", required=True)
    ministry: str = f("กระทรวง / ministry", "กระทรวงมหาดไทย")
    address: str = f("ที่อยู่ / postal address", required=True)
    phone: str = f("โทรศัพท์ / phone", required=True)
    fax: str = f("โทรสาร / fax", "")
    email: str = f("อีเมล / e-mail", required=True)
    office_hours: str = f("เวลาทำการ / office hours", "")
    website: Url | None = f("ที่อยู่เว็บไซต์หลัก เช่น https://www.example.go.th/ / site URL", required=True)
    map: MapPoint | None = f("พิกัดแผนที่ / map coordinates")
    logo: FileRef | None = f("ไฟล์ตราสัญลักษณ์ / logo image")
    itas_code: str = f("รหัสหน่วยงานในระบบ ITAS (6 ตัวอักษร) / ITAS survey code", required=True)
    about: Markdown = f("ประวัติและข้อมูลทั่วไป (Markdown) / about the agency", Markdown(""))
    vision: str = f("วิสัยทัศน์ / vision", "")
    inquiry: list[Channel] = f("ช่องทางถาม-ตอบสองทาง เช่น Line, Q&A / two-way inquiry channels",
                               factory=list)
    social: list[Channel] = f("สื่อสังคมออนไลน์ / social media", factory=list)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")

    def check(self, ctx: Ctx) -> None:
        if self.itas_code and not re.fullmatch(r"[a-z0-9]{4,12}", self.itas_code):
            ctx.findings.add(ctx.rel, self.line_of("itas_code"), "itas_code",
                             "รหัส ITAS ต้องเป็นตัวอักษรอังกฤษพิมพ์เล็กหรือตัวเลข เช่น u4gpi2",
                             "ITAS code must be lowercase letters and digits, e.g. u4gpi2")
        if self.email and "@" not in self.email:
            ctx.findings.add(ctx.rel, self.line_of("email"), "email", "อีเมลไม่ถูกต้อง",
                             f"not an e-mail address: '{self.email}'")

    @property
    def is_local(self) -> bool:
        """Local governments must show both political and civil-service sides (OIT O1/O2)."""
        return self.kind in LOCAL_KINDS

    @property
    def eit_url(self) -> str:
        return f"{ITAS}/eit/{self.itas_code}"

    @property
    def iit_url(self) -> str:
        return f"{ITAS}/iit/{self.itas_code}"


@model
class OrgNode(Model):
    """A box of the organization chart; children hang below it."""

    title: str = f("ตำแหน่งหรือส่วนงาน / position or unit", required=True)
    person: str = f("ชื่อผู้ดำรงตำแหน่ง / holder's name", "")
    children: list[OrgNode] = f("ตำแหน่งหรือส่วนงานภายใต้ / units below", factory=list)


@model
class Division(Model):
    """An internal division (สำนัก กอง ฝ่าย) with its head and duties."""

    name: str = f("ชื่อส่วนงาน / division name", required=True)
    head: str = f("หัวหน้าส่วนงาน / head of division", "")
    phone: str = f("โทรศัพท์ภายใน / phone", "")
    duties: Markdown = f("หน้าที่ (Markdown) / duties", Markdown(""), required=True)


@model
class Structure(Model):
    """`content/structure.yaml`: organization chart and authority (OIT 2568 O1; 2566 o1, o3)."""

    political: list[OrgNode] = f("ผังฝ่ายการเมือง / political side", factory=list)
    civil_service: list[OrgNode] = f("ผังฝ่ายข้าราชการประจำ / civil-service side", factory=list,
                                     required=True)
    duties: Markdown = f("อำนาจหน้าที่ของหน่วยงาน (Markdown) / the agency's authority",
                         Markdown(""), required=True)
    divisions: list[Division] = f("ส่วนงานภายใน / internal divisions", factory=list, required=True)
    documents: list[Document] = f("เอกสารแนบ / documents", factory=list)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")


@model
class Person(Model):
    """One executive, shown as a card (OIT 2568 O2)."""

    name: str = f("ชื่อ-นามสกุล / full name", required=True)
    position: str = f("ตำแหน่ง / position", required=True)
    side: Literal["political", "civil_service"] = f(
        "ฝ่าย: political (การเมือง) หรือ civil_service (ข้าราชการประจำ) / side", required=True)
    level: Literal["head", "deputy", "other"] = f(
        "ระดับ: head (ผู้บริหารสูงสุด) deputy (รอง) other / level", "other")
    photo: FileRef | None = f("รูปถ่าย / photo")
    phone: str = f("โทรศัพท์ / phone", "")
    email: str = f("อีเมล / e-mail", "")


@model
class Executives(Model):
    """`content/executives.yaml`: the people who lead the agency."""

    people: list[Person] = f("รายชื่อผู้บริหาร / executives", factory=list, required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")


@model
class Law(Document):
    """A law, regulation or by-law the agency works under (2566 o6)."""

    category: str = f("หมวด เช่น พระราชบัญญัติ ข้อบัญญัติ / category", "")


@model
class Laws(Model):
    """`content/laws.yaml`."""

    laws: list[Law] = f("กฎหมายที่เกี่ยวข้อง / related laws", factory=list, required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")


@model
class Manuals(Model):
    """`content/manuals.yaml`: staff manuals (O8) and service manuals (O9)."""

    staff: list[Document] = f("คู่มือการปฏิบัติงานของเจ้าหน้าที่ / staff manuals", factory=list,
                              required=True)
    service: list[Document] = f("คู่มือการขอรับบริการสำหรับประชาชน / service manuals",
                                factory=list, required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")


@model
class EService(Model):
    """An online service that really works (OIT 2568 O10)."""

    name: str = f("ชื่อบริการ / service name", required=True)
    url: Url | None = f("ลิงก์ไปยังบริการ / link to the service", required=True)
    description: str = f("คำอธิบาย / description", "")
    manual: Document | None = f("คู่มือการใช้งาน / how-to guide")


@model
class EServices(Model):
    """`content/eservices.yaml`."""

    services: list[EService] = f("บริการออนไลน์ / online services", factory=list, required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")


@model
class CorruptionChannel(Model):
    """The corruption-complaint channel, kept apart from general complaints (2568 O18)."""

    url: Url | None = f("ลิงก์แบบฟอร์มแจ้งเรื่องร้องเรียนการทุจริตออนไลน์ / online form", required=True)
    email: str = f("อีเมลสำหรับแจ้งเบาะแส / e-mail", "")
    phone: str = f("โทรศัพท์สายตรง / hotline", "")
    postal: str = f("ที่อยู่สำหรับส่งจดหมาย / postal address", "")
    protection: Markdown = f("มาตรการคุ้มครองผู้แจ้งเบาะแส (Markdown) / whistleblower protection",
                             Markdown(""), required=True)


@model
class GeneralChannel(Model):
    """Where residents send ordinary complaints and requests."""

    url: Url | None = f("ลิงก์ร้องเรียนทั่วไป / general complaint link")
    phone: str = f("โทรศัพท์ / phone", "")
    email: str = f("อีเมล / e-mail", "")
    description: str = f("คำอธิบาย / description", "")


@model
class ComplaintGuideline(Model):
    """How a corruption complaint is handled: steps, unit, time limits (2568 O17)."""

    summary: Markdown = f("สาระสำคัญ (Markdown) / summary", Markdown(""))
    responsible_unit: str = f("หน่วยงานผู้รับผิดชอบ / responsible unit", required=True)
    steps: list[Step] = f("ขั้นตอนการจัดการเรื่องร้องเรียน / handling steps", factory=list,
                          required=True)
    documents: list[Document] = f("คู่มือหรือแนวปฏิบัติ / guideline documents", factory=list)


@model
class ComplaintChannels(Model):
    """`content/complaints/channels.yaml`: the channels and the handling guideline."""

    corruption: CorruptionChannel | None = f("ช่องทางร้องเรียนการทุจริต / corruption channel",
                                             required=True)
    general: GeneralChannel | None = f("ช่องทางร้องเรียนทั่วไป / general channel", required=True)
    national: list[Channel] = f("ช่องทางระดับประเทศ เช่น ป.ป.ช. ป.ป.ท. / national channels",
                                factory=list)
    guideline: ComplaintGuideline | None = f("แนวปฏิบัติการจัดการเรื่องร้องเรียน / guideline",
                                             required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")

    def check(self, ctx: Ctx) -> None:
        same = self.corruption and self.general and self.corruption.url == self.general.url
        if same and self.corruption.url:
            ctx.findings.add(ctx.rel, self.line_of("corruption"), "corruption.url",
                             "ช่องทางร้องเรียนการทุจริตต้องแยกจากช่องทางร้องเรียนทั่วไป",
                             "the corruption channel must differ from the general channel")


@model
class EthicsCode(Model):
    """`content/ethics/code.yaml`: the code of ethics and its rules (2568 O16, 2566 o39)."""

    summary: Markdown = f("สาระสำคัญของประมวลจริยธรรม (Markdown) / summary", Markdown(""),
                          required=True)
    documents: list[Document] = f("ประมวลจริยธรรมและข้อกำหนด / the code and its rules",
                                  factory=list, required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text.strip()) is not None
