"""A number cell of a worksheet as the cell shows it: its number format decides the text.

A sheet stores 0.901 and shows "90.10%"; stores 1960.5869000000001 (a formula's float) and shows
1960.5869; stores 45291 under a date format and shows a date. The form's text is what the unit
saw and printed, so that is what the reader takes (a stated rate or score is compared at the
precision it is written in). Grouping separators are dropped: "2,175.97" reads as 2175.97.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

# Excel's built-in formats by id (the ones that matter for reading; the rest read as General).
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 48: "##0.0E+0", 49: "@",
}  # fmt: skip
# Built-in date and time formats, Chinese locale ids (27–36, 50–58) included.
DATE_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
TIME_IDS = frozenset({18, 19, 20, 21, 45, 46, 47})
SIGNIFICANT = 15  # Excel keeps 15 significant digits; anything beyond is float noise

_PLACEHOLDERS = "0#?"


def format_code(format_id: int, custom: dict[int, str]) -> str:
    return custom.get(format_id) or BUILTIN_FORMATS.get(format_id, "General")


def display(raw: str, format_id: int, code: str, date1904: bool = False) -> str:
    """The text of a number cell whose stored value is `raw` ("0.90100000000000002")."""
    try:
        value = Decimal(f"{float(raw):.{SIGNIFICANT}g}")
    except (ValueError, OverflowError, InvalidOperation):
        return raw.strip()
    if not value.is_finite():
        return raw.strip()
    shape = _shape(code)
    if format_id in DATE_IDS or shape.date:
        return _date_text(value, date1904, format_id in TIME_IDS or shape.time_only) or general(value)
    if shape.general:
        return general(value)
    number = value * 100 if shape.percent else value
    quantum = Decimal(1).scaleb(-shape.decimals)
    text = format(abs(number).quantize(quantum, rounding=ROUND_HALF_UP), "f")
    sign = "-" if number < 0 and Decimal(text) != 0 else ""
    return f"{shape.prefix}{sign}{text}{'%' if shape.percent else ''}{shape.suffix}"


def general(value: Decimal) -> str:
    """General format: the number itself, no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


class _Shape:
    __slots__ = ("date", "decimals", "general", "percent", "prefix", "suffix", "time_only")

    def __init__(self) -> None:
        self.date = self.time_only = self.percent = self.general = False
        self.decimals = 0
        self.prefix = self.suffix = ""


@lru_cache(maxsize=256)
def _shape(code: str) -> _Shape:
    """What the first section of a format code does: decimals, percent, literal prefix/suffix."""
    shape = _Shape()
    section = _first_section(code)
    if section.strip().lower() in ("general", "", "@") or "@" in _unquoted(section):
        shape.general = True
        return shape
    plain = _unquoted(section).lower()
    if re.search(r"[ymdhs]", plain) and not re.search(r"[0#?]", plain):
        shape.date = True
        shape.time_only = not re.search(r"[yd]", plain) and "m" not in plain.replace("mm:", "").replace(
            ":mm", ""
        )
        return shape
    if "e+" in plain or "e-" in plain or "/" in plain:
        shape.general = True  # scientific notation and fractions: the number itself
        return shape
    shape.percent = "%" in plain
    literals: list[list[str]] = [[], []]
    seen_digit = after_point = False
    index = 0
    while index < len(section):
        char = section[index]
        if char == '"':
            end = section.find('"', index + 1)
            end = len(section) if end == -1 else end
            literals[seen_digit].append(section[index + 1 : end])
            index = end + 1
            continue
        if char == "\\" and index + 1 < len(section):
            literals[seen_digit].append(section[index + 1])
            index += 2
            continue
        if char in "_*":
            index += 2  # a space as wide as the next character; a fill character
            continue
        if char == "[":
            end = section.find("]", index)
            index = len(section) if end == -1 else end + 1
            continue
        if char in _PLACEHOLDERS:
            seen_digit = True
            literals[1] = []  # only what follows the last placeholder is the suffix
            shape.decimals += after_point
        elif char == ".":
            after_point = True
        elif char not in ",%":
            literals[seen_digit].append(char)
        index += 1
    shape.prefix, shape.suffix = "".join(literals[0]).strip(), "".join(literals[1]).strip()
    return shape


def _first_section(code: str) -> str:
    """The positive-number section: the text before the first ";" outside quotes."""
    quoted = False
    for index, char in enumerate(code):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return code[:index]
    return code


def _unquoted(section: str) -> str:
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)


def _date_text(value: Decimal, date1904: bool, time_only: bool) -> str:
    try:
        origin = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        moment = origin + timedelta(days=float(value))
    except (OverflowError, ValueError):
        return ""
    if time_only:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{moment.year}年{moment.month}月{moment.day}日"
