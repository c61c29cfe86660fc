"""学习 · 规则卡片: one card per finding code, its examples checked live by the real checks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...findings import Finding, code_catalogue
from ...learn.cards import CellShown, Example, build_card, card_sections
from ...rules import RuleSet
from .. import texts as T

KEY_CARD = "learn_card"
KEY_SECTION = "learn_card_section"


def _cells(cells: list[CellShown]) -> None:
    """A few cells as a static table: every word readable at once, nothing to scroll."""
    if cells:
        frame = pd.DataFrame(
            [[c.where, c.text or T.EMPTY_CELL] for c in cells], columns=list(T.LEARN_CELL_COLUMNS)
        )
        st.table(frame.set_index(T.LEARN_CELL_COLUMNS[0]))


def finding_lines(findings: list[Finding]) -> str:
    """Findings as markdown bullets: code, then the check's own message (escaped)."""
    return "\n".join(f"- `{f.code}` {plain(f.message)}" for f in findings)


def plain(text: str) -> str:
    """Cell and message text shown inside markdown must not turn into formatting."""
    for char in "\\`*_[]<>#|~$":
        text = text.replace(char, "\\" + char)
    return text


def _example(label: str, example: Example) -> None:
    st.markdown(f"**{label}**：{plain(example.note)}")
    _cells(example.cells)
    if example.findings:
        box = st.error if any(f.severity == "error" for f in example.findings) else st.warning
        box(T.LEARN_CHECK_SAYS + "\n\n" + finding_lines(example.findings))
    else:
        st.success(T.LEARN_CHECK_PASSES)
    if example.other_findings:
        st.caption(T.LEARN_ALSO.format(items="、".join(f.code for f in example.other_findings)))


def render(rules: RuleSet) -> None:
    catalogue = code_catalogue()
    sections = dict(card_sections())  # 表格检查, then 起草工具 (the DRAFT-* codes)
    section = st.radio(T.LEARN_CARD_SECTION, list(sections), horizontal=True, key=KEY_SECTION)
    codes = sections[section]
    code = st.selectbox(
        T.LEARN_PICK_CARD,
        codes,
        format_func=lambda c: f"{c}　{catalogue[c].title}",
        key=KEY_CARD,
    )
    card = build_card(code, rules)
    color = T.SEVERITY_COLOR.get(card.severity, "gray")
    st.subheader(f"{card.title}　`{card.code}`")
    st.markdown(f":{color}-badge[{T.SEVERITY.get(card.severity, card.severity)}]")
    st.markdown(T.LEARN_MEANING.format(text=plain(card.meaning)))
    st.markdown(T.LEARN_WHY.format(text=plain(card.why)))
    st.markdown(T.LEARN_COMPUTED.format(text=plain(card.computed)))
    st.markdown(T.LEARN_CARD_SOURCE.format(kind=card.source_kind, text=plain(card.source)))
    st.caption(T.LEARN_EXAMPLE_INTRO)
    if not card.applies:
        st.warning(T.LEARN_NOT_APPLIED.format(rules=card.rules_title))
    if card.bad.context:
        st.markdown(f"**{T.LEARN_CONTEXT}**")
        _cells(card.bad.context)
    bad, good = st.columns(2)
    with bad:
        _example(T.LEARN_BAD, card.bad)
    with good:
        _example(T.LEARN_GOOD, card.good)
    for more in card.more:
        _example(T.LEARN_MORE[bool(more.raises)], more)
