from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

import yaml

from itagen.errors import Findings
from itagen.model.schema import INVALID, Ctx, Model, convert_model, f
from itagen.model.values import FileRef, Month, QuestionCode, Url


@dataclass
class Child(Model):
    name: str = f("name", required=True)


@dataclass
class Sample(Model):
    title: str = f("title", required=True)
    count: int | None = f("count")
    amount: Decimal | None = f("amount")
    when: date | None = f("date")
    kind: Literal["a", "b"] = f("kind", "a")
    link: Url | None = f("link")
    codes: list[QuestionCode] = f("codes", factory=list)
    month: Month | None = f("month")
    children: list[Child] = f("children", factory=list)
    doc: FileRef | None = f("file")


def load(text, tmp_path):
    findings = Findings()
    node = yaml.compose(text)
    obj = convert_model(node, Sample, Ctx("s.yaml", findings, tmp_path), "")
    return obj, findings


def test_valid_values(tmp_path):
    (tmp_path / "f.pdf").write_bytes(b"%PDF-1.4")
    obj, findings = load("title: ทดสอบ\ncount: '๑๒'\namount: 1,234.50 บาท\nwhen: 15 ม.ค. 2568\n"
                         "kind: b\nlink: https://x.go.th/\ncodes: [i๗, E11, '๐๔๑']\n"
                         "month: ต.ค. 2567\nchildren:\n  - name: x\ndoc: f.pdf\n", tmp_path)
    assert not findings, findings.items
    assert obj.count == 12 and obj.amount == Decimal("1234.50")
    assert obj.when == date(2025, 1, 15)
    assert obj.codes == ["i7", "e11", "o41"]
    assert obj.month == Month(2024, 10)
    assert obj.doc == "f.pdf" and obj.doc.size == 8
    assert obj.line_of("kind") == 5


def test_unknown_key_suggests(tmp_path):
    _, findings = load("title: x\ntitel: y\n", tmp_path)
    [item] = findings.items
    assert item.line == 2 and item.key == "titel" and "title" in item.en


def test_missing_required_and_empty(tmp_path):
    _, findings = load("count: 1\nchildren:\n  - name: ''\n", tmp_path)
    keys = sorted(item.key for item in findings.items)
    assert keys == ["children[0].name", "title"]


def test_all_errors_collected(tmp_path):
    obj, findings = load("title: x\ncount: many\namount: -5\nwhen: 31 ก.พ. 2568\nkind: c\n"
                         "link: javascript:alert(1)\ncodes: [z9]\n", tmp_path)
    assert obj is not INVALID
    assert sorted(item.line for item in findings.items) == [2, 3, 4, 5, 6, 7]


def test_ce_year_in_thai_date_is_a_finding(tmp_path):
    _, findings = load("title: x\nwhen: 15 ม.ค. 2025\n", tmp_path)
    assert "ค.ศ." in findings.items[0].th


def test_file_refs_are_confined(tmp_path):
    (tmp_path / "content").mkdir()
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"x")
    (tmp_path / "content" / "link.pdf").symlink_to(outside)
    findings = Findings()
    for value in ["/etc/passwd", "../secret.pdf", "link.pdf", "missing.pdf"]:
        node = yaml.compose(f"title: x\ndoc: {value}\n")
        convert_model(node, Sample, Ctx("s.yaml", findings, tmp_path / "content"), "")
    assert len(findings.items) == 4


def test_wrong_shapes(tmp_path):
    _, findings = load("title: [a, b]\nchildren: x\n", tmp_path)
    assert len(findings.items) == 2


def test_models_compare_and_show_like_dataclasses():
    """Content models get Model's equality and repr (not two generated methods a class): equal
    when the class and every field are equal, unhashable, shown with their fields."""
    import pytest

    from itagen.model.pages import NewsPost
    from itagen.model.schema import model

    def post(title):
        return NewsPost(title=title, date=date(2025, 1, 2), category="news")

    assert post("ข่าว") == post("ข่าว") and post("ข่าว") != post("ข่าวอื่น")
    assert post("ข่าว") != "ข่าว"

    @model
    class One(Model):
        x: int = f("x", 0)

    @model
    class Other(Model):
        x: int = f("x", 0)

    assert One(x=1) == One(x=1) and One(x=1) != One(x=2)
    assert One(x=1) != Other(x=1)  # the same fields, another class
    with pytest.raises(TypeError):
        hash(post("ข่าว"))
    shown = repr(post("ข่าว"))
    assert shown.startswith("NewsPost(title='ข่าว', date=datetime.date(2025, 1, 2)")
