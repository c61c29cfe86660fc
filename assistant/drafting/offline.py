"""The offline indicator engine: a deterministic indicator set from a brief, no network (docs/rules.md §9).

The brief is read once (reading.py: quantities with the thing counted, money, dates, festivals,
beneficiaries); the sector library (data/sectors/) gives the family's quality, timing, benefit and
satisfaction rows, whose slots are filled from what was read; a template whose slot the brief
cannot fill is not used. 数量 rows are the brief's output quantities, beneficiaries go to 效益,
成本 is the total and a unit cost in the unit a reader expects (元/米, 元/人, 万元/公里), weights
follow the rule set's split. Nothing is invented: every number is a fact of the brief, derived from
one, or a standard level listed in data/drafting.yaml.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Any

from ..rules import RuleSet
from ..values import compact, format_decimal
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
    SOCIAL_BENEFIT,
    TIMELINESS,
)
from .apply import draft_split
from .brief import ProjectBrief
from .library import drafting_data
from .models import DraftIndicator, IndicatorDraft
from .money import MONEY_TAIL, ceil_money
from .numbers import _YUAN
from .reading import BriefReading, ReadQuantity, deadline_of, read_brief
from .sectors import MissingSlot, Sector, Template, brief_text, fill, general_sector

MAX_QUANTITIES = 3
MAX_SPENDING_LINES = 2
PER_LEVEL2 = 2  # quality rows; timing takes one, each benefit level one, satisfaction up to two
MAX_BENEFIT_ROWS = 3
_PER_UNIT = {"名": "人", "位": "人"}  # a reader expects 元/人, whatever word counted the people
_TO_WAN = Decimal(100000)  # a unit cost of 100000 元 or more is written in 万元
_PER_HEAD = {
    "人": "人均",
    "名": "人均",
    "位": "人均",
    "户": "户均",
    "亩": "亩均",
}  # 人次 and 户次 count visits, not heads: "每人次慰问标准"


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


class _Rows:
    """Rows in the order drafted; a name already taken is never used twice."""

    def __init__(self) -> None:
        self.rows: list[DraftIndicator] = []
        self.names: set[str] = set()

    def add(self, level1: str, level2: str, name: str, target: str, basis: str) -> bool:
        key = compact(name)
        if not key or key in self.names:
            return False
        self.names.add(key)
        self.rows.append(
            DraftIndicator(
                level1=level1, level2=level2, name=name, target=target, weight=Decimal(0), basis=basis
            )
        )
        return True

    def of(self, level1: str) -> list[DraftIndicator]:
        return [row for row in self.rows if row.level1 == level1]


def _slots(brief: ProjectBrief, reading: BriefReading, sector: Sector, text: str) -> dict[str, Any]:
    """What a template's slots are filled with: only what the brief says."""
    outputs = [q for q in reading.outputs if q.thing]
    people = reading.beneficiary_quantities
    subject = next((w for w in sector.beneficiaries if w in text), sector.satisfaction_subject)

    def quantity(word: str | None) -> str:
        found = next((q for q in outputs if word is None or word in q.thing), None)
        return found.text if found else ""

    def thing(word: str | None) -> str:
        found = next((q for q in outputs if word is None or word in q.thing), None)
        return found.thing if found else ""

    return {
        "project": brief.project,
        "year": brief.year,
        "quantity": quantity,
        "thing": thing,
        "beneficiary": people[0].text if people else "",
        "beneficiary_thing": people[0].thing if people else "",
        "subject": subject,
        "deadline": deadline_of(reading, brief.year),
        "festival": reading.first_time("festival"),
        "period": reading.first_time("period"),
    }


def _filled(template: Template, slots: dict[str, Any], year: int) -> tuple[str, str, str] | None:
    survey = drafting_data().default_survey.describe()
    try:
        name = fill(template.name, slots)
        target = fill(template.target, slots)
        basis = fill(template.basis or survey, slots)
    except MissingSlot:
        return None
    return name, target.format(year=year), basis


