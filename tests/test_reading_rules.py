"""The reading rules of docs/rules.md §6 that keep real forms from raising false alarms."""

from __future__ import annotations

from assistant.checks import run_checks
from assistant.form import Form, Indicator
from assistant.rules import load_rule_set
from assistant.scoring import compute
from tests.factories import good_form, n, row


def _ind(form: Form, name: str) -> Indicator:
    return next(i for i in form.indicators if i.name == name)


def _codes(form: Form) -> list[str]:
    return [f.code for f in run_checks(form)]


def _short_form(score: str, total: str) -> Form:
    """148 of ≥154 people: the rule gives 148/154 × 15 = 14.4156 → 14.42."""
    form = good_form()
    row = _ind(form, "保障社区工作者人数")
    row.actual.text = "148人"
    row.score = n(score)
    row.deviation = "6名社工年中离职，岗位空缺未及时补充，下一步提前储备人选。"
    form.stated_total = n(total)
    return form


def test_an_indicator_score_agrees_at_the_precision_it_is_written() -> None:
    assert "SCORE-MISMATCH" not in _codes(_short_form("14.4", "99.4"))
    assert "SCORE-MISMATCH" not in _codes(_short_form("14.42", "99.42"))
    assert "SCORE-MISMATCH" in _codes(_short_form("14.3", "99.3"))
    assert "SCORE-MISMATCH" in _codes(_short_form("14.31", "99.31"))


def test_the_total_agrees_at_the_precision_it_is_written() -> None:
    assert "TOTAL-SCORE" not in _codes(_short_form("14.42", "99.4"))
    assert "TOTAL-SCORE" in _codes(_short_form("14.42", "99.5"))
    assert "TOTAL-SCORE" in _codes(_short_form("14.42", "99.45"))


def _underspent(score: str, total: str) -> Form:
    """1803 of 2000 spent: 90.15 %, funds score 9.015 → 9.02."""
    form = good_form()
    form.funds.total.executed = n("1803")
    form.funds.sources[0].executed = n("1803")
    form.funds.total.rate = n("90.15%")
    form.funds.total.score = n(score)
    form.stated_total = n(total)
    form.other_notes = "资金结余197万元，因部分社工岗位空缺，未支出部分已按规定收回。"
    return form


def test_the_funds_score_agrees_at_the_precision_it_is_written() -> None:
    assert "FUND-SCORE" not in _codes(_underspent("9.0", "99"))
    assert "FUND-SCORE" not in _codes(_underspent("9.02", "99.02"))
    assert "FUND-SCORE" in _codes(_underspent("9.1", "99.1"))
    assert "FUND-SCORE" in _codes(_underspent("9.04", "99.04"))


def test_the_grade_follows_the_total_as_the_form_shows_it() -> None:
    form = good_form()  # 10 + 79.995 shows as 90.00: 优, not 良
    _ind(form, "居民满意度（问卷调查）").score = n("9.995")
    form.indicators[5].score = n("5")
    form.indicators[5].actual.text = "4%"
    form.indicators[5].deviation = "无偏差。"
    form.stated_total = n("89.995")
    form.grade = "优"
    assert "GRADE" not in _codes(form)


def _copies(target: str, actual: str) -> list[str]:
    form = good_form()
    row = _ind(form, "保障社区工作者人数")
    row.target.text, row.actual.text = target, actual
    return [f.code for f in run_checks(form) if f.code == "ACTUAL-COPIES-TARGET"]


def test_an_actual_equal_in_number_to_its_target_is_a_result() -> None:
    assert _copies("≥154人", "154人") == []
    assert _copies("154人", "154人") == []  # same text, no operator: the count was reached
    assert _copies("100%", "100%") == []


def test_an_actual_that_keeps_the_operator_or_repeats_text_is_a_copy() -> None:
    assert _copies("≥154人", "≥154人") == ["ACTUAL-COPIES-TARGET"]
    assert _copies("154人", "≥154人") == ["ACTUAL-COPIES-TARGET"]
    assert _copies("验收合格", "验收合格") == ["ACTUAL-COPIES-TARGET"]


def _rate_finding(executed: str, rate: str) -> list[str]:
    form = good_form()
    form.funds.total.executed = n(executed)
    form.funds.sources[0].executed = n(executed)
    form.funds.total.rate = n(rate)
    return [f.code for f in run_checks(form) if f.code == "FUND-RATE"]


def test_a_rate_written_as_a_percent_a_bare_number_or_a_fraction() -> None:
    for written in ("90.1%", "90.1", "0.901", "0.9010"):
        assert _rate_finding("1802", written) == [], written  # 90.10 %
    assert _rate_finding("2000", "1") == []  # 100 %: only the fraction reading agrees
    assert _rate_finding("2000", "1.00") == []
    assert _rate_finding("2000", "1.0") == []
    assert _rate_finding("2100", "1.05") == []  # 105 %, overspent


