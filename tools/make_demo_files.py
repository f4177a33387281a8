#!/usr/bin/env python3
"""Generate the demo attachments (PDFs and PNG photos) that the content files refer to.

The content decides which files exist: every `file:`, `photo:`, `logo:` and `image:` value under
`content/` that points into `files/` is generated here, so content and attachments never drift
apart. Output is deterministic (same bytes on every run, no timestamps, no randomness), which keeps
the committed files stable and the golden-output test of the demo site reproducible.

    python tools/make_demo_files.py                      # the demo project (repository root)
    python tools/make_demo_files.py itagen/starter --tiny  # the `itagen init` starter project

PDFs are hand-written PDF 1.4 with the standard Helvetica font: no Thai font ships with the build
machines, so each document carries an English title derived from its file name. Photos are simple
flat-colour drawings written by a small pure-Python PNG encoder (zlib only).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import struct
import sys
import zlib
from pathlib import Path

REF_LINE = re.compile(r"^\s*(?:-\s+)?(?:file|photo|logo|image):\s*[\"']?(files/[^\"'#\s]+)")
ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# Finding the references
# ---------------------------------------------------------------------------------------------


NAME_LINE = re.compile(r"^\s*(?:-\s+)?name:\s*(.+)$")


def referenced_files(content: Path) -> list[str]:
    """Every attachment path the YAML and Markdown files under `content/` mention, sorted."""
    return sorted(_scan(content))


def women_portraits(content: Path) -> set[str]:
    """Photos listed under a name starting with นาง / นางสาว: drawn with long hair."""
    return {ref for ref, name in _scan(content).items() if name.startswith("นาง")}


def _scan(content: Path) -> dict[str, str]:
    """Attachment path -> the last `name:` seen above it in the same file ('' if none)."""
    found: dict[str, str] = {}
    for path in sorted(content.rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".md") or not path.is_file():
            continue
        if path.relative_to(content).parts[0] == "files":
            continue
        name = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            named = NAME_LINE.match(line)
            name = named.group(1) if named else name
            match = REF_LINE.match(line)
            if match:
                found.setdefault(match.group(1), name)
    return found


def agency_name_en(content: Path) -> str:
    """The agency's English name from agency.yaml (read with a regex: no YAML dependency)."""
    agency = content / "agency.yaml"
    if agency.is_file():
        match = re.search(r"^name_en:\s*[\"']?(.+?)[\"']?\s*$", agency.read_text("utf-8"), re.M)
        if match:
            return match.group(1)
    return "Example Subdistrict Administrative Organization"


# ---------------------------------------------------------------------------------------------
# Titles from file names
# ---------------------------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WORDS = {"hr": "HR", "ita": "ITA", "sao": "SAO", "cctv": "CCTV", "moi": "MOI", "pdpa": "PDPA",
         "led": "LED", "eservice": "e-Service", "sorkhor1": "(SorKhor 1 form)",
         "6m": "6-month", "9m": "9-month"}
PHRASES = (("Anti corruption", "Anti-corruption"), ("anti corruption", "anti-corruption"),
           ("No gift", "No Gift"), ("no gift", "No Gift"), (" signed", " (signed copy)"))


def title_for(rel: str) -> tuple[str, str]:
    """An English title and a 'fiscal year' line derived from the attachment's path."""
    parts = rel.split("/")
    year = next((p for p in parts[1:-1] if re.fullmatch(r"25\d\d", p)), "")
    stem = parts[-1].rsplit(".", 1)[0]
    month = ""
    match = re.search(r"-(25\d\d)-(\d\d)$", stem)
    if match:
        month = f"{MONTHS[int(match.group(2)) - 1]} {match.group(1)} (B.E.)"
        stem = stem[: match.start()]
    words = [WORDS.get(w, w) for w in stem.split("-")]
    title = " ".join(words).strip()
    title = title[:1].upper() + title[1:]
    for old, new in PHRASES:
        title = title.replace(old, new)
    if month:
        title += ", " + month
    return title, f"Fiscal year {year} (B.E.)" if year else ""


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def _pdf_text(text: str) -> str:
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _colour(rel: str) -> tuple[float, float, float]:
    digest = hashlib.sha256(rel.encode()).digest()
    palette = ((0.09, 0.30, 0.55), (0.13, 0.45, 0.33), (0.55, 0.20, 0.18), (0.40, 0.25, 0.55),
               (0.60, 0.42, 0.10), (0.10, 0.42, 0.48))
    return palette[digest[0] % len(palette)]


