"""SVG charts drawn at build time: complaint statistics (O19) and ITA indicator scores.

The charts are plain inline SVG, so they need no JavaScript, print as vectors and pass a
Content-Security-Policy without 'unsafe-inline' (colours are presentation attributes, never
style attributes). Every bar carries a text label with its series name and value, and series
differ by fill pattern as well as colour, so nothing depends on colour vision or a colour
printer; <title> and <desc> give screen readers the same numbers in Thai.

Bars are horizontal with each group's heading on its own line above the bars, so long Thai
indicator names never need to be measured or cut.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from .thai import format_amount, format_number

WIDTH = 640          # viewBox width; CSS scales the whole chart
PLOT_X = 10          # where bars start (the zero line)
PLOT_W = 420         # length of a bar at the axis maximum; the rest holds value labels
BAR_H = 18
BAR_GAP = 4
HEAD_H = 24          # group heading line above the bars
GROUP_GAP = 14
LEGEND_H = 34
AXIS_H = 26          # tick labels under the plot
TEXT = "#1a1a1a"     # 17.4:1 on white
GRID = "#c4c4c4"     # decorative only; every value is also written out

# Series colours: all at least 4.5:1 against white (WCAG AA for text, so also for shapes).
BLUE, GREEN, ORANGE, GREY = "#1f4e79", "#1e6b37", "#9a4700", "#595959"


@dataclass(frozen=True)
class Series:
    """One kind of bar: its Thai name (legend and labels), colour and fill pattern."""

    name: str
    colour: str
    pattern: str  # "solid", "stripes" or "dots": tells series apart in greyscale print


@dataclass(frozen=True)
class Bar:
    """One bar: which series, its value (None = no data) and the text written beside it."""

    series: int
    value: float | None
    label: str


COMPLAINT_SERIES = (Series("รับเรื่อง", BLUE, "solid"), Series("แล้วเสร็จ", GREEN, "stripes"),
                    Series("อยู่ระหว่างดำเนินการ", ORANGE, "dots"))
SCORE_SERIES = (Series("ปีนี้", BLUE, "solid"), Series("ปีก่อน", GREY, "stripes"))


# --- complaint statistics ------------------------------------------------------------------

def complaint_chart(periods) -> Markup:
    """Bar chart of complaints received / done / in progress per period."""
    periods = list(periods or [])
    if not periods:
        return Markup("")
    counts = [(p.period, [p.received or 0, p.done or 0, p.in_progress or 0]) for p in periods]
    groups = [(str(period), [Bar(i, n, f"{COMPLAINT_SERIES[i].name} {format_number(n)}")
                             for i, n in enumerate(values)]) for period, values in counts]
    step, top = nice_scale(max(max(values) for _, values in counts))
    ticks = [(v, format_number(v)) for v in range(0, top + 1, step)]
    return draw("สถิติเรื่องร้องเรียนการทุจริต", _complaint_desc(counts), COMPLAINT_SERIES,
                groups, ticks, top)


def _complaint_desc(counts: list[tuple[str, list[int]]]) -> str:
    """'รวม … ; ไตรมาส 1: รับเรื่อง 5 เรื่อง แล้วเสร็จ 4 เรื่อง …' for screen readers."""
    def sentence(values: list[int]) -> str:
        return " ".join(f"{s.name} {format_number(v)} เรื่อง"
                        for s, v in zip(COMPLAINT_SERIES, values))

    totals = [sum(values[i] for _, values in counts) for i in range(3)]
    parts = [f"รวม {len(counts)} ช่วงเวลา: {sentence(totals)}"]
    parts += [f"{period}: {sentence(values)}" for period, values in counts]
    return "; ".join(parts)


def nice_scale(largest: float) -> tuple[int, int]:
    """(tick step, axis maximum) of whole numbers, at most 5 steps, covering `largest`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            steps = max(1, math.ceil(largest / step))  # at least one step, even for 0
            if steps <= 5:
                return step, steps * step
        magnitude *= 10


