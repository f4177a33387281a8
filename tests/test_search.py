"""Search stage: Thai terms added for the index, the staged copies, finding and running Pagefind.

The browser side (the real pagefind.js finding Thai words) is tests/browser/test_search.py.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import types

import pytest
from conftest import REPO

from itagen import search
from itagen.build import build_site
from itagen.errors import BuildError
from itagen.routes import PageSpec

NPM_PAGEFIND = REPO / "node_modules" / ".bin" / "pagefind"


@pytest.mark.parametrize("compound, inside", [
    ("องค์การบริหารส่วนตำบล", "ตำบล"), ("องค์การบริหารส่วนตำบล", "บริหาร"),
    ("รับสินบน", "สินบน"), ("ปีงบประมาณ", "งบประมาณ"), ("การจัดซื้อจัดจ้าง", "จัดจ้าง"),
    ("การจัดซื้อจัดจ้าง", "จัดซื้อ"), ("ความโปร่งใส", "โปร่งใส"), ("ไม่รับของขวัญ", "ของขวัญ"),
])
def test_sub_words_find_the_words_inside_compounds(compound, inside):
    terms = search.search_terms([compound])
    assert inside in terms


def test_short_words_and_unknown_words_are_not_split():
    assert search.sub_words("หนอง") == ()        # not หน + อง
    assert search.sub_words("ตำบล") == ()
    assert search.sub_words("Budget2568") == ()
    assert search.sub_words("ซซซซซซซ") == ()      # no dictionary words: nothing invented


def test_search_terms_are_thai_each_once_in_first_seen_order():
    terms = search.search_terms(["ตำบล ITA 2568 ตำบล", "องค์การบริหารส่วนตำบล"])
    assert terms[0] == "ตำบล"
    assert len(terms) == len(set(terms))
    assert "ITA" not in terms and "2568" not in terms
    assert terms == search.search_terms(["ตำบล ITA 2568 ตำบล", "องค์การบริหารส่วนตำบล"])


def test_main_text_reads_main_only_without_nav_scripts_or_comments():
    page = ("<html><body><header>หัวเว็บ</header><main><nav>เส้นทาง</nav><h1>ชื่อ&amp;เรื่อง</h1>"
            "<!-- ซ่อน --><script>var x = 'สคริปต์';</script><p>เนื้อหา<b>หลัก</b></p></main>"
            "<footer>ท้ายเว็บ</footer></body></html>")
    assert search.main_text(page) == ["ชื่อ&เรื่อง", "เนื้อหา", "หลัก"]
    assert search.main_text("<p>ไม่มี main</p>") == []


def test_with_terms_adds_a_block_at_the_end_of_main():
    page = "<main><p>องค์การบริหารส่วนตำบล</p></main><footer>x</footer>"
    staged = search.with_terms(page)
    block = staged[staged.index(search.MARKER):staged.index("</div>\n</main>")]
    assert " ตำบล" in block and "<" not in block
    assert staged.endswith("</main><footer>x</footer>")
    assert search.with_terms("<p>no main</p>") == "<p>no main</p>"


def test_page_files_and_indexed_urls():
    assert search.page_file("/") == "index.html"
    assert search.page_file("/news/a/") == "news/a/index.html"
    assert search.page_file("/404.html") == "404.html"
    pages = [PageSpec("/", "home.html", "x"), PageSpec("/search/", "search.html", "x"),
             PageSpec("/news/page/2/", "news_list.html", "x", in_sitemap=False),
             PageSpec("/news/atom.xml", "atom.xml", "x"), PageSpec("/laws/", "laws.html", "x")]
    assert search.indexed_urls(pages) == ["/", "/laws/"]


def _no_pypi_pagefind(monkeypatch):
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        monkeypatch.setitem(sys.modules, module, None)  # import now fails
    monkeypatch.delenv("ITAGEN_PAGEFIND", raising=False)


def test_find_indexer_order(tmp_path, monkeypatch):
    _no_pypi_pagefind(monkeypatch)
    assert search.find_indexer(tmp_path) is None
    standard = types.ModuleType("pagefind_bin")
    standard.get_executable = lambda: tmp_path / "pagefind"
    monkeypatch.setitem(sys.modules, "pagefind_bin", standard)
    assert search.find_indexer(tmp_path).origin == "pypi:pagefind_bin"
    extended = types.ModuleType("pagefind_bin_extended")
    extended.get_executable = lambda: tmp_path / "pagefind_extended"
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", extended)
    assert search.find_indexer(tmp_path).command == (str(tmp_path / "pagefind_extended"),)
    npm = tmp_path / "node_modules" / ".bin" / "pagefind"
    npm.parent.mkdir(parents=True)
    npm.write_text("#!/bin/sh\n")
    if shutil.which("node"):
        assert search.find_indexer(tmp_path) == search.Indexer((str(npm),), "npm")
    monkeypatch.setenv("ITAGEN_PAGEFIND", "/opt/pagefind")
    assert search.find_indexer(tmp_path).command == ("/opt/pagefind",)


def test_build_without_pagefind_warns_and_still_builds(project, monkeypatch):
    _no_pypi_pagefind(monkeypatch)
    root = project()
    result = build_site(root)
    assert [f.key for f in result.findings.warnings] == ["search"]
    assert (root / "site" / "search" / "index.html").exists()
    assert not (root / "site" / search.BUNDLE_DIR).exists()


def _fake_pagefind(tmp_path, body: str):
    script = tmp_path / "fake-pagefind"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_pagefind_dies_with_a_killed_build(project, tmp_path):
    """Left running, it wrote its index into the folder the next build was cleaning, and that
    build stopped ("is another itagen build running?")."""
    started, late = tmp_path / "started", tmp_path / "late"
    fake = _fake_pagefind(tmp_path, f"touch {started}; sleep 2; touch {late}\n")
    root = project()
    env = {**os.environ, "ITAGEN_PAGEFIND": str(fake), "PYTHONPATH": str(REPO)}
    build = subprocess.Popen([sys.executable, "-m", "itagen", "build", str(root)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.02)
    assert started.exists(), "Pagefind never ran"
    build.kill()
    build.wait(timeout=30)
    time.sleep(2.5)
    assert not late.exists()


def test_pagefind_gets_staged_copies_and_the_site_stays_untouched(project, tmp_path,
                                                                     monkeypatch):
    seen = tmp_path / "seen"
    # Record the arguments and a staged page, then write a bundle where we are told to.
    fake = _fake_pagefind(tmp_path, f'echo "$@" > {seen}/args; cp -r "$2" {seen}/staged;'
                                    f' mkdir -p "$4"; echo ok > "$4/pagefind.js"\n')
    seen.mkdir()
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(fake))
    root = project()
    build_site(root)
    args = (seen / "args").read_text()
    assert "--root-selector main" in args and "--force-language th" in args
    assert search.MARKER in (seen / "staged" / "index.html").read_text("utf-8")
    assert not (seen / "staged" / "search").exists()
    assert search.MARKER not in (root / "site" / "index.html").read_text("utf-8")
    assert (root / "site" / "pagefind" / "pagefind.js").read_text() == "ok\n"


def test_failing_pagefind_fails_the_build_and_keeps_the_old_site(project, tmp_path,
                                                                 monkeypatch):
    root = project()
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(_fake_pagefind(tmp_path, "exit 0\n")))
    build_site(root)
    before = (root / "site" / "index.html").read_bytes()
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(_fake_pagefind(tmp_path, "echo boom >&2; exit 3\n")))
    with pytest.raises(BuildError, match="boom"):
        build_site(root)
    assert (root / "site" / "index.html").read_bytes() == before


def test_the_terms_cache_is_rewritten_only_when_its_entries_change(project, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(_fake_pagefind(tmp_path, "exit 0\n")))
    segmented, segment = [], search._terms_of
    monkeypatch.setattr(search, "_terms_of",
                        lambda missing: segmented.append(len(missing)) or segment(missing))
    about = "content/pages/about.md"
    root = project({about: "---\ntitle: เกี่ยวกับ\n---\nองค์การบริหารส่วนตำบลทดลอง\n"})
    table = root / ".itagen-cache" / "search.json"

    def identity():
        info = table.stat()
        return info.st_ino, info.st_mtime_ns, table.read_bytes()

    build_site(root)
    first, cold = identity(), segmented.pop()
    assert cold > 1 and len(json.loads(first[2])[1]) == cold
    build_site(root, with_search=False)  # no index: its cache is neither read nor written
    assert not segmented and identity() == first
    build_site(root)  # every page's terms were in the cache, and it keeps just those
    assert segmented.pop() == 0 and identity() == first
    (root / about).write_text("---\ntitle: เกี่ยวกับ\n---\nไม่รับสินบนทุกกรณี\n", "utf-8")
    build_site(root)
    assert segmented.pop() == 1
    saved = json.loads(identity()[2])[1]
    assert identity()[:2] != first[:2] and len(saved) == cold
    assert any("สินบน" in terms for terms in saved.values())


def test_a_build_failing_after_its_pages_keeps_the_content_cache_it_had(project, tmp_path,
                                                                        monkeypatch):
    """A render worker writes the new content cache aside (build._beside_pages); a build that
    fails afterwards removes it and leaves the last build's cache as it was."""
    about = "content/pages/about.md"
    root = project({about: "---\ntitle: เกี่ยวกับ\n---\nหน้าแรก\n"})
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(_fake_pagefind(tmp_path, "exit 0\n")))
    build_site(root)
    cache = root / ".itagen-cache"
    before = (cache / "content.pickle").read_bytes()
    (root / about).write_text("---\ntitle: เกี่ยวกับ\n---\nแก้ไขแล้ว\n", "utf-8")
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(_fake_pagefind(tmp_path, "exit 3\n")))
    with pytest.raises(BuildError):
        build_site(root)
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(_fake_pagefind(tmp_path, "exit 0\n")))
    own = root / "templates" / "page.html"  # a page that cannot render, after the side job
    own.parent.mkdir()
    own.write_text("{{ no_such_value.attribute }}", encoding="utf-8")
    with pytest.raises(BuildError):
        build_site(root)
    assert (cache / "content.pickle").read_bytes() == before
    assert [path.name for path in cache.iterdir() if path.name.startswith("content.")] == \
        ["content.pickle"]
    own.unlink()
    build_site(root)
    assert (cache / "content.pickle").read_bytes() != before


def _tree_digest(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_real_pagefind_output_is_byte_reproducible(project, tmp_path, monkeypatch):
    if not NPM_PAGEFIND.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("npm pagefind is missing: .ci/run must run npm ci")
        pytest.skip("npm pagefind is not installed (npm ci)")
    monkeypatch.setenv("ITAGEN_PAGEFIND", str(NPM_PAGEFIND))
    root = project({"content/pages/about.md": "---\ntitle: เกี่ยวกับ\n---\n"
                                              "องค์การบริหารส่วนตำบลทดลองไม่รับสินบน\n"})
    first = build_site(root, tmp_path / "one")
    second = build_site(root, tmp_path / "two")
    assert not first.findings.warnings
    one, two = (_tree_digest(r.output / search.BUNDLE_DIR) for r in (first, second))
    assert "pagefind.js" in one and one == two
