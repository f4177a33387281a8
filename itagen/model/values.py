"""Small value types of the content model and the parsers that read them from YAML text."""
from __future__ import annotations

import os
import posixpath
import re
import stat
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from ..thai import ThaiValueError, parse_date, to_arabic_digits

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024  # larger files belong on a file host, not in git
# Types a browser runs as code when served from the site itself: never published as attachments.
ACTIVE_TYPES = {"htm", "html", "xhtml", "xht", "shtml", "svg", "svgz", "xml", "xsl", "xslt", "js",
                "mjs", "swf", "php"}


class Markdown(str):
    """Long text written in Markdown, rendered once by `itagen.markdown`."""


class FiscalYear(int):
    """A Thai fiscal year in Buddhist Era (ปีงบประมาณ พ.ศ.), 1 Oct – 30 Sep."""


class Url(str):
    """An http(s), mailto: or tel: link, or a path inside the site (`/contact/`)."""


class QuestionCode(str):
    """An ITA question code normalised to lower case and Arabic digits: i7, e11, o41."""


class FileRef(str):
    """A file under `content/`, written relative to it (`files/2568/plan.pdf`)."""

    size: int = 0

    @property
    def suffix(self) -> str:
        return os.path.splitext(self)[1].lower().lstrip(".")


class Month(NamedTuple):
    """A calendar month (Christian year inside, like `datetime.date`)."""

    year: int
    month: int


SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def parse_url(raw: str) -> Url:
    """Accept web, mail and phone links; refuse script and data schemes outright."""
    text = raw.strip()
    if re.search(r"[\x00-\x1f\x7f]", text):
        # Browsers silently drop tabs and newlines inside links, so they could hide a scheme.
        raise ThaiValueError("ลิงก์มีอักขระควบคุมหรือขึ้นบรรทัดใหม่", "link contains control characters")
    if text.startswith("/") and not text.startswith("//"):
        if "\\" in text:  # browsers read /\host as //host, another site
            raise ThaiValueError("ลิงก์ภายในเว็บไซต์ต้องไม่มีเครื่องหมาย \\",
                                 f"a link inside the site must not contain '\\': '{text[:60]}'")
        return Url(text)
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed '[' where an IPv6 host would be
        raise ThaiValueError("รูปแบบลิงก์ไม่ถูกต้อง", f"not a valid link: '{text[:60]}'") from None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        raise ThaiValueError(
            "ลิงก์ต้องขึ้นต้นด้วย https:// http:// mailto: หรือ tel: เท่านั้น",
            f"a link must start with https://, http://, mailto: or tel:, got '{text[:60]}'")
    if scheme in ("http", "https") and not parts.netloc:
        raise ThaiValueError("ลิงก์ไม่มีชื่อเว็บไซต์", f"link has no host name: '{text[:60]}'")
    return Url(text)


def parse_question_code(raw: str) -> QuestionCode:
    """Read `i7`, `E11`, `o41`, `i๗`, `e๑๑` and the bare `๐๔๑` (OIT item 41) forms."""
    text = to_arabic_digits(raw.strip()).lower().replace(" ", "")
    match = re.fullmatch(r"([ieo])0*(\d{1,2})", text)
    if match:
        return QuestionCode(f"{match.group(1)}{int(match.group(2))}")
    if re.fullmatch(r"0\d{2}", text):  # the 2566 reports number OIT items 001–043
        return QuestionCode(f"o{int(text)}")
    raise ThaiValueError("รหัสข้อคำถามต้องเป็นรูปแบบ i7, e11 หรือ o41",
                         f"question code must look like i7, e11 or o41, got '{raw}'")


_MONTH_ISO = re.compile(r"(\d{4})-(\d{1,2})")


