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


def test_rebuilds_reusing_unchanged_files_match_a_fresh_build(tmp_path):
    """serve reuses what did not change (parsed files, workbooks, catalogs); after edits to a
    procurement row and to the agency, its output must be byte for byte a fresh build's."""
    import shutil
    import threading
    from pathlib import Path

    from itagen.build import build_site
    from itagen.serve import rebuild

    repo = Path(__file__).resolve().parent.parent
    root = tmp_path / "proj"
    shutil.copytree(repo / "content", root / "content")

    def serve_rebuild():  # as serve does: from a thread, so in one process
        state = ServeState()
        thread = threading.Thread(target=rebuild, args=(root, root / "site", state))
        thread.start()
        thread.join()
        assert not state.error, state.error

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    serve_rebuild()
    procurement = root / "content" / "procurement" / "2568.yaml"
    text = procurement.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.strip().startswith("- name:"))
    procurement.write_text(text.replace(name, name + " (แก้ไข)", 1), encoding="utf-8")
    agency = root / "content" / "agency.yaml"  # shown on every page and in every workbook
    text = agency.read_text(encoding="utf-8")
    phone = next(line for line in text.splitlines() if line.startswith("phone:"))
    agency.write_text(text.replace(phone, "phone: 0 4400 9999", 1), encoding="utf-8")
    serve_rebuild()
    build_site(root, tmp_path / "fresh", use_cache=False, with_search=False)
    served, fresh = tree(root / "site"), tree(tmp_path / "fresh")
    assert served.keys() == fresh.keys()
    assert [rel for rel in served if served[rel] != fresh[rel]] == []
    assert any("(แก้ไข)".encode() in data for rel, data in served.items() if rel.endswith(".csv"))
    assert b"0 4400 9999" in served["index.html"]


def test_rebuilds_keep_the_templates_until_one_changes(tmp_path, monkeypatch):
    """serve's rebuilds reuse the compiled templates; a template added or edited (even to the
    same size) is seen by the next rebuild."""
    import shutil
    import threading
    from pathlib import Path

    from itagen import cache, pagerender
    from itagen.render import DEFAULT_TEMPLATES
    from itagen.serve import rebuild

    monkeypatch.setattr(cache, "RACY_NS", 0)  # every stat is trusted at once
    repo = Path(__file__).resolve().parent.parent
    root = tmp_path / "proj"
    shutil.copytree(repo / "content", root / "content")

    def serve_rebuild():
        state = ServeState()
        thread = threading.Thread(target=rebuild, args=(root, root / "site", state))
        thread.start()
        thread.join()
        assert not state.error, state.error
        return pagerender._kept.get("env")

    first = serve_rebuild()
    assert first is not None and serve_rebuild() is first
    own = root / "templates" / "news_post.html"
    own.parent.mkdir()
    source = (DEFAULT_TEMPLATES / "news_post.html").read_text(encoding="utf-8")
    own.write_text(source.replace('<div class="news-post">', '<div class="news-post">MARK-A'),
                   encoding="utf-8")
    assert serve_rebuild() is not first
    posts = sorted((root / "site" / "news").glob("*/index.html"))
    assert posts and all(b"MARK-A" in post.read_bytes() for post in posts)
    own.write_text(own.read_text(encoding="utf-8").replace("MARK-A", "MARK-B"), encoding="utf-8")
    serve_rebuild()
    assert all(b"MARK-B" in post.read_bytes() for post in posts)


def test_template_state_of_a_broken_link_keeps_nothing(tmp_path, monkeypatch):
    """A template folder holding a broken link (or a file removed meanwhile) must not stop
    serve's rebuild before the build reports it: the environment is simply not kept."""
    from itagen import cache
    from itagen.render import template_files_state

    monkeypatch.setattr(cache, "RACY_NS", 0)
    assert template_files_state(tmp_path)  # itagen's own templates, settled
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").symlink_to(tmp_path / "missing.html")
    assert template_files_state(tmp_path) is None
