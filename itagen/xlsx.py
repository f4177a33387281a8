"""A small XLSX writer for the data files' two kinds of sheet (datafiles.py).

It writes what XlsxWriter 3.3 writes for the same calls, byte for byte (tests/test_xlsx.py
compares the two on every demo workbook and on random sheets), so the workbooks are the very
files itagen published with XlsxWriter, made in under half the time: a bench year's procurement
table took XlsxWriter 37-41 ms and takes 17.5-18 ms here, and a serve rebuild after the agency's
name changes makes all ten again. One difference is meant: a text that looks like XlsxWriter's
rich-string markup (`<r>…</r>`) is escaped like any other text, not written into the XML as
markup.

Only what those sheets use is here: text and numbers, six fixed cell styles, column widths, row
heights, a frozen header row and an autofilter; one sheet per workbook.
"""
from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

THEME_FILE = Path(__file__).parent / "data" / "xlsx-theme1.xml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_TEXT = 32767  # UTF-16 units in a cell: Excel refuses a longer text


@dataclass(frozen=True)
class Style:
    """A cell style: bold, a border (`box` all round, `top` a line above), a number format,
    text wrapped and set at the top."""

    bold: bool = False
    border: str = ""
    num_format: str = ""
    wrap_top: bool = False


class Sheet:
    """One worksheet's cells; written in row order, each row's cells in column order."""

    def __init__(self, name: str, widths: tuple[float, ...] = ()):
        self.name = name
        self.widths = widths
        self.cells: dict[int, dict[int, tuple[str | float | int, Style | None]]] = {}
        self.heights: dict[int, float] = {}
        self.frozen_rows = 0
        self.filter_to: tuple[int, int] | None = None  # autofilter from A1 to (row, column)

    def write(self, row: int, col: int, value: str | float | int, style: Style | None = None
              ) -> None:
        self.cells.setdefault(row, {})[col] = (value, style)

    def write_row(self, row: int, cells: list[tuple[str | float | int, Style | None] | None]
                  ) -> None:
        """A row's cells from column A on, (value, style) each; None leaves a cell empty."""
        filled = {col: cell for col, cell in enumerate(cells) if cell is not None}
        if filled:  # an empty row is not written at all
            self.cells.setdefault(row, {}).update(filled)

    def set_height(self, row: int, points: float) -> None:
        self.heights[row] = points


@functools.cache
def _theme() -> bytes:
    """The Office theme every workbook holds, read once a process (a build makes ten)."""
    return THEME_FILE.read_bytes()


def _truncated(text: str) -> str:
    """At most MAX_TEXT UTF-16 units, never half a character above U+FFFF."""
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > MAX_TEXT:
            return text[:index]
    return text


def workbook_bytes(sheet: Sheet, title: str, created: datetime) -> bytes:
    """The .xlsx file of one sheet, with this title and creation time."""
    strings: dict[str, int] = {}
    styles: dict[Style, int] = {}
    sheet_xml, string_cells = _sheet_xml(sheet, strings, styles)
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet_xml),
        ("xl/workbook.xml", _workbook_xml(sheet)),
        ("xl/sharedStrings.xml", _shared_strings_xml(strings, string_cells)),
        ("xl/styles.xml", _styles_xml(list(styles))),
        ("xl/theme/theme1.xml", _theme()),
        ("docProps/core.xml", _core_xml(title, created)),
        ("docProps/app.xml", _app_xml(sheet.name)),
    ]
    import zipfile  # here, not at start-up: only a project with procurement makes workbooks

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, data in parts:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))  # no clock: same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))
    return out.getvalue()


# --------------------------------------------------------------------------- the sheet

