"""Content kept one file per fiscal year: `content/<kind>/<ปีงบประมาณ>.yaml`.

Each class documents the OIT items it answers so a reader can follow the criteria; the catalogs in
`itagen/catalogs/` hold the authoritative mapping.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Literal

from .common import Activity, Document, Outcome, Report
from .schema import Ctx, Model, f, model
from .values import FiscalYear, Markdown, Month


@model
class Yearly(Model):
    """Common to every yearly file: the fiscal year comes from the file name."""

    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")
    year = 0  # set by the loader from the file name; not a field, so not a YAML key


@model
class Indicator(Model):
    """A measurable target of a strategy."""

    name: str = f("ตัวชี้วัด / indicator", required=True)
    target: str = f("ค่าเป้าหมาย / target", "")


@model
class Strategy(Model):
    """A strategy (ยุทธศาสตร์) of the development plan with its goals and indicators."""

    title: str = f("ยุทธศาสตร์ / strategy", required=True)
    goals: list[str] = f("เป้าหมาย / goals", factory=list, required=True)
    indicators: list[Indicator] = f("ตัวชี้วัด / indicators", factory=list, required=True)


@model
class DevelopmentPlan(Model):
    """A multi-year local development plan (แผนพัฒนาท้องถิ่น), OIT 2568 O5 / 2566 o4."""

    title: str = f("ชื่อแผน / plan title", required=True)
    start_year: FiscalYear | None = f("ปีงบประมาณเริ่มต้น / first fiscal year", required=True)
    end_year: FiscalYear | None = f("ปีงบประมาณสุดท้าย / last fiscal year", required=True)
    vision: str = f("วิสัยทัศน์ / vision", "")
    strategies: list[Strategy] = f("ยุทธศาสตร์ / strategies", factory=list, required=True)
    documents: list[Document] = f("ไฟล์แผน / plan documents", factory=list)

    def check(self, ctx: Ctx) -> None:
        if self.start_year and self.end_year and self.start_year > self.end_year:
            ctx.findings.add(ctx.rel, self.line_of("end_year"), "end_year",
                             "ปีสุดท้ายต้องไม่ก่อนปีเริ่มต้น", "end_year is before start_year")

    def covers(self, year: int) -> bool:
        return bool(self.start_year and self.end_year and self.start_year <= year <= self.end_year)


@model
class DevelopmentPlans(Model):
    """`content/plans/development.yaml`."""

    plans: list[DevelopmentPlan] = f("แผนพัฒนา / development plans", factory=list, required=True)
    updated: date | None = f("ปรับปรุงข้อมูลล่าสุด / last updated")


PROJECT_STATUS = Literal["not_started", "in_progress", "done", "cancelled"]


@model
class Project(Model):
    """A project of the annual plan, with its budget and progress."""

    name: str = f("ชื่อโครงการ / project", required=True)
    strategy: str = f("ยุทธศาสตร์ที่สอดคล้อง / strategy", "")
    unit: str = f("หน่วยงานรับผิดชอบ / responsible unit", "")
    budget: Decimal | None = f("งบประมาณ (บาท) / budget in baht", required=True)
    start: date | None = f("วันเริ่ม / start date")
    end: date | None = f("วันสิ้นสุด / end date")
    period: str = f("ระยะเวลา เมื่อไม่ระบุวัน เช่น ต.ค. 2567 – ก.ย. 2568 / period in words", "")
    status: PROJECT_STATUS = f("สถานะ / status", "not_started")
    spent: Decimal | None = f("เบิกจ่ายแล้ว (บาท) / spent so far")
    progress: int | None = f("ความก้าวหน้า ร้อยละ / percent done")

    def check(self, ctx: Ctx) -> None:
        if self.progress is not None and not 0 <= self.progress <= 100:
            ctx.findings.add(ctx.rel, self.line_of("progress"), "progress",
                             "ร้อยละต้องอยู่ระหว่าง 0 ถึง 100", "percent must be 0-100")
        if self.start and self.end and self.start > self.end:
            ctx.findings.add(ctx.rel, self.line_of("end"), "end", "วันสิ้นสุดก่อนวันเริ่ม",
                             "end is before start")


@model
class ProgressReport(Report):
    """A progress report on the annual plan (6-month, quarterly)."""

    as_of: date | None = f("ข้อมูล ณ วันที่ / data as of", required=True)


@model
class AnnualPlan(Yearly):
    """`content/plans/<ปี>.yaml`: annual plan, progress, results (2568 O6, O7; 2566 o11–o13)."""

    plan: Report | None = f("แผนดำเนินงานประจำปี / the annual plan", required=True)
    projects: list[Project] = f("โครงการ / projects", factory=list, required=True)
    progress: list[ProgressReport] = f("รายงานความก้าวหน้า / progress reports", factory=list)
    results: Outcome | None = f("รายงานผลการดำเนินงานประจำปี / annual results report")


@model
class ServiceCount(Model):
    """Monthly counts of one service, October first (the fiscal year's order)."""

    service: str = f("ชื่องานบริการ / service", required=True)
    channel: Literal["onsite", "online"] = f("onsite (ที่สำนักงาน) หรือ online / channel", "onsite")
    monthly: list[int] = f("จำนวนครั้งรายเดือน เริ่ม ต.ค. / monthly counts from October",
                           factory=list, required=True)

    def check(self, ctx: Ctx) -> None:
        if len(self.monthly) > 12:
            ctx.findings.add(ctx.rel, self.line_of("monthly"), "monthly",
                             "มีได้ไม่เกิน 12 เดือน", "at most 12 monthly counts")

    @property
    def total(self) -> int:
        return sum(self.monthly)


@model
class ScoreItem(Model):
    """One topic of a satisfaction survey and its score."""

    topic: str = f("หัวข้อ / topic", required=True)
    score: Decimal | None = f("คะแนน / score", required=True)


@model
class Satisfaction(Report):
    """A satisfaction survey's results (2566 o17)."""

    respondents: int | None = f("จำนวนผู้ตอบ / respondents", required=True)
    scale: str = f("หน่วยของคะแนน เช่น ร้อยละ หรือ คะแนนเต็ม 5 / scale", "ร้อยละ")
    score: Decimal | None = f("คะแนนรวม / overall score", required=True)
    items: list[ScoreItem] = f("คะแนนรายหัวข้อ / per topic", factory=list)


@model
class ServiceYear(Yearly):
    """`content/services/<ปี>.yaml`: service and E-Service statistics, satisfaction (O10, O11)."""

    statistics: list[ServiceCount] = f("สถิติการให้บริการ / service statistics", factory=list,
                                       required=True)
    satisfaction: Satisfaction | None = f("ผลสำรวจความพึงพอใจ / satisfaction survey")
    documents: list[Document] = f("เอกสารแนบ / documents", factory=list)


PROCUREMENT_STATUS = Literal["planned", "in_progress", "signed", "in_contract", "completed",
                             "cancelled"]


@model
class Procurement(Model):
    """One procurement: the per-row fields of the NACC ITA-o12 form (2568 O12)."""

    name: str = f("ชื่อรายการของงานที่ซื้อหรือจ้าง / item bought or hired", required=True)
    budget: Decimal | None = f("วงเงินงบประมาณที่ได้รับจัดสรร (บาท) / allocated budget",
                               required=True)
    source: str = f("แหล่งที่มาของงบประมาณ เช่น งบประมาณรายจ่ายประจำปี / budget source",
                    required=True)
    status: PROCUREMENT_STATUS = f("สถานะการจัดซื้อจัดจ้าง / status", required=True)
    method: str = f("วิธีการจัดซื้อจัดจ้าง เช่น เฉพาะเจาะจง e-bidding / method", required=True)
    median_price: Decimal | None = f("ราคากลาง (บาท) / reference price")
    price: Decimal | None = f("ราคาที่ตกลงซื้อหรือจ้าง (บาท) / agreed price")
    vendor: str = f("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก / selected vendor", "")
    egp: str = f("เลขที่โครงการในระบบ e-GP / e-GP project number", "")
    date: date | None = f("วันที่ลงนามหรือประกาศ ใช้จัดเข้ารายเดือน / contract date", required=True)

    def check(self, ctx: Ctx) -> None:
        if self.price and self.budget and self.price > self.budget:
            ctx.warn(self.line_of("price"), "price", "ราคาที่ตกลงสูงกว่าวงเงินงบประมาณ",
                     "agreed price is above the allocated budget")


@model
class MonthlySummary(Model):
    """The monthly procurement summary (สขร.1), or a statement that the month had none."""

    month: Month | None = f("เดือน เช่น ต.ค. 2567 / month", required=True)
    none: bool = f("true เมื่อเดือนนี้ไม่มีการจัดซื้อจัดจ้าง / no procurement this month", False)
    note: str = f("หมายเหตุ / note", "")
    documents: list[Document] = f("แบบ สขร.1 / summary form", factory=list)


@model
class ProcurementYear(Yearly):
    """`content/procurement/<ปี>.yaml` (2568 O12, O13; 2566 o19–o22)."""

    plan: Report | None = f("แผนการจัดซื้อจัดจ้าง / procurement plan", required=True)
    announcements: list[Document] = f("ประกาศจัดซื้อจัดจ้าง / announcements", factory=list)
    items: list[Procurement] = f("รายการจัดซื้อจัดจ้าง / procurements", factory=list)
    monthly: list[MonthlySummary] = f("สรุปผลรายเดือน / monthly summaries", factory=list)
    annual_report: Outcome | None = f("รายงานผลประจำปี / annual report")

    def count_by_month(self) -> Counter:
        """How many procurements fall in each month, by (year, month); 0 for any other."""
        return Counter((item.date.year, item.date.month) for item in self.items if item.date)


@model
class HRCriteria(Report):
    """HR criteria, listing the topics they cover (2566 o25)."""

    topics: list[str] = f("หัวข้อที่ครอบคลุม เช่น การสรรหา การพัฒนา / topics", factory=list)


@model
class HRYear(Yearly):
    """`content/hr/<ปี>.yaml` (2568 O14, O15; 2566 o23–o26)."""

    policy: Report | None = f("นโยบายการบริหารทรัพยากรบุคคล / HR policy")
    plan: Report | None = f("แผนการบริหารและพัฒนาทรัพยากรบุคคล / HR plan", required=True)
    criteria: HRCriteria | None = f("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล / HR criteria")
    progress: Report | None = f("การดำเนินการตามนโยบาย / progress")
    annual_report: Outcome | None = f("รายงานผลประจำปี / annual HR report")


@model
class ComplaintPeriod(Model):
    """Complaint counts for one month or quarter."""

    period: str = f("ช่วงเวลา เช่น ไตรมาส 1 หรือ ต.ค. 2567 / period", required=True)
    received: int | None = f("เรื่องที่รับ / received", required=True)
    done: int | None = f("ดำเนินการแล้วเสร็จ / done", required=True)
    in_progress: int | None = f("อยู่ระหว่างดำเนินการ / in progress", required=True)

    def check(self, ctx: Ctx) -> None:
        counts = (self.received, self.done, self.in_progress)
        if None not in counts and self.done + self.in_progress != self.received:
            ctx.findings.add(ctx.rel, self._line, "received",
                             "เรื่องที่รับต้องเท่ากับแล้วเสร็จรวมกับอยู่ระหว่างดำเนินการ",
                             "received must equal done + in_progress")


@model
class ComplaintStats(Yearly):
    """`content/complaints/<ปี>.yaml`: corruption-complaint statistics (2568 O19)."""

    periods: list[ComplaintPeriod] = f("สถิติรายเดือนหรือรายไตรมาส / per period", factory=list,
                                       required=True)
    summary: Markdown = f("สรุป (Markdown) / summary", Markdown(""))
    documents: list[Document] = f("เอกสารแนบ / documents", factory=list)


@model
class ParticipationYear(Yearly):
    """`content/participation/<ปี>.yaml`: outsiders taking part in the agency's work (O20)."""

    activities: list[Activity] = f("กิจกรรม / activities", factory=list, required=True)
