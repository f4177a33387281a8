"""Nothing unsafe gets into the site, and the dev server serves nothing but the site.

Checked on built pages, not only on the Markdown function: escaping must hold in every template,
and the dev server is probed through its WSGI app and over real HTTP on 127.0.0.1.
"""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from itagen.cli import main
from itagen.model.values import parse_url
from itagen.serve import ServeState, make_app
from itagen.thai import ThaiValueError
from scratch import Server, make_project, raw_get, tree

SECRET = "SECRET-d41d8cd9"  # written into content/ and beside the site; must never be served
HOSTILE = """
<script>alert('xss')</script>

<img src=x onerror="alert('img')">

<p onclick="alert('p')">กดตรงนี้</p> <u>ขีดเส้นใต้</u>

<a href="javascript:alert('a')">ลิงก์</a> [ลิงก์ markdown](javascript:alert('md'))
[ข้อมูล](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [พราง](java&#115;cript:alert(1))

<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>

[ป.ป.ช.](https://www.nacc.go.th/) และ <https://www.oic.go.th/>
"""


class Page(HTMLParser):
    """Tags, attributes and script bodies of one HTML page, as a browser tokenises them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def html_pages(site: Path) -> dict[str, Page]:
    return {rel: Page(data.decode("utf-8")) for rel, data in tree(site).items()
            if rel.endswith(".html")}


def hostile_project(root: Path, allow_html: bool) -> Path:
    """The base project with hostile Markdown in a news post and a page, and a hostile name."""
    make_project(root)
    if allow_html:
        (root / "itagen.yaml").write_text("allow_html: true\n", encoding="utf-8")
    news = root / "content" / "news" / "hostile.md"
    news.write_text("---\ntitle: ข่าว <script>alert('title')</script>\ndate: 1 ก.พ. 2568\n"
                    "summary: สรุป <img src=x onerror=alert(1)>\n---\n" + HOSTILE, encoding="utf-8")
    page = root / "content" / "pages" / "hostile.md"
    page.write_text("---\ntitle: หน้า \"><svg onload=alert(1)>\n---\n" + HOSTILE, encoding="utf-8")
    agency = root / "content" / "agency.yaml"
    text = agency.read_text(encoding="utf-8").replace(
        "name: องค์การบริหารส่วนตำบลทดลอง", "name: 'อบต.ทดลอง </title><script>alert(\"name\")</script>'")
    agency.write_text(text + f"# {SECRET}\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=[False, True], ids=["escaped", "allow_html"])
def hostile_site(request, tmp_path_factory):
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "proj", request.param)
    assert main(["build", str(root)]) == 0
    return root, request.param


def test_no_script_from_content_in_any_page(hostile_site):
    root, _ = hostile_site
    for rel, page in html_pages(root / "site").items():
        for tag, attrs in page.tags:
            assert tag not in ("iframe", "object", "embed"), f"{rel}: <{tag}>"  # charts are SVG
            handlers = [name for name in attrs if name.startswith("on")]
            assert not handlers, f"{rel}: <{tag} {handlers}>"
            for name in ("href", "src", "action", "formaction"):
                scheme = urlsplit(attrs.get(name, "").strip()).scheme.lower()
                assert scheme in ("", "http", "https", "mailto", "tel"), f"{rel}: {name}={attrs[name]}"
        for body in page.scripts:
            assert "alert(" not in body, f"{rel}: content reached a <script>"


def test_raw_html_is_text_unless_allowed(hostile_site):
    root, allow_html = hostile_site
    post = (root / "site" / "news" / "hostile" / "index.html").read_text(encoding="utf-8")
    if allow_html:
        assert "<u>ขีดเส้นใต้</u>" in post and "กดตรงนี้" in post  # kept, but sanitized
    else:
        assert "&lt;script&gt;alert(" in post and "<u>" not in post


def test_external_links_do_not_leak_the_page(hostile_site):
    """Whistleblowers read these pages: links to other sites carry rel="noopener noreferrer"."""
    root, _ = hostile_site
    own = "www.example.go.th"
    for rel, page in html_pages(root / "site").items():
        for tag, attrs in page.tags:
            href = attrs.get("href", "")
            host = urlsplit(href).hostname if href.startswith(("http:", "https:", "//")) else None
            if tag == "a" and host and host != own:
                rels = set(attrs.get("rel", "").split())
                assert {"noopener", "noreferrer"} <= rels, f"{rel}: <a href={href}> rel={rels}"


def test_xml_outputs_are_escaped(hostile_site):
    root, _ = hostile_site
    for rel, data in tree(root / "site").items():
        if rel.endswith(".xml"):
            assert b"<script" not in data, rel


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "//evil.example/", "/\\evil.example/", "file:///etc/passwd", "https://[", "ftp://x.example/",
    "jar:https://x/!/", "\x00javascript:alert(1)",
])
def test_unsafe_urls_are_refused_at_load(url):
    with pytest.raises(ThaiValueError):
        parse_url(url)


@pytest.mark.parametrize("url", ["https://www.nacc.go.th/", "http://example.go.th/a?b=1#c",
                                 "mailto:saraban@example.go.th", "tel:+6643000000", "/contact/"])
def test_ordinary_urls_are_accepted(url):
    assert parse_url(url) == url


# --------------------------------------------------------------------------- the dev server

TRAVERSALS = [
    "/../content/agency.yaml", "/../../etc/passwd", "/%2e%2e/content/agency.yaml",
    "/%2E%2E/content/agency.yaml", "/.%2e/content/agency.yaml", "/%252e%252e/content/agency.yaml",
    "/..%2fcontent%2fagency.yaml", "/%2e%2e%2fcontent%2fagency.yaml", "/..\\content\\agency.yaml",
    "/..%5ccontent%5cagency.yaml", "/%5c..%5ccontent%5cagency.yaml", "/news/../../content/agency.yaml",
    "/%00/../content/agency.yaml", "/index.html%00.yaml", "/..%00/content/agency.yaml",
    "//etc/passwd", "/%2fetc%2fpasswd", "/..;/content/agency.yaml", "/%c0%ae%c0%ae/content/agency.yaml",
    "/.itagen-site", "/../site.secret", "/content/agency.yaml",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A built project with the secret in content/ and in a file beside the site."""
    root = make_project(tmp_path_factory.mktemp("serve") / "proj")
    agency = root / "content" / "agency.yaml"
    agency.write_text(agency.read_text(encoding="utf-8") + f"# {SECRET}\n", encoding="utf-8")
    (root / "site.secret").write_text(SECRET)
    assert main(["build", str(root)]) == 0
    return root


