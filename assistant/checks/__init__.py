"""Every deterministic check of docs/rules.md §5, one module per family of codes.

A check is a pure function `(CheckContext) -> Iterable[Finding]`; `run_checks` runs them all.
Where a code lives: FUND-* in funds.py, WEIGHT-* in weights.py, SCORE-*/TOTAL-SCORE/GRADE in
scores.py, DEVIATION-* in deviation.py, SMART-*/ACTUAL-COPIES-TARGET/UNIT-MISMATCH in smart.py,
STRUCTURE-MISSING/HEADER-MISSING/GOAL-MISSING/GOAL-VAGUE/VALUE-UNREADABLE in structure.py,
INDICATOR-NAME-MISSING/TARGET-IN-NAME/DUPLICATE-INDICATOR in naming.py, CATEGORY-MISFIT in category.py.
"""

from __future__ import annotations

from ..findings import SEVERITY_ORDER, Finding
from ..form import Form
from ..rules import DEFAULT_RULE_SET, RuleSet, load_rule_set
from . import category, deviation, funds, naming, scores, smart, structure, weights
from .context import CheckContext

CHECKS = (
    *structure.CHECKS,
    *funds.CHECKS,
    *weights.CHECKS,
    *scores.CHECKS,
    *deviation.CHECKS,
    *naming.CHECKS,
    *smart.CHECKS,
    *category.CHECKS,
)


def run_checks(form: Form, rules: RuleSet | str = DEFAULT_RULE_SET) -> list[Finding]:
    """All findings for one form, errors first, then in the order of the form."""
    if isinstance(rules, str):
        rules = load_rule_set(rules)
    context = CheckContext.build(form, rules)
    findings = [finding for check in CHECKS for finding in check(context) if context.applies(finding)]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


__all__ = ["CHECKS", "CheckContext", "Finding", "run_checks"]
