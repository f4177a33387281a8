"""Benchmark `itagen build` on a synthetic agency against a bare Markdown + Jinja2 floor.

    python bench/run.py [--pages N] [--json] [--keep DIR] [--repeat R] [--seed S]

See bench/README.md for what is measured and how. Nothing here asserts a timing: it measures and
reports. Progress goes to stderr; stdout gets the table, or exactly one JSON object with --json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO)]  # synth/thaitext from bench/, itagen from this checkout

import synth  # noqa: E402

MARKER = ".itagen-bench"  # marks a --keep folder as ours, so a rerun may replace its contents
TAIL = 6000               # characters of a failed child's output shown in the error


class BenchError(Exception):
    """A failure the user should see as a message, not a traceback."""


@dataclass
class Measured:
    """One child process: exit code, wall time, peak RSS and its output."""

    rc: int
    seconds: float
    maxrss_kb: int
    stdout: str
    stderr: str

    @property
    def rss_mb(self) -> float:
        return self.maxrss_kb / 1024  # Linux reports ru_maxrss in KiB


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes

def child_env() -> dict[str, str]:
    """The caller's environment plus this checkout on PYTHONPATH, so `-m itagen` is this code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def run_measured(cmd: list[str], cwd: Path, timeout: float | None) -> Measured:
    """Run `cmd` to completion; wall time from spawn to reap, peak RSS from wait4.

    `os.wait4` returns the rusage of exactly this child (with its own reaped descendants), so each
    measurement stands alone: no helper process, and no max carried over from earlier children as
    `getrusage(RUSAGE_CHILDREN)` in this process would do.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=child_env(), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped already; tell Popen
        out.seek(0)
        err.seek(0)
        return Measured(proc.returncode, seconds, usage.ru_maxrss,
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def check_ok(what: str, result: Measured, cmd: list[str], timeout: float | None) -> None:
    if result.rc == 0:
        return
    how = (f"was killed after the {timeout:.0f} s timeout" if result.rc == -9 and timeout
           and result.seconds >= timeout else f"exited with code {result.rc}")
    shown = "\n".join(part for part in (result.stdout.strip()[-TAIL:],
                                        result.stderr.strip()[-TAIL:]) if part)
    raise BenchError(f"{what} {how} after {result.seconds:.2f} s\n"
                     f"  command: {' '.join(cmd)}\n"
                     f"--- its output (stdout, then stderr; last {TAIL} characters each) ---\n"
                     f"{shown or '(no output)'}\n--- end ---")


# --------------------------------------------------------------------------- project

def prepare_workdir(keep: str | None) -> tuple[Path, bool]:
    """(folder, is_temporary). A --keep folder must be empty, new, or one of ours."""
    if not keep:
        return Path(tempfile.mkdtemp(prefix="itagen-bench-")), True
    work = Path(keep).resolve()
    if work.exists() and any(work.iterdir()) and not (work / MARKER).exists():
        raise BenchError(f"--keep {work}: folder is not empty and was not made by bench/run.py; "
                         "give a new or empty folder")
    if REPO == work or REPO.is_relative_to(work):
        raise BenchError(f"--keep {work}: refusing a folder that holds the repository")
    work.mkdir(parents=True, exist_ok=True)
    for name in ("project", "site-itagen", "site-floor", ".site-itagen.itagen-new",
                 ".site-itagen.itagen-old"):
        shutil.rmtree(work / name, ignore_errors=True)
    (work / MARKER).write_text("made by bench/run.py; its contents are replaced on every run\n")
    return work, False


def html_urls(pages) -> list[str]:
    """PageSpecs that become .html files (`/x/` → x/index.html, `/404.html`)."""
    return [p.url for p in pages if p.url.endswith("/") or p.url.endswith(".html")]


def load_clean(project: Path):
    """Load with itagen's own loader; any finding (even a warning) is a bug in synth.py."""
    from itagen.load import load_project

    loaded, findings = load_project(project)
    if findings:
        listed = "\n".join("  " + item.format() for item in findings.sorted()[:50])
        more = f"\n  … and {len(findings) - 50} more" if len(findings) > 50 else ""
        raise BenchError(f"the synthetic project has {len(findings.errors)} error(s) and "
                         f"{len(findings.warnings)} warning(s); fix bench/synth.py:\n{listed}{more}")
    return loaded


