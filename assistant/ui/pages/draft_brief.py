"""The project brief as a form: what the drafter knows before any indicator exists.

Widget keys carry the draft's version: when a draft is loaded or replaced, fresh widgets start
from the saved values; after that the widgets hold the state and every change is copied back into
the draft (and so autosaved).
"""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd
import streamlit as st

from ...drafting.sectors import brief_text, choose, sectors
from .. import state
from .. import texts as T

MONEY_UNITS = ["万元", "元", "千元", "亿元"]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [dict(row) for row in clean.to_dict("records")]


def render(draft: dict[str, Any]) -> dict[str, Any]:
    """Show the brief's fields; returns them (also written into draft["brief"])."""
    saved: dict[str, Any] = draft.get("brief") or {}
    suffix = f"{state.draft_id()}_{state.version()}"
    fields: dict[str, Any] = {}
    left, right = st.columns(2)
    with left:
        fields["project"] = st.text_input(
            T.BRIEF_PROJECT, saved.get("project", ""), key=f"b_project_{suffix}"
        )
        fields["department"] = st.text_input(
            T.BRIEF_DEPARTMENT, saved.get("department", ""), key=f"b_department_{suffix}"
        )
        fields["unit"] = st.text_input(T.BRIEF_UNIT, saved.get("unit", ""), key=f"b_unit_{suffix}")
        a, b = st.columns(2)
        fields["leader"] = a.text_input(T.BRIEF_LEADER, saved.get("leader", ""), key=f"b_leader_{suffix}")
        fields["phone"] = b.text_input(T.BRIEF_PHONE, saved.get("phone", ""), key=f"b_phone_{suffix}")
    with right:
        a, b = st.columns(2)
        year = saved.get("year") or datetime.date.today().year - 1
        fields["year"] = a.number_input(T.BRIEF_YEAR, 2000, 2100, int(year), step=1, key=f"b_year_{suffix}")
        unit = saved.get("money_unit") if saved.get("money_unit") in MONEY_UNITS else "万元"
        fields["money_unit"] = b.selectbox(
            T.BRIEF_MONEY_UNIT, MONEY_UNITS, MONEY_UNITS.index(unit), key=f"b_money_{suffix}"
        )
        a, b = st.columns(2)
        fields["full_year_budget"] = a.text_input(
            T.BRIEF_BUDGET,
            str(saved.get("full_year_budget") or ""),
            key=f"b_budget_{suffix}",
            placeholder="2175.9657",
            help=T.BRIEF_BUDGET_HELP,
        )
        fields["executed"] = b.text_input(
            T.BRIEF_EXECUTED,
            str(saved.get("executed") or ""),
            key=f"b_executed_{suffix}",
            help=T.BRIEF_EXECUTED_HELP,
        )
    fields["description"] = st.text_area(
        T.BRIEF_DESCRIPTION,
        saved.get("description", ""),
        key=f"b_description_{suffix}",
        placeholder=T.BRIEF_DESCRIPTION_PLACEHOLDER,
        help=T.BRIEF_DESCRIPTION_HELP,
    )
    fields["project_type"] = _sector_box(saved, fields, suffix)
    with st.expander(T.BRIEF_MORE, expanded=bool(saved.get("spending") or saved.get("quantities"))):
        st.caption(T.BRIEF_SPENDING_HELP)
        base = state.editor_base(f"b_spending_{suffix}", saved.get("spending") or [])
        spending = pd.DataFrame(base, columns=["item", "amount"])
        fields["spending"] = _records(
            st.data_editor(
                spending,
                num_rows="dynamic",
                placeholder="",
                key=f"b_spending_{suffix}",
                hide_index=True,
                column_config={
                    "item": st.column_config.TextColumn(T.BRIEF_SPENDING_ITEM, width="large"),
                    "amount": st.column_config.NumberColumn(T.BRIEF_SPENDING_AMOUNT, min_value=0),
                },
            )
        )
        st.caption(T.BRIEF_QUANTITIES_HELP)
        base = state.editor_base(f"b_quantities_{suffix}", saved.get("quantities") or [])
        quantities = pd.DataFrame(base, columns=["name", "value", "unit"])
        fields["quantities"] = _records(
            st.data_editor(
                quantities,
                num_rows="dynamic",
                placeholder="",
                key=f"b_quantities_{suffix}",
                hide_index=True,
                column_config={
                    "name": st.column_config.TextColumn(T.BRIEF_QUANTITY_NAME),
                    "value": st.column_config.NumberColumn(T.BRIEF_QUANTITY_VALUE, min_value=0),
                    "unit": st.column_config.TextColumn(T.BRIEF_QUANTITY_UNIT),
                },
            )
        )
    draft["brief"] = fields
    return fields


def _sector_box(saved: dict[str, Any], fields: dict[str, Any], suffix: str) -> str | None:
    """项目领域, preset to what the name and description say (the 自动判断 option names it); the
    user picks another family when the detection is wrong."""
    families = sectors()
    items = [str(line.get("item") or "") for line in saved.get("spending") or [] if isinstance(line, dict)]
    text = brief_text(str(fields.get("project") or ""), str(fields.get("description") or ""), items)
    detected, ranked = choose(text)
    confidence = next((m.confidence for m in ranked if m.sector.key == detected.key), 0.0)
    auto = (
        T.BRIEF_TYPE_GENERAL
        if detected.general
        else T.BRIEF_TYPE_AUTO.format(title=detected.title, confidence=confidence)
    )
    options: list[str | None] = [None, *families]
    current = saved.get("project_type") if saved.get("project_type") in families else None
    return st.selectbox(
        T.BRIEF_TYPE,
        options,
        options.index(current),
        key=f"b_type_{suffix}",
        help=T.BRIEF_TYPE_HELP,
        format_func=lambda key: auto if key is None else f"{families[key].title}（{key}）",
    )
