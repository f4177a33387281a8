"""Tests for itagen.thai: Thai digits, พ.ศ. dates, fiscal years, amounts, words and slugs."""
from __future__ import annotations

import datetime
import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itagen import thai
from itagen.thai import (
    THAI_MONTHS_LONG,
    THAI_MONTHS_SHORT,
    ThaiValueError,
    bahttext,
    collate,
    excerpt,
    fiscal_year_bounds,
    fiscal_year_of,
    format_amount,
    format_date,
    format_fiscal_range,
    format_month,
    format_number,
    in_first_half,
    parse_amount,
    parse_date,
    parse_fiscal_year,
    sort_key_thai,
    thai_slug,
    to_arabic_digits,
    to_thai_digits,
    word_count,
    words,
)

FAST = settings(max_examples=200, deadline=None)


# --- ThaiValueError ---------------------------------------------------------------------------

def test_error_carries_both_messages():
    e = ThaiValueError("ผิด", "wrong")
    assert isinstance(e, ValueError)
    assert (e.th, e.en) == ("ผิด", "wrong")
    assert str(e) == "ผิด (wrong)"


def test_error_survives_pickling():
    e = pickle.loads(pickle.dumps(ThaiValueError("ผิด", "wrong")))
    assert (e.th, e.en, str(e)) == ("ผิด", "wrong", "ผิด (wrong)")


# --- months and digits ------------------------------------------------------------------------

def test_month_tables():
    assert len(THAI_MONTHS_LONG) == len(THAI_MONTHS_SHORT) == 12
    assert THAI_MONTHS_LONG[0] == "มกราคม" and THAI_MONTHS_LONG[11] == "ธันวาคม"
    assert THAI_MONTHS_LONG[1] == "กุมภาพันธ์" and THAI_MONTHS_LONG[6] == "กรกฎาคม"
    assert " ".join(THAI_MONTHS_SHORT) == (
        "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."
    )


def test_digits():
    assert to_arabic_digits("๒๕๖๘") == "2568"
    assert to_arabic_digits("ปี ๒๕๖๘ ก.") == "ปี 2568 ก."
    assert to_thai_digits("2568-01") == "๒๕๖๘-๐๑"
    assert to_thai_digits("abc") == "abc"


@given(st.text())
@FAST
def test_digits_round_trip(text):
    assert to_arabic_digits(to_thai_digits(to_arabic_digits(text))) == to_arabic_digits(text)
    assert len(to_thai_digits(text)) == len(text)


# --- parse_date -------------------------------------------------------------------------------

JAN15 = date(2025, 1, 15)


@pytest.mark.parametrize("text", [
    "15 มกราคม 2568",
    "15 ม.ค. 2568",
    "15 ม.ค. 68",
    "15 มค 2568",
    "15 มค. 2568",
    "15 มกรา 2568",
    "15 ม.ค. พ.ศ. 2568",
    "15 มกราคม พ.ศ.2568",
    "15มกราคม2568",
    "๑๕ ม.ค. ๒๕๖๘",
    "๑๕ มกราคม พ.ศ. ๒๕๖๘",
    "วันที่ 15 มกราคม 2568",
    "วันพุธที่ 15 มกราคม พ.ศ. 2568",
    "วันอังคารที่ 15 ม.ค. 2568",
    "  15   ม.ค.\n2568  ",
    "15/01/2568",
    "15/1/68",
    "๑๕/๐๑/๒๕๖๘",
    "2025-01-15",
    "2568-01-15",
    "15 ม.ค. ค.ศ. 2025",
])
def test_parse_date_accepts(text):
    assert parse_date(text) == JAN15


@pytest.mark.parametrize("month", range(1, 13))
def test_parse_date_every_month_name(month):
    expected = date(2024, month, 1)
    assert parse_date(f"1 {THAI_MONTHS_LONG[month - 1]} 2567") == expected
    assert parse_date(f"1 {THAI_MONTHS_SHORT[month - 1]} 2567") == expected
    assert parse_date(f"1 {THAI_MONTHS_SHORT[month - 1].replace('.', '')} 67") == expected


def test_parse_date_date_objects():
    assert parse_date(JAN15) == JAN15
    assert parse_date(date(2568, 1, 15)) == JAN15  # YAML reads 2568-01-15 as a date
    assert parse_date(datetime.datetime(2025, 1, 15, 9, 30)) == JAN15
    assert type(parse_date(datetime.datetime(2025, 1, 15))) is date


