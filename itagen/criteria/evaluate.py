"""Evaluate a catalog against a loaded project: a status, expected score and findings per item.

Status: `pass` (every required component met, full score), `partial` (some content is there but
not all; the expected score is 50 when only the `half` components are missing, else 0) or
`missing` (nothing the item asks for is there). Warnings (inferred requirements) never change the
status; `--strict` makes them fail the run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..errors import ERROR, WARNING, Finding, Findings
from ..model.project import Project
from . import rules
from .catalog import Catalog, Component, Item
from .concepts import absolute, concept_url

PASS, PARTIAL, MISSING = "pass", "partial", "missing"


@dataclass
class ComponentResult:
    """One component: whether it applies to this agency, and its rule's outcome."""

    component: Component
    applicable: bool
    outcome: rules.Outcome | None
    new: bool = False     # not asked by the same concept in the previous catalog

    @property
    def ok(self) -> bool:
        return not self.applicable or bool(self.outcome and self.outcome.ok)


@dataclass
class ItemResult:
    """Everything known about one item after evaluation."""

    item: Item
    status: str
    score: int
    url: str                      # site path, e.g. /procurement/2568/
    absolute_url: str             # on the agency's website
    year: int                     # fiscal year the item's period points at
    components: list[ComponentResult]
    findings: list[Finding]
    previous: list[str] = field(default_factory=list)       # "2568 O12" of the previous catalog
    previous_passed: bool | None = None
    catalog_year: int = 0

    @property
    def max_score(self) -> int:
        return max(self.item.score_levels)

    @property
    def sources(self) -> list[str]:
        files = set()
        for result in self.components:
            if result.applicable and result.outcome:
                files |= result.outcome.sources
        return sorted(files)


@dataclass
class CheckReport:
    """The result of `itagen check` before any output format is applied."""

    catalog: Catalog
    items: list[ItemResult]
    content_findings: Findings
    site_findings: Findings = field(default_factory=Findings)
    previous_catalog: str = ""

    def findings(self) -> list[Finding]:
        """Every finding: content, item and built-site, in that order."""
        out = list(self.content_findings.sorted())
        for result in self.items:
            out += result.findings
        return out + self.site_findings.sorted()

    def summary(self) -> dict:
        counts = {status: sum(r.status == status for r in self.items)
                  for status in (PASS, PARTIAL, MISSING)}
        every = self.findings()
        scores = [r.score for r in self.items]
        return {
            "items": len(self.items), **counts,
            "errors": sum(f.severity == ERROR for f in every),
            "warnings": sum(f.severity == WARNING for f in every),
            "expected_oit_score": round(sum(scores) / len(scores), 2) if scores else 0.0,
        }

    def failed(self, strict: bool = False) -> bool:
        """Whether the run fails: any error, or with `strict` any warning too."""
        summary = self.summary()
        bad = summary["errors"] or summary[PARTIAL] or summary[MISSING]
        return bool(bad or (strict and summary["warnings"]))


def evaluate_catalog(project: Project, catalog: Catalog, today: date | None = None,
                     previous: Catalog | None = None) -> list[ItemResult]:
    """Evaluate every item; with `previous`, note what each item was called the year before."""
    today = today or date.today()
    earlier = _previous_results(project, previous, today)
    return [evaluate_item(project, catalog, item, today, earlier) for item in catalog.items]


def _previous_results(project: Project, previous: Catalog | None, today: date) -> list[ItemResult]:
    if previous is None:
        return []
    return [evaluate_item(project, previous, item, today, []) for item in previous.items]


