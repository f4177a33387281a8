"""Constants and helpers shared by the browser tests (the fixtures live in conftest.py)."""
from __future__ import annotations

import os
import shutil
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
IN_CI = os.environ.get("CI") == "true"


def require(ok: bool, reason: str) -> None:
    """Skip locally, fail in CI, when a tool the test needs is missing."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: .ci/run must install every tool)", pytrace=False)
    pytest.skip(reason)


def page_url(site: Path, html: Path) -> str:
    """site/news/x/index.html → /news/x/; site/404.html → /404.html."""
    rel = html.relative_to(site).as_posix()
    return "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel


def failures(lines: list[str], what: str) -> str:
    """One assertion message listing every failing page."""
    return f"{len(lines)} page(s) {what}:\n  " + "\n  ".join(lines)


def has_java() -> bool:
    return shutil.which("java") is not None


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without a log line per request."""

    def log_message(self, *args) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    """A threaded server on 127.0.0.1 that ignores clients hanging up (browser contexts closing)."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