def test_parse_date_leap_day():
    assert parse_date("29 ก.พ. 2567") == date(2024, 2, 29)
    with pytest.raises(ThaiValueError):
        parse_date("29 ก.พ. 2568")


def test_parse_date_impossible_day_message():
    with pytest.raises(ThaiValueError) as info:
        parse_date("31 ก.พ. 2568")
    assert info.value.th == "ไม่มีวันที่ 31 ในเดือนกุมภาพันธ์ พ.ศ. 2568"
    assert "31" in info.value.en


def test_parse_date_ce_year_in_thai_date_suggests_be():
    with pytest.raises(ThaiValueError) as info:
        parse_date("15 ม.ค. 2025")
    assert "ค.ศ." in info.value.th and "พ.ศ. 2568" in info.value.th
    assert "CE" in info.value.en and "2568" in info.value.en
    with pytest.raises(ThaiValueError, match="2568"):
        parse_date("15/01/2025")


@pytest.mark.parametrize("text", [
    "", "   ", "hello", "15", "ม.ค. 2568", "15 ม.ค.", "วันนี้", "32 ม.ค. 2568",
    "0 ม.ค. 2568", "15 มกร 2568", "15 Jan 2568", "2568-13-01", "2568-02-30",
    "1 ม.ค. 2800", "1 ม.ค. 2300", "2300-01-01", "0000-01-01", "15/13/2568", "๑๕ ม.ค. ๓๐๐๐",
])
def test_parse_date_rejects(text):
    with pytest.raises(ThaiValueError) as info:
        parse_date(text)
    assert info.value.th and info.value.en


def test_parse_date_out_of_range_message():
    with pytest.raises(ThaiValueError, match="2400"):
        parse_date("1 ม.ค. 2800")


@pytest.mark.parametrize("value", [None, 2568, 1.5, True, ["15 ม.ค. 2568"], date(1000, 1, 1),
                                   date(2300, 1, 1), date(2800, 1, 1), date(2572, 2, 29)])
def test_parse_date_rejects_other_values(value):
    with pytest.raises(ThaiValueError):
        parse_date(value)


@given(st.text())
@FAST
def test_parse_date_total_on_text(text):
    try:
        result = parse_date(text)
    except ThaiValueError:
        return
    assert isinstance(result, date)
    assert 2400 <= result.year + 543 <= 2700


@given(st.from_regex(r"\A[0-9๐-๙]{1,2} ?[ก-ฮ.]{2,6} ?(พ\.ศ\. ?)?[0-9๐-๙]{2,4}\Z"))
@FAST
def test_parse_date_total_on_date_like_text(text):
    try:
        assert isinstance(parse_date(text), date)
    except ThaiValueError:
        pass


@given(st.integers() | st.floats() | st.none() | st.booleans())
@FAST
def test_parse_date_total_on_other_values(value):
    with pytest.raises(ThaiValueError):
        parse_date(value)


@given(st.dates(min_value=date(1857, 1, 1), max_value=date(2157, 12, 31)),
       st.sampled_from(["long", "short"]), st.sampled_from(["arabic", "thai"]))
@FAST
def test_format_then_parse_round_trip(d, style, digits):
    assert parse_date(format_date(d, style, digits)) == d
    assert parse_date(d.isoformat()) == d


@pytest.mark.parametrize("text", ["15 มกราคม 2568", "1 ต.ค. 2567", "29 กุมภาพันธ์ 2567"])
def test_parse_then_format_round_trip(text):
    style = "short" if "." in text else "long"
    assert format_date(parse_date(text), style) == text


# --- fiscal years -----------------------------------------------------------------------------

@pytest.mark.parametrize("value", [2568, "2568", "๒๕๖๘", " 2568 ", "พ.ศ. 2568", "ปีงบประมาณ 2568",
                                   "ปีงบประมาณ พ.ศ. ๒๕๖๘"])
def test_parse_fiscal_year_accepts(value):
    assert parse_fiscal_year(value) == 2568


def test_parse_fiscal_year_ce_suggests_be():
    for value in (2025, "2025", "๒๐๒๕"):
        with pytest.raises(ThaiValueError) as info:
            parse_fiscal_year(value)
        assert "2568" in info.value.th and "ค.ศ." in info.value.th
        assert "2568" in info.value.en


@pytest.mark.parametrize("value", [2399, 2701, 0, -2568, "68", "abc", "", "2568.0", True, None,
                                   2568.0, Decimal(2568)])
def test_parse_fiscal_year_rejects(value):
    with pytest.raises(ThaiValueError):
        parse_fiscal_year(value)


