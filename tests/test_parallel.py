"""Work split between forked processes, and the collector a build pauses."""
from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from itagen import build, load
from itagen.build import build_site
from itagen.parallel import collector_paused, fork_map

REPO = Path(__file__).resolve().parent.parent


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


def test_workers_collect_while_the_parent_has_paused(collector):
    with collector_paused():
        assert not gc.isenabled()
        side, results = fork_map(_collecting, [(n,) for n in range(4)], 2, side_job=_side)
        assert not gc.isenabled()
    assert gc.isenabled()
    assert side and all(enabled for _, enabled in results)


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
