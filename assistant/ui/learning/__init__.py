"""The learning module of the 学习 page: rule cards, worked examples, exercise rounds.

The page (assistant/ui/pages/learn.py) is `render()` here, guarded. The lessons are the library's
(assistant.learn); every verdict on screen comes from the same checks and scoring that judge real
forms. One module per tab: cards.py, examples.py, exercise.py (练习, 学习记录); levels.py (进阶,
综合) and exam.py (结业测试) inside 练习.
"""

from __future__ import annotations

import streamlit as st

from .. import components, state
from .. import texts as T
from .. import texts_learn as TL
from . import cards, exam, examples, exercise, levels


def render() -> None:
    rules = state.rules()
    components.sidebar_status(rules)
    st.title(T.LEARN_PAGE_TITLE)
    st.write(T.LEARN_PAGE_INTRO)
    tab_cards, tab_examples, tab_exercise, tab_progress = st.tabs(list(T.LEARN_TABS))
    with tab_cards:
        cards.render(rules)
    with tab_examples:
        examples.render(rules.name)
    with tab_exercise:
        trainee = exercise.trainee_input()
        level = st.radio(
            TL.LEARN_LEVEL,
            list(TL.LEARN_LEVELS),
            format_func=TL.LEARN_LEVELS.get,
            horizontal=True,
            key="learn_level",
        )
        if level == "入门":
            exercise.render_round(rules)
        elif level == TL.LEARN_EXAM_LEVEL:
            exam.render(rules, trainee)
        else:
            levels.render(level, rules.name, trainee)
    with tab_progress:
        exercise.render_progress()