def test_huge_ints_give_thai_errors_not_conversion_errors():
    # Python refuses str() on ints this long; the message must still be built.
    with pytest.raises(ThaiValueError):
        parse_fiscal_year(10 ** 5000)
    with pytest.raises(ThaiValueError):
        parse_amount(-(10 ** 5000))
    assert parse_amount(10 ** 5000) == Decimal(10) ** 5000


def test_parse_fiscal_year_bounds_inclusive():
    assert parse_fiscal_year(2400) == 2400
    assert parse_fiscal_year(2700) == 2700


@given(st.text() | st.integers() | st.floats() | st.none())
@FAST
def test_parse_fiscal_year_total(value):
    try:
        result = parse_fiscal_year(value)
    except ThaiValueError:
        return
    assert isinstance(result, int) and 2400 <= result <= 2700


def test_fiscal_year_of():
    assert fiscal_year_of(date(2024, 10, 1)) == 2568
    assert fiscal_year_of(date(2024, 9, 30)) == 2567
    assert fiscal_year_of(date(2025, 9, 30)) == 2568
    assert fiscal_year_of(date(2025, 1, 1)) == 2568


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
@FAST
def test_fiscal_year_of_lies_within_its_bounds(d):
    start, end = fiscal_year_bounds(fiscal_year_of(d))
    assert start <= d <= end


def test_in_first_half():
    assert in_first_half(date(2024, 10, 1), 2568)
    assert in_first_half(date(2025, 3, 31), 2568)
    assert not in_first_half(date(2025, 4, 1), 2568)
    assert not in_first_half(date(2024, 9, 30), 2568)
    assert not in_first_half(date(2025, 1, 15), 2567)


# --- amounts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (1000, Decimal("1000")),
    (0, Decimal("0")),
    (0.1, Decimal("0.1")),
    (1234.5, Decimal("1234.5")),
    (Decimal("12.50"), Decimal("12.50")),
    ("1,234,567.50", Decimal("1234567.50")),
    ("1,234,567.50 บาท", Decimal("1234567.50")),
    ("1234บาท", Decimal("1234")),
    ("๑,๒๓๔.๕๐", Decimal("1234.50")),
    ("  500 ", Decimal("500")),
    ("1 234 567", Decimal("1234567")),
    (".5", Decimal("0.5")),
    ("฿100", Decimal("100")),
    (Decimal("-0"), Decimal("0")),
    (-0.0, Decimal("0.0")),
])
def test_parse_amount_accepts(value, expected):
    result = parse_amount(value)
    assert isinstance(result, Decimal)
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize("value", ["-5", "-1,000.00 บาท", -1, -0.5, Decimal("-0.01")])
def test_parse_amount_rejects_negative(value):
    with pytest.raises(ThaiValueError) as info:
        parse_amount(value)
    assert "ติดลบ" in info.value.th and "negative" in info.value.en


@pytest.mark.parametrize("value", [True, False, None, "", "abc", "1,5", "12,34.5", "1.2.3", "1e5",
                                   "บาท", float("nan"), float("inf"), Decimal("NaN"),
                                   Decimal("Infinity"), [1], "๑๒x"])
def test_parse_amount_rejects_garbage(value):
    with pytest.raises(ThaiValueError):
        parse_amount(value)


@given(st.text() | st.integers() | st.floats() | st.decimals() | st.none() | st.booleans())
@FAST
def test_parse_amount_total(value):
    try:
        result = parse_amount(value)
    except ThaiValueError:
        return
    assert isinstance(result, Decimal) and result >= 0


@given(st.decimals(min_value=0, max_value=10 ** 12, places=2))
@FAST
def test_format_then_parse_amount_round_trip(value):
    assert parse_amount(format_amount(value)) == value
    assert parse_amount(format_amount(value, digits="thai") + " บาท") == value


# --- formatting -------------------------------------------------------------------------------

def test_format_date():
    assert format_date(JAN15) == "15 มกราคม 2568"
    assert format_date(JAN15, "short") == "15 ม.ค. 2568"
    assert format_date(JAN15, "short", "thai") == "๑๕ ม.ค. ๒๕๖๘"
    assert format_date(date(2568, 1, 15)) == "15 มกราคม 2568"  # already พ.ศ.: not shifted twice


def test_format_rejects_unknown_options():
    with pytest.raises(ValueError):
        format_date(JAN15, "medium")
    with pytest.raises(ValueError):
        format_date(JAN15, digits="roman")
    with pytest.raises(ValueError):
        format_month(2025, 13)


