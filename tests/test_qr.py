"""Tests for itagen.qr: the QR codes must really scan, and come out the same on every build.

Decoding uses zbar's `zbarimg` (Debian/Ubuntu package `zbar-tools`); the decoding tests skip
when it is not installed, so CI must install it for them to run.
"""
from __future__ import annotations

import pickle
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

import pytest

from itagen import qr
from itagen.build import build_site
from itagen.cache import CACHE_DIR
from itagen.qr import BORDER, BOX_SIZE, png_from_matrix, qr_matrix, qr_png, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
EIT = "https://itas.nacc.go.th/go/eit/nbk7q2"
URLS = [
    EIT,
    "https://itas.nacc.go.th/go/iit/nbk7q2",
    "https://www.example.go.th/procurement/2568/ita-o12-2568.xlsx?utm_source=poster&x=1",
]

needs_zbar = pytest.mark.skipif(
    shutil.which("zbarimg") is None,
    reason="zbarimg not installed (apt-get install zbar-tools); QR codes are not decoded")


def zbar_decode(png: bytes, tmp_path) -> str:
    """The text zbarimg reads from a PNG (it prints dbus noise on stderr, so only stdout counts)."""
    path = tmp_path / "code.png"
    path.write_bytes(png)
    done = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True,
                          check=True)
    return done.stdout.decode("utf-8").removesuffix("\n")


def png_matrix(png: bytes, scale: int) -> tuple[tuple[bool, ...], ...]:
    """Decode our 1-bit greyscale PNG back into modules (True = dark)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, pos = {}, 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunks.setdefault(kind, b"")
        chunks[kind] += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, depth, colour) == (height, 1, 0)
    stride = (width + 7) // 8 + 1
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[y * stride:(y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type None
    bits = [[not (row[1 + x // 8] >> (7 - x % 8)) & 1 for x in range(width)] for row in rows]
    for y, row in enumerate(bits):  # every module must be a solid scale×scale block
        assert row == [bits[y - y % scale][x - x % scale] for x in range(width)]
    return tuple(tuple(row[::scale]) for row in bits[::scale])


def svg_matrix(svg: str) -> tuple[tuple[bool, ...], ...]:
    """Rasterize our SVG at one pixel per module by interpreting its path (M, h, v, z)."""
    root = ET.fromstring(svg)
    _, _, width, height = (int(v) for v in root.get("viewBox").split())
    grid = [[False] * width for _ in range(height)]
    path = root.find(f"{SVG}path").get("d")
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path):
        for dx in range(int(w)):
            grid[int(y)][int(x) + dx] = True
    # Every command must have been understood, or the raster would silently miss modules.
    assert re.fullmatch(r"(?:M\d+ \d+h(\d+)v1h-\1z)*", path)
    return tuple(tuple(row) for row in grid)


# --- decoding ----------------------------------------------------------------------------

@needs_zbar
@pytest.mark.parametrize("url", URLS)
def test_png_decodes_to_the_exact_url(url, tmp_path):
    assert zbar_decode(qr_png(url), tmp_path) == url


@needs_zbar
@pytest.mark.parametrize("url", URLS)
def test_svg_rasterized_decodes_to_the_exact_url(url, tmp_path):
    png = png_from_matrix(svg_matrix(str(qr_svg(url))), 8)
    assert zbar_decode(png, tmp_path) == url


# --- the PNG -----------------------------------------------------------------------------

def test_png_is_box_size_10_with_border_4():
    png = qr_png(EIT)
    matrix = png_matrix(png, BOX_SIZE)
    assert BOX_SIZE == 10 and BORDER == 4
    width = struct.unpack(">I", png[16:20])[0]
    assert width == len(matrix) * 10 == (21 + 4 * 2 + 2 * BORDER) * 10  # version 3: 29 modules
    assert not any(any(row) for row in matrix[:BORDER] + matrix[-BORDER:])
    assert not any(any(row[:BORDER] + row[-BORDER:]) for row in matrix)


def test_png_bytes_are_reproducible():
    first = qr_png(EIT)
    qr_matrix.cache_clear()
    assert qr_png(EIT) == first
    assert qr_png(EIT + "x") != first


def test_error_correction_level_is_m():
    """Read the format information next to the top-left finder pattern (ISO/IEC 18004)."""
    matrix = [row[BORDER:-BORDER] for row in qr_matrix(EIT)[BORDER:-BORDER]]
    n = len(matrix)
    rows = [i if i < 6 else i + 1 if i < 8 else n - 15 + i for i in range(15)]
    bits = sum(matrix[r][8] << i for i, r in enumerate(rows))
    level = ((bits ^ 0b101010000010010) >> 13) & 0b11
    assert level == 0b00  # 01 = L, 00 = M, 11 = Q, 10 = H


# --- the SVG -----------------------------------------------------------------------------

def test_svg_matrix_equals_png_matrix():
    for url in URLS:
        assert svg_matrix(str(qr_svg(url))) == png_matrix(qr_png(url), BOX_SIZE)


def test_svg_is_accessible_and_csp_safe():
    svg = str(qr_svg(EIT, "แบบวัด EIT"))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "แบบวัด EIT"
    assert root.find(f"{SVG}title").text == "แบบวัด EIT"
    assert root.get("viewBox") == "0 0 37 37"
    assert root.get("shape-rendering") == "crispEdges"
    assert root.get("width") is None and root.get("height") is None  # CSS sizes it
    assert not svg.startswith("<?xml")
    assert "style" not in svg


def test_svg_label_defaults_to_the_text_and_is_escaped():
    assert ET.fromstring(str(qr_svg(EIT))).get("aria-label") == EIT
    label = 'QR <script>"&'
    root = ET.fromstring(str(qr_svg(EIT, label)))
    assert root.get("aria-label") == label
    assert root.find(f"{SVG}title").text == label


def test_svg_is_markup_deterministic_and_cached():
    first = qr_svg(EIT, "EIT")
    assert hasattr(first, "__html__")
    hits = qr_svg.cache_info().hits
    assert qr_svg(EIT, "EIT") is first
    assert qr_svg.cache_info().hits == hits + 1
    qr_svg.cache_clear()
    qr_matrix.cache_clear()
    assert qr_svg(EIT, "EIT") == first


def test_qrcode_is_not_imported_with_the_renderer():
    code = "import sys, itagen.render; print('qrcode' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --------------------------------------------------------------------------- the QR cache

@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The texts whose codes are made from here on, as in a new process (nothing kept)."""
    texts: list[str] = []
    make = qr._made_matrix

    def counting(text):
        texts.append(text)
        return make(text)

    new_process(monkeypatch)
    monkeypatch.setattr(qr, "_made_matrix", counting)
    return texts


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(qr, "_kept", {})
    monkeypatch.setattr(qr, "_used", {})
    qr_matrix.cache_clear()
    qr_svg.cache_clear()
    qr_png.cache_clear()


