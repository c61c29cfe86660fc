"""Offline deviation explanations: the facts with numbers (target, actual, gap), then the user's
cause and measure — or an honest placeholder the user must complete. Never an invented cause.
"""

from __future__ import annotations

from decimal import Decimal

from ..checks import run_checks
from ..form import Form, Indicator
from ..rules import RuleSet
from ..scoring import compute, indicator_score
from ..values import compact, format_decimal, format_percent, one_line, parse_quantity
from .apply import deviation_place
from .brief import DeviationCause
from .library import drafting_data
from .models import DeviationDraft, DeviationItem

FUNDS = "资金"


def _cause_for(indicator: Indicator | None, causes: list[DeviationCause]) -> DeviationCause | None:
    """The user's cause whose `about` names this row (its name or target), or 资金 for the funds."""
    for cause in causes:
        about = compact(cause.about)
        if indicator is None:
            if about in (FUNDS, "预算执行率", "执行率", "项目资金"):
                return cause
            continue
        names = (compact(indicator.name), compact(indicator.target.display), compact(indicator.label))
        if about and about in names:
            return cause
    return None


def _reason(cause: DeviationCause | None, placeholder: str) -> str:
    if cause is None:
        return drafting_data().placeholders[placeholder]
    measure = (
        cause.measure.strip().rstrip("。") or drafting_data().placeholder_marker + "：请写明具体改进措施"
    )
    return f"原因：{cause.cause.strip().rstrip('。')}。改进措施：{measure}。"


def _comparison(indicator: Indicator, year: int | None) -> str:
    """ "未达到指标值，差4人（完成率97.40%）" when target and actual are comparable numbers."""
    target = indicator.target.parse(year)
    actual = parse_quantity(indicator.actual.text) if indicator.actual.text.strip() else None
    if target.kind != "numeric" or target.number is None or actual is None:
        return ""
    if actual.unit and target.unit and actual.unit != target.unit and not _same(actual.unit, target.unit):
        return ""
    t, a, unit = target.number, actual.number, target.unit
    gap = format_decimal(abs(t - a))
    if target.is_reverse:
        return f"，超出指标值{gap}{unit}" if a > t else ""
    if a >= t or t <= 0:
        return ""
    rate = format_percent(a / t * 100)
    return f"，比指标值少{gap}{unit}（完成率{rate}）" if unit != "%" else f"，低于指标值{gap}个百分点"


def _same(a: str, b: str) -> bool:
    from ..lexicon import load_lexicon

    return load_lexicon().same_unit(a, b)


def _facts(indicator: Indicator) -> str:
    actual = one_line(indicator.actual.text) or "（空）"
    return f"年度指标值{one_line(indicator.target.display)}，实际完成值{actual}"


def _shortfall(indicator: Indicator, form: Form, rules: RuleSet, cause: DeviationCause | None) -> str:
    score, weight = indicator.score.text.strip(), indicator.weight.text.strip()
    expected = indicator_score(indicator, rules, form.year)
    facts = f"{_facts(indicator)}{_comparison(indicator, form.year)}"
    if expected is not None and expected != indicator.score.value:
        facts += f"，按评分规则应得{format_decimal(expected)}分"
    facts += f"，表中得分{score}分（分值{weight}分）。"
    met = expected is not None and indicator.weight.value is not None and expected >= indicator.weight.value
    # A met target with points taken: the score, not the work, needs explaining.
    return facts + _reason(cause, "met" if met else "shortfall")


def _overachieved(indicator: Indicator, year: int | None, cause: DeviationCause | None) -> str:
    target = indicator.target.parse(year)
    actual = parse_quantity(indicator.actual.text)
    ratio, extra = "", ""
    if target.number and actual is not None:
        ratio = f"，为指标值的{format_percent(actual.number / target.number * 100)}"
        extra = f"，超出{format_decimal(actual.number - target.number)}{target.unit}"
    return f"{_facts(indicator)}{ratio}{extra}。" + _reason(cause, "overachieved")


def _unspent(form: Form, rules: RuleSet, cause: DeviationCause | None) -> str:
    total, unit = form.funds.total, form.money_unit
    budget, executed = total.full_year_budget.value or Decimal(0), total.executed.value or Decimal(0)
    rate = compute(form, rules).execution_rate
    facts = (
        f"全年预算数{format_decimal(budget)}{unit}，全年执行数{format_decimal(executed)}{unit}，"
        f"预算执行率{format_percent(rate)}，结余{format_decimal(budget - executed)}{unit}未支出。"
    )
    return facts + _reason(cause, "unspent")


def draft_deviations(form: Form, rules: RuleSet, causes: list[DeviationCause]) -> DeviationDraft:
    """One item per row the checks say needs an explanation, plus the funds when unspent."""
    items: list[DeviationItem] = []
    done: set[int | None] = set()
    for finding in run_checks(form, rules):
        if finding.code == "DEVIATION-UNSPENT" and None not in done:
            done.add(None)
            text = _unspent(form, rules, _cause_for(None, causes))
            location = deviation_place(form, None).render()
            items.append(DeviationItem(indicator_index=None, location=location, text=text))
            continue
        index = finding.indicator_index
        if (
            finding.code not in ("DEVIATION-MISSING", "DEVIATION-OVERACHIEVED")
            or index in done
            or index is None
        ):
            continue
        done.add(index)
        row = form.indicators[index]
        cause = _cause_for(row, causes)
        if finding.code == "DEVIATION-MISSING":
            text = _shortfall(row, form, rules, cause)
        else:
            text = _overachieved(row, form.year, cause)
        location = deviation_place(form, index).render()
        items.append(DeviationItem(indicator_index=index, location=location, text=text))
    return DeviationDraft(items=items)
