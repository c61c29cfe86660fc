"""Mastery: answers are kept per trainee and per finding code (and, for the 进阶/综合 levels, per
skill), a code a trainee missed comes back in the next round, empty rounds count nowhere, and a
trainer exports the cohort as a workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from assistant.learn.exercises import generate_round
from assistant.learn.judging import judge_choose
from assistant.learn.mastery import focus_codes, mastery
from assistant.learn.progress import Progress
from assistant.rules import load_rule_set
from tests.processes import jixiao

RULES = load_rule_set()


def _answer_first_choose(progress: Progress, trainee: str, seed: int, picks: list[str] | None) -> list[str]:
    """One round of one 找问题 question; picks None = the right answer. Returns the row's answer."""
    round_id = progress.start_round(seed, RULES.name, 1, "test", trainee)
    exercise = generate_round(RULES, seed, 1)[0]
    judgement = judge_choose(exercise, [], RULES)
    right = [f.code for f in judgement.findings if f.code in exercise.options]
    judgement = judge_choose(exercise, right if picks is None else picks, RULES)
    progress.record_judgement(round_id, exercise, judgement)
    return sorted(set(right))


def _seed_with_problems() -> int:
    for seed in range(200):
        exercise = generate_round(RULES, seed, 1)[0]
        if judge_choose(exercise, [], RULES).missed:
            return seed
    raise AssertionError("no seed gives a row with a problem")


def test_mastery_is_kept_per_trainee_and_code_and_empty_rounds_do_not_count() -> None:
    progress = Progress()
    seed = _seed_with_problems()
    codes = _answer_first_choose(progress, "张三", seed, picks=[])  # 张三 misses everything
    _answer_first_choose(progress, "李四", seed, picks=None)  # 李四 gets it right
    progress.start_round(99, RULES.name, 5, "test", "张三")  # started, never answered
    zhang = {m.code: (m.seen, m.right) for m in mastery(progress, "张三")}
    li = {m.code: (m.seen, m.right) for m in mastery(progress, "李四")}
    assert zhang == {code: (1, 0) for code in codes}
    assert li == {code: (1, 1) for code in codes}
    assert progress.summary(trainee="张三").rounds == 1  # the empty round is not a round
    assert progress.summary().rounds == 2


def test_a_missed_code_comes_back_until_it_is_got_right() -> None:
    progress = Progress()
    seed = _seed_with_problems()
    codes = _answer_first_choose(progress, "王五", seed, picks=[])
    focus = focus_codes(progress, "王五")
    assert focus and set(focus) <= set(codes)
    first = generate_round(RULES, seed + 1000, 3, focus=focus)[0]
    assert first.kind == "choose" and f"复习：{focus[0]}" in first.source
    assert focus[0] in judge_choose(first, [], RULES).missed  # the row really has the code
    _answer_first_choose(progress, "王五", seed, picks=None)  # now right
    assert focus_codes(progress, "王五") == []
    assert focus_codes(progress, "李四") == []


def test_the_cli_keeps_the_name_and_exports_the_cohort(tmp_path: Path) -> None:
    jixiao("learn", "exercise", "--count", "1", "--seed", "5", "--name", "赵六", stdin="0\n1\n2\n")
    jixiao("learn", "exercise", "--count", "3", "--seed", "6", "--name", "钱七", stdin="")  # empty round
    shown = jixiao("learn", "progress", "--name", "赵六")
    assert shown.returncode == 0 and "共 1 轮，答题 1 道" in shown.stdout
    out = tmp_path / "学员汇总.xlsx"
    exported = jixiao("learn", "progress", "--out", out)
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(out)
    people = [row for row in book["学员"].iter_rows(min_row=2, values_only=True)]
    assert [row[:3] for row in people] == [("赵六", 1, 1)]  # 钱七 answered nothing: not listed
    assert book["掌握情况"].max_row >= 1
    again = jixiao("learn", "progress", "--out", out)
    assert again.returncode == 2 and "不覆盖" in again.stderr


