"""Read YAML (and Markdown front matter) into PyYAML nodes that keep their line numbers.

We stop at the node level on purpose: the model layer converts nodes to typed values itself, so
every value keeps the line it came from and PyYAML's own guesses (a date, a float) never slip through
unchecked.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Findings

try:  # libyaml is ten times faster; fall back quietly where it is not compiled in.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _SafeLoader

_NULL, _BOOL, _STR = ("tag:yaml.org,2002:" + name for name in ("null", "bool", "str"))
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(word for base in ("yes", "no", "true", "false", "on", "off")
                   for word in (base, base.capitalize(), base.upper()))


class _Loader(_SafeLoader):
    """The safe loader, resolving only the two implicit tags the models read (null and bool,
    exactly as YAML 1.1 spells them); every other plain scalar stays text for the schema to
    convert. PyYAML's resolver tries a regex per scalar and was a fifth of a news post's load."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return _NULL if value in _NULLS else _BOOL if value in _BOOLS else _STR
        return super().resolve(kind, value, implicit)


@dataclass
class Source:
    """A parsed file: its nodes plus what is needed to point at it in messages."""

    path: Path | str    # absolute path on disk
    rel: str            # path shown to the user, relative to the project
    node: yaml.Node | None
    body: str = ""      # Markdown body after the front matter ("" for .yaml files)
    body_line: int = 0  # line where the body starts, for Markdown findings


def line_of(node: yaml.Node | None) -> int:
    """1-based line of a node (0 when unknown)."""
    return node.start_mark.line + 1 if node is not None else 0


