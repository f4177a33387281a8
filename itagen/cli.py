"""Command line: thin commands that parse options, call one library function, pick an exit code.

Exit codes are decided here only: 0 success, 1 content findings, 2 usage or configuration error.
Heavy modules are imported inside the commands so `itagen --help` stays instant.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from .errors import ContentError, ItagenError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """itagen: สร้างเว็บไซต์เปิดเผยข้อมูลสาธารณะ (ITA/OIT) ของหน่วยงานภาครัฐจากไฟล์ YAML
itagen builds a Thai public agency's ITA/OIT transparency website from YAML and Markdown."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep its message bilingual
        self.print_usage(sys.stderr)
        print(f"itagen: คำสั่งไม่ถูกต้อง (usage error): {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _build(args) -> int:
    from .ahead import start_reading_catalogs

    # first, on the core the imports below leave idle
    catalogs = start_reading_catalogs(Path(args.project), use_cache=not args.no_cache)
    from .build import build_site
    from .reporter import print_findings

    result = build_site(Path(args.project), Path(args.output) if args.output else None,
                        strict=args.strict, use_cache=not args.no_cache,
                        with_search=not args.no_search, catalogs=catalogs)
    print_findings(result.findings)
    reused = result.pages - result.rendered
    print(f"สร้างเว็บไซต์เสร็จ {result.pages} หน้า {result.files} ไฟล์ ที่ {result.output} "
          f"(built {result.pages} pages, {result.files} files into {result.output})")
    if reused:
        print(f"หน้าที่ไม่เปลี่ยนนำมาจากครั้งก่อน {reused} หน้า สร้างใหม่ {result.rendered} หน้า "
              f"({reused} unchanged pages reused from the last build, {result.rendered} rendered)")
    if result.spliced:
        print(f"ในหน้าที่นำมา {result.spliced} หน้าได้ส่วนหัว เมนู หรือส่วนท้ายใหม่ "
              f"(of those reused, {result.spliced} got a new header, menu or footer)")
    return EXIT_OK


def _serve(args) -> int:
    from .serve import serve

    serve(Path(args.project), port=args.port)
    return EXIT_OK


def _init(args) -> int:
    from .starter import create_project

    target = create_project(Path(args.directory))
    print(f"สร้างโครงการใหม่ที่ {target} แล้ว ลองสั่ง: itagen build {args.directory} "
          f"(new project in {target}; next: itagen build {args.directory})")
    return EXIT_OK


def _check(args) -> int:
    from .criteria.check import run_check
    from .criteria.report import render

    report = run_check(Path(args.project), year=args.year, catalog=args.catalog,
                       site=Path(args.site) if args.site else None, with_site=not args.no_site)
    sys.stdout.write(render(report, args.format, strict=args.strict))
    return EXIT_FINDINGS if report.failed(strict=args.strict) else EXIT_OK


def _urls(args) -> int:
    from .criteria.urls import run_urls

    sys.stdout.write(run_urls(Path(args.project), args.year, args.catalog, args.format))
    return EXIT_OK


def _add_criteria_commands(commands) -> None:
    """`check` and `urls` (issue 3): coverage of the ITA/OIT criteria catalogs."""
    check = commands.add_parser("check", help="ตรวจความครบถ้วนตามเกณฑ์ ITA/OIT (check ITA coverage)",
                                description="Evaluate every item of an ITA/OIT catalog against the "
                                "content. ตรวจเนื้อหาเทียบกับเกณฑ์ OIT ทีละข้อ exit 0 = ผ่านทุกข้อ")
    check.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR")
    check.add_argument("--year", "-y", type=int, help="ปีที่ประเมิน พ.ศ. (default: newest catalog)")
    check.add_argument("--catalog", "-c", metavar="NAME",
                       help="catalog or framework, e.g. nacc-oit-2568 or nacc-oit")
    check.add_argument("--format", "-f", choices=("text", "json", "github", "junit"),
                       default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--site", metavar="DIR",
                       help="built site to check too (default: PROJECT_DIR/site if it exists)")
    check.add_argument("--no-site", action="store_true", help="skip the built-site checks")
    check.set_defaults(func=_check)

    urls = commands.add_parser("urls", help="ลิงก์ของแต่ละข้อสำหรับกรอกในระบบ ITAS (item URLs)",
                               description="Item code → absolute URL on the agency's website. "
                               "ลิงก์เต็มของแต่ละข้อ พร้อมคำอธิบาย สำหรับกรอกในระบบ ITAS")
    urls.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR")
    urls.add_argument("--year", "-y", type=int, help="ปีที่ประเมิน พ.ศ. (default: newest catalog)")
    urls.add_argument("--catalog", "-c", metavar="NAME", help="catalog or framework name")
    urls.add_argument("--format", "-f", choices=("csv", "json", "md"), default="md",
                      help="output format (default: md)")
    urls.set_defaults(func=_urls)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="itagen", description=DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"itagen {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser("build", help="สร้างเว็บไซต์ (build the site)",
                                description="Build the site into PROJECT_DIR/site. "
                                "สร้างเว็บไซต์จาก content/ ลงโฟลเดอร์ site/")
    build.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR",
                       help="project folder (default: .)")
    build.add_argument("--output", "-o", metavar="DIR", help="output folder (default: PROJECT_DIR/site)")
    build.add_argument("--strict", action="store_true",
                       help="fail on warnings too (ถือว่าคำเตือนเป็นข้อผิดพลาด)")
    build.add_argument("--no-cache", action="store_true",
                       help="ignore and do not write .itagen-cache/ (ไม่ใช้แคช)")
    build.add_argument("--no-search", action="store_true",
                       help="skip the search index, for quick previews (ไม่สร้างดัชนีค้นหา)")
    build.set_defaults(func=_build)

    serve = commands.add_parser("serve", help="เปิดเว็บไซต์ทดลองพร้อมรีโหลดอัตโนมัติ (dev server)",
                                description="Serve the site on 127.0.0.1, rebuilding on edits. "
                                "เปิดเว็บไซต์ทดลองบนเครื่อง และสร้างใหม่เมื่อแก้ไขไฟล์")
    serve.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR")
    serve.add_argument("--port", "-p", type=int, default=8000, help="port (default: 8000)")
    serve.set_defaults(func=_serve)

    init = commands.add_parser("init", help="สร้างโครงการใหม่ (start a new project)",
                               description="Write a new, buildable starter project into DIR. "
                               "สร้างโครงการตัวอย่างที่สร้างเว็บไซต์ได้ทันที")
    init.add_argument("directory", metavar="DIR")
    init.set_defaults(func=_init)
    _add_criteria_commands(commands)
    return parser


