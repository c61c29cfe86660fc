"""A filled form in the draft page: its checks, and drafted deviation explanations to insert.

Each proposed explanation is checked on its own row (the gate's checks: the row's DEVIATION-*
finding must go away, every number must come from the form); only those without a blocking
finding can be ticked, and only ticked ones are written into the form.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from ...drafting.apply import apply_deviations, deviation_place
from ...drafting.models import DeviationDraft, DeviationItem
from ...drafting.tasks import blocking, validate
from ...findings import Finding
from ...form import Form
from ...review.form_report import check_form
from ...rules import RuleSet
from .. import components, engine, rows, state
from .. import texts as T


def _label(form: Form, index: int | None) -> str:
    """The row the text explains (the place the gate's findings name, without the column)."""
    if index is None:
        return T.DEVIATION_FUNDS_PLACE
    return deviation_place(form, index).model_copy(update={"field": None}).render()


def _own(item: DeviationItem, form: Form, findings: list[Finding]) -> list[Finding]:
    """The findings about this item's row or text."""
    place = deviation_place(form, item.indicator_index)
    own = []
    for finding in findings:
        same_row = item.indicator_index is not None and finding.indicator_index == item.indicator_index
        funds = item.indicator_index is None and finding.code == "DEVIATION-UNSPENT"
        if same_row or funds or finding.place == place:
            own.append(finding)
    return own


def render(draft: dict[str, Any], rules: RuleSet) -> None:
    form = Form.model_validate(draft["form"])
    report = check_form(form, rules, draft.get("source", ""), 0)
    st.subheader(form.project or T.REVIEW_NO_PROJECT)
    st.caption(T.DRAFT_FORM_SOURCE.format(source=draft.get("source") or T.EMPTY_CELL))
    components.verdict_badge(report)
    components.figures(report)
    tables, problems = st.columns([3, 2], gap="medium")
    with tables:
        components.funds_table(form, report.findings, key="draft_funds")
        components.indicator_table(form, report.findings, key="draft_indicators")
    with problems:
        st.markdown(f"#### {T.REVIEW_FINDINGS}")
        components.findings_list(report.findings)
    if st.button(T.DRAFT_FORM_TO_BRIEF, key="draft_form_to_brief", icon=":material/edit_note:"):
        draft["mode"] = "brief"
        st.session_state["draft_flash"] = T.DRAFT_FORM_TO_BRIEF_DONE
        state.reload()
    st.divider()
    _deviations(draft, form, rules)


def _deviations(draft: dict[str, Any], form: Form, rules: RuleSet) -> None:
    st.markdown(f"#### {T.DEVIATION_HEADER}")
    st.caption(T.DEVIATION_HELP)
    if st.button(T.DEVIATION_RUN, type="primary", key="deviation_run", icon=":material/auto_awesome:"):
        outcome = engine.run("deviations", form, rules)
        if outcome is not None:
            draft["deviation_gate"] = outcome["gate"]
            draft["deviations"] = (outcome["draft"] or {}).get("items", [])
            state.reload()
    if draft.get("deviation_gate"):
        components.gate_panel(draft["deviation_gate"])
    if not draft.get("deviations"):
        return
    version = state.version()
    boxes = [st.container(border=True) for _ in draft["deviations"]]
    edited: list[DeviationItem | None] = []
    for number, (raw, box) in enumerate(zip(draft["deviations"], boxes, strict=True)):
        label = _label(form, raw.get("indicator_index"))
        raw["text"] = box.text_area(label, raw.get("text", ""), key=f"dev_text_{number}_{version}")
        if gaps := components.placeholders_in(raw["text"]):  # what is still to fill, greyed, not a value
            box.caption(T.DEVIATION_PLACEHOLDERS.format(gaps="、".join(gaps)))
        try:
            index = raw.get("indicator_index")
            edited.append(
                DeviationItem(indicator_index=index, location=raw.get("location", ""), text=raw["text"])
            )
        except ValidationError:
            edited.append(None)
    # All texts are checked together, as the gate checks a draft; each box then shows its own findings.
    valid = [item for item in edited if item is not None]
    findings = validate("deviations", DeviationDraft(items=valid), form, rules) if valid else []
    chosen: list[DeviationItem] = []
    for number, (item, box) in enumerate(zip(edited, boxes, strict=True)):
        with box:
            own = _own(item, form, findings) if item is not None else []
            stops = blocking(own, "deviations")
            if own:
                components.findings_list(own)
            label = T.DEVIATION_EMPTY if item is None else T.DEVIATION_TICK
            ticked = st.checkbox(
                label,
                value=not own and item is not None,
                disabled=item is None or bool(stops),
                key=f"dev_pick_{number}_{version}",
            )
        if item is not None and ticked and not stops:
            chosen.append(item)
    if st.button(T.DEVIATION_INSERT.format(n=len(chosen)), disabled=not chosen, key="deviation_insert"):
        draft["form"] = rows.form_to_dict(apply_deviations(form, DeviationDraft(items=chosen)))
        draft["deviations"], draft["deviation_gate"] = [], None
        st.session_state["draft_flash"] = T.DEVIATION_INSERTED.format(n=len(chosen))
        state.reload()