# --- ITA indicator scores ------------------------------------------------------------------

def score_chart(indicators) -> Markup:
    """Bar chart of ITA indicator scores (0–100), this year beside the previous year."""
    indicators = list(indicators or [])
    if not indicators:
        return Markup("")
    with_previous = any(item.previous is not None for item in indicators)
    series = SCORE_SERIES if with_previous else SCORE_SERIES[:1]
    groups = [(_indicator_name(item), _score_bars(item, with_previous)) for item in indicators]
    ticks = [(v, str(v)) for v in range(0, 101, 20)]
    title = "คะแนน ITA รายตัวชี้วัด" + (" เทียบกับปีก่อน" if with_previous else "")
    return draw(title, _score_desc(indicators), series, groups, ticks, 100)


def _indicator_name(item) -> str:
    return f"{item.number}. {item.name}" if item.number is not None else str(item.name)


def _score_bars(item, with_previous: bool) -> list[Bar]:
    bars = [_score_bar(0, item.score)]
    if with_previous:
        bars.append(_score_bar(1, item.previous))
    return bars


def _score_bar(series: int, score) -> Bar:
    name = SCORE_SERIES[series].name
    if score is None:
        return Bar(series, None, f"{name} ไม่มีข้อมูล")
    return Bar(series, float(score), f"{name} {format_amount(Decimal(score))}")


def _score_desc(indicators) -> str:
    """'คะแนนเต็ม 100; 1. การปฏิบัติหน้าที่: ปีนี้ 95.50 คะแนน ปีก่อน 90.00 คะแนน (เพิ่มขึ้น …)'."""
    parts = ["คะแนนเต็ม 100"]
    for item in indicators:
        text = f"{_indicator_name(item)}: ปีนี้ {_points(item.score)}"
        if item.previous is not None:
            text += f" ปีก่อน {_points(item.previous)}{_change(item.score, item.previous)}"
        parts.append(text)
    return "; ".join(parts)


def _points(score) -> str:
    return "ไม่มีข้อมูล" if score is None else f"{format_amount(Decimal(score))} คะแนน"


def _change(score, previous) -> str:
    if score is None:
        return ""
    diff = Decimal(score) - Decimal(previous)
    if diff == 0:
        return " (เท่าเดิม)"
    word = "เพิ่มขึ้น" if diff > 0 else "ลดลง"
    return f" ({word} {format_amount(abs(diff))} คะแนน)"


# --- drawing -------------------------------------------------------------------------------

def draw(title: str, desc: str, series, groups, ticks, top: float) -> Markup:
    """The whole chart: legend, grid, then each group's heading and bars."""
    cid = "chart-" + hashlib.sha1(repr((title, desc, groups)).encode()).hexdigest()[:10]
    body_h = sum(_group_height(bars) for _, bars in groups)
    height = LEGEND_H + body_h + AXIS_H
    parts = [_open(cid, height), f'<title id="{cid}-t">{escape(title)}</title>',
             f'<desc id="{cid}-d">{escape(desc)}</desc>', _defs(cid, series),
             f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
             _legend(cid, series), _grid(ticks, top, LEGEND_H, LEGEND_H + body_h)]
    y = LEGEND_H
    for heading, bars in groups:
        parts.append(_group(cid, series, heading, bars, top, y))
        y += _group_height(bars)
    return Markup("".join(parts) + "</svg>")


def _open(cid: str, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}"'
            f' role="img" aria-labelledby="{cid}-t" aria-describedby="{cid}-d"'
            f' font-size="14" fill="{TEXT}">')


def _group_height(bars: list[Bar]) -> int:
    return HEAD_H + len(bars) * (BAR_H + BAR_GAP) + GROUP_GAP


