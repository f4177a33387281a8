"""The whole loaded project: configuration plus every content kind, typed and validated."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .agency import (Agency, ComplaintChannels, EServices, EthicsCode, Executives, Laws, Manuals,
                     Structure)
from .integrity import AntiCorruptionYear, EthicsYear, ITAYear, NoGiftYear, RiskYear
from .pages import NewsPost, Page
from .schema import Model, f, model
from .yearly import (AnnualPlan, ComplaintStats, DevelopmentPlans, HRYear, ParticipationYear,
                     ProcurementYear, ServiceYear)


@model
class Config(Model):
    """`itagen.yaml` at the project root: build options (all optional)."""

    thai_digits: bool = f("แสดงตัวเลขไทยทั้งเว็บไซต์ / show Thai digits site-wide", False)
    news_per_page: int = f("จำนวนข่าวต่อหน้า / news posts per list page", 10)
    allow_html: bool = f("อนุญาต HTML ใน Markdown (ผ่านการกรอง) / allow sanitized raw HTML", False)
    catalog: str = f("ชุดเกณฑ์ที่ใช้ตรวจ เช่น nacc-oit / criteria framework", "nacc-oit")
    year: int | None = f("ปีที่ใช้ตรวจโดยปริยาย / default assessment year")


# Where each singleton lives under content/, and the Project attribute that holds it.
SINGLETONS: dict[str, tuple[str, type]] = {
    "agency": ("agency.yaml", Agency),
    "structure": ("structure.yaml", Structure),
    "executives": ("executives.yaml", Executives),
    "laws": ("laws.yaml", Laws),
    "manuals": ("manuals.yaml", Manuals),
    "eservices": ("eservices.yaml", EServices),
    "complaint_channels": ("complaints/channels.yaml", ComplaintChannels),
    "ethics_code": ("ethics/code.yaml", EthicsCode),
    "development": ("plans/development.yaml", DevelopmentPlans),
}

# Folders holding one file per fiscal year, `content/<folder>/<ปี>.yaml`.
YEARLY: dict[str, type] = {
    "plans": AnnualPlan,
    "services": ServiceYear,
    "procurement": ProcurementYear,
    "hr": HRYear,
    "complaints": ComplaintStats,
    "participation": ParticipationYear,
    "nogift": NoGiftYear,
    "risk": RiskYear,
    "anticorruption": AntiCorruptionYear,
    "ethics": EthicsYear,
    "ita": ITAYear,
}

MARKDOWN_DIRS: dict[str, type] = {"news": NewsPost, "pages": Page}


@dataclass
class Project:
    """Everything `build` and `check` work from; produced only by `itagen.load.load_project`."""

    root: Path
    config: Config
    agency: Agency | None = None
    structure: Structure | None = None
    executives: Executives | None = None
    laws: Laws | None = None
    manuals: Manuals | None = None
    eservices: EServices | None = None
    complaint_channels: ComplaintChannels | None = None
    ethics_code: EthicsCode | None = None
    development: DevelopmentPlans | None = None
    plans: dict[int, AnnualPlan] = field(default_factory=dict)
    services: dict[int, ServiceYear] = field(default_factory=dict)
    procurement: dict[int, ProcurementYear] = field(default_factory=dict)
    hr: dict[int, HRYear] = field(default_factory=dict)
    complaints: dict[int, ComplaintStats] = field(default_factory=dict)
    participation: dict[int, ParticipationYear] = field(default_factory=dict)
    nogift: dict[int, NoGiftYear] = field(default_factory=dict)
    risk: dict[int, RiskYear] = field(default_factory=dict)
    anticorruption: dict[int, AntiCorruptionYear] = field(default_factory=dict)
    ethics: dict[int, EthicsYear] = field(default_factory=dict)
    ita: dict[int, ITAYear] = field(default_factory=dict)
    news: list[NewsPost] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    attachments: set[str] = field(default_factory=set)   # files under content/ that are used
    updated: dict[str, date] = field(default_factory=dict)  # content file -> last change

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def years(self) -> list[int]:
        """Every fiscal year that has any yearly file, oldest first."""
        found = {year for kind in YEARLY for year in getattr(self, kind)}
        return sorted(found)

    @property
    def as_of(self) -> date:
        """The newest date in the content: the build's "today", so output never follows the clock."""
        dates = list(self.updated.values()) + [post.date for post in self.news if post.date]
        for kind in (*SINGLETONS, *YEARLY, "pages"):
            value = getattr(self, kind)
            objects = value.values() if isinstance(value, dict) else \
                value if isinstance(value, list) else [value]
            dates += [obj.updated for obj in objects if getattr(obj, "updated", None)]
        return max(dates, default=date(2000, 1, 1))

    def last_updated(self, obj: Model | None) -> date | None:
        """The content's own `updated` date, else the last commit that touched its file."""
        if obj is None:
            return None
        explicit = getattr(obj, "updated", None)
        # A news post without history is as new as its own date.
        return explicit or self.updated.get(obj._file) or getattr(obj, "date", None)
