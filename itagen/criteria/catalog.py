"""The catalog model: one YAML file per framework and fiscal year, validated like content.

A catalog is data (style rule 11): items, their components and the rule each component is tested
by. It is read with the same typed converter as the content (`itagen.model.schema`), so a typo in
a user's own catalog is reported with file, line and a "did you mean".
"""
from __future__ import annotations

from typing import Literal

from ..model.schema import Ctx, Model, f, model

PERIODS = ("current", "curr_fy", "curr_fy_h1", "prev_fy", "prev_fy_h1", "plan_span")
CONFIDENCE = ("confirmed", "single_source", "inferred")
RULE_KINDS = ("present", "count", "each", "documents", "differs", "covers_year", "months",
              "dated", "any")


@model
class CountRule(Model):
    """`count: {path, min, where}`: at least `min` entries of a list (matching `where`)."""

    path: str = f("ที่อยู่ข้อมูลที่เป็นรายการ / path of a list", required=True)
    min: int = f("จำนวนขั้นต่ำ / minimum number of entries", 1)
    where: list[str] = f("เงื่อนไข field=value / filters", factory=list)


@model
class EachRule(Model):
    """`each: {path, fields, where}`: the list is not empty and every entry has every field."""

    path: str = f("ที่อยู่ข้อมูลที่เป็นรายการ / path of a list", required=True)
    fields: list[str] = f("ฟิลด์ที่ทุกรายการต้องมี (a|b = อย่างใดอย่างหนึ่ง) / fields", factory=list,
                          required=True)
    where: list[str] = f("เงื่อนไข field=value / filters", factory=list)
    min: int = f("จำนวนรายการขั้นต่ำ / minimum number of entries", 1)


@model
class DocumentsRule(Model):
    """`documents: {path, min, formats}`: attached documents (files or links) of a kind."""

    path: str = f("ที่อยู่เอกสาร รายงาน หรือรายการเอกสาร / path of documents", required=True)
    min: int = f("จำนวนเอกสารขั้นต่ำ / minimum number of documents", 1)
    formats: list[str] = f("ชนิดไฟล์ที่ยอมรับ เช่น pdf xlsx / accepted formats", factory=list)


@model
class MonthsRule(Model):
    """`months: {path, also, first_half}`: every month of the period is accounted for."""

    path: str = f("รายการที่มีฟิลด์ month หรือ date / list with a month or date", required=True)
    also: str = f("รายการอื่นที่นับเดือนได้ด้วย / another list that also counts", "")
    first_half: bool = f("เฉพาะ 6 เดือนแรกของปีงบประมาณ / first six months only", False)


@model
class DatedRule(Model):
    """`dated: {path, min, field}`: entries dated inside the item's period."""

    path: str = f("รายการที่มีวันที่ / list of dated entries", required=True)
    min: int = f("จำนวนขั้นต่ำ / minimum number of entries", 1)
    field: str = f("ฟิลด์วันที่ / the date field", "date")
    where: list[str] = f("เงื่อนไข field=value / filters", factory=list)


@model
class Rule(Model):
    """Exactly one test from the closed vocabulary; no Python in catalogs."""

    present: str = f("ข้อมูลมีอยู่และไม่ว่าง / a value is present and not empty", "")
    count: CountRule | None = f("นับจำนวนรายการ / count entries")
    each: EachRule | None = f("ทุกรายการมีฟิลด์ที่กำหนด / every entry has fields")
    documents: DocumentsRule | None = f("มีเอกสารแนบ / documents attached")
    differs: list[str] = f("สองค่าต้องมีและต่างกัน / two values present and different",
                           factory=list)
    covers_year: str = f("มีแผนที่ครอบคลุมปี / a plan covering the year", "")
    months: MonthsRule | None = f("ครบทุกเดือน / every month accounted for")
    dated: DatedRule | None = f("มีรายการลงวันที่ในช่วงเวลา / dated entries in the period")
    any: list[Rule] = f("ผ่านข้อใดข้อหนึ่ง / any one of these rules", factory=list)

    def check(self, ctx: Ctx) -> None:
        given = [kind for kind in RULE_KINDS if getattr(self, kind)]
        if len(given) != 1:
            listed = ", ".join(RULE_KINDS)
            ctx.findings.add(ctx.rel, self._line, "rule",
                             f"กฎต้องมีอย่างใดอย่างหนึ่งเท่านั้นจาก: {listed}",
                             f"a rule needs exactly one of: {listed} (got {len(given)})")
        if self.differs and len(self.differs) != 2:
            ctx.findings.add(ctx.rel, self.line_of("differs"), "differs",
                             "differs ต้องมีสองที่อยู่ข้อมูล", "differs needs exactly two paths")

    @property
    def kind(self) -> str:
        return next((kind for kind in RULE_KINDS if getattr(self, kind)), "")


