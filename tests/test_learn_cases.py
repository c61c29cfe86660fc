"""The 典型问题案例库: every case's form as found gives exactly the findings the case expects, and
its hand-written corrected form is one a finance-bureau trainer can sign off: no errors, no
duplicate rows, the category weights of the original, pending actuals with cleared scores, and no
unit score raised without a stated reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.checks import run_checks
from assistant.learn.cases import PENDING, Case, all_cases, case_by_key, category_weights, finding_pairs
from assistant.rules import load_rule_set
from tests.processes import jixiao

RULES = load_rule_set()
CASES = all_cases()
# The defects of published forms the library must teach, each by the code that finds it.
REQUIRED_CODES = {
    "UNIT-MISMATCH",  # 元 where the form counts in 万元
    "WEIGHT-TOTAL",  # weights totalling 110
    "FUND-SCORE",  # 97.81% floored to 9
    "SCORE-OVER-WEIGHT",
    "FUND-MISSING",  # blank 执行率
    "TARGET-IN-NAME",
    "DEVIATION-MISSING",
    "ACTUAL-COPIES-TARGET",
    "TOTAL-SCORE",
    "CATEGORY-MISFIT",
    "GRADE",
}


@pytest.fixture(params=CASES, ids=[case.key for case in CASES])
def case(request: pytest.FixtureRequest) -> Case:
    return request.param


def test_the_library_is_big_enough_and_spans_the_sectors() -> None:
    assert len(CASES) >= 15
    assert len({case.key for case in CASES}) == len(CASES)
    assert len({case.sector for case in CASES}) >= 12
    taught = {e.code for case in CASES for e in case.expected}
    assert taught >= REQUIRED_CODES, REQUIRED_CODES - taught
    assert any(not case.constructed for case in CASES)  # the published forms are in it too


def test_found_form_gives_exactly_the_expected_findings(case: Case) -> None:
    got = finding_pairs(run_checks(case.found_form(), RULES))
    assert got == case.expected_pairs(), {
        "missing": sorted(case.expected_pairs() - got),
        "unexpected": sorted(got - case.expected_pairs()),
    }


def test_corrected_form_passes_the_checks_without_duplicates(case: Case) -> None:
    findings = run_checks(case.corrected_form(), RULES)
    errors = [f"[{f.code}] {f.location}: {f.message}" for f in findings if f.severity == "error"]
    assert errors == []
    assert "DUPLICATE-INDICATOR" not in {f.code for f in findings}
    rows = [(r.category2, r.name) for r in case.corrected_form().indicators]
    assert len(rows) == len(set(rows))


def test_corrected_form_keeps_the_category_weights_and_rows(case: Case) -> None:
    found, corrected = case.found_form(), case.corrected_form()
    if "WEIGHT-TOTAL" not in {e.code for e in case.expected}:
        assert category_weights(corrected) == category_weights(found)
    assert len(corrected.indicators) == len(found.indicators)


def test_pending_actuals_have_no_score(case: Case) -> None:
    for row in case.corrected_form().indicators:
        if row.actual.text.strip() == PENDING:
            assert row.score.text.strip() in ("", PENDING), row.name


def test_a_changed_target_keeps_its_actual_only_when_the_actual_still_measures_it(case: Case) -> None:
    """An actual left beside a new target must be scoreable against it, else it is 【待实测】."""
    from assistant.scoring import indicator_score

    found, corrected = case.found_form(), case.corrected_form()
    for index, (old, new) in enumerate(zip(found.indicators, corrected.indicators, strict=True)):
        changed = old.target.display.strip() != new.target.display.strip()
        kept = new.actual.text.strip() not in ("", PENDING) and new.actual.text == old.actual.text
        if changed and kept and f"指标{index + 1}/实际完成值" not in case.why:
            assert indicator_score(new, RULES, corrected.year) is not None, f"指标{index + 1}"


def test_no_unit_score_is_raised_without_a_stated_reason(case: Case) -> None:
    found, corrected = case.found_form(), case.corrected_form()
    for index, (old, new) in enumerate(zip(found.indicators, corrected.indicators, strict=True)):
        if old.score.value is not None and new.score.value is not None and new.score.value > old.score.value:
            assert case.why.get(f"指标{index + 1}/得分"), f"{case.key} 指标{index + 1}: raised, no reason"


def test_every_case_explains_itself_in_chinese(case: Case) -> None:
    assert len(case.explanation) >= 60 and "。" in case.explanation
    assert case.defect and case.sector
    if case.constructed:
        assert case.found is not None  # a constructed form is written out in the case
    else:
        assert case.source


def test_seed_form_1_is_rewritten_with_its_own_quantities() -> None:
    corrected = case_by_key("seed-1").corrected_form()
    quantity = [r for r in corrected.indicators if r.category2 == "数量指标"]
    assert [r.target.display for r in quantity] == ["≥154人"]
    assert any(r.target.display == "≥10个" for r in corrected.indicators)
    assert all(r.name and not r.name.startswith("指标") for r in corrected.indicators)
    assert corrected.funds.total.rate.text == "90.10%" and corrected.funds.total.score.text == "9.01"
    assert quantity[0].actual.text == PENDING and quantity[0].score.text == ""


@pytest.mark.parametrize("suffix", [".json", ".docx"])
def test_a_worked_example_exports_its_corrected_form(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"更正后{suffix}"
    result = jixiao("learn", "example", "1", "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    checked = jixiao("check", out, "--format", "json")
    report = json.loads(checked.stdout)
    findings = [f for form in report["reports"] for f in form["findings"]]
    assert [f for f in findings if f["severity"] == "error"] == []
    assert "≥154人" in out.read_bytes().decode("utf-8", "ignore") or suffix == ".docx"
    again = jixiao("learn", "example", "1", "--out", out)
    assert again.returncode == 2 and "已存在" in again.stderr  # never overwrites a file


def test_example_out_needs_a_json_or_docx_name(tmp_path: Path) -> None:
    result = jixiao("learn", "example", "1", "--out", tmp_path / "x.txt")
    assert result.returncode == 2 and ".docx" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_case_file_is_a_chinese_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main
    from assistant.learn import cases

    (tmp_path / "01-bad.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(cases, "_cases_dir", lambda: tmp_path)
    cases._load.cache_clear()
    try:
        assert main(["learn", "example"]) == 2
        assert "案例文件 01-bad.yaml 无法读取" in capsys.readouterr().err
    finally:
        cases._load.cache_clear()


def test_every_corrected_form_reads_back_from_json_and_docx_without_errors(case: Case) -> None:
    import io

    from assistant.formats import forms_from_json, forms_to_json
    from assistant.formats.docx_reader import read_docx_bytes
    from assistant.formats.docx_writer import write_docx

    corrected = case.corrected_form()
    again = forms_from_json(forms_to_json([corrected]), "x.json")
    stream = io.BytesIO()
    write_docx([corrected], stream)
    for form in (*again, *read_docx_bytes(stream.getvalue(), "x.docx")):
        errors = [f"[{f.code}] {f.location}" for f in run_checks(form, RULES) if f.severity == "error"]
        assert errors == []
        assert category_weights(form) == category_weights(corrected)
