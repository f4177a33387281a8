"""The one writer, and the atomic swap of a finished build into place.

Every file of the site goes through `Writer`, which refuses two writes to one path and any path
that would leave the output folder. A build is written into a fresh sibling folder and swapped with
the old site only when everything succeeded, so a failed or killed build never leaves a half site.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from typing import Callable, TypeVar

from .errors import BuildError, ConfigError
from .parallel import core_count

MARKER = ".itagen-site"        # proves a folder is ours before we ever replace it
TEMP_SUFFIX = ".itagen-new"
OLD_SUFFIX = ".itagen-old"
T = TypeVar("T")


class Writer:
    """Writes files below one root, each path at most once."""

    def __init__(self, root: Path):
        self.root = root
        self.root_path = str(root)
        self.written: set[str] = set()

    def reserve(self, url_path: str) -> Path:
        """Claim the file a URL maps to; refuses a second claim or a path outside the root."""
        return Path(self.claim(url_path))

    def claim(self, url_path: str) -> str:
        """`reserve`, giving the path as a string (thousands of Path objects cost 0.1 s)."""
        return self.claim_file(file_of(url_path))

    def claim_file(self, key: str) -> str:
        """`claim` for the file a URL is served from (`file_of`), worked out by the caller."""
        if key in self.written:
            raise BuildError(f"มีสองหน้าเขียนไฟล์เดียวกัน (two pages write the same file: /{key})")
        self.written.add(key)
        return os.path.join(self.root_path, key)

    def write(self, url_path: str, content: str | bytes) -> None:
        """Write a page (`/news/` → news/index.html) or a file (`/sitemap.xml`)."""
        write_file(self.reserve(url_path), content)

    def copy(self, source: Path | str, url_path: str,
             reuse: Callable[[str], T | None] | None = None) -> tuple[str, T | None]:
        """Copy a static file or attachment into the site, unless `reuse(target)` put the last
        build's copy there: (the file, what `reuse` returned)."""
        target = self.claim(url_path)
        reused = reuse(target) if reuse else None
        if reused is None:
            make_parent(target)
            _vacate(target)  # copyfile would write into the file found there (write_file)
            shutil.copyfile(source, target)
        return target, reused


def file_of(url_path: str) -> str:
    """The file a URL is served from, relative to the site: `/news/` → `news/index.html`."""
    rel = url_path.lstrip("/")
    if rel and not any(part in ("", ".", "..") for part in rel.rstrip("/").split("/")):
        return rel + "index.html" if rel.endswith("/") else rel  # plain: no parsing needed
    return _file_of_odd(url_path)


def _file_of_odd(url_path: str) -> str:
    rel = PurePosixPath(url_path.lstrip("/"))
    if url_path.endswith("/") or not rel.name:
        rel = rel / "index.html"
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BuildError(f"ที่อยู่ไฟล์ออกนอกโฟลเดอร์ผลลัพธ์ (path leaves the output: {url_path})")
    return rel.as_posix()


# Opening with os.open: a Python file object adds an fstat, an isatty ioctl and a seek to every
# file, 10-20 µs of the 5,000 pages a build writes. O_EXCL: always a new file (write_file).
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) \
    | getattr(os, "O_CLOEXEC", 0)


def write_file(target: Path | str, content: str | bytes) -> None:
    """Write one reserved file (UTF-8 for text); used directly by parallel render workers.

    Always into a new file: a file already there is the last build's, hard-linked into the new
    site (prelink.py), and writing into it would change the site being served before the swap.
    """
    make_parent(target)
    data = memoryview(content.encode("utf-8") if isinstance(content, str) else content)
    try:
        descriptor = os.open(target, _NEW_FILE_FLAGS, 0o666)
    except FileExistsError:
        _vacate(target)
        descriptor = os.open(target, _NEW_FILE_FLAGS, 0o666)
    try:
        while data:
            data = data[os.write(descriptor, data):]
    finally:
        os.close(descriptor)


