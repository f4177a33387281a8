"""Two builds of the same input give the same bytes: other clone, other time, other time zone.

The two builds differ in everything that must not matter: the folder, the files' modification
times, the wall clock (a second apart), TZ, the locale and Python's hash seed (set iteration order);
a third build in the first clone, with whatever the build cached, must give the same bytes too.
"Last updated" dates come from the content or from git history, so they agree too, and the day of
the build appears nowhere in the site.
"""
from __future__ import annotations

import os
import subprocess
import time
from datetime import date
from pathlib import Path

from scratch import itagen, make_project, tree, write_news

COMMITS = ("2025-01-10T09:00:00+07:00", "2025-03-15T16:30:00+07:00")


def git(cwd: Path, *args: str, when: str = COMMITS[0]) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.go.th",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.go.th",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def make_repository(origin: Path) -> None:
    """A project with two commits, so files have different last-change dates."""
    make_project(origin, news=12)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "first")
    write_news(origin, 3, extra="แก้ไขข่าว (edited)")
    git(origin, "commit", "-q", "-am", "edit a post", when=COMMITS[1])


def scramble_mtimes(root: Path) -> None:
    """Checkout times differ between clones; make the difference large and irregular."""
    for number, path in enumerate(sorted(root.rglob("*"))):
        if ".git" not in path.parts:
            os.utime(path, (1_000_000_000 + number * 7919, 1_000_000_000 + number * 7919),
                     follow_symlinks=False)


def test_two_clones_build_identically(tmp_path):
    origin = tmp_path / "origin"
    make_repository(origin)
    first, second = tmp_path / "clone-a", tmp_path / "elsewhere" / "clone-b"
    git(tmp_path, "clone", "-q", str(origin), str(first))
    git(tmp_path, "clone", "-q", "--no-hardlinks", str(origin), str(second))
    scramble_mtimes(second)

    one = itagen("build", str(first), env={"TZ": "UTC", "LC_ALL": "C.UTF-8",
                                            "PYTHONHASHSEED": "1"})
    assert one.returncode == 0, one.stderr
    time.sleep(1.1)  # a build stamped with the clock would now differ by at least a second
    two = itagen("build", str(second), env={"TZ": "Asia/Bangkok", "LC_ALL": "C",
                                             "PYTHONHASHSEED": "2"})
    assert two.returncode == 0, two.stderr

    site_one, site_two = tree(first / "site"), tree(second / "site")
    differing = sorted(name for name in site_one.keys() | site_two.keys()
                       if site_one.get(name) != site_two.get(name))
    assert not differing, f"files differ between the two builds: {differing[:10]}"

    again = itagen("build", str(first), env={"TZ": "America/New_York", "PYTHONHASHSEED": "3"})
    assert again.returncode == 0, again.stderr
    assert tree(first / "site") == site_one, "a rebuild (with whatever it cached) differs"


def test_no_build_date_and_no_build_path_in_the_site(tmp_path):
    """Nothing in the site names the day of the build or the folder it was built in."""
    origin = tmp_path / "origin"
    make_repository(origin)
    assert itagen("build", str(origin)).returncode == 0
    today = date.today()
    be = today.year + 543
    from itagen.thai import THAI_MONTHS_LONG, THAI_MONTHS_SHORT

    stamps = [today.isoformat(), today.strftime("%d/%m/%Y"),
              f"{today.day} {THAI_MONTHS_LONG[today.month - 1]} {be}",
              f"{today.day} {THAI_MONTHS_SHORT[today.month - 1]} {be}"]
    for name, data in tree(origin / "site").items():
        text = data.decode("utf-8", errors="replace")
        for stamp in stamps:
            assert stamp not in text, f"{name} contains the build date {stamp}"
        assert str(tmp_path) not in text, f"{name} contains the build folder"
