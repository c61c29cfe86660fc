"""The number, target and date parsers on the spellings published forms use."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.values import (
    count_decimals,
    format_decimal,
    format_percent,
    is_blank,
    names_period,
    parse_deadline,
    parse_number,
    parse_percent,
    parse_quantity,
    parse_target,
)
from assistant.values.text import _TRANSLATE, nfkc, normalize, one_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2175.9657", Decimal("2175.9657")),
        ("１９６０．５８６９", Decimal("1960.5869")),  # full-width digits and point
        ("1,960.5869", Decimal("1960.5869")),
        ("约20", Decimal("20")),
        ("  10 ", Decimal("10")),
        ("387664.62元", Decimal("387664.62")),
        ("100%", Decimal("100")),
    ],
)
def test_parse_number_reads_published_spellings(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "—", "-", "/", "  ", "——", "无"])
def test_blank_marks_are_blank_not_zero(text: str) -> None:
    assert parse_number(text) is None
    assert is_blank(text)


def test_text_without_a_number_is_unreadable_not_blank() -> None:
    assert parse_number("按实际支出") is None
    assert not is_blank("按实际支出")


def test_money_is_decimal_exactly() -> None:
    value = parse_number("0.1")
    assert isinstance(value, Decimal) and value * 3 == Decimal("0.3")


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("90.10%", Decimal("90.10")),
        ("100％", Decimal("100")),
        ("0.901", Decimal("90.100")),
        ("99", Decimal("99")),
    ],
)
def test_parse_percent(text: str, percent: Decimal) -> None:
    assert parse_percent(text) == percent


@pytest.mark.parametrize(
    ("text", "operator", "number", "unit"),
    [
        ("≥154人", ">=", Decimal("154"), "人"),
        ("≧735人次", ">=", Decimal("735"), "人次"),
        ("═100%", "=", Decimal("100"), "%"),
        ("≤2175.97万元", "<=", Decimal("2175.97"), "万元"),
        ("不低于90%", ">=", Decimal("90"), "%"),
        ("不超过5%", "<=", Decimal("5"), "%"),
        ("不高于3次", "<=", Decimal("3"), "次"),
        ("95%以上", ">=", Decimal("95"), "%"),
        ("3天以内", "<=", Decimal("3"), "天"),
        ("满意度100%", None, Decimal("100"), "%"),
        ("＞８０分", ">", Decimal("80"), "分"),
    ],
)
def test_parse_target_operator_number_unit(
    text: str, operator: str | None, number: Decimal, unit: str
) -> None:
    target = parse_target(text)
    assert (target.kind, target.operator, target.number, target.unit) == ("numeric", operator, number, unit)


def test_parse_target_split_cells() -> None:
    target = parse_target("735", operator_text="≧", unit_text="人次")
    assert (target.operator, target.number, target.unit) == (">=", Decimal("735"), "人次")
    assert parse_target("100", operator_text="═", unit_text="%").operator == "="


def test_parse_target_kinds() -> None:
    assert parse_target("").kind == "blank"
    assert parse_target("—").kind == "blank"
    assert parse_target("环境建设").kind == "qualitative"
    deadline = parse_target("2020年12月前完成")
    assert deadline.kind == "date" and deadline.deadline == date(2020, 12, 31)
    assert parse_target("12月31日前", year=2021).deadline == date(2021, 12, 31)
    assert parse_target("≤ 2020-06").deadline == date(2020, 6, 30)


def test_quantity_and_decimals() -> None:
    quantity = parse_quantity("保障10个社区154名社工")
    assert quantity is not None and (quantity.number, quantity.unit) == (Decimal("10"), "个")
    assert count_decimals("99%") == 0 and count_decimals("90.10%") == 2


def test_deadline_and_period_words() -> None:
    assert parse_deadline("2020年6月15日前") == date(2020, 6, 15)
    assert parse_deadline("按全年计划进行") is None
    assert names_period("每月10日前发放")
    assert names_period("2020年底前")
    assert not names_period("按全年计划进行")
    assert not names_period("及时高效")


@pytest.mark.parametrize(
    "text",
    [
        "≤7天",
        "10个工作日内",
        "≤3日",
        "每月10日前",
        "节前",
        "春节前完成",
        "按季度拨付",
        "24小时内",
        "按学期发放",
    ],
)
def test_time_limits_name_a_period(text: str) -> None:
    assert names_period(text)


def test_formatting() -> None:
    assert format_percent(Decimal("90.1012")) == "90.10%"
    assert format_decimal(Decimal("9.0100")) == "9.01"
    assert format_decimal(Decimal("100")) == "100"


# --- properties ------------------------------------------------------------------------------

decimals = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False)


@given(decimals)
def test_any_plain_decimal_round_trips(value: Decimal) -> None:
    assert parse_number(format(value, "f")) == value


@given(decimals)
def test_thousands_separators_do_not_change_the_value(value: Decimal) -> None:
    assert parse_number(f"{value:,f}") == value


@given(decimals)
def test_full_width_digits_read_as_ascii(value: Decimal) -> None:
    wide = format(value, "f").translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_number(wide) == value


@given(decimals, st.sampled_from(["≥", "≧", "不低于", ">="]), st.sampled_from(["人", "%", "万元", "个"]))
def test_forward_targets_parse_whatever_the_spelling(value: Decimal, op: str, unit: str) -> None:
    target = parse_target(f"{op}{format(value, 'f')}{unit}")
    assert (target.operator, target.number, target.unit) == (">=", value, unit)


def test_the_unit_in_an_indicator_names_brackets() -> None:
    from assistant.values import unit_in_name

    assert unit_in_name("培训人数（人次）") == "人次"
    assert unit_in_name("经费支出(万元)") == "万元"
    assert unit_in_name("覆盖率（%）") == "%"
    assert unit_in_name("居民满意度（问卷调查）") == ""
    assert unit_in_name("培训人数") == ""


_WIDE_AND_COMBINING = "（）：，％０１２ＡＢａｂ\u3000\u0301\u0327Åé①㎡℃…一二 ."


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    | st.text(alphabet=_WIDE_AND_COMBINING, max_size=20)
)
def test_nfkc_shortcut_is_nfkc(text: str) -> None:
    """The full-width shortcut gives exactly what unicodedata's NFKC gives, combining marks too."""
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_normalize_collapses_whitespace_as_the_regex_did(text: str) -> None:
    """normalize and one_line join on str.split(): the same as re's \\s+ collapsed and stripped."""
    assert one_line(text) == re.sub(r"\s+", " ", text).strip()
    assert normalize(text) == re.sub(r"\s+", " ", nfkc(text.translate(_TRANSLATE))).strip()


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        (".123456789012", True),  # twelve decimals: the most a number may have
        ("0.123456789012", True),
        ("-0.123456789012", True),
        ("0.1234567890123", False),  # thirteen: unreadable, not a Decimal with a long tail
        ("1.2E-13", False),
        ("1.2E-3", True),
        ("123456789012345", True),  # fifteen integer digits
        ("1234567890123456", False),  # sixteen: beyond any budget
    ],
)
def test_a_number_has_at_most_twelve_decimals_and_fifteen_integer_digits(text: str, readable: bool) -> None:
    assert (parse_number(text) is not None) is readable
