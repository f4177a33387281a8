"""Load stage: read every file under `content/` into a validated `Project`, writing nothing.

`build`, `check` and `serve` all start here, so the content is read one way only.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import WARNING, ConfigError, Findings
from .history import last_commit_dates
from .model.project import MARKDOWN_DIRS, SINGLETONS, YEARLY, Config, Project
from .model.schema import INVALID, Ctx, convert_model
from .model.values import Markdown
from .thai import ThaiValueError, parse_fiscal_year
from .yamlload import load_markdown_file, load_yaml_file, parse_yaml_text, read_text

CONFIG_FILE = "itagen.yaml"
ATTACHMENT_DIRS = ("files", "images")  # folders under content/ that hold attachments, not content
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def load_config(root: Path) -> Config:
    """Read `itagen.yaml`; a broken config stops at once (exit 2)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    findings = Findings()
    text = read_text(path, CONFIG_FILE, findings)
    node = parse_yaml_text(text, CONFIG_FILE, findings) if text is not None else None
    config = Config()
    if node is not None:
        value = convert_model(node, Config, Ctx(CONFIG_FILE, findings, root), "")
        config = value if value is not INVALID else config
    if findings:
        raise ConfigError("\n".join(item.format() for item in findings.sorted()))
    return config


def load_project(root: Path) -> tuple[Project, Findings]:
    """Load and validate all content; findings are returned, never raised."""
    root = root.resolve()
    if not (root / "content").is_dir():
        raise ConfigError(f"ไม่พบโฟลเดอร์ content/ ใน {root} (no content/ folder in {root}; "
                          "run 'itagen init DIR' to start a project)")
    project = Project(root=root, config=load_config(root))
    findings = Findings()
    seen = _load_singletons(project, findings)
    seen |= _load_yearly(project, findings)
    seen |= _load_markdown(project, findings)
    _report_stray_files(project, seen, findings)
    if project.agency is None and not any(f.file == "content/agency.yaml" for f in findings.items):
        findings.add("content/agency.yaml", 0, "", "ไม่พบไฟล์ข้อมูลหน่วยงาน agency.yaml",
                     "content/agency.yaml is missing")
    project.updated = last_commit_dates(root, "content")
    return project, findings


def _ctx(project: Project, rel: str, findings: Findings) -> Ctx:
    return Ctx(rel, findings, project.content_dir, project.attachments)


def _load_singletons(project: Project, findings: Findings) -> set[Path]:
    seen = set()
    for attr, (name, cls) in SINGLETONS.items():
        path = project.content_dir / name
        if path.is_file():
            seen.add(path)
            setattr(project, attr, _load_model(project, path, cls, findings))
    return seen


def _load_yearly(project: Project, findings: Findings) -> set[Path]:
    seen = set()
    for folder, cls in YEARLY.items():
        for path in sorted((project.content_dir / folder).glob("*.yaml")):
            if not re.fullmatch(r"\d{4}", path.stem):
                continue  # a named singleton such as plans/development.yaml, or a stray file
            seen.add(path)
            year = _year_from_name(path, project, findings)
            if year is None or _duplicate_year(project, folder, year, path, findings):
                continue
            obj = _load_model(project, path, cls, findings)
            if obj is not None:
                obj.year = year
                getattr(project, folder)[year] = obj
    return seen


def _duplicate_year(project: Project, folder: str, year: int, path: Path,
                    findings: Findings) -> bool:
    """`2568.yaml` and `๒๕๖๘.yaml` are the same year; silently keeping one would lose the other."""
    other = getattr(project, folder).get(year)
    if other is None:
        return False
    findings.add(_rel(project, path), 0, "", f"ปีงบประมาณ {year} ซ้ำกับไฟล์ {other._file}",
                 f"fiscal year {year} is already given by {other._file}")
    return True


def _year_from_name(path: Path, project: Project, findings: Findings) -> int | None:
    """`2568.yaml` → 2568; other names in a yearly folder are singletons or mistakes."""
    rel = _rel(project, path)
    try:
        return parse_fiscal_year(path.stem)
    except ThaiValueError as exc:
        findings.add(rel, 0, "", "ชื่อไฟล์ต้องเป็นปีงบประมาณ พ.ศ.: " + exc.th,
                     "the file name must be a Buddhist-era fiscal year: " + exc.en)
        return None


def _load_markdown(project: Project, findings: Findings) -> set[Path]:
    seen = set()
    for folder, cls in MARKDOWN_DIRS.items():
        items = []
        for path in sorted((project.content_dir / folder).glob("*.md")):
            seen.add(path)
            rel = _rel(project, path)
            if not SLUG.fullmatch(path.stem):
                findings.add(rel, 0, "", "ชื่อไฟล์ต้องเป็นอักษรอังกฤษพิมพ์เล็ก ตัวเลข และ - เท่านั้น "
                             "เพราะใช้เป็นที่อยู่หน้าเว็บ", "file name must be lowercase a-z, 0-9 "
                             "and '-' because it becomes the page URL")
                continue
            obj = _load_markdown_model(project, path, cls, findings)
            if obj is not None:
                items.append(obj)
        setattr(project, folder, items)
    return seen


def _load_model(project: Project, path: Path, cls: type, findings: Findings):
    rel = _rel(project, path)
    before = len(findings)
    source = load_yaml_file(path, rel, findings)
    if source is None or source.node is None:
        if len(findings) == before:  # no syntax error was reported, so the file is truly empty
            findings.add(rel, 1, "", "ไฟล์ว่างเปล่า", "the file is empty")
        return None
    obj = convert_model(source.node, cls, _ctx(project, rel, findings), "")
    return None if obj is INVALID else obj


def _load_markdown_model(project: Project, path: Path, cls: type, findings: Findings):
    rel = _rel(project, path)
    source = load_markdown_file(path, rel, findings)
    if source is None or source.node is None:
        if source is not None:
            findings.add(rel, 1, "", "ส่วนหัว (front matter) ว่างเปล่า", "front matter is empty")
        return None
    obj = convert_model(source.node, cls, _ctx(project, rel, findings), "")
    if obj is INVALID:
        return None
    obj.slug, obj.body, obj.body_line = path.stem, Markdown(source.body), source.body_line
    return obj


def _report_stray_files(project: Project, seen: set[Path], findings: Findings) -> None:
    """A YAML or Markdown file itagen does not read is almost always a misnamed file."""
    for path in sorted(project.content_dir.rglob("*")):
        top = path.relative_to(project.content_dir).parts[0]
        if path.suffix in (".yaml", ".yml", ".md") and path not in seen \
                and top not in ATTACHMENT_DIRS and path.is_file():
            findings.add(_rel(project, path), 0, "", "itagen ไม่ได้อ่านไฟล์นี้ ตรวจสอบชื่อไฟล์และโฟลเดอร์",
                         "itagen does not read this file; check its name and folder", WARNING)


def _rel(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()
