"""A user who installs the wheel, outside this repository, can init and build a project."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The package built as a wheel and unpacked into its own folder (dependencies from here)."""
    base = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(base / "dist"),
                    str(REPO)], check=True, capture_output=True, timeout=300)
    [wheel] = (base / "dist").glob("itagen-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(base / "lib"), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return base


def itagen(base, *args):
    env = {**os.environ, "PYTHONPATH": str(base / "lib")}
    return subprocess.run([sys.executable, "-m", "itagen", *args], cwd=base, env=env,
                          capture_output=True, text=True, timeout=300)


def test_wheel_ships_templates_assets_and_starter(installed):
    package = installed / "lib" / "itagen"
    assert (package / "templates" / "base.html").is_file()
    assert any((package / "static").rglob("*.css"))
    assert (package / "starter" / "content" / "agency.yaml").is_file()
    assert (package / "starter" / ".gitignore").is_file()
    assert (package / "data" / "xlsx-theme1.xml").is_file()  # every workbook holds it


def test_init_and_build_from_the_wheel(installed):
    created = itagen(installed, "init", "my-site")
    assert created.returncode == 0, created.stderr
    built = itagen(installed, "build", "my-site")
    assert built.returncode == 0, built.stderr
    home = (installed / "my-site" / "site" / "index.html").read_text(encoding="utf-8")
    assert 'lang="th"' in home