@model
class Component(Model):
    """One required piece of an item (องค์ประกอบด้านข้อมูล) and the rule that tests it."""

    id: str = f("รหัสองค์ประกอบ คงที่ข้ามปี / stable component id", required=True)
    th: str = f("คำอธิบายภาษาไทย / Thai description", required=True)
    en: str = f("คำอธิบายภาษาอังกฤษ / English description", required=True)
    rule: Rule | None = f("กฎที่ใช้ตรวจ / the rule", required=True)
    severity: Literal["error", "warning"] = f("error หรือ warning / severity", "error")
    half: bool = f("เป็นส่วนที่แยก 50 จาก 100 คะแนน / separates 50 from 100", False)
    local_only: bool = f("ใช้กับองค์กรปกครองส่วนท้องถิ่นเท่านั้น / local governments only", False)
    period: Literal[PERIODS] | None = f("ช่วงเวลาเฉพาะองค์ประกอบนี้ / period override")


@model
class Item(Model):
    """One OIT item (ข้อ) of a catalog."""

    code: str = f("รหัสข้อ เช่น O12 / item code", required=True)
    concept: str = f("แนวคิดคงที่ข้ามปี เช่น procurement-table / stable concept key",
                     required=True)
    also: list[str] = f("แนวคิดอื่นที่รวมเข้ามาในข้อนี้ / concepts merged into this item",
                        factory=list)
    title: str = f("ชื่อข้อ / title", required=True)
    aliases: list[str] = f("ชื่ออื่นที่พบ / other titles seen", factory=list)
    subindicator: str = f("ตัวชี้วัดย่อย เช่น 9.3 / sub-indicator", required=True)
    subtopic: str = f("ประเด็นย่อย / sub-topic", "")
    period: Literal[PERIODS] = f("ช่วงเวลาของข้อมูล / time rule", "current")
    score_levels: list[int] = f("ระดับคะแนน เช่น [0, 100] / score levels", factory=lambda: [0, 100])
    partial: str = f("สิ่งที่ได้ 50 คะแนน / what earns 50", "")
    confidence: Literal[CONFIDENCE] = f("ความเชื่อมั่น / confidence", "inferred")
    note: str = f("หมายเหตุ / note", "")
    components: list[Component] = f("องค์ประกอบ / components", factory=list, required=True)

    def check(self, ctx: Ctx) -> None:
        levels = self.score_levels
        if levels not in ([0, 100], [0, 50, 100]):
            ctx.findings.add(ctx.rel, self.line_of("score_levels"), "score_levels",
                             "ระดับคะแนนต้องเป็น [0, 100] หรือ [0, 50, 100]",
                             "score_levels must be [0, 100] or [0, 50, 100]")
        if 50 in levels and not any(c.half for c in self.components):
            ctx.findings.add(ctx.rel, self.line_of("score_levels"), "score_levels",
                             "ข้อที่มี 50 คะแนนต้องระบุองค์ประกอบ half: true",
                             "an item scored 0/50/100 needs a component with half: true")

    @property
    def key(self) -> str:
        """Code normalised for matching: `o12`, `O12`, `O 12` → `o12`."""
        return normalise_code(self.code)


@model
class SubIndicator(Model):
    """A sub-indicator (ตัวชี้วัดย่อย) such as 9.3 การจัดซื้อจัดจ้าง."""

    code: str = f("รหัส เช่น 9.3 / code", required=True)
    title: str = f("ชื่อ / title", required=True)
    confidence: Literal[CONFIDENCE] = f("ความเชื่อมั่น / confidence", "confirmed")


@model
class Catalog(Model):
    """One catalog file: `<framework>-<year>.yaml`."""

    framework: str = f("กรอบการประเมิน เช่น nacc-oit / framework", required=True)
    year: int = f("ปีที่ประเมิน (พ.ศ.) / assessment year", required=True)
    title: str = f("ชื่อชุดเกณฑ์ / title", required=True)
    source: str = f("ที่มาของข้อมูล / where the catalog comes from", "")
    notes: str = f("หมายเหตุ / notes", "")
    previous: str = f("ชุดเกณฑ์ปีก่อนสำหรับเทียบข้อ เช่น nacc-oit-2568 / previous catalog", "")
    default_severity: Literal["error", "warning"] = f(
        "ความรุนแรงขององค์ประกอบที่ไม่ระบุ / severity of components that give none", "error")
    subindicators: list[SubIndicator] = f("ตัวชี้วัดย่อย / sub-indicators", factory=list,
                                          required=True)
    items: list[Item] = f("ข้อ / items", factory=list, required=True)
    name = ""   # file stem, set by the loader
    origin = ""  # "itagen" for shipped catalogs, else the project-relative path

    def item(self, code: str) -> Item | None:
        """The item with this code, matched case-insensitively (`o12` finds `O12`)."""
        key = normalise_code(code)
        return next((item for item in self.items if item.key == key), None)

    def subindicator(self, code: str) -> SubIndicator | None:
        return next((s for s in self.subindicators if s.code == code), None)


def normalise_code(code: str) -> str:
    """`O12`, `o12`, `O 12`, `o012` → `o12`; other schemes (MOIT3) keep their letters."""
    text = "".join(str(code).split()).lower()
    head = text.rstrip("0123456789")
    tail = text[len(head):]
    return f"{head}{int(tail)}" if tail else text