def test_a_build_keeps_the_codes_it_showed_for_the_next(demo, made, monkeypatch):
    build_site(demo, with_search=False)
    home = (demo / "site" / "index.html").read_bytes()
    assert made and (demo / CACHE_DIR / qr.CACHE_NAME).is_file()
    made.clear()
    new_process(monkeypatch)
    build_site(demo, with_search=False)  # the home page renders on every build
    assert made == [] and (demo / "site" / "index.html").read_bytes() == home


def test_a_damaged_or_cloned_qr_cache_is_ignored(demo, made, monkeypatch, tmp_path):
    build_site(demo, with_search=False)
    home = (demo / "site" / "index.html").read_bytes()
    cache = demo / CACHE_DIR / qr.CACHE_NAME
    with open(cache, "rb") as stream:
        stamp, entries = pickle.load(stream), pickle.load(stream)
    text = next(iter(entries))
    for rows in (["01", "0"], ["012", "110", "000"], "0101", [1, 0]):
        cache.write_bytes(pickle.dumps(stamp, protocol=5)
                          + pickle.dumps({**entries, text: rows}, protocol=5))
        made.clear()
        new_process(monkeypatch)
        build_site(demo, with_search=False)
        assert text in made and (demo / "site" / "index.html").read_bytes() == home
    clone = tmp_path / "clone"  # its cache folder is another folder: its stamp does not hold
    shutil.copytree(demo, clone)
    wrong = {key: ["1" * len(value)] * len(value) for key, value in entries.items()}
    (clone / CACHE_DIR / qr.CACHE_NAME).write_bytes(
        pickle.dumps(stamp, protocol=5) + pickle.dumps(wrong, protocol=5))
    made.clear()
    new_process(monkeypatch)
    build_site(clone, with_search=False)
    assert text in made and (clone / "site" / "index.html").read_bytes() == home
