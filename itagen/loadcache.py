"""The loaded content of the last build, so unchanged files are not parsed again.

One file, `.itagen-cache/content.pickle`, holds per content file: a digest of its text, its stat
(size, times, inode), what loading it gave (the object, its findings, the attachments it uses)
pickled, and the digest of that pickle (the page cache keys the object by it). A file is taken
from it only when its text is the same, no attachment changed (name, type, size, time, inode:
attachment checks look at the files), and the code, Python and project folder are the ones that
wrote it. A file whose stat is what it was need not be read to know its text is the same: as git
does, a stat is kept only when the file had `settled` then.

Pickle, read safely: the unpickler builds only itagen's model classes and a few plain standard
types (`find_class` refuses every other name), so it cannot call anything that acts; and the file
counts only inside the cache folder that this machine created (its device and inode are recorded),
so a cache committed to git and cloned, which could claim other content, is ignored.
`catalogcache.py` keeps the parsed catalogs the same way (`read_stamped`, `write_stamped`).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import time
from pathlib import Path

from .cache import FileStat, package_fingerprint, settled

NAME = "content.pickle"
FORMAT = 4  # 4: the digest of each pickled result
_ALLOWED_MODULES = ("itagen.model.", "itagen.errors", "itagen.criteria.catalog")
_ALLOWED = {("datetime", "date"), ("decimal", "Decimal"), ("builtins", "set"),
            ("builtins", "frozenset"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath")}


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def blob_digest(blob: bytes) -> bytes:
    """What stands for a loaded object in page keys: the digest of its pickle."""
    return hashlib.blake2b(blob, digest_size=16).digest()


class _SafeUnpickler(pickle.Unpickler):
    allowed: dict[tuple[str, str], type] = {}  # names found allowed so far, for speed

    def find_class(self, module: str, name: str):
        found = self.allowed.get((module, name))
        if found is not None:
            return found
        ours = module.startswith(_ALLOWED_MODULES) and module in sys.modules
        if (module, name) in _ALLOWED or (ours and "." not in name and not name.startswith("_")):
            found = super().find_class(module, name)
            # a class itagen defines there (not one it imported), or a listed standard type
            if isinstance(found, type) and (found.__module__ == module or not ours):
                self.allowed[(module, name)] = found
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not content")


def _trusted(stat: FileStat | None, now: int) -> FileStat | None:
    return stat if stat is not None and settled(stat[1], stat[2], now) else None


def _well_formed(entry) -> bool:
    """(text digest, pickled result, stat or None, digest of the pickle): anything else in a
    damaged file is left out."""
    return type(entry) is tuple and len(entry) == 4 and type(entry[0]) is bytes \
        and type(entry[1]) is bytes and (entry[2] is None or type(entry[2]) is tuple) \
        and type(entry[3]) is bytes


def _folder_id(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def safe_loads(blob: bytes):
    """Unpickle `blob` building only itagen's model and catalog classes and the plain types
    allowed above; raises on anything else."""
    return _SafeUnpickler(io.BytesIO(blob)).load()


def _stamp(folder: Path, root: Path, attachments: tuple) -> tuple:
    """What a cache file in `folder` is valid for: this code, this project, this very folder
    (not a copy cloned from git), and these attachments."""
    return (FORMAT, package_fingerprint(), str(root), _folder_id(folder), attachments)


def read_stamped(folder: Path, name: str, root: Path, attachments: tuple = ()):
    """What `write_stamped` wrote to `folder/name` for this project and attachments, safely
    unpickled; None when missing, unreadable, refused, or stamped for something else (then its
    payload is not even read)."""
    try:
        with open(folder / name, "rb") as stream:  # one unpickler each: own memo
            if _SafeUnpickler(stream).load() != _stamp(folder, root, attachments):
                return None
            return _SafeUnpickler(stream).load()
    except Exception:  # unreadable or refused: as if there were no cache
        return None


def write_stamped(folder: Path, name: str, root: Path, attachments: tuple, payload) -> None:
    """Write the stamp, then `payload` pickled, atomically; a failure to write only costs the
    next build speed. Pickled straight into the file: the content cache's 20 MB were copied
    once more into a bytes object first."""
    temp = folder / f"{name}.tmp{os.getpid()}"
    try:
        folder.mkdir(exist_ok=True)  # before stamping: the stamp names the folder's inode
        with open(temp, "wb") as stream:
            pickle.dump(_stamp(folder, root, attachments), stream, protocol=5)
            pickle.dump(payload, stream, protocol=5)
        os.replace(temp, folder / name)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


class ContentCache:
    """The cache folder's content file: read before loading, saved after a build succeeded.

    The file holds two pickles one after the other: the stamp (what the entries are valid for),
    then the entries, so a stale file is refused without reading them.
    """

    def __init__(self, folder: Path, read_only: bool = False):
        self.folder = folder
        self.read_only = read_only  # `check`: nothing is kept, so nothing is pickled for it
        # what save() writes: (root, attachments, the entries)
        self.pending: tuple[Path, tuple, dict] | None = None

    def read(self, root: Path, attachments: tuple) -> dict:
        """{(file, model class): (text digest, loading's result pickled, the file's stat or
        None, the pickle's digest)} from the last build, or {} when missing, corrupt, or
        written for other code, folder or attachments. Each result is unpickled (`loads`) only
        when its file is unchanged."""
        entries = read_stamped(self.folder, NAME, root, attachments)
        if not isinstance(entries, dict):
            return {}
        return {name: entry for name, entry in entries.items() if _well_formed(entry)}

    @staticmethod
    def loads(blob: bytes) -> tuple | None:
        """One file's result, as `read` gave it pickled (only model classes are built);
        None when it cannot be read back: that file is parsed again."""
        try:
            result = safe_loads(blob)
        except Exception:  # corrupt, or names a class that is not content: never trust it
            return None
        return result if isinstance(result, tuple) and len(result) == 3 else None

    def keep(self, root: Path, attachments: tuple, entries: dict) -> None:
        """What `save` is to write, when the build succeeds: entries as `read` gives them; the
        stats of files changed too recently to be trusted are left out."""
        if self.read_only:
            return
        now = time.time_ns()
        entries = {name: (digest, blob, _trusted(stat, now), pickled)
                   for name, (digest, blob, stat, pickled) in entries.items()}
        self.pending = (root, attachments, entries)

    def save(self) -> None:
        """Write what `keep` was given, atomically; a failure only costs the next build speed."""
        if self.pending is None:
            return
        root, attachments, entries = self.pending
        self.pending = None
        write_stamped(self.folder, NAME, root, attachments, entries)