def _templates(
    rows: _Rows,
    sector: Sector,
    level1: str,
    level2: str,
    slots: dict[str, Any],
    text: str,
    year: int,
    limit: int,
) -> int:
    added = 0
    for template in sector.templates.get(level2, []):
        if added >= limit:
            break
        if not template.applies(text):
            continue
        filled = _filled(template, slots, year)
        if filled is not None and rows.add(level1, level2, *filled):
            added += 1
    return added


def _quantity_rows(
    rows: _Rows, brief: ProjectBrief, reading: BriefReading, sector: Sector, slots: dict
) -> None:
    """One 数量 row per output quantity that names what it counts; else the family's fallback."""
    added = 0
    for q in reading.outputs:
        if added < MAX_QUANTITIES and rows.add(
            OUTPUT, QUANTITY, q.name, f"≥{q.text}", f"项目说明：{q.source}"
        ):
            added += 1
    if not added:
        filled = _filled(sector.fallback_quantity, slots, brief.year)
        if filled is None:
            filled = _filled(
                Template(name="年度任务完成率", target="≥95%", basis="按年度工作计划逐项核对"), slots, 0
            )
        assert filled is not None
        rows.add(OUTPUT, QUANTITY, *filled)


def _ceiling(value: Decimal, money: str) -> str:
    """A unit-cost ceiling: whole 元 from 100 元 up, else two decimals; never below the value."""
    step = Decimal(1) if money == "元" and value >= 100 else Decimal("0.01")
    return format_decimal(value.quantize(step, rounding=ROUND_UP))


def _main_output(reading: BriefReading, sector: Sector) -> ReadQuantity | None:
    """The quantity a unit cost is per: one with a stated standard, else the family's preferred
    unit, else the first counted output; a per-head beneficiary count when there is no output."""
    outputs = [q for q in reading.outputs if q.value > 0 and (q.thing or q.name)]
    if stated := next((q for q in outputs if _stated_rate(reading, q) is not None), None):
        return stated
    for unit in sector.cost.per:
        if found := next((q for q in outputs if q.unit == unit), None):
            return found
    if outputs:
        return outputs[0]
    return next((q for q in reading.beneficiary_quantities if q.unit in _PER_HEAD), None)


def _unit_cost(brief: ProjectBrief, reading: BriefReading, sector: Sector) -> tuple[str, str, str] | None:
    """Budget ÷ the main output, in the unit a reader expects: "每米水标尺成本 ≤752元/米"."""
    main = _main_output(reading, sector)
    if main is None:
        return None
    money = sector.cost.by_unit.get(main.unit, sector.cost.money)
    prefix = _PER_HEAD.get(main.unit)
    per = _PER_UNIT.get(main.unit, main.unit)
    thing = main.thing
    for word in drafting_data().measure_words:
        thing = thing.removesuffix(word)
    served = any(word in thing for word in sector.beneficiaries) or sector.cost.per[:1] == [main.unit]
    if prefix:  # "人均资助标准" when the head is whom the family serves, else say whose head it is
        name = f"{prefix}{sector.cost.word}" if served or not thing else f"{thing}{prefix}{sector.cost.word}"
    else:
        name = f"每{main.unit}{thing}{sector.cost.word}"
    rate = _stated_rate(reading, main)
    if rate is not None:
        return (
            name,
            f"≤{format_decimal(rate.amount)}{rate.unit}/{per}",
            f"项目说明：{rate.what.split('：', 1)[-1]}",
        )
    in_yuan = brief.full_year_budget * _YUAN[brief.money_unit]
    value = in_yuan / _YUAN[money] / main.value
    if money == "元" and value >= _TO_WAN:
        money, value = "万元", value / _YUAN["万元"]
    budget = f"{format_decimal(brief.full_year_budget)}{brief.money_unit}"
    return name, f"≤{_ceiling(value, money)}{money}/{per}", f"全年预算数{budget}÷{main.text}{main.thing}"


def _stated_rate(reading: BriefReading, main: ReadQuantity) -> Any:
    """A standard the brief states per the counted unit ("每亩补贴105元"), used as the unit cost;
    never one per period ("每人每月100元" is not the year's cost per head)."""
    periods = drafting_data().reading.period_rates
    for money in reading.money:
        clause = money.what.split("：")[-1]
        if not money.what.startswith("说明中的标准") or money.unit not in _YUAN:
            continue
        if f"每{_PER_UNIT.get(main.unit, main.unit)}" in clause and not any(p in clause for p in periods):
            return money
    return None