def test_a_learn_file_of_the_first_release_gains_the_new_columns(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "learn.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE rounds (id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL,"
        " seed INTEGER NOT NULL, rules TEXT NOT NULL, planned INTEGER NOT NULL, via TEXT NOT NULL);"
        "CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, round_id INTEGER NOT NULL,"
        " time TEXT NOT NULL, exercise_id TEXT NOT NULL, kind TEXT NOT NULL, answer TEXT NOT NULL,"
        " correct INTEGER NOT NULL, missed TEXT NOT NULL);"
        "INSERT INTO rounds VALUES (1, '2026-01-01T09:00:00', 1, 'mof-2020', 5, 'cli');"
        "INSERT INTO answers VALUES (1, 1, '2026-01-01T09:01:00', 'x', 'choose', 'a', 0,"
        " '[\"SMART-VAGUE\"]');"
    )
    old.commit()
    old.close()
    progress = Progress(path)
    assert progress.summary().answered == 1
    assert [(m.code, m.seen, m.right) for m in mastery(progress)] == [("SMART-VAGUE", 1, 0)]
    assert focus_codes(progress) == ["SMART-VAGUE"]
    from assistant.learn.levels import judge_whole, level_data
    from assistant.learn.mastery import skill_mastery

    whole = level_data().advanced[0]
    progress.record_parts(1, whole, judge_whole(whole, {"rate": whole.key.rate}))
    rows = len(whole.key.scores)
    assert [(s.title, s.seen, s.right) for s in skill_mastery(progress)] == [
        ("执行率", 1, 1),
        ("资金得分", 1, 0),
        ("指标得分", rows, 0),
        ("总分", 1, 0),
        ("评价等级", 1, 0),
    ]
    assert progress.summary().answered == 2


def test_whole_form_and_review_answers_count_per_skill_and_per_code() -> None:
    from assistant.learn.levels import judge_review, judge_whole, level_data
    from assistant.learn.mastery import skill_mastery

    progress = Progress()
    data = level_data()
    whole = data.advanced[0]
    key = whole.key
    answers = {"rate": key.rate, "funds": key.funds, "total": "1.00", "grade": key.grade}
    answers |= {f"row {row}": score for row, score in key.scores.items()}
    round_id = progress.start_round(1, RULES.name, 2, "test", "周九")
    progress.record_parts(round_id, whole, judge_whole(whole, answers))  # only the total wrong
    review = next(i for i in data.comprehensive if i.case == "farm-floored-score")  # key: FUND-SCORE
    opinion = "经审核，现予退回。资金得分应为9.78分。"  # 99.78 missing
    progress.record_parts(round_id, review, judge_review(review, ["FUND-SCORE", "GRADE"], opinion))
    skills = {s.title: (s.seen, s.right) for s in skill_mastery(progress, "周九")}
    rows = len(key.scores)
    assert skills == {
        "执行率": (1, 1),
        "资金得分": (1, 1),
        "指标得分": (rows, rows),
        "总分": (1, 0),
        "评价等级": (1, 1),
        "审核结论": (1, 1),
        "更正数字": (2, 1),
    }
    codes = {m.code: (m.seen, m.right) for m in mastery(progress, "周九")}
    assert codes == {"FUND-SCORE": (1, 1), "GRADE": (1, 0)}  # GRADE picked wrongly
    assert focus_codes(progress, "周九") == ["GRADE"]  # comes back in the next 入门 round
    kinds = {k.kind: (k.answered, k.correct) for k in progress.summary(trainee="周九").by_kind}
    assert kinds == {"whole": (1, 0), "review": (1, 0)}


def test_the_cli_records_comprehensive_practice_and_shows_and_exports_it(tmp_path: Path) -> None:
    import random

    from assistant.learn.levels import level_data, review_options

    items = list(level_data().comprehensive)
    random.Random(4).shuffle(items)
    first = items[0]
    options = review_options(first)
    picks = " ".join(str(options.index(code) + 1) for code in first.key.codes)
    opinion = f"现予{first.key.verdict}。" + "，".join(first.key.figures)
    result = jixiao(
        "learn", "exercise", "--level", "综合", "--seed", "4", "--name", "孙八", stdin=f"{picks}\n{opinion}\n"
    )
    assert result.returncode == 0, result.stderr
    shown = jixiao("learn", "progress", "--name", "孙八")
    assert shown.returncode == 0, shown.stderr
    assert "综合：找出全部问题并写审核意见：1/1" in shown.stdout
    assert "审核结论：1/1（100%）" in shown.stdout
    assert f"更正数字：{len(first.key.figures)}/{len(first.key.figures)}" in shown.stdout
    assert f"{first.key.codes[0]}：1/1" in shown.stdout
    out = tmp_path / "学员汇总.xlsx"
    assert jixiao("learn", "progress", "--out", out).returncode == 0
    sheet = load_workbook(out)["计算与审核"]
    rows = {row[:4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ("孙八", "审核结论", 1, 1) in rows
    unrecorded = jixiao(
        "learn", "exercise", "--level", "进阶", "--seed", "4", "--name", "吴十", "--no-record", stdin="1\n"
    )
    assert unrecorded.returncode == 0, unrecorded.stderr
    assert Progress().summary(trainee="吴十").answered == 0