def _defs(cid: str, series) -> str:
    """Fill patterns, so a series stays recognisable in black-and-white print."""
    defs = []
    for i, s in enumerate(series):
        mark = {"stripes": f'<rect width="3" height="6" fill="{s.colour}"/>',
                "dots": f'<circle cx="3" cy="3" r="1.8" fill="{s.colour}"/>'}.get(s.pattern)
        if mark:
            turn = ' patternTransform="rotate(45)"' if s.pattern == "stripes" else ""
            defs.append(f'<pattern id="{cid}-p{i}" width="6" height="6" '
                        f'patternUnits="userSpaceOnUse"{turn}>'
                        f'<rect width="6" height="6" fill="#ffffff"/>{mark}</pattern>')
    return f"<defs>{''.join(defs)}</defs>" if defs else ""


def _fill(cid: str, series, index: int) -> str:
    s = series[index]
    return s.colour if s.pattern == "solid" else f"url(#{cid}-p{index})"


def _legend(cid: str, series) -> str:
    items = []
    for i, s in enumerate(series):
        x = PLOT_X + i * 190  # fixed slots: SVG cannot measure the Thai text
        items.append(f'<rect class="legend-key" x="{x}" y="8" width="16" height="16" '
                     f'fill="{_fill(cid, series, i)}" stroke="{s.colour}" stroke-width="1.5"/>'
                     f'<text x="{x + 22}" y="21">{escape(s.name)}</text>')
    return f'<g class="legend">{"".join(items)}</g>'


def _grid(ticks, top: float, y0: int, y1: int) -> str:
    """Vertical grid lines with their values underneath; the zero line is drawn dark."""
    lines = []
    for value, label in ticks:
        x = _x(value, top)
        colour = TEXT if value == 0 else GRID
        lines.append(f'<line x1="{x}" y1="{y0}" x2="{x}" y2="{y1}" stroke="{colour}"/>'
                     f'<text x="{x}" y="{y1 + 18}" font-size="12" text-anchor="middle">'
                     f'{escape(label)}</text>')
    return f'<g class="axis">{"".join(lines)}</g>'


def _group(cid: str, series, heading: str, bars: list[Bar], top: float, y: int) -> str:
    parts = [_text("group", PLOT_X, y + 17, heading, ' font-weight="bold"')]
    for row, bar in enumerate(bars):
        parts.append(_bar(cid, series, bar, top, y + HEAD_H + row * (BAR_H + BAR_GAP)))
    return f'<g>{"".join(parts)}</g>'


def _bar(cid: str, series, bar: Bar, top: float, y: int) -> str:
    """A bar (none when there is no value) and its label just past the bar's end."""
    end = _x(bar.value or 0, top)
    shape = ""
    if bar.value is not None:
        s = series[bar.series]
        # A zero bar keeps its element (width 0) so every value has a bar to find.
        shape = (f'<rect class="bar bar-{bar.series}" x="{PLOT_X}" y="{y}" '
                 f'width="{round(end - PLOT_X, 2)}" height="{BAR_H}" '
                 f'fill="{_fill(cid, series, bar.series)}" stroke="{s.colour}" '
                 f'stroke-width="{1.5 if end > PLOT_X else 0}"/>')
    return shape + _text("value", end + 6, y + 14, bar.label)


def _text(kind: str, x: float, y: float, text: str, extra: str = "") -> str:
    """Text over a white outlined copy of itself, so grid lines never run through the letters.

    The copy is a separate element rather than paint-order="stroke", which renderers without
    paint-order support would draw on top of the letters and wipe them out.
    """
    where = f'x="{x}" y="{y}"{extra}'
    return (f'<text class="halo" {where} fill="#ffffff" stroke="#ffffff" stroke-width="4" '
            f'stroke-linejoin="round" aria-hidden="true">{escape(text)}</text>'
            f'<text class="{kind}" {where}>{escape(text)}</text>')


def _x(value: float, top: float) -> float:
    """Horizontal position of `value` on an axis from 0 to `top`, kept inside the plot."""
    share = min(max(value / top, 0.0), 1.0) if top else 0.0
    return round(PLOT_X + share * PLOT_W, 2)
