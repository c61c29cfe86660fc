"""Pieces the pages share: recomputed figures, the findings list, the form tables, the gate panel."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from ..checks.weights import level1_weights
from ..findings import SEVERITY_ORDER, Finding, code_catalogue
from ..form import Form
from ..formats import MAX_INPUT_BYTES
from ..lexicon import load_lexicon
from ..review.form_report import FormReport
from ..rules import RuleSet
from ..values import format_decimal
from . import state
from . import texts as T
from .rows import weight_split

log = logging.getLogger(__name__)

ROW_COLORS = {"error": "background-color: #fde2e1", "warning": "background-color: #fff4d6"}


def guarded(render: Callable[[], None]) -> Callable[[], None]:
    """A page that fails shows one Chinese sentence (details go to the server log), never a traceback;
    the draft on screen is saved first. Streamlit's own rerun/stop signals pass through untouched."""

    @functools.wraps(render)
    def page() -> None:
        try:
            render()
        except Exception as exc:
            log.exception("page %s failed", render.__module__)
            try:
                state.autosave()
            except Exception:
                log.exception("autosave after a page failure failed")
            st.error(T.UNEXPECTED.format(kind=type(exc).__name__))

    return page


UPLOAD_LIMIT_MB = MAX_INPUT_BYTES // (1024 * 1024)  # the page's cap; the transport's is config.toml's


def too_big(name: str, data: bytes) -> str | None:
    """The Chinese refusal of an upload over the readers' cap (naming the file and the limit), or None.

    The browser refuses larger files first, with the same limit; this holds wherever the server
    was started with another one."""
    if len(data) <= MAX_INPUT_BYTES:
        return None
    return T.UPLOAD_TOO_BIG.format(name=name, size=len(data) / 1048576, limit=UPLOAD_LIMIT_MB)


def sidebar_status(rules: RuleSet) -> None:
    """Which rule set judges and which engine drafts: always visible, changed on 设置."""
    with st.sidebar:
        st.caption(T.SIDEBAR_RULES.format(title=rules.title))
        st.caption(T.SIDEBAR_ENGINE.format(engine=T.ENGINE_NAMES[state.engine()]))


def verdict_badge(report: FormReport) -> None:
    """The reviewer's verdict, first on the form's page: a coloured badge and why."""
    color = T.VERDICT_COLOR.get(report.verdict.kind, "gray")
    st.markdown(f"{T.VERDICT_LABEL} :{color}-badge[{report.verdict.label}] {_plain(report.verdict.reason)}")
    if report.form.is_target_setting:
        st.caption(T.TARGET_SETTING_NOTE)


def figures(report: FormReport) -> None:
    """The four figures a reviewer compares: recomputed value, and what the form states."""
    computed = report.computed_strings()
    form = report.form
    stated = {
        "execution_rate": form.funds.total.rate.text,
        "funds_score": form.funds.total.score.text,
        "total_score": form.stated_total.text,
        "grade": form.grade,
    }
    codes = {f.code for f in report.findings}
    wrong = {
        "execution_rate": "FUND-RATE" in codes,
        "funds_score": "FUND-SCORE" in codes,
        "total_score": "TOTAL-SCORE" in codes,
        "grade": "GRADE" in codes,
    }
    labels = {
        "execution_rate": T.FIG_RATE,
        "funds_score": T.FIG_FUNDS,
        "total_score": T.FIG_TOTAL,
        "grade": T.FIG_GRADE,
    }
    st.caption(T.FIG_HEADER)
    for column, key in zip(st.columns(4), labels, strict=True):
        with column:
            st.metric(
                labels[key],
                computed[key] or T.NOT_COMPUTABLE,
                delta=T.FIG_STATED.format(value=stated[key] or T.EMPTY_CELL),
                delta_color="red" if wrong[key] else "gray",
                delta_arrow="off",
                border=True,
            )


def findings_list(findings: list[Finding], row_numbers: dict[int, int] | None = None) -> None:
    """Findings grouped by severity, worst first; each names its place and, if any, its table row."""
    if not findings:
        st.success(T.NO_FINDINGS)
        return
    catalogue = code_catalogue()
    for severity in sorted({f.severity for f in findings}, key=lambda s: SEVERITY_ORDER.get(s, 9)):
        group = [f for f in findings if f.severity == severity]
        color = T.SEVERITY_COLOR.get(severity, "gray")
        st.markdown(f":{color}-badge[{T.SEVERITY[severity]}（{len(group)}）]")
        lines = []
        for finding in group:
            title = catalogue[finding.code].title if finding.code in catalogue else finding.code
            pointer = ""
            if finding.indicator_index is not None:
                row = (row_numbers or {}).get(finding.indicator_index, finding.indicator_index + 1)
                pointer = f"〔{T.ROW_POINTER.format(row=row)}〕"
            lines.append(
                f"- **{title}** `{finding.code}`{_tags(finding)} {pointer}  \n"
                f"  {finding.location}：{_plain(finding.message)}"
            )
        st.markdown("\n".join(lines))


