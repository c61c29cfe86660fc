"""起草偏差原因说明: for a filled form, the explanations its deviations need, from the facts and
the user's own causes (never an invented cause)."""

from __future__ import annotations

from ...checks import run_checks
from ...findings import Finding
from ...form import Form
from ...rules import RuleSet
from ..apply import apply_deviations
from ..llm_engine import causes_data, findings_data, form_facts
from ..models import DeviationDraft
from ..offline_deviations import draft_deviations
from ..validate import validate_deviations
from .spec import Causes, TaskSpec

# The findings the template lists as what needs an explanation.
NEEDS = ("DEVIATION-MISSING", "DEVIATION-OVERACHIEVED", "DEVIATION-UNSPENT")


def _facts(form: Form, rules: RuleSet, allowed: bool, causes: Causes) -> dict[str, str]:
    facts = form_facts(form, rules, allowed)
    facts["needs"] = findings_data(run_checks(form, rules), NEEDS, allowed, form)
    facts["causes"] = causes_data(causes, allowed, form)
    return facts


def _validate(draft: DeviationDraft, form: Form, rules: RuleSet, causes: Causes) -> list[Finding]:
    return validate_deviations(draft, form, rules, causes)


def _apply(form: Form, draft: DeviationDraft, rules: RuleSet) -> Form:
    return apply_deviations(form, draft)


def render(draft: DeviationDraft) -> list[str]:
    return [f"{item.location or '资金'}：{item.text}" for item in draft.items] or ["无需说明的偏差。"]


DEVIATIONS: TaskSpec[Form, DeviationDraft] = TaskSpec(
    name="deviations",
    label="起草偏差原因说明",
    progress="正在起草偏差原因说明（{engine}）……",
    subject=Form,
    schema=DeviationDraft,
    prompt="deviations",
    facts=_facts,
    validate=_validate,
    # DRAFT-PLACEHOLDER ("【待填：…】") is an honest gap, not a fault: it warns and does not block.
    blocking=frozenset(
        {
            "DEVIATION-MISSING",
            "DEVIATION-OVERACHIEVED",
            "DEVIATION-UNSPENT",
            "DRAFT-UNVERIFIED-NUMBER",
            "DRAFT-INVALID",
        }
    ),
    offline=draft_deviations,
    apply=_apply,
    render=render,
)
