"""Property tests: whatever a person types, itagen answers with a value or a finding, never a crash.

`test_thai.py` covers the Thai parsers on bare strings; here the same parsers are reached the way
content reaches them (YAML text → node → model field), and the loader, the value types, the
Markdown sanitizer and a whole build are driven with arbitrary input.
"""
from __future__ import annotations

import dataclasses
import html
import re
from html.parser import HTMLParser
import shutil
import string
import tempfile
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from itagen.cli import main
from itagen.errors import Findings
from itagen.markdown import render_markdown
from itagen.model import agency, common, integrity, pages, project as project_model, yearly
from itagen.model.schema import INVALID, Ctx, Model, convert, convert_model
from itagen.model.values import (FileRef, Month, QuestionCode, Url, parse_file_ref, parse_month,
                                 parse_question_code, parse_url)
from itagen.thai import ThaiValueError, format_month
from itagen.yamlload import parse_yaml_text

FAST = settings(max_examples=300, deadline=None, database=None)
SLOW = settings(max_examples=25, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CORPUS_BASE = Path(__file__).parent / "malformed" / "_base"

# Characters that matter to YAML and to Thai content, so random text hits the interesting paths.
YAMLISH = st.text(alphabet=st.sampled_from(list(": -[]{}'\"\t\n#&*!|>%@`,?~.\\0123456789")
                                            + list("abcxyz กขคงฯ๑๒๓ๅ\ufeff\u200b\x00\x85")),
                  max_size=120)
ANY_TEXT = st.text(max_size=200) | YAMLISH


def lines_in(text: str) -> int:
    """Lines as YAML counts them: NEL, LS and PS break lines too (editors may disagree)."""
    return len(re.findall(r"\r\n|[\r\n\x85\u2028\u2029]", text)) + 1


# --------------------------------------------------------------------------- the YAML loader

@given(ANY_TEXT, st.integers(min_value=0, max_value=3))
@FAST
def test_yaml_loader_gives_a_node_or_findings(text, offset):
    findings = Findings()
    node = parse_yaml_text(text, "content/x.yaml", findings, line_offset=offset)
    if node is None:
        assert findings or not text.strip() or _only_comments(text), text
    else:
        assert isinstance(node, yaml.Node)
    for item in findings.items:
        assert 0 <= item.line <= lines_in(text) + offset + 1
        assert item.th and item.en and item.file == "content/x.yaml"


def _only_comments(text: str) -> bool:
    """YAML that composes to nothing: blank, comments, a bare document marker."""
    from itagen.yamlload import _Loader  # the same libyaml build itagen reads with

    try:
        return yaml.compose(text, Loader=_Loader) is None
    except yaml.YAMLError:
        return False


@given(st.binary(max_size=200))
@FAST
def test_any_bytes_in_a_content_file_load_without_crashing(data):
    from itagen.yamlload import load_markdown_file, load_yaml_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_bytes(data)
        for loader in (load_yaml_file, load_markdown_file):
            findings = Findings()
            source = loader(path, "content/x.yaml", findings)
            assert source is not None or findings


# --------------------------------------------------------------------------- YAML → every model

MODELS = sorted({cls for module in (agency, common, integrity, pages, project_model, yearly)
                 for cls in vars(module).values()
                 if isinstance(cls, type) and issubclass(cls, Model) and cls is not Model
                 and dataclasses.is_dataclass(cls)}, key=lambda cls: cls.__qualname__)


def _field_names(cls) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]


SCALARS = (st.sampled_from(["", "~", "null", "true", "no", "0", "-1", "1,5", "1e400", ".inf", ".nan",
                            "2568-01-15", "2025-02-29", "31 ก.พ. 2568", "15 ม.ค. 2025", "๑๕ มี.ค. ๒๕๖๘",
                            "ต.ค. 2567", "2567-13", "i7", "O41", "x9", "https://a.go.th/", "/x/",
                            "javascript:alert(1)", "files/act.pdf", "../x", "/etc/passwd",
                            "9" * 60, "-5,000 บาท", "฿1,234.50", "'quoted'", "อบต."])
           | st.text(max_size=20) | st.integers() | st.floats() | st.booleans())


def _yaml_value(keys: list[str]):
    """Random YAML data whose mappings mostly use the model's own keys, so converters run deep."""
    key = st.sampled_from(keys) | st.text(min_size=1, max_size=8)
    return st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(key, inner, max_size=6), max_leaves=25)


@st.composite
def model_documents(draw):
    cls = draw(st.sampled_from(MODELS))
    keys = sorted({name for model in MODELS for name in _field_names(model)})
    top = draw(st.dictionaries(st.sampled_from(_field_names(cls) or ["x"]), _yaml_value(keys),
                               max_size=8))
    return cls, yaml.safe_dump(top, allow_unicode=True)


@given(model_documents())
@settings(max_examples=400, deadline=None, database=None)
def test_any_yaml_converts_to_a_model_or_findings(tmp_path_factory, doc):
    cls, text = doc
    findings = Findings()
    node = parse_yaml_text(text, "content/x.yaml", findings)
    assume(node is not None)
    content = CORPUS_BASE / "content"
    obj = convert_model(node, cls, Ctx("content/x.yaml", findings, content), "")
    assert obj is INVALID or isinstance(obj, cls)
    for item in findings.items:
        assert item.file == "content/x.yaml" and item.th and item.en


