"""Thai-language helpers: digits, Buddhist-era dates, fiscal years, baht amounts and words.

Every agency writes dates and money the way people type them in Thai offices: พ.ศ. years,
Thai digits, abbreviated months, commas, a trailing 'บาท'. The parsers here accept those forms
and raise ThaiValueError (Thai message first, English beside it) for anything else, so the
loaders can turn the error straight into a finding.

pythainlp is slow to import, so it is only imported inside the functions that need it.
"""
from __future__ import annotations

import calendar
import datetime
import functools
import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal

BE_OFFSET = 543  # พ.ศ. = ค.ศ. + 543
MIN_BE, MAX_BE = 2400, 2700  # anything outside this is a typo, not a real record
CE_LOOKALIKE = range(1900, 2201)  # years people type by mistake instead of พ.ศ.


class ThaiValueError(ValueError):
    """Input that cannot be read; carries a Thai and an English message."""

    def __init__(self, th: str, en: str):
        # Both parts go into args so the exception survives pickling (a worker sends it back).
        super().__init__(th, en)
        self.th = th
        self.en = en

    def __str__(self) -> str:
        return f"{self.th} ({self.en})"


THAI_MONTHS_LONG: tuple[str, ...] = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_SHORT: tuple[str, ...] = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with 0-9, leaving every other character alone."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """Replace 0-9 with Thai digits ๐-๙, leaving every other character alone."""
    return text.translate(_TO_THAI)


def _show(value) -> str:
    """str(value) for error messages; Python refuses to print ints of thousands of digits."""
    try:
        return str(value)
    except ValueError:
        return "(ตัวเลขยาวเกินไป too long)"


def _digits(text: str, digits: str) -> str:
    if digits == "arabic":
        return text
    if digits == "thai":
        return to_thai_digits(text)
    raise ValueError(f"digits must be 'arabic' or 'thai', not {digits!r}")


# ---------------------------------------------------------------------------
# Months
# ---------------------------------------------------------------------------

def _month_key(name: str) -> str:
    # 'ม.ค.', 'ม. ค.', 'มค' and 'มค.' are all the same month to a reader.
    return re.sub(r"[.\s]", "", name)


@functools.lru_cache(maxsize=1)
def _month_lookup() -> dict[str, int]:
    table: dict[str, int] = {}
    for number, (long, short) in enumerate(zip(THAI_MONTHS_LONG, THAI_MONTHS_SHORT), 1):
        # The spoken form drops the -คม/-ยน/-พันธ์ ending: มกรา, เมษา, กุมภา.
        spoken = re.sub(r"(คม|ยน|พันธ์)$", "", long)
        for name in (long, short, spoken):
            table[_month_key(name)] = number
    return table


def _month_number(name: str) -> int:
    number = _month_lookup().get(_month_key(name))
    if number is None:
        raise ThaiValueError(
            f"ไม่รู้จักชื่อเดือน '{name}' ใช้ เช่น มกราคม หรือ ม.ค.",
            f"unknown month name '{name}'; use e.g. มกราคม or ม.ค.",
        )
    return number


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DMY_RE = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})")
_THAI_RE = re.compile(r"([0-9]{1,2})\s*([^0-9]+?)\s*([0-9]{4}|[0-9]{2})")
_WEEKDAY_RE = re.compile(
    r"วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัสฯ|พฤหัส|ศุกร์|เสาร์|อาทิตย์)?\s*ที่\s*"
)
_BE_ERA_RE = re.compile(r"\s*พ\.?\s*ศ\.?$")
_CE_ERA_RE = re.compile(r"\s*ค\.?\s*ศ\.?$")
_EXAMPLES_TH = "ใช้รูปแบบ เช่น 15 ม.ค. 2568, 15/01/2568 หรือ 2025-01-15"
_EXAMPLES_EN = "use e.g. 15 ม.ค. 2568, 15/01/2568 or 2025-01-15"


def _check_be_year(year: int, text: str) -> None:
    """Reject ค.ศ.-looking and far-off years in a field that must be พ.ศ."""
    if year in CE_LOOKALIKE:
        raise ThaiValueError(
            f"ปี {year} ใน '{text}' ดูเหมือนเป็น ค.ศ. ให้ใช้ พ.ศ. {year + BE_OFFSET}",
            f"year {year} in '{text}' looks like a CE year; use BE {year + BE_OFFSET}",
        )
    if not MIN_BE <= year <= MAX_BE:
        raise ThaiValueError(
            f"ปี พ.ศ. {_show(year)} ใน '{text}' อยู่นอกช่วง {MIN_BE}–{MAX_BE}",
            f"BE year {_show(year)} in '{text}' is outside {MIN_BE}-{MAX_BE}",
        )


def _make_date(be_year: int, month: int, day: int) -> date:
    """Build a date from a พ.ศ. year, explaining impossible days in Thai."""
    if not 1 <= month <= 12:
        raise ThaiValueError(f"ไม่มีเดือนที่ {month}", f"there is no month {month}")
    ce_year = be_year - BE_OFFSET
    last = calendar.monthrange(ce_year, month)[1]
    if not 1 <= day <= last:
        raise ThaiValueError(
            f"ไม่มีวันที่ {day} ในเดือน{THAI_MONTHS_LONG[month - 1]} พ.ศ. {be_year}",
            f"day {day} does not exist in month {month} of BE {be_year} (CE {ce_year})",
        )
    return date(ce_year, month, day)


def _expand_year(text: str) -> int:
    # Two-digit years are always written for the current Thai century: 68 -> 2568.
    return 2500 + int(text) if len(text) == 2 else int(text)


def _parse_iso(m: re.Match, text: str) -> date:
    year, month, day = (int(g) for g in m.groups())
    if year >= MIN_BE:  # YAML authors often write 2568-01-15
        _check_be_year(year, text)
        return _make_date(year, month, day)
    if not MIN_BE <= year + BE_OFFSET <= MAX_BE:
        raise ThaiValueError(
            f"ปี {year} ใน '{text}' อยู่นอกช่วงที่รับได้",
            f"year {year} in '{text}' is out of range",
        )
    return _make_date(year + BE_OFFSET, month, day)


def _parse_dmy(m: re.Match, text: str) -> date:
    day, month = int(m.group(1)), int(m.group(2))
    year = _expand_year(m.group(3))
    _check_be_year(year, text)
    return _make_date(year, month, day)


def _parse_thai(m: re.Match, text: str) -> date:
    day, middle, year = int(m.group(1)), m.group(2), _expand_year(m.group(3))
    if _CE_ERA_RE.search(middle) and len(m.group(3)) == 4:
        # An explicit ค.ศ. is a deliberate choice, not the mistake we guard against.
        year += BE_OFFSET
        middle = _CE_ERA_RE.sub("", middle)
    middle = _BE_ERA_RE.sub("", middle)
    month = _month_number(middle)
    _check_be_year(year, text)
    return _make_date(year, month, day)


def _parse_date_text(value: str) -> date:
    text = " ".join(to_arabic_digits(value).split())
    body = _WEEKDAY_RE.sub("", text, count=1) if text.startswith("วัน") else text
    for pattern, parse in ((_ISO_RE, _parse_iso), (_DMY_RE, _parse_dmy), (_THAI_RE, _parse_thai)):
        m = pattern.fullmatch(body)
        if m:
            return parse(m, value.strip())
    raise ThaiValueError(
        f"อ่านวันที่ '{value}' ไม่ได้ {_EXAMPLES_TH}",
        f"cannot read date '{value}'; {_EXAMPLES_EN}",
    )


def _from_date(value: date) -> date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value.year < MIN_BE:
        if not MIN_BE <= value.year + BE_OFFSET <= MAX_BE:
            raise ThaiValueError(f"ปี {value.year} อยู่นอกช่วงที่รับได้",
                                 f"year {value.year} is out of range")
        return value
    # A date object with year >= 2400 comes from YAML like 2568-01-15: it is พ.ศ.
    _check_be_year(value.year, value.isoformat())
    return _make_date(value.year, value.month, value.day)


def parse_date(value) -> date:
    """Read a date given as a date object, ISO text, or Thai text with a พ.ศ. year."""
    if isinstance(value, date):
        return _from_date(value)
    if isinstance(value, str):
        return _parse_date_text(value)
    raise ThaiValueError(
        f"วันที่ต้องเป็นข้อความ เช่น 15 ม.ค. 2568 ไม่ใช่ {type(value).__name__}",
        f"a date must be text such as 15 ม.ค. 2568, not {type(value).__name__}",
    )


# ---------------------------------------------------------------------------
# Fiscal years
# ---------------------------------------------------------------------------

_FY_RE = re.compile(r"(?:ปีงบประมาณ|ปีงบฯ|ปีงบ)?\s*(?:พ\.?\s*ศ\.?)?\s*([0-9]{4})")


def parse_fiscal_year(value) -> int:
    """Read a พ.ศ. fiscal year (2400..2700) from an int or text such as '๒๕๖๘'."""
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, str):
        m = _FY_RE.fullmatch(" ".join(to_arabic_digits(value).split()))
        if not m:
            raise ThaiValueError(
                f"อ่านปีงบประมาณ '{value}' ไม่ได้ ใช้ปี พ.ศ. 4 หลัก เช่น 2568",
                f"cannot read fiscal year '{value}'; use a 4-digit BE year such as 2568",
            )
        year = int(m.group(1))
    else:
        raise ThaiValueError(
            f"ปีงบประมาณต้องเป็นตัวเลข เช่น 2568 ไม่ใช่ {type(value).__name__}",
            f"a fiscal year must be a number such as 2568, not {type(value).__name__}",
        )
    _check_be_year(year, _show(value))
    return year


def fiscal_year_of(d: date) -> int:
    """The Thai fiscal year (พ.ศ.) a date falls in; 1 October starts the next one."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of a พ.ศ. fiscal year: 1 Oct of the year before to 30 Sep."""
    ce = fy - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def in_first_half(d: date, fy: int) -> bool:
    """Whether d lies in the first half (1 Oct .. 31 Mar) of fiscal year fy."""
    start, _ = fiscal_year_bounds(fy)
    return start <= d <= date(fy - BE_OFFSET, 3, 31)