def make_parent(target: Path | str) -> None:
    """Make the folder a file goes in: usually one mkdir (a page's own folder beside others)."""
    parent = os.path.dirname(target)
    try:
        os.mkdir(parent)
    except FileExistsError:
        if not os.path.isdir(parent):  # a file the last build had there, placed (prelink.py)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(parent)
            make_parent(target)
    except (FileNotFoundError, NotADirectoryError):  # the folder above is missing too
        make_parent(parent)
        make_parent(target)


def _vacate(target: str | Path) -> None:
    """Remove what the new site holds at `target` (the last build's file, or a folder where
    this build makes a file, placed there by prelink.py) so a new file can be made instead."""
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)


def check_output_dir(output: Path, project_root: Path) -> Path:
    """Refuse output folders whose replacement would destroy the user's own files."""
    output = output.resolve()
    root = project_root.resolve()
    sources = [root / name for name in ("content", "templates", "static", "catalogs")]
    for place in [root, *sources, Path.home().resolve(), Path("/")]:
        if output == place or place.is_relative_to(output):
            raise ConfigError(f"ใช้ {output} เป็นโฟลเดอร์ผลลัพธ์ไม่ได้ เพราะจะลบไฟล์ของโครงการ "
                              f"(refusing output folder {output}: it holds project files)")
    if any(output.is_relative_to(place) for place in sources):
        # The dev server watches these folders: a site inside them would rebuild itself forever.
        raise ConfigError(f"โฟลเดอร์ผลลัพธ์ {output} ต้องไม่อยู่ใน content/ templates/ static/ "
                          f"(refusing output folder {output}: it is inside the project's sources)")
    if output.exists() and not output.is_dir():
        raise ConfigError(f"{output} เป็นไฟล์ ไม่ใช่โฟลเดอร์ (refusing output {output}: it is a file)")
    if output.exists() and any(output.iterdir()) and not (output / MARKER).exists():
        raise ConfigError(f"โฟลเดอร์ {output} มีไฟล์อื่นที่ itagen ไม่ได้สร้าง จึงไม่เขียนทับ "
                          f"(refusing to replace {output}: it was not made by itagen)")
    return output


def temp_dir_for(output: Path, spare: Path | None = None) -> Path:
    """A fresh sibling folder on the same file system, so the final rename is atomic. With
    `spare` (where `swap_into_place` kept the site before the last), that folder, moved here
    when it is one of ours: prelink.py makes it hold the last build's files."""
    temp = output.with_name(f".{output.name}{TEMP_SUFFIX}")
    try:
        clean_leftovers(output)
    except OSError as exc:  # something still writes there: another build, or its orphans
        raise ConfigError(f"ลบโฟลเดอร์ชั่วคราวข้าง {output} ไม่ได้ มี itagen อื่นกำลังสร้างอยู่หรือไม่ "
                          f"(cannot remove a temporary folder beside {output}: {exc.strerror}; "
                          "is another itagen build running?)") from None
    if spare is not None and _is_site_folder(spare) and _moved(spare, temp):
        return temp
    try:
        temp.mkdir(parents=True)
    except FileExistsError:
        raise ConfigError(f"มีโฟลเดอร์ {temp} ที่ itagen ไม่ได้สร้าง กรุณาย้ายออก "
                          f"(refusing to build: {temp} exists and was not made by itagen)") from None
    (temp / MARKER).write_text("built by itagen; this folder is replaced on every build\n")
    return temp


def _is_site_folder(folder: Path) -> bool:
    return not folder.is_symlink() and (folder / MARKER).is_file()


def _moved(folder: Path, place: Path) -> bool:
    """Rename `folder` to `place` (replacing nothing but an empty folder); False when it cannot
    be done, as across file systems, or when `place` is taken."""
    try:
        place.parent.mkdir(exist_ok=True)
        os.rename(folder, place)
    except OSError:
        return False
    return True


def clean_leftovers(output: Path) -> None:
    """Remove the temporary folders a killed build may have left beside the output."""
    for suffix in (TEMP_SUFFIX, OLD_SUFFIX):
        stale = output.with_name(f".{output.name}{suffix}")
        if stale.is_symlink() or not stale.is_dir():
            continue
        if (stale / MARKER).exists():
            remove_site_folder(stale)
        elif not any(stale.iterdir()):
            stale.rmdir()  # killed between creating the folder and writing its marker


