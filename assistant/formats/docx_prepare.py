"""What the user asked to change before a form is written out: the layout, and computed values.

Both return copies; the form as read is never modified. Computed values are filled only on
request (`--fill-computed`): an exported form otherwise says exactly what its author wrote.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..form import Form, Layout, NumberCell, TargetCell
from ..rules import RuleSet, load_rule_set
from ..scoring import compute
from ..values import format_decimal, format_percent

_PREFIX_OPERATORS = (
    "不低于|不少于|不小于|不高于|不超过|不多于|不大于|大于|小于|高于|低于|多于|少于|至少|达到|"
    ">=|<=|==|≥|≤|≧|≦|＞|＜|＝|═|=|>|<"
)
_SUFFIX_OPERATORS = {"及以上": "≥", "以上": "≥", "及以下": "≤", "以下": "≤", "以内": "≤"}
_TARGET_RE = re.compile(
    rf"^\s*(?P<op>{_PREFIX_OPERATORS})?\s*(?P<num>[-+]?\d+(?:[,，]\d{{3}})*(?:[.．]\d+)?)"  # \d: ０-９ too
    r"\s*(?P<unit>[^\d\s,，.．;；:：()（）≥≤=<>]{0,6})\s*$"
)


def split_target_text(text: str) -> tuple[str, str, str]:
    """ "≥154人" → ("≥", "154", "人"); anything not of that shape stays whole in the value cell."""
    match = _TARGET_RE.match(text or "")
    if not match:
        return "", (text or "").strip(), ""
    operator, unit = match.group("op") or "", match.group("unit")
    for suffix, symbol in _SUFFIX_OPERATORS.items():
        if unit.endswith(suffix):
            unit = unit.removesuffix(suffix)
            operator = operator or symbol
            break
    return operator, match.group("num"), unit


def to_layout(form: Form, layout: Layout | None) -> Form:
    """The form with its target cells in the chosen layout (one cell, or 性质/值/单位)."""
    layout = layout or form.layout
    result = form.model_copy(deep=True)
    result.layout = layout
    for indicator in result.indicators:
        target = indicator.target
        if layout == "split-target" and not target.split:
            operator, value, unit = split_target_text(target.text)
            indicator.target = TargetCell(text=value, operator_text=operator, unit_text=unit)
        elif layout == "single-cell" and target.split:
            indicator.target = TargetCell(text=target.display)
    return result


def with_computed(form: Form, rules: RuleSet) -> Form:
    """执行率, the funds score, 总分 and 等级 as the rule set computes them; blanks stay where the
    inputs are missing. The weight total and the funds weight are filled only where blank."""
    computed = compute(form, rules)
    result = form.model_copy(deep=True)
    total = result.funds.total
    if computed.execution_rate is not None:
        total.rate = NumberCell(text=format_percent(computed.execution_rate))
    if computed.funds_weight is not None and total.weight.blank:
        total.weight = NumberCell(text=format_decimal(computed.funds_weight))
    if computed.funds_score is not None:
        total.score = NumberCell(text=format_decimal(computed.funds_score))
    if computed.total_score is not None:
        result.stated_total = NumberCell(text=format_decimal(computed.total_score))
    if computed.grade:
        result.grade = computed.grade
    weights = [indicator.weight.value for indicator in result.indicators]
    if result.stated_weight_total.blank and computed.funds_weight is not None and None not in weights:
        result.stated_weight_total = NumberCell(
            text=format_decimal(computed.funds_weight + sum(weights, Decimal(0)))  # type: ignore[arg-type]
        )
    return result


def prepare_forms(
    forms: list[Form],
    *,
    layout: Layout | None = None,
    fill_computed: bool = False,
    rules: RuleSet | str | None = None,
) -> list[Form]:
    """Copies of the forms in the chosen layout, with computed values only when asked for."""
    prepared = [to_layout(form, layout) for form in forms]
    if fill_computed:
        rule_set = load_rule_set(rules) if isinstance(rules, str) else rules or load_rule_set()
        prepared = [with_computed(form, rule_set) for form in prepared]
    return prepared