def test_format_month():
    assert format_month(2025, 1) == "มกราคม 2568"
    assert format_month(2024, 10, "short") == "ต.ค. 2567"
    assert format_month(2024, 12, digits="thai") == "ธันวาคม ๒๕๖๗"


def test_format_fiscal_range():
    assert format_fiscal_range(2568) == "1 ต.ค. 2567 \u2013 30 ก.ย. 2568"
    assert format_fiscal_range(2568, "thai") == "๑ ต.ค. ๒๕๖๗ \u2013 ๓๐ ก.ย. ๒๕๖๘"


@pytest.mark.parametrize("value, expected", [
    (Decimal("1234567.5"), "1,234,567.50"),
    (Decimal("0"), "0.00"),
    (Decimal("0.005"), "0.01"),  # half up, the way baht amounts are rounded
    (Decimal("999.994"), "999.99"),
    (Decimal("1E+3"), "1,000.00"),
    (1000, "1,000.00"),
    (Decimal("1e30"), "1,000,000,000,000,000,000,000,000,000,000.00"),
])
def test_format_amount(value, expected):
    assert format_amount(value) == expected


def test_format_amount_thai_digits():
    assert format_amount(Decimal("1234.5"), digits="thai") == "๑,๒๓๔.๕๐"


@pytest.mark.parametrize("value, expected", [
    (1234567, "1,234,567"),
    (0, "0"),
    (-1234, "-1,234"),
    (Decimal("1234.500"), "1,234.500"),
    (Decimal("1234"), "1,234"),
    (Decimal("1E+3"), "1,000"),
    (0.1, "0.1"),
])
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_format_number_thai_digits_and_bad_input():
    assert format_number(1234, digits="thai") == "๑,๒๓๔"
    with pytest.raises(TypeError):
        format_number("1234")
    with pytest.raises(TypeError):
        format_number(True)


# --- bahttext ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (Decimal("1234567.50"), "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทห้าสิบสตางค์"),
    (Decimal("0"), "ศูนย์บาทถ้วน"),
    (Decimal("1"), "หนึ่งบาทถ้วน"),
    (Decimal("21"), "ยี่สิบเอ็ดบาทถ้วน"),
    (Decimal("100.01"), "หนึ่งร้อยบาทหนึ่งสตางค์"),
    (Decimal("1000000"), "หนึ่งล้านบาทถ้วน"),
    (Decimal("0.005"), "ศูนย์บาทหนึ่งสตางค์"),
    (Decimal("-21"), "ลบยี่สิบเอ็ดบาทถ้วน"),
])
def test_bahttext(value, expected):
    assert bahttext(value) == expected


def test_bahttext_keeps_satang_of_large_amounts():
    # A float would lose the last satang here.
    assert bahttext(Decimal("12345678901234567.89")).endswith("แปดสิบเก้าสตางค์")


@given(st.decimals(min_value=0, max_value=10 ** 12, places=2))
@FAST
def test_bahttext_matches_pythainlp(value):
    from pythainlp.util import bahttext as reference

    assert bahttext(value) == reference(float(value))


# --- sorting ----------------------------------------------------------------------------------

NAMES = ["ไก่", "เกิด", "กาล", "เป็ด", "หมู", "วัว", "วันที่", "ขวด", "ก", "abc", "Zebra", "๑๒"]


def test_collate_matches_pythainlp():
    from pythainlp.util import collate as reference

    assert collate(NAMES) == reference(NAMES)
    assert sorted(NAMES, key=sort_key_thai) == reference(NAMES)
    assert collate(["ไก่", "เกิด", "กาล", "เป็ด", "หมู", "วัว", "วันที่"]) == [
        "กาล", "เกิด", "ไก่", "เป็ด", "วันที่", "วัว", "หมู"]


def test_collate_is_deterministic_for_ties():
    # Same pythainlp key (tone mark on a different consonant): order must not follow input.
    tied = ["กก่", "ก่ก"]
    assert collate(tied) == collate(list(reversed(tied)))


def test_our_collation_key_agrees_with_pythainlp():
    from pythainlp.util.collate import _thkey

    for name in NAMES + ["เก้า", "แม่", "ไม้", "โต๊ะ", "ใส่"]:
        assert thai._thai_key(name) == _thkey(name)


@given(st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)))
@FAST
def test_our_collation_key_agrees_with_pythainlp_on_any_thai_text(text):
    from pythainlp.util.collate import _thkey

    assert thai._thai_key(text) == _thkey(text)