def evaluate_item(project: Project, catalog: Catalog, item: Item, today: date,
                  earlier: list[ItemResult]) -> ItemResult:
    """Evaluate one item's components and turn them into a status, score and findings."""
    local = project.agency.is_local if project.agency else True
    before = [r for r in earlier if {r.item.concept, *r.item.also} & {item.concept, *item.also}]
    old_ids = {c.id for r in before for c in r.item.components}
    results = []
    for comp in item.components:
        applicable = local or not comp.local_only
        win = rules.window(comp.period or item.period, catalog.year, today)
        outcome = rules.evaluate(comp.rule, project, win) if applicable else None
        results.append(ComponentResult(comp, applicable, outcome,
                                       new=bool(before) and comp.id not in old_ids))
    status, score = _score(item, results)
    year = rules.window(item.period, catalog.year, today).year
    path = concept_url(item.concept, year)
    base = project.agency.website if project.agency and project.agency.website else ""
    result = ItemResult(item, status, score, path, absolute(base, path), year, results, [],
                        [f"{r.catalog_year} {r.item.code}" for r in before],
                        all(r.status == PASS for r in before) if before else None, catalog.year)
    result.findings = [_finding(catalog, item, r, result) for r in results if not r.ok]
    return result


def _score(item: Item, results: list[ComponentResult]) -> tuple[str, int]:
    required = [r for r in results if r.applicable and r.component.severity == ERROR]
    failed = [r for r in required if not r.ok]
    if not failed:
        return PASS, max(item.score_levels)
    core_ok = all(r.ok for r in required if not r.component.half)
    if 50 in item.score_levels and core_ok:
        return PARTIAL, 50
    # Only a component that found content makes an item partial; an empty list that satisfies
    # "every row has a price" (min: 0) says nothing about whether the item is there at all.
    found = any(r.ok and r.outcome.values for r in required)
    return (PARTIAL if found else MISSING), 0


def _finding(catalog: Catalog, item: Item, result: ComponentResult, item_result: ItemResult
             ) -> Finding:
    comp, out = result.component, result.outcome
    where = out.where
    act_th, act_en = _action(where)
    extra_th, extra_en = _notes(catalog, result, item_result)
    th = (f"ITA {catalog.year} {item.code} {item.title}: ขาด{comp.th} — {out.th}; {act_th}"
          f"{extra_th}")
    en = f"{item.code}: missing {comp.en} — {out.en}; {act_en}{extra_en}"
    return Finding(where.file, where.line, where.key, th, en, comp.severity)


def _action(where) -> tuple[str, str]:
    """The Thai and English sentence telling the user where to add the missing content."""
    if where.file.endswith("/"):
        return (f"ให้เพิ่มไฟล์ใน {where.file}", f"add a file under {where.file}")
    key_th = f" แล้วเพิ่ม '{where.key}'" if where.key else ""
    key_en = f" with '{where.key}'" if where.key else ""
    if not where.file_exists:
        return (f"ให้สร้างไฟล์ {where.file}{key_th}", f"create {where.file}{key_en}")
    if where.key:
        return (f"ให้เพิ่มหรือแก้ '{where.key}' ในไฟล์ {where.file}",
                f"add or fix '{where.key}' in {where.file}")
    return (f"ให้เพิ่มข้อมูลในไฟล์ {where.file}", f"add it to {where.file}")


def _notes(catalog: Catalog, result: ComponentResult, item_result: ItemResult) -> tuple[str, str]:
    th, en = "", ""
    if result.component.half:
        th += " (ส่วนที่ทำให้ได้ 100 คะแนน)"
        en += " (needed for 100 points)"
    if result.new:
        th += f" [ข้อกำหนดใหม่ของ ITA {catalog.year}]"
        en += f" [new in ITA {catalog.year}]"
    if renumbered(item_result):
        prev = " + ".join(item_result.previous)
        th += f" [ข้อนี้คือ {prev} เดิม]"
        en += f" [{prev} is now {catalog.year} {item_result.item.code}]"
    return th, en


def renumbered(result: ItemResult) -> bool:
    """Whether the item had another number (or was several items) in the previous catalog."""
    own = result.item.code.lower()
    return bool(result.previous) and [p.split()[-1].lower() for p in result.previous] != [own]
