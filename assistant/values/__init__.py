"""Parsing the text of form cells into numbers, targets and dates: pure functions of the cell text.

text.py normalizes and compares cell text; numbers.py reads numbers, quantities and rates and
formats them back; targets.py takes a 年度指标值 apart (operator, number, unit, deadline).
"""

from .numbers import (
    Quantity,
    agrees_as_written,
    count_decimals,
    format_decimal,
    format_percent,
    parse_number,
    parse_percent,
    parse_quantity,
    rate_readings,
    round2,
    trailing_quantity,
    unit_in_name,
)
from .targets import (
    OPERATOR_SYMBOLS,
    Operator,
    Target,
    names_period,
    parse_deadline,
    parse_operator,
    parse_target,
)
from .text import BLANK_MARKS, bare_name, compact, is_blank, normalize, one_line

__all__ = [
    "BLANK_MARKS",
    "OPERATOR_SYMBOLS",
    "Operator",
    "Quantity",
    "Target",
    "agrees_as_written",
    "bare_name",
    "compact",
    "count_decimals",
    "format_decimal",
    "format_percent",
    "is_blank",
    "names_period",
    "normalize",
    "one_line",
    "parse_deadline",
    "parse_number",
    "parse_operator",
    "parse_percent",
    "parse_quantity",
    "parse_target",
    "rate_readings",
    "round2",
    "trailing_quantity",
    "unit_in_name",
]
