"""One judge for one written indicator: the exercises, the drafting gate, the critique and
`jixiao indicator` ask it whether a 年度指标值 is a target a reviewer accepts.

It puts the indicator into a minimal form and runs the real row checks (smart.py, category.py), then
the rules only a written target needs (data/indicator_judge.yaml): an answer that only says "完成" or
"达标", a change without its base ("提升10%"), a value of the wrong kind for the category (人数 as
满意度, 万元 as 时效, a bare number), and a cost above the budget.
"""

from __future__ import annotations

import re
from decimal import ROUND_UP, Decimal
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from ..findings import Finding, make_finding
from ..form import ActualCell, Form, FundRow, Funds, Indicator, NumberCell, TargetCell
from ..lexicon import Lexicon, has_word, load_lexicon
from ..rules import DEFAULT_RULE_SET, RuleSet, load_rule_set
from ..values import Target, compact, count_decimals, format_decimal, names_period, one_line, parse_target
from ..vocabulary import COST_WORD, FUND_TOTAL_LABEL, LEVEL2_CANON
from . import smart
from .category import category_findings, indicator_title, level1_of
from .context import CheckContext

COST_BUDGET = "DRAFT-COST-BUDGET"
_OPERATORS = re.compile(r"(≥|≤|>=|<=|>|<|=|不低于|不少于|不高于|不超过|不多于|以上|以下|以内)")
_PERCENTS = re.compile(r"\d+(?:\.\d+)?%")
_YEARS = re.compile(r"\d{4}\s*年")
_NUMBERS = re.compile(r"\d+(?:\.\d+)?")
_PUNCTUATION = re.compile(r"[\s，。、；：,.;:！!（）()“”\"'·/—\-]")


class JudgeData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    hollow_words: list[str]
    relative_words: list[str]
    growth_words: list[str]
    level_markers: list[str]
    base_markers: list[str]
    category_kinds: dict[str, list[str]]
    rate_words: list[str]
    kind_labels: dict[str, str]
    name_units: dict[str, list[str]]


@cache
def judge_data() -> JudgeData:
    text = (resources.files("assistant") / "data" / "indicator_judge.yaml").read_text(encoding="utf-8")
    return JudgeData.model_validate(yaml.safe_load(text))


class JudgeFinding(BaseModel):
    code: str
    reason: str  # the check's Chinese message


class IndicatorJudgement(BaseModel):
    """Whether a reviewer accepts the indicator, and every reason when not."""

    accepted: bool
    findings: list[JudgeFinding]


# --- the rules of a written target ---------------------------------------------------------------


def hollow_word(text: str, lexicon: Lexicon) -> str | None:
    """The word of a target that says only "done" ("100%完成", "全部完成", "达标", "较高"), or None."""
    data = judge_data()
    compacted = compact(text)
    found = [word for word in data.hollow_words if word in compacted]
    if not found or "《" in compacted:
        return None
    rest = _PERCENTS.sub("", _OPERATORS.sub("", compacted))
    for word in sorted(data.hollow_words, key=len, reverse=True):
        rest = rest.replace(word, "")
    return found[0] if not _PUNCTUATION.sub("", rest) else None


def names_base(text: str) -> bool:
    """Whether a change is written with its base: "基数：…", or a value besides the change itself
    ("不低于上年（2022年85%）", "较上年提高5个百分点（上年80%）"; a year alone is no value)."""
    data, compacted = judge_data(), compact(text)
    if any(marker in compacted for marker in data.base_markers):
        return True
    values = _NUMBERS.findall(_YEARS.sub("", compacted))
    changes = 1 if any(word in compacted for word in data.growth_words) else 0
    return len(values) > changes


def growth_without_base(text: str, target: Target) -> str | None:
    """The word of a change written without its base ("提升10%", "同比增长10%", "不低于上年")."""
    data = judge_data()
    compacted = compact(text)
    if names_base(compacted):
        return None
    if word := next((w for w in data.relative_words if w in compacted), None):
        return word
    word = next((w for w in data.growth_words if w in compacted), None)
    if word is None:
        return None
    after = compacted.split(word, 1)[1]
    if after[:1] in data.level_markers:
        return None  # "提高到95%": the level itself
    relative = target.kind != "numeric" or target.unit == "%" or "百分点" in compacted
    return word if relative else None


