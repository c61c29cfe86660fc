"""The 学习 page under AppTest: rule cards, a worked example side by side, a full exercise round
judged by the same checks that judge real forms, and the progress kept in the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.checks import run_checks
from assistant.learn import sources
from assistant.learn.checking import findings_for
from assistant.learn.exercises import Exercise, generate_round, row_codes
from assistant.learn.progress import Progress
from assistant.rules import load_rule_set
from assistant.scoring import execution_rate, funds_score
from assistant.values import format_decimal, format_percent, parse_number
from tests.app_helpers import no_exception, page, screen

RULES = load_rule_set()


CARDS, EXAMPLES, EXERCISE, PROGRESS = range(4)


def _boxes(at: AppTest, tab: int) -> str:
    """The message boxes (success, error, info, warning) of one tab."""
    block = at.tabs[tab]
    kinds = ("success", "error", "info", "warning")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(block, kind))


def _tab_text(at: AppTest, tab: int) -> str:
    block = at.tabs[tab]
    kinds = ("markdown", "caption", "subheader", "success", "error", "info", "warning")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(block, kind))


def test_the_page_shows_a_rule_card_with_the_checks_own_verdicts() -> None:
    at = no_exception(page("learn").run())
    assert [t.label for t in at.tabs] == ["规则卡片", "案例库讲解", "练习", "学习记录"]
    text = screen(at) + _boxes(at, CARDS)
    assert "执行率与资金数不符" in text
    assert "执行率应为 90.10%（全年执行数 1802 ÷ 全年预算数 2000），表中填写 100%" in text
    assert "检查结果：没有这个问题。" in text
    at.selectbox(key="learn_card").set_value("SMART-SATISFACTION")
    no_exception(at.run())
    text = screen(at) + _boxes(at, CARDS)
    assert "满意度为100%" in text and "满意度实际完成值为“100%”" in text


def test_a_worked_example_is_shown_before_and_after() -> None:
    at = no_exception(page("learn").run())  # the first example: seed form 1
    metrics = {m.label: m.value for m in at.metric}
    found = findings_for(sources.real_form("seed-1").form, RULES)
    warnings = sum(f.severity == "warning" for f in found)
    # FUND-RATE, FUND-SCORE, TOTAL-SCORE and INDICATOR-NAME-MISSING on each of the 10 unnamed rows
    assert metrics["原表"] == f"错误 13 · 警告 {warnings}"
    assert metrics["更正后"].startswith("错误 0")
    funds, before, after = (frame.value for frame in at.tabs[EXAMPLES].dataframe)
    assert list(funds["执行率"]) == ["100%", "90.10%"] and list(funds["得分"]) == ["10", "9.01"]
    assert "按全年计划进行" in set(before["年度指标值"]) and "2020年12月31日前" in set(after["年度指标值"])
    assert "SMART-NO-DEADLINE" in " ".join(before["问题"])
    assert "SMART-NO-DEADLINE" not in " ".join(after["问题"])
    assert "≥154人" in set(after["年度指标值"]) and "【待实测】" in set(after["实际完成值"])
    text = _tab_text(at, EXAMPLES)
    why = "执行率 = 全年执行数 ÷ 全年预算数 = 1960.5869 ÷ 2175.9657 = 90.10%"
    assert f"执行率：100% → **90.10%**（{why}）" in text
    assert "1960.5869 万元 ÷ 2175.9657 万元 = 90.10%" in text  # the case's explanation
    assert "执行率应为 90.10%" in text  # the finding, on the funds row


def _right_answer(exercise: Exercise) -> dict[str, object]:
    """What a careful trainee answers, worked out here from the checks and the scoring."""
    if exercise.kind == "choose":
        assert exercise.form is not None and exercise.row is not None
        return {"codes": row_codes(exercise.form, exercise.row, RULES)}
    if exercise.kind == "rewrite":
        return {"text": exercise.reference}
    case = exercise.funds
    assert case is not None
    rate = execution_rate(parse_number(case.full_year_budget), parse_number(case.executed))
    score = funds_score(rate, parse_number(case.weight), RULES)
    return {"rate": format_percent(rate), "score": format_decimal(score)}


def _round_started(seed: int, count: int) -> AppTest:
    """The 学习 page with a round of `count` exercises from `seed` just started."""
    at = no_exception(page("learn").run())
    at.text_input(key="learn_seed").set_value(str(seed))
    at.number_input(key="learn_count").set_value(count)
    at.button(key="learn_start").click()
    return no_exception(at.run())


def _answer(at: AppTest, prefix: str, exercise: Exercise, answer: dict[str, object]) -> None:
    if exercise.kind == "choose":
        for code in answer["codes"]:  # type: ignore[attr-defined]
            at.checkbox(key=f"{prefix}_opt_{code}").check()
    elif exercise.kind == "rewrite":
        at.text_input(key=f"{prefix}_text").set_value(answer["text"])
    else:
        at.text_input(key=f"{prefix}_rate").set_value(answer["rate"])
        at.text_input(key=f"{prefix}_score").set_value(answer["score"])
    at.button(key=f"{prefix}_submit").click()
    no_exception(at.run())


def test_a_full_exercise_round_in_the_browser_page(workspace: Path) -> None:
    exercises = generate_round(RULES, seed=11, count=3)
    assert [e.kind for e in exercises] == ["choose", "rewrite", "compute"]
    at = _round_started(seed=11, count=3)
    for index, exercise in enumerate(exercises):
        prefix = f"learn_r1_q{index}"
        assert f"第 {index + 1} / 3 题" in screen(at)
        _answer(at, prefix, exercise, _right_answer(exercise))
        assert [e.value for e in at.tabs[EXERCISE].error] == []
        verdicts = [str(s.value) for s in at.tabs[EXERCISE].success]
        assert any(v.startswith(("回答正确", "改写通过检查", "两项都算对了")) for v in verdicts)
        at.button(key=f"{prefix}_next").click()
        no_exception(at.run())
    assert "本轮完成：答对 3 / 3 题。" in _boxes(at, EXERCISE)
    assert "共 1 轮，答题 3 道，答对 3 道" in _tab_text(at, PROGRESS)
    summary = Progress(workspace / "learn.sqlite").summary()
    assert (summary.answered, summary.correct) == (3, 3)


def test_a_wrong_rewrite_gets_the_checks_findings_as_feedback() -> None:
    exercises = generate_round(RULES, seed=11, count=3)
    at = _round_started(seed=11, count=3)
    at.button(key="learn_r1_q0_submit").click()  # nothing ticked: "no problem"
    no_exception(at.run())
    at.button(key="learn_r1_q0_next").click()
    no_exception(at.run())
    _answer(at, "learn_r1_q1", exercises[1], {"text": "进一步提升"})
    feedback = at.tabs[EXERCISE]
    assert feedback.error and "改写后仍有" in str(feedback.error[0].value)
    form = exercises[1].form.model_copy(deep=True)
    form.indicators[exercises[1].row].target.text = "进一步提升"
    form.indicators[exercises[1].row].target.operator_text = None
    form.indicators[exercises[1].row].target.unit_text = None
    expected = [f.message for f in run_checks(form, RULES) if f.indicator_index == exercises[1].row]
    shown = [message for message in expected if "进一步提升" in message]
    assert shown and all(message in _tab_text(at, EXERCISE) for message in shown)
    assert any("参考写法" in str(i.value) for i in feedback.info)


@pytest.mark.usefixtures("without_teaching_forms")
def test_without_the_teaching_forms_the_examples_say_why_and_exercises_go_on() -> None:
    from assistant.ui.learning import examples

    examples._example.clear()  # Streamlit's cache of the worked examples, as the fixture does ours
    try:
        at = no_exception(page("learn").run())
        assert any("找不到示例文件" in str(e.value) for e in at.tabs[EXAMPLES].error)
        at.button(key="learn_start").click()
        no_exception(at.run())
        assert "第 1 / 5 题" in screen(at)
        assert "真实示例表" not in _tab_text(at, EXERCISE)
    finally:
        examples._example.clear()


def test_the_cards_follow_the_rule_set_chosen_on_the_settings_page() -> None:
    from assistant.ui import state

    at = no_exception(page("learn").run())
    state.set_rules_name("local")
    at.selectbox(key="learn_card").set_value("WEIGHT-SCHEME")
    no_exception(at.run())
    assert "按当前规则集“地方宽松口径”，下面的反例不算问题" in _boxes(at, CARDS)
