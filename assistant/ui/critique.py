"""点评与改写 on the 审核 page: the critique draft, each SMART rewrite accepted one by one.

Rewrites come only from a draft the gate let through (accepted or fallback); a rejected critique
is shown with its reason and offers nothing to accept. An accepted rewrite replaces its row (a row
with two counts becomes two rows, sharing its weight); its actual becomes the placeholder 【待填：…】
and its score blank, since they measured the old target (drafting/adopt.py).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..drafting.adopt import adopt_rewrites
from ..drafting.models import CritiqueDraft
from ..form import Form
from ..review.form_report import check_form
from ..rules import RuleSet
from ..values import format_decimal
from . import components, engine, rows, state
from . import texts as T
from .exports import file_stem, form_downloads
from .workspace import WorkspaceError

S_CRITIQUES = "critiques"


def section(form: Form, rules: RuleSet, key: str, version: str = "") -> None:
    """`key` names the form on the page; `version` its content, so a re-upload starts afresh."""
    st.markdown(f"#### {T.CRITIQUE_HEADER}")
    store: dict[str, Any] = st.session_state.setdefault(S_CRITIQUES, {})
    slot = f"{rules.name}|{key}|{version}"
    if st.button(T.CRITIQUE_RUN, key=f"critique_run_{key}", icon=":material/rate_review:"):
        outcome = engine.run("critique", form, rules)
        if outcome is not None:
            store[slot] = outcome
    outcome = store.get(slot)
    if outcome is None:
        return
    panel = st.container()  # drawn last: it depends on what the reviewer ticked below
    if outcome["gate"]["status"] == "rejected" or not outcome["draft"]:
        with panel:
            components.gate_panel(outcome["gate"])
        return
    draft = CritiqueDraft.model_validate(outcome["draft"])
    if not draft.items:
        st.info(T.CRITIQUE_NONE)
    accepted = [index for index in _items(draft, form, key) if index is not None]
    new_form = _result(form, draft, accepted, rules, key) if accepted else None
    waiting = new_form is not None and any(
        components.is_placeholder(r.actual.text) for r in new_form.indicators
    )
    with panel:  # adopted rows wait for their actuals: not announced as 已采纳
        components.gate_panel(outcome["gate"], waiting=waiting)


def _items(draft: CritiqueDraft, form: Form, key: str) -> list[int | None]:
    """Each critique item with its rewrite; returns the indicator indexes the reviewer accepted."""
    picked: list[int | None] = []
    for item in draft.items:
        if not 0 <= item.indicator_index < len(form.indicators):
            continue
        row = form.indicators[item.indicator_index]
        with st.container(border=True):
            st.markdown(T.CRITIQUE_ITEM.format(row=item.indicator_index + 1, location=row.location))
            if item.problems:
                st.markdown("\n".join(f"- {problem}" for problem in item.problems))
            if item.comment:
                st.caption(item.comment)
            if item.delete:
                st.markdown(T.CRITIQUE_DELETE)
                ticked = st.checkbox(
                    T.CRITIQUE_ACCEPT_DELETE, key=f"critique_accept_{key}_{item.indicator_index}"
                )
                picked.append(item.indicator_index if ticked else None)
                continue
            if not item.rows:
                continue
            if len(item.rows) > 1:
                st.markdown(T.CRITIQUE_SPLIT.format(n=len(item.rows)))
            for rewrite in item.rows:
                st.markdown(
                    T.CRITIQUE_REWRITE.format(
                        level1=rewrite.level1,
                        level2=rewrite.level2,
                        name=rewrite.name,
                        target=rewrite.target,
                        weight=format_decimal(rewrite.weight) if rewrite.weight else row.weight.text,
                    )
                )
                if rewrite.basis:
                    st.caption(T.CRITIQUE_BASIS.format(basis=rewrite.basis))
            ticked = st.checkbox(T.CRITIQUE_ACCEPT, key=f"critique_accept_{key}_{item.indicator_index}")
            picked.append(item.indicator_index if ticked else None)
    return picked


def _result(form: Form, draft: CritiqueDraft, accepted: list[int], rules: RuleSet, key: str) -> Form:
    """The form with the accepted rewrites: rechecked, downloadable, and savable as a draft."""
    new_form = adopt_rewrites(form, draft, accepted)
    report = check_form(new_form, rules)
    st.info(
        T.CRITIQUE_APPLIED.format(n=len(accepted), errors=len(report.errors), warnings=len(report.warnings))
    )
    with st.expander(T.CRITIQUE_NEW_TABLE):
        components.indicator_table(new_form, report.findings, key=f"critique_table_{key}")
    st.markdown(f"##### {T.CRITIQUE_DOWNLOAD}")
    form_downloads([new_form], file_stem(new_form.project) + T.CRITIQUE_FILE_SUFFIX, key=f"critique_dl_{key}")
    if st.button(T.CRITIQUE_TO_DRAFT, key=f"critique_save_{key}"):
        content = {"mode": "form", "form": rows.form_to_dict(new_form), "source": T.CRITIQUE_SOURCE,
                   "brief": rows.fields_from_form(new_form)}  # fmt: skip
        try:
            ws = state.workspace()
            name = ws.free_name(new_form.project or T.DRAFTS_DEFAULT_NAME)
            state.new_draft(name, content)
        except WorkspaceError as exc:
            st.error(str(exc))
        else:
            st.success(T.CRITIQUE_SAVED.format(name=name))
    return new_form