def _wsgi_get(app, path: str) -> tuple[str, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"] = status
    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return seen["status"], body


@pytest.mark.parametrize("target", TRAVERSALS)
def test_wsgi_app_refuses_traversal(served, target):
    from urllib.parse import unquote

    app = make_app(served / "site", ServeState())
    for path in {target, unquote(target)}:  # raw, and as a server decodes PATH_INFO
        status, body = _wsgi_get(app, path)
        assert status.startswith("404"), (path, status)
        assert SECRET.encode() not in body


def test_http_server_refuses_traversal_and_listens_on_loopback_only(served):
    with Server(served) as server:
        status, body = raw_get(server.port, "/")
        assert status == 200 and b"</html>" in body
        for target in TRAVERSALS + [f"http://127.0.0.1:{server.port}/../content/agency.yaml"]:
            status, body = raw_get(server.port, target)
            assert status == 404, (target, status)
            assert SECRET.encode() not in body, target
        assert _listening_addresses(server.port) == {"127.0.0.1"}


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, from /proc/net/tcp{,6}."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                if len(address) == 8:
                    found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add(address)
    if not found:
        pytest.skip("cannot read /proc/net/tcp here")
    return found


def test_served_site_is_a_copy_not_the_project(served, tmp_path):
    """The output holds only what the build wrote: no YAML, no Markdown sources, no dotfiles."""
    site = tmp_path / "site"
    shutil.copytree(served / "site", site)
    for rel in tree(site):
        assert not rel.endswith((".yaml", ".yml", ".md")), rel
        assert not any(part.startswith(".") for part in rel.split("/")[:-1]), rel
