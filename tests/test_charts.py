"""Tests for itagen.charts: the SVG must be valid, accessible, CSP-safe and drawn to scale."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from itagen.charts import PLOT_W, PLOT_X, complaint_chart, nice_scale, score_chart
from itagen.model.integrity import IndicatorScore
from itagen.model.yearly import ComplaintPeriod
from itagen.render import make_environment

NS = "{http://www.w3.org/2000/svg}"
WHITE = (1.0, 1.0, 1.0)


def periods(*rows):
    return [ComplaintPeriod(period=p, received=r, done=d, in_progress=i) for p, r, d, i in rows]


def scores(*rows):
    return [IndicatorScore(number=n, name=name, score=_dec(s), previous=_dec(prev))
            for n, name, s, prev in rows]


def _dec(value):
    return None if value is None else Decimal(value)


QUARTERS = periods(("ไตรมาส 1", 5, 4, 1), ("ไตรมาส 2", 0, 0, 0), ("ไตรมาส 3", 12, 7, 5))
ITA = scores((1, "การปฏิบัติหน้าที่", "95.5", "90"), (2, "การใช้งบประมาณ", "78.25", None),
             (10, "การป้องกันการทุจริต", "100", "100"), (4, "การใช้อำนาจ", "0", "61.2"))


def parse(svg) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{NS}svg"
    return root


def bars(root, series=None):
    cls = "bar" if series is None else f"bar-{series}"
    return [r for r in root.iter(f"{NS}rect") if cls in r.get("class", "").split()]


def labels(root, kind="value"):
    return [t.text for t in root.iter(f"{NS}text") if t.get("class") == kind]


def widths(rects):
    return [float(r.get("width")) for r in rects]


def assert_proportional(rects, values, full_scale):
    for width, value in zip(widths(rects), values, strict=True):
        assert width == pytest.approx(value / full_scale * PLOT_W, abs=0.01)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (luminance(hex_colour) + 0.05)


# --- shared properties ---------------------------------------------------------------------

@pytest.mark.parametrize("chart", [lambda: complaint_chart(QUARTERS), lambda: score_chart(ITA)])
def test_accessible_svg(chart):
    root = parse(chart())
    assert root.get("role") == "img"
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert ids[root.get("aria-labelledby")].tag == f"{NS}title"
    assert ids[root.get("aria-describedby")].tag == f"{NS}desc"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("width") is None  # sized by CSS through the viewBox
    legend = [el for el in root.iter(f"{NS}g") if el.get("class") == "legend"]
    assert len(legend) == 1 and len(legend[0].findall(f"{NS}text")) >= 1


@pytest.mark.parametrize("chart", [lambda: complaint_chart(QUARTERS), lambda: score_chart(ITA)])
def test_no_inline_style_or_script(chart):
    svg = str(chart())
    for el in parse(svg).iter():
        assert "style" not in el.attrib
        assert el.tag not in (f"{NS}style", f"{NS}script", f"{NS}foreignObject")
    assert not svg.startswith("<?xml")


@pytest.mark.parametrize("chart", [lambda: complaint_chart(QUARTERS), lambda: score_chart(ITA)])
def test_colours_meet_aa_contrast_on_white(chart):
    root = parse(chart())
    used = set()
    for el in root.iter():
        if el.get("class") == "halo":
            continue  # the white outline behind text
        for attr in ("fill", "stroke"):
            value = el.get(attr, "")
            if value.startswith("#") and value.lower() != "#ffffff":
                used.add(value)
    used -= {"#c4c4c4"}  # grid lines: decoration, every value is also written as text
    assert used and all(contrast_with_white(c) >= 4.5 for c in used), used


@pytest.mark.parametrize("make", [complaint_chart, score_chart])
@pytest.mark.parametrize("empty", [[], (), None, iter([])])
def test_empty_input_gives_empty_markup(make, empty):
    result = make(empty)
    assert result == "" and hasattr(result, "__html__")


def test_deterministic_and_ids_depend_on_content():
    assert complaint_chart(QUARTERS) == complaint_chart(periods(*[
        (p.period, p.received, p.done, p.in_progress) for p in QUARTERS]))
    first = parse(complaint_chart(QUARTERS)).get("aria-labelledby")
    other = parse(complaint_chart(QUARTERS[:1])).get("aria-labelledby")
    assert first != other  # two charts on one page must not share ids


def test_user_text_is_escaped():
    root = parse(complaint_chart(periods(('<script>alert("x")</script> & ต.ค.', 1, 1, 0))))
    assert labels(root, "group") == ['<script>alert("x")</script> & ต.ค.']
    assert "<script>" in root.find(f"{NS}desc").text


def test_usable_from_a_template(tmp_path):
    env = make_environment(tmp_path)
    html = env.from_string("<figure>{{ complaint_chart(p) }}{{ score_chart(s) }}</figure>")
    out = html.render(p=QUARTERS, s=ITA)
    assert out.count("<svg ") == 2 and "&lt;svg" not in out


# --- complaint chart -----------------------------------------------------------------------

def test_complaint_bars_are_proportional_and_labelled():
    root = parse(complaint_chart(QUARTERS))
    step, top = nice_scale(12)
    assert (step, top) == (5, 15)
    for series, values in enumerate(([5, 0, 12], [4, 0, 7], [1, 0, 5])):
        assert_proportional(bars(root, series), values, top)
        assert all(float(r.get("x")) == PLOT_X for r in bars(root, series))
    assert labels(root, "group") == ["ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3"]
    assert labels(root)[:3] == ["รับเรื่อง 5", "แล้วเสร็จ 4", "อยู่ระหว่างดำเนินการ 1"]
    assert len(labels(root)) == 9


def test_complaint_title_desc_and_legend_in_thai():
    root = parse(complaint_chart(QUARTERS))
    assert root.find(f"{NS}title").text == "สถิติเรื่องร้องเรียนการทุจริต"
    desc = root.find(f"{NS}desc").text
    assert "รับเรื่อง 17 เรื่อง แล้วเสร็จ 11 เรื่อง อยู่ระหว่างดำเนินการ 6 เรื่อง" in desc
    assert "ไตรมาส 3: รับเรื่อง 12 เรื่อง แล้วเสร็จ 7 เรื่อง อยู่ระหว่างดำเนินการ 5 เรื่อง" in desc
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{NS}text")] == [
        "รับเรื่อง", "แล้วเสร็จ", "อยู่ระหว่างดำเนินการ"]


def test_complaint_all_zero():
    root = parse(complaint_chart(periods(("ต.ค. 2567", 0, 0, 0))))
    assert widths(bars(root)) == [0, 0, 0]
    assert labels(root) == ["รับเรื่อง 0", "แล้วเสร็จ 0", "อยู่ระหว่างดำเนินการ 0"]
    assert "รับเรื่อง 0 เรื่อง" in root.find(f"{NS}desc").text


def test_complaint_large_numbers_use_separators_and_fit():
    root = parse(complaint_chart(periods(("ปี 2568", 12345, 12000, 345))))
    step, top = nice_scale(12345)
    assert top >= 12345 and top // step <= 5
    assert_proportional(bars(root), [12345, 12000, 345], top)
    assert max(widths(bars(root))) <= PLOT_W
    assert labels(root)[0] == "รับเรื่อง 12,345"


@pytest.mark.parametrize("largest, expected", [(0, (1, 1)), (1, (1, 1)), (5, (1, 5)),
                                               (7, (2, 8)), (12, (5, 15)), (99, (20, 100)),
                                               (101, (50, 150)), (2500, (500, 2500))])
def test_nice_scale(largest, expected):
    assert nice_scale(largest) == expected


# --- score chart ---------------------------------------------------------------------------

def test_score_bars_on_a_0_to_100_scale():
    root = parse(score_chart(ITA))
    assert_proportional(bars(root, 0), [95.5, 78.25, 100, 0], 100)
    assert_proportional(bars(root, 1), [90, 100, 61.2], 100)  # indicator 2 has no previous
    axis = next(g for g in root.iter(f"{NS}g") if g.get("class") == "axis")
    assert [t.text for t in axis.iter(f"{NS}text")] == ["0", "20", "40", "60", "80", "100"]


def test_score_labels_name_the_year_and_value():
    root = parse(score_chart(ITA))
    assert labels(root, "group") == ["1. การปฏิบัติหน้าที่", "2. การใช้งบประมาณ",
                                     "10. การป้องกันการทุจริต", "4. การใช้อำนาจ"]
    assert labels(root) == ["ปีนี้ 95.50", "ปีก่อน 90.00", "ปีนี้ 78.25", "ปีก่อน ไม่มีข้อมูล",
                            "ปีนี้ 100.00", "ปีก่อน 100.00", "ปีนี้ 0.00", "ปีก่อน 61.20"]


def test_score_desc_summarises_changes():
    root = parse(score_chart(ITA))
    assert root.find(f"{NS}title").text == "คะแนน ITA รายตัวชี้วัด เทียบกับปีก่อน"
    desc = root.find(f"{NS}desc").text
    assert desc.startswith("คะแนนเต็ม 100")
    assert ("1. การปฏิบัติหน้าที่: ปีนี้ 95.50 คะแนน ปีก่อน 90.00 คะแนน (เพิ่มขึ้น 5.50 คะแนน)"
            in desc)
    assert "2. การใช้งบประมาณ: ปีนี้ 78.25 คะแนน;" in desc
    assert "(เท่าเดิม)" in desc and "(ลดลง 61.20 คะแนน)" in desc


def test_score_without_any_previous_year_shows_one_series():
    root = parse(score_chart(scores((1, "การปฏิบัติหน้าที่", "88.8", None))))
    assert root.find(f"{NS}title").text == "คะแนน ITA รายตัวชี้วัด"
    assert labels(root) == ["ปีนี้ 88.80"]
    assert not bars(root, 1)
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{NS}text")] == ["ปีนี้"]


def test_score_out_of_range_stays_inside_the_plot():
    root = parse(score_chart(scores((1, "x", "120", "-5"))))
    assert widths(bars(root)) == [PLOT_W, 0]
    assert labels(root) == ["ปีนี้ 120.00", "ปีก่อน -5.00"]
