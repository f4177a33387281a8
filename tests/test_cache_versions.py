"""The cache's fingerprint lists itagen's dependencies itself: it must list pyproject's."""
from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from itagen import cache

REPO = Path(__file__).resolve().parent.parent


def test_the_fingerprint_lists_every_dependency_pyproject_names():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")  # no tomllib on Python 3.10
    listed = re.search(r"^dependencies = \[(.*?)^\]", text, re.M | re.S).group(1)
    required = {re.split(r"[\s;\[=<>!~]", entry, maxsplit=1)[0].lower()
                for entry in re.findall(r'"([^"]+)"', listed)}
    assert "jinja2" in required and len(required) > 5
    assert required | {"jinja2", "markupsafe"} == set(cache.DEPENDENCIES)


def test_installed_versions_are_what_the_metadata_says():
    for name in cache.DEPENDENCIES:
        assert cache.installed_version(name) == metadata.version(name), name
    assert cache.installed_version("no-such-package-here") == "-"
