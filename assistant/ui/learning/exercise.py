"""学习 · 练习 and 学习记录: an exercise round in the browser, judged by the same checks and scoring
that judge real forms; every answer is kept in the workspace (learn.sqlite)."""

from __future__ import annotations

import secrets
from typing import Any

import pandas as pd
import streamlit as st

from ...findings import code_catalogue
from ...learn.exercises import Exercise, generate_round, round_size
from ...learn.feedback import plain_marks
from ...learn.judging import Judgement, judge_choose, judge_compute, judge_rewrite
from ...learn.mastery import export_cohort, focus_codes, mastery, skill_mastery
from ...learn.progress import KIND_TITLES, Progress, ProgressError
from ...rules import RuleSet
from ...values import one_line
from .. import texts as T
from .. import texts_learn as TL
from .cards import finding_lines, plain

S_ROUND = "learn_round"
KEY_COUNT = "learn_count"
KEY_SEED = "learn_seed"
KEY_NAME = "learn_name"


def _start(rules: RuleSet, count: int, seed_text: str) -> None:
    seed = int(seed_text) if seed_text.strip().isdigit() else secrets.randbelow(1_000_000)
    number = st.session_state.get(S_ROUND, {}).get("number", 0) + 1
    trainee = str(st.session_state.get(KEY_NAME, "")).strip()
    round_id, warning, focus = None, "", []
    try:
        focus = focus_codes(Progress(), trainee)
        round_id = Progress().start_round(seed, rules.name, count, "app", trainee)
    except ProgressError as exc:
        warning = str(exc)
    st.session_state[S_ROUND] = {
        "number": number,  # widget keys derive from it, so a new round starts with empty inputs
        "seed": seed,
        "round_id": round_id,
        "exercises": generate_round(rules, seed, count, focus=focus),
        "focus": focus,
        "judgements": [None] * count,
        "index": 0,
        "warning": warning,
    }


def row_table(exercise: Exercise) -> None:
    assert exercise.form is not None and exercise.row is not None
    row = exercise.form.indicators[exercise.row]
    values = [
        row.category1,
        row.category2,
        one_line(row.name) or one_line(row.label),
        one_line(row.target.display),
        one_line(row.actual.text),
        row.weight.text.strip(),
        row.score.text.strip(),
        one_line(row.deviation),
    ]
    columns = [T.COL_LEVEL1, T.COL_LEVEL2, T.COL_NAME, T.COL_TARGET, T.COL_ACTUAL]
    columns += [T.COL_WEIGHT, T.COL_SCORE, T.COL_DEVIATION]
    st.table(pd.DataFrame([[v or T.EMPTY_CELL for v in values]], columns=columns))


def funds_table(exercise: Exercise) -> None:
    case = exercise.funds
    assert case is not None
    columns = list(T.FUNDS_COLUMNS[1:5])  # 年初预算数 全年预算数 全年执行数 分值
    values = [case.initial_budget or T.EMPTY_CELL, case.full_year_budget, case.executed, case.weight]
    st.table(pd.DataFrame([values], columns=columns, index=[T.LEARN_FUNDS_CASE.format(unit=case.money_unit)]))


def answer_inputs(exercise: Exercise, prefix: str, rules: RuleSet) -> Judgement | None:
    """The answer widgets; the judgement when the trainee submits."""
    catalogue = code_catalogue()
    if exercise.kind == "choose":
        st.caption(T.LEARN_NO_PROBLEM_HINT)
        picked = [
            code
            for code in exercise.options
            if st.checkbox(f"{code}　{catalogue[code].title}", key=f"{prefix}_opt_{code}")
        ]
        if st.button(T.LEARN_SUBMIT, key=f"{prefix}_submit", type="primary"):
            return judge_choose(exercise, picked, rules)
    elif exercise.kind == "rewrite":
        text = st.text_input(T.LEARN_NEW_TARGET, key=f"{prefix}_text")
        if st.button(T.LEARN_SUBMIT, key=f"{prefix}_submit", type="primary"):
            return judge_rewrite(exercise, text, rules)
    else:
        rate = st.text_input(T.LEARN_RATE, key=f"{prefix}_rate")
        score = st.text_input(T.LEARN_SCORE, key=f"{prefix}_score")
        if st.button(T.LEARN_SUBMIT, key=f"{prefix}_submit", type="primary"):
            return judge_compute(exercise, rate, score, rules)
    return None


def _record(state: dict[str, Any], exercise: Exercise, judgement: Judgement) -> None:
    if state["round_id"] is None:
        return
    try:
        Progress().record_judgement(state["round_id"], exercise, judgement)
    except ProgressError as exc:
        state["warning"] = str(exc)


def show_judgement(judgement: Judgement) -> None:
    lines = "\n".join(f"- {plain(plain_marks(line))}" for line in judgement.lines)
    text = judgement.summary + "\n\n" + lines
    (st.success if judgement.correct else st.error)(text)
    if judgement.findings and not judgement.correct:
        st.markdown(f"**{T.LEARN_CHECK_FINDINGS}**\n\n" + finding_lines(judgement.findings))
    if judgement.reference:
        st.info(T.LEARN_REFERENCE.format(text=plain(judgement.reference)))


def trainee_input() -> str:
    """The trainee's name, above every level (answers are recorded under it)."""
    return str(st.text_input(TL.LEARN_TRAINEE, key=KEY_NAME)).strip()


