"""CATEGORY-MISFIT: an indicator filed where it does not belong, found without a model.

Three kinds, all from data/category_words.yaml: a second-level category that is not standard,
one under the wrong first level (数量指标 under 效益指标), and keyword rules ("保证社区正常运转"
under 生态效益指标; beneficiaries under 数量指标; a satisfaction row that measures no
satisfaction). A model's critique may add subtler cases; these are the ones a word list can decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from ..findings import Finding, make_finding
from ..form import Form, Indicator
from ..lexicon import has_word
from ..rules import RuleSet
from ..values import one_line
from ..vocabulary import COST, COST_WORD, LEVEL2_CANON, NO_NAME
from .context import CheckContext


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MisfitRule(_Data):
    category: str
    words: list[str] = []
    unless: list[str] = []
    requires: list[str] = []
    patterns: list[str] = []  # regular expressions, for words with a gap ("覆盖3000人")
    suggested: str
    why: str

    def match(self, text: str) -> str | None:
        """The word that shows the misfit, "" for a missing required word, None when it fits."""
        if self.requires:
            return None if has_word(self.requires, text) else ""
        if has_word(self.unless, text):
            return None
        found = next((w for w in self.words if w in text), None) if has_word(self.words, text) else None
        if found is None and self.patterns:
            found = next((m.group(0) for p in _compiled(tuple(self.patterns)) if (m := p.search(text))), None)
        return found


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


class EvaluationTemplate(_Data):
    level1: list[str]
    compliance: dict[str, list[str]]  # 决策 / 过程 → their second levels


class CategoryWords(_Data):
    version: int
    parents: dict[str, str]
    evaluation_template: EvaluationTemplate
    rules: list[MisfitRule]


@cache
def category_words() -> CategoryWords:
    text = (resources.files("assistant") / "data" / "category_words.yaml").read_text(encoding="utf-8")
    return CategoryWords.model_validate(yaml.safe_load(text))


def level1_of(category2: str) -> str:
    """The first-level category a standard second-level one belongs under."""
    return category_words().parents.get(category2, "")


def compliance_level1(indicator: Indicator) -> str | None:
    """决策 or 过程 when the row is a compliance item of the evaluation template, else None."""
    return _compliance(indicator.category1)


@lru_cache(maxsize=256)
def _compliance(category1: str) -> str | None:
    level1 = category1.removesuffix("指标")
    return level1 if level1 in category_words().evaluation_template.compliance else None


def is_evaluation_template(form: Form) -> bool:
    """The form uses 决策 / 过程 / 产出 / 效益 as its first levels (docs/rules.md §6)."""
    return any(compliance_level1(i) is not None for i in form.indicators)


def indicator_title(indicator: Indicator) -> str:
    """How a message names a row: its name, else the start of its target (seed rows have no name)."""
    if indicator.name.strip():
        return one_line(indicator.name)
    text = one_line(indicator.target.display)
    return (text[:20] + "…" if len(text) > 20 else text) or indicator.label or NO_NAME


def _pair_ok(level1: str, level2: str) -> bool:
    parent = category_words().parents.get(level2)
    # 2021 scheme: 成本指标 is also a first level with 经济/社会/生态环境成本指标 under it.
    return parent == level1 or (level1 == COST and COST_WORD in level2)


def _rule_finding(rule: MisfitRule, word: str, indicator: Indicator, index: int, rules: RuleSet) -> Finding:
    name, category = indicator_title(indicator), indicator.category2
    common = {"name": name, "category": category, "why": rule.why}
    place = indicator.place(index)
    if rule.requires:
        return make_finding(
            "CATEGORY-MISFIT",
            place,
            rules,
            "requires",
            required="、".join(rule.requires),
            suggested=rule.suggested,
            **common,
        )
    if rule.suggested == "删除":
        return make_finding("CATEGORY-MISFIT", place, rules, "remove", word=word, **common)
    return make_finding(
        "CATEGORY-MISFIT", place, rules, "keyword", word=word, suggested=rule.suggested, **common
    )


@lru_cache(maxsize=256)
def _rules_for(category2: str, category1: str) -> tuple[MisfitRule, ...]:
    """The keyword rules for a row of these categories, in the order of the word list."""
    return tuple(rule for rule in category_words().rules if rule.category in (category2, category1))


def misfit_rule(indicator: Indicator) -> tuple[MisfitRule, str] | None:
    """The first keyword rule the row breaks, with the word that shows it."""
    text = one_line(indicator.name) + one_line(indicator.target.display)
    for rule in _rules_for(indicator.category2, indicator.category1):
        word = rule.match(text)
        if word is not None:
            return rule, word
    return None


def category_findings(form: Form, rules: RuleSet, indexes: Iterable[int] | None = None) -> list[Finding]:
    """CATEGORY-MISFIT findings for the rows (all rows when `indexes` is None)."""
    wanted = range(len(form.indicators)) if indexes is None else indexes
    findings: list[Finding] = []
    for index in wanted:
        indicator = form.indicators[index]
        level1, level2 = indicator.category1, indicator.category2
        name = indicator_title(indicator)
        if (compliance := compliance_level1(indicator)) is not None:
            known = category_words().evaluation_template.compliance[compliance]
            if level2.removesuffix("指标") not in known:
                findings.append(_unknown_category(indicator, index, name, known, rules))
            continue
        if level2 not in LEVEL2_CANON:
            findings.append(_unknown_category(indicator, index, name, LEVEL2_CANON, rules))
            continue
        if not _pair_ok(level1, level2):
            findings.append(
                make_finding(
                    "CATEGORY-MISFIT",
                    indicator.place(index),
                    rules,
                    "pair",
                    name=name,
                    category=level2,
                    level1=level1,
                    expected=category_words().parents.get(level2, ""),
                )
            )
            continue
        if (broken := misfit_rule(indicator)) is not None:
            findings.append(_rule_finding(*broken, indicator, index, rules))
    return findings


def suggested_category(indicator: Indicator) -> tuple[str, str] | None:
    """Where a misfiled row should go, as (level1, level2); None when it fits, when the rule says
    to delete it, or when its category is not a standard one (a person must decide)."""
    level1, level2 = indicator.category1, indicator.category2
    if level2 not in LEVEL2_CANON:
        return None
    if not _pair_ok(level1, level2):
        return category_words().parents[level2], level2
    broken = misfit_rule(indicator)
    if broken is None or broken[0].suggested == "删除":
        return None
    suggested = broken[0].suggested
    return category_words().parents.get(suggested, level1), suggested


def check_category(ctx: CheckContext) -> Iterator[Finding]:
    yield from category_findings(ctx.form, ctx.rules)


CHECKS = (check_category,)


def _unknown_category(
    indicator: Indicator, index: int, name: str, known: Iterable[str], rules: RuleSet
) -> Finding:
    """A 二级指标 that is none of the categories its template knows."""
    return make_finding(
        "CATEGORY-MISFIT",
        indicator.place(index),
        rules,
        "unknown",
        name=name,
        category=one_line(indicator.level2) or "（空）",
        known="、".join(known),
    )
