"""Feedback that teaches: one line of why for each wrong or extra choice with its card, the slips
of a compute answer, and plain-text marks (no symbol a terminal or an office PC may lack).

The words are data (data/learn/feedback.yaml); whether an answer is right is never decided here.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..findings import Finding
from ..scoring import execution_rate
from ..values import format_percent, round2

# The marks judging.py puts at the start of a line, shown as text.
SYMBOLS = {"✓": "right", "✗": "wrong"}


@cache
def feedback_data() -> dict[str, Any]:
    path = resources.files("assistant") / "data" / "learn" / "feedback.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def card_ref(code: str) -> str:
    return feedback_data()["card"].format(code=code)


def why_not(code: str) -> str:
    """Why the row does not have `code` (an extra choice)."""
    data = feedback_data()
    return data["why_not"].get(code, data["default_why_not"])


def why_missed(code: str, findings: list[Finding]) -> str:
    """Why the row has `code` (a missed choice): the check's own words on this row."""
    message = next((f.message for f in findings if f.code == code or code in f.tags), "")
    return message or why_not(code)


def plain_marks(line: str) -> str:
    """ "✓ …" / "✗ …" → "[对] …" / "[错] …"."""
    marks = feedback_data()["marks"]
    for symbol, name in SYMBOLS.items():
        if line.startswith(symbol):
            return marks[name] + line.removeprefix(symbol)
    return line


def two_decimals(value: Decimal) -> str:
    """A score as the answer key writes it: always two decimals ("9.80", not "9.8")."""
    return f"{round2(value):.2f}"


def compute_slips(
    given_rate: Decimal | None,
    given_score: Decimal | None,
    rate: Decimal,
    score: Decimal,
    weight: Decimal,
    budgets: tuple[Decimal | None, Decimal | None, Decimal | None],
) -> list[str]:
    """Hints for the usual slips of a compute answer (rate wrong, score wrong, or both)."""
    slips = feedback_data()["slips"]
    initial, budget, executed = budgets
    hints = []
    if given_rate is not None and round2(given_rate) != round2(rate):
        wrong_base = execution_rate(initial, executed) if initial and initial != budget else None
        if wrong_base is not None and round2(given_rate) == round2(wrong_base):
            hints.append(slips["initial_budget"])
        elif given_rate <= Decimal("1.5") and round2(given_rate * 100) == round2(rate):
            hints.append(slips["fraction"].format(given=given_rate, rate=format_percent(rate)))
    if given_score is not None and round2(given_score) != score:
        if rate > 100 and given_score > weight:
            hints.append(slips["over_cap"])
            return hints
        floored = given_score == given_score.to_integral_value() and abs(given_score - score) < 1
        short = given_score.as_tuple().exponent == -1 and abs(given_score - score) < Decimal("0.1")
        if floored or short:
            hints.append(slips["one_decimal"].format(expected=two_decimals(score)))
    return hints