def pdf_document(rel: str, agency: str, tiny: bool) -> bytes:
    """A one-page A4 PDF: coloured band, title, agency, fiscal year and a demo notice."""
    title, year_line = title_for(rel)
    if tiny:
        ops = [f"BT /F1 16 Tf 56 780 Td ({_pdf_text(title)}) Tj ET"]
        return _pdf_bytes("\n".join(ops).encode("latin-1"), bold=False)
    r, g, b = _colour(rel)
    ops = [f"{r:.2f} {g:.2f} {b:.2f} rg 0 772 595 70 re f",
           f"1 1 1 rg BT /F2 13 Tf 56 800 Td ({_pdf_text(agency)}) Tj ET", "0 0 0 rg"]
    y = 720
    for line in _wrap(title, 44):
        ops.append(f"BT /F2 20 Tf 56 {y} Td ({_pdf_text(line)}) Tj ET")
        y -= 26
    body = [year_line] if year_line else []
    body += ["", "This is a fictional demonstration document of the itagen demo site.",
             "The agency, the people and every figure in it are invented.",
             "A real agency publishes its signed original here.", "", f"File: {rel}"]
    y -= 12
    for line in body:
        ops.append(f"BT /F1 11 Tf 56 {y} Td ({_pdf_text(line)}) Tj ET")
        y -= 16
    ops += [f"{r:.2f} {g:.2f} {b:.2f} RG 1 w 56 {y - 8} m 539 {y - 8} l S"]
    for row in range(6):  # ruled lines stand in for the body text of the document
        ops.append(f"0.85 g 56 {y - 40 - row * 22} 483 8 re f")
    if "signed" in rel:
        ops += _signature_ops(y - 260)
    return _pdf_bytes("\n".join(ops).encode("latin-1"), bold=True)


def _signature_ops(y: int) -> list[str]:
    return ["0 0 0.45 RG 1.6 w",
            f"340 {y + 40} m 360 {y + 80} 372 {y + 10} 392 {y + 52} c "
            f"404 {y + 78} 414 {y + 20} 436 {y + 46} c 452 {y + 64} 470 {y + 30} 500 {y + 44} c S",
            f"0 0 0 RG 0.6 w 330 {y + 24} m 530 {y + 24} l S",
            f"0 g BT /F1 10 Tf 352 {y + 8} Td (Signed by the Chief Executive) Tj ET",
            f"0.75 0.1 0.1 RG 2 w 110 {y + 30} 60 60 re S",
            f"0.75 0.1 0.1 rg BT /F2 9 Tf 116 {y + 56} Td (OFFICIAL) Tj ET",
            f"BT /F2 9 Tf 122 {y + 44} Td (SEAL) Tj ET"]


def _pdf_bytes(stream: bytes, bold: bool) -> bytes:
    fonts = "/F1 4 0 R" + (" /F2 5 0 R" if bold else "")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {fonts} "
         f">> >> /Contents {6 if bold else 5} 0 R >>").encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if bold:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
                       b"/Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# PNG
# ---------------------------------------------------------------------------------------------


