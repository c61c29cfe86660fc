"""The 练习 tab and the examples tab under AppTest: the same round limits as the command line, back
and forward within a round, and no emoji anywhere on the 学习 page (office PCs lack the font)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.learn.case_example import case_list
from assistant.learn.exercises import round_size
from tests.app_helpers import no_exception, page, table
from tests.processes import jixiao

EXERCISE = 2
# Emoji and pictographs, the dingbats and symbols blocks (✓ ✗ ⚠ 🔴 …) and the emoji variation selector.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")
UI = Path(__file__).resolve().parents[1] / "assistant" / "ui"


def _all_text(at) -> str:
    kinds = ("markdown", "caption", "subheader", "success", "error", "info", "warning", "title", "header")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [e.label for e in at.expander] + [t.label for t in at.tabs] + [b.label for b in at.button]
    parts += [str(m.label) + str(m.value) for m in at.metric]
    parts += [c.label for c in at.checkbox]
    return "\n".join(parts)


def test_the_round_size_limits_are_the_command_lines() -> None:
    at = no_exception(page("learn").run())
    count = at.number_input(key="learn_count")
    size = round_size()
    assert (count.min, count.max, count.value) == (size["min"], size["max"], size["default"])
    too_many = jixiao("learn", "exercise", "--count", str(size["max"] + 1), "--no-record")
    assert too_many.returncode == 2 and f"{size['min']} 到 {size['max']}" in too_many.stderr


def test_back_and_forward_within_a_round() -> None:
    at = no_exception(page("learn").run())
    at.text_input(key="learn_seed").input("11")
    at.number_input(key="learn_count").set_value(3)
    at.button(key="learn_start").click()
    at = no_exception(at.run())
    assert "第 1 / 3 题" in _all_text(at)
    assert not [b for b in at.button if b.label == "上一题"]  # nothing before the first question
    # answer the first question (nothing chosen / blank), then go forward
    at.button(key="learn_r1_q0_submit").click()
    at = no_exception(at.run())
    at.button(key="learn_r1_q0_next").click()
    at = no_exception(at.run())
    assert "第 2 / 3 题" in _all_text(at)
    at.button(key="learn_r1_q1_back").click()
    at = no_exception(at.run())
    text = _all_text(at)
    assert "第 1 / 3 题" in text  # back, the answer and its verdict still shown
    assert any(b.label == "下一题" for b in at.button)
    at.button(key="learn_r1_q0_next").click()
    at = no_exception(at.run())
    assert "第 2 / 3 题" in _all_text(at)


def test_no_emoji_on_the_learn_page() -> None:
    at = no_exception(page("learn").run())
    for key, _ in case_list()[:3]:  # three cases of the library, every row detail rendered
        at.selectbox(key="learn_example").set_value(key)
        at = no_exception(at.run())
        assert EMOJI.findall(_all_text(at)) == []
    at.text_input(key="learn_seed").input("3")
    at.button(key="learn_start").click()
    at = no_exception(at.run())
    at.button(key="learn_r1_q0_submit").click()
    at = no_exception(at.run())
    assert EMOJI.findall(_all_text(at)) == []


def test_no_emoji_in_the_ui_sources_and_texts() -> None:
    for path in [*UI.rglob("*.py")]:
        found = EMOJI.findall(path.read_text(encoding="utf-8"))
        assert found == [], f"{path.name}: {found}"


def test_a_named_trainee_sees_own_mastery() -> None:
    at = no_exception(page("learn").run())
    at.text_input(key="learn_name").input("张三")
    at.text_input(key="learn_seed").input("11")
    at.number_input(key="learn_count").set_value(1)
    at.button(key="learn_start").click()
    at = no_exception(at.run())
    at.button(key="learn_r1_q0_submit").click()  # an answer: nothing chosen / blank
    at = no_exception(at.run())
    progress = at.tabs[3]
    assert any("学员：张三" in str(c.value) for c in progress.caption)
    assert "共 1 轮，答题 1 道" in "\n".join(str(m.value) for m in progress.markdown)


def test_the_advanced_level_judges_a_whole_form_in_the_app() -> None:
    from assistant.learn.levels import level_data

    item = level_data().advanced[0]
    at = no_exception(page("learn").run())
    at.radio(key="learn_level").set_value("进阶")
    at = no_exception(at.run())
    at.selectbox(key="learn_level_进阶").set_value(item.case)
    at = no_exception(at.run())
    prefix = f"learn_whole_{item.case}"
    at.text_input(key=f"{prefix}_rate").input(item.key.rate)
    at.text_input(key=f"{prefix}_funds").input(item.key.funds)
    for row, score in item.key.scores.items():
        at.text_input(key=f"{prefix}_row{row}").input(score)
    at.text_input(key=f"{prefix}_total").input(item.key.total)
    at.selectbox(key=f"{prefix}_grade").set_value(item.key.grade)
    at.button(key=f"{prefix}_submit").click()
    at = no_exception(at.run())
    assert any("本题得分 20.00 / 20" in str(s.value) for s in at.success)
    assert EMOJI.findall(_all_text(at)) == []


def test_the_comprehensive_level_judges_codes_and_the_opinion() -> None:
    from assistant.learn.levels import level_data

    item = next(i for i in level_data().comprehensive if i.case == "farm-floored-score")
    at = no_exception(page("learn").run())
    at.radio(key="learn_level").set_value("综合")
    at = no_exception(at.run())
    at.selectbox(key="learn_level_综合").set_value(item.case)
    at = no_exception(at.run())
    prefix = f"learn_review_{item.case}"
    at.multiselect(key=f"{prefix}_codes").set_value(["FUND-SCORE"])
    at.text_area(key=f"{prefix}_opinion").input("经审核，现予退回。资金得分应为9.78分。")
    at.button(key=f"{prefix}_submit").click()
    at = no_exception(at.run())
    errors = " ".join(str(e.value) for e in at.error)
    assert "本题得分" in errors  # 99.78 (the corrected total) is missing from the opinion
    parts = table(at, "判定")  # the 学习记录 tab below has tables of its own
    assert list(parts[parts["判定"] == "错误"]["项目"]) == ["更正数字 99.78"]
