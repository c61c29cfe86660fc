"""Adopting critique proposals into a form: what the CLI, the app and the gate's `apply` use.

A proposal replaces its row in place (one row may become two when it held two measures) or
deletes it; it is never appended next to the row it was meant to replace. Replaced rows start
with 实际完成值 = the placeholder 【待填：…】 (data/critique.yaml), 得分 and 偏差原因 blank — the old
cells measured the old target. `jixiao check` reports the placeholder as DRAFT-PLACEHOLDER (a
warning) instead of a blank score. A target-setting form (no actuals, no scores) stays blank.
Weights never move between first-level categories: a split row shares its weight
among its replacements, a deleted row gives its weight to the nearest row of its own first-level
category (a deletion that would empty a category is not made), its score scaled to the new weight.
Labels are renumbered 指标1, 指标2… within each second-level category. When any score was cleared,
the stated total and grade are cleared too: they no longer add up and the unit fills them once the
new targets are measured; a delete alone moves the stated total only by its rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

from ..form import ActualCell, Form, Indicator, NumberCell
from ..values import format_decimal
from .apply import indicator_row, label_rows
from .critique_data import critique_data
from .models import CritiqueDraft, CritiqueItem, DraftIndicator

_CENT = Decimal("0.01")


def share_weight(weight: Decimal, parts: int) -> list[Decimal]:
    """`weight` over `parts` rows, to the cent, the remainder on the first (5 → 1.68, 1.66, 1.66)."""
    if parts <= 1:
        return [weight] * max(parts, 0)
    each = (weight / parts).quantize(_CENT, rounding=ROUND_DOWN)
    return [weight - each * (parts - 1), *[each] * (parts - 1)]


def _replacements(
    old: Indicator, rows: list[DraftIndicator], split: bool, evaluated: bool
) -> list[Indicator]:
    weight = old.weight.value
    shares = share_weight(weight, len(rows)) if weight is not None else [None] * len(rows)
    new_rows = []
    for draft, share in zip(rows, shares, strict=True):
        row = indicator_row(draft, split)
        row.weight = NumberCell(text=format_decimal(share) if share is not None else old.weight.text)
        if evaluated:  # the old actual measured the old target: measure anew
            row.actual = ActualCell(text=critique_data().actual_placeholder)
        new_rows.append(row)
    return new_rows


def _deletable(rows: list[Indicator | None], index: int) -> int | None:
    """The row that takes a deleted row's weight: the nearest remaining one of its first-level
    category, after it first, else before it; None when the category would be left empty."""
    level1 = rows[index].category1 if rows[index] is not None else ""
    order = [*range(index + 1, len(rows)), *range(index - 1, -1, -1)]
    for other in order:
        row = rows[other]
        if row is not None and row.category1 == level1:
            return other
    return None


def adopt_rewrites(form: Form, draft: CritiqueDraft, accepted: Iterable[int]) -> Form:
    """The form with the accepted proposals (by indicator index) adopted; the input is not changed."""
    accepted = set(accepted)
    picked: dict[int, CritiqueItem] = {}
    for item in draft.items:
        inside = 0 <= item.indicator_index < len(form.indicators)
        if inside and item.indicator_index in accepted and (item.delete or item.rows):
            picked.setdefault(item.indicator_index, item)
    if not picked:
        return form.model_copy(deep=True)
    result = form.model_copy(deep=True)
    split = form.layout == "split-target"
    slots: list[list[Indicator] | None] = [[row] for row in result.indicators]
    cleared, delta = False, Decimal(0)
    for index, item in sorted(picked.items()):
        old = result.indicators[index]
        if item.delete:
            continue
        slots[index] = _replacements(old, item.rows, split, not form.is_target_setting)
        cleared = cleared or not old.score.blank
    for index, item in sorted(picked.items()):
        if not item.delete:
            continue
        heads = [slot[0] if slot else None for slot in slots]
        heir = _deletable(heads, index)
        if heir is None:
            continue
        old = result.indicators[index]
        if old.weight.value is not None:
            receiver = slots[heir][0]  # type: ignore[index]
            before, after = receiver.weight.value, (receiver.weight.value or 0) + old.weight.value
            receiver.weight = NumberCell(text=format_decimal(after))
            if receiver.score.value is not None and before:  # scored out of the old weight: same share
                share = (receiver.score.value * after / before).quantize(_CENT)
                delta += share - receiver.score.value - (old.score.value or 0)  # rounding to the cent
                receiver.score = NumberCell(text=format_decimal(share))
        slots[index] = None
    result.indicators = label_rows([row for slot in slots if slot for row in slot])
    if not cleared and delta and result.stated_total.value is not None:
        result.stated_total = NumberCell(text=format_decimal(result.stated_total.value + delta))
    if cleared:
        result.stated_total = NumberCell()
        result.blank_grade_cell = result.blank_grade_cell or bool(result.grade.strip())
        result.grade = ""
    return result
