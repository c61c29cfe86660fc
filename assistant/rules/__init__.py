"""Rule sets as versioned data: one YAML file per scheme in this folder.

Adding a province's scheme is adding a file; `extends` names a set whose values it overrides.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

DEFAULT_RULE_SET = "mof-2020"


class RuleSetError(ValueError):
    """A rule set that does not exist or does not parse; the message is Chinese."""


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FundsRules(_Rules):
    weight: Decimal
    allowed_weights: list[Decimal]
    score_method: Literal["proportional", "floor", "bands"] = "proportional"
    # bands: [[minimum rate in %, share of the weight], …] from the highest down
    bands: list[tuple[Decimal, Decimal]] = []
    source: str = ""


class CategoryRules(_Rules):
    exact: bool
    weights: dict[str, Decimal]
    required_level1: list[str]
    required_level2: list[str] = []
    source: str = ""


class ScoringRules(_Rules):
    tolerance: Decimal
    reverse_method: Literal["linear_to_double", "ratio"]
    qualitative: dict[str, tuple[Decimal, Decimal]]
    source: str = ""


class GradeBand(_Rules):
    grade: str
    min: Decimal


class DeviationRules(_Rules):
    overachieved_ratio: Decimal
    unspent_rate_below: Decimal
    source: str = ""


class VerdictRules(_Rules):
    """The reviewer's verdict (docs/rules.md §7): 退回, 修改后通过 or 通过, first match wins."""

    returned: str  # the labels of the three verdicts
    revise: str
    passed: str
    return_codes: list[str] = []  # any of these returns the form, whatever its severity
    unmeasurable_codes: list[str]  # counted per indicator row
    unmeasurable_share: Decimal  # this share of the rows or more unmeasurable returns the form
    advisory: list[str] = []  # warnings that never ask for a revision
    # advisory only when the row or the form names its survey (one of these words)
    advisory_with_survey: list[str] = []
    survey_words: list[str] = []
    # The form types a verdict names (docs/rules.md §7): a target-setting form (Form.is_target_setting)
    # has no results to evaluate, so its verdict says so: "通过（绩效目标申报表）".
    evaluation_form: str = "绩效自评表"
    target_setting_form: str = "绩效目标申报表"
    source: str = ""


class RuleSet(_Rules):
    name: str
    version: int
    title: str
    description: str = ""
    total: Decimal
    funds: FundsRules
    categories: CategoryRules
    scoring: ScoringRules
    grades: list[GradeBand]
    grades_source: str = ""
    deviation: DeviationRules
    verdict: VerdictRules

    def grade_of(self, total: Decimal) -> str:
        for band in sorted(self.grades, key=lambda b: b.min, reverse=True):
            if total >= band.min:
                return band.grade
        return self.grades[-1].grade


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _raw(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name in seen:
        raise RuleSetError(f"规则集 {name} 的 extends 形成循环")
    path = resources.files(__package__) / f"{name}.yaml"
    if not path.is_file():
        raise RuleSetError(f"没有名为“{name}”的规则集；可用：{'、'.join(available_rule_sets())}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RuleSetError(f"规则集 {name} 无法解析：{exc}") from exc
    parent = data.pop("extends", None)
    return _merge(_raw(parent, (*seen, name)), data) if parent else data


@cache
def load_rule_set(name: str = DEFAULT_RULE_SET) -> RuleSet:
    try:
        return RuleSet.model_validate(_raw(name))
    except RuleSetError:
        raise
    except ValueError as exc:
        raise RuleSetError(f"规则集 {name} 内容不完整：{exc}") from exc


def available_rule_sets() -> list[str]:
    folder = resources.files(__package__)
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))
