"""A brief's (or a form's) facts by kind (docs/rules.md §9): what a drafted row may write, and what it
may derive.

Money (the budget, spending lines, their sums, per-unit amounts in 元 and 万元, a written rate
times a count), percentages (execution rate, shares of money and of quantities), quantities (stated,
summed within one unit, counts of listed items) and the numbers the user wrote, each by the unit
that follows it. The number check (numbers.py) matches a written number only against its kind.
A form's facts for a rewritten row (the critique) are built the same way from its cells; weights
and scores are not among them: a target never writes points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..form import Form
from ..rules import RuleSet
from ..values import normalize
from .brief import ProjectBrief
from .numbers import (
    _NUMBER_RE,
    _YUAN,
    HUNDRED,
    Facts,
    _money_variants,
    _rate_facts,
    _unit_kind,
    _year_facts,
    strip_citations,
)


def _listed_counts(text: str) -> list[Decimal]:
    """How many items a list names: "台式计算机10台、笔记本电脑3台、投影仪1台" → 3."""
    counts = []
    for clause in re.split(r"[，。；,;：:\n]", normalize(text)):
        items = [part for part in clause.split("、") if part.strip()]
        if len(items) > 1:
            counts.append(Decimal(len(items)))
    return counts


def _sums(values: list[Decimal]) -> list[Decimal]:
    """The total and the sum of each two ("自动雨量站24处、水位站12处" → 36处)."""
    out = [sum(values, Decimal(0))] if len(values) > 1 else []
    for i, a in enumerate(values):
        out += [a + b for b in values[i + 1 :]]
    return out


def _written(texts: Iterable[str]) -> dict[str, list[Decimal]]:
    """The numbers the user wrote, by the kind of the unit that follows each ("3台" is a
    quantity, "65岁" and "2型" are other)."""
    out: dict[str, list[Decimal]] = {}
    for text in texts:
        text = strip_citations(normalize(text))
        for match in _NUMBER_RE.finditer(text):
            kind = _unit_kind(text[match.end() :])
            out.setdefault(kind, []).append(Decimal(match.group(1).replace(",", "")))
    return out


def brief_facts(brief: ProjectBrief, rules: RuleSet) -> Facts:
    """The brief's facts by kind, with the derivations a drafter may write: sums and differences,
    rates and shares, per-unit amounts in 元 and 万元, products of a count and a rate, item counts."""
    from ..lexicon import load_lexicon
    from ..scoring import funds_score
    from .quantities import extract_quantities

    found = extract_quantities(brief.description)
    quantities = [q.value for q in brief.quantities] + [q.value for q in found]
    groups: dict[str, list[Decimal]] = {}
    for q in found:
        groups.setdefault(q.group + q.unit, []).append(q.value)
    for known in brief.quantities:
        groups.setdefault(known.unit, []).append(known.value)
    counts = [Decimal(len(brief.spending))] if brief.spending else []
    counts += _listed_counts(brief.description)
    quantity = quantities + counts + [v for values in groups.values() for v in _sums(values)]

    budget, executed = brief.full_year_budget, brief.executed
    spending = [line.amount for line in brief.spending]
    money = [budget, *spending, *_sums(spending)]
    if spending:
        money.append(budget - sum(spending, Decimal(0)))
    percent: list[Decimal] = [amount / budget * HUNDRED for amount in spending]
    if executed is not None:
        money += [executed, abs(budget - executed)]
        rate = executed / budget * HUNDRED
        percent += [rate, HUNDRED - rate]
        score = funds_score(rate, rules.funds.weight, rules)
        if score is not None:
            percent.append(score)
    # rates the user wrote ("每亩补贴120元") times a count are money too
    money_units = "|".join(sorted(load_lexicon().money_units, key=len, reverse=True))
    written_rates = [
        Decimal(m.group(1)) * _YUAN[m.group(2)] / _YUAN.get(brief.money_unit, Decimal(1))
        for m in re.finditer(rf"(\d+(?:\.\d+)?)\s*({money_units})", normalize(brief.description))
        if m.group(2) in _YUAN
    ]
    money += [rate * q for rate in written_rates for q in quantities]
    money = _money_variants(m for m in money if m > 0)
    money += [m / c for m in money for c in quantity if c > 0]
    positive = sorted({q for q in quantities if q > 0})
    percent += [a / b * HUNDRED for a in positive for b in positive if a < b]
    percent += [HUNDRED - p for p in percent if p <= HUNDRED]
    texts = [brief.project, brief.department, brief.unit, brief.description]
    texts += [item.item for item in brief.spending]
    texts += [f"{c.about} {c.cause} {c.measure}" for c in brief.causes]
    written = _written(texts)
    plain = written.get("other", []) + _year_facts(brief.year)

    def clean(values: Iterable[Decimal]) -> frozenset[Decimal]:
        return frozenset(abs(v) for v in values)

    return Facts(
        clean(plain),
        clean(money + written.get("money", [])),
        clean(percent + written.get("percent", [])),
        clean(quantity + written.get("quantity", [])),
        strict=True,
    )


def form_row_facts(form: Form, rules: RuleSet) -> Facts:
    """What a rewritten row of `form` may write: the cells' numbers by kind, money and its per-unit
    amounts, the execution rate, each row's completion ratio and gap; never a weight or a score."""
    header = form.header
    texts = [form.title, header.project, header.department, header.unit]
    texts += [form.goal.expected, form.goal.actual, form.other_notes]
    for row in form.indicators:
        texts += [row.name, row.target.display, row.actual.text, row.deviation]
    written = _written(texts)
    total = form.funds.total
    budget, executed = total.full_year_budget.value, total.executed.value
    cells = [
        c for r in (total, *form.funds.sources) for c in (r.initial_budget, r.full_year_budget, r.executed)
    ]
    rates = _rate_facts(budget, executed)
    quantity = list(written.get("quantity", []))
    percent = list(written.get("percent", [])) + rates[:2]
    for row in form.indicators:
        target, actual = row.target.parse(form.year), row.actual.quantity
        if target.number is None or actual is None:
            continue
        gap = abs(target.number - actual.number)
        (percent if "%" in (target.unit, actual.unit) else quantity).append(gap)
        if target.number > 0:
            ratio = actual.number / target.number * HUNDRED
            percent += [ratio, abs(ratio - HUNDRED)]
    money = [c.value for c in cells if c.value is not None] + rates[2:] + written.get("money", [])
    money = _money_variants(m for m in money if m > 0)
    money += [m / q for m in money for q in quantity if q > 0]
    plain = written.get("other", []) + _year_facts(form.year)
    return Facts(
        *(frozenset(abs(v) for v in kind) for kind in (plain, money, percent, quantity)), strict=True
    )