def _tags(finding: Finding) -> str:
    """The codes merged into this finding (same cell), after its own code."""
    return "".join(f" `+{tag}`" for tag in finding.tags)


def _plain(text: str) -> str:
    """Cell text shown inside markdown must not turn into formatting."""
    for char in "\\`*_[]<>#|~$":
        text = text.replace(char, "\\" + char)
    return text


def is_placeholder(text: object) -> bool:
    """A cell a person must still fill or measure (【待填：…】, 【待实测】): greyed, never a value."""
    return isinstance(text, str) and load_lexicon().is_placeholder(text)


@functools.cache  # the lexicon is loaded once; the pattern is built once, not per cell drawn
def _placeholder_pattern() -> re.Pattern[str] | None:
    marks = load_lexicon().placeholder_marks
    spelled = [re.escape(m) if m.endswith("】") else re.escape(m) + r"[^】]*】" for m in marks]
    return re.compile("|".join(spelled)) if spelled else None


def placeholders_in(text: str) -> list[str]:
    """Every 【待填：…】 in the text."""
    pattern = _placeholder_pattern()
    return pattern.findall(text) if pattern else []


def greyed(text: str) -> str:
    """Markdown of `text` (already escaped) with each 【待填：…】 greyed."""
    pattern = _placeholder_pattern()
    return pattern.sub(lambda m: f":gray[*{m.group(0)}*]", text) if pattern else text


def _placeholder_cell(value: object) -> str:
    return T.PLACEHOLDER_STYLE if is_placeholder(value) else ""


def row_severity(findings: list[Finding]) -> dict[int, str]:
    """The worst severity per indicator row."""
    worst: dict[int, str] = {}
    for finding in findings:
        index = finding.indicator_index
        if index is None:
            continue
        if index not in worst or SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[worst[index]]:
            worst[index] = finding.severity
    return worst


def indicator_frame(form: Form, findings: list[Finding]) -> pd.DataFrame:
    """The rows a reviewer compares, narrow enough for a 1366 px screen: target, actual, weight and
    score stay in view; the long 偏差原因 texts are listed under the table (indicator_notes)."""
    codes: dict[int, list[str]] = {}
    for finding in findings:
        if finding.indicator_index is not None:
            codes.setdefault(finding.indicator_index, [])
            if finding.code not in codes[finding.indicator_index]:
                codes[finding.indicator_index].append(finding.code)
    rows = [
        {
            T.COL_ROW: index + 1,
            T.COL_CATEGORY: indicator.category2 or indicator.category1,
            T.COL_NAME: indicator.name or indicator.label,
            T.COL_TARGET: indicator.target.display,
            T.COL_ACTUAL: indicator.actual.text,
            T.COL_WEIGHT: indicator.weight.text,
            T.COL_SCORE: indicator.score.text,
            T.COL_PROBLEMS: "、".join(codes.get(index, [])),
        }
        for index, indicator in enumerate(form.indicators)
    ]
    columns = [
        T.COL_ROW,
        T.COL_CATEGORY,
        T.COL_NAME,
        T.COL_TARGET,
        T.COL_ACTUAL,
        T.COL_WEIGHT,
        T.COL_SCORE,
        T.COL_PROBLEMS,
    ]
    return pd.DataFrame(rows, columns=columns)


def indicator_styler(form: Form, findings: list[Finding]) -> Any:
    """The table's rows coloured by their worst finding; 【待填：…】 cells greyed."""
    frame = indicator_frame(form, findings)
    worst = row_severity(findings)

    def colour(row: pd.Series) -> list[str]:
        style = ROW_COLORS.get(worst.get(int(row[T.COL_ROW]) - 1, ""), "")
        return [style] * len(row)

    return frame.style.apply(colour, axis=1).map(_placeholder_cell)


def indicator_table(form: Form, findings: list[Finding], key: str) -> None:
    """The 绩效指标 table with every flagged row coloured by its worst finding."""
    st.caption(T.INDICATOR_TABLE)
    text = st.column_config.TextColumn
    st.dataframe(
        indicator_styler(form, findings),
        hide_index=True,
        key=key,
        width="stretch",
        column_config={
            T.COL_ROW: st.column_config.NumberColumn(width=40),
            T.COL_CATEGORY: text(width=90),
            T.COL_NAME: text(width=200),
            T.COL_TARGET: text(width=100),
            T.COL_ACTUAL: text(width=100),
            T.COL_WEIGHT: text(width=50),
            T.COL_SCORE: text(width=50),
            T.COL_PROBLEMS: text(width=120),
        },
    )
    indicator_notes(form)


