"""The dev server under load while content changes: no failed request and no half-built page.

`itagen serve` runs in a subprocess on a free 127.0.0.1 port. Twenty client threads send 1,000
requests between them while another thread keeps editing content files (once with a YAML error,
then fixed), so rebuilds and atomic swaps happen under the clients' feet. The test is bounded: it
stops the server itself and fails if the whole run takes longer than DEADLINE seconds.
"""
from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from scratch import Server, make_project, tree, write_news

CLIENTS, REQUESTS, DEADLINE, PAUSE = 20, 1000, 50.0, 0.2
SKELETON = [b"<!DOCTYPE html>", b"<html", b"<head>", b"</head>", b"<body", b"</body>"]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:  # the 404 page is a normal answer
        return exc.code, exc.read()


def client(urls: list[str]) -> list[tuple[int, bytes]]:
    """One browser-like client: its requests one after another, a short pause between them."""
    answers = []
    for url in urls:
        answers.append(fetch(url))
        time.sleep(PAUSE)
    return answers


def complete(body: bytes) -> bool:
    """A whole page: the site's skeleton in order, ending with </html>."""
    positions = [body.find(part) for part in SKELETON]
    return -1 not in positions and positions == sorted(positions) \
        and body.rstrip().endswith(b"</html>")


def edit_content(project, stop: threading.Event, edits: list[str]) -> None:
    """Edit a post, pause long enough for a rebuild, repeat; break the YAML once, then fix it."""
    number = 0
    agency = project / "content" / "agency.yaml"
    good = agency.read_text(encoding="utf-8")
    while not stop.is_set():
        number += 1
        write_news(project, number % 5, extra=f"แก้ไขครั้งที่ {number}")
        edits.append(f"post-{number % 5}")
        if number == 3:
            agency.write_text(good + "phone: [ไม่ปิด\n", encoding="utf-8")  # a failing rebuild
            edits.append("broken")
        elif number == 4:
            agency.write_text(good, encoding="utf-8")
            edits.append("fixed")
        stop.wait(0.9)


def test_thousand_requests_while_rebuilding(tmp_path):
    project = make_project(tmp_path / "proj", news=40)
    started = time.monotonic()
    with Server(project) as server:
        pages = sorted("/" + rel.removesuffix("index.html") for rel in tree(project / "site")
                       if rel.endswith(".html") and rel != "404.html")
        urls = [server.url + pages[i % len(pages)] for i in range(REQUESTS - 50)]
        urls += [server.url + "/no-such-page/"] * 25 + [server.url + "/assets/css/site.css"] * 25
        stop, edits = threading.Event(), []
        editor = threading.Thread(target=edit_content, args=(project, stop, edits), daemon=True)
        editor.start()
        try:
            with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
                # Each client paces itself so the load spans several rebuilds (about 12 s).
                batches = [urls[i::CLIENTS] for i in range(CLIENTS)]
                answers = list(pool.map(client, batches, timeout=DEADLINE))
            results = [answers[i % CLIENTS][i // CLIENTS] for i in range(len(urls))]
        finally:
            stop.set()
            editor.join(timeout=5)
        log = server.output()
    elapsed = time.monotonic() - started

    assert len(results) == REQUESTS
    failed = [(url, status) for url, (status, _) in zip(urls, results)
              if status != (404 if url.endswith("/no-such-page/") else 200)]
    assert not failed, f"{len(failed)} failed requests, e.g. {failed[:5]}"
    html = [(url, body) for url, (_, body) in zip(urls, results) if not url.endswith(".css")]
    half = [url for url, body in html if not complete(body)]
    assert not half, f"{len(half)} incomplete pages, e.g. {half[:5]}"
    rebuilds = [int(n) for n in re.findall(r"rebuilt, build (\d+)", log)]
    assert rebuilds and max(rebuilds) >= 3, f"too few rebuilds ran during the load:\n{log[-3000:]}"
    assert "Traceback" not in log, log[-3000:]
    assert "broken" in edits and elapsed < DEADLINE + 15
