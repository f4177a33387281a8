"""Findings and the one small exception family every stage raises.

A *finding* is a problem with the user's input (a file, a line, a key, a Thai message with English
beside it). Stages collect findings instead of raising on the first one, so the user sees every
problem in one run; only the CLI decides the exit code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the user's input, pointing at file, line and key."""

    file: str
    line: int
    key: str
    th: str
    en: str
    severity: str = ERROR

    def format(self) -> str:
        """`file:line key: Thai (English)`, the shape every itagen message takes."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ":"
        tag = "" if self.severity == ERROR else " [คำเตือน warning]"
        return f"{where}{key}{tag} {self.th} ({self.en})"


@dataclass
class Findings:
    """An ordered collection of findings, filled by every loading stage."""

    items: list[Finding] = field(default_factory=list)

    def add(self, file: str | Path, line: int, key: str, th: str, en: str,
            severity: str = ERROR) -> None:
        """Record one finding."""
        self.items.append(Finding(str(file), line, key, th, en, severity))

    def extend(self, other: "Findings") -> None:
        """Take over every finding of `other`."""
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity == WARNING]

    def sorted(self) -> list[Finding]:
        """Findings in file and line order, duplicates removed, for stable output."""
        return sorted(set(self.items), key=lambda f: (f.file, f.line, f.key, f.en))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class ItagenError(Exception):
    """Base of every error itagen expects and reports without a traceback."""

    exit_code = 2


class ConfigError(ItagenError):
    """The project or the command line is unusable (exit 2)."""


class ContentError(ItagenError):
    """The content has findings that stop the build (exit 1)."""

    exit_code = 1

    def __init__(self, findings: Findings):
        self.findings = findings
        super().__init__(f"{len(findings.errors)} error(s) in content")


class BuildError(ItagenError):
    """Rendering or writing failed for a reason the user can fix (exit 1)."""

    exit_code = 1
