"""A warm build's new site starts as the last build's files, hard-linked by a forked job.

A page whose key is unchanged is the last build's file, hard-linked into the new site. Doing
that in the render workers (a folder, a link and a stat for each of 5,000 pages) was most of a
warm build's render stage, on both cores. This job does it from the start of the build, on the
core the parent leaves idle while it loads and plans: it links every file the manifest lists
that is still the very file the last build wrote, and says which.

The stages after it leave a placed file where it is when its key is unchanged (outputcache) and
make the others anew: the writer never writes into a file that is there, which is the last
build's file too (`writer.write_file`). What the build did not make is removed before the new
site is swapped in (`remove_unmade`). The site being served is never touched.
"""
from __future__ import annotations

import contextlib
import os
from functools import partial
from pathlib import Path

from .errors import BuildError
from .outputcache import MANIFEST, file_id, read_manifest
from .parallel import ForkedJob
from .writer import MARKER, file_of, make_parent


def start_placing(output: Path, temp: Path, cache_dir: Path) -> ForkedJob | None:
    """The job placing the last build's files into `temp`, at normal priority (the render
    stage waits for it); None when there is no last build to take them from, or no fork."""
    if not (cache_dir / MANIFEST).is_file() or not (output / MARKER).is_file():
        return None
    return ForkedJob.start(partial(place_previous, output, temp, cache_dir / MANIFEST), nice=0)


def place_previous(output: Path, temp: Path, manifest: Path) -> frozenset[str]:
    """Hard-link into `temp` each file of `output` that the manifest lists with the identity it
    still has; the files placed, as paths relative to the site."""
    files = read_manifest(manifest, output)
    old, new, placed = str(output), str(temp), []
    for rel, entry in files.items():
        if not _plain(rel) or not isinstance(entry, list) or len(entry) < 5:
            continue
        target = os.path.join(new, rel)
        try:
            make_parent(target)
            os.link(os.path.join(old, rel), target, follow_symlinks=False)
        except OSError:
            continue
        # the identity of the very file linked (a stat first could see one replaced meanwhile)
        if list(file_id(target) or ()) == entry[1:5]:
            placed.append(rel)
        else:  # changed since the last build wrote it: made anew
            os.unlink(target)
    return frozenset(placed)


def _plain(rel) -> bool:
    """A path inside the site, as the writer spells it: a manifest is never trusted to name
    one outside it."""
    try:
        return isinstance(rel, str) and rel != MARKER and "\0" not in rel \
            and file_of("/" + rel) == rel
    except BuildError:
        return False


def remove_unmade(temp: Path, placed: frozenset[str], made: set[str]) -> None:
    """Remove the placed files this build did not make (a post deleted since), and the folders
    that leaves empty."""
    for rel in sorted(placed - made):
        path = os.path.join(temp, rel)
        # gone, or where this build made a folder or a file above it (writer.make_parent)
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            os.unlink(path)
        folder = os.path.dirname(path)
        while len(folder) > len(str(temp)):
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or gone): the folders above are not empty either
                break
            folder = os.path.dirname(folder)
