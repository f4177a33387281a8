"""Golden output of the demo site (Pelican style): the built site must match what is stored.

The demo is built from a copy outside git, so "last updated" dates come from the content alone and
the golden files do not depend on commit dates. After an intended change to templates, content or
rendering, regenerate and review the diff:

    ITAGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil

import pytest

from conftest import REPO

from itagen.build import build_site

GOLDEN = REPO / "tests" / "golden"
MANIFEST = GOLDEN / "manifest.json"
# Pages kept in full, so a change shows as a readable diff; every other file is kept as a hash.
FULL_TEXT = ["index.html", "structure/index.html", "procurement/2568/index.html",
             "no-gift/2568/index.html", "ita-measures/2569/index.html",
             "complaints/corruption/index.html", "eit/poster/index.html", "ita/2568/index.html",
             "sitemap.xml", "news/atom.xml", "procurement/2568/ita-o12-2568.csv"]
UPDATE = os.environ.get("ITAGEN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("golden")
    project = base / "demo"
    project.mkdir()
    for name in ("content", "templates", "static", "catalogs", "itagen.yaml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy2(source, project / name)
    build_site(project, base / "site", use_cache=False)
    return base / "site"


def manifest_of(site) -> dict[str, str]:
    """Hash of every file but the search index, whose bytes depend on which Pagefind is installed
    (tests/test_search.py checks the index itself)."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*"))
            if path.is_file() and not path.relative_to(site).as_posix().startswith("pagefind/")}


def golden_name(rel: str) -> str:
    return rel.replace("/", "__")


def test_demo_site_matches_golden_output(demo_site):
    current = manifest_of(demo_site)
    if UPDATE:
        for old in GOLDEN.glob("*__*"):
            old.unlink()
        for rel in FULL_TEXT:
            (GOLDEN / golden_name(rel)).write_bytes((demo_site / rel).read_bytes())
        MANIFEST.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    for rel in FULL_TEXT:
        stored = (GOLDEN / golden_name(rel)).read_text(encoding="utf-8")
        assert (demo_site / rel).read_text(encoding="utf-8") == stored, rel
    stored = json.loads(MANIFEST.read_text())
    changed = sorted(k for k in stored.keys() | current.keys() if stored.get(k) != current.get(k))
    assert not changed, f"{len(changed)} files differ from tests/golden (see the module docstring " \
                        f"to regenerate): {changed[:20]}"
