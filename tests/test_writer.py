import os
import shutil

import pytest

from itagen.errors import BuildError, ConfigError
from itagen.writer import (MARKER, Writer, _Removal, check_output_dir, swap_into_place,
                           temp_dir_for, write_file)


def test_pages_and_files(tmp_path):
    writer = Writer(tmp_path)
    writer.write("/news/", "<p>ข่าว</p>")
    writer.write("/sitemap.xml", "<x/>")
    assert (tmp_path / "news" / "index.html").read_text(encoding="utf-8") == "<p>ข่าว</p>"
    assert (tmp_path / "sitemap.xml").exists()


def test_refuses_duplicates_and_escapes(tmp_path):
    writer = Writer(tmp_path / "out")
    writer.write("/a/", "1")
    with pytest.raises(BuildError):
        writer.write("/a/index.html", "2")
    with pytest.raises(BuildError):
        writer.write("/../evil.html", "x")
    assert not (tmp_path / "evil.html").exists()


def test_refuses_dangerous_output_folders(tmp_path):
    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    for bad in (root, root / "content", tmp_path):
        with pytest.raises(ConfigError):
            check_output_dir(bad, root)
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("mine")
    with pytest.raises(ConfigError):
        check_output_dir(foreign, root)
    assert check_output_dir(root / "site", root) == (root / "site").resolve()


def test_swap_replaces_whole_site(tmp_path):
    out = tmp_path / "site"
    first = temp_dir_for(out)
    (first / "old.html").write_text("old")
    swap_into_place(first, out)
    second = temp_dir_for(out)
    (second / "new.html").write_text("new")
    swap_into_place(second, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "new.html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.skipif(shutil.which("rm") is None, reason="no rm on this system")
def test_a_big_previous_site_goes_in_rm_processes_marker_last_links_not_followed(tmp_path):
    outside = tmp_path / "mine"
    outside.mkdir()
    (outside / "thesis.txt").write_text("mine")
    folder = tmp_path / ".site.itagen-new"
    (folder / "news").mkdir(parents=True)
    (folder / MARKER).write_text("")
    (folder / "index.html").write_text("home")
    for number in range(700):
        (folder / "news" / f"post-{number}").mkdir()
        (folder / "news" / f"post-{number}" / "index.html").write_text("post")
    (folder / "news" / "link").symlink_to(outside, target_is_directory=True)
    removal = _Removal(folder)
    assert len(removal.running) >= 1  # the unlinking runs in rm processes
    for process in removal.running:
        process.wait()
    assert (folder / MARKER).exists() and not (folder / "index.html").exists()
    removal.finish()
    assert not folder.exists()
    assert (outside / "thesis.txt").read_text() == "mine"


def test_files_made_where_the_last_builds_are_linked_are_new_files(tmp_path):
    """prelink.py links the last build's files into the new site: writing there (a file where a
    file was, a folder where a file was, a file where a folder was) must never change them."""
    old, new = tmp_path / "old", tmp_path / "new"
    olds = {"a": "old a", "b/index.html": "old b", "c.html": "old c", "d.pdf": "old d"}
    for rel, text in olds.items():
        for site in (old, new):
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (old / rel).write_text(text)
        os.link(old / rel, new / rel)
    write_file(new / "a" / "index.html", "a is a folder now")
    write_file(new / "b", "b is a file now")
    write_file(new / "c.html", "c anew")
    (tmp_path / "d.pdf").write_text("d anew")
    Writer(new).copy(tmp_path / "d.pdf", "/d.pdf")
    assert [(new / rel).read_text() for rel in ("a/index.html", "b", "c.html", "d.pdf")] == \
        ["a is a folder now", "b is a file now", "c anew", "d anew"]
    assert {rel: (old / rel).read_text() for rel in olds} == olds
