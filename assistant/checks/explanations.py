"""Where a deviation is explained (docs/rules.md §4): the row's own 偏差原因 cell, the form-level boxes
(偏差大或目标未完成原因分析, 改进措施及结果应用方案, 其他需要说明事项, a merged 偏差原因 row) and the
年度总体目标 实际完成情况."""

from __future__ import annotations

import re

from ..form import Form, Indicator
from ..lexicon import Lexicon, has_word
from ..values import bare_name, compact, normalize

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_PART = 4  # a distinctive part of a name: four characters no other row's name shares


def is_real_explanation(text: str, lexicon: Lexicon) -> bool:
    """ "无", "/", "已完成" say nothing; an explanation names a cause or measure, or gives a number.
    Template text and a placeholder ("【待填：…】", left by a draft for the user) do not count."""
    bare = compact(text).strip("。.；;，,")
    if lexicon.is_placeholder(bare) or has_word(lexicon.template_words, bare):
        return False
    if not bare or bare in lexicon.empty_explanations or len(bare) < 4:
        return False
    return any(map(str.isdigit, bare)) or has_word(lexicon.explanation_words, bare)


def _names(text: str, row: Indicator, others: list[str]) -> bool:
    """The text names the row: its 二级指标, or its name or a part of the name no other row shares."""
    text = compact(normalize(text))
    if row.category2 and row.category2 in text:
        return True
    name = bare_name(row.name)
    if len(name) < 2:
        return False
    size = min(_PART, len(name))
    parts = {name[i : i + size] for i in range(len(name) - size + 1)}
    return any(part in text and not any(part in other for other in others) for part in parts)


def names_row(text: str, form: Form, index: int) -> bool:
    """Does `text` name row `index` (its 二级指标, or a part of its name no other row shares)?"""
    others = [bare_name(i.name) for k, i in enumerate(form.indicators) if k != index]
    return _names(text, form.indicators[index], others)


def _with_cause(sentence: str, lexicon: Lexicon) -> bool:
    return has_word(lexicon.cause_words, sentence)


def row_explained(form: Form, index: int, lexicon: Lexicon) -> bool:
    """The row's own cell explains it, or form-level text names it (the goal's text with a cause)."""
    row = form.indicators[index]
    if is_real_explanation(row.deviation, lexicon):
        return True
    others = [bare_name(i.name) for k, i in enumerate(form.indicators) if k != index]
    boxes = [*form.form_explanations, form.other_notes]
    if any(is_real_explanation(box, lexicon) and _names(box, row, others) for box in boxes):
        return True
    return any(
        _names(sentence, row, others) and _with_cause(sentence, lexicon)
        for sentence in _SENTENCE_END.split(form.goal.actual)
    )


def funds_explained(form: Form, lexicon: Lexicon) -> bool:
    """Some text speaks of the money (结余, 未支付, 执行率, 资金…) and gives a cause or a number;
    a sentence of the goal's text must give a cause."""

    def speaks_of_funds(text: str) -> bool:
        return has_word(lexicon.funds_explanation_words, text)

    texts = [i.deviation for i in form.indicators] + [*form.form_explanations, form.other_notes]
    if any(speaks_of_funds(text) and is_real_explanation(text, lexicon) for text in texts):
        return True
    return any(
        speaks_of_funds(sentence) and _with_cause(sentence, lexicon)
        for sentence in _SENTENCE_END.split(form.goal.actual)
    )