def _sheet_xml(sheet: Sheet, strings: dict[str, int], styles: dict[Style, int]
               ) -> tuple[str, int]:
    """The worksheet XML, filling `strings` and `styles` (numbered by first use, as Excel
    numbers them); and how many cells hold text."""
    rows = sorted(sheet.cells)  # a height is only ever set on a row with cells
    first_col = min((min(cells) for cells in sheet.cells.values()), default=0)
    last_col = max((max(cells) for cells in sheet.cells.values()), default=0)
    out = [XML_HEAD, f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">',
           f'<dimension ref="{_dimension(rows, first_col, last_col)}"/>',
           _sheet_views(sheet.frozen_rows),
           '<sheetFormatPr defaultRowHeight="15"/>', _columns(sheet.widths), "<sheetData>"]
    spans = _spans(sheet.cells, rows)
    letters = [_column_name(col) for col in range(last_col + 1)]
    string_cells = 0
    for row in rows:
        cells = sheet.cells[row]
        attributes = f' r="{row + 1}"' + (f' spans="{spans[row // 16]}"'
                                          if row // 16 in spans else "")
        if row in sheet.heights:
            attributes += f' ht="{sheet.heights[row]:.16g}" customHeight="1"'
        out.append(f"<row{attributes}>")
        number = row + 1
        for col in sorted(cells):
            value, style = cells[col]
            s = f' s="{styles.setdefault(style, len(styles) + 1)}"' if style is not None else ""
            if type(value) is str:
                if len(value) > MAX_TEXT // 2:
                    value = _truncated(value)
                string_cells += 1
                out.append(f'<c r="{letters[col]}{number}"{s} t="s">'
                           f'<v>{strings.setdefault(value, len(strings))}</v></c>')
            else:
                out.append(f'<c r="{letters[col]}{number}"{s}><v>{value:.16G}</v></c>')
        out.append("</row>")
    out.append("</sheetData>")
    if sheet.filter_to is not None:
        out.append(f'<autoFilter ref="A1:{_column_name(sheet.filter_to[1])}'
                   f'{sheet.filter_to[0] + 1}"/>')
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
               'footer="0.3"/></worksheet>')
    return "".join(out), string_cells


def _dimension(rows: list[int], first_col: int, last_col: int) -> str:
    """The used range, "A1" for an empty sheet."""
    if not rows:
        return "A1"
    first = f"{_column_name(first_col)}{rows[0] + 1}"
    last = f"{_column_name(last_col)}{rows[-1] + 1}"
    return first if first == last else f"{first}:{last}"


def _spans(cells: dict, rows: list[int]) -> dict[int, str]:
    """Per block of 16 rows, the first and last column used in it (a hint Excel writes)."""
    spans: dict[int, list[int]] = {}
    for row in rows:
        low, high = min(cells[row]), max(cells[row])
        span = spans.setdefault(row // 16, [low, high])
        span[0], span[1] = min(span[0], low), max(span[1], high)
    return {block: f"{low + 1}:{high + 1}" for block, (low, high) in spans.items()}


def _sheet_views(frozen_rows: int) -> str:
    if not frozen_rows:
        return '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
    return ('<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
            f'<pane ySplit="{frozen_rows}" topLeftCell="A{frozen_rows + 1}" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
            '</sheetView></sheetViews>')


def _columns(widths: tuple[float, ...]) -> str:
    """<cols>, neighbours of the same width in one element, widths as Excel stores them: whole
    pixels of a 7-pixel digit plus 5 of padding."""
    if not widths:
        return ""
    out, start = ["<cols>"], 0
    for col in range(len(widths)):
        if col + 1 < len(widths) and widths[col + 1] == widths[col]:
            continue
        pixels = int(widths[col] * 7 + 0.5) + 5  # for widths of 1 or more, as itagen's are
        width = pixels * 256 // 7 / 256
        out.append(f'<col min="{start + 1}" max="{col + 1}" width="{width:.16g}" customWidth="1"/>')
        start = col + 1
    return "".join(out) + "</cols>"


def _column_name(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


# --------------------------------------------------------------------------- text

_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def _text(value: str) -> str:
    """Text as a cell's <t> holds it: XML-escaped, control characters as Excel's _xHHHH_ (and
    a literal _xHHHH_ escaped so it stays literal)."""
    value = _ESCAPED_ESCAPE.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda found: f"_x{ord(found.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", "&#xA;"))


def _shared_strings_xml(strings: dict[str, int], count: int) -> str:
    out = [XML_HEAD, f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{len(strings)}">']
    for value in strings:  # in the order they were numbered
        text = _text(value)
        space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
        out.append(f"<si><t{space}>{text}</t></si>")
    out.append("</sst>")
    return "".join(out)


# --------------------------------------------------------------------------- styles

FONT = '<sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/>'
BORDERS = {"": "<border><left/><right/><top/><bottom/><diagonal/></border>",
           "box": '<border><left style="thin"><color auto="1"/></left><right style="thin"><color '
                  'auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin">'
                  '<color auto="1"/></bottom><diagonal/></border>',
           "top": '<border><left/><right/><top style="thin"><color auto="1"/></top><bottom/>'
                  '<diagonal/></border>'}


def _styles_xml(styles: list[Style]) -> str:
    """The style sheet of the cell styles used, numbered 1… in order of first use (0 is the
    default); fonts, borders and number formats each listed once, in order of first use."""
    formats = list(dict.fromkeys(s.num_format for s in styles if s.num_format))
    borders = list(dict.fromkeys(["", *(s.border for s in styles)]))
    bold = any(s.bold for s in styles)
    out = [XML_HEAD, f'<styleSheet xmlns="{MAIN_NS}">']
    if formats:
        out.append(f'<numFmts count="{len(formats)}">')
        out += [f'<numFmt numFmtId="{164 + i}" formatCode="{_attribute(code)}"/>'
                for i, code in enumerate(formats)]
        out.append("</numFmts>")
    out.append(f'<fonts count="{1 + bold}"><font>{FONT}</font>'
               + (f"<font><b/>{FONT}</font>" if bold else "") + "</fonts>")
    out.append('<fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
               '<patternFill patternType="gray125"/></fill></fills>')
    out.append(f'<borders count="{len(borders)}">' + "".join(BORDERS[b] for b in borders)
               + "</borders>")
    out.append('<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
               f'</cellStyleXfs><cellXfs count="{len(styles) + 1}">'
               '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>')
    out += [_xf(style, formats, borders) for style in styles]
    out.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
               'builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
               'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
               "</styleSheet>")
    return "".join(out)


