"""Offline deviation explanations in three parts: the fact with numbers in the form's units
(target, actual, gap, rate), the cause, the measure. Causes come from the user (matched to a row by
meaning words) or from the form's own explanation split per row; where neither says, an explicit
placeholder 【待填：…】 stands in. Never an invented cause, never an instruction inside a cell.
"""

from __future__ import annotations

from ..checks import run_checks
from ..checks.explanations import is_real_explanation
from ..form import Form, Indicator
from ..lexicon import load_lexicon
from ..rules import RuleSet
from ..scoring import indicator_score, spending
from ..values import compact, format_decimal, format_percent, one_line, parse_quantity
from .apply import deviation_place
from .brief import DeviationCause
from .deviation_sources import (
    about_funds,
    meaning_score,
    row_words,
    sentences_for_funds,
    sentences_for_row,
    split_cause,
)
from .library import drafting_data
from .models import DeviationDraft, DeviationItem


def _cause_for(indicator: Indicator | None, causes: list[DeviationCause]) -> DeviationCause | None:
    """The user's cause about this row: one whose `about` is its name, target or label, else the
    one sharing the most meaning words with it; for the funds (None), a cause about money."""
    if indicator is None:
        return next((c for c in causes if about_funds(c.about)), None)
    names = (compact(indicator.name), compact(indicator.target.display), compact(indicator.label))
    for cause in causes:
        if compact(cause.about) and compact(cause.about) in names:
            return cause
    scored = [(meaning_score(cause.about, row_words(indicator)), k) for k, cause in enumerate(causes)]
    scored = [(score, k) for score, k in scored if score > 0 and not about_funds(causes[k].about)]
    return causes[max(scored, key=lambda p: (p[0], -p[1]))[1]] if scored else None


def _gap(kind: str) -> str:
    return drafting_data().placeholders[kind]


def _reason(cause: DeviationCause | None, sentences: list[str], kind: str, measure: str = "") -> str:
    """ "原因：…。改进措施：…。" from the user's cause, else the form's own sentences; a part
    nobody gave is the placeholder of its kind (data/drafting.yaml)."""
    if cause is not None:
        because, then = cause.cause.strip().rstrip("。"), cause.measure.strip().rstrip("。")
    else:
        because, then = split_cause(sentences)
    because = because or _gap(f"{kind}_cause")
    then = then or measure or _gap(f"{kind}_measure")
    return f"原因：{because.rstrip('。')}。改进措施：{then.rstrip('。')}。"


def _actual(indicator: Indicator, unit: str) -> str:
    """The actual as written, with the target's unit when it was written bare ("8" → "8个")."""
    text = one_line(indicator.actual.text)
    quantity = parse_quantity(text) if text else None
    if (
        quantity is not None
        and not quantity.unit
        and unit
        and compact(text) == format_decimal(quantity.number)
    ):
        return f"{text}{unit}"
    return text or "（空）"


def _comparison(indicator: Indicator, year: int | None) -> str:
    """ "，比指标值少2个（完成率80.00%）" when target and actual are comparable numbers."""
    target = indicator.target.parse(year)
    actual = parse_quantity(indicator.actual.text) if indicator.actual.text.strip() else None
    if target.kind != "numeric" or target.number is None or actual is None:
        return ""
    if actual.unit and target.unit and not load_lexicon().same_unit(actual.unit, target.unit):
        return ""
    t, a, unit = target.number, actual.number, target.unit
    gap = format_decimal(abs(t - a))
    if target.is_reverse:
        over = f"{gap}{unit}" if unit != "%" else f"{gap}个百分点"
        return f"，超出指标值{over}" if a > t else ""
    if a >= t or t <= 0:
        return ""
    rate = format_percent(a / t * 100)
    return f"，比指标值少{gap}{unit}（完成率{rate}）" if unit != "%" else f"，低于指标值{gap}个百分点"


def _facts(indicator: Indicator, year: int | None) -> str:
    unit = indicator.target.parse(year).unit or ""
    return f"年度指标值{one_line(indicator.target.display)}，实际完成{_actual(indicator, unit)}"


