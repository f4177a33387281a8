"""A build killed at any moment leaves the previous site intact and nothing behind after the next.

Kill points are exact where possible: a small driver runs the real build in a fresh interpreter with
one function wrapped to SIGKILL its own process at a chosen moment (no hook in itagen itself). Timed
kills of the plain command line add moments nobody thought of. After every kill: site/ is the old
site byte for byte (or, once the swap has happened, the complete new one), the next build succeeds,
leaves no temporary folder, and nothing outside the output folder has changed.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from itagen.cache import CACHE_DIR
from itagen.cli import main
from scratch import REPO, itagen, make_project, tree, write_news

DRIVER = r"""
import os, pathlib, shutil, signal, sys
import itagen.build as build, itagen.pagerender as pagerender, itagen.prelink as prelink
import itagen.writer as writer

point, project, output = sys.argv[1:4]
calls = {"n": 0}
MAIN = os.getpid()  # render workers, if any, inherit the patches and kill the build itself

def die():
    os.kill(MAIN, signal.SIGKILL)

def exists(module, name):
    if not hasattr(module, name):  # the build changed shape: move the kill point with it
        sys.exit(f"kill point {point}: {module.__name__}.{name} no longer exists")

def after(module, name, nth=1):
    exists(module, name)
    real = getattr(module, name)
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] >= nth:
            die()
        return result
    setattr(module, name, wrapped)

def while_removing_old_site():
    # Only the swap's own removal counts: the search step's temp folders use shutil.rmtree too.
    exists(writer, "remove_site_folder")
    real = writer.remove_site_folder
    def wrapped(folder):
        after(writer.shutil, "rmtree")
        real(folder)
    writer.remove_site_folder = wrapped

def no_spare():
    # the old site is then removed, not kept for the next build (writer.swap_into_place)
    exists(writer, "_moved")
    real = writer._moved
    writer._moved = lambda folder, place: False if place.name == prelink.SPARE \
        else real(folder, place)

def before(module, name):
    exists(module, name)
    def wrapped(*args, **kwargs):
        die()
    setattr(module, name, wrapped)

def in_method(cls, name, nth):
    real = getattr(cls, name)
    def wrapped(self, *args, **kwargs):
        real(self, *args, **kwargs)
        calls["n"] += 1
        if calls["n"] >= nth:
            die()
    setattr(cls, name, wrapped)

{
    "after-load": lambda: after(build, "load_project"),
    "after-planning": lambda: after(build, "plan_pages"),
    "temp-folder-made": lambda: after(build, "temp_dir_for"),
    "first-page-written": lambda: after(pagerender, "write_file", 1),
    "half-the-pages-written": lambda: after(pagerender, "write_file", 20),
    "first-file-copied": lambda: in_method(writer.Writer, "copy", 1),
    "generated-files": lambda: before(build, "make_data_files"),
    "search-index": lambda: before(build, "index_site"),
    "before-swap": lambda: before(build, "swap_into_place"),
    "just-after-exchange": lambda: after(writer, "_exchange"),
    "removing-old-site": lambda: (no_spare(), while_removing_old_site()),
    "keeping-old-site": lambda: after(writer, "_moved"),
    "after-swap": lambda: after(build, "swap_into_place"),
    # in the job linking the last build's files into the new site (a process of its own)
    "placing-last-build": lambda: after(prelink, "make_parent", 5),
}[point]()

