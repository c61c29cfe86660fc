"""Parsing the text of form cells into numbers, targets and dates.

Published forms write numbers every way a keyboard allows: full-width digits, thousands
separators, "约…", "—" for nothing, operators as ≧ ═ 不低于 or a trailing 以上. Everything here
is a pure function of the cell text; money is Decimal, never float.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

Operator = Literal[">=", "<=", "=", ">", "<"]

# Cells that mean "nothing here" rather than an unreadable value.
BLANK_MARKS = frozenset({"", "—", "–", "-", "--", "——", "/", "／", "无", "空", "…", "……", "\\"})

_TRANSLATE = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "═": "=",
        "＝": "=",
        "﹦": "=",
        "＞": ">",
        "＜": "<",
        "．": ".",
        "。": "。",
        "，": "，",
        "\u3000": " ",
        "\xa0": " ",
    }
)


# Parsers are pure functions of short cell texts that recur on every keystroke-level re-check:
# memoize them so that checking a form stays well under 2 ms.
_memo = lru_cache(maxsize=8192)


@_memo
def normalize(text: str | None) -> str:
    """NFKC (full-width digits and %), unify operator glyphs, collapse whitespace."""
    if not text:
        return ""
    text = text.translate(_TRANSLATE)
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def one_line(text: str | None) -> str:
    """The text as written, on one line: for quoting a cell in a message."""
    return re.sub(r"\s+", " ", text or "").strip()


@_memo
def compact(text: str | None) -> str:
    """Normalized text with every space removed: for comparing labels and cell contents."""
    return re.sub(r"\s+", "", normalize(text))


def is_blank(text: str | None) -> bool:
    return compact(text) in BLANK_MARKS


_NUMBER = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
# A number followed by its unit: "154名", "2175.97万元", "95%", "12个月".
_QUANTITY_RE = re.compile(
    rf"(?P<num>{_NUMBER})\s*(?P<unit>%|‰|[A-Za-z]+|[^\d\s,.;，。；、:：()（）≥≤=<>]{{0,4}})"
)


def _to_decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Quantity:
    """A number with the unit written after it ("" when none)."""

    number: Decimal
    unit: str = ""

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


# Units: the parts of a trailing word that are a unit, longest first.
_UNITS = (
    "万元",
    "千元",
    "亿元",
    "元",
    "人次",
    "户次",
    "个月",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "工作日",
    "%",
    "‰",
    "人",
    "名",
    "位",
    "户",
    "个",
    "次",
    "项",
    "件",
    "场",
    "期",
    "批",
    "家",
    "所",
    "处",
    "座",
    "台",
    "套",
    "辆",
    "株",
    "棵",
    "亩",
    "米",
    "天",
    "日",
    "月",
    "年",
    "小时",
    "分钟",
    "周",
    "季度",
    "篇",
    "份",
    "本",
    "册",
    "条",
    "类",
    "张",
    "间",
    "吨",
    "公斤",
    "千克",
    "元/人",
    "元/月",
    "元/年",
    "万人",
    "所次",
    "课时",
    "学时",
    "小区",
    "社区",
    "村",
    "部",
    "种",
)


def _split_unit(word: str) -> str:
    for unit in sorted(_UNITS, key=len, reverse=True):
        if word.startswith(unit):
            return unit
    return word[:2] if word and not word[0].isdigit() else ""


@_memo
def parse_quantity(text: str | None) -> Quantity | None:
    """The first number in the text with the unit written after it."""
    text = normalize(text)
    match = _QUANTITY_RE.search(text)
    if not match:
        return None
    number = _to_decimal(match.group("num"))
    if number is None:
        return None
    return Quantity(number, _split_unit(match.group("unit")))


@_memo
def parse_number(text: str | None) -> Decimal | None:
    """A plain number cell ("1,960.5869", "约20", "１０"), or None when blank or unreadable."""
    text = normalize(text)
    if compact(text) in BLANK_MARKS:
        return None
    match = _NUMBER_RE.search(text)
    return _to_decimal(match.group(0)) if match else None


def count_decimals(text: str | None) -> int:
    """How many decimals the first number in the text is written with."""
    match = _NUMBER_RE.search(normalize(text))
    if not match or "." not in match.group(0):
        return 0
    return len(match.group(0).split(".", 1)[1])


@_memo
def parse_percent(text: str | None) -> Decimal | None:
    """A rate cell as a percentage: "90.1%" → 90.1; a bare ratio "0.901" → 90.1."""
    quantity = parse_quantity(text)
    if quantity is None or is_blank(text):
        return None
    if quantity.is_percent or quantity.number > 1:
        return quantity.number
    return quantity.number * 100


def round2(value: Decimal) -> Decimal:
    """Half-up rounding to two decimals, as scores and rates are published."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_decimal(value: Decimal | None) -> str:
    """A Decimal without exponent or needless trailing zeros ("9.01", "1960.5869", "100")."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def format_percent(value: Decimal | None) -> str:
    """A percentage with two decimals: 90.1 → "90.10%"."""
    return "" if value is None else f"{round2(value):.2f}%"


# --- targets -------------------------------------------------------------------------------

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
_SUFFIX_OPERATORS: tuple[tuple[str, Operator], ...] = (
    ("及以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("以内", "<="),
    ("以下", "<="),
)
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
_PERIOD_RE = re.compile(
    r"(\d{4}\s*年|\d{1,2}\s*月|\d+\s*(?:个)?(?:工作日|日|天|周|个月|月|季度|年)内|每(?:月|季|季度|年|周|日|学期)|"
    r"年底|年末|年内|月底|月末|季度末|上半年|下半年|年度内|\d+\s*月前|日前)"
)


@_memo
def parse_deadline(text: str | None, year: int | None = None) -> date | None:
    """A date named in the text ("2020年12月前", "12月31日前", "2020-06"), end of month if no day."""
    text = normalize(text)
    for regex in (_ISO_DATE_RE, _DATE_RE):
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
    if operator is None:
        for spelling, op in _PREFIX_OPERATORS:
            index = body.find(spelling)
            if index != -1 and _NUMBER_RE.match(body[index + len(spelling) :].lstrip()):
                operator = op
                body = body[index + len(spelling) :]
                break
    if operator is None:
        for spelling, op in _SUFFIX_OPERATORS:
            if spelling in body:
                operator = op
                break
    if deadline is not None and (operator is None or operator in ("<=", "<")):
        return Target("date", operator, deadline=deadline)
    quantity = parse_quantity(body)
    if quantity is None:
        return Target("qualitative", operator)
    unit = compact(unit_text) if unit_text and not is_blank(unit_text) else quantity.unit
    return Target("numeric", operator, quantity.number, unit)


def clear_parse_caches() -> None:
    """Empty the memo caches of the cell parsers, so a benchmark can time a never-seen form."""
    from .form import canonical_level

    for function in (
        normalize,
        compact,
        parse_quantity,
        parse_number,
        parse_percent,
        parse_target,
        parse_deadline,
        names_period,
        canonical_level,
    ):
        function.cache_clear()
