"""The loaded content of the last build, so unchanged files are not parsed again.

One file, `.itagen-cache/content.pickle`, holds per content file: a digest of its text, its stat
(size, times, inode), what loading it gave (the object, its findings, the attachments it uses)
pickled, with the digest of that pickle (the page cache keys the object by it) and its CRC, and
for a news post its head (heads.py). A file is taken from it only when its text is the same, no
attachment changed (name, type, size, time, inode: attachment checks look at the files), and the
code, Python and project folder are the ones that wrote it. A file whose stat is what it was need
not be read to know its text is the same: as git does, a stat is kept only when the file had
`settled` then.

The file holds the stamp (what it is valid for), then the index (per file: all of the above but
the pickle, and its length) with its CRC, each pickled, then the pickles one after another. A
warm build reads the index, its heads included, and only the pickles of what it uses, each when
it is used (`StoredPickle`, from the file kept open); the next file gets the others copied from
it by the kernel. Read whole, the 20 MB cost a warm build 20-35 ms of its one busy core. A
pickle is used only when its CRC is the one noted (a post's when it is used:
heads.DamagedCache), so a byte changed on disk is never believed.

Pickle, read safely: the unpickler builds only itagen's model classes and a few plain standard
types (`find_class` refuses every other name), so it cannot call anything that acts; and the file
counts only inside the cache folder that this machine created (its device and inode are recorded),
so a cache committed to git and cloned, which could claim other content, is ignored.
`catalogcache.py` keeps the parsed catalogs the same way (`read_stamped`, `write_stamped`).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
import zlib
from pathlib import Path
from typing import IO, Callable

from .cache import FileStat, package_fingerprint, settled
from .heads import from_head
from .safepickle import SafeUnpickler, safe_loads

NAME = "content.pickle"
FORMAT = 6  # 5: the pickles after the index, and the posts' heads in it; 6: heads' dates as days

# Per content file, by (file, model class): (text digest, loading's result pickled, the file's
# stat or None, the pickle's digest, the head or None, the pickle's CRC).
Entry = tuple


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def blob_digest(blob: bytes) -> bytes:
    """What stands for a loaded object in page keys: the digest of its pickle."""
    return hashlib.blake2b(blob, digest_size=16).digest()


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


class StoredPickle:
    """A pickle still in the last build's cache file, read when used (`bytes(it)`): the file's
    descriptor, its offset there and its size. A short read (the file was cut by another
    program) gives fewer bytes, which its CRC then refuses."""

    __slots__ = ("file", "offset", "size")

    def __init__(self, file: _OpenFile, offset: int, size: int):
        self.file, self.offset, self.size = file, offset, size

    def __len__(self) -> int:
        return self.size

    def __bytes__(self) -> bytes:
        return os.pread(self.file.fd, self.size, self.offset)


class _OpenFile:
    """A descriptor open as long as a StoredPickle names it (serve keeps some across builds):
    the file may be replaced meanwhile, its bytes stay readable through it."""

    __slots__ = ("fd",)

    def __init__(self, fd: int):
        self.fd = fd

    def __del__(self, close=os.close):  # `os` itself may be gone when the interpreter ends
        try:
            close(self.fd)
        except OSError:
            pass


def write_pieces(stream: IO[bytes], pieces: list) -> None:
    """Write `pieces` (bytes, views of them, or StoredPickles) one after another: bytes with a
    system call for many and no copy of them all (joined first, the content cache's 4,500
    pickles, 20 MB, cost 13-19 ms and as much memory again; 4,500 writes cost more still), and
    stored pickles copied from their file by the kernel, a run of neighbours at a time."""
    stream.flush()
    fd, batch, run = stream.fileno(), [], None  # run: [file, offset, size] to copy
    for piece in pieces:
        stored = type(piece) is StoredPickle
        if stored and run and run[0] is piece.file and run[1] + run[2] == piece.offset:
            run[2] += piece.size
            continue
        if run:  # the run ends here
            _copy(run[0].fd, fd, run[1], run[2])
            run = None
        if stored:  # what came before it first
            _write_all(fd, batch)
            batch, run = [], [piece.file, piece.offset, piece.size]
        else:
            batch.append(piece)
    _write_all(fd, batch)
    if run:
        _copy(run[0].fd, fd, run[1], run[2])


def _write_all(fd: int, pieces: list) -> None:
    if not hasattr(os, "writev"):  # not POSIX
        data = b"".join(pieces)
        while data:
            data = data[os.write(fd, data):]
        return
    try:
        most = os.sysconf("SC_IOV_MAX")  # pieces a call takes (1,024 on Linux)
    except (OSError, ValueError):
        most = -1
    most = most if most > 0 else 16  # POSIX's least
    for start in range(0, len(pieces), most):
        batch = [memoryview(piece) for piece in pieces[start:start + most]]
        written = os.writev(fd, batch)
        for piece in batch:  # what a short write left (a full disk raises OSError)
            if written >= piece.nbytes:
                written -= piece.nbytes
                continue
            rest, written = piece[written:], 0
            while rest:
                rest = rest[os.write(fd, rest):]


def _copy(source: int, target: int, offset: int, size: int) -> None:
    """`size` bytes of `source` from `offset` on, appended to `target`: by copy_file_range
    (no byte passes through this process), else read and written."""
    while size:
        try:
            copied = os.copy_file_range(source, target, size, offset)
        except (AttributeError, OSError):  # not Linux, or not between these file systems
            data = os.pread(source, min(size, 1 << 20), offset)
            copied = len(data)
            _write_all(target, [data])
        if copied == 0:
            raise OSError("the last build's cache file is shorter than its index says")
        offset, size = offset + copied, size - copied


def _trusted(stat: FileStat | None, now: int) -> FileStat | None:
    return stat if stat is not None and settled(stat[1], stat[2], now) else None


def _indexed(item) -> bool:
    """(name, text digest, stat or None, pickle's digest, its length, its CRC, head or None):
    anything else is a damaged index."""
    return type(item) is tuple and len(item) == 7 and type(item[0]) is tuple \
        and type(item[1]) is bytes and (item[2] is None or type(item[2]) is tuple) \
        and type(item[3]) is bytes and type(item[4]) is int and item[4] >= 0 \
        and type(item[5]) is int and (item[6] is None or type(item[6]) is tuple)


def _folder_id(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


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
            if SafeUnpickler(stream).load() != _stamp(folder, root, attachments):
                return None
            return SafeUnpickler(stream).load()
    except Exception:  # unreadable or refused: as if there were no cache
        return None


def write_stamped(folder: Path, name: str, root: Path, attachments: tuple, payload=None,
                  writer: Callable[[IO[bytes]], None] | None = None, aside: Path | None = None
                  ) -> Path | None:
    """Write the stamp, then `payload` pickled (or what `writer` writes), atomically: the file
    written, or None when it could not be (that only costs the next build speed). With `aside`
    it is written there instead, for the caller to put in place later. Straight into the
    file: the content cache's 20 MB were copied once more into a bytes object first."""
    temp = aside or folder / f"{name}.tmp{os.getpid()}"
    try:
        folder.mkdir(exist_ok=True)  # before stamping: the stamp names the folder's inode
        with open(temp, "wb") as stream:
            pickle.dump(_stamp(folder, root, attachments), stream, protocol=5)
            if writer is None:
                pickle.dump(payload, stream, protocol=5)
            else:
                writer(stream)
        if aside:
            return temp
        os.replace(temp, folder / name)
        return folder / name
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return None


class ContentCache:
    """The cache folder's content file: read before loading, saved after a build succeeded.

    The file holds two pickles one after the other: the stamp (what the entries are valid for),
    then the entries, so a stale file is refused without reading them.
    """

    def __init__(self, folder: Path, read_only: bool = False, trusted: bool = True):
        self.folder = folder
        self.read_only = read_only  # `check`: nothing is kept, so nothing is pickled for it
        self.trusted = trusted  # False: what the folder holds is not read (heads.DamagedCache)
        # where `write_aside` writes, named by the building process, whichever process writes
        self.aside = folder / f"{NAME}.aside{os.getpid()}"
        # what save() writes: (root, attachments, the entries)
        self.pending: tuple[Path, tuple, dict] | None = None
        self.last_saved: tuple[Path, tuple, dict] | None = None

    def read(self, root: Path, attachments: tuple) -> dict[tuple, Entry]:
        """The entries the last build saved, or {} when the file is missing, damaged, or
        written for other code, folder or attachments. Their pickles are left in the file
        (StoredPickle) until used; each is unpickled (`loads`) only when its file is unchanged."""
        if not self.trusted:
            return {}
        try:
            opened = _OpenFile(os.open(self.folder / NAME, _READ_FLAGS))
            with open(opened.fd, "rb", closefd=False) as stream:  # one unpickler each: own memo
                if SafeUnpickler(stream).load() != _stamp(self.folder, root, attachments):
                    return {}
                check, index = SafeUnpickler(stream).load()
                at, length = stream.tell(), os.fstat(opened.fd).st_size
                eager = None if hasattr(os, "pread") else memoryview(stream.read())
            if zlib.crc32(index) != check:
                return {}
            index = safe_loads(index)
        except Exception:  # unreadable or refused: as if there were no cache
            return {}
        if type(index) is not list or not all(_indexed(item) for item in index):
            return {}
        entries, start = {}, at
        for name, digest, stat, pickled, size, check, head in index:
            blob = StoredPickle(opened, at, size) if eager is None \
                else eager[at - start:at - start + size]
            entries[name] = (digest, blob, stat, pickled, head, check)
            at += size
        return entries if at == length else {}  # cut short: not the file written

    @staticmethod
    def loads(entry: Entry) -> tuple | None:
        """One file's result from its entry: made from its head (heads.py), or unpickled (only
        model classes are built); None when its pickle's CRC is not the one noted or it cannot
        be read back: that file is parsed again."""
        blob, head, check = entry[1], entry[4], entry[5]
        try:
            if head is not None:
                return from_head(head, blob, check)  # the pickle is checked when it is used
            blob = bytes(blob)
            if zlib.crc32(blob) != check:
                return None
            result = safe_loads(blob)
        except Exception:  # corrupt, or names a class that is not content: never trust it
            return None
        return result if isinstance(result, tuple) and len(result) == 3 else None

    def keep(self, root: Path, attachments: tuple, entries: dict[tuple, Entry]) -> None:
        """What `save` is to write, when the build succeeds: entries as `read` gives them; the
        stats of files changed too recently to be trusted are left out."""
        if self.read_only:
            return
        now = time.time_ns()
        entries = {name: (entry[0], entry[1], _trusted(entry[2], now), *entry[3:])
                   for name, entry in entries.items()}
        self.pending = (root, attachments, entries)

    def write_aside(self) -> bool:
        """Write what `keep` was given to `self.aside` (in whichever process runs this: a
        render worker, beside the pages), for `save` to put in place when the build succeeded;
        whether there was something to write and it was written."""
        if self.pending is None:
            return False
        root, attachments, entries = self.pending
        names: dict[tuple, tuple] = {}  # one tuple of attribute names a class: pickled once
        index = [(name, digest, stat, pickled, len(blob), check,
                  head and (head[0], head[1], names.setdefault(head[2], head[2]), *head[3:]))
                 for name, (digest, blob, stat, pickled, head, check) in entries.items()]
        data = pickle.dumps(index, protocol=5)

        def write(stream) -> None:
            pickle.dump((zlib.crc32(data), data), stream, protocol=5)
            write_pieces(stream, [entry[1] for entry in entries.values()])

        return write_stamped(self.folder, NAME, root, attachments, writer=write,
                             aside=self.aside) is not None

    def save(self, written_aside: bool = False) -> None:
        """Put what `keep` was given in place, atomically: the file `write_aside` wrote, or
        written now; a failure only costs the next build speed."""
        if self.pending is None:
            return
        if written_aside or self.write_aside():
            try:
                os.replace(self.aside, self.folder / NAME)
            except OSError:
                self.discard()
        # kept as long as this object, not freed here: the build leaves it to the exit
        # (parallel.leave_to_exit)
        self.last_saved, self.pending = self.pending, None

    def discard(self) -> None:
        """Remove what `write_aside` wrote, if anything: the build failed."""
        with contextlib.suppress(OSError):
            self.aside.unlink()
