"""Builds with the cache of the last one (outputcache, loadcache) must equal a build without it.

Each test edits the demo agency the way staff do, builds with the cache, builds again into a
fresh folder with --no-cache, and compares every byte. The count of rendered pages shows that
the cache was really used: a test that reused nothing would still pass the comparison.
"""
from __future__ import annotations

import io
import os
import pickle
import random
import shutil
import time
import zlib
from pathlib import Path

import pytest

from itagen.build import build_site
from itagen.cache import CACHE_DIR
from itagen.errors import ContentError
from itagen.heads import DamagedCache
from itagen.load import _attachments_state, load_project
from itagen.loadcache import NAME as CONTENT_CACHE, ContentCache
from itagen import cache as cache_module, load, loadcache, prelink, writer
from itagen.parallel import ForkedJob
from itagen.outputcache import (MANIFEST, OutputCache, copy_key, environment_fingerprint,
                                template_inputs)
from itagen.render import make_environment

REPO = Path(__file__).resolve().parent.parent
ALWAYS_RENDERED = 2  # home.html and eservices.html read the whole project: never reused


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def warm_equals_cold(root: Path, tmp_path: Path):
    """Build with the cache, then without it; assert equal bytes; the cached build's result."""
    warm = build_site(root, with_search=False)
    cold_dir = tmp_path / "cold"
    shutil.rmtree(cold_dir, ignore_errors=True)
    build_site(root, cold_dir, use_cache=False, with_search=False)
    served, fresh = tree(root / "site"), tree(cold_dir)
    assert served.keys() == fresh.keys()
    assert [rel for rel in served if served[rel] != fresh[rel]] == []
    return warm


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_line(path: Path, start: str) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip().startswith(start))


