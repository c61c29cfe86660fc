"""起草: a new form from a project brief, or deviation explanations for a filled form.

The working draft autosaves to the workspace on every run that changed it; an upload never
overwrites work — it fills the current draft only when that is still empty, else a new draft.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Any

import streamlit as st

from ...drafting.brief import BriefError, ProjectBrief, load_brief
from ...drafting.reading import explain_brief, explanation_lines
from ...form import Form
from ...formats import FormReadError, read_forms_bytes
from ...review.form_report import check_form
from ...rules import RuleSet
from .. import components, drafts_sidebar, rows, state
from .. import texts as T
from ..exports import file_stem, form_downloads
from ..workspace import WorkspaceError
from . import draft_brief, draft_filled, draft_table

BRIEF_SUFFIXES = (".yaml", ".yml")
FORM_SUFFIXES = (".docx", ".xlsx", ".txt")


@components.guarded
def render() -> None:
    rules = state.rules()
    draft = state.ensure_draft()
    drafts_sidebar.render()
    components.sidebar_status(rules)
    st.title(T.DRAFT_TITLE)
    notice = st.empty()  # filled at the end, once the save has been tried
    st.write(T.DRAFT_INTRO)
    _upload()
    if flash := st.session_state.pop("draft_flash", None):
        st.success(flash)
    if draft.get("mode") == "form" and draft.get("form"):
        draft_filled.render(draft, rules)
    else:
        _brief_mode(draft, rules)
    _downloads(draft, rules)
    state.autosave()
    if problem := state.conflict():
        with notice.container():
            _conflict(problem)


def _conflict(problem: str) -> None:
    """Another tab saved this draft first: say so, and let the user choose; never overwrite."""
    st.error(T.DRAFT_CONFLICT.format(problem=problem))
    name = state.workspace().name_of(state.draft_id()) or T.DRAFTS_DEFAULT_NAME
    left, right = st.columns(2)
    left.button(
        T.DRAFT_CONFLICT_RELOAD, key="draft_conflict_reload", type="primary", on_click=state.reload_stored
    )
    right.button(
        T.DRAFT_CONFLICT_SAVE_AS,
        key="draft_conflict_save_as",
        on_click=state.save_as_new,
        args=(T.DRAFT_CONFLICT_COPY_NAME.format(name=name),),
    )


def _brief_mode(draft: dict[str, Any], rules: RuleSet) -> None:
    with st.expander(T.BRIEF_HEADER, expanded=not draft["rows"]):
        fields = draft_brief.render(draft)
    try:
        brief, problem = rows.brief_from_fields(fields, rules.name), None
    except BriefError as exc:
        brief, problem = None, str(exc).removeprefix("项目简报 有误：")
    if brief is not None:
        _reading(brief)
    draft_table.render(draft, brief, problem, rules)


def _reading(brief: ProjectBrief) -> None:
    """读取到的信息: what the engine read from the brief, so a user sees why a number is drafted."""
    with st.expander(T.BRIEF_READING):
        st.caption(T.BRIEF_READING_HELP)
        st.markdown("\n".join(f"- {line}" for line in explanation_lines(explain_brief(brief))))


def _is_empty(draft: dict[str, Any]) -> bool:
    brief = draft.get("brief") or {}
    typed = any(str(brief.get(k) or "").strip() for k in ("project", "description", "full_year_budget"))
    return not (typed or draft.get("rows") or draft.get("form"))


def _upload() -> None:
    upload = st.file_uploader(T.DRAFT_UPLOAD, key="draft_upload", help=T.DRAFT_UPLOAD_HELP)
    if upload is None or st.session_state.get("draft_upload_done") == upload.file_id:
        return
    st.session_state["draft_upload_done"] = upload.file_id
    name, data = PurePath(upload.name).name, upload.getvalue()
    if refusal := components.too_big(name, data):
        st.error(refusal)
        return
    try:
        contents = _contents(name, data)
    except (BriefError, FormReadError) as exc:
        st.error(str(exc) if str(exc).startswith(name) else f"{name}：{exc}")
        return
    ids = []
    try:
        for number, (project, content) in enumerate(contents):
            if number == 0 and _is_empty(state.ensure_draft()):
                state.replace_draft(content)
                ids.append(state.draft_id())
            else:
                draft_name = state.workspace().free_name(project or T.DRAFTS_DEFAULT_NAME)
                ids.append(state.new_draft(draft_name, content))
    except WorkspaceError as exc:  # this tab's edits conflict with another tab's: shown above
        st.error(f"{name}：{exc}")
        return
    state.switch_draft(ids[0])
    st.session_state["draft_flash"] = T.DRAFT_UPLOADED.format(name=name, n=len(contents))
    state.reload()


def _contents(name: str, data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """(project, draft content) per thing in the file: one brief, or every form it holds."""
    suffix = Path(name).suffix.lower()
    if suffix in BRIEF_SUFFIXES or (suffix == ".json" and _looks_like_brief(data)):
        brief = _brief(name, data)
        return [(brief.project, {"brief": rows.fields_from_brief(brief)})]
    if suffix not in (*FORM_SUFFIXES, ".json"):
        raise FormReadError(T.DRAFT_UPLOAD_TYPE.format(name=name, suffix=suffix or T.NO_SUFFIX))
    forms = read_forms_bytes(data, name)
    return [(form.project, _form_content(form, name, len(forms), i)) for i, form in enumerate(forms)]


def _form_content(form: Form, name: str, count: int, index: int) -> dict[str, Any]:
    source = name if count == 1 else T.DRAFT_SOURCE_NTH.format(name=name, n=index + 1)
    return {
        "mode": "form",
        "form": rows.form_to_dict(form),
        "source": source,
        "brief": rows.fields_from_form(form),
    }


def _looks_like_brief(data: bytes) -> bool:
    import json

    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return (
        isinstance(parsed, dict)
        and "description" in parsed
        and "forms" not in parsed
        and "funds" not in parsed
    )


def _brief(name: str, data: bytes):
    """load_brief's checks and messages, on the uploaded bytes (under the file's own name)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return load_brief(path)


def _adopted_review(form: Form, rules: RuleSet) -> None:
    """The adopted form judged by check_form, the function `jixiao check` uses: what is downloaded
    here passes or fails there exactly as shown."""
    report = check_form(form, rules)
    st.markdown(f"##### {T.DRAFT_ADOPTED_CHECK}")
    components.verdict_badge(report)
    components.findings_list(report.findings)


def _downloads(draft: dict[str, Any], rules: RuleSet) -> None:
    """The working form, as Word and JSON, whenever there is one."""
    st.divider()
    st.markdown(f"#### {T.DRAFT_DOWNLOADS}")
    if not draft.get("form"):
        st.caption(T.DRAFT_NO_FORM)
        return
    form = Form.model_validate(draft["form"])
    if draft.get("mode") != "form":
        _adopted_review(form, rules)
        st.caption(T.DRAFT_FORM_IS_ACCEPTED)
    form_downloads([form], file_stem(form.project), key="draft_download")
