from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

import pytest
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


def test_models_are_made_as_dataclasses_make_them():
    """A model's __init__ is made when the class is first called (schema._made_init): for every
    model, the parameters @dataclass would give it, in order, with the same defaults, a fresh
    object from each default factory, and the fields of the classes it extends."""
    import dataclasses
    import inspect

    import itagen.model.project  # noqa: F401 (every model class)
    from itagen.model.schema import _made_init, model

    classes, todo = [], [Model]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if dataclasses.is_dataclass(cls) and cls.__module__.startswith("itagen.model"):
            classes.append(cls)
    assert len(classes) > 50
    for cls in classes:
        fields = dataclasses.fields(cls)
        parameters = list(inspect.signature(_made_init(cls)).parameters.values())[1:]
        assert [p.name for p in parameters] == [fl.name for fl in fields], cls
        for parameter, fl in zip(parameters, fields):
            if fl.default is not dataclasses.MISSING:
                assert parameter.default is fl.default, (cls, fl.name)
            elif fl.default_factory is dataclasses.MISSING:
                assert parameter.default is inspect.Parameter.empty, (cls, fl.name)

    @model
    class Base(Model):
        name: str
        tags: list = f("tags", factory=list)

    @model
    class Child(Base):
        extra: int = f("extra", 3)

    one, two = Child("a"), Child(name="b", tags=["t"], extra=4)
    assert (one.name, one.tags, one.extra) == ("a", [], 3) and one.tags is not Child("c").tags
    assert (two.name, two.tags, two.extra) == ("b", ["t"], 4) and Base("d").tags == []
    with pytest.raises(TypeError):
        Base()