def generate(project: Path, pages: int, seed: int, free_pages: int) -> dict:
    """Write the project so that it produces about `pages` HTML pages; return its figures."""
    from itagen.routes import plan_pages

    start = time.perf_counter()
    synth.write_static(project, seed, free_pages)
    # Pages that do not depend on news, counted by itagen's own router rather than by hand.
    base = [u for u in html_urls(plan_pages(load_clean(project))) if not u.startswith("/news/")]
    room = pages - len(base)
    per_page = synth.NEWS_PER_PAGE
    if room < synth.news_pages(1, per_page):
        log(f"--pages {pages} is below the {len(base)} non-news pages plus one post; "
            "generating one post")
    posts = synth.posts_for(max(room, synth.news_pages(1, per_page)), per_page)
    news_bytes = synth.write_news(project / "content", posts, seed)
    generate_s = time.perf_counter() - start
    loaded = load_clean(project)  # the sanity check on the complete project
    if len(loaded.news) != posts:
        raise BenchError(f"wrote {posts} news posts but itagen loaded {len(loaded.news)}")
    expected = len(html_urls(plan_pages(loaded)))
    content_bytes = sum(p.stat().st_size for p in (project / "content").rglob("*") if p.is_file())
    return {"news_posts": posts, "non_news_pages": len(base), "pages_expected": expected,
            "news_kb_per_post": round(news_bytes / posts / 1024, 2),
            "content_mb": round(content_bytes / 2**20, 2), "generate_s": round(generate_s, 3)}


def count_html(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


# --------------------------------------------------------------------------- measurements

def time_help(work: Path, timeout: float | None) -> Measured:
    cmd = [sys.executable, "-m", "itagen", "--help"]
    result = run_measured(cmd, work, timeout)
    check_ok("itagen --help", result, cmd, timeout)
    return result


def time_itagen(work: Path, project: Path, timeout: float | None) -> tuple[Measured, int]:
    """A cold build: no .itagen-cache in the project and no previous output."""
    out = work / "site-itagen"
    shutil.rmtree(project / ".itagen-cache", ignore_errors=True)
    for name in (out.name, f".{out.name}.itagen-new", f".{out.name}.itagen-old"):
        shutil.rmtree(work / name, ignore_errors=True)
    cmd = [sys.executable, "-m", "itagen", "build", str(project), "--output", str(out)]
    result = run_measured(cmd, work, timeout)
    check_ok("itagen build", result, cmd, timeout)
    return result, count_html(out)


def time_floor(work: Path, project: Path, pages: int, timeout: float | None
               ) -> tuple[Measured, int]:
    out = work / "site-floor"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, str(BENCH / "floor.py"), str(project), str(out), str(pages)]
    result = run_measured(cmd, work, timeout)
    check_ok("the floor (bench/floor.py)", result, cmd, timeout)
    return result, count_html(out)


def renders_news_body(project: Path, site: Path) -> bool:
    """Whether itagen's post pages contain their Markdown body (every synthetic body has a table).

    While the templates are placeholders the build does far less than the floor per post, and the
    ratio means little; the report says so instead of letting it pass unnoticed.
    """
    posts = sorted((project / "content" / "news").glob("*.md"))
    page = site / "news" / posts[0].stem / "index.html" if posts else None
    return bool(page and page.is_file() and "<table" in page.read_text(encoding="utf-8"))


def itagen_revision() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10,
                              check=True).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def benchmark(args) -> dict:
    work, temporary = prepare_workdir(args.keep)
    project = work / "project"
    ok = False
    try:
        log(f"generating a project of about {args.pages} pages in {project}")
        figures = generate(project, args.pages, args.seed, args.free_pages)
        log(f"{figures['news_posts']} news posts + {figures['non_news_pages']} other pages, "
            f"{figures['content_mb']} MB of content, written in {figures['generate_s']:.2f} s; "
            "itagen's loader reports no findings")
        runs = []
        for round_ in range(1, args.repeat + 1):
            help_run = time_help(work, args.timeout)
            build, pages = time_itagen(work, project, args.timeout)
            log(f"round {round_}: itagen build {build.seconds:.2f} s, {pages} pages, "
                f"peak RSS {build.rss_mb:.0f} MB")
            if round_ == 1:
                figures["itagen_renders_news_body"] = renders_news_body(project,
                                                                        work / "site-itagen")
                if not figures["itagen_renders_news_body"]:
                    log("warning: itagen's news post pages do not contain the posts' Markdown "
                        "(placeholder templates?), so itagen does less work than the floor")
            if pages != figures["pages_expected"]:
                log(f"note: itagen wrote {pages} .html files; its router planned "
                    f"{figures['pages_expected']}")
            floor, floor_pages = time_floor(work, project, pages, args.timeout)
            log(f"round {round_}: floor {floor.seconds:.2f} s, {floor_pages} pages, "
                f"peak RSS {floor.rss_mb:.0f} MB")
            runs.append({"itagen_s": build.seconds, "pages": pages, "peak_rss_mb": build.rss_mb,
                         "floor_s": floor.seconds, "floor_pages": floor_pages,
                         "floor_peak_rss_mb": floor.rss_mb, "help_s": help_run.seconds})
        ok = True
    finally:
        if temporary and ok:
            shutil.rmtree(work, ignore_errors=True)
        elif not ok:
            log(f"the project and outputs are left in {work} for a look")
    return summarize(args, figures, runs, None if temporary else work)


