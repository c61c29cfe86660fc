"""`jixiao learn exercise` driven through a pipe, and the progress kept in the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.learn.exercises import generate_round
from assistant.learn.progress import Progress, ProgressError
from assistant.rules import load_rule_set
from tests.processes import jixiao

RULES = load_rule_set()


def _right_answers(seed: int, count: int) -> str:
    """The answers a careful trainee gives, worked out here from the rounds' own data."""
    from assistant.learn.exercises import row_codes
    from assistant.scoring import execution_rate, funds_score
    from assistant.values import format_decimal, format_percent, parse_number

    lines = []
    for exercise in generate_round(RULES, seed, count):
        if exercise.kind == "choose":
            assert exercise.form is not None and exercise.row is not None
            codes = row_codes(exercise.form, exercise.row, RULES)
            lines.append(" ".join(codes) or "0")
        elif exercise.kind == "rewrite":
            lines.append(exercise.reference)
        else:
            case = exercise.funds
            assert case is not None
            rate = execution_rate(parse_number(case.full_year_budget), parse_number(case.executed))
            lines.append(format_percent(rate))
            lines.append(format_decimal(funds_score(rate, parse_number(case.weight), RULES)))
    return "\n".join(lines) + "\n"


def test_a_full_round_answered_right_scores_full_and_is_recorded(workspace: Path) -> None:
    result = jixiao("learn", "exercise", "--seed", "11", "--count", "6", stdin=_right_answers(11, 6))
    assert result.returncode == 0, result.stderr
    assert "本轮得分：答对 6 题，共答 6 题" in result.stdout
    assert "Traceback" not in result.stderr
    summary = Progress(workspace / "learn.sqlite").summary()
    assert (summary.rounds, summary.answered, summary.correct) == (1, 6, 6)
    progress = jixiao("learn", "progress")
    assert "答题 6 道，答对 6 道（100%）" in progress.stdout


def test_end_of_input_ends_the_round_with_the_score_so_far() -> None:
    first_answer = _right_answers(3, 3).splitlines()[0]
    result = jixiao("learn", "exercise", "--seed", "3", "--count", "3", stdin=first_answer + "\n")
    assert result.returncode == 0, result.stderr
    assert "本轮提前结束" in result.stdout
    assert "答对 1 题，共答 1 题（本轮 3 题）" in result.stdout
    assert "Traceback" not in result.stderr


def test_wrong_answers_get_the_checks_findings_as_feedback(workspace: Path) -> None:
    answers = "0\n进一步提升\n50%\n5\n"
    result = jixiao("learn", "exercise", "--seed", "11", "--count", "3", "--no-record", stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "检查的原话：" in result.stdout
    assert "[SMART-UNMEASURABLE]" in result.stdout  # "进一步提升" is not a measurable target
    assert "执行率 = 全年执行数" in result.stdout
    assert not (workspace / "learn.sqlite").exists()


def test_an_unreadable_choice_is_asked_again() -> None:
    result = jixiao("learn", "exercise", "--seed", "11", "--count", "1", "--no-record", stdin="abc\n0\n")
    assert "无法识别" in result.stdout
    assert "共答 1 题" in result.stdout


def test_count_out_of_range_is_refused() -> None:
    result = jixiao("learn", "exercise", "--count", "0")
    assert result.returncode == 2 and "--count" in result.stderr


def test_progress_counts_kinds_and_weak_codes(tmp_path: Path) -> None:
    progress = Progress(tmp_path / "learn.sqlite")
    round_id = progress.start_round(seed=1, rules="mof-2020", planned=3, via="test")
    progress.record(round_id, "a", "choose", "SMART-VAGUE", False, ["SMART-UNMEASURABLE"])
    progress.record(round_id, "b", "compute", "执行率 90.1%；得分 10", False, ["FUND-SCORE"])
    progress.record(round_id, "c", "choose", "没有问题", True, [])
    other = progress.start_round(seed=2, rules="mof-2020", planned=1, via="test")
    progress.record(other, "d", "choose", "SMART-VAGUE", False, ["SMART-UNMEASURABLE"])
    summary = progress.summary()
    assert (summary.rounds, summary.answered, summary.correct) == (2, 4, 1)
    assert {k.kind: (k.answered, k.correct) for k in summary.by_kind} == {"choose": (3, 1), "compute": (1, 0)}
    assert summary.weak_codes[0] == ("SMART-UNMEASURABLE", 2)
    assert [r.answered for r in summary.recent] == [1, 3]


def test_an_unusable_progress_file_is_a_chinese_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ProgressError, match="无法打开学习记录文件"):
        Progress(blocker / "learn.sqlite").summary()


def test_a_round_goes_on_when_progress_cannot_be_saved(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_HOME", str(blocker))
    result = jixiao("learn", "exercise", "--seed", "1", "--count", "1", stdin="0\n")
    assert result.returncode == 0
    assert "本轮成绩不保存" in result.stderr
    assert "共答 1 题" in result.stdout
