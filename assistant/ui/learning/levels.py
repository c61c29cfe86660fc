"""学习 · 练习, the 进阶 and 综合 levels: a whole form from the case library.

进阶: compute the blank figures of a form; 综合: pick every problem of a form as found and write a
short 审核意见. Judged part by part by assistant.learn.levels (the keys the tests hold against the
scoring and the checks); every submitted answer is kept in learn.sqlite per skill and per code, under
the trainee's name. The answer widgets serve the 结业测试 too (exam.py).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...form import Form
from ...learn.cases import case_by_key
from ...learn.exam import POINTS, share
from ...learn.levels import (
    Part,
    ReviewItem,
    WholeItem,
    blank_form,
    judge_review,
    judge_whole,
    level_data,
    review_form,
    review_options,
)
from ...learn.progress import Progress, ProgressError
from ...values import one_line
from ...vocabulary import GRADES
from .. import texts as T
from .. import texts_learn as TL

S_ROUNDS = "learn_level_rounds"  # level and trainee → the round their answers go in


def _form_table(form: Form, hidden: set[str]) -> None:
    total = form.funds.total
    funds = [
        total.full_year_budget.text,
        total.executed.text,
        total.weight.text,
        TL.LEARN_TO_COMPUTE if "rate" in hidden else total.rate.text,
        TL.LEARN_TO_COMPUTE if "funds" in hidden else total.score.text,
    ]
    columns = [
        T.FUNDS_COLUMNS[2],
        T.FUNDS_COLUMNS[3],
        T.FUNDS_COLUMNS[4],
        T.FUNDS_COLUMNS[5],
        T.FUNDS_COLUMNS[6],
    ]
    st.table(pd.DataFrame([funds], columns=columns, index=[T.LEARN_FUNDS_CASE.format(unit=form.money_unit)]))
    rows = [
        [
            index,
            row.category2,
            one_line(row.name) or one_line(row.label),
            one_line(row.target.display),
            one_line(row.actual.text),
            row.weight.text,
            TL.LEARN_TO_COMPUTE if f"row {index}" in hidden else row.score.text,
        ]
        for index, row in enumerate(form.indicators, 1)
    ]
    columns = [T.COL_ROW, T.COL_LEVEL2, T.COL_NAME, T.COL_TARGET, T.COL_ACTUAL, T.COL_WEIGHT, T.COL_SCORE]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True)


def show_parts(parts: list[Part]) -> None:
    right = all(p.right for p in parts)
    summary = TL.LEARN_LEVEL_SCORE.format(
        score=f"{share(parts):.2f}", points=f"{POINTS:.0f}", right=sum(p.right for p in parts), n=len(parts)
    )
    (st.success if right else st.error)(summary)
    rows = [
        [p.label, p.key or TL.LEARN_NOT_THIS, one_line(p.answer)[:40], TL.LEARN_PART_MARKS[p.right]]
        for p in parts
    ]
    st.dataframe(pd.DataFrame(rows, columns=list(TL.LEARN_PART_COLUMNS)), hide_index=True)


def whole_inputs(item: WholeItem, prefix: str) -> list[Part] | None:
    """The form with its blanks and the answer widgets; the judged parts once submitted."""
    asked = {"rate", "funds", "total", *(f"row {row}" for row in item.key.scores)}
    _form_table(blank_form(item), asked)
    st.markdown(TL.LEARN_WHOLE_INSTRUCTION)
    answers = {"rate": st.text_input(T.LEARN_RATE, key=f"{prefix}_rate")}
    answers["funds"] = st.text_input(T.LEARN_SCORE, key=f"{prefix}_funds")
    columns = st.columns(4)
    for n, row in enumerate(item.key.scores):
        label = TL.LEARN_ROW_SCORE.format(row=row)
        answers[f"row {row}"] = columns[n % 4].text_input(label, key=f"{prefix}_row{row}")
    answers["total"] = st.text_input(TL.LEARN_TOTAL, key=f"{prefix}_total")
    answers["grade"] = st.selectbox(TL.LEARN_GRADE, ["", *GRADES], key=f"{prefix}_grade")
    if st.button(T.LEARN_SUBMIT, key=f"{prefix}_submit", type="primary"):
        return judge_whole(item, answers)
    return None


def review_inputs(item: ReviewItem, prefix: str) -> list[Part] | None:
    """The form as found, the codes to pick and the opinion; the judged parts once submitted."""
    _form_table(review_form(item), set())
    st.markdown(TL.LEARN_REVIEW_INSTRUCTION)
    chosen = st.multiselect(TL.LEARN_REVIEW_CODES, review_options(item), key=f"{prefix}_codes")
    opinion = st.text_area(TL.LEARN_REVIEW_OPINION, key=f"{prefix}_opinion")
    if st.button(T.LEARN_SUBMIT, key=f"{prefix}_submit", type="primary"):
        return judge_review(item, chosen, opinion)
    return None


def _record(level: str, item: WholeItem | ReviewItem, parts: list[Part], rules: str, trainee: str) -> None:
    """One submitted answer into learn.sqlite; the first of a level in this session opens its round."""
    rounds: dict[str, int] = st.session_state.setdefault(S_ROUNDS, {})
    try:
        progress = Progress()
        key = f"{level}:{trainee}"
        if key not in rounds:
            rounds[key] = progress.start_round(0, rules, len(_items(level)), "app", trainee)
        progress.record_parts(rounds[key], item, parts)
    except ProgressError as exc:
        st.warning(T.LEARN_PROGRESS_FAILED.format(reason=exc))


def _items(level: str) -> list[WholeItem] | list[ReviewItem]:
    data = level_data()
    return data.advanced if level == "进阶" else data.comprehensive


def render(level: str, rules: str = "", trainee: str = "") -> None:
    items = _items(level)
    titles = {item.case: case_by_key(item.case).title for item in items}
    key = st.selectbox(TL.LEARN_PICK_FORM, list(titles), format_func=titles.get, key=f"learn_level_{level}")
    item = next(i for i in items if i.case == key)
    prefix = f"learn_{'whole' if level == '进阶' else 'review'}_{key}"
    parts = whole_inputs(item, prefix) if isinstance(item, WholeItem) else review_inputs(item, prefix)
    if parts is not None:
        _record(level, item, parts, rules, trainee)
        show_parts(parts)