@pytest.mark.parametrize("number, words", [
    (0, "ศูนย์"), (1, "หนึ่ง"), (10, "สิบ"), (11, "สิบเอ็ด"), (21, "ยี่สิบเอ็ด"), (101, "หนึ่งร้อยเอ็ด"),
    (110_010, "หนึ่งแสนหนึ่งหมื่นสิบ"), (1_000_001, "หนึ่งล้านเอ็ด"), (11_000_000, "สิบเอ็ดล้าน"),
    (10 ** 12, "หนึ่งล้านล้าน"), (-21, "ลบยี่สิบเอ็ด"),
])
def test_number_words(number, words):
    assert thai.number_words(number) == words


@given(st.integers(min_value=-10 ** 20, max_value=10 ** 20))
@FAST
def test_number_words_match_pythainlp(number):
    from pythainlp.util import num_to_thaiword

    assert thai.number_words(number) == num_to_thaiword(number)


def test_amounts_and_sorting_do_not_import_pythainlp():
    """Importing pythainlp costs 0.1 s: only word segmentation (the search index) may."""
    import subprocess
    import sys

    code = ("import sys; from decimal import Decimal; from itagen import thai; "
            "thai.bahttext(Decimal('1234.5')); thai.collate(['ไก่', 'กาล']); "
            "print('pythainlp' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E4E)),
                max_size=8))
@FAST
def test_collate_is_order_independent(texts):
    assert collate(texts) == collate(list(reversed(texts)))
    assert sorted(collate(texts)) == sorted(texts)


# --- words ------------------------------------------------------------------------------------

def test_words():
    assert words("สวัสดีครับ") == ["สวัสดี", "ครับ"]
    assert words("") == []
    assert "\n" not in words("ก\nข\tค\u00a0ง")


def test_words_returns_a_fresh_list():
    words("สวัสดีครับ").append("x")
    assert words("สวัสดีครับ") == ["สวัสดี", "ครับ"]


def test_word_count():
    assert word_count("สวัสดีครับ ผมชื่อสมชาย") >= 4
    assert word_count("hello, world!") == 2
    assert word_count("ปี 2568") == 2
    assert word_count("") == 0
    assert word_count(" , . ! ") == 0


# --- excerpt ----------------------------------------------------------------------------------

LONG_TH = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ " * 6


def test_excerpt_short_text_unchanged_but_collapsed():
    assert excerpt("  สวัสดี \n\n ครับ  ") == "สวัสดี ครับ"


def test_excerpt_cuts_at_thai_word_boundary():
    result = excerpt(LONG_TH, 50)
    assert result.endswith("…")
    assert len(result) <= 50
    body = result[:-1]
    assert LONG_TH.startswith(body)
    # The cut falls between two words of the tokeniser, never inside one.
    assert "".join(words(LONG_TH[: len(body) + 60])).startswith("".join(words(body)))
    assert body.endswith(tuple(words(LONG_TH[:200])))


def test_excerpt_hard_cuts_a_single_long_word():
    assert excerpt("a" * 300, 10) == "a" * 9 + "…"


@given(st.text(), st.integers(min_value=1, max_value=200))
@settings(max_examples=100, deadline=None)
def test_excerpt_never_exceeds_limit(text, limit):
    result = excerpt(text, limit)
    assert len(result) <= limit
    flat = " ".join(text.split())
    assert result == flat or (result.endswith("…") and flat.startswith(result[:-1]))


# --- slugs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ข้อมูลพื้นฐาน", "ข้อมูลพื้นฐาน"),
    ("ข้อ 1. Budget Plan", "ข้อ-1-budget-plan"),
    ("O1 โครงสร้าง", "o1-โครงสร้าง"),
    ("  --แผน   ดำเนินงาน!!  ", "แผน-ดำเนินงาน"),
    ("ปี ๒๕๖๘ (ITA)", "ปี-๒๕๖๘-ita"),
    ("ราคา ฿100", "ราคา-100"),
    ("กรุงเทพฯ และ ต่างๆ", "กรุงเทพฯ-และ-ต่างๆ"),
    ("!!!", "section"),
    ("", "section"),
    ("日本語", "section"),
])
def test_thai_slug(text, expected):
    assert thai_slug(text) == expected


def test_thai_slug_keeps_combining_marks():
    # Vowels above/below and tone marks are part of the word, not punctuation.
    assert thai_slug("กิ่งไม้ ที่สุด") == "กิ่งไม้-ที่สุด"


@given(st.text())
@FAST
def test_thai_slug_is_clean_and_stable(text):
    slug = thai_slug(text)
    assert slug and slug == thai_slug(text)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert slug == slug.lower() or not slug.isascii()
    assert thai_slug(slug) == slug
