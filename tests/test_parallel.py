"""Work split between forked processes, and the collector a build pauses."""
from __future__ import annotations

import gc
import os
import shutil
import time
from pathlib import Path

import pytest
from scratch import REPO, tree

from itagen import build, load, render
from itagen.build import build_site
from itagen.parallel import ForkedJob, collector_paused, fork_map


def _collecting(number: int) -> tuple[int, bool]:
    return number * 2, gc.isenabled()


def _side() -> bool:
    return gc.isenabled()


@pytest.fixture
def collector():
    """Leave the collector as the test found it, whatever the test does."""
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_fork_map_keeps_order_and_runs_the_side_job(collector):
    side, results = fork_map(_collecting, [(n,) for n in range(20)], 2, side_job=_side)
    assert [doubled for doubled, _ in results] == list(range(0, 40, 2))
    assert side is True


def _big(number: int) -> bytes:
    return bytes([number]) * 3_000_000  # each far more than a pipe holds


def test_results_bigger_than_a_pipe_come_back_whole():
    side, results = fork_map(_big, [(n,) for n in range(5)], 2, side_job=lambda: _big(9))
    assert side == _big(9) and results == [_big(n) for n in range(5)]


class _Broken(Exception):
    pass


def _breaks_on_three(number: int) -> int:
    if number == 3:
        raise _Broken(f"task {number}")
    return number


def test_an_error_in_a_task_is_raised_here():
    with pytest.raises(_Broken, match="task 3"):
        fork_map(_breaks_on_three, [(n,) for n in range(8)], 2)


def _dies_in_a_worker(number: int, parent: int) -> tuple[int, bool]:
    if number == 2 and os.getpid() != parent:
        os._exit(9)  # killed, as the kernel's out-of-memory killer would
    return number, os.getpid() == parent


def test_a_task_whose_worker_died_is_done_here():
    results = fork_map(_dies_in_a_worker, [(n, os.getpid()) for n in range(6)], 2)[1]
    assert [number for number, _ in results] == list(range(6))
    assert results[2][1] is True  # this process did it


def test_no_worker_outlives_its_map():
    def children() -> set[str]:
        return set(Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split())

    before = children()
    fork_map(_collecting, [(n,) for n in range(6)], 2, side_job=_side)
    with pytest.raises(_Broken):
        fork_map(_breaks_on_three, [(n,) for n in range(8)], 2)
    assert children() == before


def test_workers_keep_the_parents_collector(collector):
    with collector_paused():
        assert not gc.isenabled()
        side, results = fork_map(_collecting, [(n,) for n in range(4)], 2, side_job=_side)
        assert not gc.isenabled()
    assert side is False and not any(enabled for _, enabled in results)
    assert gc.isenabled()
    side, results = fork_map(_collecting, [(n,) for n in range(4)], 2, side_job=_side)
    assert side is True and all(enabled for _, enabled in results)


def test_the_collector_comes_back_as_it_was(collector):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()  # paused by someone else: left so
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a failed build")
    assert gc.isenabled()


def test_a_build_loads_with_the_collector_paused(tmp_path, monkeypatch, collector):
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    seen = []
    loading = load.load_project

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return loading(*args, **kwargs)

    monkeypatch.setattr(build, "load_project", watched)
    build_site(root, with_search=False)
    assert seen == [False]
    assert gc.isenabled()


def _niceness() -> int:
    return os.nice(0)


def _fails() -> int:
    raise RuntimeError("a broken job")


def _sleeps() -> None:
    time.sleep(60)


def test_a_job_runs_at_the_priority_asked_and_sends_its_result():
    job = ForkedJob.start(_niceness)
    assert job is not None  # the suite runs on two cores or more, from the main thread
    assert job.result() == min(19, os.nice(0) + 19)  # an idle job, by default
    assert ForkedJob.start(_niceness, nice=0).result() == os.nice(0)


def _collector() -> tuple[bool, int]:
    return gc.isenabled(), gc.get_freeze_count()


def test_a_job_keeps_the_collector_and_never_walks_what_it_inherited(collector):
    """Forked from a build that paused its collector, a job leaves it paused; forked from a
    process that collects, it collects too, but what it inherited is frozen first, or its first
    collection walks (and copies) all of it."""
    keep = [[n] for n in range(10_000)]  # something to inherit
    with collector_paused():
        enabled, _ = ForkedJob.start(_collector).result()
    assert not enabled
    gc.enable()
    enabled, frozen = ForkedJob.start(_collector).result()
    assert enabled and frozen >= len(keep)


def test_a_failed_or_cancelled_job_gives_nothing():
    assert ForkedJob.start(_fails).result() is None
    job = ForkedJob.start(_sleeps)
    pid, started = job.pid, time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 30 and job.pid is None
    with pytest.raises(ChildProcessError):  # killed and reaped: no zombie left
        os.waitpid(pid, os.WNOHANG)


def test_a_first_build_takes_the_templates_compiled_ahead(tmp_path, monkeypatch):
    """The idle job compiles every template into the bytecode cache and works out what each
    reads; the build's own process then parses none, and builds what --no-cache builds."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "content", root / "content")
    parsed = []
    parse = render._Environment._parse

    def counted(self, *args):
        parsed.append(os.getpid())
        return parse(self, *args)

    monkeypatch.setattr(render._Environment, "_parse", counted)
    build_site(root, with_search=False)
    assert os.getpid() not in parsed
    build_site(root, tmp_path / "plain", use_cache=False, with_search=False)
    assert os.getpid() in parsed
    assert tree(root / "site") == tree(tmp_path / "plain")


class _Loaded:
    """Something a build holds."""


def test_what_a_build_leaves_is_kept_only_for_an_exit_that_frees_it(monkeypatch):
    import weakref

    from itagen import parallel

    monkeypatch.setattr(parallel, "_for_exit", None)
    left = _Loaded()
    gone = weakref.ref(left)
    parallel.leave_to_exit(left)
    del left
    assert gone() is None  # serve and tests free it as usual
    parallel.freed_by_exit()  # `itagen build`: the process ends right after, at once
    left = _Loaded()
    kept = weakref.ref(left)
    parallel.leave_to_exit(left)
    del left
    assert kept() is not None
