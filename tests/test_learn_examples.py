"""Worked examples: the real forms with every finding on its row, corrected by the drafting engine
and the scoring, and the corrected form passes every check."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.learn import sources
from assistant.learn.case_example import CaseExample, case_example
from assistant.learn.sources import LearnError, example_keys, real_form
from assistant.learn.specimen import cell_text
from assistant.rules import load_rule_set
from tests.processes import jixiao

RULES = load_rule_set()
KEYS = [key for key, _ in example_keys()]


COLUMNS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
    "funds.total.rate": "执行率",
    "funds.total.score": "得分",
    "stated_weight_total": "分值合计",
    "stated_total": "总分",
    "grade": "评价等级",
    "other_notes": "其他需要说明事项",
    "goal.expected": "年度总体目标/预期目标",
    "goal.actual": "年度总体目标/实际完成情况",
}


def _shown_at(path: str) -> tuple[str, str]:
    """Where the table shows a changed cell: (row key, column)."""
    parts = path.split(".")
    if parts[0] == "indicators":
        return f"indicator:{parts[1]}", COLUMNS[parts[2]]
    return ("funds" if parts[0] == "funds" else "footer"), COLUMNS[path]


@pytest.fixture(scope="module", params=KEYS)
def example(request: pytest.FixtureRequest) -> CaseExample:
    """The example forms as the case library teaches them (the same keys)."""
    return case_example(request.param, RULES)


def test_the_three_examples_are_the_seed_forms_and_the_shared_example() -> None:
    assert KEYS == ["seed-1", "seed-2", "yongde-2022"]


def test_the_corrected_form_has_no_errors(example: CaseExample) -> None:
    errors = [f for f in run_checks(example.corrected, RULES) if f.severity == "error"]
    assert errors == [], [f"[{f.code}] {f.location}: {f.message}" for f in errors]
    assert len(example.findings_after) < len(example.findings_before)
    # the worked example's rewrites never give two rows one name (seed 2's own repeats are rewritten)
    assert "DUPLICATE-INDICATOR" not in {f.code for f in example.findings_after}


def test_every_finding_is_marked_on_exactly_one_row(example: CaseExample) -> None:
    placed = [f for row in example.rows for f in row.before]
    assert sorted(f.model_dump_json() for f in placed) == sorted(
        f.model_dump_json() for f in example.findings_before
    )
    for row in example.rows:
        for finding in row.before:
            if finding.indicator_index is not None:
                assert row.key == f"indicator:{finding.indicator_index}"


def test_the_table_keeps_its_rows(example: CaseExample) -> None:
    assert len(example.rows) == len(example.original.indicators) + 3
    assert len(example.corrected.indicators) == len(example.original.indicators)


def test_every_change_is_a_real_difference_and_shown_in_the_table(example: CaseExample) -> None:
    assert example.changes
    for change in example.changes:
        assert change.before != change.after
        assert cell_text(example.corrected, change.path) == change.after
    changed = {(row.key, cell.column) for row in example.rows for cell in row.cells if cell.changed}
    assert changed == {_shown_at(change.path) for change in example.changes}
    assert all(cell.why for row in example.rows for cell in row.cells if cell.changed)


def test_seed_form_1_arithmetic_is_corrected_on_the_funds_row() -> None:
    example = case_example("seed-1", RULES)
    funds = next(row for row in example.rows if row.key == "funds")
    assert {f.code for f in funds.before} >= {"FUND-RATE", "FUND-SCORE", "DEVIATION-UNSPENT"}
    cells = {cell.column: cell for cell in funds.cells}
    assert (cells["执行率"].before, cells["执行率"].after) == ("100%", "90.10%")
    assert (cells["得分"].before, cells["得分"].after) == ("10", "9.01")
    # the rows' scores wait for new measurements, so the total does too (test_learn_cases.py)
    assert example.corrected.stated_total.text == "【待实测】"
    assert "215.3788" in example.corrected.other_notes  # the unspent money, stated from the form's facts


def test_yongde_points_taken_although_met_are_restored() -> None:
    example = case_example("yongde-2022", RULES)
    row = next(row for row in example.rows if row.key == "indicator:2")  # 资金到位及时率 ≥100% / 100%
    assert {f.code for f in row.before} == {"DEVIATION-MISSING", "SCORE-MISMATCH"}
    score = next(cell for cell in row.cells if cell.column == "得分")
    assert (score.before, score.after) == ("7", "10")
    assert row.after == []


@pytest.mark.usefixtures("without_teaching_forms")
def test_a_missing_teaching_form_is_a_chinese_message(capsys: pytest.CaptureFixture[str]) -> None:
    """A broken install without examples/: the lesson says why, the command exits 2, no traceback."""
    from assistant.cli import main

    with pytest.raises(LearnError, match="找不到示例文件"):
        real_form("seed-1")
    assert main(["learn", "example", "1"]) == 2
    assert "找不到示例文件" in capsys.readouterr().err


def test_the_teaching_forms_are_the_project_examples() -> None:
    """One copy: 学习 mode reads examples/, the folder the tests and the README use."""
    assert sources.forms_dir() == Path(__file__).resolve().parents[1] / "examples"


def test_cli_shows_a_worked_example_from_the_case_library() -> None:
    result = jixiao("learn", "example", "1")
    assert result.returncode == 0, result.stderr
    assert "执行率：100% → 90.10%" in result.stdout
    assert "更正后：错误 0 项" in result.stdout
    listing = jixiao("learn", "example")
    assert "永德县" in listing.stdout
    bad = jixiao("learn", "example", "99")
    assert bad.returncode == 2 and "没有序号为“99”的示例表" in bad.stderr
