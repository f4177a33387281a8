"""Scratch projects for the reliability tests: the malformed corpus' valid base, plus news posts.

The base (tests/malformed/_base) touches every kind of value the loader reads; news posts make a
build as long as a test needs without adding any new kind of content.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = Path(__file__).resolve().parent / "malformed" / "_base"
MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def make_project(root: Path, news: int = 0) -> Path:
    """Copy the base project to `root` and add `news` generated posts."""
    shutil.copytree(BASE, root)
    for i in range(news):
        write_news(root, i)
    return root


def write_news(root: Path, i: int, extra: str = "") -> Path:
    """News post number `i`; `extra` is appended to its body (to make a rebuild differ)."""
    path = root / "content" / "news" / f"post-{i:04d}.md"
    body = "\n\n".join(f"ย่อหน้าที่ {n} ของข่าวที่ {i} [ลิงก์](https://www.example.go.th/{n})"
                       for n in range(8))
    path.write_text(f"---\ntitle: ข่าวทดลองที่ {i}\ndate: {1 + i % 28} {MONTHS[i % 12]} 2567\n"
                    f"---\n{body}\n{extra}\n", encoding="utf-8")
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes (symlinks as their target text)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


def itagen(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run the real command line in a fresh interpreter, as a user would."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "itagen", *args], capture_output=True, text=True,
                          env=full_env, timeout=120, **kwargs)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`itagen serve` in a subprocess on a free loopback port; always stopped on exit."""

    def __init__(self, project: Path, timeout: float = 30):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        self.log = open(project.parent / f"serve-{self.port}.log", "w+b")
        self.proc = subprocess.Popen([sys.executable, "-m", "itagen", "serve", str(project),
                                      "--port", str(self.port)], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        self._wait(timeout)

    def _wait(self, timeout: float) -> None:
        import socket
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"itagen serve exited early:\n{self.output()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"itagen serve did not start in {timeout}s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def raw_get(port: int, target: str, timeout: float = 10) -> tuple[int, bytes]:
    """Send `GET target` byte for byte (no client-side normalisation); return status and body."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"GET " + target.encode("latin-1") + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Connection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body
