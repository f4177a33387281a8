"""QR codes made at build time: an inline SVG for pages and a PNG for printing.

Both come from one module matrix (the `qrcode` library, error correction M), so the picture on
the page and the downloadable PNG are always the same code. The PNG is encoded here with zlib
rather than through Pillow or pypng: a 1-bit greyscale PNG is a few lines, needs no extra
dependency and is byte-for-byte reproducible.
"""
from __future__ import annotations

import functools
import struct
import zlib
from pathlib import Path

from markupsafe import Markup, escape

BORDER = 4      # the quiet zone the QR standard asks for, in modules
BOX_SIZE = 10   # PNG pixels per module: ~10 prints sharply on a poster and scans from afar

Matrix = tuple[tuple[bool, ...], ...]


CACHE_NAME = "qr.pickle"

# Matrices a build took from its cache folder (QrCache), and those this process made or took,
# for it: the home page shows the EIT code and renders on every build, where importing qrcode
# and making the code cost 8.5 ms, 2 % of a warm build.
_kept: dict[str, Matrix] = {}
_used: dict[str, list[str]] = {}


class QrCache:
    """`.itagen-cache/qr.pickle`: {text: rows of "0" and "1"}, the QR codes this process last
    used, under the content cache's stamp (this code, this project, this very folder: a file
    cloned from git, which could hold another code, is ignored) and read with its safe
    unpickler. Read before the pages render; saved after a build succeeded."""

    def __init__(self, folder: Path, root: Path):
        from .loadcache import read_stamped

        self.folder, self.root = folder, root
        self.held = read_stamped(folder, CACHE_NAME, root)
        for text, rows in self.held.items() if isinstance(self.held, dict) else ():
            if isinstance(text, str) and _is_matrix(rows):
                _kept[text] = tuple(tuple(cell == "1" for cell in row) for row in rows)

    def save(self) -> None:
        """Keep the codes this process used, unless none (its pages rendered in workers) or
        the file holds those already; a failure to write only costs the next build speed."""
        from .loadcache import write_stamped

        if _used and _used != self.held:
            write_stamped(self.folder, CACHE_NAME, self.root, (), dict(_used))


def _is_matrix(rows) -> bool:
    """A square of "0" and "1" rows: anything else in a damaged file is made again."""
    return isinstance(rows, list) and bool(rows) and all(
        isinstance(row, str) and len(row) == len(rows) and not row.strip("01") for row in rows)


@functools.lru_cache(maxsize=64)
def qr_matrix(text: str) -> Matrix:
    """Dark (True) / light modules of the QR code for `text`, quiet zone included."""
    matrix = _kept.get(text) or _made_matrix(text)
    _used[text] = ["".join("1" if cell else "0" for cell in row) for row in matrix]
    return matrix


def _made_matrix(text: str) -> Matrix:
    import qrcode  # slow to import and only needed when a page really shows a code
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=BORDER)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


@functools.lru_cache(maxsize=64)
def qr_svg(text: str, label: str = "") -> Markup:
    """Inline SVG QR code for `text`, sized by CSS through its viewBox.

    No XML declaration (it is embedded in HTML) and no style attribute (the site's
    Content-Security-Policy forbids inline styles); colours are presentation attributes.
    """
    matrix = qr_matrix(text)
    size = len(matrix)
    name = escape(label or text)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{name}" shape-rendering="crispEdges">'
        f'<title>{name}</title>'
        # A light background keeps the quiet zone even on a dark or tinted page.
        f'<rect width="{size}" height="{size}" fill="#ffffff"/>'
        f'<path fill="#000000" d="{_svg_path(matrix)}"/></svg>'
    )


def _svg_path(matrix: Matrix) -> str:
    """One path of horizontal runs: far smaller than one <rect> per module."""
    parts = []
    for y, row in enumerate(matrix):
        for x, width in _dark_runs(row):
            parts.append(f"M{x} {y}h{width}v1h-{width}z")
    return "".join(parts)


def _dark_runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    runs, start = [], None
    for x, dark in enumerate(row + (False,)):  # the sentinel closes a run at the edge
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x - start))
            start = None
    return runs


@functools.lru_cache(maxsize=64)  # pure; serve asks again for the same codes on every rebuild
def qr_png(text: str) -> bytes:
    """PNG QR code for `text`: BOX_SIZE pixels per module, BORDER modules of quiet zone."""
    return png_from_matrix(qr_matrix(text), BOX_SIZE)


def png_from_matrix(matrix: Matrix, scale: int) -> bytes:
    """Encode a dark/light matrix as a 1-bit greyscale PNG, each module scale×scale pixels."""
    size = len(matrix) * scale
    raw = bytearray()
    for row in matrix:
        line = b"\x00" + _pack_bits([not dark for dark in row for _ in range(scale)])  # 0 = black
        raw += line * scale
    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + _chunk(b"IEND", b""))


def _pack_bits(bits: list[bool]) -> bytes:
    """Pack pixels eight to a byte, most significant bit first, padding the last byte."""
    out = bytearray((len(bits) + 7) // 8)
    for i, bit in enumerate(bits):
        if bit:
            out[i >> 3] |= 0x80 >> (i & 7)
    return bytes(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC of type + data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
