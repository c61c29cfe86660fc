"""One reviewed form: figures, tables with flagged rows, findings, and the critique with rewrites."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pandas as pd
import streamlit as st

from ...form import Form
from ...formats import FormReadError, forms_to_json, read_forms_bytes
from ...formats.docx_prepare import prepare_forms
from ...formats.docx_writer import write_docx
from ...review.form_report import check_form
from ...review.letter import BODY_FONTS, DEFAULT_REVIEWER, TITLE_FONTS
from ...rules import RuleSet
from .. import components, critique
from .. import texts as T
from ..exports import DOCX_MIME, file_stem
from ..review_letter import letter_for
from ..rows import fill_changes

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
    with st.expander(T.LETTER_SETTINGS):
        body, title, dated, due = st.columns(4)
        body_font = body.selectbox(T.LETTER_BODY_FONT, BODY_FONTS, key="letter_body_font")
        title_font = title.selectbox(T.LETTER_TITLE_FONT, TITLE_FONTS, key="letter_title_font")
        letter_date = dated.date_input(T.LETTER_DATE, value=None, key="letter_date", format="YYYY-MM-DD")
        deadline = due.date_input(T.LETTER_DEADLINE, value=None, key="letter_deadline", format="YYYY-MM-DD")
    st.download_button(
        T.LETTER_DOWNLOAD,
        letter_for(
            forms_to_json([form]),
            rules.name,
            file,
            index,
            reviewer,
            body_font,
            title_font,
            letter_date,
            deadline,
        ),
        file_name=T.LETTER_FILE_NAME.format(stem=file_stem(form.project)),
        mime=DOCX_MIME,
        key=f"letter_{key}",
        icon=":material/mail:",
        on_click="ignore",
    )
    fill_section(file, index, data, rules, key)
    tables, problems = st.columns([3, 2], gap="medium")
    with tables:
        components.funds_table(form, report.findings, key=f"funds_{key}")
    with problems:
        st.markdown(f"#### {T.REVIEW_FINDINGS}")
        components.findings_list(report.findings)
    components.indicator_table(form, report.findings, key=f"indicators_{key}")
    components.weight_summary(form, rules)
    st.divider()
    critique.section(form, rules, key, version=hashlib.sha1(data).hexdigest()[:12])


def fill_section(file: str, index: int, data: bytes, rules: RuleSet, key: str) -> None:
    """填入复核值: preview the cells `jixiao convert --fill-computed` would change, then, on
    confirmation, offer the whole file corrected as .docx and .json. The upload stays as it was."""
    opened, ready = f"fill_open_{key}", f"fill_ready_{key}"
    if st.button(T.FILL_BUTTON, key=f"fill_{key}", help=T.FILL_HELP, icon=":material/edit_note:"):
        st.session_state[opened] = True
    if not st.session_state.get(opened):
        return
    forms = _forms(file, data)
    filled = prepare_forms(forms, fill_computed=True, rules=rules)
    changes = fill_changes(forms[index], filled[index])
    if not changes:
        st.info(T.FILL_NOTHING)
    else:
        st.caption(T.FILL_PREVIEW)
        rows = [
            (T.FILL_CELL_LABELS[cell], before or T.EMPTY_CELL, after or T.EMPTY_CELL)
            for cell, before, after in changes
        ]
        st.dataframe(
            pd.DataFrame(rows, columns=list(T.FILL_COLUMNS)), hide_index=True, key=f"fill_preview_{key}"
        )
    if len(forms) > 1:
        st.caption(T.FILL_OTHER_FORMS.format(file=file, forms=len(forms)))
    if not any(fill_changes(a, b) for a, b in zip(forms, filled, strict=True)):
        return
    if st.button(T.FILL_APPLY, key=f"fill_apply_{key}", type="primary"):
        stream = io.BytesIO()
        write_docx(forms, stream, fill_computed=True, rules=rules)
        st.session_state[ready] = (stream.getvalue(), (forms_to_json(filled) + "\n").encode("utf-8"))
    if ready not in st.session_state:
        return
    docx_bytes, json_bytes = st.session_state[ready]
    stem = file_stem(Path(file).stem)
    st.success(T.FILL_DONE)
    left, right = st.columns(2)
    left.download_button(
        T.FILL_DOCX,
        docx_bytes,
        file_name=T.FILL_FILE_NAME.format(stem=stem, ext="docx"),
        mime=DOCX_MIME,
        key=f"fill_docx_{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        T.FILL_JSON,
        json_bytes,
        file_name=T.FILL_FILE_NAME.format(stem=stem, ext="json"),
        mime="application/json",
        key=f"fill_json_{key}",
        icon=":material/download:",
        on_click="ignore",
    )
