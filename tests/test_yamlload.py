from pathlib import Path

from itagen.errors import Findings
from itagen.yamlload import line_of, load_markdown_file, parse_yaml_text


def parse(text):
    findings = Findings()
    return parse_yaml_text(text, "x.yaml", findings), findings


def test_keeps_line_numbers():
    node, findings = parse("a: 1\nb:\n  c: hello\n")
    assert not findings
    b_value = node.value[1][1]
    assert line_of(b_value.value[0][1]) == 3


def test_duplicate_key_names_both_lines():
    _, findings = parse("a: 1\nb: 2\na: 3\n")
    [item] = findings.items
    assert (item.line, item.key) == (3, "a")
    assert "บรรทัด 1" in item.th and "line 1" in item.en


def test_nested_duplicate_key():
    _, findings = parse("x:\n  - k: 1\n    k: 2\n")
    assert [f.line for f in findings.items] == [3]


def test_tab_indentation_is_explained():
    _, findings = parse("a:\n\tb: 1\n")
    assert findings.items[0].line == 2 and "Tab" in findings.items[0].th


def test_tab_inside_quoted_value_is_fine():
    node, findings = parse('a: "x\\ty"\nb: "tab\there"\n')
    assert not findings and node is not None


def test_unclosed_quote_points_at_opening_line():
    _, findings = parse('a: 1\nb: "open\nc: 2\nd: 3\n')
    assert findings.items[0].line == 2


def test_bad_indentation_line():
    _, findings = parse("a: 1\n  b: 2\n")
    assert findings.items[0].line == 2
    assert "YAML" in findings.items[0].th


def test_not_utf8(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes("---\ntitle: ข่าว\n---\n".encode("tis-620"))
    findings = Findings()
    assert load_markdown_file(path, "a.md", findings) is None
    assert "UTF-8" in findings.items[0].th


def test_front_matter_lines_match_file(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: ข่าว\ndate: 2568-01-02\n---\nเนื้อหา\n", encoding="utf-8")
    findings = Findings()
    source = load_markdown_file(path, "a.md", findings)
    assert line_of(source.node.value[1][1]) == 3
    assert source.body.strip() == "เนื้อหา" and source.body_line == 5


def test_bom_is_accepted(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: x\n---\nbody\n")
    findings = Findings()
    assert load_markdown_file(path, "a.md", findings) is not None and not findings
