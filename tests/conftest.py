"""Shared fixtures: tiny scratch projects written into tmp_path (Lektor style)."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

AGENCY = """\
name: องค์การบริหารส่วนตำบลทดลอง
kind: อบต.
district: เมือง
province: ขอนแก่น
address: 99 หมู่ 1 ตำบลทดลอง
phone: "0 4300 0000"
email: saraban@example.go.th
website: https://www.example.go.th/
itas_code: abc123
"""


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (path → text or bytes) under root; agency.yaml is added unless given."""
    files = {"content/agency.yaml": AGENCY, **files}
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return root


@pytest.fixture
def demo(tmp_path) -> Path:
    """A copy of the demo agency's content in a project folder of its own, to build and edit."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture
def project(tmp_path):
    """A factory: project({'content/x.yaml': '...'}) → a buildable project folder."""
    def make(files: dict[str, str | bytes] | None = None) -> Path:
        return write_project(tmp_path / "proj", files or {})
    return make