def read_text(path: Path | str, rel: str, findings: Findings) -> str | None:
    """Read a file as UTF-8 text, recording a finding if it is not."""
    try:
        data = _read_bytes(path)
    except OSError as exc:  # a folder named like a file, a broken symlink, no permission
        findings.add(rel, 0, "", f"อ่านไฟล์นี้ไม่ได้ ({exc.strerror})",
                     f"cannot read this file: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        findings.add(rel, line, "", "ไฟล์ไม่ได้บันทึกเป็น UTF-8 กรุณาบันทึกใหม่เป็น UTF-8",
                     "file is not UTF-8 text; save it again as UTF-8")
        return None
    if text.startswith("\ufeff"):
        # Notepad on Windows adds a byte-order mark; it is harmless, so we accept it quietly.
        text = text[1:]
    return text


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_bytes(path: Path | str) -> bytes:
    """A file's bytes, read with os.open: a Python file object adds an isatty ioctl and a seek
    to each of the thousands of files a build reads."""
    descriptor = os.open(path, _READ_FLAGS)
    try:
        size, chunks = os.fstat(descriptor).st_size, []
        while chunk := os.read(descriptor, max(size + 1, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def parse_yaml_text(text: str, rel: str, findings: Findings, line_offset: int = 0):
    """Compose one YAML document into a node tree; record syntax errors and duplicate keys."""
    if _report_tab_indent(text, rel, findings, line_offset):
        return None
    if _report_aliases(text, rel, findings, line_offset):
        return None
    try:
        # Blank lines in front keep front-matter line numbers equal to the Markdown file's own.
        node = yaml.compose("\n" * line_offset + text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = _error_mark(exc, text.count("\n") + line_offset)
        line = mark.line + 1 if mark else line_offset + 1
        findings.add(rel, line, "", "รูปแบบ YAML ไม่ถูกต้อง: " + _thai_problem(exc),
                     f"invalid YAML: {exc.problem or exc}")
        return None
    except yaml.YAMLError as exc:
        _report_other_error(exc, text, rel, findings, line_offset)
        return None
    if node is not None and not _check_tree(node, rel, findings):
        return None
    return node


def load_yaml_file(path: Path | str, rel: str, findings: Findings, text: str | None = None
                   ) -> Source | None:
    """Parse a .yaml file (or its `text`, already read); None if it could not be read at all."""
    text = read_text(path, rel, findings) if text is None else text
    if text is None:
        return None
    return Source(path, rel, parse_yaml_text(text, rel, findings))


def load_markdown_file(path: Path | str, rel: str, findings: Findings, text: str | None = None
                       ) -> Source | None:
    """Split `---` front matter from the Markdown body (of the file, or of its `text` already
    read) and parse the front matter."""
    text = read_text(path, rel, findings) if text is None else text
    if text is None:
        return None
    if not text.startswith("---"):
        findings.add(rel, 1, "", "ไฟล์ Markdown ต้องขึ้นต้นด้วยส่วนหัว --- (front matter)",
                     "a Markdown file must start with a '---' front-matter block")
        return None
    closing = _closing_line(text)
    if closing is None:
        findings.add(rel, 1, "", "ไม่พบบรรทัด --- ปิดส่วนหัว", "front matter is not closed by '---'")
        return None
    number, start, end = closing
    node = parse_yaml_text(text[text.find("\n") + 1:start - 1], rel, findings, line_offset=1)
    return Source(path, rel, node, body="" if end < 0 else text[end + 1:], body_line=number + 2)


def _closing_line(text: str) -> tuple[int, int, int] | None:
    """(index, start, end) of the first line after the first that is `---` (trailing spaces
    allowed), its end being where its newline is (-1: none); None when there is none. Looked
    for line by line from the top, where splitting the whole post into lines and joining its
    body again did work for nothing."""
    start = text.find("\n") + 1
    number = 1
    while start:
        end = text.find("\n", start)
        if (text[start:] if end < 0 else text[start:end]).rstrip() == "---":
            return number, start, end
        number, start = number + 1, end + 1
    return None


def _report_tab_indent(text: str, rel: str, findings: Findings, line_offset: int) -> bool:
    """PyYAML's own message for a tab in indentation is cryptic; say it plainly."""
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent:
            findings.add(rel, number + line_offset, "",
                         "พบอักขระแท็บ (Tab) ในการย่อหน้า YAML ต้องย่อหน้าด้วยการเว้นวรรคเท่านั้น",
                         "tab character in indentation; YAML must be indented with spaces")
            return True
    return False


def _report_aliases(text: str, rel: str, findings: Findings, line_offset: int) -> bool:
    """Refuse `*alias` references: one line of them can expand into millions of nodes, or a loop."""
    if "*" not in text:  # cheap test first: almost no content file has a star at all
        return False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                findings.add(rel, event.start_mark.line + 1 + line_offset, "",
                             "ไม่รองรับการอ้างอิงแบบ *ชื่อ (YAML alias) ให้เขียนค่าซ้ำตรง ๆ",
                             "YAML aliases (*name) are not supported; write the value out again")
                return True
    except yaml.YAMLError:
        return False  # compose reports the syntax error with its own message
    return False


def _error_mark(exc: yaml.MarkedYAMLError, last_line: int):
    """Point at the opening of an unclosed quote, bracket or key rather than where YAML gave up."""
    context = str(exc.context or "")
    at_end = exc.problem_mark is not None and exc.problem_mark.line >= last_line
    opened = "quoted" in context or "simple key" in context or at_end
    return exc.context_mark if opened and exc.context_mark else (exc.problem_mark or exc.context_mark)


def _report_other_error(exc: yaml.YAMLError, text: str, rel: str, findings: Findings,
                        line_offset: int) -> None:
    """Errors without a mark, e.g. a control character: find the line of the character."""
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        # exc.position counts bytes with libyaml and characters without it; the character is sure.
        where = text.find(chr(exc.character))
        line = text[:where].count("\n") + 1 if where >= 0 else 1
        char = f"U+{exc.character:04X}"
        findings.add(rel, line + line_offset, "",
                     f"พบอักขระควบคุมที่ใช้ในไฟล์ YAML ไม่ได้ ({char}) ให้ลบออก",
                     f"control character {char} is not allowed in YAML; delete it")
        return
    findings.add(rel, line_offset + 1, "", "รูปแบบ YAML ไม่ถูกต้อง", f"invalid YAML: {exc}")


def _thai_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").lower()
    if "could not find expected ':'" in problem or "mapping values" in problem:
        return "ย่อหน้าหรือเครื่องหมาย : ไม่ถูกต้อง"
    if "found unexpected end of stream" in problem or "quoted scalar" in str(exc.context or ""):
        return "เครื่องหมายคำพูดไม่ได้ปิด"
    if "indent" in problem or "block end" in problem:
        return "การย่อหน้าไม่ตรงกัน"
    if "another document" in problem:
        return "ไฟล์เดียวมีได้เพียงเอกสาร YAML เดียว (ลบบรรทัด --- ที่เกินออก)"
    return "ตรวจสอบการย่อหน้า เครื่องหมาย : - และเครื่องหมายคำพูดในบรรทัดนี้"


MAX_DEPTH = 40  # real content nests a dozen levels at most; deeper is a mistake or an attack


def _check_tree(node: yaml.Node, rel: str, findings: Findings) -> bool:
    """Report duplicate keys (PyYAML keeps the last one silently); False if nested too deep."""
    stack = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            findings.add(rel, line_of(current), "",
                         f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น ตรวจสอบการย่อหน้า",
                         f"data is nested more than {MAX_DEPTH} levels deep; check the indentation")
            return False
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if key in seen:
                    findings.add(rel, line_of(key_node), key,
                                 f"คีย์ '{key}' ซ้ำกับบรรทัด {seen[key]}",
                                 f"duplicate key '{key}', first at line {seen[key]}")
                else:
                    seen[key] = line_of(key_node)
                stack.append((value_node, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
    return True