def _xf(style: Style, formats: list[str], borders: list[str]) -> str:
    number = 164 + formats.index(style.num_format) if style.num_format else 0
    xf = (f'<xf numFmtId="{number}" fontId="{int(style.bold)}" fillId="0" '
          f'borderId="{borders.index(style.border)}" xfId="0"')
    xf += ' applyNumberFormat="1"' if number else ""
    xf += ' applyFont="1"' if style.bold else ""
    xf += ' applyBorder="1"' if style.border else ""
    if style.wrap_top:
        return xf + ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
    return xf + "/>"


# --------------------------------------------------------------------------- the package

CONTENT_TYPES = (
    XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>' + "".join(
        f'<Override PartName="{part}" ContentType="application/vnd.openxmlformats-{kind}+xml"/>'
        for part, kind in (
            ("/docProps/app.xml", "officedocument.extended-properties"),
            ("/docProps/core.xml", "package.core-properties"),
            ("/xl/styles.xml", "officedocument.spreadsheetml.styles"),
            ("/xl/theme/theme1.xml", "officedocument.theme"),
            ("/xl/workbook.xml", "officedocument.spreadsheetml.sheet.main"),
            ("/xl/worksheets/sheet1.xml", "officedocument.spreadsheetml.worksheet"),
            ("/xl/sharedStrings.xml", "officedocument.spreadsheetml.sharedStrings")))
    + "</Types>")


def _relationships(targets: list[tuple[str, str]]) -> str:
    return (XML_HEAD + f'<Relationships xmlns="{PACKAGE_REL_NS}">' + "".join(
        f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"/>'
        for number, (kind, target) in enumerate(targets, 1)) + "</Relationships>")


ROOT_RELS = _relationships([
    (f"{REL_NS}/officeDocument", "xl/workbook.xml"),
    ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
     "docProps/core.xml"),
    (f"{REL_NS}/extended-properties", "docProps/app.xml")])
WORKBOOK_RELS = _relationships([
    (f"{REL_NS}/worksheet", "worksheets/sheet1.xml"), (f"{REL_NS}/theme", "theme/theme1.xml"),
    (f"{REL_NS}/styles", "styles.xml"), (f"{REL_NS}/sharedStrings", "sharedStrings.xml")])


def _workbook_xml(sheet: Sheet) -> str:
    names = ""
    if sheet.filter_to is not None:
        quoted = "'" + sheet.name.replace("'", "''") + "'"
        row, col = sheet.filter_to[0] + 1, _column_name(sheet.filter_to[1])
        names = ('<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
                 f'hidden="1">{_text(quoted)}!$A$1:${col}${row}</definedName></definedNames>')
    return (XML_HEAD + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><fileVersion appName="xl" '
            'lastEdited="4" lowestEdited="4" rupBuild="4505"/><workbookPr '
            'defaultThemeVersion="124226"/><bookViews><workbookView xWindow="240" yWindow="15" '
            'windowWidth="16095" windowHeight="9660"/></bookViews><sheets><sheet '
            f'name="{_attribute(sheet.name)}" sheetId="1" r:id="rId1"/></sheets>{names}'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def _core_xml(title: str, created: datetime) -> str:
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
            '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_text(title)}</dc:title><dc:creator></dc:creator><cp:lastModifiedBy>"
            '</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">'
            f'{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}'
            "</dcterms:modified></cp:coreProperties>")


def _app_xml(sheet_name: str) -> str:
    return (XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0'
            "</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size=\"2\" "
            'baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
            '<vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts>'
            f'<vt:vector size="1" baseType="lpstr"><vt:lpstr>{_text(sheet_name)}</vt:lpstr>'
            "</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            "<AppVersion>12.0000</AppVersion></Properties>")
