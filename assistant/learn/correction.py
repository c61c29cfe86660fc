"""Correcting a real form for a worked example: the drafting engine writes, the scoring computes.

Steps, each recorded with why it changed the cells:
1. critique (offline engine through the gate): SMART rewrites of the rows' category/name/target;
2. indicator scores recomputed by the scoring rule where target and actual are comparable;
3. deviation explanations (offline engine through the gate, with the example's causes);
4. execution rate, funds score, weight total, total score and grade recomputed.
Nothing is accepted unless the gate accepted it; the checks judge the result like any form.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from ..checks import run_checks
from ..form import Form, canonical_level
from ..rules import RuleSet
from ..scoring import compute, indicator_score
from ..values import format_decimal, format_percent
from ..vocabulary import LEVEL1_CANON, LEVEL2_CANON, STATUS_LABELS
from .sources import Cause
from .specimen import cell_text, describe_path

INDICATOR_FIELDS = ("level1", "level2", "name", "target", "actual", "weight", "score", "deviation")
FORM_PATHS = (
    "funds.total.rate",
    "funds.total.score",
    "stated_weight_total",
    "stated_total",
    "grade",
    "other_notes",
)
STEP_REASONS = {
    "critique": "起草引擎点评改写（SMART）",
    "scores": "按评分规则重算得分",
    "deviations": "起草引擎起草偏差说明",
    "totals": "按执行率和各项得分重算",
}
# The drafting tasks a correction runs, named as a worked example names them.
GATE_STEPS = {"critique": "点评改写", "deviations": "偏差说明"}


class CellChange(BaseModel):
    path: str  # specimen-style path: "indicators.3.target", "funds.total.rate"
    where: str  # in the words of the form
    before: str
    after: str
    why: str
    row: int | None = None  # indicator index, None for a funds or footer cell


class GateNote(BaseModel):
    task: str
    status: str
    note: str = ""


class Correction(BaseModel):
    form: Form
    changes: list[CellChange]
    gates: list[GateNote]


def cell_paths(form: Form) -> list[str]:
    paths = [f"indicators.{i}.{name}" for i in range(len(form.indicators)) for name in INDICATOR_FIELDS]
    return [*FORM_PATHS, *paths]


def _diff(before: Form, after: Form, step: str, names: Form) -> list[CellChange]:
    changes = []
    for path in cell_paths(before):
        old, new = cell_text(before, path), cell_text(after, path)
        if old != new and not _same_category(path, old, new):
            parts = path.split(".")
            row = int(parts[1]) if parts[0] == "indicators" else None
            changes.append(
                CellChange(
                    path=path,
                    where=describe_path(names, path),
                    before=old,
                    after=new,
                    why=STEP_REASONS[step],
                    row=row,
                )
            )
    return changes


def _same_category(path: str, old: str, new: str) -> bool:
    """ "经济效益\n指标" → "经济效益指标" is the same category written tidily, not a correction."""
    if path.endswith(".level1"):
        return canonical_level(old, LEVEL1_CANON) == canonical_level(new, LEVEL1_CANON)
    if path.endswith(".level2"):
        return canonical_level(old, LEVEL2_CANON) == canonical_level(new, LEVEL2_CANON)
    return False


def _rescore(form: Form, rules: RuleSet) -> Form:
    result = form.model_copy(deep=True)
    tolerance = rules.scoring.tolerance
    for row in result.indicators:
        weight, stated = row.weight.value, row.score.value
        expected = indicator_score(row, rules, result.year)
        if expected is not None and (stated is None or abs(stated - expected) > tolerance):
            row.score.text = format_decimal(expected)
        elif stated is not None and weight is not None and stated > weight:
            row.score.text = format_decimal(weight)
        elif stated is not None and stated < 0:
            row.score.text = "0"
    return result


def _retotal(form: Form, rules: RuleSet) -> Form:
    result = form.model_copy(deep=True)
    codes = {f.code for f in run_checks(result, rules)}
    computed = compute(result, rules)
    total = result.funds.total
    if computed.execution_rate is not None and ("FUND-RATE" in codes or total.rate.blank):
        total.rate.text = format_percent(computed.execution_rate)
    if computed.funds_score is not None and ("FUND-SCORE" in codes or total.score.blank):
        total.score.text = format_decimal(computed.funds_score)
    weights = [i.weight.value for i in result.indicators]
    if all(w is not None for w in weights) and total.weight.value is not None:
        weight_sum = total.weight.value + sum((w for w in weights if w is not None), Decimal(0))
        if result.stated_weight_total.value != weight_sum:
            result.stated_weight_total.text = format_decimal(weight_sum)
    computed = compute(result, rules)
    if computed.total_score is not None and result.stated_total.value != computed.total_score:
        result.stated_total.text = format_decimal(computed.total_score)
    if result.grade.strip() and computed.grade and result.grade.strip() != computed.grade:
        result.grade = computed.grade
    return result


def _gated(
    task: str, form: Form, rules: RuleSet, names: Form, causes: list | None = None
) -> tuple[Form, list[CellChange], GateNote]:
    """One drafting task through the gate (offline engine), its draft applied unless rejected."""
    from ..drafting.gate import run_task
    from ..drafting.tasks import get_task

    result = run_task(task, form, rules, engine="offline", audit=False, causes=causes)
    note = GateNote(task=GATE_STEPS[task], status=STATUS_LABELS[result.status], note=result.note)
    if result.status == "rejected" or result.draft is None:
        return form, [], note
    if task == "critique":  # the worked example compares cell by cell: each rewrite in its own row
        from ..drafting.apply import apply_rewrites
        from ..drafting.models import CritiqueDraft
        from ..drafting.offline_critique import in_place

        assert isinstance(result.draft, CritiqueDraft)
        draft = in_place(form, result.draft)
        new = apply_rewrites(form, draft, [item.indicator_index for item in draft.items])
    else:
        new = get_task(task).apply(form, result.draft, rules)
    return new, _diff(form, new, task, names), note


def correct(form: Form, rules: RuleSet, causes: list[Cause]) -> Correction:
    """The corrected form, every changed cell with its reason, and the gate's verdicts."""
    from ..drafting.brief import DeviationCause

    current, changes, critique = _gated("critique", form, rules, form)

    new = _rescore(current, rules)
    changes += _diff(current, new, "scores", form)
    current = new

    deviation_causes = [DeviationCause(about=c.about, cause=c.cause, measure=c.measure) for c in causes]
    current, more, deviations = _gated("deviations", current, rules, form, deviation_causes)
    changes += more

    new = _retotal(current, rules)
    changes += _diff(current, new, "totals", form)
    return Correction(form=new, changes=changes, gates=[critique, deviations])
