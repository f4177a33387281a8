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
FORMAT = 1
# File times move in clock ticks (two seconds on FAT): a file changed this recently may change
# again within the same tick, keeping its size and times. Its stat is not trusted (git's
# "racily clean" rule); it is read and compared instead.
RACY_NS = 2_000_000_000


def code_fingerprint(*modules) -> str:
    """Hash of the given modules' source plus the versions of the libraries they rely on."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    digest.update(_version("pythainlp").encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def package_fingerprint() -> str:
    """Hash of all of itagen's code, the Python version and the versions of the libraries it
    needs: what a cache of its results (pages, loaded content) must be thrown away with."""
    digest = hashlib.blake2b(f"{FORMAT} {sys.version}".encode(), digest_size=20)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _dependencies():
        digest.update(f"{name}={_version(name)};".encode())
    return digest.hexdigest()


def _version(package: str) -> str:
    """The installed version of `package`, or "-" when it is not installed."""
    from importlib import metadata  # 40 ms of imports: only when a cache is used

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def _dependencies() -> list[str]:
    """itagen's required libraries (not the extras), and the two Jinja brings."""
    from importlib import metadata

    try:
        required = metadata.requires("itagen") or []
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        required = []
    names = {re.split(r"[\s;\[=<>!~]", entry, maxsplit=1)[0]
             for entry in required if "extra ==" not in entry}
    return sorted(names | {"jinja2", "markupsafe"})


class DiskCache:
    """Named tables (dicts) loaded from and saved to one folder; None folder means no cache."""

    def __init__(self, folder: Path | None, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint
        self.loaded: dict[str, dict] = {}
        self.used: dict[str, dict] = {}

    def table(self, name: str) -> dict:
        """What the last build stored under `name` (empty when missing, stale or corrupt)."""
        if name not in self.loaded:
            self.loaded[name] = self._read(name)
            self.used[name] = {}
        return self.loaded[name]

    def record(self, name: str, entries: dict) -> None:
        """Entries of `name` this build used or made; only these are saved."""
        self.used.setdefault(name, {}).update(entries)

    def save(self) -> None:
        """Write every table atomically; a failure to write only costs speed next time."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            for name, entries in self.used.items():
                self._write(name, entries)
        except OSError:
            pass

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def _read(self, name: str) -> dict:
        if self.folder is None:
            return {}
        try:
            with open(self._path(name), encoding="utf-8") as stream:
                stamp, entries = json.load(stream)
        except Exception:  # missing, truncated, or written by another version: start afresh
            return {}
        return entries if stamp == self.fingerprint and isinstance(entries, dict) else {}

    def _write(self, name: str, entries: dict) -> None:
        temp = self._path(name).with_suffix(f".tmp{os.getpid()}")
        with open(temp, "w", encoding="utf-8") as stream:
            json.dump([self.fingerprint, entries], stream, ensure_ascii=False)
        os.replace(temp, self._path(name))