def indicator_notes(form: Form) -> None:
    """偏差原因分析及改进措施, one line per row that has one, under the table (too long for a column)."""
    notes = [
        T.INDICATOR_NOTE_LINE.format(
            row=index + 1, name=_plain(indicator.name or indicator.label), text=greyed(_plain(text))
        )
        for index, indicator in enumerate(form.indicators)
        if (text := " ".join(indicator.deviation.split()))
    ]
    if notes:
        with st.expander(T.INDICATOR_NOTES.format(n=len(notes))):
            st.markdown("\n".join(notes))


def weight_summary(form: Form, rules: RuleSet) -> None:
    """分值合计 = 预算执行率 + 指标 (per first-level category), and what the form states as the total."""
    funds, indicators = weight_split(form, rules.funds.weight)
    if indicators is None:
        st.caption(T.WEIGHT_SUMMARY_UNREADABLE.format(funds=format_decimal(funds)))
        return
    line = T.WEIGHT_SUMMARY.format(
        sum=format_decimal(funds + indicators),
        funds=format_decimal(funds),
        indicators=format_decimal(indicators),
    )
    split = level1_weights(form)
    if len(split) > 1:
        line += T.WEIGHT_SUMMARY_PARTS.format(
            parts="、".join(f"{name} {format_decimal(value)}" for name, value in split.items())
        )
    stated = form.stated_weight_total.value
    if stated is not None and stated != funds + indicators:
        line += T.WEIGHT_SUMMARY_STATED.format(stated=format_decimal(stated))
    st.caption(line)


def funds_table(form: Form, findings: list[Finding], key: str) -> None:
    """The 项目资金 rows as written; the total row is coloured when a funds finding exists."""
    rows = [form.funds.total, *form.funds.sources]
    frame = pd.DataFrame(
        [
            [
                r.label,
                r.initial_budget.text,
                r.full_year_budget.text,
                r.executed.text,
                r.weight.text,
                r.rate.text,
                r.score.text,
            ]
            for r in rows
        ],
        columns=list(T.FUNDS_COLUMNS),
    )
    fund_findings = [f for f in findings if f.code.startswith("FUND-")]
    worst = min((f.severity for f in fund_findings), key=lambda s: SEVERITY_ORDER[s], default="")

    def colour(row: pd.Series) -> list[str]:
        return [ROW_COLORS.get(worst, "") if row.name == 0 else ""] * len(row)

    st.caption(f"{T.FUNDS_TABLE}（{form.money_unit}）")
    st.dataframe(frame.style.apply(colour, axis=1), hide_index=True, key=key)


def gate_panel(gate: dict[str, Any], waiting: bool = False) -> None:
    """Every draft shows how it got here: status, engine, each attempt and why. A draft holding
    【待填：…】 (or whose adoption left some, `waiting`) is never announced as 已采纳."""
    status = gate.get("status", "rejected")
    attempts = gate.get("attempts", [])
    waiting = waiting or any(f.get("code") == "DRAFT-PLACEHOLDER" for f in gate.get("findings", []))
    shown = (
        T.GATE_STATUS_PLACEHOLDER if waiting and status == "accepted" else T.GATE_STATUS.get(status, status)
    )
    line = T.GATE_LINE.format(
        status=shown,
        engine=T.ENGINE_NAMES.get(gate.get("engine", ""), gate.get("engine", "")),
        attempts=len(attempts),
    )
    box = {"accepted": st.warning if waiting else st.success, "fallback": st.warning}.get(status, st.error)
    details = []
    for number, attempt in enumerate(attempts, start=1):
        if attempt.get("error"):
            outcome = T.GATE_ATTEMPT_ERROR.format(error=attempt["error"])
        elif attempt.get("blocking"):
            outcome = T.GATE_ATTEMPT_BLOCKED.format(codes="、".join(attempt["blocking"]))
        else:
            outcome = T.GATE_ATTEMPT_OK
        engine = T.ENGINE_SHORT.get(attempt.get("engine", ""), "")
        details.append(T.GATE_ATTEMPT.format(n=number, engine=engine, outcome=outcome))
    text = line + ("  \n" + "；".join(details) if details else "")
    if gate.get("notice"):
        text += "  \n" + _plain(gate["notice"])
    if gate.get("note"):
        text += "  \n" + T.GATE_WHY.format(note=_plain(gate["note"]))
    if status == "rejected":
        text += "  \n" + T.GATE_REJECTED_HINT
    box(text, icon=T.GATE_ICON.get(status))
