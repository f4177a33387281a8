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


SPARE = "previous-site"  # in the cache folder: the site before the last (writer.swap_into_place)


def can_place(output: Path, cache_dir: Path) -> bool:
    """Whether a job can place the last build's files: there are some, and it can start."""
    return (cache_dir / MANIFEST).is_file() and (output / MARKER).is_file() \
        and ForkedJob.possible()


def start_placing(output: Path, temp: Path, cache_dir: Path) -> ForkedJob | None:
    """The job placing the last build's files into `temp` (`can_place`), at normal priority
    (the render stage waits for it); None if it could not start after all."""
    return ForkedJob.start(partial(place_previous, output, temp, cache_dir / MANIFEST), nice=0)


def place_previous(output: Path, temp: Path, manifest: Path) -> frozenset[str]:
    """Make `temp` hold each file of `output` that the manifest lists with the identity it still
    has, hard-linked, and nothing else but the marker: `temp` may be the spare, the site before
    the last (`_keep_matching`). The files placed, as paths relative to the site."""
    files = read_manifest(manifest, output)
    old, new = str(output), str(temp)
    placed = _keep_matching(new, files)
    for rel, entry in files.items():
        if rel in placed or not _plain(rel) or not isinstance(entry, list) or len(entry) < 5:
            continue
        target = os.path.join(new, rel)
        try:
            make_parent(target)
            os.link(os.path.join(old, rel), target, follow_symlinks=False)
        except OSError:
            continue
        # the identity of the very file linked (a stat first could see one replaced meanwhile)
        if list(file_id(target) or ()) == entry[1:5]:
            placed.add(rel)
        else:  # changed since the last build wrote it: made anew
            os.unlink(target)
    return frozenset(placed)


def _keep_matching(folder: str, files: dict) -> set[str]:
    """Walk `folder` (the spare: the site before the last, moved here by writer.temp_dir_for)
    and keep each file that is the very file the manifest lists at its path (its identity: the
    same inode, unchanged since), which is most of them: the last build linked them from it.
    Everything else goes, folders left empty too, whatever anyone put there since."""
    kept: set[str] = set()

    def walk(path: str, rel: str) -> bool:  # whether the folder is left empty
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                inner = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    if walk(entry.path, inner + "/"):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                    continue
                expected = files.get(inner)
                if inner == MARKER or isinstance(expected, list) and len(expected) >= 5 \
                        and list(file_id(entry.path) or ()) == expected[1:5] and _plain(inner):
                    kept.add(inner)
                    empty = False
                else:
                    os.unlink(entry.path)
        return empty

    walk(folder, "")
    kept.discard(MARKER)
    return kept


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
