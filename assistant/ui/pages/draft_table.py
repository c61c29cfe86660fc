"""起草指标 → edit them in a typed table → findings beside it, live → 采纳 only when nothing blocks.

The table is checked exactly as the gate checks a draft (the indicators task's validation), so what
the user edits can never be accepted with a finding the gate would have refused.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ...drafting.apply import form_from_brief
from ...drafting.brief import ProjectBrief
from ...drafting.models import IndicatorDraft
from ...drafting.tasks import blocking, validate
from ...findings import Finding
from ...rules import RuleSet
from ...vocabulary import LEVEL1_CANON, LEVEL2_CANON
from .. import components, engine, rows, state
from .. import texts as T

EDITOR_KEY = "indicator_editor_{draft}_{version}"


def editor_key() -> str:
    return EDITOR_KEY.format(draft=state.draft_id(), version=state.version())


def draft_button(
    draft: dict[str, Any], brief: ProjectBrief | None, problem: str | None, rules: RuleSet
) -> None:
    """起草指标: the gate's draft replaces the table (the old table can be restored)."""
    label = T.DRAFT_RUN_AGAIN if draft["rows"] else T.DRAFT_RUN
    if not st.button(label, type="primary", key="draft_run", icon=":material/auto_awesome:"):
        return
    if brief is None:
        st.error(T.DRAFT_BRIEF_FIRST.format(problem=problem))
        return
    outcome = engine.run("indicators", brief, rules)
    if outcome is None:
        return
    draft["indicator_gate"] = outcome["gate"]
    if outcome["gate"]["status"] != "rejected" and outcome["draft"]:
        drafted = IndicatorDraft.model_validate(outcome["draft"])
        draft["previous_rows"] = draft["rows"] or None
        draft["rows"] = [rows.row_from_indicator(item) for item in drafted.indicators]
    state.reload()


def _column_config() -> dict[str, Any]:
    col = st.column_config
    return {
        "level1": col.SelectboxColumn(T.COL_LEVEL1, options=list(LEVEL1_CANON), required=True, width=96),
        "level2": col.SelectboxColumn(T.COL_LEVEL2, options=list(LEVEL2_CANON), required=True, width=140),
        "name": col.TextColumn(T.COL_NAME, required=True, width=200),
        "operator": col.SelectboxColumn(T.COL_OPERATOR, options=list(rows.OPERATORS), width=72),
        "value": col.NumberColumn(T.COL_VALUE, help=T.COL_VALUE_HELP, width=84),
        "unit": col.TextColumn(T.COL_UNIT, width=72),
        "text_target": col.TextColumn(T.COL_TEXT_TARGET, help=T.COL_TEXT_TARGET_HELP, width=150),
        "weight": col.NumberColumn(
            T.COL_WEIGHT, min_value=0, max_value=100, step=0.5, required=True, width=60
        ),
        "basis": col.TextColumn(T.COL_BASIS, width=220),
    }


def editor(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The typed table; returns the rows as edited (and stores them in the draft)."""
    key = editor_key()
    base = state.editor_base(key, draft["rows"])
    frame = pd.DataFrame(
        [{f: r.get(f) for f in rows.ROW_FIELDS} for r in base if isinstance(r, dict)],
        columns=list(rows.ROW_FIELDS),
    )
    for name in rows.ROW_FIELDS:
        if name in ("value", "weight"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce")
        else:  # a column of blanks must stay text, not become float NaN
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # the row numbers findings point at ("第 3 行")
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=False,
        key=editor_key(),
        column_config=_column_config(),
        column_order=list(rows.ROW_FIELDS),
        placeholder="",
    )
    clean = edited.astype(object).where(edited.notna(), None)
    draft["rows"] = [dict(row) for row in clean.to_dict("records")]
    return draft["rows"]


def checked(
    table: list[dict[str, Any]], brief: ProjectBrief | None, rules: RuleSet
) -> tuple[IndicatorDraft, list[int], list[str], list[Finding]]:
    """The table as a draft, its row numbers, row problems, and the gate's findings on it."""
    draft, numbers, problems = rows.draft_from_rows(table)
    if brief is None or not draft.indicators:
        return draft, numbers, problems, []
    return draft, numbers, problems, validate("indicators", draft, brief, rules)


def render(draft: dict[str, Any], brief: ProjectBrief | None, problem: str | None, rules: RuleSet) -> None:
    draft_button(draft, brief, problem, rules)
    if draft.get("indicator_gate"):
        components.gate_panel(draft["indicator_gate"])
    if draft.get("previous_rows") and st.button(T.DRAFT_RESTORE, key="draft_restore"):
        draft["rows"], draft["previous_rows"] = draft["previous_rows"], None
        state.reload()
    if not draft["rows"]:
        st.info(T.DRAFT_TABLE_EMPTY)
        return
    table_column, findings_column = st.columns([3, 1], gap="medium")
    with table_column:
        st.markdown(f"#### {T.DRAFT_TABLE}")
        st.caption(T.DRAFT_TABLE_HELP)
        table = editor(draft)
    indicators, numbers, row_problems, findings = checked(table, brief, rules)
    stops = blocking(findings, "indicators")
    with findings_column:
        st.markdown(f"#### {T.DRAFT_CHECKS}")
        if brief is None:
            st.warning(T.DRAFT_BRIEF_FIRST.format(problem=problem))
        for line in row_problems:
            st.error(line)
        if brief is not None:
            components.findings_list(findings, dict(enumerate(numbers)))
    can_accept = brief is not None and bool(indicators.indicators) and not row_problems and not stops
    if st.button(
        T.DRAFT_ACCEPT,
        type="primary",
        disabled=not can_accept,
        key="draft_accept",
        icon=":material/check_circle:",
    ):
        assert brief is not None
        form = form_from_brief(brief, indicators, rules)
        draft["form"] = rows.form_to_dict(form)
        st.session_state["draft_flash"] = T.DRAFT_ACCEPTED.format(n=len(indicators.indicators))
        state.reload()
    if not can_accept:
        st.caption(
            T.DRAFT_ACCEPT_BLOCKED.format(n=len(stops) + len(row_problems))
            if (stops or row_problems)
            else T.DRAFT_ACCEPT_NEEDS
        )