def value_kinds(indicator: Indicator, target: Target, lexicon: Lexicon) -> set[str]:
    """What the target is: the kinds of data/indicator_judge.yaml category_kinds."""
    data, text = judge_data(), compact(indicator.target.display)
    kinds: set[str] = set()
    if target.kind == "date":
        kinds.add("date")
    if names_period(text):
        kinds.add("period")
    if "《" in text or has_word(lexicon.standard_words, text):
        kinds.add("standard")  # also with a number in it: "符合GB/T 50138-2010，验收合格"
    change = any(word in text for word in (*data.relative_words, *data.growth_words, *data.base_markers))
    based = change and names_base(text)  # "不低于上年（基数：2022年 85%）" is a percentage
    if target.kind == "numeric":
        unit = "%" if based and "%" in text else target.unit
        if unit == "%":
            kinds.add("percent")
            if any(word in indicator.name + text for word in data.rate_words):
                kinds.add("rate")
        elif any(unit.startswith(money) for money in lexicon.money_units):
            kinds.add("money")
        elif unit in lexicon.duration_units:
            kinds.add("duration")
        elif unit:
            kinds.add("count")
            if target.is_reverse or target.number == 0:
                kinds.add("reverse_count")
        elif not kinds:
            kinds.add("none")
    return kinds


COUNT_KINDS = frozenset({"count", "reverse_count"})


def _category_key(indicator: Indicator) -> str | None:
    categories = indicator.category1 + indicator.category2
    if COST_WORD in categories:
        return "成本"
    return next((key for key in judge_data().category_kinds if key in categories), None)


def _kind_finding(indicator: Indicator, index: int, target: Target, rules: RuleSet) -> Finding | None:
    lexicon, data = load_lexicon(), judge_data()
    kinds = value_kinds(indicator, target, lexicon)
    place, shown = indicator.place(index, "target"), one_line(indicator.target.display)
    if kinds == {"none"}:
        return make_finding("SMART-UNIT-CATEGORY", place, rules, "no_unit", target=shown)
    key = _category_key(indicator) or ""
    if key in data.category_kinds and kinds and not kinds & set(data.category_kinds[key]):
        return make_finding(
            "SMART-UNIT-CATEGORY",
            place,
            rules,
            name=indicator_title(indicator),
            category=indicator.category2 or indicator.category1,
            target=shown,
            expected=data.kind_labels[key],
        )
    if target.kind == "numeric" and target.unit and "count" in kinds and kinds <= COUNT_KINDS:
        # the thing a count counts; a unit cost ("每人次慰问标准 ≤500元/人次") is money, not a count
        for word, units in data.name_units.items():
            if word in indicator.name and not any(lexicon.same_unit(target.unit, u) for u in units):
                return make_finding(
                    "SMART-UNIT-CATEGORY",
                    place,
                    rules,
                    "name",
                    name=indicator_title(indicator),
                    word=word,
                    unit=target.unit,
                    expected="、".join(units),
                )
    return None


def over_budget(text: str, budget: Decimal | None, money_unit: str) -> Decimal | None:
    """The amount of a cost target above the budget (in the target's own unit), or None when it
    fits, is no total amount ("≤500元/人") or there is no budget. The budget is rounded up to the
    decimals the target is written with (≤2175.97 for 2175.9657)."""
    target = parse_target(text)
    if budget is None or target.number is None or target.unit not in load_lexicon().money_units:
        return None
    amount = target.number
    if target.unit in ("元", "万元") and target.unit != money_unit:
        amount = amount / 10000 if target.unit == "元" else amount * 10000
    ceiling = budget.quantize(Decimal(1).scaleb(-count_decimals(text)), rounding=ROUND_UP)
    return target.number if amount > ceiling else None


