"""Session state backed by the workspace: preferences, the current draft, autosave.

A Streamlit session lives as long as a browser tab; the workspace outlives the server. So every
value the user would miss after a refresh is read from the workspace when a session starts and
written back on every change.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import streamlit as st

from ..rules import DEFAULT_RULE_SET, RuleSet, RuleSetError, available_rule_sets, load_rule_set
from .workspace import Workspace, WorkspaceError

Engine = Literal["offline", "llm"]
ENGINE_KEY = "engine"
RULES_KEY = "rules"
CURRENT_KEY = "current_draft"
DEFAULT_DRAFT_NAME = "草稿1"

# session_state keys
S_DRAFT_ID = "draft_id"
S_DRAFT = "draft"
S_SAVED = "draft_saved_text"
S_VERSION = "draft_version"  # bumped when a draft is (re)loaded: widget keys derive from it
S_STORED = "draft_stored_version"  # the workspace version this tab's draft is based on
S_CONFLICT = "draft_conflict"  # why the last save was refused (another tab wrote first), or absent


def workspace() -> Workspace:
    return Workspace()


# preferences --------------------------------------------------------------------------------


def rules_name() -> str:
    name = workspace().get(RULES_KEY, DEFAULT_RULE_SET) or DEFAULT_RULE_SET
    return name if name in available_rule_sets() else DEFAULT_RULE_SET


def rules() -> RuleSet:
    try:
        return load_rule_set(rules_name())
    except RuleSetError:
        return load_rule_set(DEFAULT_RULE_SET)


def set_rules_name(name: str) -> None:
    workspace().set(RULES_KEY, name)


def engine() -> Engine:
    return "llm" if workspace().get(ENGINE_KEY) == "llm" else "offline"


def set_engine(value: Engine) -> None:
    workspace().set(ENGINE_KEY, value)


# the current draft ----------------------------------------------------------------------------


def empty_draft() -> dict[str, Any]:
    """What a draft holds; every value is plain JSON so it survives the workspace round trip."""
    return {
        "brief": {},  # the brief's fields as entered (text), so a half-filled brief is kept
        "rows": [],  # the indicator table being edited
        "indicator_gate": None,  # how the table's first version was drafted (gate summary)
        "form": None,  # the working form (Form as JSON) once accepted or uploaded
        "deviations": [],  # proposed deviation explanations, each with its gate result
        "deviation_gate": None,
        "mode": "brief",  # "brief": a new form drafted from the brief; "form": an uploaded form
        "source": "",  # the uploaded file the form came from
        "previous_rows": None,  # the table before the last 起草指标, for 恢复
    }


def _dump(draft: dict[str, Any]) -> str:
    return json.dumps(draft, ensure_ascii=False, sort_keys=True, default=str)


def ensure_draft() -> dict[str, Any]:
    """The session's draft: the one last used (even before a refresh or restart), else a new one."""
    if S_DRAFT in st.session_state and S_DRAFT_ID in st.session_state:
        return st.session_state[S_DRAFT]
    ws = workspace()
    current = ws.get(CURRENT_KEY)
    draft_id = int(current) if current and current.isdigit() else None
    loaded = ws.load_versioned(draft_id) if draft_id is not None else None
    if loaded is None:
        drafts = ws.drafts()
        if drafts:
            draft_id, loaded = drafts[0].id, ws.load_versioned(drafts[0].id)
        else:
            draft_id = ws.create(ws.free_name(DEFAULT_DRAFT_NAME), empty_draft())
            loaded = (empty_draft(), 0)
    assert draft_id is not None
    data, stored = loaded or (empty_draft(), 0)
    _load(draft_id, data, stored)
    return st.session_state[S_DRAFT]


def _forget_editor_bases() -> None:
    for key in [k for k in st.session_state if str(k).endswith("__base")]:
        del st.session_state[key]