from itagen.cache import CACHE_DIR
from itagen.cli import main
sys.exit(main(["build", project, "--output", output]))
"""

# Where a kill leaves the output: the swap is the one moment the new site takes over.
KILL_POINTS = {
    "after-load": "old", "after-planning": "old", "temp-folder-made": "old",
    "first-page-written": "old", "half-the-pages-written": "old", "first-file-copied": "old",
    "generated-files": "old", "search-index": "old", "before-swap": "old",
    "just-after-exchange": "new", "removing-old-site": "new", "keeping-old-site": "new",
    "after-swap": "new",
}


CACHE = f"proj/{CACHE_DIR}/"  # itagen's own cache folder: the one documented place besides the output


def snapshot(root: Path) -> dict[str, bytes]:
    """The whole scratch folder (project and the output's parent) except the output and cache."""
    return {rel: data for rel, data in tree(root).items()
            if not rel.startswith(("out/site/", CACHE))}


def assert_untouched(root: Path, before: dict[str, bytes]) -> None:
    """Issue 6: nothing outside the output folder (and itagen's cache folder) is written or deleted."""
    after = snapshot(root)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the build wrote or deleted outside its output folder: {changed[:10]}"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The old site, and the new site the edited project builds to (as reference bytes)."""
    work = tmp_path_factory.mktemp("atomic")
    project = make_project(work / "proj", news=30)
    assert main(["build", str(project), "--output", str(work / "old")]) == 0
    old = tree(work / "old")
    write_news(project, 0, extra="แก้ไขแล้ว (edited)")
    assert main(["build", str(project), "--output", str(work / "new")]) == 0
    new = tree(work / "new")
    assert old != new
    return work, old, new


def prepare(tmp_path: Path, work: Path) -> tuple[Path, Path]:
    """A project whose out/site is the old build and whose content is already edited."""
    import shutil

    shutil.copytree(work / "proj", tmp_path / "proj")
    shutil.copytree(work / "old", tmp_path / "out" / "site")
    return tmp_path / "proj", tmp_path / "out" / "site"


def recover(tmp_path: Path, project: Path, output: Path, new: dict, before: dict) -> None:
    """The next build succeeds, leaves only site/ in the parent, and touched nothing else."""
    assert main(["build", str(project), "--output", str(output)]) == 0
    assert tree(output) == new
    assert sorted(p.name for p in output.parent.iterdir()) == ["site"]
    assert_untouched(tmp_path, before)


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_kill_point(point, sites, tmp_path, capsys):
    work, old, new = sites
    project, output = prepare(tmp_path, work)
    before = snapshot(tmp_path)
    run = subprocess.run([sys.executable, "-c", DRIVER, point, str(project), str(output)],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert tree(output) == (old if KILL_POINTS[point] == "old" else new)
    recover(tmp_path, project, output, new, before)


def test_kill_while_the_last_builds_files_are_placed(sites, tmp_path, capsys):
    """A warm build links the last build's files into its new site from a job of its own
    (prelink.py): killed then, the site is the old one and the next build puts all right."""
    work, old, new = sites
    project, output = prepare(tmp_path, work)
    assert main(["build", str(project), "--output", str(output)]) == 0  # a manifest for it
    write_news(project, 1, extra="แก้ไขอีกครั้ง (edited again)")
    assert main(["build", str(project), "--output", str(tmp_path / "cold"), "--no-cache"]) == 0
    served, before = tree(output), snapshot(tmp_path)
    run = subprocess.run([sys.executable, "-c", DRIVER, "placing-last-build", str(project),
                          str(output)], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert tree(output) == served
    recover(tmp_path, project, output, tree(tmp_path / "cold"), before)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A project of 300 news posts (a build of about a second) with its built site."""
    work = tmp_path_factory.mktemp("big")
    project = make_project(work / "proj", news=300)
    assert main(["build", str(project), "--output", str(work / "site")]) == 0
    return work


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9])
def test_kill_after_delay(delay, big, tmp_path, capsys):
    """SIGKILL the plain command line after a delay: the site is wholly old or wholly new."""
    import shutil

    project, output = tmp_path / "proj", tmp_path / "out" / "site"
    shutil.copytree(big / "proj", project)
    shutil.copytree(big / "site", output)
    old = tree(output)
    write_news(project, 7, extra="แก้ไขแล้ว (edited)")
    before = snapshot(tmp_path)
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-m", "itagen", "build", str(project), "--output",
                             str(output)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    after_kill = tree(output)
    assert main(["build", str(project), "--output", str(output)]) == 0
    new = tree(output)
    assert after_kill in (old, new), "the killed build left a mixed or partial site"
    assert sorted(p.name for p in output.parent.iterdir()) == ["site"]
    assert_untouched(tmp_path, before)


@pytest.mark.parametrize("leftover", ["empty", "marked", "marked-partial"])
def test_leftovers_of_a_kill_are_cleaned(leftover, sites, tmp_path, capsys):
    """States a kill can leave beside the output (including between mkdir and the marker)."""
    work, old, new = sites
    project, output = prepare(tmp_path, work)
    before = snapshot(tmp_path)
    for name in (".site.itagen-new", ".site.itagen-old"):
        stale = output.parent / name
        stale.mkdir()
        if leftover != "empty":
            (stale / ".itagen-site").write_text("")
        if leftover == "marked-partial":
            (stale / "news").mkdir()
            (stale / "news" / "index.html").write_text("<html><body>half")
    recover(tmp_path, project, output, new, before)


def test_foreign_folder_with_the_temp_name_is_not_deleted(sites, tmp_path, capsys):
    """A folder itagen did not make is never removed, even where its temp folder would go."""
    work, old, new = sites
    project, output = prepare(tmp_path, work)
    foreign = output.parent / ".site.itagen-new"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("mine")
    assert main(["build", str(project), "--output", str(output)]) == 2
    assert "itagen" in capsys.readouterr().err
    assert (foreign / "thesis.docx").read_text() == "mine" and tree(output) == old


@pytest.mark.parametrize("where", ["project", "content", "templates", "static", "catalogs",
                                   "content/site", "parent", "a-file", "foreign"])
def test_refused_output_folders(where, sites, tmp_path, capsys):
    """Output may not be the project, its sources, inside them, a parent, a file or foreign."""
    work, old, new = sites
    project, _ = prepare(tmp_path, work)
    for name in ("templates", "static", "catalogs"):
        (project / name).mkdir(exist_ok=True)
    (project / "notes.txt").write_text("x")
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "keep.txt").write_text("keep")
    target = {"project": project, "parent": tmp_path, "a-file": project / "notes.txt",
              "foreign": tmp_path / "foreign"}.get(where, project / where)
    before = snapshot(tmp_path)
    assert main(["build", str(project), "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "itagen:" in err
    assert_untouched(tmp_path, before)
