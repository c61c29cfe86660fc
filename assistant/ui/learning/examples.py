"""学习 · 案例库讲解: a form with every finding on its row, and the hand-corrected form under it.

The two tables are stacked at full width (not two narrow columns) so that a 1366 px office screen
shows target, actual, weight and score without scrolling; the long 偏差原因 texts are in the row
details. Severity is a coloured text badge, never an emoji (office PCs often lack the font)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...findings import SEVERITY_ORDER, Finding
from ...learn.case_example import CaseExample, case_example, case_list
from ...learn.examples import WorkedRow
from ...learn.sources import LearnError
from ...rules import load_rule_set
from ...vocabulary import INDICATOR_LABELS
from .. import texts as T
from .. import texts_learn as TL
from ..components import ROW_COLORS
from ..exports import file_stem, form_downloads
from .cards import finding_lines, plain

KEY_EXAMPLE = "learn_example"
CHANGED = "background-color: #dcf5dc; font-weight: bold"
# Columns of the indicator tables (一级指标 is implied by 二级指标; 偏差原因 is in the row details).
SHOWN = tuple(label for field, label in INDICATOR_LABELS.items() if field not in ("level1", "deviation"))


@st.cache_data(show_spinner=False, max_entries=16)
def _example(key: str, rules_name: str) -> CaseExample:
    """Cached per case and rule set: both forms go through the checks."""
    return case_example(key, load_rule_set(rules_name))


def _counts(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    return T.LEARN_COUNTS.format(errors=errors, warnings=sum(f.severity == "warning" for f in findings))


def _worst(findings: list[Finding]) -> str:
    return min((f.severity for f in findings), key=lambda s: SEVERITY_ORDER[s], default="")


def _frame(rows: list[WorkedRow], after: bool) -> tuple[pd.DataFrame, list[list[str]]]:
    """The indicator rows as one side sees them, and the style of each cell."""
    records, styles = [], []
    for row in rows:
        cells = {c.column: c for c in row.cells}
        record = {T.COL_ROW: row.key.split(":")[1]}
        record |= {name: (cells[name].after if after else cells[name].before) for name in SHOWN}
        findings = row.after if after else row.before
        record[T.COL_PROBLEMS] = "、".join(dict.fromkeys(f.code for f in findings))
        records.append(record)
        row_style = ROW_COLORS.get(_worst(findings), "")
        styles.append(
            [row_style]
            + [CHANGED if after and cells[name].changed else row_style for name in SHOWN]
            + [row_style]
        )
    frame = pd.DataFrame(records, columns=[T.COL_ROW, *SHOWN, T.COL_PROBLEMS])
    frame[T.COL_ROW] = frame[T.COL_ROW].astype(int) + 1
    return frame, styles


def _table(rows: list[WorkedRow], after: bool, key: str) -> None:
    frame, styles = _frame(rows, after)
    styled = frame.style.apply(
        lambda _: pd.DataFrame(styles, index=frame.index, columns=frame.columns), axis=None
    )
    st.dataframe(styled, hide_index=True, key=key)


def _funds(row: WorkedRow, key: str) -> None:
    frame = pd.DataFrame(
        [[T.LEARN_BEFORE, *(c.before for c in row.cells)], [T.LEARN_AFTER, *(c.after for c in row.cells)]],
        columns=["", *(c.column for c in row.cells)],
    )
    marks = [[""] + [""] * len(row.cells), [""] + [CHANGED if c.changed else "" for c in row.cells]]
    styled = frame.style.apply(
        lambda _: pd.DataFrame(marks, index=frame.index, columns=frame.columns), axis=None
    )
    st.dataframe(styled, hide_index=True, key=key)


def _row_detail(row: WorkedRow) -> None:
    labels = {"funds": TL.LEARN_FUNDS_ROW, "footer": TL.LEARN_FOOTER_ROW, "form": TL.LEARN_FORM_ROW}
    changes = [c for c in row.cells if c.changed]
    if not (row.before or row.after or changes):
        return
    marker = TL.LEARN_BADGES[_worst(row.before)]
    with st.expander(f"{marker} {labels.get(row.key, row.label)}"):
        if row.before:
            st.markdown(f"**{TL.LEARN_ROW_BEFORE}**\n\n" + finding_lines(row.before))
        if changes:
            lines = [
                TL.LEARN_ROW_CHANGE.format(
                    column=c.column, before=plain(c.before) or T.EMPTY_CELL, after=plain(c.after), why=c.why
                )
                for c in changes
            ]
            st.markdown(f"**{TL.LEARN_ROW_CHANGES}**\n\n" + "\n".join(lines))
        if row.after:
            st.markdown(f"**{TL.LEARN_ROW_AFTER}**\n\n" + finding_lines(row.after))


def render(rules_name: str) -> None:
    try:
        keys = case_list()
    except LearnError as exc:
        st.error(T.LEARN_EXAMPLE_MISSING.format(reason=exc))
        return
    titles = dict(keys)
    key = st.selectbox(T.LEARN_PICK_EXAMPLE, [k for k, _ in keys], format_func=titles.get, key=KEY_EXAMPLE)
    try:
        example = _example(key, rules_name)
    except LearnError as exc:
        st.error(T.LEARN_EXAMPLE_MISSING.format(reason=exc))
        return
    kind = TL.LEARN_CONSTRUCTED if example.constructed else TL.LEARN_PUBLISHED
    st.info(TL.LEARN_CASE_HEAD.format(sector=example.sector, kind=kind, defect=example.defect))
    before, after = st.columns(2)
    before.metric(T.LEARN_BEFORE, _counts(example.findings_before), border=True)
    after.metric(T.LEARN_AFTER, _counts(example.findings_after), border=True)
    st.caption(T.LEARN_GATES)
    funds = next(row for row in example.rows if row.key == "funds")
    st.markdown(f"**{funds.label}**")
    _funds(funds, f"learn_funds_{key}")
    st.caption(T.LEARN_SIDE_BY_SIDE)
    indicators = [row for row in example.rows if row.key.startswith("indicator:")]
    st.markdown(f"**{T.LEARN_BEFORE}**")
    _table(indicators, after=False, key=f"learn_before_{key}")
    st.markdown(f"**{T.LEARN_AFTER}**")
    _table(indicators, after=True, key=f"learn_after_{key}")
    st.subheader(TL.LEARN_EXPLANATION)
    st.write(example.explanation)
    st.caption(TL.LEARN_EXPORT_CORRECTED)
    form_downloads(
        [example.corrected], file_stem(f"更正后_{example.corrected.header.project}"), f"learn_out_{key}"
    )
    st.subheader(TL.LEARN_ROWS)
    for row in example.rows:
        _row_detail(row)
