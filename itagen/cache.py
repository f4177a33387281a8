"""A persistent cache of pure conversions (Thai word segmentation for the search index).

A cache may skip work, never change a result: every table is keyed by the full input, stamped with
a fingerprint of the code that produced it, and thrown away whole when that fingerprint differs or
the file cannot be read. Only entries used by the last build are kept, so it never grows stale.
Tables are JSON, not pickle: a cache file found in a cloned project must never be able to run code.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from pathlib import Path

CACHE_DIR = ".itagen-cache"
CATALOG_CACHE = "catalogs.pickle"  # catalogcache.py's file; named here for ahead.py, kept light
FORMAT = 1
# File times move in clock ticks (two seconds on FAT): a file changed this recently may change
# again within the same tick, keeping its size and times. Its stat is not trusted (git's
# "racily clean" rule); it is read and compared instead.
RACY_NS = 2_000_000_000


def settled(mtime_ns: int, ctime_ns: int, now_ns: int) -> bool:
    """Whether a file's stat can be trusted to say it is unchanged: it was last changed more
    than RACY_NS before `now_ns` (ctime too: `cp -p` sets an old mtime, never an old ctime)."""
    return max(mtime_ns, ctime_ns) < now_ns - RACY_NS


FileStat = tuple[int, int, int, int]  # size, mtime and ctime in ns, inode


def file_stat(path: Path | str) -> FileStat | None:
    """What says a file is unchanged without reading it (content files, templates); None when
    it cannot be looked at. Taken before the file is read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def code_fingerprint(*modules) -> str:
    """Hash of the given modules' source plus the versions of the libraries they rely on."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    digest.update(installed_version("pythainlp").encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def package_fingerprint() -> str:
    """Hash of all of itagen's code, the Python version and the versions of the libraries it
    needs: what a cache of its results (pages, loaded content) must be thrown away with."""
    digest = hashlib.blake2b(f"{FORMAT} {sys.version}".encode(), digest_size=20)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")) + sorted((package / "data").glob("*")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in DEPENDENCIES:
        digest.update(f"{name}={installed_version(name)};".encode())
    return digest.hexdigest()


# pyproject.toml's dependencies (tests/test_cache_versions.py keeps the two the same), and the
# two Jinja brings. Listed here because reading the installed metadata costs 50 ms of imports.
DEPENDENCIES = ("jinja2", "livereload", "markdown-it-pyrs", "markupsafe", "nh3", "pythainlp",
                "pyyaml", "qrcode")


def installed_version(package: str) -> str:
    """The installed version of `package`, or "-" when it is not installed."""
    return _installed_versions().get(_normalized(package), "-")


@functools.lru_cache(maxsize=None)
def _installed_versions() -> dict[str, str]:
    """{distribution: version} from the `NAME-VERSION.dist-info` folders on sys.path (the first
    one found wins, as for imports)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                distribution, _, version = name[: -len(".dist-info")].partition("-")
                found.setdefault(_normalized(distribution), version)
    return found


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class DiskCache:
    """Named tables (dicts) loaded from and saved to one folder; None folder means no cache."""

    def __init__(self, folder: Path | None, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint
        self.loaded: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        self.on_disk: dict[str, frozenset | None] = {}  # the keys a valid file held

    def table(self, name: str) -> dict:
        """What the last build stored under `name` (empty when missing, stale or corrupt)."""
        if name not in self.loaded:
            entries = self._read(name)
            self.on_disk[name] = None if entries is None else frozenset(entries)
            self.loaded[name] = entries or {}
            self.used[name] = {}
        return self.loaded[name]

    def record(self, name: str, entries: dict) -> None:
        """Entries of `name` this build used or made; only these are saved."""
        self.used.setdefault(name, {}).update(entries)

    def save(self) -> None:
        """Write every table atomically, but not one whose file already holds just these
        entries (a warm build's search table: 20 MB of JSON for 5,000 pages); a failure to
        write only costs speed next time."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            for name, entries in self.used.items():
                if self.on_disk.get(name) != entries.keys():  # a key is its whole input
                    self._write(name, entries)
        except OSError:
            pass

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def _read(self, name: str) -> dict | None:
        """The table's entries; None when missing, stale or corrupt."""
        if self.folder is None:
            return None
        try:
            with open(self._path(name), encoding="utf-8") as stream:
                stamp, entries = json.load(stream)
        except Exception:  # missing, truncated, or written by another version: start afresh
            return None
        return entries if stamp == self.fingerprint and isinstance(entries, dict) else None

    def _write(self, name: str, entries: dict) -> None:
        temp = self._path(name).with_suffix(f".tmp{os.getpid()}")
        with open(temp, "w", encoding="utf-8") as stream:
            json.dump([self.fingerprint, entries], stream, ensure_ascii=False)
        os.replace(temp, self._path(name))
