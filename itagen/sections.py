"""The site's sections: stable URL, Thai title and template of every content kind.

URLs are ASCII and never include an item number, because agencies paste them into ITAS and the
numbering changes every year while the URLs must not.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One kind of page: where it lives and what it is called."""

    key: str        # Project attribute holding the content
    path: str       # URL path without the year, e.g. "/procurement/"
    title: str      # Thai title shown in navigation and headings
    template: str   # template for the page (per year for yearly kinds)
    group: str      # navigation group
    yearly: bool = False

    def url(self, year: int | None = None) -> str:
        """URL of the section, or of one fiscal year of it."""
        return f"{self.path}{year}/" if self.yearly and year else self.path


GROUPS = ("ข้อมูลพื้นฐาน", "การบริหารงานและงบประมาณ", "การจัดซื้อจัดจ้าง", "บุคลากร",
          "ความโปร่งใสและการมีส่วนร่วม", "การป้องกันการทุจริต")

SECTIONS: tuple[Section, ...] = (
    Section("structure", "/structure/", "โครงสร้างและอำนาจหน้าที่", "structure.html", GROUPS[0]),
    Section("executives", "/executives/", "ข้อมูลผู้บริหาร", "executives.html", GROUPS[0]),
    Section("agency", "/contact/", "ข้อมูลการติดต่อ", "contact.html", GROUPS[0]),
    Section("laws", "/laws/", "กฎหมายที่เกี่ยวข้อง", "laws.html", GROUPS[0]),
    Section("news", "/news/", "ข่าวประชาสัมพันธ์", "news_list.html", GROUPS[0]),
    Section("development", "/plans/", "แผนพัฒนาท้องถิ่น", "development.html", GROUPS[1]),
    Section("plans", "/plans/", "แผนดำเนินงานและผลการดำเนินงานประจำปี", "plan_year.html",
            GROUPS[1], yearly=True),
    Section("manuals", "/manuals/", "คู่มือการปฏิบัติงานและการให้บริการ", "manuals.html",
            GROUPS[1]),
    Section("eservices", "/e-service/", "E-Service", "eservices.html", GROUPS[1]),
    Section("services", "/services/", "สถิติการให้บริการและความพึงพอใจ", "services_year.html",
            GROUPS[1], yearly=True),
    Section("procurement", "/procurement/", "การจัดซื้อจัดจ้าง", "procurement_year.html",
            GROUPS[2], yearly=True),
    Section("hr", "/hr/", "การบริหารและพัฒนาทรัพยากรบุคคล", "hr_year.html", GROUPS[3],
            yearly=True),
    Section("ethics_code", "/ethics/", "ประมวลจริยธรรม", "ethics_code.html", GROUPS[3]),
    Section("ethics", "/ethics/", "การขับเคลื่อนจริยธรรม", "ethics_year.html", GROUPS[3],
            yearly=True),
    Section("complaint_channels", "/complaints/corruption/",
            "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "corruption.html", GROUPS[4]),
    Section("complaints", "/complaints/corruption/", "สถิติเรื่องร้องเรียนการทุจริต",
            "complaint_stats.html", GROUPS[4], yearly=True),
    Section("participation", "/participation/", "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
            "participation_year.html", GROUPS[4], yearly=True),
    Section("nogift", "/no-gift/", "นโยบาย No Gift Policy", "nogift_year.html", GROUPS[5],
            yearly=True),
    Section("risk", "/risk/", "การประเมินความเสี่ยงการทุจริต", "risk_year.html", GROUPS[5],
            yearly=True),
    Section("anticorruption", "/anti-corruption/", "แผนปฏิบัติการป้องกันการทุจริต",
            "anticorruption_year.html", GROUPS[5], yearly=True),
    Section("ita", "/ita-measures/", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ita_year.html",
            GROUPS[5], yearly=True),
)

BY_KEY = {section.key: section for section in SECTIONS}
