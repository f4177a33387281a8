"""Everything the command line prints about findings and results lives here, not in build code."""
from __future__ import annotations

import sys
from typing import TextIO

from .errors import Findings


def format_findings(findings: Findings) -> str:
    """All findings, numbered, grouped by file, with the counts on the last line."""
    lines: list[str] = []
    current = None
    for number, item in enumerate(findings.sorted(), start=1):
        if item.file != current:
            current = item.file
            lines += ["", item.file]
        lines.append(f"  {number}. {item.format()}")
    errors, warnings = len(findings.errors), len(findings.warnings)
    lines += ["", f"พบข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ "
                  f"({errors} error(s), {warnings} warning(s))"]
    return "\n".join(lines).lstrip("\n")


def print_findings(findings: Findings, stream: TextIO | None = None) -> None:
    """Print the findings, if there are any (to the current sys.stderr by default)."""
    if findings:
        print(format_findings(findings), file=stream or sys.stderr)
