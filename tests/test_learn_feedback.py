"""Feedback that teaches: the usual slips of a compute answer get a hint, scores are shown with two
decimals, and the terminal shows text marks, not symbols a console may lack."""

from __future__ import annotations

from assistant.learn.exercises import Exercise, FundsCase
from assistant.learn.judging import judge_compute
from assistant.learn.render_exercise import render_judgement
from assistant.rules import load_rule_set

RULES = load_rule_set()


def _compute(initial: str, budget: str, executed: str) -> Exercise:
    case = FundsCase(initial_budget=initial, full_year_budget=budget, executed=executed, weight="10")
    return Exercise(id="t", kind="compute", source="t", funds=case)


def test_a_fraction_for_a_percentage_gets_a_hint() -> None:
    judged = judge_compute(_compute("1200", "1200", "1173.72"), "0.9781", "9.78", RULES)
    assert not judged.correct
    assert any("写成百分数：97.81%" in line for line in judged.lines)


def test_the_initial_budget_for_the_full_year_budget_gets_a_hint() -> None:
    exercise = _compute("1000", "1200", "900")  # 900/1000 = 90.00% (wrong base), 900/1200 = 75.00%
    judged = judge_compute(exercise, "90%", "7.5", RULES)
    assert any("年初预算数" in line for line in judged.lines)


def test_a_floored_score_gets_a_hint_and_the_key_shows_two_decimals() -> None:
    judged = judge_compute(_compute("1200", "1200", "1173.72"), "97.81%", "9", RULES)
    assert any("9.78" in line and "不要只写一位或取整" in line for line in judged.lines)
    short = judge_compute(_compute("160", "160", "156.8"), "98%", "9.8", RULES)  # 9.80 written 9.8: right
    assert short.correct
    assert any("= 9.80" in line for line in short.lines)  # the key written with two decimals


def test_the_terminal_shows_text_marks() -> None:
    judged = judge_compute(_compute("1200", "1200", "1173.72"), "97.81%", "9", RULES)
    text = render_judgement(judged)
    assert "[答错]" in text and "[对] 执行率" in text and "[错] 得分" in text
    assert not set(text) & set("✓✗✔✘⚠")
