"""The malformed-input corpus (tests/malformed/, see its README): every mistake fails cleanly.

Each case runs `itagen build` in-process (and `itagen check` once the command exists) and must exit
1 with the file, the line and a Thai and an English message, print no traceback, and leave the
previous site/ and the rest of the project exactly as they were.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from itagen.cli import main, make_parser

CORPUS = Path(__file__).parent / "malformed"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
THAI = re.compile(r"[\u0e00-\u0e7f]")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def listing(root: Path) -> dict[str, tuple]:
    """Every entry of the project outside site/: kind, size and modification time."""
    entries = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == "site" or rel.startswith("site/"):
            continue
        st = path.lstat()
        entries[rel] = (path.is_symlink(), path.is_dir(), st.st_size, st.st_mtime_ns)
    return entries


def commands() -> list[str]:
    """Subcommands the CLI has today: `check` joins `build` when the criteria work lands."""
    sub = next(a for a in make_parser()._actions if a.dest == "command")
    return [name for name in ("build", "check") if name in sub.choices]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The valid base project, built once; each case starts from a copy of project and site."""
    root = tmp_path_factory.mktemp("base") / "proj"
    shutil.copytree(CORPUS / "_base", root)
    assert main(["build", str(root)]) == 0
    return root


def apply_case(case: Path, spec: dict, root: Path) -> None:
    """Copy the case's own files over the project, then apply its edits and `make` steps."""
    for path in sorted(case.rglob("*")):
        if path.is_file() and path.name != "case.yaml":
            target = root / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for edit in spec.get("edit", []):
        target = root / edit["file"]
        text = target.read_text(encoding="utf-8")
        if "replace" in edit:
            old, new = edit["replace"]
            assert text.count(old) == 1, f"{case.name}: {old!r} must occur once in {edit['file']}"
            text = text.replace(old, new)
        text += edit.get("append", "")
        target.write_text(text, encoding="utf-8")
    for step in spec.get("make", []):
        _make(step, root)


def _make(step: dict, root: Path) -> None:
    if "sparse" in step:
        with open(root / step["sparse"], "wb") as handle:
            handle.truncate(step["size"])  # no data blocks: a 50 MB file in no time
    elif "write" in step:
        (root / step["write"]).write_text(step["text"], encoding="utf-8")
    elif "symlink" in step:
        os.symlink(step["to"], root / step["symlink"])
    else:
        raise AssertionError(f"unknown make step {step}")


def assert_reported(output: str, expect: dict) -> None:
    """One printed finding names the file and line and carries a Thai and an English message."""
    where = f"{expect['file']}:{expect['line']}" if expect["line"] else expect["file"]
    lines = [line for line in output.splitlines()
             if re.search(re.escape(where) + r"[ :]", line) and expect["en"] in line]
    assert lines, f"expected {where} … {expect['en']!r} in:\n{output}"
    message = lines[0].split(where, 1)[1]
    assert THAI.search(message.split("(")[0]), f"no Thai message before the English: {lines[0]}"
    assert message.rstrip().endswith(")"), f"English message not in parentheses: {lines[0]}"


@pytest.mark.parametrize("name", CASES)
def test_case_fails_cleanly(name, base, tmp_path, capsys):
    case = CORPUS / name
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    root = tmp_path / "proj"
    shutil.copytree(base, root, symlinks=True)
    apply_case(case, spec, root)
    site_before, project_before = tree(root / "site"), listing(root)
    capsys.readouterr()
    for command in spec.get("commands", commands()):
        code = main([command, str(root)])
        out, err = capsys.readouterr()
        assert code == spec.get("exit", 1), f"{command} exited {code}:\n{out}{err}"
        assert "Traceback" not in out + err
        for expect in spec["expect"]:
            assert_reported(out + err, expect)
    assert tree(root / "site") == site_before
    assert listing(root) == project_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proj"]


def test_corpus_is_large_and_documented():
    assert len(CASES) >= 40
    for name in CASES:
        spec = yaml.safe_load((CORPUS / name / "case.yaml").read_text(encoding="utf-8"))
        assert spec["about"] and spec["expect"], name


def test_bom_is_accepted(base, tmp_path, capsys):
    """Notepad saves UTF-8 with a byte-order mark; it is valid UTF-8, so it must just work."""
    root = tmp_path / "proj"
    shutil.copytree(base, root)
    agency = root / "content" / "agency.yaml"
    agency.write_bytes(b"\xef\xbb\xbf" + agency.read_bytes())
    news = root / "content" / "news" / "opening.md"
    news.write_bytes(b"\xef\xbb\xbf" + news.read_bytes())
    assert main(["build", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "agency.yaml" not in err and "opening.md" not in err


@pytest.mark.parametrize("config, key", [
    ("news_per_pag: 5\n", "news_per_pag"),
    ("allow_html: บางที\n", "allow_html"),
    ("news_per_page: [1]\n", "news_per_page"),
    ("\tthai_digits: true\n", ""),
    ("thai_digits: true\nthai_digits: false\n", "thai_digits"),
])
def test_config_errors_exit_2(config, key, base, tmp_path, capsys):
    """A broken itagen.yaml is a configuration error: exit 2, file and line, no traceback."""
    root = tmp_path / "proj"
    shutil.copytree(base, root)
    (root / "itagen.yaml").write_text(config, encoding="utf-8")
    before = tree(root / "site")
    assert main(["build", str(root)]) == 2
    out, err = capsys.readouterr()
    assert re.search(r"itagen\.yaml:\d", err) and key in err and "Traceback" not in err
    assert tree(root / "site") == before