def summarize(args, figures: dict, runs: list[dict], kept: Path | None) -> dict:
    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    pages = runs[-1]["pages"]
    itagen_s, floor_s = median("itagen_s"), median("floor_s")
    floor_pages = runs[-1]["floor_pages"]
    return {
        "pages": pages,
        "itagen_s": round(itagen_s, 3),
        "itagen_pages_per_s": round(pages / itagen_s, 1),
        "peak_rss_mb": round(median("peak_rss_mb"), 1),
        "floor_s": round(floor_s, 3),
        "floor_pages": floor_pages,
        "floor_pages_per_s": round(floor_pages / floor_s, 1),
        "floor_peak_rss_mb": round(median("floor_peak_rss_mb"), 1),
        "ratio_floor": round(itagen_s / floor_s, 2),
        "help_s": round(median("help_s"), 3),
        "hugo_s": None, "warm_s": None, "rebuild_s": None, "check_s": None,
        "requested_pages": args.pages,
        **figures,
        "repeat": args.repeat,
        "runs": [{k: round(v, 3) if isinstance(v, float) else v for k, v in run.items()}
                 for run in runs],
        "seed": args.seed,
        "free_pages": args.free_pages,
        "rss_method": "os.wait4 ru_maxrss of the child (KiB/1024); largest single process",
        "python": platform.python_version(),
        "itagen_rev": itagen_revision(),
        "cpus": os.cpu_count(),
        "kept": str(kept) if kept else None,
    }


def table(result: dict) -> str:
    head = ("pages", "itagen s", "pages/s", "peak RSS MB", "floor s", "floor pages/s",
            "itagen/floor")
    row = (f"{result['pages']}", f"{result['itagen_s']:.2f}", f"{result['itagen_pages_per_s']:.0f}",
           f"{result['peak_rss_mb']:.0f}", f"{result['floor_s']:.2f}",
           f"{result['floor_pages_per_s']:.0f}", f"{result['ratio_floor']:.2f}")
    widths = [max(len(h), len(c)) for h, c in zip(head, row)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(head, widths)),
             "  ".join("-" * w for w in widths),
             "  ".join(c.rjust(w) for c, w in zip(row, widths))]
    lines.append("")
    lines.append(f"{result['news_posts']} news posts (~{result['news_kb_per_post']} KB each) + "
                 f"{result['non_news_pages']} other pages; content {result['content_mb']} MB; "
                 f"itagen --help {result['help_s']:.3f} s; floor peak RSS "
                 f"{result['floor_peak_rss_mb']:.0f} MB; median of {result['repeat']} run(s); "
                 f"Python {result['python']}, itagen {result['itagen_rev']}, "
                 f"{result['cpus']} CPUs")
    if not result.get("itagen_renders_news_body", True):
        lines.append("warning: itagen's news post pages lack the posts' Markdown body, so the "
                     "comparison with the floor is not like for like")
    if result["kept"]:
        lines.append(f"project and outputs kept in {result['kept']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, metavar="N",
                        help="about how many HTML pages the project should produce (default 1000)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--keep", metavar="DIR",
                        help="generate into DIR and keep the project and both outputs")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="measure R times and report medians (default 1)")
    parser.add_argument("--seed", type=int, default=2569, help="content seed (default 2569)")
    parser.add_argument("--free-pages", type=int, default=3, metavar="K",
                        help="free Markdown pages under content/pages/ (default 3)")
    parser.add_argument("--timeout", type=float, default=1800, metavar="S",
                        help="kill a child after S seconds (default 1800; 0 for none)")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.repeat < 1 or args.free_pages < 0:
        parser.error("--pages and --repeat must be at least 1, --free-pages at least 0")
    args.timeout = args.timeout or None
    try:
        result = benchmark(args)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
