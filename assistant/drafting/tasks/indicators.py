"""起草绩效指标: a complete indicator set for a project brief, before any form exists."""

from __future__ import annotations

from decimal import Decimal

from ...findings import Finding
from ...rules import RuleSet
from ...values import format_decimal
from ..apply import form_from_brief
from ..brief import ProjectBrief
from ..llm_engine import brief_facts
from ..models import IndicatorDraft
from ..offline import draft_indicators
from ..validate import DUPLICATE, REWRITE_TARGET_CODES, validate_indicators
from .spec import Causes, TaskSpec


def _facts(brief: ProjectBrief, rules: RuleSet, allowed: bool, causes: Causes) -> dict[str, str]:
    return brief_facts(brief, rules, allowed)


def _validate(draft: IndicatorDraft, brief: ProjectBrief, rules: RuleSet, causes: Causes) -> list[Finding]:
    return validate_indicators(draft, brief, rules)


def _offline(brief: ProjectBrief, rules: RuleSet, causes: Causes) -> IndicatorDraft:
    return draft_indicators(brief, rules)


def render(draft: IndicatorDraft) -> list[str]:
    """One line per indicator, then the weight total."""
    rows = [
        f"{d.level1}/{d.level2}　{d.name}　{d.target}　{format_decimal(d.weight)}分"
        + (f"　（依据：{d.basis}）" if d.basis else "")
        for d in draft.indicators
    ]
    total = sum((d.weight for d in draft.indicators), Decimal(0))
    return [*rows, f"指标分值合计：{format_decimal(total)}"]


INDICATORS: TaskSpec[ProjectBrief, IndicatorDraft] = TaskSpec(
    name="indicators",
    label="起草绩效指标",
    progress="正在起草绩效指标（{engine}）……",
    subject=ProjectBrief,
    schema=IndicatorDraft,
    prompt="indicators",
    facts=_facts,
    validate=_validate,
    # A drafted target may show none of the target problems a critique must answer for either.
    blocking=REWRITE_TARGET_CODES
    | frozenset(
        {
            "WEIGHT-TOTAL",
            "WEIGHT-SCHEME",
            "STRUCTURE-MISSING",
            "VALUE-UNREADABLE",
            "HEADER-MISSING",
            "DRAFT-UNVERIFIED-NUMBER",
            "DRAFT-COST-BUDGET",
            "DRAFT-OTHER-SECTOR",
            DUPLICATE,
        }
    ),
    offline=_offline,
    apply=form_from_brief,
    render=render,
)
