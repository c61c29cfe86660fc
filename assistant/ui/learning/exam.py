"""学习 · 练习 · 结业测试: the paper `jixiao learn exam --seed N` gives, answered in the browser.

The trainer enters the seed and the trainee's name; the paper, the judging and the result are the
library's (assistant.learn.exam), the same as in the terminal, so one seed is one paper in both. At
the end (or when the trainee hands in early) the result is shown and offered as a Word file.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ...learn.exam import (
    POINTS,
    QUESTIONS,
    ExamResult,
    Paper,
    basic_result,
    build_paper,
    complete,
    level_result,
)
from ...learn.exam_docx import render_result_docx
from ...learn.exam_record import ExamRecorder
from ...learn.levels import WholeItem
from ...rules import RuleSet
from .. import texts as T
from .. import texts_learn as TL
from ..exports import file_stem
from .cards import plain
from .exercise import answer_inputs, funds_table, row_table
from .levels import review_inputs, whole_inputs

S_EXAM = "learn_exam"
KEY_SEED = "learn_exam_seed"
KEY_NAME = "learn_exam_name"


def _start(rules: RuleSet) -> None:
    seed_text = str(st.session_state.get(KEY_SEED, "")).strip()
    name = str(st.session_state.get(KEY_NAME, "")).strip()
    if not (seed_text.isdigit() and name):
        st.error(TL.LEARN_EXAM_NEEDS)
        return
    number = st.session_state.get(S_EXAM, {}).get("number", 0) + 1
    paper = build_paper(int(seed_text), rules)
    st.session_state[S_EXAM] = {
        "number": number,  # widget keys derive from it: a new paper starts with empty inputs
        "paper": paper,
        "kept": ExamRecorder(paper, name, "exam-app"),
        "name": name,
        "results": [],
        "result": None,
    }


def _question(state: dict[str, Any], rules: RuleSet) -> None:
    """The next unanswered question; its result is kept once submitted."""
    paper: Paper = state["paper"]
    results = state["results"]
    index = len(results)
    level, title = QUESTIONS[index]
    prefix = f"learn_exam{state['number']}_q{index}"
    if index < len(paper.basics):
        exercise = paper.basics[index]
        title = exercise.title
    st.subheader(TL.LEARN_EXAM_QUESTION.format(n=index + 1, count=len(QUESTIONS), level=level, title=title))
    if index < len(paper.basics):
        st.caption(T.LEARN_ROUND_SOURCE.format(source=exercise.source))
        (funds_table if exercise.kind == "compute" else row_table)(exercise)
        st.markdown(exercise.instruction)
        judgement = answer_inputs(exercise, prefix, rules)
        done = None if judgement is None else basic_result(index + 1, exercise, judgement)
        if judgement is not None:
            state["kept"].basic(exercise, judgement)
    else:
        item = paper.whole if index == len(paper.basics) else paper.review
        parts = whole_inputs(item, prefix) if isinstance(item, WholeItem) else review_inputs(item, prefix)
        done = None if parts is None else level_result(index + 1, parts)
        if parts is not None:
            state["kept"].parts(item, parts)
    if done is not None:
        results.append(done)
        if len(results) == len(QUESTIONS):
            _finish(state, paper)
        st.rerun()


def _finish(state: dict[str, Any], paper: Paper) -> None:
    state["result"] = complete(state["name"], paper.seed, paper.rules, state["results"])
    state["kept"].result(state["result"])


def _show_result(result: ExamResult) -> None:
    done = TL.LEARN_EXAM_DONE.format(total=f"{result.total:.2f}", full=f"{result.full:.0f}")
    (st.success if result.passed else st.error)(done + "\n\n" + result.verdict_line())
    rows = [[q.number, q.level, q.title, f"{q.score:.2f}"] for q in result.questions]
    st.dataframe(pd.DataFrame(rows, columns=list(TL.LEARN_EXAM_COLUMNS)), hide_index=True)
    notes = [f"- 第 {q.number} 题：{plain(note)}" for q in result.questions for note in q.notes]
    if notes:
        st.markdown(f"**{TL.LEARN_EXAM_NOTES}**\n\n" + "\n".join(notes))
    name = TL.LEARN_EXAM_FILE.format(name=file_stem(result.name, "学员"), seed=result.seed)
    st.download_button(
        TL.LEARN_EXAM_DOWNLOAD,
        render_result_docx(result),
        file_name=name,
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="learn_exam_docx",
    )


def render(rules: RuleSet, trainee: str = "") -> None:
    st.caption(TL.LEARN_EXAM_INTRO.format(count=len(QUESTIONS), points=f"{POINTS:.0f}"))
    if KEY_NAME not in st.session_state:
        st.session_state[KEY_NAME] = trainee  # the name given above, until the trainer changes it
    seed, name, button = st.columns([1, 2, 1], vertical_alignment="bottom")
    seed.text_input(TL.LEARN_EXAM_SEED, key=KEY_SEED)
    name.text_input(TL.LEARN_EXAM_NAME, key=KEY_NAME)
    if button.button(TL.LEARN_EXAM_START, key="learn_exam_start", type="primary"):
        _start(rules)
    state = st.session_state.get(S_EXAM)
    if state is None:
        return
    paper: Paper = state["paper"]
    st.markdown(TL.LEARN_EXAM_HEAD.format(name=plain(state["name"]), seed=paper.seed))
    if state["kept"].warning:
        st.warning(T.LEARN_PROGRESS_FAILED.format(reason=state["kept"].warning))
    if state["result"] is not None:
        _show_result(state["result"])
        return
    if state["results"]:
        last = state["results"][-1]
        st.info(TL.LEARN_EXAM_LAST.format(n=last.number, score=f"{last.score:.2f}", points=f"{POINTS:.0f}"))
    _question(state, rules)
    if st.button(TL.LEARN_EXAM_HAND_IN, key=f"learn_exam{state['number']}_hand_in"):
        _finish(state, paper)
        st.rerun()
