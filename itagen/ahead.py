"""Work a build can start before it needs it, on the core its start-up leaves idle.

Python's start and the build's own imports take a tenth of a second on one core. A job forked
before those imports (`itagen build` does it first thing) reads the ITA catalogs the project's
pages are evaluated against; without it a first build parsed them between loading and rendering,
when one core waits (60 ms of a first build of 5,000 pages). A build that finds them in its
catalog cache (catalogcache.py) starts no job. This module imports nothing heavy itself.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from .cache import CACHE_DIR, CATALOG_CACHE
from .parallel import ForkedJob


def start_reading_catalogs(root: Path, use_cache: bool) -> ForkedJob | None:
    """The job reading the catalogs of the project's framework; None where the catalog cache
    will give them, or no job can be started (then the build reads them itself)."""
    if use_cache and (root / CACHE_DIR / CATALOG_CACHE).is_file():
        return None
    return ForkedJob.start(partial(_read_catalogs, root.resolve()), nice=0)


def _read_catalogs(root: Path) -> dict:
    """In the job: each catalog read, as `criteria.loader.remembered` gives it."""
    from .criteria import loader
    from .criteria.pages import framework_catalogs
    from .load import load_config
    from .model.project import Project

    framework_catalogs(Project(root=root, config=load_config(root)))
    return loader.remembered()


def take_catalogs(job: ForkedJob | None) -> None:
    """Hand the catalogs the job read to the loader, which gives each only while its file still
    holds the bytes it was read from (an edit meanwhile is read afresh, and its errors shown);
    nothing when the job failed (an error in the project's config or catalogs: the build
    reports it) or its result was taken already."""
    if job is None:
        return
    from .criteria import loader

    read = job.result()
    for (path, rel), (text, catalog) in (read or {}).items():
        loader.remember(path, rel, text, catalog)
