"""The 结业测试 in the app: the trainer's seed gives the paper the command line gives, a trainee who
answers as the checks and the scoring do scores 100, and the result downloads as a Word file; 进阶
answers given in the app are kept under the trainee's name."""

from __future__ import annotations

import io

from assistant.learn.exam import build_paper
from assistant.learn.exercises import row_codes
from assistant.learn.levels import level_data
from assistant.learn.mastery import skill_mastery
from assistant.learn.progress import Progress
from assistant.rules import load_rule_set
from assistant.scoring import execution_rate, funds_score
from assistant.values import format_decimal, format_percent, parse_number
from tests.app_helpers import download, media_fixture, no_exception, page
from tests.processes import jixiao

__all__ = ["media_fixture"]

RULES = load_rule_set()
SEED = 7


def _open_exam(name: str, seed: int):
    at = no_exception(page("learn").run())
    at.radio(key="learn_level").set_value("结业测试")
    at = no_exception(at.run())
    at.text_input(key="learn_exam_seed").input(str(seed))
    at.text_input(key="learn_exam_name").input(name)
    at.button(key="learn_exam_start").click()
    return no_exception(at.run())


def _answer_basic(at, exercise, prefix: str) -> None:
    if exercise.kind == "choose":
        for code in row_codes(exercise.form, exercise.row, RULES):
            at.checkbox(key=f"{prefix}_opt_{code}").check()
    elif exercise.kind == "rewrite":
        at.text_input(key=f"{prefix}_text").input(exercise.reference)
    else:
        case = exercise.funds
        rate = execution_rate(parse_number(case.full_year_budget), parse_number(case.executed))
        at.text_input(key=f"{prefix}_rate").input(format_percent(rate))
        score = funds_score(rate, parse_number(case.weight), RULES)
        at.text_input(key=f"{prefix}_score").input(format_decimal(score))


def test_the_app_gives_the_cli_paper_and_a_perfect_trainee_scores_100(media) -> None:
    from docx import Document

    paper = build_paper(SEED, RULES)
    printed = jixiao("learn", "exam", "--seed", SEED, "--paper").stdout
    at = _open_exam("李四", SEED)
    for index, exercise in enumerate(paper.basics):
        # the question the app shows is the one the command line prints for the same seed
        shown = " ".join(str(c.value) for c in at.caption)
        assert exercise.source in shown and exercise.source in printed
        _answer_basic(at, exercise, f"learn_exam1_q{index}")
        at.button(key=f"learn_exam1_q{index}_submit").click()
        at = no_exception(at.run())
    key, prefix = paper.whole.key, "learn_exam1_q3"
    at.text_input(key=f"{prefix}_rate").input(key.rate)
    at.text_input(key=f"{prefix}_funds").input(key.funds)
    for row, score in key.scores.items():
        at.text_input(key=f"{prefix}_row{row}").input(score)
    at.text_input(key=f"{prefix}_total").input(key.total)
    at.selectbox(key=f"{prefix}_grade").set_value(key.grade)
    at.button(key=f"{prefix}_submit").click()
    at = no_exception(at.run())
    prefix, review = "learn_exam1_q4", paper.review.key
    at.multiselect(key=f"{prefix}_codes").set_value(review.codes)
    figures = "，".join(review.figures)
    at.text_area(key=f"{prefix}_opinion").input(f"经审核，现予{review.verdict}。更正后：{figures}。")
    at.button(key=f"{prefix}_submit").click()
    at = no_exception(at.run())
    assert any("总分 100.00 / 100" in str(s.value) and "结论：合格" in str(s.value) for s in at.success)
    name, data = download(at, media, "成绩单")
    assert name.endswith(".docx") and "李四" in name
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "姓名：李四" in text and f"种子 {SEED}" in text and "结论：合格" in text
    [kept] = Progress().exams()  # the result and the answers are in the trainee's record
    assert (kept.trainee, kept.seed, kept.passed) == ("李四", SEED, True)
    assert Progress().summary(trainee="李四").correct == 5


def test_handing_in_early_scores_the_rest_zero() -> None:
    at = _open_exam("王五", SEED)
    at.button(key="learn_exam1_hand_in").click()
    at = no_exception(at.run())
    assert any("总分 0.00 / 100" in str(e.value) and "不合格" in str(e.value) for e in at.error)
    assert Progress().exams() == []  # nothing answered: nothing kept


def test_an_exam_needs_a_seed_and_a_name() -> None:
    at = _open_exam("", SEED)
    assert any("种子" in str(e.value) and "姓名" in str(e.value) for e in at.error)
    assert not [d for d in at.get("download_button") if "成绩单" in d.label]


def test_a_whole_form_answered_in_the_app_is_kept_per_skill_under_the_name() -> None:
    item = level_data().advanced[0]
    at = no_exception(page("learn").run())
    at.text_input(key="learn_name").input("张三")
    at.radio(key="learn_level").set_value("进阶")
    at = no_exception(at.run())
    at.selectbox(key="learn_level_进阶").set_value(item.case)
    at = no_exception(at.run())
    prefix = f"learn_whole_{item.case}"
    at.text_input(key=f"{prefix}_rate").input(item.key.rate)
    at.text_input(key=f"{prefix}_total").input("0")  # wrong; the rest left blank
    at.button(key=f"{prefix}_submit").click()
    at = no_exception(at.run())
    skills = {s.title: (s.seen, s.right) for s in skill_mastery(Progress(), "张三")}
    rows = len(item.key.scores)
    assert skills == {
        "执行率": (1, 1),
        "资金得分": (1, 0),
        "指标得分": (rows, 0),
        "总分": (1, 0),
        "评价等级": (1, 0),
    }
    assert skill_mastery(Progress(), "李四") == []
    progress = at.tabs[3]
    assert "进阶：计算整张表" in str(progress.table[0].value)
    shown = progress.dataframe[-1].value  # the skills table of the 学习记录 tab
    assert list(shown["项目"]) == list(skills) and list(shown["答对项"]) == [1, 0, 0, 0, 0]