def remove_site_folder(folder: Path) -> None:
    """Delete a folder of ours with its marker last, so a kill midway leaves it recognisable.
    What vanishes meanwhile is no error: the `rm` processes of a killed build's `_Removal`
    may still be removing it."""
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, onerror=_unless_gone)
        else:
            child.unlink(missing_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def _unless_gone(function, path, error) -> None:
    if not issubclass(error[0], FileNotFoundError):
        raise error[1]


def swap_into_place(temp: Path, output: Path, meanwhile: Callable[[], None] | None = None,
                    spare: Path | None = None) -> None:
    """Make `temp` the new output in one step where the kernel allows it, then remove the
    previous site while `meanwhile` runs (`_Removal`), or, given a `spare` place, move it there
    for the next build (`temp_dir_for`): that build makes it hold this site's files, most of
    them the same files already (hard links), in far fewer steps than it would take to remove
    it and link them all anew (a 5,000-page site: about 10,000 of each, 0.2 s of CPU)."""
    previous = _swap(temp, output)
    if previous and spare is not None and _moved(previous, spare):
        previous = None
    removal = _Removal(previous) if previous else None
    try:
        if meanwhile:
            meanwhile()
    finally:
        if removal:
            removal.finish()


class _Removal:
    """A previous site being removed while this process does other work.

    Unlinking thousands of files is the kernel's work: `rm` processes do it on every core, with
    no interpreter lock to share (a 5,000-page site: 0.13 s in Python alone, 0.09 s in two `rm`
    processes, and more in a thread beside the build's own Python). `finish` waits for them and
    removes what is left in Python, the marker last; without `rm`, it removes everything.
    """

    ARGS_PER_RM = 4000   # paths per `rm` command line, well inside the kernel's argument limit
    PATHS_PER_RM = 500   # fewer paths a process, and starting `rm` costs more than it saves

    def __init__(self, folder: Path):
        self.folder = folder
        self.pending: list[list[str]] = []
        self.running: list[subprocess.Popen] = []
        self.slots = 1
        rm = shutil.which("rm") if os.name == "posix" else None
        units = _removal_units(folder) if rm else []
        if len(units) >= self.PATHS_PER_RM:
            slots = min(core_count(), len(units) // self.PATHS_PER_RM)
            shares = [units[i::slots] for i in range(slots)]
            self.pending = [[rm, "-rf", "--", *share[i:i + self.ARGS_PER_RM]]
                            for share in shares for i in range(0, len(share), self.ARGS_PER_RM)]
            self.slots = slots
            self._start()

    def _start(self) -> None:
        while self.pending and len(self.running) < self.slots:
            try:
                self.running.append(subprocess.Popen(
                    self.pending.pop(0), cwd=self.folder, stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            except OSError:  # no process could start: Python removes everything in finish()
                self.pending.clear()

    def finish(self) -> None:
        while self.running:
            self.running.pop(0).wait()
            self._start()
        remove_site_folder(self.folder)  # what rm could not remove raises here, as before


def _removal_units(folder: Path) -> list[str]:
    """What the `rm` processes remove, relative to `folder`: each entry but the marker, and a
    big folder's entries one by one (news/ holds a folder a post), so they split evenly."""
    units = []
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.name == MARKER:
            continue
        inside = os.listdir(entry.path) if entry.is_dir(follow_symlinks=False) else []
        if len(inside) > 64:
            units += [f"{entry.name}/{name}" for name in sorted(inside)]
        else:
            units.append(entry.name)
    return units


def _swap(temp: Path, output: Path) -> Path | None:
    """Put `temp` in place of `output`; the folder now holding the previous site, if any."""
    if output.exists() and _exchange(temp, output):
        return temp  # temp now holds the previous site
    if output.exists():
        # Without renameat2 there is a moment with no output at all; the old site waits beside it.
        old = output.with_name(f".{output.name}{OLD_SUFFIX}")
        os.rename(output, old)
        os.rename(temp, output)
        return old
    os.rename(temp, output)
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two folders atomically; False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
