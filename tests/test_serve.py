from itagen.serve import ServeState, fingerprint, make_app, resolve_request


def call(app, path):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)
    body = b"".join(app({"PATH_INFO": path}, start_response))
    return seen["status"], body


def site(tmp_path):
    out = tmp_path / "site"
    (out / "news").mkdir(parents=True)
    (out / "index.html").write_text("<html><body><p>home</p></body></html>")
    (out / "news" / "index.html").write_text("<html><body>news</body></html>")
    (out / "404.html").write_text("<html><body>ไม่พบ</body></html>")
    (tmp_path / "secret.yaml").write_text("secret")
    return out


def test_serves_only_the_output(tmp_path):
    out = site(tmp_path)
    assert resolve_request(out, "/news/") == out / "news" / "index.html"
    for bad in ("/../secret.yaml", "/%2e%2e/secret.yaml", "/news/..%2f..%2fsecret.yaml",
                "/.itagen-site", "/..\\secret.yaml"):
        assert resolve_request(out, bad) is None, bad


def test_404_page_and_error_banner(tmp_path):
    out = site(tmp_path)
    state = ServeState()
    app = make_app(out, state)
    status, body = call(app, "/../secret.yaml")
    assert status.startswith("404") and "ไม่พบ".encode() in body
    state.error = "content/agency.yaml:3 <bad>"
    status, body = call(app, "/")
    assert status.startswith("200") and b"itagen-error" in body and b"&lt;bad&gt;" in body
    assert body.index(b"itagen-error") > body.index(b"<body>")


def test_fingerprint_ignores_output(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text("a: 1")
    before = fingerprint(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "x.html").write_text("x")
    assert fingerprint(tmp_path) == before
    (tmp_path / "content" / "a.yaml").write_text("a: 22")
    assert fingerprint(tmp_path) != before
