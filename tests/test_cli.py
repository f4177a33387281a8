"""The command line as a user meets it: exit codes, messages, no tracebacks, atomic output."""
from __future__ import annotations

import gc
import os
import subprocess
import sys

from conftest import REPO


def run(*args, cwd=None, extra_env=None):
    env = {**os.environ, "PYTHONPATH": str(REPO), **(extra_env or {})}
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run([sys.executable, "-m", "itagen", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=120)


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_ok_and_reproducible(project, tmp_path):
    root = project()
    first = run("build", str(root))
    assert first.returncode == 0, first.stderr
    snapshot = tree(root / "site")
    assert "index.html" in snapshot
    again = run("build", str(root), "--output", str(tmp_path / "other"))
    assert again.returncode == 0
    assert tree(tmp_path / "other") == snapshot


def test_bad_yaml_exits_1_with_file_line_and_keeps_site(project):
    root = project()
    assert run("build", str(root)).returncode == 0
    before = tree(root / "site")
    agency = root / "content" / "agency.yaml"
    agency.write_text(agency.read_text(encoding="utf-8") + "phnoe: 1\n", encoding="utf-8")
    result = run("build", str(root))
    assert result.returncode == 1
    assert "content/agency.yaml:10 phnoe" in result.stderr and "phone" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree(root / "site") == before
    assert sorted(p.name for p in root.iterdir()) == [".itagen-cache", "content", "site"]


def test_usage_and_config_errors_exit_2(project, tmp_path):
    assert run("build", "--bogus").returncode == 2
    missing = run("build", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "content/" in missing.stderr
    root = project({"itagen.yaml": "news_per_pag: 5\n"})
    config = run("build", str(root))
    assert config.returncode == 2 and "itagen.yaml:1" in config.stderr
    assert run("build", str(root), "--output", str(root / "content")).returncode == 2


def test_strict_fails_on_warnings(project):
    root = project({"content/notes.yaml": "x: 1\n"})
    assert run("build", str(root)).returncode == 0
    strict = run("build", str(root), "--strict")
    assert strict.returncode == 1 and "content/notes.yaml" in strict.stderr


def test_the_quick_exit_still_says_everything_through_pipes(project):
    """`run` ends the process without the interpreter's shutdown (cli.run): what was printed
    to piped, block-buffered streams must still arrive, and the exit code must be main's."""
    root = project({"content/notes.yaml": "x: 1\n"})
    buffered = {"PYTHONUNBUFFERED": None}  # as on a user's machine, not as in some CI shells
    built = run("build", str(root), "--no-search", extra_env=buffered)
    assert built.returncode == 0, built.stderr
    assert "(built " in built.stdout and "content/notes.yaml" in built.stderr
    strict = run("build", str(root), "--no-search", "--strict", extra_env=buffered)
    assert strict.returncode == 1 and "nothing was written" in strict.stderr


def test_an_exiting_command_leaves_the_collector_paused(project):
    """`run` ends the process after `main`: a build's paused collector is not restarted then (its
    first collection would walk everything the build made), but it is when the process goes on
    (tests, a library caller), and serve, which lives on, is never meant by it."""
    from itagen import cli

    root = project()
    try:
        assert cli.main(["build", str(root), "--no-search"]) == 0 and gc.isenabled()
        assert cli.main(["build", str(root), "--no-search"], exiting=True) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_help_on_every_command():
    for command in ([], ["build"], ["serve"], ["init"]):
        result = run(*command, "--help")
        assert result.returncode == 0 and "usage" in result.stdout


def test_init_then_build(tmp_path):
    target = tmp_path / "new-site"
    created = run("init", str(target))
    assert created.returncode == 0, created.stderr
    assert (target / "README.md").exists() and (target / "content" / "agency.yaml").exists()
    built = run("build", str(target))
    assert built.returncode == 0, built.stderr
    assert run("init", str(target)).returncode == 2  # never writes into a non-empty folder


def test_template_errors_name_the_template_line(project):
    root = project({"templates/page.html": "{% extends 'base.html' %}\n"
                    "{% block content %}\n{{ no_such_name }}{% endblock %}\n",
                    "content/pages/about.md": "---\ntitle: เกี่ยวกับเรา\n---\nข้อความ\n"})
    result = run("build", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/page.html:3" in result.stderr and "/about/" in result.stderr
    (root / "templates" / "page.html").write_text("{{ broken( }}\n", encoding="utf-8")
    syntax = run("build", str(root))
    assert syntax.returncode == 1 and "templates/page.html:1" in syntax.stderr


def test_no_search_skips_the_index_even_with_pagefind_installed(project):
    """--no-search: a quick preview build never runs Pagefind, found or not (no warning either)."""
    root = project()
    # A Pagefind that cannot run: the build would fail if it tried.
    result = run("build", str(root), "--no-search",
                 extra_env={"ITAGEN_PAGEFIND": "/nonexistent/pagefind"})
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "pagefind").exists() and "Pagefind" not in result.stderr
    assert (root / "site" / "search" / "index.html").is_file()
