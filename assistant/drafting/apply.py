"""Putting drafts into forms. Every function returns a new Form; the input is never changed.

Numbers a draft must not decide are filled here from the facts: the funds weight from the rule
set, the execution rate and funds score from the brief's budget and execution.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..form import (
    Form,
    FundRow,
    Funds,
    Goal,
    Header,
    Indicator,
    NumberCell,
    TargetCell,
    canonical_level,
)
from ..lexicon import load_lexicon
from ..place import Place
from ..rules import DEFAULT_RULE_SET, RuleSet, load_rule_set
from ..scoring import execution_rate, funds_score
from ..values import OPERATOR_SYMBOLS, compact, format_decimal, format_percent, parse_target
from ..vocabulary import FUND_TOTAL_LABEL, LEVEL1_CANON, LEVEL2_CANON
from .brief import ProjectBrief
from .models import CritiqueDraft, DeviationDraft, DraftIndicator, IndicatorDraft


def draft_split(rules: RuleSet) -> tuple[Decimal, dict[str, Decimal]]:
    """The funds weight and first-level split a draft uses: the rule set's own when it fixes one,
    the default rule set's (10/50/30/10) for a lenient set that leaves the split open."""
    if rules.categories.exact:
        return rules.funds.weight, dict(rules.categories.weights)
    default = load_rule_set(DEFAULT_RULE_SET)
    funds = default.funds.weight
    if funds not in rules.funds.allowed_weights:
        funds = rules.funds.weight
    return funds, dict(default.categories.weights)


def label_rows(rows: list[Indicator]) -> list[Indicator]:
    """Number rows within each second-level category: 指标1, 指标2 … as the forms do."""
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.category1, row.category2)
        counts[key] = counts.get(key, 0) + 1
        row.label = f"指标{counts[key]}"
    return rows


def _target_cell(text: str, split: bool) -> TargetCell:
    """One cell for the older layout; 指标性质 / 指标值 / 度量单位 for the split layout."""
    if not split:
        return TargetCell(text=text)
    target = parse_target(text)
    if target.kind != "numeric" or target.number is None:
        return TargetCell(text=text, operator_text="", unit_text="")
    operator = OPERATOR_SYMBOLS[target.operator] if target.operator else ""
    return TargetCell(text=format_decimal(target.number), operator_text=operator, unit_text=target.unit)


def indicator_row(draft: DraftIndicator, split: bool = False) -> Indicator:
    return Indicator(
        level1=canonical_level(draft.level1, LEVEL1_CANON),
        level2=canonical_level(draft.level2, LEVEL2_CANON),
        name=draft.name,
        target=_target_cell(draft.target, split),
        weight=NumberCell(text=format_decimal(draft.weight)),
    )


def _funds_row(brief: ProjectBrief, weight: Decimal, rules: RuleSet) -> FundRow:
    row = FundRow(
        label=FUND_TOTAL_LABEL,
        full_year_budget=NumberCell(text=format_decimal(brief.full_year_budget)),
        weight=NumberCell(text=format_decimal(weight)),
    )
    if brief.executed is not None:
        rate = execution_rate(brief.full_year_budget, brief.executed)
        row.executed = NumberCell(text=format_decimal(brief.executed))
        row.rate = NumberCell(text=format_percent(rate))
        row.score = NumberCell(text=format_decimal(funds_score(rate, weight, rules)))
    return row


def form_from_brief(brief: ProjectBrief, draft: IndicatorDraft, rules: RuleSet) -> Form:
    """A new form from the brief and the drafted indicators: actuals and scores blank."""
    funds_weight, _ = draft_split(rules)
    rows = label_rows([indicator_row(item) for item in draft.indicators])
    weights = sum((item.weight for item in draft.indicators), Decimal(0))
    return Form(
        title="项目支出绩效自评表",
        year=brief.year,
        money_unit=brief.money_unit,
        header=Header(
            project=brief.project,
            department=brief.department,
            unit=brief.unit,
            leader=brief.leader,
            phone=brief.phone,
        ),
        funds=Funds(total=_funds_row(brief, funds_weight, rules)),
        goal=Goal(expected=brief.description),
        indicators=rows,
        stated_weight_total=NumberCell(text=format_decimal(funds_weight + weights)),
    )


def _is_empty(text: str) -> bool:
    bare = compact(text).strip("。.；;，,")
    return not bare or bare in load_lexicon().empty_explanations


def _merged(old: str, new: str) -> str:
    return new if _is_empty(old) else f"{old.rstrip()}\n{new}"


def deviation_place(form: Form, index: int | None) -> Place:
    """Where apply_deviations writes the explanation for row `index` (None: the funds, whose
    explanation goes into 其他需要说明事项); an index outside the form names only the table."""
    if index is None:
        return Place(section="notes")
    if 0 <= index < len(form.indicators):
        return form.indicators[index].place(index, "deviation")
    return Place(section="indicators")


def apply_deviations(form: Form, draft: DeviationDraft) -> Form:
    """The form with each drafted explanation in its row; the funds explanation (index None)
    goes into 其他需要说明事项, the place the funds table leaves for it. Out-of-range indexes are
    skipped (validate reports them)."""
    result = form.model_copy(deep=True)
    for item in draft.items:
        if item.indicator_index is None:
            result.other_notes = _merged(result.other_notes, item.text)
        elif 0 <= item.indicator_index < len(result.indicators):
            row = result.indicators[item.indicator_index]
            row.deviation = item.text if _is_empty(row.deviation) else _merged(row.deviation, item.text)
    return result


def apply_rewrites(form: Form, draft: CritiqueDraft, accepted_indexes: Iterable[int]) -> Form:
    """The form with the rewrites the user accepted, by indicator index (Form.indicators order).
    A rewrite replaces categories, name and target; weight, actual, score and explanation stay:
    scores never come from a draft, and the actual must be measured against the new target."""
    accepted = set(accepted_indexes)
    result = form.model_copy(deep=True)
    split = form.layout == "split-target"
    for item in draft.items:
        index = item.indicator_index
        if item.rewrite is None or index not in accepted or not 0 <= index < len(result.indicators):
            continue
        old = result.indicators[index]
        new = indicator_row(item.rewrite, split)
        result.indicators[index] = old.model_copy(
            update={"level1": new.level1, "level2": new.level2, "name": new.name, "target": new.target}
        )
    return result
