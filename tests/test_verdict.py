"""One finding per place, and the reviewer's verdict (docs/rules.md §5.3, §7)."""

from __future__ import annotations

from assistant.findings import code_catalogue, make_finding, merge_findings, specificity
from assistant.form import Form, Header
from assistant.place import Place
from assistant.review.form_report import check_form
from assistant.rules import load_rule_set
from tests.factories import good_form, n, row

RULES = load_rule_set()


def _with(form: Form, **update) -> Form:
    return form.model_copy(update=update)


def test_every_code_has_a_specificity() -> None:
    assert set(specificity()) == set(code_catalogue())


def test_merge_keeps_the_most_severe_then_the_most_specific() -> None:
    cell = Place(section="indicators", level1="产出指标", level2="时效指标", row=3, field="target")
    other = Place(section="indicators", level1="产出指标", level2="时效指标", row=3, field="actual")
    unmeasurable = make_finding("SMART-UNMEASURABLE", cell, RULES, "no_number", target="按计划")
    deadline = make_finding("SMART-NO-DEADLINE", cell, RULES, target="按计划", example="2020年12月31日前")
    vague = make_finding("SMART-VAGUE", other, RULES, "actual", text="有效", word="有效")
    error = make_finding("VALUE-UNREADABLE", cell, RULES, "blank", cell="分值")
    merged = merge_findings([unmeasurable, vague, deadline])
    assert [(f.code, f.tags) for f in merged] == [
        ("SMART-NO-DEADLINE", ("SMART-UNMEASURABLE",)),
        ("SMART-VAGUE", ()),
    ]
    (head, _) = merge_findings([unmeasurable, error, vague])
    assert (head.code, head.severity, head.tags) == ("VALUE-UNREADABLE", "error", ("SMART-UNMEASURABLE",))


def test_a_row_proposed_for_deletion_is_one_finding_with_its_warnings_as_tags() -> None:
    """The 时效 row "年度资金支付完成率100%" (tianchang, 2022): its name holds the value, its target is
    blank, and it repeats the funds' execution rate. Deleting it is the one thing to do; a score
    error on it is still an error of its own, and the other rows are untouched."""

    def place(row: int, field: str | None = None) -> Place:
        return Place(section="indicators", level1="产出指标", level2="时效指标", row=row, field=field)  # type: ignore[arg-type]

    name = "年度资金支付完成率100%"
    in_name = make_finding("TARGET-IN-NAME", place(3, "name"), RULES, name=name, value="100%")
    blank = make_finding("SMART-UNMEASURABLE", place(3, "target"), RULES, "blank")
    deadline = make_finding(
        "SMART-NO-DEADLINE", place(3, "target"), RULES, target="（空）", example="2022年12月31日前"
    )
    common = {"name": name, "category": "时效指标", "why": "预算执行率已在“项目资金”中计分"}
    delete = make_finding("CATEGORY-MISFIT", place(3), RULES, "remove", word="支付完成率", **common)
    move = make_finding(
        "CATEGORY-MISFIT", place(3), RULES, "keyword", word="x", suggested="数量指标", **common
    )
    score = make_finding("VALUE-UNREADABLE", place(3, "score"), RULES, cell="得分", text="满分")
    other_row = make_finding("SMART-UNMEASURABLE", place(4, "target"), RULES, "blank")

    merged = merge_findings([in_name, blank, deadline, delete, score, other_row])
    assert [(f.code, f.place.row, f.place.field, f.tags) for f in merged] == [
        ("VALUE-UNREADABLE", 3, "score", ()),
        ("CATEGORY-MISFIT", 3, None, ("TARGET-IN-NAME", "SMART-UNMEASURABLE", "SMART-NO-DEADLINE")),
        ("SMART-UNMEASURABLE", 4, "target", ()),
    ]
    assert merged[1].message == delete.message
    # Moving the row to another category is not deleting it: each cell keeps its finding.
    kept = merge_findings([in_name, blank, move])
    assert [(f.code, f.place.field) for f in kept] == [
        ("TARGET-IN-NAME", "name"),
        ("SMART-UNMEASURABLE", "target"),
        ("CATEGORY-MISFIT", None),
    ]


def test_a_correct_form_passes_with_no_findings() -> None:
    report = check_form(good_form(), RULES)
    assert report.findings == []
    assert (report.verdict.kind, report.verdict.label) == ("passed", "通过")


def test_only_advisory_warnings_pass() -> None:
    form = good_form()
    # WEIGHT-SCHEME alone: move 5 points from 产出 to 满意度
    indicators = list(form.indicators)
    indicators[0] = row("产出指标", "数量指标", "保障社区工作者人数", "≥154人", "154人", "10", "10")
    indicators[-1] = row(
        "满意度指标", "服务对象满意度指标", "居民满意度（问卷调查）", "≥90%", "93.5%", "15", "15"
    )
    report = check_form(_with(form, indicators=indicators), RULES)
    assert [f.code for f in report.findings] == ["WEIGHT-SCHEME"]
    assert report.verdict.label == "通过"


