"""Every answer key agrees with the checks and the scoring: the 找问题 rows of the case library,
the 进阶 whole-form keys and the 综合 keys. A key typed wrong in the data fails here."""

from __future__ import annotations

import pytest

from assistant.findings import code_catalogue
from assistant.learn.cases import all_cases
from assistant.learn.exercises import row_codes
from assistant.learn.levels import (
    computed_review_key,
    computed_whole_key,
    judge_review,
    judge_whole,
    level_data,
)
from assistant.learn.library_rows import exercise_data
from assistant.rules import load_rule_set

RULES = load_rule_set()
ROWS = [(case, row) for case in all_cases() for row in case.exercise_rows]


@pytest.mark.parametrize(("case", "row"), ROWS, ids=[f"{c.key}-{r}" for c, r in ROWS])
def test_a_case_row_key_is_what_the_checks_find(case, row) -> None:
    offered = set(exercise_data()["row_codes"])
    key = {e.code for e in case.expected if e.at.split("/")[0] == f"指标{row}" and e.code in offered}
    in_order = [code for code in code_catalogue() if code in key]
    assert in_order == row_codes(case.found_form(), row - 1, RULES)


@pytest.mark.parametrize("case", [c for c in all_cases() if c.exercise_rows], ids=lambda c: c.key)
def test_a_case_offers_at_least_one_row_with_a_problem(case) -> None:
    offered = set(exercise_data()["row_codes"])
    rows = {e.at.split("/")[0] for e in case.expected if e.code in offered}
    assert rows & {f"指标{row}" for row in case.exercise_rows}


@pytest.mark.parametrize("item", level_data().advanced, ids=lambda i: i.case)
def test_an_advanced_key_is_what_the_scoring_computes(item) -> None:
    assert item.key == computed_whole_key(item, RULES)


@pytest.mark.parametrize("item", level_data().comprehensive, ids=lambda i: i.case)
def test_a_comprehensive_key_is_what_the_checks_find(item) -> None:
    codes, verdict = computed_review_key(item, RULES)
    assert sorted(item.key.codes) == codes
    assert item.key.verdict == verdict


def test_a_wrong_key_would_be_caught() -> None:
    """The comparison above can fail: a key with one score changed differs from the scoring."""
    item = level_data().advanced[0].model_copy(deep=True)
    item.key.scores[1] = "15.00"
    assert item.key != computed_whole_key(item, RULES)


def test_judging_a_whole_form_marks_each_part() -> None:
    item = level_data().advanced[0]  # 全民健身运动会: 12 of 20 events → 9.00
    answers = {"rate": "100%", "funds": "10", "total": "88", "grade": "良"}
    answers |= {f"row {row}": score for row, score in item.key.scores.items()}
    assert all(part.right for part in judge_whole(item, answers))
    answers["row 1"] = "12"  # the common slip: full proportion of the wrong count
    answers["grade"] = "优"
    wrong = [part.label for part in judge_whole(item, answers) if not part.right]
    assert wrong == ["指标1得分", "评价等级"]


def test_judging_an_opinion_by_its_required_elements() -> None:
    item = next(i for i in level_data().comprehensive if i.case == "farm-floored-score")
    good = "经审核，该表存在计算错误，现予退回。资金得分应为9.78分（10分×97.81%），总分应为99.78分。"
    assert all(part.right for part in judge_review(item, ["FUND-SCORE"], good))
    vague = "经审核，该表资金得分有误，现予退回，请修改。"
    missing = [p.label for p in judge_review(item, ["FUND-SCORE", "GRADE"], vague) if not p.right]
    assert missing == ["多选 GRADE", "更正数字 9.78", "更正数字 99.78"]


def test_the_library_has_rows_for_every_second_level_and_a_met_row_is_clean() -> None:
    from assistant.learn.checking import findings_for
    from assistant.learn.library_rows import library_rows, place

    rows = library_rows()
    levels = {row.level2 for row in rows}
    wanted = {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标"}
    wanted |= {"生态效益指标", "可持续影响指标", "服务对象满意度指标"}
    assert wanted <= levels, wanted - levels
    for row in rows:
        form, index = place(row)
        found = [f.code for f in findings_for(form, RULES) if f.indicator_index == index]
        assert found == [], (row.type_title, row.item.name, found)