def test_a_bare_number_is_a_percent_when_that_reading_agrees() -> None:
    assert _rate_finding("10", "0.5") == []  # 10 of 2000 is 0.5 %, not 50 %
    assert _rate_finding("26", "1.3") == []  # 1.3 %
    assert _rate_finding("1802", "0.91") == ["FUND-RATE"]
    assert _rate_finding("1802", "1.5") == ["FUND-RATE"]
    assert _rate_finding("2000", "1.6") == ["FUND-RATE"]  # above 1.5 only the percent reading


def test_a_fraction_is_compared_at_its_written_precision_as_a_percent() -> None:
    assert _rate_finding("1802", "0.9") == []  # 90 % for 90.10 %
    assert _rate_finding("1802", "0.90") == []
    assert _rate_finding("1802", "0.902") == ["FUND-RATE"]


def _named(category2: str, name: str, target: str, actual: str) -> list[str]:
    form = good_form()
    row = next(i for i in form.indicators if i.category2 == category2)
    row.name, row.target.text, row.actual.text = name, target, actual
    return _codes(form)


def test_the_unit_of_a_bare_target_may_sit_in_the_names_brackets() -> None:
    codes = _named("成本指标", "社工经费支出（万元）", "≤2000", "1950万元")
    assert "SMART-COST-NO-AMOUNT" not in codes and "SMART-UNMEASURABLE" not in codes
    assert "UNIT-MISMATCH" in _named("数量指标", "保障社区工作者人数（人次）", "154", "154户")
    assert "UNIT-MISMATCH" not in _named("数量指标", "保障社区工作者人数（人次）", "154", "160人次")


def test_a_bracket_that_is_no_unit_gives_no_unit() -> None:
    codes = _named("成本指标", "社工经费支出（含五险一金）", "≤2000", "1950万元")
    assert "SMART-COST-NO-AMOUNT" in codes


def _with_rows(*rows: Indicator, after: str = "保障社区工作者人数") -> Form:
    form = good_form()
    at = form.indicators.index(_ind(form, after)) + 1
    form.indicators[at:at] = list(rows)
    return form


def test_a_breakdown_row_is_read_but_its_blank_weight_is_normal() -> None:
    form = _with_rows(
        row("产出指标", "数量指标", "其中：持证社工人数", "≥60人", "62人", "", ""),
        row("产出指标", "数量指标", "其中:专职社工人数", "≥90人", "≥90人", "", ""),
    )
    codes = _codes(form)
    assert "VALUE-UNREADABLE" not in codes and "WEIGHT-TOTAL" not in codes and "TOTAL-SCORE" not in codes
    copies = [f for f in run_checks(form) if f.code == "ACTUAL-COPIES-TARGET"]
    assert [f.place.row for f in copies] == [2]  # its numbers are still checked
    assert compute(form, load_rule_set()).total_score == 100


def test_a_breakdown_rows_weight_is_not_counted_twice() -> None:
    form = _with_rows(
        row("产出指标", "数量指标", "（1）持证社工", "≥60人", "62人", "6", "6"),
        row("产出指标", "数量指标", "（2）专职社工", "≥94人", "94人", "9", "9"),
    )
    codes = _codes(form)
    assert "WEIGHT-TOTAL" not in codes and "TOTAL-SCORE" not in codes and "WEIGHT-SCHEME" not in codes


def test_numbered_rows_that_open_their_group_are_indicators_not_a_breakdown() -> None:
    form = good_form()
    form.indicators[0].name = "（1）保障社区工作者人数"
    form.indicators[1].name = "（2）覆盖社区数"
    assert _codes(form) == []
    form.indicators[1].weight = form.indicators[1].score = n("20")
    assert "WEIGHT-TOTAL" in _codes(form)


def _short_unexplained() -> Form:
    form = _short_form("14.42", "99.42")
    _ind(form, "保障社区工作者人数").deviation = "无"
    return form


def _deviation_codes(form: Form) -> list[str]:
    return [f.code for f in run_checks(form) if f.code.startswith("DEVIATION")]


def test_a_row_is_explained_by_form_level_text_that_names_it() -> None:
    assert _deviation_codes(_short_unexplained()) == ["DEVIATION-MISSING"]
    form = _short_unexplained()
    form.other_notes = "保障社区工作者人数未达目标，因6名社工年中离职。"
    assert _deviation_codes(form) == []
    form = _short_unexplained()
    form.form_explanations = ["社区工作者人数少6人：受疫情影响招考推迟"]  # a distinctive part of the name
    assert _deviation_codes(form) == []
    form = _short_unexplained()
    form.form_explanations = ["数量指标未完成，因年中离职6人"]  # its 二级指标
    assert _deviation_codes(form) == []
    form = _short_unexplained()
    form.goal.actual += "保障社区工作者人数148人，低于目标，因年中6人离职。"
    assert _deviation_codes(form) == []


