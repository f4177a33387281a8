"""What a user waits for in `itagen serve` after saving one YAML file, timed in-process.

    python bench/rebuild.py DEMO_COPY [EDITS]        (prints one JSON object on stdout)

DEMO_COPY is a copy of the demo project (run.py copies the repository's content/ and friends into
a temporary folder; this script edits it). First the agency's phone and name in
content/agency.yaml are set to values no other file mentions. Then, like `itagen serve`, it builds
once on the main thread with `itagen.serve.rebuild` (timed as `rebuild_first_s`; it leaves the
cache), and EDITS times (default 5) saves a new phone and calls `rebuild(root, output,
ServeState())` from a thread, as serve's watcher does, timing that call alone (`rebuild_runs`,
median `rebuild_s`). Files are saved the way editors save them (a new file renamed over the old).
Not included: serve's polling (POLL_SECONDS, 0.1 s) and settle delay (SETTLE_SECONDS, 0.3 s)
before a rebuild starts, and the browser's reload after it. Each rebuild is checked: no build
error, and every HTML page that showed the old value now shows the new one and none still shows
the old (`rebuild_fresh`: no stale page). The phone is in every page's header and footer, which
the build splices into the last build's pages. Then EDITS edits of the agency's name, which
base.html shows in every page's title, so every page renders (`rebuild_name_s`: the worst
case), and EDITS edits of one procurement row's name, the everyday case (`rebuild_row_s`,
`rebuild_row_runs`, `rebuild_row_fresh`: its year page and CSV show the new name).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

PHONE_RE = re.compile(r"^phone:\s*(.+?)\s*$", re.M)
NAME_RE = re.compile(r"^name:\s*(.+?)\s*$", re.M)


def save_as_editors_do(path: Path, text: str) -> None:
    """Write a new file beside `path` and rename it over it, as vim, most IDEs and git do: the
    file gets a new inode and its folder a new time (an in-place write would hide that)."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def pages_with(site: Path, text: str) -> int:
    needle = text.encode()
    return sum(1 for page in site.rglob("*.html") if needle in page.read_bytes())


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[0]).resolve()
    edits = int(argv[1]) if len(argv) == 2 else 5
    output = root / "site"
    agency = root / "content" / "agency.yaml"
    text = agency.read_text(encoding="utf-8")
    if not PHONE_RE.search(text) or not NAME_RE.search(text):
        print(f"rebuild: no `phone:` or `name:` line in {agency}", file=sys.stderr)
        return 1
    # Values no other file mentions, so a page showing them is one the agency's fields reach.
    text = PHONE_RE.sub(f"phone: {PHONES[0]}", text, count=1)
    agency.write_text(NAME_RE.sub(f"name: {NAMES[0]}", text, count=1), encoding="utf-8")
    from itagen.serve import ServeState, rebuild

    with contextlib.redirect_stdout(sys.stderr):  # rebuild() prints a line per build
        state = ServeState()
        start = time.perf_counter()
        rebuild(root, output, state)
        first_s = time.perf_counter() - start
    if state.error:
        print(f"rebuild: the first build failed:\n{state.error}", file=sys.stderr)
        return 1
    phone = agency_edits(root, output, edits, PHONE_RE, "phone", PHONES)
    name = agency_edits(root, output, edits, NAME_RE, "name", NAMES)
    row_times, row_fresh = row_edits(root, output, edits)
    if phone is None or name is None or row_times is None:
        return 1
    print(json.dumps({"rebuild_s": statistics.median(phone[0]), "rebuild_runs": phone[0],
                      "rebuild_first_s": first_s, "rebuild_fresh": phone[1] and name[1],
                      "rebuild_pages_checked": phone[2],
                      "rebuild_html_pages": sum(1 for _ in output.rglob("*.html")),
                      "rebuild_name_s": statistics.median(name[0]), "rebuild_name_runs": name[0],
                      "rebuild_name_pages_checked": name[2],
                      "rebuild_row_s": statistics.median(row_times),
                      "rebuild_row_runs": row_times, "rebuild_row_fresh": row_fresh}))
    return 0


PHONES = [f"0 4400 {9000 + i:04d}" for i in range(100)]
NAMES = [f"องค์การบริหารส่วนตำบลทดสอบเวลาที่ {i:03d}" for i in range(100)]


def agency_edits(root: Path, output: Path, edits: int, pattern: re.Pattern, key: str,
                 values: list[str]) -> tuple[list[float], bool, int] | None:
    """Set the agency's `key` to values[1], values[2], … (values[0] is the one built first),
    timing each rebuild and checking that every page that showed the old value shows the new
    one and none the old: (times, fresh, pages that show it), or None when a build failed."""
    agency = root / "content" / "agency.yaml"
    text = agency.read_text(encoding="utf-8")
    showing = pages_with(output, values[0])
    times, fresh = [], True
    for old, new in zip(values, values[1:edits + 1]):
        text = pattern.sub(f"{key}: {new}", text, count=1)
        save_as_editors_do(agency, text)
        seconds, error = timed_rebuild(root, output)
        times.append(seconds)
        if error:
            print(f"rebuild: build after the {key} edit {new!r} failed:\n{error}", file=sys.stderr)
            return None
        stale, now = pages_with(output, old), pages_with(output, new)
        if stale or now != showing:
            fresh = False
            print(f"rebuild: {key} edit: {stale} page(s) still show the old {old!r}, "
                  f"{now} of {showing} show the new {new!r}", file=sys.stderr)
    return times, fresh, showing


def timed_rebuild(root: Path, output: Path) -> tuple[float, str]:
    """serve's rebuild, called from a thread as serve's watcher calls it: (seconds, error)."""
    from itagen.serve import ServeState, rebuild

    state = ServeState()
    thread = threading.Thread(target=rebuild, args=(root, output, state))
    with contextlib.redirect_stdout(sys.stderr):  # rebuild() prints a line per build
        start = time.perf_counter()
        thread.start()
        thread.join()
        return time.perf_counter() - start, state.error


def row_edits(root: Path, output: Path, edits: int) -> tuple[list[float] | None, bool]:
    """The everyday edit: one procurement row's name, in the newest year (a page and the
    year's data files show it). Timed and checked like the phone edits; (times, fresh)."""
    path = max((root / "content" / "procurement").glob("25*.yaml"))
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.lstrip().startswith("- name:"))
    page = output / "procurement" / path.stem / "index.html"
    times, fresh, old = [], True, line.split("- name:", 1)[1].strip()
    for i in range(1, edits + 1):
        new = f"{old.split(' (แก้ไขครั้งที่')[0]} (แก้ไขครั้งที่ {i})"
        text = text.replace(f"- name: {old}", f"- name: {new}", 1)
        save_as_editors_do(path, text)
        seconds, error = timed_rebuild(root, output)
        times.append(seconds)
        if error:
            print(f"rebuild: build after row edit {i} failed:\n{error}", file=sys.stderr)
            return None, False
        csv = output / "procurement" / path.stem / f"ita-o12-{path.stem}.csv"
        for shown in (page, csv):
            data = shown.read_bytes()
            if new.encode() not in data or f"- name: {old}".encode() in data:
                fresh = False
                print(f"rebuild: row edit {i}: {shown} does not show {new!r}", file=sys.stderr)
        old = new
    return times, fresh


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