def test_satisfaction_at_100_is_advisory_only_when_the_survey_is_named() -> None:
    form = good_form()
    surveyed = list(form.indicators)
    surveyed[-1] = row(
        "满意度指标", "服务对象满意度指标", "居民满意度（问卷调查）", "≥90%", "100%", "10", "10"
    )
    report = check_form(_with(form, indicators=surveyed), RULES)
    assert [f.code for f in report.findings] == ["SMART-SATISFACTION"]
    assert report.verdict.label == "通过"
    bare = list(form.indicators)
    bare[-1] = row("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "100%", "10", "10")
    report = check_form(_with(form, indicators=bare), RULES)
    assert [f.code for f in report.findings] == ["SMART-SATISFACTION"]
    assert report.verdict.label == "修改后通过"


def test_a_missing_header_returns_the_form() -> None:
    form = _with(good_form(), header=Header(project="社区工作者保障经费", department="某街道办事处"))
    report = check_form(form, RULES)
    assert report.verdict.label == "退回"


def test_half_the_indicators_unmeasurable_returns_the_form_without_errors() -> None:
    form = good_form()
    indicators = [
        i.model_copy(update={"target": i.target.model_copy(update={"text": "效果良好"})}) if k < 4 else i
        for k, i in enumerate(form.indicators)
    ]
    report = check_form(_with(form, indicators=indicators), RULES)
    assert not report.errors
    assert (report.verdict.unmeasurable, report.verdict.indicators) == (4, 8)
    assert report.verdict.label == "退回"
    three = [
        i.model_copy(update={"target": i.target.model_copy(update={"text": "效果良好"})}) if k < 3 else i
        for k, i in enumerate(form.indicators)
    ]
    assert check_form(_with(form, indicators=three), RULES).verdict.label == "修改后通过"


def _target_setting(form: Form) -> Form:
    """The form with every result blank: a 绩效目标申报表."""
    blank = [
        i.model_copy(update={"actual": i.actual.model_copy(update={"text": ""}), "score": n("")})
        for i in form.indicators
    ]
    goal = form.goal.model_copy(update={"actual": ""})
    return _with(form, indicators=blank, stated_total=n(""), grade="", goal=goal)


def test_a_target_setting_form_is_never_read_as_a_passed_self_evaluation() -> None:
    report = check_form(_target_setting(good_form()), RULES)
    assert report.form.is_target_setting
    assert (report.verdict.kind, report.verdict.label) == ("passed", "通过（绩效目标申报表）")
    assert report.verdict.form_type == "绩效目标申报表"
    assert report.as_contract()["form_type"] == "绩效目标申报表"
    # a self-evaluation keeps the bare label and names its own type
    evaluated = check_form(good_form(), RULES)
    assert (evaluated.verdict.label, evaluated.as_contract()["form_type"]) == ("通过", "绩效自评表")


def test_a_target_setting_form_with_bad_targets_is_returned_as_such() -> None:
    form = _target_setting(good_form())
    vague = [row("产出指标", "数量指标", f"工作{i}", "效果明显", "", "10", "") for i in range(6)]
    report = check_form(_with(form, indicators=vague + form.indicators[6:]), RULES)
    assert report.verdict.label == "退回（绩效目标申报表）"


def test_the_form_type_names_come_from_the_rule_set() -> None:
    rules = RULES.model_copy(
        update={"verdict": RULES.verdict.model_copy(update={"target_setting_form": "目标表"})}
    )
    assert check_form(_target_setting(good_form()), rules).verdict.label == "通过（目标表）"


def _weights(form: Form, weight: str, rows: int | None = None) -> Form:
    rows = len(form.indicators) if rows is None else rows
    changed = [
        i.model_copy(update={"weight": n(weight)}) if k < rows else i for k, i in enumerate(form.indicators)
    ]
    return _with(form, indicators=changed)


def test_a_target_setting_form_without_a_weight_column_is_not_an_error() -> None:
    """Many 绩效目标申报表 templates have no 分值 column: blank weights on every row are the
    template's. A column filled on some rows and blank on others is still reported."""
    form = _weights(_target_setting(good_form()), "")
    total = form.funds.total.model_copy(update={"weight": n("")})
    report = check_form(_with(form, funds=form.funds.model_copy(update={"total": total})), RULES)
    assert not {"VALUE-UNREADABLE", "WEIGHT-SCHEME"} & {f.code for f in report.findings}
    assert report.verdict.label == "通过（绩效目标申报表）"
    partly = check_form(_weights(_target_setting(good_form()), "", rows=2), RULES)
    unreadable = [f for f in partly.findings if f.code == "VALUE-UNREADABLE"]
    assert [f.place.row for f in unreadable] == [0, 1]
    # a self-evaluation's blank weights stay errors
    evaluated = check_form(_weights(good_form(), ""), RULES)
    assert any(f.code == "VALUE-UNREADABLE" and f.place.field == "weight" for f in evaluated.findings)