def test_form_level_text_that_names_another_row_or_says_nothing_is_no_explanation() -> None:
    form = _short_unexplained()
    form.form_explanations = ["无"]
    form.other_notes = "已完成"
    assert _deviation_codes(form) == ["DEVIATION-MISSING"]
    form.form_explanations = ["持证社工占比未达目标，因考试推迟。"]
    assert _deviation_codes(form) == ["DEVIATION-MISSING"]


def test_unspent_money_is_explained_by_any_form_level_text() -> None:
    form = _underspent("9.02", "99.02")
    form.other_notes = "无"
    assert _deviation_codes(form) == ["DEVIATION-UNSPENT"]
    form.form_explanations = ["资金结余197万元，因部分社工岗位空缺未支付。"]
    assert _deviation_codes(form) == []
    form.form_explanations = []
    form.goal.actual += "执行率90.15%，因岗位空缺部分工资未支付。"
    assert _deviation_codes(form) == []


def test_the_text_reader_keeps_the_form_level_explanation_boxes(seed_txt, tmp_path) -> None:
    from assistant.formats import read_forms

    first = seed_txt.read_text(encoding="utf-8").split("附件2")[0]
    path = tmp_path / "boxes.txt"
    boxes = (
        "\n\n\t偏差大或目标未完成原因分析\n\t资金结余215万元，因社工岗位空缺。\n"
        "\n\t改进措施及结果应用方案\n\t下年度提前招考。\n"
    )
    path.write_text(first.rstrip() + boxes, encoding="utf-8")
    (form,) = read_forms(path)
    assert form.form_explanations == ["资金结余215万元，因社工岗位空缺。", "下年度提前招考。"]
    assert "DEVIATION-UNSPENT" not in _codes(form)


def test_the_explanation_boxes_survive_a_word_round_trip(tmp_path) -> None:
    from assistant.formats import read_forms
    from assistant.formats.docx_writer import write_docx

    form = good_form()
    form.form_explanations = ["资金结余197万元，因部分社工岗位空缺未支付。"]
    form.other_notes = "无其他事项。"
    path = tmp_path / "boxes.docx"
    write_docx([form], path)
    (again,) = read_forms(path)
    assert again.form_explanations == form.form_explanations and again.other_notes == form.other_notes


def test_a_merged_deviation_row_ends_the_indicators_and_explains(seed_txt, tmp_path) -> None:
    from assistant.formats import read_forms

    first = seed_txt.read_text(encoding="utf-8").split("附件2")[0]
    before, total = first.rsplit("\n\n\t总分", 1)
    merged = "\n\n\t偏差原因分析\n\t资金结余215万元，受疫情影响社工招考推迟。"
    path = tmp_path / "merged.txt"
    path.write_text(before + merged + "\n\n\t总分" + total, encoding="utf-8")
    (form,) = read_forms(path)
    (seed,) = read_forms(seed_txt)[:1]
    assert len(form.indicators) == len(seed.indicators)
    assert form.form_explanations == ["资金结余215万元，受疫情影响社工招考推迟。"]
    assert "DEVIATION-UNSPENT" not in _codes(form)


def _evaluation_template() -> Form:
    """决策 / 过程 / 产出 / 效益 as 一级指标: 10 + 10 + 10 + 40 + 30 = 100."""
    form = good_form()
    form.indicators = [
        row("决策", "项目立项", "立项依据充分性", "立项依据充分", "立项依据充分", "5", "5"),
        row("决策", "绩效目标", "绩效目标合理性", "目标明确合理", "目标明确", "5", "5"),
        row("过程", "资金管理", "资金使用合规性", "资金使用合规", "合规", "5", "5"),
        row("过程", "组织实施", "管理制度健全性", "制度健全", "已建立管理制度", "5", "5"),
        row("产出", "数量指标", "保障社区工作者人数", "≥154人", "154人", "20", "20"),
        row("产出", "时效指标", "工资发放时间", "每月15日前", "每月15日前发放", "10", "10"),
        row("产出", "成本指标", "社工经费支出", "≤2000万元", "1950万元", "10", "10"),
        row("效益", "社会效益指标", "社工队伍流失率", "≤5%", "4%", "30", "30"),
    ]
    return form


def test_the_evaluation_template_is_read_as_that_template() -> None:
    findings = run_checks(_evaluation_template())
    assert not [
        f for f in findings if f.code in ("STRUCTURE-MISSING", "SMART-UNMEASURABLE", "CATEGORY-MISFIT")
    ]
    assert not [f for f in findings if f.code == "ACTUAL-COPIES-TARGET"]


def test_the_evaluation_template_still_needs_its_own_parts() -> None:
    form = _evaluation_template()
    form.indicators = [i for i in form.indicators if i.level1 != "效益"]
    form.indicators[4].weight = form.indicators[4].score = n("50")
    missing = [f for f in run_checks(form) if f.code == "STRUCTURE-MISSING"]
    assert [f.place.level1 for f in missing] == ["效益指标"]
    form = _evaluation_template()
    form.indicators[0].target.text = ""  # a blank compliance target is still unmeasurable
    assert "SMART-UNMEASURABLE" in _codes(form)