# ---------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------

_AMOUNT_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+")


def _amount_error(value) -> ThaiValueError:
    shown = _show(value)
    return ThaiValueError(
        f"อ่านจำนวนเงิน '{shown}' ไม่ได้ ใช้ตัวเลข เช่น 1,234,567.50",
        f"cannot read amount '{shown}'; use a number such as 1,234,567.50",
    )


def _negative_error(value) -> ThaiValueError:
    shown = _show(value)
    return ThaiValueError(f"จำนวนเงินติดลบไม่ได้: '{shown}'",
                          f"an amount cannot be negative: '{shown}'")


def _amount_from_text(value: str) -> Decimal:
    text = "".join(to_arabic_digits(value).split())  # drops every kind of space
    text = re.sub(r"^฿|(บาท(ถ้วน)?|฿)$", "", text)
    if text.startswith("-") and _AMOUNT_RE.fullmatch(text[1:]):
        raise _negative_error(value)
    # Commas must group thousands: '1,5' is more likely a decimal typo than 15.
    if not _AMOUNT_RE.fullmatch(text.lstrip("+")):
        raise _amount_error(value)
    return Decimal(text.lstrip("+").replace(",", ""))


def _number_to_decimal(value) -> Decimal:
    """Turn an int, float or Decimal into a finite Decimal; floats via str() so 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise _amount_error(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _amount_error(value)
        return Decimal(str(value))
    result = Decimal(value)
    if not result.is_finite():
        raise _amount_error(value)
    return result


def parse_amount(value) -> Decimal:
    """Read a non-negative baht amount from a number or text like '1,234.50 บาท'."""
    result = _amount_from_text(value) if isinstance(value, str) else _number_to_decimal(value)
    if result < 0:
        raise _negative_error(value)
    return result.copy_abs()  # turns -0 into 0


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------

def _month_name(month: int, style: str) -> str:
    if style == "long":
        return THAI_MONTHS_LONG[month - 1]
    if style == "short":
        return THAI_MONTHS_SHORT[month - 1]
    raise ValueError(f"style must be 'long' or 'short', not {style!r}")


def format_date(d: date, style: str = "long", digits: str = "arabic") -> str:
    """'15 มกราคม 2568' (long) or '15 ม.ค. 2568' (short), optionally with Thai digits."""
    d = parse_date(d)  # templates may hand over a พ.ศ. date object or a string
    return _digits(f"{d.day} {_month_name(d.month, style)} {d.year + BE_OFFSET}", digits)


def format_month(year: int, month: int, style: str = "long", digits: str = "arabic") -> str:
    """Month and พ.ศ. year from a ค.ศ. year and month: (2025, 1) -> 'มกราคม 2568'."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month!r}")
    return _digits(f"{_month_name(month, style)} {year + BE_OFFSET}", digits)


