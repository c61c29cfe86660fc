"""INDICATOR-NAME-MISSING, TARGET-IN-NAME, DUPLICATE-INDICATOR: does each row name what it measures?"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..findings import Finding
from ..form import Indicator
from ..lexicon import has_word
from ..values import compact, is_blank, one_line, parse_operator, trailing_quantity
from ..vocabulary import INDICATOR_LABELS
from .context import CheckContext

# Operators a name may carry its target with ("≥5公里", "不少于500人").
_OPERATOR = r"(?:≥|≤|>=|<=|>|<|=|≧|≦|不低于|不少于|不小于|至少|达到|不高于|不超过|不多于|不大于|控制在)"
# An operator followed by a number anywhere in a name, or a number and unit with a trailing operator
# ending it ("培训500人次以上"); inside a name, "65岁及以上老年人" names whom the row counts.
_TARGET_IN_TEXT = re.compile(
    rf"{_OPERATOR}\s*\d|\d[\d.,]*\s*[^\d\s，。；、]{{0,4}}?(?:及以上|以上|及以下|以内|以下)(?=[。；;，,]?$)"
)


@lru_cache(maxsize=8)
def _template_text(words: tuple[str, ...]) -> re.Pattern[str]:
    """Template text of the lexicon in a name, as much as the reader should delete: the brackets
    holding it ("（≥**个）"), or the word with an operator before it and, at the end of the name, a
    unit after it ("≥**人"), or the word alone ("XXX")."""
    word = "|".join(map(re.escape, words))
    return re.compile(
        rf"[(（][^()（）]*?(?:{word})[^()（）]*?[)）]"
        rf"|{_OPERATOR}\s*(?:{word})(?:[^\d\s，。；、()（）]{{1,3}}$)?|(?:{word})"
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
    """年度指标值 is blank ("", "/", "—"), a copy of the name, or an operator without a number."""
    target = compact(indicator.target.display)
    if is_blank(target) or target == compact(indicator.name):
        return True
    return parse_operator(target) is not None and not re.search(r"\d", target)


def _target_in_name(name: str) -> str:
    """The target a (compacted) name holds: "≥5公里" and what follows it, "500人以上", or the
    quantity it ends with ("年度资金支付完成率100%" → "100%"); "" when none."""
    if match := _TARGET_IN_TEXT.search(name):
        return name[match.start() :]
    return trailing_quantity(name)


def check_target_in_name(ctx: CheckContext) -> Iterator[Finding]:
    """Template text left in a name ("（≥**个）"), whatever the target cell holds; else a target
    written into the name while the 年度指标值 is missing."""
    words = ctx.lexicon.template_words
    template = _template_text(tuple(words))
    for index, indicator in enumerate(ctx.form.indicators):
        name = compact(indicator.name)
        if not name:
            continue
        place, quoted = indicator.place(index, "name"), one_line(indicator.name)
        # quoted as written; a full-width placeholder ("＊＊") is found in the normalized name
        if has_word(words, name) and (found := template.search(quoted) or template.search(name)):
            yield ctx.finding("TARGET-IN-NAME", place, "template", name=quoted, value=found.group())
        elif (value := _target_in_name(name)) and _target_missing(indicator):
            yield ctx.finding("TARGET-IN-NAME", place, name=quoted, value=value)


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