def render_round(rules: RuleSet) -> None:
    left, right, button = st.columns([1, 2, 1], vertical_alignment="bottom")
    size = round_size()
    count = left.number_input(
        T.LEARN_ROUND_COUNT,
        min_value=size["min"],
        max_value=size["max"],
        value=size["default"],
        key=KEY_COUNT,
    )
    seed_text = right.text_input(T.LEARN_ROUND_SEED, key=KEY_SEED)
    if button.button(T.LEARN_ROUND_START, key="learn_start", type="primary"):
        _start(rules, int(count), seed_text)
    state = st.session_state.get(S_ROUND)
    if state is None:
        st.info(T.LEARN_ROUND_EMPTY)
        return
    if state["warning"]:
        st.warning(T.LEARN_PROGRESS_FAILED.format(reason=state["warning"]))
    if state.get("focus"):
        st.caption(TL.LEARN_FOCUS.format(codes="、".join(state["focus"])))
    exercises: list[Exercise] = state["exercises"]
    judgements: list[Judgement | None] = state["judgements"]
    done = [j for j in judgements if j is not None]
    correct = sum(j.correct for j in done)
    st.caption(T.LEARN_ROUND_SCORE.format(correct=correct, answered=len(done), count=len(exercises)))
    index = state["index"]
    if index >= len(exercises):
        st.success(T.LEARN_ROUND_DONE.format(correct=correct, count=len(exercises)))
        return
    exercise = exercises[index]
    st.subheader(T.LEARN_ROUND_HEADER.format(n=index + 1, count=len(exercises), title=exercise.title))
    st.caption(T.LEARN_ROUND_SOURCE.format(source=exercise.source))
    (funds_table if exercise.kind == "compute" else row_table)(exercise)
    st.markdown(exercise.instruction)
    prefix = f"learn_r{state['number']}_q{index}"
    judgement = judgements[index]
    if judgement is None:
        judgement = answer_inputs(exercise, prefix, rules)
        if judgement is None:
            _navigation(state, index, prefix, answered=False)
            return
        judgements[index] = judgement
        _record(state, exercise, judgement)
        st.rerun()
    show_judgement(judgement)
    _navigation(state, index, prefix, answered=True)


def _navigation(state: dict[str, Any], index: int, prefix: str, answered: bool) -> None:
    """上一题 back to an answered question (shown with its verdict), 下一题 forward once answered."""
    last = index + 1 == len(state["exercises"])
    back, forward = st.columns(2)
    if index > 0 and back.button(T.LEARN_PREVIOUS, key=f"{prefix}_back"):
        state["index"] = index - 1
        st.rerun()
    if answered and forward.button(T.LEARN_FINISH if last else T.LEARN_NEXT, key=f"{prefix}_next"):
        state["index"] = index + 1
        st.rerun()


def render_progress() -> None:
    trainee = str(st.session_state.get(KEY_NAME, "")).strip() or None
    try:
        summary = Progress().summary(trainee=trainee)
        codes = mastery(Progress(), trainee)
        skills = skill_mastery(Progress(), trainee)
        exams = Progress().exams(trainee)
    except ProgressError as exc:
        st.error(str(exc))
        return
    if trainee:
        st.caption(TL.LEARN_PROGRESS_OF.format(name=trainee))
    if not summary.answered:
        st.info(T.LEARN_PROGRESS_EMPTY)
        return
    st.markdown(
        T.LEARN_PROGRESS_TOTAL.format(
            rounds=summary.rounds, answered=summary.answered, correct=summary.correct
        )
    )
    st.markdown(f"**{T.LEARN_PROGRESS_KINDS}**")
    kinds = [[KIND_TITLES.get(k.kind, k.kind), k.answered, k.correct] for k in summary.by_kind]
    st.table(pd.DataFrame(kinds, columns=list(T.LEARN_PROGRESS_COLUMNS)))
    if summary.weak_codes:
        catalogue = code_catalogue()
        st.markdown(f"**{T.LEARN_PROGRESS_WEAK}**")
        st.markdown(
            "\n".join(
                f"- `{code}` {catalogue[code].title if code in catalogue else ''}：{n}"
                for code, n in summary.weak_codes
            )
        )
    st.markdown(f"**{T.LEARN_PROGRESS_RECENT}**")
    recent = [[r.started.replace("T", " "), r.answered, r.correct] for r in summary.recent]
    st.table(pd.DataFrame(recent, columns=list(T.LEARN_RECENT_COLUMNS)))
    if codes:
        st.markdown(f"**{TL.LEARN_MASTERY}**")
        rows = [[c.code, c.seen, c.right, f"{c.share:.0%}"] for c in codes]
        st.dataframe(pd.DataFrame(rows, columns=list(TL.LEARN_MASTERY_COLUMNS)), hide_index=True)
    if skills:
        st.markdown(f"**{TL.LEARN_SKILLS}**")
        rows = [[s.title, s.seen, s.right, f"{s.share:.0%}"] for s in skills]
        st.dataframe(pd.DataFrame(rows, columns=list(TL.LEARN_SKILL_COLUMNS)), hide_index=True)
    if exams:
        st.markdown(f"**{TL.LEARN_EXAMS}**")
        rows = [
            [e.time[:10], e.trainee, e.seed, f"{e.total:.2f}", TL.LEARN_EXAM_PASSED[e.passed]] for e in exams
        ]
        st.dataframe(pd.DataFrame(rows, columns=list(TL.LEARN_EXAM_RECORD_COLUMNS)), hide_index=True)
    st.download_button(
        TL.LEARN_COHORT_EXPORT, _cohort_bytes(), file_name=TL.LEARN_COHORT_FILE, key="learn_cohort"
    )


def _cohort_bytes() -> bytes:
    """The cohort workbook for the trainer (every trainee, every code)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "cohort.xlsx"
        export_cohort(Progress(), target)
        return target.read_bytes()
