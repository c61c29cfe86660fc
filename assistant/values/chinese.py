"""Chinese numerals in quantities ("一百五十四人", "两万", "三千五百"): read as Decimal.

Only a cell that is wholly a numeral (with a unit after it) is read this way: "一" is in many words
("一级指标", "进一步", "一次性"), so a numeral inside a sentence is not a quantity.
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def chinese_to_decimal(text: str) -> Decimal | None:
    """ "一百五十四" → 154, "两万" → 20000, "十五" → 15; None when it is not a well-formed numeral."""
    if not text or any(char not in NUMERAL_CHARS for char in text) or text[0] in BIG_UNITS:
        return None
    total, section, digit = 0, 0, None
    last_big = None
    for char in text:
        if char in DIGITS:
            if digit is not None and digit != 0 and DIGITS[char] != 0:
                return None  # "五四": two digits without a unit between them is not a numeral
            digit = DIGITS[char]
        elif char in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        else:
            big = BIG_UNITS[char]
            if last_big is not None and big >= last_big:
                return None
            total += (section + (digit or 0)) * big
            section, digit, last_big = 0, None, big
    return Decimal(total + section + (digit or 0))
