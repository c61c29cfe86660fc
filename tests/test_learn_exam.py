"""The 结业测试: one seed, one paper for every trainee; a trainee who answers every question as the
checks and the scoring do scores 100, and the printable result names the trainee, the date, the
seed and every question's score."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.learn.exam import build_paper
from assistant.learn.exercises import Exercise, row_codes
from assistant.learn.levels import review_options
from assistant.rules import load_rule_set
from assistant.scoring import execution_rate, funds_score
from assistant.values import format_decimal, format_percent, parse_number
from tests.processes import jixiao

RULES = load_rule_set()
SEED = 7


def _basic_answer(exercise: Exercise) -> list[str]:
    """A careful trainee's lines, worked out here from the checks and the scoring."""
    if exercise.kind == "choose":
        assert exercise.form is not None and exercise.row is not None
        codes = row_codes(exercise.form, exercise.row, RULES)
        return [" ".join(str(exercise.options.index(c) + 1) for c in codes) or "0"]
    if exercise.kind == "rewrite":
        return [exercise.reference]
    case = exercise.funds
    assert case is not None
    rate = execution_rate(parse_number(case.full_year_budget), parse_number(case.executed))
    assert rate is not None
    return [format_percent(rate), format_decimal(funds_score(rate, parse_number(case.weight), RULES))]


def _perfect_answers(seed: int) -> str:
    paper = build_paper(seed, RULES)
    lines = [line for exercise in paper.basics for line in _basic_answer(exercise)]
    key = paper.whole.key
    lines += [key.rate, key.funds, *key.scores.values(), key.total, key.grade]
    options = review_options(paper.review)
    lines.append(" ".join(str(options.index(code) + 1) for code in paper.review.key.codes))
    figures = "，".join(paper.review.key.figures)
    lines.append(f"经审核，该表存在计算错误，现予{paper.review.key.verdict}。更正后：{figures}。")
    return "\n".join(lines) + "\n"


def test_the_same_seed_gives_the_same_paper() -> None:
    a, b = build_paper(SEED, RULES), build_paper(SEED, RULES)
    assert a == b
    assert [e.kind for e in a.basics] == ["choose", "rewrite", "compute"]
    assert build_paper(SEED + 1, RULES) != a


def test_a_perfect_paper_scores_100_and_prints_a_result(tmp_path: Path) -> None:
    out = tmp_path / "成绩单.md"
    result = jixiao(
        "learn", "exam", "--seed", SEED, "--name", "李四", "--out", out, stdin=_perfect_answers(SEED)
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "姓名：李四" in text and f"日期：{date.today().isoformat()}" in text and f"种子 {SEED}" in text
    assert "总分：**100.00** / 100" in text
    assert text.count("| 20.00 | 20 |") == 5
    assert "失分说明" not in text


def test_an_unfinished_paper_scores_what_was_answered(tmp_path: Path) -> None:
    out = tmp_path / "成绩单.md"
    first = _perfect_answers(SEED).splitlines()[0]
    result = jixiao("learn", "exam", "--seed", SEED, "--name", "王五", "--out", out, stdin=first + "\n")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "总分：**20.00** / 100" in text and "第 5 题：未答" in text
    again = jixiao("learn", "exam", "--seed", SEED, "--name", "王五", "--out", out, stdin="")
    assert again.returncode == 2 and "不覆盖" in again.stderr


def test_an_exam_needs_a_seed_and_a_name() -> None:
    result = jixiao("learn", "exam", "--name", "李四")
    assert result.returncode == 2 and "--seed" in result.stderr and "Traceback" not in result.stderr


def test_the_advanced_level_can_be_practised_outside_the_exam() -> None:
    import random

    from assistant.learn.levels import level_data

    items = list(level_data().advanced)
    random.Random(3).shuffle(items)
    lines = []
    for item in items:
        key = item.key
        lines += [key.rate, key.funds, *key.scores.values(), key.total, key.grade]
    result = jixiao("learn", "exercise", "--level", "进阶", "--seed", "3", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    full = 20 * len(items)
    assert f"本轮得分：{full}.00 / {full}（已答 {len(items)} 题）" in result.stdout


def test_a_trainer_prints_the_paper_without_answers() -> None:
    paper = build_paper(SEED, RULES)
    printed = jixiao("learn", "exam", "--seed", SEED, "--paper")
    assert printed.returncode == 0, printed.stderr
    assert "姓名：__________" in printed.stdout and "第 5/5 题" in printed.stdout
    assert "（待算）" in printed.stdout
    assert paper.whole.key.total not in printed.stdout.split("总分")[-1]  # the key is not printed