# --------------------------------------------------------------------------- one field at a time

def _convert_scalar(text: str, tp):
    """Convert the YAML scalar written as `text` into type `tp`, as a model field would."""
    findings = Findings()
    node = parse_yaml_text(f"v: {text}\n", "content/x.yaml", findings)
    if node is None:
        return INVALID, findings
    value = convert(node.value[0][1], tp, Ctx("content/x.yaml", findings, CORPUS_BASE / "content"),
                    "v")
    return value, findings


SCALAR_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40).map(
    lambda t: yaml.safe_dump(t, allow_unicode=True, width=1000).removesuffix("\n...\n").strip())


@given(SCALAR_TEXT | st.sampled_from(["2568-02-29", "2567-02-29", "2025-01-15", "1 ม.ค. 68",
                                      "วันจันทร์ที่ 3 มี.ค. 2568", "31/04/2568", "0000-01-01"]))
@FAST
def test_thai_dates_from_yaml(text):
    value, findings = _convert_scalar(text, date)
    if value is INVALID or value is None:
        return
    assert isinstance(value, date) and 2400 <= value.year + 543 <= 2700 and not findings.errors


@given(SCALAR_TEXT | st.sampled_from(["1e400", ".inf", "-.inf", ".nan", "0x1F", "1_000", "0o17",
                                      "1,234.50", "๑,๒๓๔.๕๐ บาท", "-0", "+5", "1,5"]))
@FAST
def test_amounts_from_yaml(text):
    value, findings = _convert_scalar(text, Decimal)
    if value is INVALID or value is None:
        return
    assert isinstance(value, Decimal) and value.is_finite() and 0 <= value < Decimal(10) ** 15


@given(SCALAR_TEXT | st.integers().map(str))
@FAST
def test_whole_numbers_from_yaml(text):
    value, findings = _convert_scalar(text, int)
    if value is INVALID or value is None:
        return
    assert isinstance(value, int) and abs(value) < 10 ** 15


@given(ANY_TEXT | st.from_regex(r"\A[ieoIEO]?[0-9๐-๙]{1,3}\Z"))
@FAST
def test_question_codes(text):
    try:
        code = parse_question_code(text)
    except ThaiValueError as exc:
        assert exc.th and exc.en
        return
    assert isinstance(code, QuestionCode) and re.fullmatch(r"[ieo][0-9]{1,2}", code)
    assert parse_question_code(code) == code  # normal form is a fixed point


@given(ANY_TEXT | st.from_regex(r"\A[0-9๐-๙]{4}-[0-9]{1,2}\Z"))
@FAST
def test_months(text):
    try:
        month = parse_month(text)
    except ThaiValueError as exc:
        assert exc.th and exc.en
        return
    assert isinstance(month, Month) and 1 <= month.month <= 12
    assert 2400 <= month.year + 543 <= 2700


@given(st.integers(min_value=2400 - 543, max_value=2700 - 543), st.integers(1, 12),
       st.sampled_from(["long", "short"]), st.sampled_from(["arabic", "thai"]))
@FAST
def test_months_round_trip(year, month, style, digits):
    assert parse_month(format_month(year, month, style, digits)) == Month(year, month)
    assert parse_month(f"{year + 543}-{month:02d}") == Month(year, month)


def _browser_scheme(url: str) -> str:
    """The scheme a browser would see: entities decoded, controls and spaces dropped."""
    plain = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url)).replace("\\", "/")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", plain)
    return match.group(1).lower() if match else ""


URLISH = st.builds(lambda a, b, c: a + b + c,
                   st.sampled_from(["", " ", "\t", "/", "//", "/\\", "java", "JaVa", "data", "http",
                                    "https", "mailto", "vbscript", "&#106;"]),
                   st.sampled_from(["", ":", "script:", "s://", "\t", "\n", "\\", "/"]),
                   st.text(max_size=20))


@given(ANY_TEXT | URLISH)
@FAST
def test_urls_accepted_are_safe(text):
    try:
        url = parse_url(text)
    except ThaiValueError as exc:
        assert exc.th and exc.en
        return
    assert isinstance(url, Url)
    assert _browser_scheme(url) in ("", "http", "https", "mailto", "tel")
    if url.startswith("/"):
        assert not url.startswith("//") and "\\" not in url


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory):
    """A content/ folder with a real file, an empty one, a folder and symlinks in and out."""
    root = tmp_path_factory.mktemp("refs")
    content = root / "content"
    (content / "files" / "sub").mkdir(parents=True)
    (content / "files" / "a.pdf").write_bytes(b"%PDF")
    (content / "files" / "empty.pdf").write_bytes(b"")
    (root / "secret.pdf").write_bytes(b"secret")
    (content / "files" / "out.pdf").symlink_to(root / "secret.pdf")
    (content / "files" / "in.pdf").symlink_to(content / "files" / "a.pdf")
    return content


