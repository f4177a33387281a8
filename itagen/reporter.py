"""Everything the command line prints about findings and results lives here, not in build code."""
from __future__ import annotations

import sys
from typing import TextIO

from .errors import Findings


def print_findings(findings: Findings, stream: TextIO = sys.stderr) -> None:
    """All findings, numbered, grouped by file, errors and warnings counted at the end."""
    items = findings.sorted()
    if not items:
        return
    current = None
    for number, item in enumerate(items, start=1):
        if item.file != current:
            current = item.file
            print(f"\n{item.file}", file=stream)
        print(f"  {number}. {item.format()}", file=stream)
    errors, warnings = len(findings.errors), len(findings.warnings)
    print(f"\nพบข้อผิดพลาด {errors} รายการ คำเตือน {warnings} รายการ "
          f"({errors} error(s), {warnings} warning(s))", file=stream)
