"""The offline indicator engine: a deterministic indicator set from a brief, no network (docs/rules.md §9).

Indicators come from the brief: counts from the description ("10个社区154名社工"), money from
the budget and spending lines, standard levels and deadlines from the indicator library of the
detected project type, weights from the rule set's split. Nothing is invented: every number is a
fact of the brief, derived from one, or a standard level listed in data/drafting.yaml.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from ..rules import RuleSet
from ..values import format_decimal
from ..vocabulary import (
    BENEFIT,
    BENEFIT_LEVEL2,
    COST,
    ECONOMIC_COST,
    OUTPUT,
    QUALITY,
    QUANTITY,
    SATISFACTION,
    SERVICE_SATISFACTION,
    TIMELINESS,
)
from .apply import draft_split
from .brief import KnownQuantity, ProjectBrief
from .library import LibraryIndicator, ProjectType, drafting_data, find_type
from .models import DraftIndicator, IndicatorDraft
from .money import MONEY_TAIL, ceil_money
from .quantities import FoundQuantity, extract_quantities

MAX_QUANTITIES = 3
MAX_SPENDING_LINES = 3
PER_LEVEL2 = 2  # library indicators per second-level category


def split_weight(total: Decimal, count: int) -> list[Decimal]:
    """Whole points as even as possible, the larger shares first; the sum is exactly `total`."""
    if count <= 0:
        return []
    base = (total / count).quantize(Decimal(1), rounding=ROUND_DOWN)
    shares = [base] * count
    remainder = total - base * count
    index = 0
    while remainder >= 1:
        shares[index % count] += 1
        remainder -= 1
        index += 1
    shares[0] += remainder  # a fractional split (12.5 points) keeps its fraction on the first row
    return shares


def _quantities(brief: ProjectBrief) -> list[FoundQuantity]:
    """Known quantities first (they win), then the ones found in the description."""
    groups = {u: g for g, units in drafting_data().quantity_units.items() for u in units}
    known = [_known(q, groups) for q in brief.quantities]
    found = [q for q in extract_quantities(brief.description) if q.value not in {k.value for k in known}]
    people = [q for q in known + found if q.group in ("person", "household")]
    others = [q for q in known + found if q not in people]
    return (people + others)[:MAX_QUANTITIES]


def _known(quantity: KnownQuantity, groups: dict[str, str]) -> FoundQuantity:
    return FoundQuantity(quantity.value, quantity.unit, quantity.name, "", groups.get(quantity.unit, "count"))


def _quantity_rows(brief: ProjectBrief, kind: ProjectType) -> list[DraftIndicator]:
    """One row per quantity; a name another row already has ("完成户数" twice) is named from the
    words before the number ("低保户户数"), else the quantity is left out: two rows never share a name."""
    rows: list[DraftIndicator] = []
    for q in _quantities(brief):
        names = {row.name for row in rows}
        name = q.indicator_name if q.indicator_name not in names else q.named_before
        if not name or name in names:
            continue
        rows.append(
            DraftIndicator(
                level1=OUTPUT,
                level2=QUANTITY,
                name=name,
                target=q.target,
                weight=Decimal(0),
                basis=f"项目说明：{q.source}",
            )
        )
    return rows or [_library_row(kind.fallback_quantity, OUTPUT, QUANTITY, brief)]


def _cost_rows(brief: ProjectBrief, level1: str, level2: str) -> list[DraftIndicator]:
    unit = brief.money_unit
    budget = format_decimal(brief.full_year_budget)
    rows = [
        DraftIndicator(
            level1=level1,
            level2=level2,
            name=f"{brief.project}支出总额" if not brief.project.endswith("支出") else brief.project,
            target=f"≤{ceil_money(brief.full_year_budget)}{unit}",
            weight=Decimal(0),
            basis=f"全年预算数{budget}{unit}",
        )
    ]
    for line in sorted(brief.spending, key=lambda s: s.amount, reverse=True)[:MAX_SPENDING_LINES]:
        name = line.item if line.item.endswith(MONEY_TAIL) else f"{line.item}支出"
        rows.append(
            DraftIndicator(
                level1=level1,
                level2=level2,
                name=name,
                target=f"≤{ceil_money(line.amount)}{unit}",
                weight=Decimal(0),
                basis=f"支出明细：{line.item}{format_decimal(line.amount)}{unit}",
            )
        )
    people = [q for q in _quantities(brief) if q.group == "person" and q.unit not in ("人次", "户次")]
    if not brief.spending and people:
        q = people[0]
        rows.append(
            DraftIndicator(
                level1=level1,
                level2=level2,
                name=f"人均{q.noun}保障成本" if q.noun else "人均成本",
                target=f"≤{ceil_money(brief.full_year_budget / q.value)}{unit}/{q.unit}",
                weight=Decimal(0),
                basis=f"全年预算数{budget}{unit}÷{q.source}",
            )
        )
    return rows


def _library_row(item: LibraryIndicator, level1: str, level2: str, brief: ProjectBrief) -> DraftIndicator:
    survey = drafting_data().default_survey.describe()
    return DraftIndicator(
        level1=level1,
        level2=level2,
        name=item.name,
        target=item.target.format(year=brief.year),
        weight=Decimal(0),
        basis=(item.basis or survey).format(year=brief.year, survey=survey),
    )


def _library_rows(
    kind: ProjectType, level2s: tuple[str, ...], level1: str, brief: ProjectBrief, text: str
) -> list[DraftIndicator]:
    rows: list[DraftIndicator] = []
    for level2 in level2s:
        chosen = [i for i in kind.indicators if i.level2 == level2 and i.applies(text)][:PER_LEVEL2]
        rows += [_library_row(item, level1, level2, brief) for item in chosen]
    return rows


def draft_indicators(brief: ProjectBrief, rules: RuleSet) -> IndicatorDraft:
    """A complete indicator set for the brief, weighted by the rule set's split."""
    text = f"{brief.project} {brief.description} {' '.join(s.item for s in brief.spending)}"
    kind = find_type(brief.project_type, text)
    _, split = draft_split(rules)
    cost_level1, cost_level2 = (COST, ECONOMIC_COST) if COST in split else (OUTPUT, COST)
    output = _quantity_rows(brief, kind)
    output += _library_rows(kind, (QUALITY, TIMELINESS), OUTPUT, brief, text)
    costs = _cost_rows(brief, cost_level1, cost_level2)
    if cost_level1 == OUTPUT:
        output += costs
    benefit = _library_rows(kind, BENEFIT_LEVEL2, BENEFIT, brief, text)
    survey = drafting_data().default_survey.describe()
    satisfaction = [
        _library_row(item, SATISFACTION, SERVICE_SATISFACTION, brief).model_copy(update={"basis": survey})
        for item in kind.satisfaction
        if item.applies(text)
    ][:PER_LEVEL2]
    groups = {OUTPUT: output, BENEFIT: benefit, SATISFACTION: satisfaction, COST: costs}
    indicators: list[DraftIndicator] = []
    for level1, weight in split.items():
        rows = groups.get(level1, [])
        for row, share in zip(rows, split_weight(weight, len(rows)), strict=True):
            indicators.append(row.model_copy(update={"weight": share}))
    return IndicatorDraft(indicators=indicators)
