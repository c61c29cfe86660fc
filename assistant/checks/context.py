"""What every check needs, computed once per run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..findings import Finding, Severity, make_finding
from ..form import Form
from ..lexicon import Lexicon, load_lexicon
from ..place import Place
from ..rules import RuleSet
from ..scoring import Computed, compute


@dataclass(frozen=True)
class CheckContext:
    form: Form
    rules: RuleSet
    lexicon: Lexicon
    computed: Computed

    @classmethod
    def build(cls, form: Form, rules: RuleSet) -> CheckContext:
        return cls(form, rules, load_lexicon(), compute(form, rules))

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
