"""What every check needs, computed once per run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..findings import Finding, Severity, finding_of
from ..form import Form, Indicator
from ..lexicon import Lexicon, load_lexicon
from ..place import Place
from ..rules import RuleSet
from ..scoring import Computed, compute

EVALUATED_FIELDS = frozenset({"actual", "score", "deviation"})
EXECUTION_FIELDS = frozenset({"executed", "rate", "score"})


def _never(text: str) -> bool:
    return False


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
    # Lexicon.is_placeholder for the cells the checks ask about (every indicator's actual, weight,
    # score and deviation, the total, the goal's actual, the notes), or a constant False when none
    # of them holds a placeholder mark: one scan of the form instead of one per cell.
    is_placeholder: Callable[[str], bool]

    @classmethod
    def build(cls, form: Form, rules: RuleSet) -> CheckContext:
        breakdown = form.breakdown_rows()
        scored = tuple(i for index, i in enumerate(form.indicators) if index not in breakdown)
        computed = compute(form, rules, scored)
        lexicon = load_lexicon()
        cells = [form.stated_total.text, form.goal.actual, form.other_notes]
        for i in form.indicators:
            cells += (i.actual.text, i.weight.text, i.score.text, i.deviation)
        placeholder = lexicon.is_placeholder if lexicon.is_placeholder("\n".join(cells)) else _never
        return cls(form, rules, lexicon, computed, form.is_target_setting, breakdown, scored, placeholder)

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
        return finding_of(code, place, self.rules, variant, severity, params)