def _shortfall(form: Form, index: int, rules: RuleSet, cause: DeviationCause | None) -> str:
    indicator = form.indicators[index]
    score, weight = indicator.score.text.strip(), indicator.weight.text.strip()
    expected = indicator_score(indicator, rules, form.year)
    facts = f"{_facts(indicator, form.year)}{_comparison(indicator, form.year)}"
    if expected is not None and expected != indicator.score.value:
        facts += f"，按评分规则应得{format_decimal(expected)}分"
    facts += f"，表中得分{score}分（分值{weight}分）。"
    met = expected is not None and indicator.weight.value is not None and expected >= indicator.weight.value
    sentences = sentences_for_row(form, index)
    if met:  # a met target with points taken: the score, not the work, needs explaining
        fix = (
            f"无扣分依据的，得分按评分规则更正为{format_decimal(expected)}分" if expected is not None else ""
        )
        return facts + _reason(cause, sentences, "met", fix)
    return facts + _reason(cause, sentences, "shortfall")


def _overachieved(form: Form, index: int, cause: DeviationCause | None) -> str:
    indicator = form.indicators[index]
    target = indicator.target.parse(form.year)
    actual = parse_quantity(indicator.actual.text)
    ratio, extra = "", ""
    if target.number and actual is not None:
        ratio = f"，为指标值的{format_percent(actual.number / target.number * 100)}"
        extra = f"，超出{format_decimal(actual.number - target.number)}{target.unit}"
    facts = f"{_facts(indicator, form.year)}{ratio}{extra}。"
    return facts + _reason(cause, sentences_for_row(form, index), "overachieved")


def _unspent(form: Form, cause: DeviationCause | None) -> str:
    spent, unit = spending(form), form.money_unit
    if spent is None:  # DEVIATION-UNSPENT is raised only with a rate
        return _reason(cause, sentences_for_funds(form), "unspent")
    row = "" if spent.row is form.funds.total else spent.row.label  # the one source row with money
    facts = (
        f"{row}全年预算数{format_decimal(spent.budget)}{unit}，全年执行数{format_decimal(spent.executed)}{unit}，"
        f"预算执行率{format_percent(spent.rate)}，结余{format_decimal(spent.unspent)}{unit}未支出。"
    )
    return facts + _reason(cause, sentences_for_funds(form), "unspent")


def _short_rows(form: Form) -> list[int]:
    """Rows below their weight whose own cell says nothing, though the form's own text explains
    them elsewhere: that text is split into their cells."""
    lexicon = load_lexicon()
    rows = []
    for index, row in enumerate(form.indicators):
        score, weight = row.score.value, row.weight.value
        short = score is not None and weight is not None and score < weight
        if short and not is_real_explanation(row.deviation, lexicon) and sentences_for_row(form, index):
            rows.append(index)
    return rows


def draft_deviations(form: Form, rules: RuleSet, causes: list[DeviationCause]) -> DeviationDraft:
    """One item per row the checks say needs an explanation (or whose explanation sits only in a
    form-level text), plus the funds when unspent; in the order of the form."""
    wanted: dict[int | None, str] = {}
    for finding in run_checks(form, rules):
        if finding.code == "DEVIATION-UNSPENT":
            wanted.setdefault(None, "unspent")
        elif (
            finding.code in ("DEVIATION-MISSING", "DEVIATION-OVERACHIEVED")
            and finding.indicator_index is not None
        ):
            wanted.setdefault(finding.indicator_index, finding.code)
    for index in _short_rows(form):
        wanted.setdefault(index, "DEVIATION-MISSING")
    items: list[DeviationItem] = []
    for index in sorted(wanted, key=lambda k: -1 if k is None else k):
        location = deviation_place(form, index).render()
        if index is None:
            text = _unspent(form, _cause_for(None, causes))
        elif wanted[index] == "DEVIATION-MISSING":
            text = _shortfall(form, index, rules, _cause_for(form.indicators[index], causes))
        else:
            text = _overachieved(form, index, _cause_for(form.indicators[index], causes))
        items.append(DeviationItem(indicator_index=index, location=location, text=text))
    return DeviationDraft(items=items)
