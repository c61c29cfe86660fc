"""A 年度指标值 taken apart: operator (≧ ═ 不低于 or a trailing 以上), number and unit, or a deadline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from .numbers import Quantity, parse_quantity, starts_with_number
from .text import _memo, compact, is_blank, normalize

Operator = Literal[">=", "<=", "=", ">", "<"]

# Longest spellings first: "不低于" before "低于".
_PREFIX_OPERATORS: tuple[tuple[str, Operator], ...] = (
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("至少", ">="),
    ("达到", ">="),
    ("不高于", "<="),
    ("不超过", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("最多", "<="),
    ("控制在", "<="),
    (">=", ">="),
    ("≥", ">="),
    ("<=", "<="),
    ("≤", "<="),
    ("==", "="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("=", "="),
    (">", ">"),
    ("<", "<"),
)
_ANY_PREFIX_OPERATOR = re.compile("|".join(re.escape(spelling) for spelling, _ in _PREFIX_OPERATORS))
_SUFFIX_OPERATORS: tuple[tuple[str, Operator], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以内", "<="),
    ("以下", "<="),
)
# A time limit or a time of day written with 内/前 after it: the number is a ceiling, not a count.
_WITHIN_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:个)?(?:工作日|小时|日|天|号|时|周|个月|月)(?:之?内|之?前)")
OPERATOR_SYMBOLS: dict[Operator, str] = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def parse_operator(text: str | None) -> Operator | None:
    """An operator written alone, as in the 指标性质 column ("≧", "═", "不低于", "正向")."""
    text = compact(text)
    if not text:
        return None
    for spelling, operator in _PREFIX_OPERATORS:
        if text == spelling:
            return operator
    return {"正向": ">=", "反向": "<=", "等于": "=", "定量": None}.get(text)  # type: ignore[return-value]


_DATE_RE = re.compile(
    r"(?:(?P<y>\d{4})\s*年)?\s*(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<end>底|末))?"
)
_ISO_DATE_RE = re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})(?:[-./](?P<d>\d{1,2}))?")
_DURATION = r"\d+(?:\.\d+)?\s*(?:个)?(?:工作日|日|天|小时|分钟|周|个月|月|季度|年)"
_PERIOD_RE = re.compile(
    rf"(\d{{4}}\s*年|\d{{1,2}}\s*月|{_DURATION}(?:内|以内|之内)|(?:≤|<|不超过|不多于)\s*{_DURATION}|"
    r"每(?:月|季|季度|年|周|日|学期)|按(?:月|季|季度|年|周|日|学期|年度)|"
    r"年底|年末|年内|月底|月末|季度末|上半年|下半年|年度内|\d+\s*月前|日前|节前|节日前|"
    r"(?:春|元宵|端午|中秋|国庆|重阳|元旦)节(?:前|期间))"
)


@_memo
def parse_deadline(text: str | None, year: int | None = None) -> date | None:
    """A date named in the text ("2020年12月前", "12月31日前", "2020-06"), end of month if no day."""
    text = normalize(text)
    # _DATE_RE may start anywhere and backtracks at every character of a long text: ask it only
    # when the text has the 月 it cannot match without.
    for regex in (_ISO_DATE_RE, _DATE_RE) if "月" in text else (_ISO_DATE_RE,):
        for match in regex.finditer(text):
            y = int(match.group("y")) if match.group("y") else year
            m = int(match.group("m"))
            if y is None or not 1 <= m <= 12 or not 1900 <= y <= 2200:
                continue
            d = match.group("d")
            day = int(d) if d else _month_end(y, m)
            try:
                return date(y, m, day)
            except ValueError:
                continue
    return None


def _month_end(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


@_memo
def names_period(text: str | None) -> bool:
    """Whether the text names a date or a period: a 时效指标 must."""
    return bool(_PERIOD_RE.search(normalize(text)))


@dataclass(frozen=True)
class Target:
    """A 年度指标值 taken apart: operator + number + unit, a deadline, or a qualitative text."""

    kind: Literal["numeric", "date", "qualitative", "blank"]
    operator: Operator | None = None
    number: Decimal | None = None
    unit: str = ""
    deadline: date | None = None

    @property
    def quantity(self) -> Quantity | None:
        return Quantity(self.number, self.unit) if self.number is not None else None

    @property
    def is_reverse(self) -> bool:
        return self.operator in ("<=", "<")


@_memo
def parse_target(
    text: str | None,
    operator_text: str | None = None,
    unit_text: str | None = None,
    year: int | None = None,
) -> Target:
    """Parse a target cell, or the three split cells 指标性质 / 指标值 / 度量单位."""
    norm = normalize(text)
    if is_blank(norm):
        return Target("blank")
    deadline = parse_deadline(norm, year)
    operator = parse_operator(operator_text) if operator_text else None
    body = norm
    if operator is None and _ANY_PREFIX_OPERATOR.search(body):  # one scan before 26 finds
        for spelling, op in _PREFIX_OPERATORS:
            index = body.find(spelling)
            if index != -1 and starts_with_number(body[index + len(spelling) :].lstrip()):
                operator = op
                body = body[index + len(spelling) :]
                break
    if operator is None:
        for spelling, op in _SUFFIX_OPERATORS:
            if spelling in body:
                operator = op
                break
    if operator is None and _WITHIN_RE.search(body):
        operator = "<="  # "15日内", "10个工作日内", "每月10日前", "每日7时前": sooner is better
    if deadline is not None and (operator is None or operator in ("<=", "<")):
        return Target("date", operator, deadline=deadline)
    quantity = parse_quantity(body)
    if quantity is None:
        return Target("qualitative", operator)
    unit = compact(unit_text) if unit_text and not is_blank(unit_text) else quantity.unit
    return Target("numeric", operator, quantity.number, unit)