def format_fiscal_range(fy: int, digits: str = "arabic") -> str:
    """The span of a fiscal year: '1 ต.ค. 2567 – 30 ก.ย. 2568'."""
    start, end = fiscal_year_bounds(fy)
    return f"{format_date(start, 'short', digits)} \u2013 {format_date(end, 'short', digits)}"


_SATANG = Decimal("0.01")
_USUAL_DIGITS = Context(prec=28)  # the default precision, without entering a local context


def _round_satang(value) -> Decimal:
    """Round to whole satang (half up, as Thai finance does) without losing big values."""
    amount = _number_to_decimal(value)
    # 28 digits would refuse to quantize larger amounts: those get a context of their own. A
    # `localcontext()` per amount was a seventh of making the procurement files.
    digits = max(28, amount.adjusted() + 4)
    context = _USUAL_DIGITS if digits == 28 else Context(prec=digits)
    return amount.quantize(_SATANG, rounding=ROUND_HALF_UP, context=context)


def format_amount(value: Decimal, digits: str = "arabic") -> str:
    """Money with thousands separators and exactly two decimals: '1,234,567.50'."""
    amount = _round_satang(value)
    return _digits(f"{amount:,.2f}", digits)


def format_number(value, digits: str = "arabic") -> str:
    """Thousands separators; ints stay whole, Decimals keep their own precision."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _digits(f"{value:,}", digits)
    try:
        number = _number_to_decimal(value)
    except ThaiValueError:
        raise TypeError(f"format_number needs a number, not {type(value).__name__}") from None
    return _digits(f"{number:,f}", digits)


@functools.lru_cache(maxsize=8192)  # pure, and the same amounts recur on every rebuild in serve
def bahttext(value: Decimal) -> str:
    """Amount in Thai words as on a cheque: 'หนึ่งร้อยบาทห้าสิบสตางค์' (pythainlp's rules, on
    the exact Decimal: its bahttext() goes through float and would lose satang of big sums)."""
    amount = _round_satang(value)
    sign = "ลบ" if amount < 0 else ""
    baht_text, _, satang_text = f"{amount.copy_abs():f}".partition(".")
    baht, satang = int(baht_text), int(satang_text)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    tail = f"{number_words(satang)}สตางค์" if satang else "ถ้วน"
    return f"{sign}{number_words(baht)}บาท{tail}"


_DIGIT_WORDS = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_PLACE_WORDS = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_SAID_AS = (("หนึ่งสิบ", "สิบ"), ("สองสิบ", "ยี่สิบ"), ("สิบหนึ่ง", "สิบเอ็ด"))


def number_words(number: int) -> str:
    """A whole number in Thai words, as pythainlp.util.num_to_thaiword spells it (the tests
    compare the two): written here because importing pythainlp costs a tenth of a second in
    each process that needs it, and a warm build that renders one procurement page needs only
    this.

    Six digits at a time, each group but the last followed by ล้าน (สิบเอ็ดล้าน, หนึ่งล้านล้าน);
    สิบ for a ten of one, ยี่สิบ for two; a final one after anything else is เอ็ด (สิบเอ็ด,
    หนึ่งร้อยเอ็ด, หนึ่งล้านเอ็ด).
    """
    if number == 0:
        return "ศูนย์"
    digits = str(abs(number))
    groups = [digits[max(0, end - 6):end] for end in range(len(digits), 0, -6)][::-1]
    text = "ล้าน".join(_group_words(int(group)) for group in groups)
    return ("ลบ" if number < 0 else "") + _final_one_as_ed(text)


def _group_words(number: int) -> str:
    """0 to 999,999 in words; "" for 0."""
    digits = str(number)
    text = "".join(_DIGIT_WORDS[int(digit)] + _PLACE_WORDS[len(digits) - 1 - place]
                   for place, digit in enumerate(digits) if digit != "0")
    for spelled, said in _SAID_AS:
        text = text.replace(spelled, said)
    return _final_one_as_ed(text)


def _final_one_as_ed(text: str) -> str:
    """A final หนึ่ง after anything else is said เอ็ด: in each group (สิบเอ็ดล้าน) and in the
    whole number (หนึ่งล้านเอ็ด, whose last group alone is หนึ่ง)."""
    if text != "หนึ่ง" and text.endswith("หนึ่ง"):
        return text[: -len("หนึ่ง")] + "เอ็ด"
    return text


# ---------------------------------------------------------------------------
# Sorting
# ---------------------------------------------------------------------------

_TONE_RE = re.compile("[\u0e47-\u0e4c]")
_LEAD_VOWEL_RE = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")


def _thai_key(word: str) -> str:
    # pythainlp.util.collate's rule (the tests compare the two; importing pythainlp for it cost
    # 0.1 s in every process that sorts Thai names): drop tone marks, put a leading vowel after
    # its consonant, then append the first tone mark as a tie-breaker.
    tone = _TONE_RE.search(word)
    return _LEAD_VOWEL_RE.sub(r"\2\1", _TONE_RE.sub("", word)) + (tone.group() if tone else "")


@functools.lru_cache(maxsize=4096)
def sort_key_thai(text: str) -> tuple[str, str]:
    """Key for Thai dictionary order, the order of pythainlp.util.collate."""
    # The text itself breaks ties (e.g. tone marks in different places), so the order never
    # depends on input order.
    return _thai_key(text), text


def collate(texts: list[str]) -> list[str]:
    """Texts in Thai dictionary order."""
    return sorted(texts, key=sort_key_thai)


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def _words_cached(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    # keep_whitespace=False still lets '\n', '\t' and NBSP through as tokens.
    return tuple(t for t in tokens if t.strip())


def words(text: str) -> list[str]:
    """Thai-aware word split (pythainlp newmm), without whitespace tokens."""
    return list(_words_cached(text))  # a copy, so callers cannot corrupt the cache


def word_count(text: str) -> int:
    """Number of words that contain at least one letter or digit."""
    return sum(1 for w in words(text) if any(ch.isalnum() for ch in w))


_EXCERPT_SLACK = 40  # tokenise a little past the cut so the last boundary is real


def _word_ends(text: str) -> list[int]:
    """Offsets in text where a word ends, found by locating each token in order."""
    ends, pos = [], 0
    for token in words(text):
        found = text.find(token, pos)
        if found < 0:
            break
        pos = found + len(token)
        ends.append(pos)
    return ends


def excerpt(text: str, max_chars: int = 160) -> str:
    """Whitespace-collapsed text cut at a word boundary to at most max_chars, with '…'."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    limit = max(max_chars - 1, 0)  # room for the ellipsis
    # Only the start matters, and tokenising a whole page per excerpt would fill the cache.
    ends = [e for e in _word_ends(flat[: max_chars + _EXCERPT_SLACK]) if e <= limit]
    cut = ends[-1] if ends else limit  # a single over-long word is cut hard
    return flat[:cut].rstrip() + "…"


# ---------------------------------------------------------------------------
# Slugs
# ---------------------------------------------------------------------------

# Thai consonants, vowels (leading, following and combining), tone marks, ฯ, ๆ and Thai
# digits; leaves out ฿ and the Thai punctuation signs ๏ ๚ ๛.
_SLUG_DROP_RE = re.compile("[^a-z0-9\u0e01-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59]+")


_ASCII_UPPER_RE = re.compile("[A-Z]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def thai_slug(text: str) -> str:
    """Anchor slug that keeps Thai and ASCII letters/digits: 'ข้อ 1. Budget' -> 'ข้อ-1-budget'."""
    # Lower-case only ASCII: other scripts are dropped anyway, and str.lower() could turn
    # some characters into ASCII ones (e.g. 'K' KELVIN SIGN -> 'k') and change old slugs.
    if _ASCII_UPPER_RE.search(text):  # translate costs a Thai heading 1.3 µs, the search 0.2
        text = text.translate(_ASCII_LOWER)
    slug = _SLUG_DROP_RE.sub("-", text).strip("-")
    return slug or "section"
