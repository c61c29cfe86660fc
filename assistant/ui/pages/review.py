"""审核: upload forms (one, many, or a .zip) → recomputed figures, findings per row, batch report.

Uploads are reviewed once per (file content, rule set) and kept in the session, so adding a file —
even a broken one — leaves the results already on screen as they were.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from ...review.batch import FileResult, FormRow, ReviewResult, run_tasks
from ...review.inputs import expand_uploads
from ...review.report_files import report_bytes
from ...review.tables import SUMMARY_HEADERS, VERDICT_HEADER, summary_records
from ...rules import RuleSet
from ...vocabulary import HEADER_LABELS
from .. import components, state
from .. import texts as T
from ..exports import XLSX_MIME
from . import review_detail

S_REVIEW = "review_session"


@dataclass
class ReviewSession:
    """What this browser tab has reviewed: results per upload, and the bytes of every form file."""

    results: dict[str, list[FileResult]] = field(default_factory=dict)
    sources: dict[str, bytes] = field(default_factory=dict)


def _session() -> ReviewSession:
    if S_REVIEW not in st.session_state:
        st.session_state[S_REVIEW] = ReviewSession()
    return st.session_state[S_REVIEW]


def _upload_key(name: str, data: bytes, rules: RuleSet) -> str:
    return f"{rules.name}|{name}|{hashlib.sha1(data).hexdigest()}"


@components.guarded
def render() -> None:
    rules = state.rules()
    components.sidebar_status(rules)
    st.title(T.REVIEW_TITLE)
    st.write(T.REVIEW_INTRO)
    uploads = st.file_uploader(
        T.REVIEW_UPLOAD,
        accept_multiple_files=True,
        key="review_upload",
        help=T.REVIEW_UPLOAD_HELP.format(limit=components.UPLOAD_LIMIT_MB),
    )
    if not uploads:
        st.info(T.REVIEW_EMPTY)
        return
    files = []
    for upload in uploads:
        name, data = upload.name, upload.getvalue()
        if refusal := components.too_big(name, data):
            st.error(refusal)
        else:
            files.append((name, data))
    if not files:
        return
    keys = [_upload_key(name, data, rules) for name, data in files]
    _review_new(files, keys, rules)
    session = _session()
    results = [result for key in keys for result in session.results.get(key, [])]
    for result in results:
        if result.problem:
            st.error(T.REVIEW_UNREADABLE.format(file=result.file, problem=result.problem))
    rows = [row for result in results for row in result.forms]
    if not rows:
        return
    if len(rows) > 1:
        _overview(rows, rules)
    st.download_button(
        T.REVIEW_REPORT,
        report_bytes(ReviewResult(rules, results)),
        file_name=T.REVIEW_REPORT_NAME,
        mime=XLSX_MIME,
        key="review_report",
        icon=":material/download:",
        on_click="ignore",
    )
    picked = _pick(rows)
    st.divider()
    review_detail.render_form(picked.file, picked.form_number - 1, session.sources.get(picked.file), rules)


def _review_new(files: list[tuple[str, bytes]], keys: list[str], rules: RuleSet) -> None:
    """Review the uploads not seen before, with a progress bar; each file is read once."""
    session = _session()
    todo = [(key, name, data) for key, (name, data) in zip(keys, files, strict=True)]
    todo = [item for item in todo if item[0] not in session.results]
    if not todo:
        return
    expanded = [(key, expand_uploads([(name, data)])) for key, name, data in todo]
    total = sum(len(tasks) for _, tasks in expanded)
    with st.status(T.REVIEW_PROGRESS.format(total=total), expanded=total > 1) as status:
        bar = st.progress(0.0)
        done = 0
        for key, tasks in expanded:
            found = []
            for result in run_tasks(tasks, rules, jobs=1):
                done += 1
                bar.progress(done / max(total, 1), text=T.REVIEW_PROGRESS_STEP.format(done=done, total=total))
                found.append(result)
            for task in tasks:
                if task.data is not None:
                    session.sources[task.display] = task.data
            session.results[key] = found
        found_all = [r for key, _ in expanded for r in session.results[key]]
        forms = sum(len(r.forms) for r in found_all)
        unreadable = sum(1 for r in found_all if r.problem)
        if not forms:
            status.update(label=T.REVIEW_NOTHING_READ.format(files=total), state="error", expanded=False)
        elif unreadable:
            label = T.REVIEW_DONE_SOME_UNREADABLE.format(files=total, forms=forms, unreadable=unreadable)
            status.update(label=label, state="complete", expanded=False)
        else:
            status.update(
                label=T.REVIEW_DONE.format(files=total, forms=forms), state="complete", expanded=False
            )


def _summary_frame(rows: list[FormRow]) -> pd.DataFrame:
    """The Excel report's first sheet, row for row, so the screen and the download agree."""
    return pd.DataFrame(summary_records(rows), columns=list(SUMMARY_HEADERS))


def _overview(rows: list[FormRow], rules: RuleSet) -> None:
    """A sortable table of every form, with filters a reviewer of a whole batch needs."""
    errors = sum(1 for r in rows if r.errors)
    warnings = sum(1 for r in rows if not r.errors and r.warnings)
    st.subheader(T.REVIEW_FORMS.format(forms=len(rows), errors=errors, warnings=warnings))
    frame = _summary_frame(rows)
    left, verdict, middle, right = st.columns([3, 2, 2, 2])
    text = left.text_input(T.REVIEW_FILTER_TEXT, key="review_filter_text").strip()
    v = rules.verdict
    verdicts = [v.returned, v.revise, v.passed]
    verdicts += sorted(set(frame[VERDICT_HEADER]) - set(verdicts))
    verdicts_chosen = verdict.multiselect(
        T.REVIEW_FILTER_VERDICT,
        verdicts,
        key="review_filter_verdict",
        placeholder=T.REVIEW_FILTER_ALL_VERDICTS,
    )
    grades = sorted({g for g in frame["复核等级"] if g})
    chosen = middle.multiselect(
        T.REVIEW_FILTER_GRADE, grades, key="review_filter_grade", placeholder=T.REVIEW_FILTER_ALL
    )
    only_errors = right.toggle(T.REVIEW_FILTER_ERRORS, key="review_filter_errors")
    shown = frame
    if text:
        haystack = frame["文件"]
        for field in ("project", "department", "unit"):
            haystack = haystack + frame[HEADER_LABELS[field]]
        shown = shown[haystack.str.contains(text, regex=False)]
    if verdicts_chosen:
        shown = shown[shown[VERDICT_HEADER].isin(verdicts_chosen)]
    if chosen:
        shown = shown[shown["复核等级"].isin(chosen)]
    if only_errors:
        shown = shown[shown["错误数"] > 0]
    number = st.column_config.NumberColumn
    st.dataframe(
        shown,
        hide_index=True,
        key="review_table",
        column_config={
            "复核执行率": number(format="%.2f%%"),
            "复核资金得分": number(format="%.2f"),
            "复核总分": number(format="%.2f"),
            "主要问题": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(T.REVIEW_TABLE_HELP)


def _pick(rows: list[FormRow]) -> FormRow:
    if len(rows) == 1:
        return rows[0]
    labels = [
        T.REVIEW_FORM_LABEL.format(file=r.file, n=r.form_number, project=r.project or T.REVIEW_NO_PROJECT)
        for r in rows
    ]
    index = st.selectbox(T.REVIEW_PICK, range(len(rows)), format_func=lambda i: labels[i], key="review_pick")
    return rows[index or 0]