def test_unchanged_content_renders_only_what_reads_the_whole_project(demo, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # the demo was copied a moment ago
    first = warm_equals_cold(demo, tmp_path)
    assert first.rendered == first.pages  # nothing to reuse yet
    copied = sorted((demo / "site" / "files").rglob("*.pdf"))[0]
    workbook = demo / "site" / "procurement" / "2568" / "ita-o12-2568.xlsx"
    identities = [path.stat().st_ino for path in (copied, workbook)]
    again = warm_equals_cold(demo, tmp_path)
    assert again.rendered == ALWAYS_RENDERED
    # the attachment and the workbook were linked from the last build, not written again
    assert [path.stat().st_ino for path in (copied, workbook)] == identities


def test_edits_of_one_file_render_the_pages_that_show_it(demo, tmp_path):
    warm_equals_cold(demo, tmp_path)
    news = sorted((demo / "content" / "news").glob("*.md"))[-1]
    news.write_text(news.read_text(encoding="utf-8") + "\nย่อหน้าที่เพิ่มเข้ามาใหม่\n", "utf-8")
    after_news = warm_equals_cold(demo, tmp_path)
    assert ALWAYS_RENDERED < after_news.rendered < after_news.pages / 4
    procurement = demo / "content" / "procurement" / "2568.yaml"
    name = first_line(procurement, "- name:")
    replace_in(procurement, name, name + " (แก้ไข)")
    after_row = warm_equals_cold(demo, tmp_path)
    assert ALWAYS_RENDERED < after_row.rendered < after_row.pages / 4
    assert "(แก้ไข)".encode() in (demo / "site/procurement/2568/ita-o12-2568.csv").read_bytes()


@pytest.mark.skipif(not ForkedJob.possible(), reason="no job starts on one core")
def test_changed_files_parsed_by_a_job_meanwhile_load_as_they_would_here(demo, tmp_path,
                                                                         monkeypatch):
    """A big changed file is parsed by a job while the rest comes from the cache (load.py's
    `_parse_early`), not in this process: the site is what a build without the cache makes, and
    the next build takes the file from the content cache (no job)."""
    warm_equals_cold(demo, tmp_path)
    monkeypatch.setattr(load, "EARLY_BYTES", 1)  # the demo's files are small
    started = []
    parse_early = load._parse_early

    def recorded(*args):
        started.append(parse_early(*args))
        return started[-1]

    monkeypatch.setattr(load, "_parse_early", recorded)
    parsed_here = []
    load_share = load._load_share

    def counted(indexes, in_worker):  # counts in this process only: a job has its own list
        parsed_here.append(indexes)
        return load_share(indexes, in_worker)

    monkeypatch.setattr(load, "_load_share", counted)
    procurement = demo / "content" / "procurement" / "2568.yaml"
    name = first_line(procurement, "- name:")
    replace_in(procurement, name, name + " (แก้ไขในงานย่อย)")
    warm = build_site(demo, with_search=False)
    assert len(started) == 1 and len(started[0][1]) == 1 and parsed_here == []
    shutil.copytree(demo / "site", tmp_path / "warm")
    build_site(demo, tmp_path / "cold-early", use_cache=False, with_search=False)
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold-early") and warm.rendered > 0
    assert "(แก้ไขในงานย่อย)".encode() in \
        (demo / "site/procurement/2568/ita-o12-2568.csv").read_bytes()
    started.clear()
    again = build_site(demo, with_search=False)
    assert started == [None] and again.rendered == ALWAYS_RENDERED  # nothing changed: no job


def test_an_edit_shown_in_every_header_is_spliced_into_every_page(demo, tmp_path):
    """The phone is in the header and footer partials: pages that show it nowhere else get the
    new partials put into the last build's file; the few that show it themselves render."""
    warm_equals_cold(demo, tmp_path)
    agency = demo / "content" / "agency.yaml"
    replace_in(agency, first_line(agency, "phone:"), "phone: 0 4400 9999")
    edited = demo / "site" / "news" / "page" / "2" / "index.html"
    edited.write_bytes(edited.read_bytes().replace(b"<main", b"<main data-edited", 1))
    result = warm_equals_cold(demo, tmp_path)
    assert ALWAYS_RENDERED < result.rendered < 10 + 1  # the page edited in site/ renders too
    assert result.spliced + result.rendered == result.pages - 3  # robots, sitemap.xml, atom
    assert b"data-edited" not in edited.read_bytes()
    assert b"0 4400 9999" in (demo / "site" / "news" / "index.html").read_bytes()
    # the agency's name is read by base.html itself: every page with a header renders
    replace_in(agency, first_line(agency, "name:"), "name: องค์การบริหารส่วนตำบลทดลองแก้ชื่อ")
    renamed = warm_equals_cold(demo, tmp_path)
    assert renamed.rendered > renamed.pages - 5 and renamed.spliced == 0


def test_the_manifest_keeps_few_partials_no_page_shows(demo, tmp_path):
    """Pages linked as they were keep their partials' numbers, new partials are numbered after
    the last build's, and the list is renumbered once most of it is shown nowhere."""
    warm_equals_cold(demo, tmp_path)
    manifest = demo / CACHE_DIR / MANIFEST
    saved = pickle.loads(manifest.read_bytes())
    saved["partials"] += [["partials/gone.html", "{}", f"stale {n}"] for n in range(100)]
    manifest.write_bytes(pickle.dumps(saved))
    agency = demo / "content" / "agency.yaml"
    replace_in(agency, first_line(agency, "phone:"), "phone: 0 4400 1234")
    result = warm_equals_cold(demo, tmp_path)  # the kept numbers still name the right partials
    assert result.spliced > result.pages / 2
    saved = pickle.loads(manifest.read_bytes())
    shown = {splice[2] for entry in saved["files"].values() if len(entry) > 5
             for splice in entry[5]}
    assert shown == set(range(len(saved["partials"])))


def test_added_and_removed_posts_change_lists_and_navigation(demo, tmp_path):
    warm_equals_cold(demo, tmp_path)
    posts = sorted((demo / "content" / "news").glob("*.md"))
    shutil.copy(posts[0], posts[0].with_name("zz-new-post.md"))
    posts[1].unlink()
    result = warm_equals_cold(demo, tmp_path)
    assert (demo / "site" / "news" / "zz-new-post" / "index.html").is_file()
    assert not (demo / "site" / "news" / posts[1].stem).exists()
    # the list pages, the feed and the sitemaps render; elsewhere only the menu and footer change
    assert ALWAYS_RENDERED < result.rendered < result.pages / 4
    assert result.spliced > result.pages / 2


def test_template_config_and_attachment_edits(demo, tmp_path):
    warm_equals_cold(demo, tmp_path)
    footer = REPO / "itagen" / "templates" / "partials" / "site_footer.html"
    own = demo / "templates" / "partials" / "site_footer.html"
    own.parent.mkdir(parents=True)
    text = footer.read_text(encoding="utf-8")
    assert "</address>" in text
    own.write_text(text.replace("</address>", "<br>ทดสอบแม่แบบ</address>"), encoding="utf-8")
    result = warm_equals_cold(demo, tmp_path)
    assert "ทดสอบแม่แบบ".encode() in (demo / "site" / "contact" / "index.html").read_bytes()
    assert result.rendered == result.pages  # any template edit: every page (fingerprint)
    (demo / "itagen.yaml").write_text("thai_digits: true\n", encoding="utf-8")
    warm_equals_cold(demo, tmp_path)
    attachment = sorted((demo / "content" / "files" / "2568").rglob("*.pdf"))[0]
    attachment.write_bytes(attachment.read_bytes() + b"\n% longer now\n" * 200)  # a new size
    result = warm_equals_cold(demo, tmp_path)
    assert ALWAYS_RENDERED < result.rendered < result.pages


def test_a_file_edited_in_the_output_is_rendered_again(demo, tmp_path):
    warm_equals_cold(demo, tmp_path)
    page = demo / "site" / "contact" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>hacked</p></main>"))
    result = warm_equals_cold(demo, tmp_path)  # the comparison proves it was put right
    assert result.rendered == ALWAYS_RENDERED + 1


def test_the_site_being_replaced_is_never_written_into(demo, tmp_path):
    """A warm build starts from the last build's files hard-linked into the new site
    (prelink.py): what it makes anew must go into new files, or the site being served would
    change before the swap. Links to every old file, kept aside, keep their bytes."""
    warm_equals_cold(demo, tmp_path)
    old, kept = tree(demo / "site"), tmp_path / "kept"
    for rel in old:
        (kept / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(demo / "site" / rel, kept / rel)
    posts = sorted((demo / "content" / "news").glob("*.md"))
    posts[-1].write_text(posts[-1].read_text(encoding="utf-8") + "\nเพิ่มเติม\n", "utf-8")
    posts[1].unlink()  # (the oldest one is linked from another file)
    agency = demo / "content" / "agency.yaml"
    replace_in(agency, first_line(agency, "phone:"), "phone: 0 4400 8888")
    procurement = demo / "content" / "procurement" / "2568.yaml"
    name = first_line(procurement, "- name:")
    replace_in(procurement, name, name + " (แก้ไข)")
    attachment = sorted((demo / "content" / "files" / "2568").rglob("*.pdf"))[0]
    attachment.write_bytes(attachment.read_bytes() + b"\n% longer now\n" * 100)
    result = warm_equals_cold(demo, tmp_path)
    assert result.rendered > ALWAYS_RENDERED and result.spliced > result.pages / 2
    assert not (demo / "site" / "news" / posts[1].stem).exists()
    assert tree(kept) == old


def test_the_site_before_the_last_is_kept_and_whatever_it_holds_is_put_right(demo, tmp_path):
    """A build keeps the site it replaced in the cache folder (writer.swap_into_place), and the
    next build makes its new site out of it (prelink._keep_matching): a file put there, one
    replaced, a folder where a file was, a link leading out, never reach the new site."""
    warm_equals_cold(demo, tmp_path)
    warm_equals_cold(demo, tmp_path)
    spare = demo / CACHE_DIR / prelink.SPARE
    assert (spare / ".itagen-site").is_file() and (spare / "contact" / "index.html").is_file()
    (spare / "stray.html").write_text("<p>not built</p>")
    (spare / "news" / "stray").mkdir()
    (spare / "news" / "stray" / "index.html").write_text("<p>not built</p>")
    contact = spare / "contact" / "index.html"
    contact.unlink()  # a link to the served file: unlinked, then a new file in its place
    contact.write_bytes(b"<p>replaced</p>")
    sitemap = spare / "sitemap.xml"
    sitemap.unlink()
    (sitemap / "inside").mkdir(parents=True)
    (spare / "outside").symlink_to(tmp_path)
    result = warm_equals_cold(demo, tmp_path)
    assert result.rendered == ALWAYS_RENDERED  # what was replaced is linked from the site again
    assert not (demo / "site" / "stray.html").exists() and not (demo / "site" / "outside").exists()
    assert sorted(spare.iterdir()) == sorted(spare / p.name for p in (demo / "site").iterdir())


def test_a_spare_that_cannot_be_kept_is_removed(demo, tmp_path, monkeypatch):
    """Where the old site cannot move into the cache folder (another file system, or the
    place taken), it is removed as before, and the next build places every file anew."""
    warm_equals_cold(demo, tmp_path)
    taken = demo / CACHE_DIR / prelink.SPARE
    taken.mkdir()
    (taken / "mine.txt").write_text("not itagen's")
    warm_equals_cold(demo, tmp_path)
    assert sorted(p.name for p in taken.iterdir()) == ["mine.txt"]  # neither taken nor replaced
    assert sorted(p.name for p in demo.iterdir()) == [CACHE_DIR, "content", "site"]
    taken.joinpath("mine.txt").unlink()
    taken.rmdir()
    monkeypatch.setattr(writer, "_moved", lambda folder, place: False)
    result = warm_equals_cold(demo, tmp_path)
    assert result.rendered == ALWAYS_RENDERED and not taken.exists()


def test_a_placing_job_that_fails_midway_leaves_no_stale_file(demo, tmp_path, monkeypatch):
    warm_equals_cold(demo, tmp_path)
    post = sorted((demo / "content" / "news").glob("*.md"))[1]
    post.unlink()  # its page, placed by the job, must not be in the new site
    place = prelink.place_previous
    failed = tmp_path / "failed"

    def fails_after_placing(*args):
        place(*args)
        failed.write_text("placed, then failed")
        raise OSError("the job died")

    monkeypatch.setattr(prelink, "place_previous", fails_after_placing)
    result = warm_equals_cold(demo, tmp_path)
    assert failed.exists() and not (demo / "site" / "news" / post.stem).exists()
    assert result.rendered < result.pages / 4  # the last build's pages still served


def test_corrupt_caches_are_ignored(demo, tmp_path):
    warm_equals_cold(demo, tmp_path)
    cache = demo / CACHE_DIR
    (cache / MANIFEST).write_text('{"format": 1, "files": [', encoding="utf-8")
    (cache / CONTENT_CACHE).write_bytes(b"\x80\x05garbage")
    result = warm_equals_cold(demo, tmp_path)
    assert result.rendered == result.pages
    shutil.rmtree(demo / "site")  # a valid manifest, but the files it names are gone
    result = warm_equals_cold(demo, tmp_path)
    assert result.rendered == result.pages


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_manifest_that_would_run_code_is_ignored(demo, tmp_path, monkeypatch):
    """The manifest is read with an unpickler that builds nothing but plain values."""
    warm_equals_cold(demo, tmp_path)
    monkeypatch.chdir(tmp_path)
    manifest = demo / CACHE_DIR / MANIFEST
    saved = pickle.loads(manifest.read_bytes())
    saved["fingerprint"] = _RunsCode()
    manifest.write_bytes(pickle.dumps(saved, protocol=5))
    result = warm_equals_cold(demo, tmp_path)
    assert result.rendered == result.pages and not (tmp_path / "pwned").exists()


def _read_content_cache(path: Path) -> tuple:
    """(stamp, index, {name: pickle}) of a content cache file, read with plain pickle (the
    test's own file)."""
    stream = io.BytesIO(path.read_bytes())
    stamp, (_, index) = pickle.load(stream), pickle.load(stream)
    index, rest, pickles, at = pickle.loads(index), stream.read(), {}, 0
    for name, _, _, _, size, _, _ in index:
        pickles[name] = rest[at:at + size]
        at += size
    return stamp, index, pickles


def _write_content_cache(path: Path, stamp, index: list, pickles: dict, checks: bool = True
                         ) -> None:
    """Write the file back with these pickles; with `checks`, the index notes their CRCs."""
    if checks:
        index = [(*item[:4], len(pickles[item[0]]), zlib.crc32(pickles[item[0]]), item[6])
                 for item in index]
    data = pickle.dumps(index, protocol=5)
    path.write_bytes(pickle.dumps(stamp, protocol=5)
                     + pickle.dumps((zlib.crc32(data), data), protocol=5)
                     + b"".join(pickles[item[0]] for item in index))


def test_the_content_cache_never_runs_code(demo, tmp_path, monkeypatch):
    """A pickle that would call os.system is refused, as the whole file, as one post's pickle
    (its CRC noted, so the unpickler itself refuses it when the post is used), or inside the
    index; the build parses again what it could not trust."""
    monkeypatch.chdir(tmp_path)
    warm_equals_cold(demo, tmp_path)
    cache = demo / CACHE_DIR / CONTENT_CACHE
    evil = pickle.dumps(_RunsCode(), protocol=5)
    stamp, index, pickles = _read_content_cache(cache)
    name = next(item[0] for item in index if item[0][0].startswith("content/news/") and item[6])
    pickles[name] = evil
    _write_content_cache(cache, stamp, index, pickles)
    (demo / CACHE_DIR / MANIFEST).unlink()  # every page renders: the post is used
    warm_equals_cold(demo, tmp_path)
    assert not (tmp_path / "pwned").exists()
    assert _read_content_cache(cache)[2][name] != evil  # parsed again, replaced
    stamp, index, pickles = _read_content_cache(cache)
    index[0] = (*index[0][:6], (_RunsCode(),) * 5)  # a "head" that runs code
    _write_content_cache(cache, stamp, index, pickles)
    result = warm_equals_cold(demo, tmp_path)
    assert not (tmp_path / "pwned").exists() and result.rendered < result.pages / 4
    cache.write_bytes(evil)
    warm_equals_cold(demo, tmp_path)
    assert not (tmp_path / "pwned").exists()


def test_a_damaged_pickle_is_parsed_again_not_believed(demo, tmp_path, monkeypatch):
    """A pickle whose CRC is not the one noted (a byte changed on disk) is never used, even
    where it would still unpickle: a year's file is parsed again; a post, made from its head,
    fails when used, and the build runs again without the cache."""
    _, parsed = cached_then_watched(demo, monkeypatch)
    cache = demo / CACHE_DIR / CONTENT_CACHE
    stamp, index, pickles = _read_content_cache(cache)
    post = next(item[0] for item in index if item[0][0].startswith("content/news/"))
    year = ("content/procurement/2568.yaml", "ProcurementYear")
    for name in (post, year):
        at = pickles[name].index(b"title" if name == post else b"name") + 20  # inside a text
        pickles[name] = pickles[name][:at] + bytes([pickles[name][at] ^ 1]) + pickles[name][at + 1:]
    _write_content_cache(cache, stamp, index, pickles, checks=False)
    project, _ = load_project(demo, cache=ContentCache(demo / CACHE_DIR))
    assert parsed == [demo / year[0]]
    headed = next(item for item in project.news if item._file == post[0])
    with pytest.raises(DamagedCache):
        headed.body
    result = warm_equals_cold(demo, tmp_path)  # no manifest: every page renders, and fails
    assert result.rendered == result.pages
    assert _read_content_cache(cache)[2][post] != pickles[post]  # parsed again, replaced


def test_a_cache_copied_from_elsewhere_is_not_trusted(demo, tmp_path):
    """A cache found in a clone could claim other content: only this folder's own counts."""
    build_site(demo, with_search=False)
    def state_of(root):
        return _attachments_state(root / "content")

    assert ContentCache(demo / CACHE_DIR).read(demo.resolve(), state_of(demo.resolve()))
    clone = tmp_path / "clone"
    shutil.copytree(demo, clone)
    assert ContentCache(clone / CACHE_DIR).read(clone.resolve(),
                                                state_of(clone.resolve())) == {}
    moved = tmp_path / "moved"
    (demo / CACHE_DIR).rename(tmp_path / "cache")
    shutil.copytree(demo, moved)
    (tmp_path / "cache").rename(moved / CACHE_DIR)  # the very folder, in another project
    assert ContentCache(moved / CACHE_DIR).read(moved.resolve(),
                                                state_of(moved.resolve())) == {}


def cached_then_watched(demo: Path, monkeypatch) -> tuple[object, list[Path]]:
    """Load the demo once and save the content cache; (that project, the list every file
    parsed from now on is added to)."""
    cache = ContentCache(demo / CACHE_DIR)
    first, _ = load_project(demo, cache=cache)
    cache.save()
    parsed = []
    real_model, real_markdown = load._load_model, load._load_markdown_model
    monkeypatch.setattr(load, "_load_model",
                        lambda *a: parsed.append(Path(a[1])) or real_model(*a))
    monkeypatch.setattr(load, "_load_markdown_model",
                        lambda *a: parsed.append(Path(a[1])) or real_markdown(*a))
    return first, parsed


def test_loading_with_the_content_cache_sees_what_a_fresh_load_sees(demo, monkeypatch):
    first, parsed = cached_then_watched(demo, monkeypatch)
    again, _ = load_project(demo, cache=ContentCache(demo / CACHE_DIR))
    assert parsed == [] and again.news == first.news  # every file came from the cache
    news = sorted((demo / "content" / "news").glob("*.md"))[0]
    news.write_text(news.read_text(encoding="utf-8").replace("title:", "title: แก้ไข", 1), "utf-8")
    attachment = sorted((demo / "content" / "files").rglob("*.pdf"))[0]
    attachment.unlink()
    cached, cached_findings = load_project(demo, cache=ContentCache(demo / CACHE_DIR))
    fresh, fresh_findings = load_project(demo)
    assert cached_findings.items == fresh_findings.items and cached_findings.errors
    assert cached.attachments == fresh.attachments
    assert [post.title for post in cached.news] == [post.title for post in fresh.news]
    assert cached.news != first.news


def test_links_kept_by_the_content_cache_are_checked_against_this_builds_pages(demo,
                                                                               monkeypatch):
    agency = demo / "content" / "agency.yaml"
    replace_in(agency, "url: https://line.me/R/ti/p/@nongbuakaew", "url: /pages/privacy/")
    line = first_line(agency, "url: /pages/privacy/")
    number = agency.read_text(encoding="utf-8").splitlines().index(line) + 1
    _, parsed = cached_then_watched(demo, monkeypatch)
    (demo / "content" / "pages" / "privacy.md").unlink()
    project, _ = load_project(demo, cache=ContentCache(demo / CACHE_DIR))
    assert parsed == [] and project.agency._links == ("/pages/privacy/",)  # from the cache
    with pytest.raises(ContentError) as raised:
        build_site(demo, with_search=False)
    broken = [item for item in raised.value.findings.errors if "/pages/privacy/" in item.en]
    assert [(item.file, item.line) for item in broken] == [("content/agency.yaml", number)]


def test_a_file_saved_as_editors_save_it_is_the_only_one_parsed_again(demo, monkeypatch):
    """vim, most IDEs and git write a new file and rename it over the old one, which changes
    the folder's time: that must not make every other file count as changed."""
    _, parsed = cached_then_watched(demo, monkeypatch)
    procurement = demo / "content" / "procurement" / "2568.yaml"
    name = first_line(procurement, "- name:")
    saved = procurement.with_name(".2568.yaml.swp")
    saved.write_text(procurement.read_text(encoding="utf-8").replace(name, name + " (แก้ไข)", 1),
                     encoding="utf-8")
    folder_time = procurement.parent.stat().st_mtime_ns
    time.sleep(0.01)
    os.replace(saved, procurement)
    assert procurement.parent.stat().st_mtime_ns != folder_time
    project, _ = load_project(demo, cache=ContentCache(demo / CACHE_DIR))
    assert parsed == [procurement]
    assert "(แก้ไข)" in project.procurement[2568].items[0].name


def test_a_template_that_changes_a_partial_is_rendered_whole(demo, tmp_path):
    """A template that filters what once() gives cannot have the partial spliced in later: its
    pages render every time, and still equal a build without the cache."""
    templates = demo / "templates"
    templates.mkdir()
    base = (REPO / "itagen" / "templates" / "base.html").read_text(encoding="utf-8")
    footer = '{{ once("partials/site_footer.html") }}'
    assert footer in base
    (templates / "base.html").write_text(
        base.replace(footer, '{{ once("partials/site_footer.html")'
                             ' | replace("footer-agency", "footer-x") }}'),
        encoding="utf-8")
    warm_equals_cold(demo, tmp_path)
    agency = demo / "content" / "agency.yaml"
    replace_in(agency, first_line(agency, "phone:"), "phone: 0 4400 9999")
    result = warm_equals_cold(demo, tmp_path)
    assert result.spliced == 0 and result.rendered == result.pages - 3
    assert b"footer-x" in (demo / "site" / "news" / "index.html").read_bytes()


def test_unchanged_files_are_known_by_their_stat_and_not_read(demo, monkeypatch):
    """A file whose size, times and inode are as the cache recorded is not read again; any
    change to it (even one that keeps its size and puts its mtime back) changes its ctime."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # the demo was copied a moment ago
    cache = ContentCache(demo / CACHE_DIR)
    load_project(demo, cache=cache)
    cache.save()
    read = []
    real_read = load.read_text
    monkeypatch.setattr(load, "read_text",
                        lambda path, *a: read.append(Path(path)) or real_read(path, *a))
    load_project(demo, cache=ContentCache(demo / CACHE_DIR))
    assert read == []
    post = sorted((demo / "content" / "news").glob("*.md"))[0]
    before = post.stat()
    text = post.read_text(encoding="utf-8")
    title = first_line(post, "title:")
    edited = title.replace("ก", "ข", 1)  # one Thai letter for another: the same size
    assert edited != title
    post.write_text(text.replace(title, edited, 1), encoding="utf-8")
    assert post.stat().st_size == before.st_size
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))  # an old mtime, as cp -p gives
    project, _ = load_project(demo, cache=ContentCache(demo / CACHE_DIR))
    assert read == [post]
    assert edited.split(":", 1)[1].strip() in [item.title for item in project.news]


def test_pieces_are_written_whole_through_short_writes(tmp_path, monkeypatch):
    """write_pieces (the content cache's pickles): a writev that writes less than it was given,
    which a file system may do, and calls of 16 pieces at most, lose and repeat nothing."""
    pieces = [bytes([index % 251]) * (index * 37 % 900) for index in range(100)]
    pieces[7:9] = [memoryview(b"a view" * 300)[5:1200], b""]
    real = os.writev
    monkeypatch.setattr(os, "sysconf", lambda name: 16)
    monkeypatch.setattr(os, "writev", lambda fd, views: real(fd, [bytes(views[0])[:500]]))
    with open(tmp_path / "pieces", "wb") as stream:
        stream.write(b"head")  # buffered: must come first
        loadcache.write_pieces(stream, pieces)
    assert (tmp_path / "pieces").read_bytes() == b"head" + b"".join(bytes(p) for p in pieces)


def _stored(tmp_path: Path, data: bytes):
    """A StoredPickle maker over a file holding `data`."""
    (tmp_path / "stored").write_bytes(data)
    opened = loadcache._OpenFile(os.open(tmp_path / "stored", os.O_RDONLY))
    return lambda at, size: loadcache.StoredPickle(opened, at, size)


def test_stored_pickles_are_copied_a_run_at_a_time_or_read_and_written(tmp_path, monkeypatch):
    """The last cache file's pickles go into the next one by copy_file_range, neighbours in one
    call; where the kernel cannot copy between the two files, they are read and written."""
    data = bytes(range(256)) * 40
    stored = _stored(tmp_path, data)
    pieces = [b"new", stored(0, 100), stored(100, 50), stored(500, 10), b"x", stored(150, 1)]
    expected = b"head" + b"new" + data[:150] + data[500:510] + b"x" + data[150:151]
    calls, copy = [], getattr(os, "copy_file_range", None)
    if copy:
        monkeypatch.setattr(os, "copy_file_range", lambda *args: calls.append(args[2])
                            or copy(*args))
        with open(tmp_path / "copied", "wb") as stream:
            stream.write(b"head")  # buffered: must come first
            loadcache.write_pieces(stream, pieces)
        assert (tmp_path / "copied").read_bytes() == expected
        assert calls == [150, 10, 1]

    def cannot(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", cannot, raising=False)
    with open(tmp_path / "written", "wb") as stream:
        stream.write(b"head")
        loadcache.write_pieces(stream, pieces)
    assert (tmp_path / "written").read_bytes() == expected


def test_a_warm_build_reads_only_the_pickles_it_uses_and_copies_the_rest(demo, tmp_path,
                                                                           monkeypatch):
    """Its content cache holds, for every file, the pickle a first build of the same content
    makes; it read none of the posts' pickles to write them (the kernel copied them)."""
    build_site(demo, with_search=False)
    index = _read_content_cache(demo / CACHE_DIR / CONTENT_CACHE)[1]
    start = (demo / CACHE_DIR / CONTENT_CACHE).stat().st_size - sum(item[4] for item in index)
    offsets = [start + sum(item[4] for item in index[:number]) for number in range(len(index))]
    posts = {at for at, item in zip(offsets, index) if item[6] is not None}
    replace_in(demo / "content" / "agency.yaml", "phone:", "phone: '0 4300 0001' #")
    read = []
    real = loadcache.StoredPickle.__bytes__
    monkeypatch.setattr(loadcache.StoredPickle, "__bytes__",
                        lambda self: read.append(self.offset) or real(self))
    build_site(demo, with_search=False)
    assert len(posts) > 10 and read and not posts & set(read)
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    shutil.copytree(demo / "content", fresh / "content")
    build_site(fresh, with_search=False)
    warm = _read_content_cache(demo / CACHE_DIR / CONTENT_CACHE)[2]
    assert warm == _read_content_cache(fresh / CACHE_DIR / CONTENT_CACHE)[2]


def test_a_cache_file_cut_short_after_it_was_read_is_never_believed(demo):
    """Another program cuts the file while a build reads from it: a pickle read short fails
    its CRC and its file is parsed again; one that cannot be copied leaves no new cache."""
    build_site(demo, with_search=False)
    cache = ContentCache(demo / CACHE_DIR)
    entries = cache.read(demo.resolve(), _attachments_state(demo.resolve() / "content"))
    assert entries and {type(entry[1]) for entry in entries.values()} \
        == {loadcache.StoredPickle}
    year = entries[("content/procurement/2568.yaml", "ProcurementYear")]
    assert ContentCache.loads(year) is not None
    os.truncate(demo / CACHE_DIR / CONTENT_CACHE, year[1].offset + year[1].size // 2)
    assert ContentCache.loads(year) is None
    cache.keep(demo.resolve(), (), entries)
    assert not cache.write_aside() and not cache.aside.exists()


def test_a_file_changed_a_moment_ago_keeps_no_stat(demo):
    """Its next change could fall in the same clock tick: it is read and compared next time."""
    cache = ContentCache(demo / CACHE_DIR)
    load_project(demo, cache=cache)  # the demo was copied a moment ago: every file is recent
    cache.save()
    index = _read_content_cache(demo / CACHE_DIR / CONTENT_CACHE)[1]
    assert {item[2] for item in index} == {None}


def test_template_inputs_follow_extends_includes_and_named_partials(tmp_path):
    own = tmp_path / "templates"
    (own / "partials").mkdir(parents=True)
    (own / "child.html").write_text('{% extends "base.html" %}{% block content %}{{ post }}'
                                    '{% endblock %}')
    (own / "partials" / "shown.html").write_text("{{ agency.name }}")
    (own / "named.html").write_text('{{ once("partials/shown.html") }}{{ page.url }}')
    (own / "dynamic.html").write_text('{% include page.template_name %}')
    (own / "whole.html").write_text('{% set a = agency %}{{ a.phone }}{{ agency.name }}')
    (own / "filtered.html").write_text('{{ once("partials/shown.html") | upper }}')
    (own / "in_macro.html").write_text('{% macro m() %}{{ once("partials/shown.html") }}'
                                       '{% endmacro %}{{ m() }}')
    (own / "captured.html").write_text('{% filter upper %}{% include "named.html" %}'
                                       '{% endfilter %}')
    inputs = template_inputs(make_environment(tmp_path))
    own_part, with_partials, plain = inputs["child.html"]
    assert plain  # base.html shows its partials as they are, and imports macros that have none
    assert {"post", "agency.name", "page.url"} <= own_part  # base.html's reads too
    assert not {"agency.phone", "agency", "nav"} & own_part
    assert {"agency.phone", "nav"} <= with_partials  # the header, menu and footer show them
    assert inputs["named.html"] == ({"once", "page.url"}, {"once", "page.url", "agency.name"},
                                    True)
    assert inputs["whole.html"][0] == {"a.phone", "agency", "agency.name"}  # agency: whole
    assert inputs["dynamic.html"] == (None, None, False)  # its template is known when rendering
    assert not any(inputs[name][2] for name in ("filtered.html", "in_macro.html", "captured.html"))


def test_reads_worked_out_ahead_count_only_for_the_same_templates(tmp_path):
    """build's idle job sends (fingerprint, reads); a template edited after it read them gives
    another fingerprint, and its reads are worked out again here."""
    env, settings = make_environment(tmp_path), (False, False)
    real = template_inputs(env)
    fingerprint = environment_fingerprint(env, settings)
    stale = {name: (frozenset(), frozenset(), True) for name in real}
    site = tmp_path / "site"
    used = OutputCache.open(env, settings, tmp_path / "cache", site, (fingerprint, stale))
    assert used.inputs == stale
    ignored = OutputCache.open(env, settings, tmp_path / "cache", site, ("other", stale))
    assert ignored.inputs == real


def test_a_new_year_moves_the_menu_on_every_page(demo, tmp_path):
    """The menu links each yearly section's newest year: a new year file changes every page,
    though no page's own data changed (the shared navigation is part of every key)."""
    warm_equals_cold(demo, tmp_path)
    newest = max((demo / "content" / "hr").glob("25*.yaml"))
    following = newest.with_name(f"{int(newest.stem) + 1}.yaml")
    shutil.copy(newest, following)
    result = warm_equals_cold(demo, tmp_path)
    assert f'href="/hr/{following.stem}/"'.encode() in (demo / "site/news/index.html").read_bytes()
    assert result.rendered > result.pages - 5


def test_a_file_changed_a_moment_ago_gets_no_copy_key(tmp_path, monkeypatch):
    """File times move in clock ticks: a file changed within the last two seconds could change
    again unseen, so it is copied afresh until it has been still for a while."""
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.4 one")
    assert copy_key(source) is None
    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    first = copy_key(source)
    assert first is not None and copy_key(source) == first
    time.sleep(0.05)  # past the clock tick (at most 10 ms) of the first write
    source.write_bytes(b"%PDF-1.4 two")  # the same size, in place
    os.utime(source, ns=(source.stat().st_atime_ns, int(first.split()[4])))  # and the old mtime
    assert copy_key(source) != first  # the ctime still tells


def test_check_reads_the_content_cache_and_writes_nothing(demo, tmp_path):
    from itagen.criteria.check import run_check
    from itagen.criteria.report import render

    build_site(demo, with_search=False)
    news = sorted((demo / "content" / "news").glob("*.md"))[0]
    news.write_text(news.read_text(encoding="utf-8").replace("title:", "title: แก้ไข", 1), "utf-8")
    before = tree(demo / CACHE_DIR)
    cached = render(run_check(demo, today=None, with_site=False), "json")
    assert tree(demo / CACHE_DIR) == before
    shutil.rmtree(demo / CACHE_DIR)
    assert render(run_check(demo, with_site=False), "json") == cached


def test_a_random_walk_of_edits_never_leaves_a_stale_page(demo, tmp_path, monkeypatch):
    """Edits of every kind above, in a seeded random order, each build compared with a build
    without the cache: what one edit leaves behind must not fool the next."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # copies reused, content known by stat
    content = demo / "content"
    agency = content / "agency.yaml"
    procurement = content / "procurement" / "2568.yaml"
    counter = iter(range(1000))

    def save(path: Path, text: str) -> None:  # as editors save: a new file renamed over
        path.with_name(".edit").write_text(text, encoding="utf-8")
        os.replace(path.with_name(".edit"), path)

    def set_line(path: Path, start: str, line: str) -> None:
        old = first_line(path, start)
        indent = old[:len(old) - len(old.lstrip())]
        save(path, path.read_text(encoding="utf-8").replace(old, indent + line, 1))

    def posts() -> list[Path]:
        return sorted((content / "news").glob("*.md"))

    def newest_hr() -> Path:
        return max((content / "hr").glob("25*.yaml"))

    edits = {
        "phone": lambda: set_line(agency, "phone:", f"phone: 0 4400 {next(counter):04d}"),
        "name": lambda: set_line(agency, "name:", f"name: อบต.ทดลองที่ {next(counter)}"),
        "row": lambda: set_line(procurement, "- name:", f"- name: งานทดลองที่ {next(counter)}"),
        "new post": lambda: shutil.copy(posts()[0], content / "news" / f"zz-{next(counter)}.md"),
        "post gone": lambda: posts()[-1].unlink(),
        "post edited": lambda: save(posts()[len(posts()) // 2], posts()[len(posts()) // 2]
                                    .read_text(encoding="utf-8") + f"\nเพิ่ม {next(counter)}\n"),
        "site page edited": lambda: (demo / "site" / "news" / "index.html").write_bytes(b"x"),
        "new year": lambda: shutil.copy(newest_hr(), newest_hr().with_name(
            f"{int(newest_hr().stem) + 1}.yaml")),
        "nothing": lambda: None,
    }
    walk = random.Random(7)
    order = sorted(edits) + walk.choices(sorted(edits), k=3)  # every kind, some twice
    walk.shuffle(order)
    warm_equals_cold(demo, tmp_path)
    for kind in order:
        edits[kind]()
        warm_equals_cold(demo, tmp_path)  # asserts every byte of every file
