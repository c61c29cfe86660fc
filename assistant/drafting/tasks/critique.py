"""点评与改写: what is wrong with each indicator of a form, with a checked SMART rewrite."""

from __future__ import annotations

from ...checks import run_checks
from ...checks.indicator_judge import written_target_findings
from ...findings import Finding
from ...form import Form
from ...rules import RuleSet
from ...values import format_decimal
from ..adopt import adopt_rewrites, share_weight
from ..apply import apply_rewrites
from ..llm_engine import findings_data, form_facts
from ..models import CritiqueDraft, CritiqueItem
from ..offline_critique import draft_critique
from ..validate import DUPLICATE, REWRITE_TARGET_CODES, validate_critique
from .spec import Causes, TaskSpec


def _facts(form: Form, rules: RuleSet, allowed: bool, causes: Causes) -> dict[str, str]:
    facts = form_facts(form, rules, allowed)
    facts["known"] = findings_data(run_checks(form, rules), None, allowed, form)
    return facts


def _validate(draft: CritiqueDraft, form: Form, rules: RuleSet, causes: Causes) -> list[Finding]:
    """The gate's checks, and the single-indicator judge on every rewrite: a rewrite the judge
    rejects ("提升10%", "达标", 人数 as 满意度, a cost above the budget) is not accepted."""
    findings = validate_critique(draft, form, rules)
    items = [item for item in draft.items if item.rows and 0 <= item.indicator_index < len(form.indicators)]
    seen = {(f.code, f.place) for f in findings}
    judged: list[Finding] = []
    for depth in range(max((len(item.rows) for item in items), default=0)):  # a split row: each of its rows
        layer = {item.indicator_index: item.rows[depth] for item in items if len(item.rows) > depth}
        variant = CritiqueDraft(items=[CritiqueItem(indicator_index=k, rewrite=r) for k, r in layer.items()])
        new_form = apply_rewrites(form, variant, layer)
        judged += [f for index in sorted(layer) for f in written_target_findings(new_form, index, rules)]
    fresh = []
    for finding in judged:
        if (finding.code, finding.place) not in seen:
            seen.add((finding.code, finding.place))
            fresh.append(finding)
    return findings + fresh


def _offline(form: Form, rules: RuleSet, causes: Causes) -> CritiqueDraft:
    return draft_critique(form, rules)


def _apply(form: Form, draft: CritiqueDraft, rules: RuleSet) -> Form:
    """Every proposal in the draft; a page that lets the user pick passes only the picked items."""
    return adopt_rewrites(form, draft, [item.indicator_index for item in draft.items])


def keep_weights(draft: CritiqueDraft, form: Form) -> CritiqueDraft:
    """A rewrite keeps the row's weight, shared among the rows it splits into: the model does not
    decide points. Row references are checked by validation (DRAFT-INVALID)."""
    items = []
    for item in draft.items:
        inside = 0 <= item.indicator_index < len(form.indicators)
        weight = form.indicators[item.indicator_index].weight.value if inside else None
        if item.rows and weight is not None:
            rows = [
                r.model_copy(update={"weight": w})
                for r, w in zip(item.rows, share_weight(weight, len(item.rows)), strict=True)
            ]
            item = item.model_copy(update={"rewrite": rows[0], "extra_rows": rows[1:]})
        items.append(item)
    return draft.model_copy(update={"items": items})


def render(draft: CritiqueDraft) -> list[str]:
    """Each critiqued row: its problems, the comment and the proposal (rewrite rows or delete)."""
    lines = []
    for item in draft.items:
        lines.append(f"{item.location}：" + ("；".join(item.problems) or "无问题"))
        if item.comment:
            lines.append(f"  点评：{item.comment}")
        if item.delete:
            lines.append("  建议：删除本行")
        for r in item.rows:
            lines.append(
                f"  改写：{r.level1}/{r.level2}　{r.name}　{r.target}　分值{format_decimal(r.weight)}"
                + (f"（{r.basis}）" if r.basis else "")
            )
    return lines or ["没有需要点评的指标。"]


CRITIQUE: TaskSpec[Form, CritiqueDraft] = TaskSpec(
    name="critique",
    label="点评与改写",
    progress="正在生成点评和改写建议（{engine}）……",
    subject=Form,
    schema=CritiqueDraft,
    prompt="critique",
    facts=_facts,
    validate=_validate,
    blocking=REWRITE_TARGET_CODES
    | frozenset(
        {
            DUPLICATE,
            "DRAFT-UNVERIFIED-NUMBER",
            "DRAFT-COST-BUDGET",
            "DRAFT-INVALID",
            "DRAFT-INCOMPLETE",
            "DRAFT-OTHER-SECTOR",
        }
    ),
    offline=_offline,
    apply=_apply,
    render=render,
    tidy=keep_weights,
)
