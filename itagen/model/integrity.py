"""Yearly anti-corruption content: No Gift Policy, risk, prevention plan, ethics, ITA measures."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from .common import Activity, Document, Outcome, Report
from .schema import Ctx, Model, f, model
from .values import Markdown, QuestionCode
from .yearly import Project, Yearly


@model
class Declaration(Model):
    """The No Gift declaration signed by the top executive (2568 O21; 2566 o31)."""

    title: str = f("ชื่อประกาศ / title", required=True)
    signer: str = f("ผู้ลงนาม / signed by", required=True)
    position: str = f("ตำแหน่งผู้ลงนาม / signer's position", required=True)
    date: date | None = f("วันที่ลงนาม / date signed", required=True)
    text: Markdown = f("ข้อความประกาศ (Markdown) / the text", Markdown(""), required=True)
    text_en: Markdown = f("ข้อความภาษาอังกฤษ / English text", Markdown(""))
    scan: Document | None = f("ไฟล์ประกาศที่ลงนามแล้ว / the signed scan", required=True)


@model
class Gift(Model):
    """One gift or benefit received and what was done with it."""

    date: date | None = f("วันที่รับ / date received", required=True)
    item: str = f("สิ่งที่ได้รับ / what was received", required=True)
    giver: str = f("ผู้ให้ / given by", "")
    value: Decimal | None = f("มูลค่าโดยประมาณ (บาท) / estimated value")
    action: str = f("การดำเนินการ เช่น ส่งคืน / action taken", required=True)


@model
class GiftReport(Report):
    """Report on gifts received under NACC rules (2568 O22; 2566 o33)."""

    gifts: list[Gift] = f("รายการที่ได้รับ (เว้นว่างถ้าไม่มี) / gifts received", factory=list)


@model
class NoGiftYear(Yearly):
    """`content/nogift/<ปี>.yaml` (2568 O21–O22; 2569 O20; 2566 o31–o33)."""

    declaration: Declaration | None = f("ประกาศเจตนารมณ์ / the declaration", required=True)
    activities: list[Activity] = f("กิจกรรมสร้างวัฒนธรรม / culture activities", factory=list,
                                   required=True)
    gift_report: GiftReport | None = f("รายงานการรับของขวัญ / gift report")


RISK_PROCESSES = {  # the four bribery-prone processes of 2568 O23, plus room for others
    "permission": "การพิจารณาอนุมัติ อนุญาต",
    "authority": "การใช้อำนาจตามกฎหมายและการให้บริการตามภารกิจ",
    "procurement": "การจัดซื้อจัดจ้างและการใช้จ่ายงบประมาณ",
    "personnel": "การบริหารงานบุคคล",
    "other": "อื่น ๆ",
}


@model
class Risk(Model):
    """A corruption or bribery risk event with its rating and measures."""

    process: Literal[tuple(RISK_PROCESSES)] = f(
        "กระบวนการ: permission authority procurement personnel other / process", required=True)
    event: str = f("เหตุการณ์ความเสี่ยง / risk event", required=True)
    likelihood: int | None = f("โอกาส 1–5 / likelihood", required=True)
    impact: int | None = f("ผลกระทบ 1–5 / impact", required=True)
    measures: list[str] = f("มาตรการจัดการความเสี่ยง / measures", factory=list, required=True)
    owner: str = f("ผู้รับผิดชอบ / owner", required=True)
    bribery: bool = f("เป็นความเสี่ยงด้านสินบน / a bribery risk", False)

    def check(self, ctx: Ctx) -> None:
        for name in ("likelihood", "impact"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= 5:
                ctx.findings.add(ctx.rel, self.line_of(name), name,
                                 "ระดับต้องอยู่ระหว่าง 1 ถึง 5", f"{name} must be 1-5")

    @property
    def level(self) -> int:
        return (self.likelihood or 0) * (self.impact or 0)


@model
class RiskYear(Yearly):
    """`content/risk/<ปี>.yaml`: risk assessment and its follow-up (2568 O23–O24)."""

    assessment: Report | None = f("รายงานการประเมินความเสี่ยง / assessment report", required=True)
    risks: list[Risk] = f("เหตุการณ์ความเสี่ยง / risk events", factory=list, required=True)
    follow_up: Outcome | None = f("รายงานผลการจัดการความเสี่ยง / follow-up report")


@model
class PreventionPlan(Report):
    """The anti-corruption action plan with its projects (2568 O25; 2566 o36)."""

    projects: list[Project] = f("โครงการ/กิจกรรม / projects", factory=list, required=True)


@model
class AntiCorruptionYear(Yearly):
    """`content/anticorruption/<ปี>.yaml` (2568 O25–O26; 2566 o36–o38)."""

    plan: PreventionPlan | None = f("แผนปฏิบัติการป้องกันการทุจริต / action plan", required=True)
    six_month_report: Outcome | None = f("รายงานรอบ 6 เดือน / 6-month report")
    annual_report: Outcome | None = f("รายงานผลประจำปี / annual report")


@model
class DoDont(Model):
    """One Do & Don't pair for grey-area conduct."""

    do: str = f("ควรทำ / do", required=True)
    dont: str = f("ไม่ควรทำ / don't", required=True)


