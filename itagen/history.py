"""Last-change dates of content files from git history.

Pages show when their content last changed. The build clock would make every build differ, and file
modification times differ between clones, so the commit date is the reproducible answer.
"""
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path


def last_commit_dates(root: Path, folder: str) -> dict[str, date]:
    """Map each file under `folder` (relative to root) to the date of its newest commit."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel").strip()
        log = _git(root, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", folder)
    except (OSError, subprocess.CalledProcessError):
        return {}  # not a git checkout, or git missing: pages fall back to explicit dates
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    return _parse_log(log, "" if prefix == "." else prefix + "/")


def _parse_log(log: str, prefix: str) -> dict[str, date]:
    dates: dict[str, date] = {}
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = date.fromisoformat(line[1:].strip())
        elif line and current is not None and line.startswith(prefix):
            dates.setdefault(line[len(prefix):], current)  # log is newest first
    return dates


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True, timeout=30).stdout
