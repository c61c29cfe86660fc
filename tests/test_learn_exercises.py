"""Exercises: reproducible rounds, and answers judged by the checks and the scoring themselves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.checks import run_checks
from assistant.checks.category import category_findings
from assistant.commands.learn_terminal import parse_choice
from assistant.learn.exercises import Exercise, FundsCase, generate_round
from assistant.learn.judging import judge_choose, judge_compute, judge_rewrite
from assistant.learn.library_rows import exercise_data
from assistant.learn.sources import real_form
from assistant.rules import load_rule_set

RULES = load_rule_set()


def _row_codes(exercise: Exercise) -> set[str]:
    """The row's codes computed here straight from the checks, not through the learn package."""
    assert exercise.form is not None
    findings = run_checks(exercise.form, RULES) + category_findings(exercise.form, RULES)
    offered = set(exercise_data()["row_codes"])
    return {f.code for f in findings if f.indicator_index == exercise.row and f.code in offered}


def _choose(key: str, row: int) -> Exercise:
    form = real_form(key).form
    return Exercise(
        id="t", kind="choose", source="t", form=form, row=row, options=list(exercise_data()["row_codes"])
    )


def test_the_same_seed_gives_the_same_round_and_another_seed_another() -> None:
    first = generate_round(RULES, seed=42, count=9)
    again = generate_round(RULES, seed=42, count=9)
    assert [e.model_dump() for e in first] == [e.model_dump() for e in again]
    other = generate_round(RULES, seed=43, count=9)
    assert [e.id for e in first] != [e.id for e in other]


def test_a_round_cycles_through_the_three_kinds_without_repeats() -> None:
    exercises = generate_round(RULES, seed=5, count=9)
    assert [e.kind for e in exercises] == ["choose", "rewrite", "compute"] * 3
    assert len({e.id for e in exercises}) == 9


@pytest.mark.parametrize("seed", range(12))
def test_choose_offers_every_right_code_and_the_right_answer_is_accepted(seed: int) -> None:
    for exercise in generate_round(RULES, seed, count=4, kinds=("choose",)):
        answer = _row_codes(exercise)
        assert answer <= set(exercise.options)
        pool = len(exercise_data()["row_codes"])
        assert len(exercise.options) == min(pool, max(int(exercise_data()["options"]), len(answer) + 2))
        assert judge_choose(exercise, sorted(answer), RULES).correct
        wrong = next(code for code in exercise.options if code not in answer)
        judged = judge_choose(exercise, [*answer, wrong], RULES)
        assert not judged.correct and wrong in judged.missed


def test_choose_on_the_seed_satisfaction_row() -> None:
    exercise = _choose("seed-1", 8)  # 群众满意度 / 满意度100%
    # the label "指标1" is no name: INDICATOR-NAME-MISSING is part of the answer too
    judged = judge_choose(
        exercise, ["SMART-UNMEASURABLE", "SMART-SATISFACTION", "INDICATOR-NAME-MISSING"], RULES
    )
    assert judged.correct, judged.lines
    partly = judge_choose(exercise, ["SMART-SATISFACTION", "INDICATOR-NAME-MISSING", "SMART-VAGUE"], RULES)
    assert not partly.correct
    assert partly.missed == ["SMART-UNMEASURABLE", "SMART-VAGUE"]
    missed = next(line for line in partly.lines if "漏选 [SMART-UNMEASURABLE]" in line)
    assert "“群众满意度”没有数值" in missed and "jixiao learn card SMART-UNMEASURABLE" in missed
    extra = next(line for line in partly.lines if "多选 [SMART-VAGUE]" in line)
    assert "模糊词" in extra and "jixiao learn card SMART-VAGUE" in extra
    assert {f.code for f in partly.findings} >= {"SMART-UNMEASURABLE", "SMART-SATISFACTION"}


def test_choose_on_a_row_without_problems_wants_no_codes() -> None:
    exercise = _choose("yongde-2022", 0)  # ≧735人次 / 735
    assert judge_choose(exercise, [], RULES).correct
    assert not judge_choose(exercise, ["SMART-VAGUE"], RULES).correct