class Canvas:
    """An RGB pixel grid with the few shapes the demo photos need."""

    def __init__(self, width: int, height: int, background: tuple[int, int, int]):
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(background) * width) for _ in range(height)]

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour) -> None:
        x0, x1 = max(0, x0), min(self.width, x1)
        for y in range(max(0, y0), min(self.height, y1)):
            self.rows[y][x0 * 3:x1 * 3] = bytes(colour) * max(0, x1 - x0)

    def ellipse(self, cx: int, cy: int, rx: int, ry: int, colour) -> None:
        for y in range(max(0, cy - ry), min(self.height, cy + ry + 1)):
            dy = (y - cy) / ry if ry else 0
            if abs(dy) > 1:
                continue
            half = int(rx * (1 - dy * dy) ** 0.5)
            self.rect(cx - half, y, cx + half + 1, y + 1, colour)

    def triangle(self, cx: int, top: int, half: int, bottom: int, colour) -> None:
        for y in range(max(0, top), min(self.height, bottom)):
            w = int(half * (y - top) / max(1, bottom - top))
            self.rect(cx - w, y, cx + w + 1, y + 1, colour)

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
                + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _seed(rel: str) -> bytes:
    return hashlib.sha512(rel.encode()).digest()


SKIN = ((241, 204, 170), (224, 182, 140), (198, 150, 110), (170, 122, 88))
SHIRTS = ((22, 64, 120), (150, 118, 60), (235, 235, 235), (110, 40, 40), (40, 95, 70),
          (200, 160, 40), (90, 60, 130))
BACKS = ((205, 221, 238), (224, 230, 214), (236, 226, 210), (214, 214, 228))


def avatar(rel: str, tiny: bool, long_hair: bool = False) -> bytes:
    """A portrait: plain studio background, head, hair, shoulders in uniform colour."""
    s = _seed(rel)
    w, h = (40, 50) if tiny else (200, 250)
    k = w / 200
    c = Canvas(w, h, BACKS[s[0] % len(BACKS)])
    shirt, skin = SHIRTS[s[1] % len(SHIRTS)], SKIN[s[2] % len(SKIN)]
    hair = (30 + s[3] % 40,) * 3
    if long_hair:
        c.rect(int(52 * k), int(100 * k), int(148 * k), int(182 * k), hair)
    c.ellipse(int(100 * k), int(262 * k), int(92 * k), int(80 * k), shirt)      # shoulders
    c.rect(int(86 * k), int(150 * k), int(114 * k), int(190 * k), skin)         # neck
    if shirt == (235, 235, 235) or s[4] % 2:                                     # collar/tie
        c.triangle(int(100 * k), int(182 * k), int(16 * k), int(230 * k), (245, 245, 245))
        c.triangle(int(100 * k), int(190 * k), int(5 * k), int(240 * k), (120, 20, 30))
    c.ellipse(int(100 * k), int(100 * k), int(50 * k), int(58 * k), hair)       # hair
    c.ellipse(int(100 * k), int(118 * k), int(42 * k), int(48 * k), skin)       # face
    c.ellipse(int(100 * k), int(74 * k), int(40 * k), int(16 * k), hair)        # fringe
    eye = (40, 30, 30)
    for ex in (84, 116):
        c.ellipse(int(ex * k), int(114 * k), max(1, int(5 * k)), max(1, int(4 * k)), eye)
    c.rect(int(90 * k), int(142 * k), int(110 * k), int(145 * k), (170, 90, 90))  # mouth
    return c.png()


