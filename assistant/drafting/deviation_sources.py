"""Where a drafted deviation explanation takes its cause and measure from, besides the user's own
causes: the form's own explanation (a box below the table, 其他需要说明事项, or a sentence of the
年度总体目标 实际完成情况 that gives a cause), split per row; and which cause is about which row,
matched by meaning words (data/deviation_words.yaml), not exact phrases.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from ..checks.explanations import is_real_explanation, names_row
from ..form import Form, Indicator
from ..lexicon import load_lexicon
from ..values import compact, normalize

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE = re.compile(r"[，,、]")


class DeviationWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    meaning_groups: list[list[str]]
    measure_words: list[str]
    instruction_words: list[str]


@cache
def deviation_words() -> DeviationWords:
    path = resources.files("assistant").joinpath("data", "deviation_words.yaml")
    return DeviationWords.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _groups(text: str) -> set[int]:
    text = compact(normalize(text))
    return {k for k, group in enumerate(deviation_words().meaning_groups) if any(w in text for w in group)}


FUNDS_GROUP = 0  # the first meaning group is the money's


def meaning_score(about: str, text: str) -> int:
    """How many meaning groups `about` shares with `text` (0: not about it)."""
    return len(_groups(about) & _groups(text))


def row_words(row: Indicator) -> str:
    return f"{row.name} {row.category2} {row.label}"


def about_funds(text: str) -> bool:
    return FUNDS_GROUP in _groups(text)


def _sentences(form: Form) -> list[str]:
    """Sentences of the form's own explanation that give a cause: the boxes and 其他需要说明事项
    (when they are a real explanation), and sentences of the goal's 实际完成情况 with a cause word."""
    lexicon = load_lexicon()
    boxes = [
        text for text in [*form.form_explanations, form.other_notes] if is_real_explanation(text, lexicon)
    ]
    found = [s.strip() for text in boxes for s in _SENTENCE.findall(normalize(text)) if s.strip()]
    for sentence in _SENTENCE.findall(normalize(form.goal.actual)):
        if any(word in sentence for word in lexicon.cause_words):
            found.append(sentence.strip())
    return [s for s in found if is_real_explanation(s, lexicon)]


def sentences_for_row(form: Form, index: int) -> list[str]:
    """The form's own sentences about row `index`: those that name it; else those that share its
    meaning words and name no other row; else the general ones (naming no row, not about money)."""
    sentences = _sentences(form)
    named = [s for s in sentences if names_row(s, form, index)]
    if named:
        return named
    others = [k for k in range(len(form.indicators)) if k != index]
    free = [s for s in sentences if not any(names_row(s, form, k) for k in others)]
    words = row_words(form.indicators[index])
    meant = [s for s in free if (_groups(words) & _groups(s)) - {FUNDS_GROUP}]
    return meant or [s for s in free if not _groups(s) - _groups(words) and not about_funds(s)]


def sentences_for_funds(form: Form) -> list[str]:
    """The form's own sentences about the money (结余, 执行率, 资金…)."""
    return [s for s in _sentences(form) if about_funds(s)]


def instruction_in(text: str) -> str:
    """The first instruction to the drafter the text holds ("请写明"), "" when none."""
    return next((word for word in deviation_words().instruction_words if word in text), "")


def split_cause(sentences: list[str]) -> tuple[str, str]:
    """(cause, measure) from the form's sentences: a clause that begins with a measure word
    ("下年加强…") starts the measure; "" where the text has none."""
    causes, measures = [], []
    for sentence in sentences:
        clauses = [c.strip() for c in _CLAUSE.split(sentence) if c.strip()]
        cut = next(
            (k for k, c in enumerate(clauses) if k and c.startswith(tuple(deviation_words().measure_words))),
            len(clauses),
        )
        if clauses[:cut]:
            causes.append("，".join(clauses[:cut]))
        if clauses[cut:]:
            measures.append("，".join(clauses[cut:]))
    return "；".join(causes), "；".join(measures)
