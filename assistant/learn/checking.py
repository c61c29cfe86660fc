"""The checks that teach: the same ones that judge real forms, nothing written for the lessons.

run_checks covers every deterministic code; CATEGORY-MISFIT (the keyword rules of
data/category_words.yaml) and the DRAFT-* codes (the drafting gate's validation) live in
assistant.drafting, the rules of a written target in the single-indicator judge
(checks/indicator_judge.py); all are reached through here, so a card or an exercise never
re-implements a rule.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator

from ..checks import run_checks
from ..findings import Finding
from ..form import Form
from ..rules import RuleSet

CheckKind = Literal["checks", "category", "draft", "judge"]


def _form_task(name: str) -> str:
    """A card's draft example is drafted for its form: the task must draft for a form."""
    from ..drafting.tasks import get_task

    try:
        subject = get_task(name).subject
    except KeyError as exc:
        raise ValueError(str(exc)) from None
    if not issubclass(subject, Form):
        raise ValueError(f"drafting task {name!r} drafts for a {subject.__name__}, not a form")
    return name


DraftTask = Annotated[str, AfterValidator(_form_task)]  # a registered task that drafts for a form


def category_findings(form: Form, rules: RuleSet) -> list[Finding]:
    """CATEGORY-MISFIT alone (the checks include it too)."""
    from ..checks.category import category_findings as misfit_findings

    return misfit_findings(form, rules)


def draft_findings(task: DraftTask, draft: dict[str, Any], form: Form, rules: RuleSet) -> list[Finding]:
    """What the drafting gate says about a deviation or critique draft for this form."""
    from ..drafting.tasks import get_task, validate

    return validate(task, get_task(task).schema.model_validate(draft), form, rules)


def judge_findings(form: Form, rules: RuleSet) -> list[Finding]:
    """The checks, and the single-indicator judge on every row's target: what the drafting gate, the
    critique and `jixiao indicator` say about targets as written."""
    from ..checks.indicator_judge import written_target_findings

    findings = run_checks(form, rules)
    seen = {(f.code, f.indicator_index) for f in findings}
    judged = [f for index in range(len(form.indicators)) for f in written_target_findings(form, index, rules)]
    return findings + [f for f in judged if (f.code, f.indicator_index) not in seen]


def findings_for(form: Form, rules: RuleSet) -> list[Finding]:
    """Everything a reviewer is told about a form: the deterministic checks."""
    return run_checks(form, rules)


__all__ = [
    "CheckKind",
    "DraftTask",
    "category_findings",
    "draft_findings",
    "findings_for",
    "judge_findings",
    "run_checks",
]
