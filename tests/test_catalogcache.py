"""The catalog cache: a build after a build reads no unchanged catalog again, and an edited,
corrupt or hostile cache never changes what the catalogs say."""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from itagen import ahead
from itagen.ahead import start_reading_catalogs
from itagen.build import build_site
from itagen.cache import CACHE_DIR
from itagen.catalogcache import NAME as CATALOG_CACHE
from itagen.criteria import loader
from itagen.errors import ConfigError
from itagen.parallel import ForkedJob

TITLE_2569 = "title: เกณฑ์การเปิดเผยข้อมูลสาธารณะ (OIT) ITA ประจำปีงบประมาณ พ.ศ. 2569"


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The catalog files parsed from here on, as a new process would (nothing remembered)."""
    names: list[str] = []
    parse = loader.load_catalog

    def counting(path, rel, findings):
        names.append(rel)
        return parse(path, rel, findings)

    monkeypatch.setattr(loader, "load_catalog", counting)
    monkeypatch.setattr(loader, "_read", {})
    return names


def new_process(monkeypatch) -> None:
    """Forget the catalogs this process read: the next build sees only the cache on disk."""
    monkeypatch.setattr(loader, "_read", {})


def ita_2569(root: Path) -> str:
    return (root / "site" / "ita" / "2569" / "index.html").read_text(encoding="utf-8")


def test_unchanged_catalogs_come_from_the_cache(demo, parsed, monkeypatch):
    build_site(demo, with_search=False)
    shipped = sorted(set(parsed))
    assert len(shipped) == len(list(loader.SHIPPED_DIR.glob("*.yaml")))
    assert (demo / CACHE_DIR / CATALOG_CACHE).is_file()
    first = (demo / "site" / "ita" / "index.html").read_bytes()
    parsed.clear()
    new_process(monkeypatch)
    build_site(demo, with_search=False)
    assert parsed == []
    assert (demo / "site" / "ita" / "index.html").read_bytes() == first


def test_a_project_catalog_is_read_again_whenever_it_changes(demo, parsed, monkeypatch):
    (demo / "catalogs").mkdir()
    own = demo / "catalogs" / "nacc-oit-2569.yaml"
    shipped = (loader.SHIPPED_DIR / "nacc-oit-2569.yaml").read_text(encoding="utf-8")
    assert TITLE_2569 in shipped
    own.write_text(shipped.replace(TITLE_2569, "title: เกณฑ์ของโครงการ รุ่นหนึ่ง"), "utf-8")
    build_site(demo, with_search=False)
    assert "เกณฑ์ของโครงการ รุ่นหนึ่ง" in ita_2569(demo)
    for edit in ("รุ่นสอง", "รุ่นสาม"):
        parsed.clear()
        new_process(monkeypatch)
        own.write_text(shipped.replace(TITLE_2569, f"title: เกณฑ์ของโครงการ {edit}"), "utf-8")
        build_site(demo, with_search=False)
        assert parsed == ["catalogs/nacc-oit-2569.yaml"]
        assert f"เกณฑ์ของโครงการ {edit}" in ita_2569(demo)
    new_process(monkeypatch)
    own.write_text(shipped.replace("year: 2569", "year: สองพัน"), "utf-8")
    with pytest.raises(ConfigError, match="catalogs/nacc-oit-2569.yaml"):
        build_site(demo, with_search=False)  # the cached catalog does not hide the error


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_corrupt_or_hostile_catalog_cache_is_ignored(demo, tmp_path, parsed, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build_site(demo, with_search=False)
    expected = ita_2569(demo)
    cache = demo / CACHE_DIR / CATALOG_CACHE
    with open(cache, "rb") as stream:
        stamp, entries = pickle.load(stream), pickle.load(stream)
    hostile = {key: (text, pickle.dumps(_RunsCode(), protocol=5))
               for key, (text, _) in entries.items()}  # each file's bytes, with code to run
    for damaged in (b"\x80\x05garbage",
                    pickle.dumps(stamp, protocol=5) + pickle.dumps(_RunsCode(), protocol=5),
                    pickle.dumps(stamp, protocol=5) + pickle.dumps(hostile, protocol=5),
                    pickle.dumps(stamp, protocol=5) + pickle.dumps({("x", "y"): 1}, protocol=5)):
        cache.write_bytes(damaged)
        parsed.clear()
        new_process(monkeypatch)
        shutil.rmtree(demo / "site")
        build_site(demo, with_search=False)
        assert not (tmp_path / "pwned").exists()
        assert len(set(parsed)) == len(list(loader.SHIPPED_DIR.glob("*.yaml")))
        assert ita_2569(demo) == expected
        with open(cache, "rb") as stream:  # and wrote the catalogs afresh
            assert pickle.load(stream) == stamp and pickle.load(stream) == entries


# --------------------------------------------------------------------------- read ahead

class _Done:
    """A job that read the catalogs already (ahead.py's), for a test to time an edit."""

    def __init__(self, read):
        self.read = read

    def result(self):
        read, self.read = self.read, None
        return read

    def cancel(self):
        pass


@pytest.mark.skipif(not ForkedJob.possible(), reason="no job starts on one core")
def test_a_first_build_takes_the_catalogs_read_ahead(demo, parsed, monkeypatch):
    """`itagen build` starts a job reading the catalogs before its own imports: the build then
    parses none itself and builds what a build reading them itself builds; a build that finds
    them in the catalog cache starts no job."""
    job = start_reading_catalogs(demo, use_cache=True)
    assert job is not None
    build_site(demo, with_search=False, catalogs=job)
    assert parsed == []  # the job's parsing was counted in the job's process
    taken = (demo / "site" / "ita" / "index.html").read_bytes(), ita_2569(demo)
    assert start_reading_catalogs(demo, use_cache=True) is None
    new_process(monkeypatch)
    build_site(demo, use_cache=False, with_search=False)
    assert parsed and ((demo / "site" / "ita" / "index.html").read_bytes(), ita_2569(demo)) == taken


def test_a_catalog_edited_after_the_job_read_it_is_read_again(demo, parsed, monkeypatch):
    (demo / "catalogs").mkdir()
    own = demo / "catalogs" / "nacc-oit-2569.yaml"
    shipped = (loader.SHIPPED_DIR / "nacc-oit-2569.yaml").read_text(encoding="utf-8")
    own.write_text(shipped.replace(TITLE_2569, "title: เกณฑ์ที่งานอ่านไว้"), "utf-8")
    read = ahead._read_catalogs(demo.resolve())  # what the job sends
    new_process(monkeypatch)
    parsed.clear()
    own.write_text(shipped.replace(TITLE_2569, "title: เกณฑ์ที่แก้ภายหลัง"), "utf-8")
    build_site(demo, use_cache=False, with_search=False, catalogs=_Done(read))
    assert parsed == ["catalogs/nacc-oit-2569.yaml"]
    assert "เกณฑ์ที่แก้ภายหลัง" in ita_2569(demo) and "เกณฑ์ที่งานอ่านไว้" not in ita_2569(demo)
