"""INDICATOR-NAME-MISSING, TARGET-IN-NAME, DUPLICATE-INDICATOR: does each row name what it measures?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..form import Indicator
from ..values import compact, is_blank, one_line, parse_operator
from ..vocabulary import INDICATOR_LABELS
from .context import CheckContext

# An operator followed by a number ("≥5公里", "不少于500人"), or a number and unit followed by a
# trailing operator ("500人以上"), written inside a name.
_TARGET_IN_TEXT = re.compile(
    r"(≥|≤|>=|<=|>|<|=|≧|≦|不低于|不少于|不小于|至少|达到|不高于|不超过|不多于|不大于|控制在)\s*\d"
    r"|\d[\d.,]*\s*[^\d\s，。；、]{0,4}?(及以上|以上|及以下|以内|以下)"
)


def _has_value(indicator: Indicator) -> list[str]:
    """The labels of the cells that show the row is an indicator: its target, weight or score."""
    cells = []
    if not is_blank(indicator.target.display):
        cells.append(INDICATOR_LABELS["target"])
    for field in ("weight", "score"):
        if not getattr(indicator, field).blank:
            cells.append(INDICATOR_LABELS[field])
    return cells


def check_name_missing(ctx: CheckContext) -> Iterator[Finding]:
    """A row with a target, weight or score but a blank 三级指标 (often a column shift)."""
    year = ctx.form.year
    for index, indicator in enumerate(ctx.form.indicators):
        if compact(indicator.name):
            continue
        cells = _has_value(indicator)
        if not cells:
            continue
        place = indicator.place(index, "name")
        if indicator.parse_target(year).kind == "qualitative":
            text = one_line(indicator.target.display)
            yield ctx.finding("INDICATOR-NAME-MISSING", place, "shifted", row=indicator.title, target=text)
        else:
            yield ctx.finding("INDICATOR-NAME-MISSING", place, row=indicator.title, cells="、".join(cells))


def _target_missing(indicator: Indicator) -> bool:
    """年度指标值 is blank, a copy of the name, or an operator without a number."""
    target = compact(indicator.target.display)
    if not target or target == compact(indicator.name):
        return True
    return parse_operator(target) is not None and not re.search(r"\d", target)


def check_target_in_name(ctx: CheckContext) -> Iterator[Finding]:
    for index, indicator in enumerate(ctx.form.indicators):
        name = compact(indicator.name)
        if not name or not (match := _TARGET_IN_TEXT.search(name)) or not _target_missing(indicator):
            continue
        yield ctx.finding(
            "TARGET-IN-NAME",
            indicator.place(index, "name"),
            name=one_line(indicator.name),
            value=name[match.start() :],
        )


def check_duplicates(ctx: CheckContext) -> Iterator[Finding]:
    """A row whose name an earlier row of the form already has; reported on the later row."""
    first: dict[str, tuple[int, Indicator]] = {}
    for index, indicator in enumerate(ctx.form.indicators):
        name = compact(indicator.name)
        if not name:
            continue
        if name not in first:
            first[name] = (index, indicator)
            continue
        _, earlier = first[name]
        same_target = compact(earlier.target.display) == compact(indicator.target.display)
        yield ctx.finding(
            "DUPLICATE-INDICATOR",
            indicator.place(index, "name"),
            "same_target" if same_target else "default",
            name=one_line(indicator.name),
            other=earlier.location,
        )


CHECKS = (check_name_missing, check_target_in_name, check_duplicates)
