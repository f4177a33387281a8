"""Building blocks shared by many content kinds: documents, reports, activities, links."""
from __future__ import annotations

from datetime import date
from typing import Literal

from .schema import Ctx, Model, f, model
from .values import FileRef, Markdown, Url

DOCUMENT_FORMATS = {"pdf": "PDF", "xlsx": "Excel", "xls": "Excel", "docx": "Word", "doc": "Word",
                    "csv": "CSV", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WebP",
                    "odt": "ODF", "ods": "ODF", "zip": "ZIP"}


@model
class Document(Model):
    """An attached document: a file under content/ or a link to one published elsewhere."""

    title: str = f("ชื่อเอกสาร / document title", required=True)
    date: date | None = f("วันที่ของเอกสาร / date of the document")
    file: FileRef | None = f("ไฟล์ใต้ content/ เช่น files/2568/plan.pdf / file under content/")
    url: Url | None = f("ลิงก์ภายนอก แทนไฟล์ / external link instead of a file")
    description: str = f("คำอธิบายสั้น ๆ / short description", "")

    def check(self, ctx: Ctx) -> None:
        if bool(self.file) == bool(self.url):
            ctx.findings.add(ctx.rel, self._line, "file",
                             "เอกสารต้องมี file หรือ url อย่างใดอย่างหนึ่ง",
                             "a document needs exactly one of 'file' or 'url'")
        if self.file and self.file.suffix not in DOCUMENT_FORMATS:
            ctx.findings.add(ctx.rel, self.line_of("file"), "file",
                             "ชนิดไฟล์ไม่รองรับ (ใช้ PDF, XLSX, DOCX, CSV หรือรูปภาพ)",
                             f"unsupported file type '.{self.file.suffix}'")

    @property
    def format(self) -> str:
        """Human name of the format (PDF, Excel…), or 'ลิงก์' for an external link."""
        return DOCUMENT_FORMATS.get(self.file.suffix, self.file.suffix.upper()) if self.file else "ลิงก์"


@model
class Photo(Model):
    """A photo under content/ with its alternative text for screen readers."""

    file: FileRef | None = f("ไฟล์รูปภาพ / image file", required=True)
    alt: str = f("คำบรรยายภาพสำหรับผู้พิการทางสายตา / alternative text", required=True)


@model
class Report(Model):
    """A dated text with documents: a policy, a plan, a report."""

    title: str = f("ชื่อ / title", required=True)
    date: date | None = f("วันที่ / date")
    summary: Markdown = f("สาระสำคัญ (Markdown) / summary", Markdown(""))
    documents: list[Document] = f("เอกสารแนบ / documents", factory=list)


@model
class Outcome(Report):
    """A results report: what was done, the budget used, problems and suggestions."""

    budget_used: str = f("ผลการใช้จ่ายงบประมาณ / budget spent, described", "")
    problems: Markdown = f("ปัญหาและอุปสรรค / problems and obstacles", Markdown(""))
    suggestions: Markdown = f("ข้อเสนอแนะ / suggestions", Markdown(""))


@model
class Activity(Model):
    """An activity that took place: a meeting, training, campaign, hearing."""

    title: str = f("ชื่อกิจกรรม / activity title", required=True)
    date: date | None = f("วันที่จัด / date held", required=True)
    end_date: date | None = f("วันสิ้นสุด ถ้ามากกว่าหนึ่งวัน / last day, if several")
    place: str = f("สถานที่ / place", "")
    participants: str = f("ผู้เข้าร่วม / who took part", "")
    description: Markdown = f("รายละเอียด (Markdown) / description", Markdown(""), required=True)
    photos: list[Photo] = f("ภาพกิจกรรม / photos", factory=list)
    documents: list[Document] = f("เอกสารแนบ / documents", factory=list)


@model
class Channel(Model):
    """A way to reach the agency: a web form, Line account, web board, phone."""

    kind: Literal["qa", "line", "messenger", "chatbot", "webboard", "form", "email", "phone",
                  "facebook", "youtube", "tiktok", "x", "instagram", "website", "other"] = f(
        "ชนิดช่องทาง / channel kind", "other")
    name: str = f("ชื่อที่แสดง / label shown", required=True)
    url: Url | None = f("ลิงก์ / link")
    description: str = f("คำอธิบาย / description", "")


@model
class Step(Model):
    """One step of a procedure, with who does it and how long it may take."""

    title: str = f("ชื่อขั้นตอน / step", required=True)
    detail: str = f("รายละเอียด / detail", "")
    responsible: str = f("ผู้รับผิดชอบ / responsible unit", "")
    time_limit: str = f("ระยะเวลา เช่น 7 วันทำการ / time limit", "")
