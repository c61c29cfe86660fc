"""Exercise rows from the indicator library: a library indicator placed in the specimen form,
then "made bad" the way real forms are (data/learn/exercises.yaml: defects, bad_targets).

What is actually wrong with such a row is never taken from the defect's name: the exercise asks
the checks, exactly as for a real form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import yaml

from ..checks.category import level1_of
from ..drafting.sectors import SLOT_RE, Sector, Template, sectors
from ..form import ActualCell, Form, NumberCell, TargetCell
from ..rules import RuleSet
from ..scoring import indicator_score
from ..values import format_decimal, names_period, parse_target
from ..vocabulary import COST, OUTPUT, SATISFACTION_WORD, SERVICE_SATISFACTION
from .specimen import data_text, specimen_form


@cache
def exercise_data() -> dict[str, Any]:
    return yaml.safe_load(data_text("exercises.yaml"))


@dataclass(frozen=True)
class LibraryRow:
    """A fixed indicator of a sector family (no slots to fill), with the level2 it is filed under."""

    type_title: str
    level2: str
    item: Template


def library_rows() -> list[LibraryRow]:
    rows: list[LibraryRow] = []
    for sector in sectors().values():
        rows += _rows_of(sector)
    return rows


def _fixed(item: Template) -> bool:
    return not SLOT_RE.search(item.name + item.target)


def _rows_of(sector: Sector) -> Iterator[LibraryRow]:
    data = exercise_data()
    # the cost row is written with the specimen's budget ({budget}{unit}, target_of), not a slot
    yield LibraryRow(sector.title, COST, Template.model_construct(**data["library_cost"], when=[]))
    for level2, items in sector.templates.items():
        yield from (LibraryRow(sector.title, level2, item) for item in items if _fixed(item))
    for item in sector.satisfaction:
        if _fixed(item):
            yield LibraryRow(sector.title, SERVICE_SATISFACTION, item)
    for extra in data.get("library_extra", []):
        if extra["type"] == sector.key:
            fields = {k: v for k, v in extra.items() if k not in ("type", "level2")}
            yield LibraryRow(sector.title, extra["level2"], Template(**fields))


def place(row: LibraryRow, target: str | None = None) -> tuple[Form, int]:
    """The specimen form with one of its rows replaced by the library indicator (same weight):
    the row of the same second level, else the first row of the same first level. `target`
    replaces the library's target (a rewrite exercise); the actual stays the measured one."""
    form = specimen_form()
    level1 = level1_of(row.level2) or OUTPUT
    index = next((i for i, r in enumerate(form.indicators) if r.category2 == row.level2), None)
    if index is None:
        index = next(i for i, r in enumerate(form.indicators) if r.category1 == level1)
    old = form.indicators[index]
    library_target = target_of(row, form)
    form.indicators[index] = old.model_copy(
        update={
            "level1": level1,
            "level2": row.level2,
            "name": row.item.name,
            "target": TargetCell(text=target if target is not None else library_target),
            # the actual is what was measured against the library's (measurable) target
            "actual": ActualCell(text=_met_actual(library_target)),
        }
    )
    return form, index


def target_of(row: LibraryRow, form: Form) -> str:
    """The library target written for this form: its year, and its budget for a cost row."""
    budget = form.funds.total.full_year_budget.text.strip()
    return row.item.target.format(year=form.year, budget=budget, unit=form.money_unit)


def _met_actual(target: str) -> str:
    """What a measured actual looks like when the target was met exactly."""
    parsed = parse_target(target)
    if parsed.kind == "numeric" and parsed.number is not None:
        return f"{format_decimal(parsed.number)}{parsed.unit}"
    if parsed.kind == "date" or names_period(target):  # "春节前发放到位", "每学期按教学日供餐"
        return "按期完成"
    return target.removeprefix("年度").strip() or "完成"


def _scaled(number: Decimal, ratio: Decimal, unit: str) -> str:
    value = number * ratio
    value = value.quantize(Decimal("0.1")) if unit == "%" else value.quantize(Decimal(1))
    return f"{format_decimal(value)}{unit}"


def apply_defect(form: Form, index: int, defect: str, pick: int, rules: RuleSet) -> bool:
    """Make the row bad in place; False when the defect does not fit this row."""
    spec = exercise_data()["defects"][defect]
    row = form.indicators[index]
    target = row.target.parse(form.year)
    numeric = target.kind == "numeric" and target.number is not None and target.number > 0
    weight = row.weight.value or Decimal(0)
    if defect == "met":
        return True
    if defect == "copy_target":
        if target.operator is None:
            return False
        row.actual = ActualCell(text=row.target.display)
    elif defect == "vague_actual":
        row.actual = ActualCell(text=spec["actual"][pick % len(spec["actual"])])
    elif defect in ("short_full_score", "short_no_reason"):
        if not numeric or target.operator == "=" or target.number is None:
            return False
        ratio = Decimal(spec["ratio"])
        ratio = 2 - ratio if target.is_reverse else ratio  # reverse targets miss by going over
        row.actual = ActualCell(text=_scaled(target.number, ratio, target.unit))
        if defect == "short_no_reason":
            expected = indicator_score(row, rules, form.year)
            row.score = NumberCell(text=format_decimal(expected))
            row.deviation = spec["deviation"][pick % len(spec["deviation"])]
    elif defect == "overachieved":
        if not numeric or target.is_reverse or target.unit == "%" or target.number is None:
            return False
        row.actual = ActualCell(text=_scaled(target.number, Decimal(spec["ratio"]), target.unit))
    elif defect == "unit_swap":
        other = spec["units"].get(target.unit)
        if not numeric or other is None or target.number is None:
            return False
        row.actual = ActualCell(text=f"{format_decimal(target.number)}{other}")
    elif defect == "full_satisfaction":
        if SATISFACTION_WORD not in row.category1 + row.category2:
            return False
        row.actual = ActualCell(text=spec["actual"])
    elif defect == "score_over":
        row.score = NumberCell(text=format_decimal(weight + Decimal(spec["extra"])))
    elif defect == "score_text":
        row.score = NumberCell(text=spec["score"][pick % len(spec["score"])])
    else:
        raise ValueError(f"unknown defect {defect}")
    _restate_total(form)
    return True


def _restate_total(form: Form) -> None:
    """Keep the footer equal to the written scores: the exercise is about the row, not the total."""
    scores = [form.funds.total.score.value, *(i.score.value for i in form.indicators)]
    if all(s is not None for s in scores):
        form.stated_total = NumberCell(
            text=format_decimal(sum((s for s in scores if s is not None), Decimal(0)))
        )


def bad_targets(level2: str) -> list[str]:
    return list(exercise_data()["bad_targets"].get(level2, []))
