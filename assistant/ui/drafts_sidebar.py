"""The sidebar's draft manager: switch, create, rename, delete (with confirmation) named drafts."""

from __future__ import annotations

import streamlit as st

from . import state
from . import texts as T
from .workspace import WorkspaceError


def render() -> None:
    ws = state.workspace()
    current = state.draft_id()
    drafts = ws.drafts()
    names = {d.id: d.name for d in drafts}
    ids = [d.id for d in drafts]
    with st.sidebar:
        st.subheader(T.DRAFTS_HEADER)
        chosen = st.selectbox(
            T.DRAFTS_CURRENT,
            ids,
            index=ids.index(current) if current in ids else 0,
            format_func=lambda i: names.get(i, str(i)),
            key=f"drafts_pick_{state.version()}",
        )
        if chosen is not None and chosen != current:
            state.switch_draft(chosen)
            st.rerun()
        st.caption(T.DRAFTS_AUTOSAVE)
        with st.popover(T.DRAFTS_NEW, icon=":material/add:", width="stretch"):
            name = st.text_input(
                T.DRAFTS_NAME, value=ws.free_name(T.DRAFTS_DEFAULT_NAME), key="drafts_new_name"
            )
            if st.button(T.DRAFTS_CREATE, key="drafts_create", type="primary"):
                _act(lambda: state.new_draft(name))
        with st.popover(T.DRAFTS_RENAME, icon=":material/edit:", width="stretch"):
            new_name = st.text_input(
                T.DRAFTS_NAME, value=names.get(current, ""), key=f"drafts_rename_{current}"
            )
            if st.button(T.DRAFTS_RENAME_DO, key="drafts_rename_do"):
                _act(lambda: ws.rename(current, new_name))
        with st.popover(T.DRAFTS_DELETE, icon=":material/delete:", width="stretch"):
            st.write(T.DRAFTS_DELETE_WARN.format(name=names.get(current, "")))
            sure = st.checkbox(T.DRAFTS_DELETE_SURE, key=f"drafts_delete_sure_{current}")
            if st.button(T.DRAFTS_DELETE_DO, key="drafts_delete_do", disabled=not sure, type="primary"):
                _act(state.delete_current)
        if problem := st.session_state.pop("drafts_problem", None):
            st.error(problem)


def _act(action) -> None:
    """Do a workspace action; a refused one (a taken name …) is shown, never raised."""
    try:
        action()
    except WorkspaceError as exc:
        st.session_state["drafts_problem"] = str(exc)
    state.autosave()
    st.rerun()