def written_target_findings(form: Form, index: int, rules: RuleSet) -> list[Finding]:
    """What a written target must show beyond the form's checks: the judge's own rules for row
    `index` (its hollow words, its base, the kind of its value, its cost within the budget)."""
    indicator, lexicon = form.indicators[index], load_lexicon()
    target = indicator.parse_target(form.year)
    text = one_line(indicator.target.display)
    place = indicator.place(index, "target")
    findings: list[Finding] = []
    if target.kind == "blank":
        return findings
    unmeasurable = smart.unmeasurable_variant(indicator, target, lexicon) is not None
    if word := hollow_word(text, lexicon):
        unmeasurable = True
        findings.append(make_finding("SMART-UNMEASURABLE", place, rules, "hollow", target=text, word=word))
    if word := growth_without_base(text, target):
        findings.append(make_finding("SMART-GROWTH-NO-BASE", place, rules, target=text, word=word))
    elif not unmeasurable and (kind := _kind_finding(indicator, index, target, rules)) is not None:
        findings.append(kind)  # a target that measures nothing is not of a wrong kind as well
    budget = form.funds.total.full_year_budget.value
    if _category_key(indicator) == "成本" and (amount := over_budget(text, budget, form.money_unit)):
        params = {"name": indicator_title(indicator), "amount": format_decimal(amount), "unit": target.unit}
        budget_text = format_decimal(budget) if budget is not None else ""
        findings.append(make_finding(COST_BUDGET, place, rules, budget=budget_text, **params))
    return findings


# --- the judge --------------------------------------------------------------------------------------


def indicator_form(
    level2: str,
    name: str,
    target: str,
    *,
    actual: str | None = None,
    budget: Decimal | None = None,
    unit: str = "万元",
    level1: str | None = None,
) -> Form:
    """A form that holds only this indicator (and the budget, when there is one)."""
    row = Indicator(
        level1=level1 or "",
        level2=level2_name(level2),
        name=name,
        target=TargetCell(text=target),
        actual=ActualCell(text=actual or ""),
    )
    if not level1:
        row.level1 = level1_of(row.category2) or row.category2
    budget_text = format_decimal(budget) if budget is not None else ""
    funds = Funds(total=FundRow(label=FUND_TOTAL_LABEL, full_year_budget=NumberCell(text=budget_text)))
    return Form(money_unit=unit, funds=funds, indicators=[row])


def row_check_findings(form: Form, index: int, rules: RuleSet) -> list[Finding]:
    """The form's own checks of one row: SMART-*, ACTUAL-COPIES-TARGET, UNIT-MISMATCH, CATEGORY-MISFIT."""
    context = CheckContext.build(form, rules)
    found = [f for check in smart.CHECKS for f in check(context) if f.indicator_index == index]
    return found + category_findings(form, rules, [index])


def judge_indicator(
    level2: str,
    name: str,
    target: str,
    *,
    actual: str | None = None,
    budget: Decimal | None = None,
    unit: str = "万元",
    level1: str | None = None,
    rules: RuleSet | None = None,
) -> IndicatorJudgement:
    """Accepted when neither the checks nor the rules of a written target find anything."""
    rules = rules or load_rule_set(DEFAULT_RULE_SET)
    form = indicator_form(level2, name, target, actual=actual, budget=budget, unit=unit, level1=level1)
    findings = row_check_findings(form, 0, rules)
    seen = {(f.code, f.place.indicator_field) for f in findings}
    findings += [f for f in written_target_findings(form, 0, rules) if (f.code, "target") not in seen]
    return IndicatorJudgement(
        accepted=not findings,
        findings=[JudgeFinding(code=f.code, reason=f.message) for f in findings],
    )


def level2_name(text: str) -> str:
    """The standard 二级指标 a user means ("数量" → 数量指标, "满意度" → 服务对象满意度指标), or the
    text itself when it names none or several."""
    canonical = Indicator(level1="", level2=text).category2
    if canonical in LEVEL2_CANON:
        return canonical
    bare = compact(text).removesuffix("指标")
    found = [name for name in LEVEL2_CANON if bare and bare in name]
    return found[0] if len(found) == 1 else text


def known_level2(text: str) -> bool:
    """Whether a 二级指标 as a user types it is a standard category."""
    return level2_name(text) in LEVEL2_CANON
