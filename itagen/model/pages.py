"""Markdown content: news posts and free pages (YAML front matter + Markdown body)."""
from __future__ import annotations

from datetime import date
from typing import Literal

from .common import Document
from .schema import Ctx, Model, f, model
from .values import FileRef, Markdown


@model
class NewsPost(Model):
    """`content/news/<slug>.md`: a news post (front matter + Markdown body), 2568 O4."""

    title: str = f("หัวข้อข่าว / headline", required=True)
    date: date | None = f("วันที่ / date", required=True)
    category: Literal["news", "activity", "announcement", "participation"] = f(
        "หมวด / category", "news")
    summary: str = f("ข้อความย่อ / summary", "")
    image: FileRef | None = f("ภาพประกอบ / image")
    image_alt: str = f("คำบรรยายภาพ / image description", "")
    documents: list[Document] = f("เอกสารแนบ / documents", factory=list)
    slug = ""        # from the file name
    body = Markdown("")
    # What most pages read of a post (lists, planning, checks): loaded apart (heads.py).
    _head = ("title", "date", "category", "summary", "slug", "_file", "_links")

    def check(self, ctx: Ctx) -> None:
        if self.image and not self.image_alt:
            ctx.findings.add(ctx.rel, self.line_of("image"), "image_alt",
                             "ภาพประกอบต้องมีคำบรรยายภาพ (image_alt)", "an image needs image_alt")


@model
class Page(Model):
    """`content/pages/<slug>.md`: a free page such as the privacy policy."""

    title: str = f("ชื่อหน้า / page title", required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")
    slug = ""
    body = Markdown("")