def _sanitized(data: Any) -> dict[str, Any]:
    """A stored draft with every field of the expected kind (older or hand-edited files vary)."""
    draft = empty_draft()
    if not isinstance(data, dict):
        return draft
    for key, default in draft.items():
        value = data.get(key, default)
        if isinstance(default, list):
            value = [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
        elif key in ("brief",):
            value = value if isinstance(value, dict) else {}
        elif key in ("form", "indicator_gate", "deviation_gate"):
            value = value if isinstance(value, dict) else None
        elif key == "previous_rows":
            value = [item for item in value if isinstance(item, dict)] if isinstance(value, list) else None
        draft[key] = value
    return draft


def _load(draft_id: int, data: dict[str, Any], stored: int) -> None:
    """Show this draft, as the workspace holds it at version `stored`."""
    _forget_editor_bases()
    draft = _sanitized(data)
    st.session_state[S_DRAFT_ID] = draft_id
    st.session_state[S_DRAFT] = draft
    st.session_state[S_SAVED] = _dump(draft)
    st.session_state[S_STORED] = stored
    st.session_state.pop(S_CONFLICT, None)
    st.session_state[S_VERSION] = st.session_state.get(S_VERSION, 0) + 1
    workspace().set(CURRENT_KEY, str(draft_id))


def draft_id() -> int:
    ensure_draft()
    return int(st.session_state[S_DRAFT_ID])


def version() -> int:
    """Changes whenever the draft on screen is replaced, so widgets keyed by it start afresh."""
    ensure_draft()
    return int(st.session_state[S_VERSION])


def switch_draft(new_id: int) -> None:
    """Show another draft; not while this tab's edits could not be saved (the conflict is shown)."""
    autosave()
    if conflict():  # rebuild the widgets (the picker too) from this tab's draft, edits and all
        _forget_editor_bases()
        st.session_state[S_VERSION] = st.session_state.get(S_VERSION, 0) + 1
        return
    loaded = workspace().load_versioned(new_id)
    if loaded is not None:
        _load(new_id, *loaded)


def new_draft(name: str, data: dict[str, Any] | None = None, *, save_first: bool = True) -> int:
    """Create a draft (WorkspaceError on a bad or taken name) and make it the current one.

    Not while this tab's edits could not be saved (WorkspaceError with the conflict): they would be
    dropped unseen."""
    if save_first:
        autosave()
        if problem := conflict():
            raise WorkspaceError(problem)
    new_id = workspace().create(name, data or empty_draft())
    _load(new_id, data or empty_draft(), 0)
    return new_id


def delete_current() -> None:
    ws = workspace()
    ws.delete(draft_id())
    for key in (S_DRAFT, S_DRAFT_ID, S_SAVED, S_STORED, S_CONFLICT):
        st.session_state.pop(key, None)
    remaining = ws.drafts()
    if remaining:
        _load(remaining[0].id, *(ws.load_versioned(remaining[0].id) or (empty_draft(), 0)))
    else:
        ensure_draft()


def replace_draft(data: dict[str, Any]) -> None:
    """Put new content into the current draft (an upload, a new indicator draft) and save it."""
    draft_id()
    _forget_editor_bases()
    st.session_state[S_DRAFT] = _sanitized({**empty_draft(), **data})
    st.session_state[S_VERSION] = st.session_state.get(S_VERSION, 0) + 1
    autosave()


def conflict() -> str | None:
    """Why this tab's edits are not saved (another tab saved the draft first), or None."""
    return st.session_state.get(S_CONFLICT)


def autosave() -> bool:
    """Write the current draft if it changed since the last write; True when written.

    Only over the version this tab loaded: when another tab saved in between, nothing is written
    and conflict() says so, until the user reloads or keeps these edits as a new draft."""
    if S_DRAFT not in st.session_state or S_DRAFT_ID not in st.session_state:
        return False
    text = _dump(st.session_state[S_DRAFT])
    if text == st.session_state.get(S_SAVED):
        return False
    try:
        stored = workspace().commit(
            int(st.session_state[S_DRAFT_ID]), json.loads(text), int(st.session_state.get(S_STORED, 0))
        )
    except WorkspaceError as exc:  # DraftConflictError, or the draft was deleted in another tab
        st.session_state[S_CONFLICT] = str(exc)
        return False
    st.session_state[S_SAVED] = text
    st.session_state[S_STORED] = stored
    st.session_state.pop(S_CONFLICT, None)
    return True


def reload_stored() -> None:
    """The conflict's first way out: show the draft as the workspace has it (this tab's edits go)."""
    loaded = workspace().load_versioned(draft_id())
    if loaded is None:  # deleted in the other tab
        for key in (S_DRAFT, S_DRAFT_ID, S_SAVED, S_STORED, S_CONFLICT):
            st.session_state.pop(key, None)
        ensure_draft()
    else:
        _load(draft_id(), *loaded)


def save_as_new(name: str) -> None:
    """The conflict's other way out: this tab's edits become a new draft; the other is untouched."""
    new_draft(workspace().free_name(name), dict(st.session_state[S_DRAFT]), save_first=False)


def reload() -> None:
    """The program changed the draft: save it and rebuild every widget from it (ends this run)."""
    st.session_state[S_VERSION] = st.session_state.get(S_VERSION, 0) + 1
    _forget_editor_bases()
    autosave()
    st.rerun()


def editor_base(key: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows a st.data_editor starts from, frozen for the life of its key.

    The editor reports edits as changes to the data it was first given; handing it the already
    edited rows on the next run would apply added and deleted rows twice.
    """
    slot = f"{key}__base"
    if slot not in st.session_state:
        st.session_state[slot] = [dict(record) for record in records if isinstance(record, dict)]
    return st.session_state[slot]
