"""The floor: the least any Python generator must do for the same pages.

    python bench/floor.py PROJECT_DIR OUTPUT_DIR PAGES

Reads the project's news posts, renders PAGES pages with bare Python-Markdown
(`markdown.markdown(body, extensions=["tables"])`, a fresh converter per call) and one minimal Jinja2
template, and writes each page to OUTPUT_DIR/…/index.html. When PAGES exceeds the number of posts
the posts are rendered again (no caching) under OUTPUT_DIR/extra/, so the page count matches itagen's.

It runs as its own process, like `itagen build`, so interpreter start and imports are counted the
same way. The front matter is only scanned for `title:`; no YAML parser, no validation.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup

TEMPLATE = """<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} | {{ site }}</title>
<link rel="stylesheet" href="/assets/css/site.css">
</head>
<body>
<header><a href="/">{{ site }}</a></header>
<main id="main">
<h1>{{ title }}</h1>
{{ body }}
</main>
</body>
</html>
"""


def split_post(text: str) -> tuple[str, str]:
    """(title, Markdown body) of a `---` front-matter file."""
    _, front, body = text.split("---\n", 2)
    title = ""
    for line in front.splitlines():
        if line.startswith("title:"):
            title = line[6:].strip().strip("'\"")
            break
    return title, body


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    project, out, pages = Path(argv[0]), Path(argv[1]), int(argv[2])
    posts = sorted((project / "content" / "news").glob("*.md"))
    if not posts:
        print(f"floor: no posts under {project / 'content' / 'news'}", file=sys.stderr)
        return 1
    env = jinja2.Environment(autoescape=True)
    template = env.from_string(TEMPLATE)
    for i in range(pages):
        source = posts[i % len(posts)]
        title, body = split_post(source.read_text(encoding="utf-8"))
        html_body = Markup(markdown.markdown(body, extensions=["tables"]))
        html = template.render(title=title, site="องค์การบริหารส่วนตำบลหนองบัว", body=html_body)
        rel = Path("news", source.stem) if i < len(posts) else Path("extra", str(i))
        target = out / rel / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    print(f"floor: wrote {pages} pages into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