def test_rewrite_is_judged_by_the_checks_with_their_findings_as_feedback() -> None:
    form = real_form("seed-1").form
    exercise = Exercise(id="t", kind="rewrite", source="t", form=form, row=8)  # 群众满意度
    assert judge_rewrite(exercise, "≥90%", RULES).correct
    full = judge_rewrite(exercise, "100%", RULES)
    assert not full.correct and [f.code for f in full.findings] == ["SMART-SATISFACTION"]
    vague = judge_rewrite(exercise, "群众满意度进一步提升", RULES)
    assert not vague.correct and "SMART-UNMEASURABLE" in {f.code for f in vague.findings}
    assert not judge_rewrite(exercise, "  ", RULES).correct
    deadline = Exercise(id="t", kind="rewrite", source="t", form=form, row=2)  # 时效指标
    assert not judge_rewrite(deadline, "按时完成", RULES).correct
    assert judge_rewrite(deadline, "2020年12月31日前", RULES).correct
    cost = Exercise(id="t", kind="rewrite", source="t", form=form, row=3)  # 成本指标
    assert [f.code for f in judge_rewrite(cost, "≤100%", RULES).findings] == ["SMART-COST-NO-AMOUNT"]
    assert judge_rewrite(cost, "≤2175.97万元", RULES).correct


@pytest.mark.parametrize("seed", range(10))
def test_every_reference_answer_passes_its_own_exercise(seed: int) -> None:
    for exercise in generate_round(RULES, seed, count=4, kinds=("rewrite",)):
        assert exercise.reference, exercise.id
        judged = judge_rewrite(exercise, exercise.reference, RULES)
        assert judged.correct, (exercise.id, exercise.reference, judged.lines)


def _seed_compute() -> Exercise:
    total = real_form("seed-1").form.funds.total
    case = FundsCase(
        initial_budget=total.initial_budget.text,
        full_year_budget=total.full_year_budget.text,
        executed=total.executed.text,
        weight="10",
    )
    return Exercise(id="t", kind="compute", source="t", funds=case)


@pytest.mark.parametrize("rate", ["90.10%", "90.1", "90.10", "90.1%", "９０.１０％"])
def test_compute_accepts_the_rate_in_any_usual_spelling(rate: str) -> None:
    assert judge_compute(_seed_compute(), rate, "9.01", RULES).correct


@pytest.mark.parametrize(
    ("rate", "score"), [("90%", "9.01"), ("100%", "10"), ("90.10%", "9"), ("90.10%", "")]
)
def test_compute_is_judged_exactly(rate: str, score: str) -> None:
    judged = judge_compute(_seed_compute(), rate, score, RULES)
    assert not judged.correct
    assert any("1960.5869" in line and "90.10%" in line for line in judged.lines)


def test_compute_hints_at_the_initial_budget_and_the_cap() -> None:
    case = FundsCase(initial_budget="800", full_year_budget="1000", executed="900", weight="10")
    exercise = Exercise(id="t", kind="compute", source="t", funds=case)
    judged = judge_compute(exercise, "112.50%", "10", RULES)  # 900 ÷ 800: the initial budget
    assert not judged.correct and any("年初预算数" in line for line in judged.lines)
    over = Exercise(
        id="t",
        kind="compute",
        source="t",
        funds=FundsCase(initial_budget="", full_year_budget="1000", executed="1080", weight="10"),
    )
    assert judge_compute(over, "108%", "10", RULES).correct
    capped = judge_compute(over, "108%", "10.8", RULES)
    assert not capped.correct and any("按 100% 计分" in line for line in capped.lines)


def test_compute_follows_the_rule_sets_scoring_method() -> None:
    floor = RULES.model_copy(update={"funds": RULES.funds.model_copy(update={"score_method": "floor"})})
    assert judge_compute(_seed_compute(), "90.10%", "9", floor).correct
    assert not judge_compute(_seed_compute(), "90.10%", "9.01", floor).correct


def test_generated_compute_cases_have_readable_figures() -> None:
    for exercise in generate_round(RULES, seed=9, count=6, kinds=("compute",)):
        assert exercise.funds is not None
        assert Decimal(exercise.funds.full_year_budget.replace(",", "")) > 0


@pytest.mark.usefixtures("without_teaching_forms")
def test_without_the_teaching_forms_a_round_still_comes_from_the_library() -> None:
    exercises = generate_round(RULES, seed=1, count=6)
    assert len(exercises) == 6
    assert all("真实示例表" not in e.source for e in exercises)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 3", ["A", "C"]),
        ("1,3", ["A", "C"]),
        ("3、1", ["C", "A"]),
        ("b", ["B"]),
        ("0", []),
        ("无", []),
        ("9", None),
        ("", None),
    ],
)
def test_choices_are_read_from_numbers_or_codes(text: str, expected: list[str] | None) -> None:
    assert parse_choice(text, ["A", "B", "C"]) == expected


def test_every_bad_target_of_the_data_is_caught_by_the_checks() -> None:
    """A rewrite exercise must start from a target the checks object to."""
    from assistant.learn.exercises import target_findings
    from assistant.learn.library_rows import bad_targets, library_rows, place

    placed = 0
    for row in library_rows():
        for text in bad_targets(row.level2):
            form, index = place(row, target=text)
            assert target_findings(form, index, RULES), (row.level2, text)
            placed += 1
    assert placed > 50