def parse_month(raw: str) -> Month:
    """Read `2567-10` (พ.ศ.), `2024-10` (ค.ศ.), `ต.ค. 2567` or `ตุลาคม 2567`."""
    text = to_arabic_digits(raw.strip())
    match = _MONTH_ISO.fullmatch(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ThaiValueError("เดือนต้องอยู่ระหว่าง 1 ถึง 12", f"month must be 1-12, got {month}")
        return _month_in_range(year - 543 if year >= 2400 else year, month, raw)
    try:
        first = parse_date("1 " + text)
    except ThaiValueError:
        raise ThaiValueError("อ่านเดือนไม่ได้ ให้เขียนเช่น ต.ค. 2567 หรือ 2567-10",
                             f"cannot read month '{raw}'; write e.g. 'ต.ค. 2567' or '2567-10'")
    return Month(first.year, first.month)


def _month_in_range(year: int, month: int, raw: str) -> Month:
    if not 2400 - 543 <= year <= 2700 - 543:
        raise ThaiValueError(f"ปีของเดือน '{raw}' อยู่นอกช่วงที่รับได้ ใช้ปี พ.ศ. เช่น 2567-10",
                             f"the year of month '{raw}' is out of range; write e.g. 2567-10")
    return Month(year, month)


def parse_file_ref(raw: str, content_dir: Path, referenced: set[str]) -> FileRef:
    """Check that an attachment path stays inside `content/`, exists and is of sane size."""
    text = raw.strip().replace("\\", "/")
    if text.startswith("/") or re.match(r"^[a-zA-Z]:", text):
        raise ThaiValueError("ให้เขียนที่อยู่ไฟล์แบบสัมพัทธ์กับโฟลเดอร์ content/ เช่น files/plan.pdf",
                             f"attachment path must be relative to content/, got '{text}'")
    if ".." in text.split("/"):
        raise ThaiValueError("ที่อยู่ไฟล์ต้องไม่มี .. (ห้ามออกนอกโฟลเดอร์ content/)",
                             f"attachment path must not contain '..': '{text}'")
    text = posixpath.normpath(text) if text else text  # files/./a.pdf and files//a.pdf are one file
    suffix = os.path.splitext(text)[1].lower().lstrip(".")
    if suffix in ACTIVE_TYPES:
        raise ThaiValueError(f"ไม่เผยแพร่ไฟล์ชนิด .{suffix} เพราะเบราว์เซอร์จะรันเป็นโปรแกรม "
                             "ให้แปลงเป็น PDF หรือรูปภาพ PNG/JPG",
                             f"'.{suffix}' files run as code in a browser; publish a PDF or PNG/JPG")
    path = os.path.join(content_dir, text)
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # missing, a bad name (NUL), or a folder on the way is a file
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise ThaiValueError(f"ไม่พบไฟล์ content/{text}", f"attachment not found: content/{text}")
    if _through_symlink(content_dir, text) and not Path(path).resolve().is_relative_to(
            Path(content_dir).resolve()):
        raise ThaiValueError("ไฟล์นี้ชี้ออกไปนอกโฟลเดอร์ content/ (symlink)",
                             f"attachment points outside content/: '{text}'")
    return _sized_ref(text, info.st_size, referenced)


def _through_symlink(content_dir: Path, text: str) -> bool:
    """Whether a symbolic link lies on the way from content/ to the file: only then can a
    relative path without '..' lead outside. One lstat a step (resolving every path in full
    was a twentieth of a large project's load)."""
    place = str(content_dir)
    for part in text.split("/"):
        place = os.path.join(place, part)
        if os.path.islink(place):
            return True
    return False


def _sized_ref(text: str, size: int, referenced: set[str]) -> FileRef:
    if size == 0:
        raise ThaiValueError("ไฟล์แนบว่างเปล่า (0 ไบต์)", f"attachment is empty: '{text}'")
    if size > MAX_ATTACHMENT_BYTES:
        mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise ThaiValueError(f"ไฟล์แนบใหญ่เกิน {mb} MB ให้ย่อขนาดหรือใช้ลิงก์ภายนอก (url)",
                             f"attachment is larger than {mb} MB; shrink it or link it by url")
    ref = FileRef(text)
    ref.size = size
    referenced.add(text)
    return ref
