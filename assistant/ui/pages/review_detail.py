"""One reviewed form: figures, tables with flagged rows, findings, and the critique with rewrites."""

from __future__ import annotations

import hashlib

import streamlit as st

from ...form import Form
from ...formats import FormReadError, forms_to_json, read_forms_bytes
from ...review.form_report import check_form
from ...review.letter import DEFAULT_REVIEWER
from ...rules import RuleSet
from .. import components, critique
from .. import texts as T
from ..exports import DOCX_MIME, file_stem
from ..review_letter import letter_for

S_FORMS = "review_forms"


def _forms(file: str, data: bytes) -> list[Form]:
    """The file's forms, parsed once per session and content (the batch keeps only summaries)."""
    cache: dict[str, list[Form]] = st.session_state.setdefault(S_FORMS, {})
    slot = f"{file}|{hashlib.sha1(data).hexdigest()}"
    if slot not in cache:
        cache[slot] = read_forms_bytes(data, file)
    return cache[slot]


def render_form(file: str, index: int, data: bytes | None, rules: RuleSet) -> None:
    if data is None:
        return
    try:
        form = _forms(file, data)[index]
    except (FormReadError, IndexError) as exc:
        st.error(T.REVIEW_UNREADABLE.format(file=file, problem=str(exc)))
        return
    report = check_form(form, rules, file, index)
    components.verdict_badge(report)
    st.subheader(form.project or T.REVIEW_NO_PROJECT)
    st.caption(
        T.REVIEW_FORM_HEADER.format(
            department=form.header.department or T.EMPTY_CELL,
            unit=form.header.unit or T.EMPTY_CELL,
            year=form.year or T.EMPTY_CELL,
            file=file,
            n=index + 1,
        )
    )
    components.figures(report)
    key = f"{file}#{index}"
    reviewer = st.text_input(
        T.LETTER_REVIEWER, key="letter_reviewer", help=T.LETTER_REVIEWER_HELP.format(default=DEFAULT_REVIEWER)
    )
    st.download_button(
        T.LETTER_DOWNLOAD,
        letter_for(forms_to_json([form]), rules.name, file, index, reviewer),
        file_name=T.LETTER_FILE_NAME.format(stem=file_stem(form.project)),
        mime=DOCX_MIME,
        key=f"letter_{key}",
        icon=":material/mail:",
        on_click="ignore",
    )
    tables, problems = st.columns([3, 2], gap="medium")
    with tables:
        components.funds_table(form, report.findings, key=f"funds_{key}")
        components.indicator_table(form, report.findings, key=f"indicators_{key}")
    with problems:
        st.markdown(f"#### {T.REVIEW_FINDINGS}")
        components.findings_list(report.findings)
    st.divider()
    critique.section(form, rules, key, version=hashlib.sha1(data).hexdigest()[:12])
