"""Numbers, quantities with their units, percentages; money is Decimal, never float.

Published forms write numbers every way a keyboard allows: full-width digits, thousands
separators, "约…", "—" for nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from .chinese import NUMERAL_CHARS, chinese_to_decimal
from .text import BLANK_MARKS, _memo, compact, is_blank, normalize

# Thousands grouped by commas or by single spaces ("1,960.5869", "1 960.5869"), then an optional
# exponent ("1.2E3"). A group has exactly three digits, so "1960 5869" stays two numbers.
_NUMBER = (
    r"[-+]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?: \d{3})+(?![\d,])|\d+)"
    r"(?:\.\d+)?(?:[eE][-+]?\d{1,3}(?![\d.]))?"
)
_NUMBER_RE = re.compile(_NUMBER)
_DIGIT = re.compile(r"\d")
# A number followed by its unit: "154名", "2175.97万元", "95%", "12个月".
_QUANTITY_RE = re.compile(
    rf"(?P<num>{_NUMBER})\s*(?P<unit>%|‰|[A-Za-z]+|[^\d\s,.;，。；、:：()（）≥≤=<>]{{0,6}})"
)
# A cell that is wholly a Chinese numeral and its unit, after an optional operator ("≥一百五十四人").
_CHINESE_QUANTITY_RE = re.compile(rf"^[≥≤=<>]*\s*(?P<num>[{NUMERAL_CHARS}]+)\s*(?P<unit>[^\d\s]{{0,4}})$")
# Bounds on a number read from a file: beyond them it is unreadable, not a huge Decimal whose
# formatting or rounding would cost memory or raise (a budget in 元 has at most 13 digits).
MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 12
# A plain number cell whose number is followed by 万 or 亿 (not 万元/亿元) is ambiguous: "2万" in a
# cell of a 万元 form may mean 2 or 20000 of the form's unit. It is unreadable rather than guessed.
_SCALED_RE = re.compile(r"\s*[万亿](?!元)")


def _to_decimal(raw: str) -> Decimal | None:
    raw = raw.replace(",", "").replace(" ", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    if not value.is_finite() or value.adjusted() >= MAX_INTEGER_DIGITS:
        return None
    # More than MAX_DECIMALS decimals needs a longer text or an exponent: only then is the (dear)
    # digit tuple asked for.
    if (
        len(raw) > MAX_DECIMALS + 1 or "e" in raw or "E" in raw
    ) and value.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
        return None
    return value


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
    "个工作日",
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
    "时",
    "号",
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


_NAME_UNIT_RE = re.compile(r"\(([^()]{1,8})\)\s*$")


def unit_in_name(name: str | None) -> str:
    """The unit written in brackets at the end of an indicator's name: "培训人数（人次）" → "人次";
    "" when the brackets hold no unit ("经费支出（含五险一金）")."""
    match = _NAME_UNIT_RE.search(normalize(name))
    if not match:
        return ""
    word = match.group(1).strip().removeprefix("单位:").removeprefix("单位").strip()
    return word if word in _UNITS else ""


_UNITS_LONGEST_FIRST = tuple(sorted(_UNITS, key=len, reverse=True))  # sorted once, not per call
# The longest unit a word starts with, in one scan (alternatives are tried in this order).
_UNIT_AT_START = re.compile("|".join(map(re.escape, _UNITS_LONGEST_FIRST)))


# A number and a known unit that end a text ("…完成率100%", "…变压器3台", "…3.5公里。"): the whole
# number (not the tail of one), and not an ordinal ("第3期").
_TRAILING_QUANTITY = re.compile(
    rf"(?<![\d.第])\d+(?:\.\d+)?\s*(?:{'|'.join(map(re.escape, _UNITS_LONGEST_FIRST))})(?=[。.；;，,]?$)"
)


def trailing_quantity(text: str | None) -> str:
    """The quantity a text ends with, as written ("年度资金支付完成率100%" → "100%"); "" when none."""
    match = _TRAILING_QUANTITY.search(normalize(text).strip())
    return match.group() if match else ""


def _split_unit(word: str) -> str:
    unit = _known_unit(word)
    if unit and word[len(unit) : len(unit) + 1] == "/":  # a rate unit: "元/人次", "元/米", "万元/公里"
        per = _known_unit(word[len(unit) + 1 :])
        if per:
            return f"{unit}/{per}"
    if unit:
        return unit
    return word[:2] if word and not word[0].isdigit() else ""


def _known_unit(word: str) -> str | None:
    match = _UNIT_AT_START.match(word)
    return match.group() if match else None


@_memo
def parse_quantity(text: str | None) -> Quantity | None:
    """The first number in the text with the unit written after it; a cell that is wholly a
    Chinese numeral ("一百五十四人", "两万") reads as that number."""
    text = normalize(text)
    # _QUANTITY_RE's optional sign lets it start at every character: a text without a digit is
    # not searched (most long qualitative cells).
    match = _QUANTITY_RE.search(text) if _DIGIT.search(text) else None
    if not match:
        return _chinese_quantity(text)
    number = _to_decimal(match.group("num"))
    if number is None:
        return None
    return Quantity(number, _split_unit(match.group("unit")))


def _chinese_quantity(text: str) -> Quantity | None:
    match = _CHINESE_QUANTITY_RE.match(text)
    if not match:
        return None
    number = chinese_to_decimal(match.group("num"))
    unit = match.group("unit")
    if number is None or (unit and unit not in _UNITS):
        return None
    return Quantity(number, unit)


def starts_with_number(text: str) -> bool:
    """Whether the (normalized) text begins with a number, Arabic or a wholly Chinese quantity."""
    return bool(_NUMBER_RE.match(text)) or (text[:1] in NUMERAL_CHARS and _chinese_quantity(text) is not None)


@_memo
def parse_number(text: str | None) -> Decimal | None:
    """A plain number cell ("1,960.5869", "约20", "１０", "1.2E3"), or None when blank or unreadable:
    no number, two different numbers ("1960 或 2000"), or a number scaled by 万/亿 (ambiguous)."""
    text = normalize(text)
    if compact(text) in BLANK_MARKS:
        return None
    found = None
    for match in _NUMBER_RE.finditer(text):
        value = _to_decimal(match.group(0))
        if value is None or (found is not None and value != found):
            return None
        if _SCALED_RE.match(text, match.end()):
            return None
        found = value
    return found


def count_decimals(text: str | None) -> int:
    """How many decimals the first number in the text is written with."""
    match = _NUMBER_RE.search(normalize(text))
    if not match or "." not in match.group(0):
        return 0
    return len(match.group(0).split(".", 1)[1])


def agrees_as_written(
    text: str,
    stated: Decimal,
    exact: Decimal,
    tolerance: Decimal = Decimal(0),
    *,
    cut: bool = False,
    shift: int = 0,
) -> bool:
    """A stated figure agrees with the exact one at the decimals it is written with (docs/rules.md §2.6):
    "9.0" and "9" agree with 9.01. With cut, truncating to those decimals also agrees ("99%" for 99.9 %).
    shift: decimals the written number loses when read (a fraction "0.901" is 90.1 %: two)."""
    if abs(stated - exact) <= tolerance:
        return True
    places = Decimal(1).scaleb(-max(0, count_decimals(text) - shift))
    roundings = (ROUND_HALF_UP, ROUND_DOWN) if cut else (ROUND_HALF_UP,)
    return any(stated == exact.quantize(places, rounding=r) for r in roundings)


@_memo
def parse_percent(text: str | None) -> Decimal | None:
    """A rate cell as a percentage: "90.1%" → 90.1; a bare ratio "0.901" → 90.1."""
    quantity = parse_quantity(text)
    if quantity is None or is_blank(text) or parse_number(text) is None:
        return None
    if quantity.is_percent or quantity.number > 1:
        return quantity.number
    return quantity.number * 100


def rate_readings(text: str | None, fraction_max: Decimal) -> tuple[tuple[Decimal, int], ...]:
    """The percentages a 执行率 cell can mean, each with the decimals its reading shifts: "90.1%" and
    "90.1" → ((90.1, 0),); a bare number up to fraction_max is also a fraction ("0.901" → ((0.901, 0),
    (90.1, 2))). The percent reading comes first."""
    quantity = parse_quantity(text)
    if quantity is None or is_blank(text) or parse_number(text) is None:
        return ()
    if quantity.is_percent or quantity.number > fraction_max:
        return ((quantity.number, 0),)
    return ((quantity.number, 0), (quantity.number * 100, 2))


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
