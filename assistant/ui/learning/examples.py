"""学习 · 示例表讲解: a real form with every finding on its row, and the corrected form beside it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...findings import SEVERITY_ORDER, Finding
from ...learn.examples import WorkedExample, WorkedRow, worked_example
from ...learn.sources import LearnError, example_keys
from ...rules import load_rule_set
from ...vocabulary import INDICATOR_LABELS
from .. import texts as T
from ..components import ROW_COLORS
from .cards import finding_lines, plain

KEY_EXAMPLE = "learn_example"
CHANGED = "background-color: #dcf5dc; font-weight: bold"
# Columns of the side-by-side indicator tables (一级指标 is implied by 二级指标).
SHOWN = tuple(label for field, label in INDICATOR_LABELS.items() if field != "level1")


@st.cache_data(show_spinner=False, max_entries=16)
def _example(key: str, rules_name: str) -> WorkedExample:
    """Cached per example and rule set: the correction runs the drafting engine and the checks."""
    return worked_example(key, load_rule_set(rules_name))


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
    labels = {"funds": T.LEARN_FUNDS_ROW, "footer": T.LEARN_FOOTER_ROW, "form": T.LEARN_FORM_ROW}
    changes = [c for c in row.cells if c.changed]
    if not (row.before or row.after or changes):
        return
    marker = {"error": "🔴", "warning": "🟡"}.get(_worst(row.before), "🟢")
    with st.expander(f"{marker} {labels.get(row.key, row.label)}"):
        if row.before:
            st.markdown(f"**{T.LEARN_ROW_BEFORE}**\n\n" + finding_lines(row.before))
        if changes:
            lines = [
                T.LEARN_ROW_CHANGE.format(
                    column=c.column, before=plain(c.before) or T.EMPTY_CELL, after=plain(c.after), why=c.why
                )
                for c in changes
            ]
            st.markdown(f"**{T.LEARN_ROW_CHANGES}**\n\n" + "\n".join(lines))
        if row.after:
            st.markdown(f"**{T.LEARN_ROW_AFTER}**\n\n" + finding_lines(row.after))


def render(rules_name: str) -> None:
    keys = example_keys()
    titles = dict(keys)
    key = st.selectbox(T.LEARN_PICK_EXAMPLE, [k for k, _ in keys], format_func=titles.get, key=KEY_EXAMPLE)
    try:
        example = _example(key, rules_name)
    except LearnError as exc:
        st.error(T.LEARN_EXAMPLE_MISSING.format(reason=exc))
        return
    st.info(example.lesson)
    before, after = st.columns(2)
    before.metric(T.LEARN_BEFORE, _counts(example.findings_before), border=True)
    after.metric(T.LEARN_AFTER, _counts(example.findings_after), border=True)
    gates = "；".join(T.LEARN_GATE_ITEM.format(task=g.task, status=g.status) for g in example.gates)
    st.caption(T.LEARN_GATES.format(gates=gates))
    funds = next(row for row in example.rows if row.key == "funds")
    st.markdown(f"**{funds.label}**")
    _funds(funds, f"learn_funds_{key}")
    st.caption(T.LEARN_SIDE_BY_SIDE)
    indicators = [row for row in example.rows if row.key.startswith("indicator:")]
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{T.LEARN_BEFORE}**")
        _table(indicators, after=False, key=f"learn_before_{key}")
    with right:
        st.markdown(f"**{T.LEARN_AFTER}**")
        _table(indicators, after=True, key=f"learn_after_{key}")
    st.subheader(T.LEARN_ROWS)
    for row in example.rows:
        _row_detail(row)