@model
class EthicsYear(Yearly):
    """`content/ethics/<ปี>.yaml`: driving ethics this year (2568 O16; 2566 o40–o41)."""

    working_group: Report | None = f("คำสั่งคณะทำงานขับเคลื่อนจริยธรรม / working group",
                                     required=True)
    do_and_dont: list[DoDont] = f("แนวปฏิบัติ Do & Don't", factory=list, required=True)
    activities: list[Activity] = f("การอบรมและกิจกรรม / training and activities", factory=list,
                                   required=True)
    evaluation: Report | None = f("การประเมินจริยธรรม / ethics evaluation")


@model
class IndicatorScore(Model):
    """Score of one ITA indicator, this year and the one before."""

    number: int | None = f("ตัวชี้วัดที่ / indicator number 1–10", required=True)
    name: str = f("ชื่อตัวชี้วัด / indicator name", required=True)
    score: Decimal | None = f("คะแนน / score", required=True)
    previous: Decimal | None = f("คะแนนปีก่อน / previous year's score")

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None or self.score is None else self.score - self.previous


@model
class ITAResult(Model):
    """The agency's ITA result for one assessment year."""

    year: int | None = f("ปีที่ประเมิน (พ.ศ.) / assessment year", required=True)
    score: Decimal | None = f("คะแนนรวม / overall score", required=True)
    level: str = f("ระดับผลการประเมิน เช่น A ผ่านดี / level", required=True)
    iit: Decimal | None = f("คะแนน IIT / IIT score")
    eit: Decimal | None = f("คะแนน EIT / EIT score")
    oit: Decimal | None = f("คะแนน OIT / OIT score")
    indicators: list[IndicatorScore] = f("คะแนนรายตัวชี้วัด / per indicator", factory=list,
                                         required=True)


@model
class QuestionFinding(Model):
    """An assessor's finding on one question (i7, e11, o41) and what it asks us to improve."""

    code: QuestionCode | None = f("รหัสข้อคำถาม เช่น i7 e11 o41 / question code", required=True)
    issue: str = f("ประเด็นที่ต้องพัฒนา / issue", required=True)
    priority: Literal["urgent", "improve", "keep"] = f(
        "urgent (แก้ไขเร่งด่วน) improve (พัฒนา) keep (รักษาไว้) / priority", "improve")


MEASURE_STATUS = Literal["not_started", "in_progress", "done"]


@model
class Measure(Model):
    """A measure (มาตรการ) to raise integrity, from the ITA analysis, and its results."""

    title: str = f("มาตรการ / measure", required=True)
    answers: list[QuestionCode] = f("ข้อคำถามหรือตัวชี้วัดที่ตอบ เช่น i7 e11 o41 / answers",
                                    factory=list, required=True)
    steps: list[str] = f("วิธีดำเนินการ / steps", factory=list, required=True)
    responsible: str = f("ผู้รับผิดชอบ / responsible unit", required=True)
    period: str = f("ระยะเวลา / period", required=True)
    status: MEASURE_STATUS = f("สถานะ / status", "not_started")
    results: Markdown = f("ผลการดำเนินการ / results", Markdown(""))
    outcome: Markdown = f("ผลลัพธ์ / outcome", Markdown(""))
    suggestions: Markdown = f("ข้อเสนอแนะ / suggestions", Markdown(""))
    evidence: list[Document] = f("หลักฐาน / evidence", factory=list)

    def check(self, ctx: Ctx) -> None:
        if self.status == "done" and not self.results:
            ctx.warn(self.line_of("status"), "results", "มาตรการที่เสร็จแล้วควรรายงานผลการดำเนินการ",
                     "a measure marked done should report its results")


@model
class ITAYear(Yearly):
    """`content/ita/<ปี>.yaml`: the ITA analysis and the measures carried out in that year."""

    result: ITAResult | None = f("ผลการประเมิน ITA ที่นำมาวิเคราะห์ (ปีก่อน) / analysed result",
                                 required=True)
    analysis: Markdown = f("บทวิเคราะห์ (Markdown) / analysis", Markdown(""), required=True)
    findings: list[QuestionFinding] = f("ข้อค้นพบรายข้อคำถาม / findings per question", factory=list)
    measures: list[Measure] = f("มาตรการ / measures", factory=list, required=True)
    report: Report | None = f("รายงานผลการดำเนินการตามมาตรการ / measures report")
