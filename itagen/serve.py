"""Development server: serve the built site on 127.0.0.1 and rebuild it when content changes.

The server only ever serves files inside the output folder. A build that fails keeps the last good
site online and shows its error on top of every page until the next build succeeds.
"""
from __future__ import annotations

import mimetypes
import threading
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import unquote

from .errors import ContentError, ItagenError

SETTLE_SECONDS = 0.3     # an editor saving several files at once counts as one edit
POLL_SECONDS = 0.1
WATCHED = ("content", "templates", "static", "catalogs", "itagen.yaml")
ERROR_CSS = (b"#itagen-error{position:sticky;top:0;z-index:9999;margin:0;padding:1rem;"
             b"background:#7a0000;color:#fff;white-space:pre-wrap;font:14px/1.5 monospace}")


@dataclass
class ServeState:
    """What the server shows: the last build error, if any. Shared with the builder thread."""

    error: str = ""
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def fingerprint(root: Path) -> tuple:
    """Names, sizes and modification times of every watched file (never the output)."""
    entries = []
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # deleted while we looked; the next poll sees it gone
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def wait_until_settled(root: Path, before: tuple) -> tuple:
    """Block until the watched files stop changing for SETTLE_SECONDS; return the final state."""
    current, stable_since = before, time.monotonic()
    while time.monotonic() - stable_since < SETTLE_SECONDS:
        time.sleep(POLL_SECONDS)
        latest = fingerprint(root)
        if latest != current:
            current, stable_since = latest, time.monotonic()
    return current


def rebuild(root: Path, output: Path, state: ServeState) -> None:
    """Build once; remember the error instead of raising so the server keeps running."""
    from .build import build_site
    from .reporter import format_findings

    try:
        # Pagefind takes seconds and unchanged files need no parsing: edits want instant
        build_site(root, output, with_search=False, reuse=True)
        message = ""
    except ContentError as exc:
        message = format_findings(exc.findings)
    except ItagenError as exc:
        message = str(exc)
    with state.lock:
        state.error, state.builds = message, state.builds + 1
    print(message or f"สร้างเว็บไซต์ใหม่แล้ว (rebuilt, build {state.builds})", flush=True)


def watch_forever(root: Path, output: Path, state: ServeState, stop: threading.Event) -> None:
    """Poll the watched files; after each settled change, rebuild exactly once."""
    seen = fingerprint(root)
    while not stop.is_set():
        time.sleep(POLL_SECONDS)
        latest = fingerprint(root)
        if latest != seen:
            seen = wait_until_settled(root, latest)
            rebuild(root, output, state)


def resolve_request(output: Path, raw_path: str) -> Path | None:
    """Map a URL path to a file inside `output`, or None (404) for anything else."""
    parts = [p for p in unquote(raw_path).replace("\\", "/").split("/") if p]
    if any(p == ".." or p.startswith(".") or "\x00" in p for p in parts):
        return None
    target = output.joinpath(*parts)
    if target.is_dir():
        target = target / "index.html"
    try:
        inside = target.resolve().is_relative_to(output.resolve())
    except (OSError, ValueError):
        return None
    return target if inside and target.is_file() else None


def make_app(output: Path, state: ServeState):
    """A WSGI app serving the output folder, with the build error shown on HTML pages."""
    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path == "/__itagen/error.css":
            return _respond(start_response, "200 OK", "text/css", ERROR_CSS)
        target = resolve_request(output, path)
        body = _read(target)
        status = "200 OK"
        if body is None:
            status, target = "404 Not Found", resolve_request(output, "/404.html")
            body = _read(target) or b"404"
        kind = mimetypes.guess_type(str(target))[0] if target else "text/plain"
        with state.lock:
            error = state.error
        if error and kind == "text/html":
            body = _with_error(body, error)
        return _respond(start_response, status, kind or "application/octet-stream", body)
    return app


def _read(target: Path | None) -> bytes | None:
    """The file's bytes; None if a rebuild swapped it away since it was found."""
    try:
        return target.read_bytes() if target else None
    except OSError:
        return None


def _with_error(body: bytes, error: str) -> bytes:
    banner = (f'<link rel="stylesheet" href="/__itagen/error.css"><pre id="itagen-error" '
              f'role="alert">สร้างเว็บไซต์ไม่สำเร็จ แสดงเว็บไซต์ล่าสุดที่สร้างได้ (build failed; '
              f'showing the last good site)\n\n{escape(error)}</pre>').encode()
    marker = body.find(b"<body")
    end = body.find(b">", marker) + 1 if marker >= 0 else 0
    return body[:end] + banner + body[end:]


def _respond(start_response, status: str, kind: str, body: bytes):
    if kind.startswith("text/") or kind in ("application/xml", "application/json"):
        kind += "; charset=utf-8"
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


def serve(root: Path, port: int = 8000, output: Path | None = None) -> None:
    """Build, then serve on 127.0.0.1:port and rebuild on every settled change."""
    from livereload import Server

    root = root.resolve()
    output = (output or root / "site").resolve()
    state = ServeState()
    rebuild(root, output, state)
    stop = threading.Event()
    threading.Thread(target=watch_forever, args=(root, output, state, stop), daemon=True).start()
    server = Server(app=make_app(output, state))
    # livereload tells the browser to reload when the output changes; only our thread builds.
    server.watch(str(output), delay=0.2)
    print(f"เปิดเว็บไซต์ทดลองที่ http://127.0.0.1:{port}/ (serving on http://127.0.0.1:{port}/; "
          "Ctrl+C to stop)", flush=True)
    try:
        server.serve(port=port, host="127.0.0.1", debug=False, restart_delay=0)
    finally:
        stop.set()
