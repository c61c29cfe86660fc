"""Numbers are read right or flagged, never cut: invisible characters, grouping, exponents,
Chinese numerals, 万/亿, two amounts in one cell, negative money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.checks import run_checks
from assistant.form import NumberCell
from assistant.values import parse_number, parse_quantity, parse_target
from tests.factories import good_form

READ_WHOLE = {
    "zero-width-space": ("1960\u200b.5869", "1960.5869"),
    "zero-width-in-digits": ("1\u200b9\u200c6\u200d0.5\u20608\ufeff69", "1960.5869"),
    "comma-grouping": ("1,960.5869", "1960.5869"),
    "space-grouping": ("1 960.5869", "1960.5869"),
    "thin-space-grouping": ("1\u2009960.5869", "1960.5869"),
    "exponent-upper": ("1.2E3", "1200"),
    "exponent-lower": ("1e3", "1000"),
    "full-width": ("１，９６０．５８６９", "1960.5869"),
    "same-amount-twice": ("2000（2000）", "2000"),
    "money-unit-written": ("2175.97万元", "2175.97"),
}


@pytest.mark.parametrize("case", sorted(READ_WHOLE))
def test_a_number_cell_reads_whole(case: str) -> None:
    text, expected = READ_WHOLE[case]
    assert parse_number(text) == Decimal(expected)


UNREADABLE = {
    "two-amounts": "1960.5869 或 2175.9657",
    "two-amounts-glued-by-note": "1960（调整后2000）",
    "scaled-wan": "2万",
    "scaled-yi": "1.5亿",
    "huge-exponent": "1e999999",
    "too-many-digits": "9" * 40,
    "too-many-decimals": "0." + "1" * 30,
    "broken-grouping": "1,9600",
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_ambiguous_number_cell_is_unreadable_never_cut(case: str) -> None:
    cell = NumberCell(text=UNREADABLE[case])
    assert cell.value is None and cell.unreadable


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("一百五十四人", "154", "人"),
        ("两万", "20000", ""),
        ("十五个", "15", "个"),
        ("三千零五十户", "3050", "户"),
    ],
)
def test_chinese_numerals_in_quantities(text: str, number: str, unit: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None and (quantity.number, quantity.unit) == (Decimal(number), unit)


def test_a_chinese_numeral_target_keeps_its_operator_and_words_stay_words() -> None:
    target = parse_target("≥一百五十四人")
    assert (target.kind, target.operator, target.number, target.unit) == ("numeric", ">=", Decimal(154), "人")
    for words in ("一次性发放到位", "进一步提高", "统一管理", "一级指标"):
        assert parse_quantity(words) is None


def _funds_findings(field: str, text: str) -> list:
    form = good_form()
    setattr(form.funds.total, field, NumberCell(text=text))
    return [f for f in run_checks(form) if f.code == "FUND-MISSING"]


@pytest.mark.parametrize("minus", ["-", "\u2212", "－"])
@pytest.mark.parametrize("field", ["full_year_budget", "executed"])
def test_negative_money_is_fund_missing(field: str, minus: str) -> None:
    findings = _funds_findings(field, f"{minus}2000")
    assert len(findings) == 1 and "金额不能为负" in findings[0].message, findings


@pytest.mark.parametrize("field", ["full_year_budget", "executed"])
def test_two_amounts_in_a_money_cell_are_fund_missing(field: str) -> None:
    findings = _funds_findings(field, "2000 或 1800")
    assert len(findings) == 1 and "无法识别" in findings[0].message, findings


def test_two_scores_in_a_cell_are_value_unreadable() -> None:
    form = good_form()
    form.indicators[0].score = NumberCell(text="9.5（扣0.5分）")
    assert any(f.code == "VALUE-UNREADABLE" for f in run_checks(form))