def main(argv: list[str] | None = None, exiting: bool = False) -> int:
    """Entry point of the `itagen` command; `exiting`: the process ends when it returns (`run`)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    if exiting and args.func is not _serve:
        # A build or check pauses the cyclic collector (parallel.collector_paused); restarted
        # at its end, its first collection walked every object the build made (30 ms after a
        # warm build of 5,000 pages) just before the exit freed them all. Only serve lives on.
        gc.disable()
        from .parallel import freed_by_exit

        freed_by_exit()
    try:
        return args.func(args)
    except ContentError as exc:
        from .reporter import print_findings

        print_findings(exc.findings)
        print("ไม่ได้สร้างเว็บไซต์ เพราะพบข้อผิดพลาดข้างต้น (nothing was written: fix the errors above)",
              file=sys.stderr)
        return EXIT_FINDINGS
    except ItagenError as exc:
        print(f"itagen: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The `itagen` command and `python -m itagen`: `main`, then a quick exit.

    A build leaves hundreds of thousands of objects; freeing them one by one at interpreter
    shutdown took 0.15 s after a 5,000-page build (bench/README.md), longer than a warm build's
    planning. Every file is written and closed before `main` returns, so only the standard
    streams need flushing; the operating system frees the rest at once (mypy exits the same
    way). Tests call `main` and keep the ordinary shutdown.
    """
    code = main(exiting=True)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (itagen check | head): nothing more can be said
        pass
    os._exit(code)


def _version() -> str:
    from .cache import installed_version  # not importlib.metadata: 30 ms on every command

    found = installed_version("itagen")
    return "0+unknown" if found == "-" else found


if __name__ == "__main__":
    run()