REFISH = st.builds(lambda a, b: a + b,
                   st.sampled_from(["", "/", "./", "../", "files/", "files/../", "files//", "C:",
                                    "\\", "files\\", "files/./", "files/sub/"]),
                   st.sampled_from(["a.pdf", "empty.pdf", "out.pdf", "in.pdf", "sub", "x.html",
                                    "..", ".", ""]))


@given(ANY_TEXT | REFISH)
@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_file_refs_stay_inside_content(content_dir, text):
    used: set[str] = set()
    try:
        ref = parse_file_ref(text, content_dir, used)
    except ThaiValueError as exc:
        assert exc.th and exc.en and not used
        return
    assert isinstance(ref, FileRef) and used == {ref}
    target = (content_dir / ref).resolve()
    assert target.is_file() and target.is_relative_to(content_dir.resolve())
    assert ".." not in ref.split("/") and not ref.startswith("/") and ref.size > 0


# --------------------------------------------------------------------------- Markdown output

MARKDOWNISH = st.lists(st.sampled_from([
    "[a](", "](", ")", "<", ">", "javascript:", "JaVaScRiPt&#58;", "data:text/html,", "vbscript:",
    "&#106;", "\t", "\n", " ", "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href=",
    '"', "'", "![i](", "[r]: ", "[a][r]", "https://x.org", "//x.org", "/\\x.org", "onclick=", "`",
    "<svg onload=1>", "<iframe>", "<style>", "ก", "**",
]), max_size=25).map("".join)


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def _assert_safe_html(out: str) -> None:
    parser = _Tags()
    parser.feed(out)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "iframe", "svg", "style", "object", "embed"), out
        assert not any(name.startswith("on") for name in attrs), out
        for name in ("href", "src"):
            if name in attrs:
                assert _browser_scheme(attrs[name]) in ("", "http", "https", "mailto", "tel"), out
        href = attrs.get("href", "").replace("\\", "/")
        if tag == "a" and (_browser_scheme(href) in ("http", "https") or
                           re.sub(r"[\x00-\x20]", "", href).startswith("//")):
            assert attrs.get("rel") == "noopener noreferrer", out


@given(MARKDOWNISH | st.text(max_size=100), st.booleans())
@FAST
def test_markdown_output_is_safe(text, allow_html):
    _assert_safe_html(str(render_markdown(text, allow_html)))


# --------------------------------------------------------------------------- a whole build

BASE_FILES = sorted(p.relative_to(CORPUS_BASE).as_posix()
                    for p in CORPUS_BASE.rglob("*") if p.suffix in (".yaml", ".md"))


@st.composite
def typos(draw):
    """A random edit of one content file: delete, insert YAML-ish text, or repeat a line."""
    rel = draw(st.sampled_from(BASE_FILES))
    text = (CORPUS_BASE / rel).read_text(encoding="utf-8")
    at = draw(st.integers(0, len(text)))
    kind = draw(st.sampled_from(["delete", "insert", "repeat", "replace-value"]))
    if kind == "delete":
        text = text[:at] + text[at + draw(st.integers(1, 30)):]
    elif kind == "insert":
        text = text[:at] + draw(YAMLISH) + text[at:]
    elif kind == "repeat":
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
        text = "\n".join(lines)
    else:
        values = [m for m in re.finditer(r": (.+)$", text, re.M)]
        match = draw(st.sampled_from(values))
        scalar = draw(SCALARS.map(lambda v: yaml.safe_dump(v, allow_unicode=True, width=1000)
                                  .removesuffix("\n...\n").strip().replace("\n", " ")))
        text = text[:match.start(1)] + scalar + text[match.end(1):]
    return rel, text


@pytest.fixture(scope="module")
def built_base(tmp_path_factory):
    root = tmp_path_factory.mktemp("typo") / "proj"
    shutil.copytree(CORPUS_BASE, root)
    assert main(["build", str(root)]) == 0
    return root


@given(typos())
@SLOW
def test_any_typo_gives_exit_0_or_1_never_a_crash(built_base, capsys, edit):
    rel, text = edit
    path = built_base / rel
    original = path.read_bytes()
    site = {p: p.read_bytes() for p in (built_base / "site").rglob("*") if p.is_file()}
    try:
        path.write_text(text, encoding="utf-8")
        code = main(["build", str(built_base)])
        out, err = capsys.readouterr()
        assert code in (0, 1), out + err
        assert "Traceback" not in out + err
        if code == 1:
            assert {p: p.read_bytes() for p in (built_base / "site").rglob("*")
                    if p.is_file()} == site
            assert re.search(r"content/\S+:\d* ", err), err
    finally:
        path.write_bytes(original)  # the next example starts from the valid file again


def test_models_are_all_exercised():
    """The model list above is found by introspection; make sure it did not come back empty."""
    names = {cls.__name__ for cls in MODELS}
    assert {"Agency", "NewsPost", "ProcurementYear", "ITAYear", "Document"} <= names
    assert all(typing.get_type_hints(cls) for cls in MODELS)