def scene(rel: str, tiny: bool) -> bytes:
    """An activity photo: sky, field, a hall with a banner and a row of people."""
    s = _seed(rel)
    w, h = (48, 32) if tiny else (320, 200)
    k = w / 320
    sky = ((170, 205, 235), (190, 215, 230), (235, 210, 170))[s[0] % 3]
    c = Canvas(w, h, sky)
    c.rect(0, int(130 * k), w, h, ((120, 165, 90), (150, 150, 130), (190, 170, 120))[s[1] % 3])
    hall = ((230, 225, 210), (210, 220, 230), (240, 230, 200))[s[2] % 3]
    x0 = int((40 + s[3] % 60) * k)
    c.rect(x0, int(70 * k), x0 + int(180 * k), int(140 * k), hall)
    c.triangle(x0 + int(90 * k), int(30 * k), int(105 * k), int(72 * k), (150, 60, 40))
    c.rect(x0 + int(20 * k), int(80 * k), x0 + int(160 * k), int(100 * k), (200, 40, 40))
    c.rect(x0 + int(30 * k), int(86 * k), x0 + int(150 * k), int(92 * k), (250, 240, 200))
    c.ellipse(int((270 + s[4] % 30) * k), int(35 * k), int(16 * k), int(16 * k), (250, 235, 150))
    people = 5 + s[5] % 5
    for i in range(people):
        px = int((24 + i * (280 / people) + s[6 + i] % 12) * k)
        shirt = SHIRTS[s[16 + i] % len(SHIRTS)]
        c.rect(px - int(9 * k), int(150 * k), px + int(9 * k), int(185 * k), shirt)
        c.rect(px - int(7 * k), int(185 * k), px + int(7 * k), int(198 * k), (50, 50, 70))
        c.ellipse(px, int(140 * k), int(8 * k), int(9 * k), SKIN[s[24 + i] % len(SKIN)])
    return c.png()


def logo(rel: str, tiny: bool) -> bytes:
    """The (fictional) emblem: a lotus over a pond inside two rings."""
    size = 32 if tiny else 240
    k = size / 240
    c = Canvas(size, size, (255, 255, 255))
    c.ellipse(int(120 * k), int(120 * k), int(116 * k), int(116 * k), (20, 80, 60))
    c.ellipse(int(120 * k), int(120 * k), int(104 * k), int(104 * k), (250, 246, 230))
    c.ellipse(int(120 * k), int(160 * k), int(80 * k), int(26 * k), (70, 140, 190))
    for dx, top in ((-34, 78), (34, 78), (0, 50)):
        c.triangle(int((120 + dx) * k), int(top * k), int(26 * k), int(150 * k), (220, 110, 150))
    c.rect(int(116 * k), int(150 * k), int(124 * k), int(190 * k), (40, 120, 60))
    return c.png()


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------


def render(rel: str, agency: str, tiny: bool, women: frozenset = frozenset()) -> bytes:
    """The bytes of one attachment, chosen by its extension and folder."""
    suffix = rel.rsplit(".", 1)[-1].lower()
    if suffix == "pdf":
        return pdf_document(rel, agency, tiny)
    if suffix == "png":
        if "/people/" in rel:
            return avatar(rel, tiny, rel in women)
        if rel.rsplit("/", 1)[-1].startswith("logo"):
            return logo(rel, tiny)
        return scene(rel, tiny)
    raise SystemExit(f"make_demo_files: no generator for '{rel}' (use .pdf or .png)")


def generate(project: Path, tiny: bool, clean: bool) -> tuple[int, int]:
    """Write every referenced attachment; optionally delete files no content refers to."""
    content = project / "content"
    refs = referenced_files(content)
    agency = agency_name_en(content)
    women = frozenset(women_portraits(content))
    total = 0
    for rel in refs:
        data = render(rel, agency, tiny, women)
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        total += len(data)
    if clean:
        keep = {content / rel for rel in refs}
        for path in sorted((content / "files").rglob("*"), reverse=True):
            if path.is_file() and path not in keep:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return len(refs), total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", default=str(ROOT), help="project folder")
    parser.add_argument("--tiny", action="store_true", help="minimal files (starter project)")
    parser.add_argument("--no-clean", action="store_true",
                        help="keep files under content/files/ that no content refers to")
    args = parser.parse_args(argv)
    count, total = generate(Path(args.project), args.tiny, not args.no_clean)
    print(f"{count} files, {total / 1024:.1f} KiB in {Path(args.project) / 'content' / 'files'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