def _cost_rows(
    rows: _Rows, brief: ProjectBrief, reading: BriefReading, sector: Sector, level1: str, level2: str
) -> None:
    unit = brief.money_unit
    budget = format_decimal(brief.full_year_budget)
    name = brief.project if brief.project.endswith("支出") else f"{brief.project}支出总额"
    rows.add(
        level1, level2, name, f"≤{ceil_money(brief.full_year_budget)}{unit}", f"全年预算数{budget}{unit}"
    )
    if (cost := _unit_cost(brief, reading, sector)) is not None:
        rows.add(level1, level2, *cost)
    for line in sorted(brief.spending, key=lambda s: s.amount, reverse=True)[:MAX_SPENDING_LINES]:
        item = line.item if line.item.endswith(MONEY_TAIL) else f"{line.item}支出"
        basis = f"支出明细：{line.item}{format_decimal(line.amount)}{unit}"
        rows.add(level1, level2, item, f"≤{ceil_money(line.amount)}{unit}", basis)


def _benefit_rows(
    rows: _Rows, brief: ProjectBrief, reading: BriefReading, sector: Sector, slots: dict, text: str
) -> None:
    """Beneficiaries first (an outcome, not an output), then one row per benefit level the family has."""
    for q in reading.beneficiary_quantities[:1]:
        filled = [
            _filled(t, slots, brief.year)
            for t in sector.templates.get(SOCIAL_BENEFIT, [])
            if "{beneficiary}" in t.target
        ]
        name, target, basis = next((f for f in filled if f), None) or (
            q.name or _people_name(q),
            f"≥{q.text}",
            "",
        )
        rows.add(BENEFIT, SOCIAL_BENEFIT, name, target, basis or f"项目说明：{q.source}")
    for level2 in BENEFIT_LEVEL2:
        if len(rows.of(BENEFIT)) >= MAX_BENEFIT_ROWS:
            break
        _templates(rows, sector, BENEFIT, level2, slots, text, brief.year, 1)


def _people_name(q: ReadQuantity) -> str:
    suffix = drafting_data().quantity_suffix.get("household" if q.unit.startswith("户") else "person", "人数")
    return f"受益{suffix}"


def draft_indicators(brief: ProjectBrief, rules: RuleSet) -> IndicatorDraft:
    """A complete indicator set for the brief, weighted by the rule set's split."""
    reading, sector = read_brief(brief)
    text = brief_text(brief.project, brief.description, [s.item for s in brief.spending])
    slots = _slots(brief, reading, sector, text)
    _, split = draft_split(rules)
    cost_level1, cost_level2 = (COST, ECONOMIC_COST) if COST in split else (OUTPUT, "成本指标")
    rows = _Rows()
    _quantity_rows(rows, brief, reading, sector, slots)
    _templates(rows, sector, OUTPUT, QUALITY, slots, text, brief.year, PER_LEVEL2)
    if not _templates(rows, sector, OUTPUT, TIMELINESS, slots, text, brief.year, 1):
        # the family's timing needs a fact the brief lacks: the general family's, from the brief's own dates
        _templates(rows, general_sector(), OUTPUT, TIMELINESS, slots, text, brief.year, 1)
    _cost_rows(rows, brief, reading, sector, cost_level1, cost_level2)
    _benefit_rows(rows, brief, reading, sector, slots, text)
    for template in sector.satisfaction:
        if len(rows.of(SATISFACTION)) < PER_LEVEL2 and template.applies(text):
            filled = _filled(template, slots, brief.year)
            if filled is not None:
                rows.add(
                    SATISFACTION,
                    SERVICE_SATISFACTION,
                    filled[0],
                    filled[1],
                    drafting_data().default_survey.describe(),
                )
    indicators: list[DraftIndicator] = []
    for level1, weight in split.items():
        group = rows.of(level1)
        for row, share in zip(group, split_weight(weight, len(group)), strict=True):
            indicators.append(row.model_copy(update={"weight": share}))
    return IndicatorDraft(indicators=indicators)
