import pytest

from itagen.errors import BuildError, ConfigError
from itagen.writer import MARKER, Writer, check_output_dir, swap_into_place, temp_dir_for


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
