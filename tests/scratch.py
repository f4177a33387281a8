"""Scratch projects for the reliability tests: the malformed corpus' valid base, plus news posts.

The base (tests/malformed/_base) touches every kind of value the loader reads; news posts make a
build as long as a test needs without adding any new kind of content.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = Path(__file__).resolve().parent / "malformed" / "_base"
MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def make_project(root: Path, news: int = 0) -> Path:
    """Copy the base project to `root` and add `news` generated posts."""
    shutil.copytree(BASE, root)
    for i in range(news):
        write_news(root, i)
    return root


def write_news(root: Path, i: int, extra: str = "") -> Path:
    """News post number `i`; `extra` is appended to its body (to make a rebuild differ)."""
    path = root / "content" / "news" / f"post-{i:04d}.md"
    body = "\n\n".join(f"ย่อหน้าที่ {n} ของข่าวที่ {i} [ลิงก์](https://www.example.go.th/{n})"
                       for n in range(8))
    path.write_text(f"---\ntitle: ข่าวทดลองที่ {i}\ndate: {1 + i % 28} {MONTHS[i % 12]} 2567\n"
                    f"---\n{body}\n{extra}\n", encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes (symlinks as their target text)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


def itagen(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run the real command line in a fresh interpreter, as a user would."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "itagen", *args], capture_output=True, text=True,
                          env=full_env, timeout=120, **kwargs)
