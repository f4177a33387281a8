from itagen.markdown import render_markdown


def test_thai_heading_ids_keep_thai():
    html = render_markdown("## งบประมาณรายจ่ายประจำปี\n\ntext")
    assert 'id="งบประมาณรายจ่ายประจำปี"' in html


def test_raw_html_is_escaped_by_default():
    html = render_markdown('<script>alert(1)</script>\n\nก <b onclick="x()">b</b>')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b " not in html


def test_allowed_html_is_sanitized():
    html = render_markdown('<p onclick="x()">ok</p><script>bad()</script>'
                           '<a href="javascript:alert(1)">x</a><img src=x onerror=y>', True)
    assert "onclick" not in html and "<script" not in html and "javascript:" not in html
    assert "<img" not in html and "ok" in html


def test_external_links_get_rel():
    html = render_markdown("[ป.ป.ช.](https://www.nacc.go.th/) and [in](/contact/)")
    assert 'href="https://www.nacc.go.th/" rel="noopener noreferrer"' in html
    assert 'href="/contact/">' in html


def test_tables():
    html = render_markdown("| ก | ข |\n|---|---|\n| 1 | 2 |\n")
    assert "<table>" in html and "<td>1</td>" in html


def test_table_alignment_becomes_classes_and_scroll_box():
    html = render_markdown("| ก | ข |\n|:---|---:|\n| 1 | 2 |\n")
    assert "style=" not in html
    assert '<td class="align-right">2</td>' in html
    assert html.startswith("<div ") and 'class="table-wrap"' in html and 'tabindex="0"' in html
