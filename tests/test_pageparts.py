"""Pages rendered with placeholders for their partials, and partials spliced into old pages."""
from __future__ import annotations

import jinja2

from itagen.pageparts import MARK, MARK_END, Once, render_page, splice


def environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                              loader=jinja2.DictLoader({
                                  "head.html": "<h>{{ name }} {{ where }}</h>\n",
                                  "page.html": '{{ once("head.html", where=place) }}<p>{{ text }}'
                                               '</p>{{ once("head.html", where=place) }}',
                              }))


def test_placeholders_give_what_the_real_partials_give():
    env = environment()
    once = Once(env, {"name": "อบต.<ทดลอง>"})
    values = {"place": "บน", "text": "ข้อความ"}
    data, splices = render_page(env.get_template("page.html"), values, once, True,
                                lambda name, args: f"{name} {args}")
    real = env.get_template("page.html").render(values, once=once).encode()
    assert data == real
    assert [data[start:end] for start, end, *_ in splices] == ["<h>อบต.&lt;ทดลอง&gt; บน</h>".encode()] * 2
    assert splices[0][2:] == ["head.html", '{"where": "บน"}', 'head.html {"where": "บน"}']


def test_content_that_holds_a_placeholder_is_rendered_with_the_real_partials():
    env = environment()
    once = Once(env, {"name": "x"})
    values = {"place": "บน", "text": f"{MARK}1{MARK_END}"}  # looks like the second partial
    data, splices = render_page(env.get_template("page.html"), values, once, True)
    assert splices is None
    assert data == env.get_template("page.html").render(values, once=once).encode()


def test_args_json_cannot_spell_make_the_page_unsplicable():
    env = environment()
    once = Once(env, {"name": "x"})
    data, splices = render_page(env.get_template("page.html"), {"place": 1.5, "text": ""},
                                once, True)
    assert splices is None and b"<h>x 1.5</h>" in data


def test_splicing_puts_this_builds_partials_at_the_recorded_places():
    env = environment()
    values = {"place": "บน", "text": "ข้อความ"}
    old, splices = render_page(env.get_template("page.html"), values,
                               Once(env, {"name": "ชื่อเดิม"}), True)
    renamed = Once(env, {"name": "ชื่อใหม่ที่ยาวกว่าเดิม"})
    new, placed = splice(old, splices, renamed)
    assert new == env.get_template("page.html").render(values, once=renamed).encode()
    assert [new[start:end] for start, end, *_ in placed] == \
        ["<h>ชื่อใหม่ที่ยาวกว่าเดิม บน</h>".encode()] * 2
    assert splice(old[:10], splices, renamed) is None  # offsets beyond the file: render instead
