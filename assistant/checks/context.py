"""What every check needs, computed once per run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..findings import Finding, Severity, make_finding
from ..form import Form, Indicator
from ..lexicon import Lexicon, load_lexicon
from ..place import Place
from ..rules import RuleSet
from ..scoring import Computed, compute

EVALUATED_FIELDS = frozenset({"actual", "score", "deviation"})
EXECUTION_FIELDS = frozenset({"executed", "rate", "score"})


@dataclass(frozen=True)
class CheckContext:
    form: Form
    rules: RuleSet
    lexicon: Lexicon
    computed: Computed
    # Form.is_target_setting, asked once per run rather than once per finding.
    target_setting: bool
    # Form.breakdown_rows() and Form.scored_indicators, worked out once for all the checks.
    breakdown: frozenset[int]
    scored: tuple[Indicator, ...]

    @classmethod
    def build(cls, form: Form, rules: RuleSet) -> CheckContext:
        breakdown = form.breakdown_rows()
        scored = tuple(i for index, i in enumerate(form.indicators) if index not in breakdown)
        computed = compute(form, rules, scored)
        return cls(form, rules, load_lexicon(), computed, form.is_target_setting, breakdown, scored)

    def applies(self, finding: Finding) -> bool:
        """Whether a finding concerns what this form is for. A target-setting form
        (Form.is_target_setting) has no results yet: nothing about actuals, scores, deviations,
        the total, the grade or the execution of the funds applies to it."""
        if not self.target_setting:
            return True
        place = finding.place
        return not (
            finding.code.startswith("DEVIATION-")
            or place.section == "grade"
            or (place.section == "totals" and place.field == "score")
            or (place.section == "indicators" and place.field in EVALUATED_FIELDS)
            or (place.section == "goal" and place.field == "actual")
            or (place.section == "funds" and place.field in EXECUTION_FIELDS)
        )

    def finding(
        self,
        code: str,
        place: Place,
        variant: str = "default",
        /,
        *,
        severity: Severity | None = None,
        **params: Any,
    ) -> Finding:
        return make_finding(code, place, self.rules, variant, severity=severity, **params)
