"""The one Jinja environment: autoescaped, strict about undefined names, Thai-aware filters.

Templates come from the project's `templates/` first and itagen's defaults second, so a project
overrides any template file by file.
"""
from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path

import jinja2
import jinja2.nodes
from markupsafe import Markup, escape

from . import thai
from .cache import file_stat, settled
from .charts import complaint_chart, score_chart
from .model.labels import LABELS
from .qr import qr_svg
from .markdown import render_markdown

DEFAULT_TEMPLATES = Path(__file__).parent / "templates"


def make_environment(project_root: Path, thai_digits: bool = False, allow_html: bool = False,
                     cache_dir: Path | None = None) -> jinja2.Environment:
    """Build the environment every page is rendered with.

    With `cache_dir`, compiled templates are kept there between builds (keyed by each template's
    source, so an edited template is compiled afresh). A project's own templates can run code
    anyway, so this cache opens no door its `templates/` folder does not.
    """
    loader = jinja2.FileSystemLoader([str(project_root / "templates"), str(DEFAULT_TEMPLATES)])
    bytecode = None
    if cache_dir is not None:
        (cache_dir / "jinja").mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir / "jinja"))
    env = _Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=bytecode,
        # Jinja's optimizer folds constants at compile time: 12 % of compiling every template
        # (a first build's), for no gain in rendering measured here; the output is the same.
        optimized=False,
    )
    env.filters.update(_filters("thai" if thai_digits else "arabic", allow_html))
    env.globals.update(qr_svg=qr_svg, complaint_chart=complaint_chart, score_chart=score_chart,
                       labels=LABELS)
    return env


def template_files_state(project_root: Path) -> tuple | None:
    """Every template file the environment can load, with its size, times and inode; None while
    one was changed too recently for its stat to be trusted (`cache.settled`), or cannot be
    looked at (a broken link, a file removed meanwhile)."""
    now, state = time.time_ns(), []
    for folder in (project_root / "templates", DEFAULT_TEMPLATES):
        for parent, folders, files in os.walk(folder):
            folders.sort()
            for name in sorted(files):
                stat = file_stat(os.path.join(parent, name))
                if stat is None or not settled(stat[1], stat[2], now):
                    return None
                state.append((parent, name, stat))
    return tuple(state)


class _Environment(jinja2.Environment):
    """Keeps each template's syntax tree when it parses one, for the page cache to read which
    variables a template uses (outputcache.template_inputs) without parsing it again, and the
    page cache's fingerprint of its templates (serve keeps an environment for many builds)."""

    def __init__(self, **options):
        super().__init__(**options)
        self.parsed: dict[str, jinja2.nodes.Template] = {}
        self.fingerprints: dict[tuple, str] = {}

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        if name is not None:
            self.parsed[name] = tree
        return tree


def template_names(env: jinja2.Environment) -> list[str]:
    """Every template the environment can load (project's and itagen's), sorted."""
    return env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml", ".txt")))


def compile_all(env: jinja2.Environment) -> None:
    """Load every template once, so forked render workers inherit them compiled."""
    for name in template_names(env):
        env.get_template(name)


def _filters(digits: str, allow_html: bool) -> dict:
    def date_long(value):
        return thai.format_date(value, "long", digits) if value else ""

    def date_short(value):
        return thai.format_date(value, "short", digits) if value else ""

    def month(value, style="long"):
        return thai.format_month(value.year, value.month, style, digits) if value else ""

    def fiscal_range(year):
        return thai.format_fiscal_range(year, digits)

    def number(value):
        return "" if value is None else thai.format_number(value, digits)

    def digits_filter(value):
        text = str(value)
        return thai.to_thai_digits(text) if digits == "thai" else text

    def baht(value):
        """Amount with its Thai words for screen readers: 1,234.50 บาท (หนึ่งพัน…)."""
        if value is None:
            return ""
        shown = escape(thai.format_amount(Decimal(value), digits))
        words = escape(thai.bahttext(Decimal(value)))
        return Markup(f'<span aria-hidden="true">{shown}</span>'
                      f'<span class="sr-only">{words}</span>')

    def amount(value):
        return "" if value is None else thai.format_amount(Decimal(value), digits)

    def markdown_filter(text):
        return render_markdown(str(text or ""), allow_html)

    return {
        "date_long": date_long, "date_short": date_short, "month": month,
        "fiscal_range": fiscal_range, "number": number, "thai_digits": digits_filter,
        "baht": baht, "amount": amount, "markdown": markdown_filter, "filesize": filesize,
        "collate": thai.collate,
    }


def filesize(size: int) -> str:
    """Human file size: 12.3 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
