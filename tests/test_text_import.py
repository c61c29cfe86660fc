"""Plain text copied out of Word (the seed's format): every cell lands where it belongs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.formats import FormReadError, forms_from_json, forms_from_text, forms_to_json, read_forms


@pytest.fixture(scope="module")
def forms(seed_txt: Path):
    return read_forms(seed_txt)


def test_one_file_holds_two_forms(forms) -> None:
    assert [f.project for f in forms] == ["公共服务经费", "民生家园建设经费"]
    assert all(f.year == 2020 and f.money_unit == "万元" for f in forms)
    assert forms[0].title == "朝阳区项目支出绩效自评表"


def test_header_and_funds(forms) -> None:
    first = forms[0]
    assert (first.header.department, first.header.unit, first.header.phone) == (
        "安贞街道办事处", "社区建设办公室", "64263068",
    )  # fmt: skip
    total = first.funds.total
    assert total.full_year_budget.value == Decimal("2175.9657")
    assert total.executed.value == Decimal("1960.5869")
    assert (total.weight.text, total.rate.text, total.score.text) == ("10", "100%", "10")
    assert [s.label.strip() for s in first.funds.sources] == [
        "其中：当年财政拨款",
        "上年结转资金",
        "其他资金",
    ]
    assert first.funds.sources[0].score.text == "—"


def test_goal_keeps_multiline_text(forms) -> None:
    goal = forms[0].goal
    assert goal.expected.startswith("通过保障社区工作者的待遇")
    assert "\n通过统一规范办公用品使用" in goal.expected
    assert goal.actual.endswith("严格执行相关制度，保证经费落实到位。")


def test_placeholder_rows_are_not_indicators(forms) -> None:
    assert len(forms[0].indicators) == 10
    assert len(forms[1].indicators) == 15
    assert not any(i.name in ("", "……") and not i.target.text for i in forms[0].indicators)


def test_indicator_cells(forms) -> None:
    first = forms[0].indicators[0]
    assert (first.category1, first.category2, first.label) == ("产出指标", "数量指标", "指标1")
    assert first.target.text.startswith("保障10个社区154名社工")
    assert first.actual.text == "按实际支出"
    economic = forms[0].indicators[4]
    assert economic.level2 == "经济效益\n指标" and economic.category2 == "经济效益指标"
    named = forms[1].indicators[1]
    assert (named.label, named.name, named.deviation) == ("指标2", "开展疫情防疫工作", "无")


def test_totals(forms) -> None:
    assert (forms[0].stated_weight_total.text, forms[0].stated_total.text) == ("100", "1000")
    assert forms[1].stated_total.value == 100


def test_json_round_trip_is_identical(forms) -> None:
    assert forms_from_json(forms_to_json(forms), "x.json") == forms


def test_a_text_that_is_not_a_form_is_refused() -> None:
    with pytest.raises(FormReadError, match="没有找到自评表"):
        forms_from_text("会议纪要\n\n今天讨论了绿化工作。\n", "notes.txt")


def test_a_form_without_indicators_reports_the_missing_section() -> None:
    text = "\t项目名称\n\t道路维护\n\t主管部门\n\t某局\n\t实施单位\n\t某中心\n"
    (form,) = forms_from_text(text, "partial.txt")
    assert form.project == "道路维护"
    assert set(form.missing_sections) == {"项目资金", "年度总体目标", "绩效指标"}


def test_a_source_row_with_an_unusual_name_is_kept_when_it_holds_money() -> None:
    text = (
        "\t项目名称\n\t校舍维修\n\t主管部门\n\t某教育局\n\t实施单位\n\t某中学\n\n"
        "\t项目资金（万元）\n\t\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n\n"
        "\t\n\t年度资金总额\n\t120\n\t120\n\t120\n\t10\n\t100%\n\t10\n\n"
        "\t\n\t其中：当年财政拨款\n\t100\n\t100\n\t100\n\t—\n\t\n\t—\n\n"
        "\t\n\t单位自筹\n\t20\n\t20\n\t20\n\t—\n\t\n\t—\n\n"
        "\t年度总体目标\n\t预期目标\n\t实际完成情况\n\n\t\n\t完成3栋校舍维修\n\t完成3栋校舍维修并验收合格\n"
    )
    (form,) = forms_from_text(text, "school.txt")
    assert [s.label for s in form.funds.sources] == ["其中：当年财政拨款", "单位自筹"]
    assert form.goal.expected == "完成3栋校舍维修"
