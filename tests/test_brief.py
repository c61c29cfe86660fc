"""The project brief: the example loads exactly, and every bad file gets a Chinese reason naming the field."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.drafting.brief import BriefError, ProjectBrief, brief_from_data, load_brief

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "brief-公共服务经费.yaml"

MINIMAL = {
    "project": "公共服务经费",
    "department": "安贞街道办事处",
    "unit": "社区建设办公室",
    "year": 2020,
    "description": "保障10个社区154名社工的工资",
    "full_year_budget": "2175.9657",
}


def test_example_brief_is_the_seed_form_1() -> None:
    brief = load_brief(EXAMPLE)
    assert brief.project == "公共服务经费"
    assert brief.full_year_budget == Decimal("2175.9657")  # exact, not a float's neighbour
    assert brief.executed == Decimal("1960.5869")
    assert brief.year == 2020 and brief.money_unit == "万元" and brief.rules == "mof-2020"
    assert "10个社区154名社工" in brief.description


def test_json_and_yaml_give_the_same_brief(tmp_path: Path) -> None:
    data = {**MINIMAL, "full_year_budget": 2175.9657, "spending": [{"item": "社工工资", "amount": 1800.5}]}
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from_json = load_brief(path)
    yaml_path = tmp_path / "brief.yaml"
    yaml_path.write_text(
        "\n".join(
            [
                "project: 公共服务经费",
                "department: 安贞街道办事处",
                "unit: 社区建设办公室",
                "year: 2020",
                "description: 保障10个社区154名社工的工资",
                "full_year_budget: 2175.9657",
                "spending: [{item: 社工工资, amount: 1800.5}]",
            ]
        ),
        encoding="utf-8",
    )
    assert from_json == load_brief(yaml_path)
    assert from_json.spending[0].amount == Decimal("1800.5")


def test_loading_never_changes_the_file() -> None:
    before = EXAMPLE.read_bytes()
    load_brief(EXAMPLE)
    assert EXAMPLE.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"project": None}, "项目名称（project）"),
        ({"full_year_budget": "-5"}, "全年预算数（full_year_budget）"),
        ({"full_year_budget": "很多"}, "应为数字"),
        ({"year": "去年"}, "年度（year）"),
        ({"money_unit": "美元"}, "金额单位只能是"),
        ({"description": ""}, "项目说明（description）：不能为空"),
        ({"spending": [{"item": "工资"}]}, "支出明细（spending） → 第1项 → 金额（amount）：缺少此项"),
        ({"quantities": [{"name": "社工", "value": 154}]}, "已知数量（quantities） → 第1项 → 单位（unit）"),
        ({"causes": [{"about": "资金"}]}, "偏差原因（causes） → 第1项 → 原因（cause）"),
        ({"budgett": 5}, "budgett：不认识的字段"),
        ({"project_type": "航天"}, "未知的项目领域“航天”"),
        (
            {"spending": [{"item": "工资", "amount": 3000}]},
            "支出明细（spending）合计 3000 万元 超过全年预算数",
        ),
    ],
)
def test_bad_briefs_name_the_field(change: dict[str, object], expected: str) -> None:
    data = {**MINIMAL, **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(BriefError) as caught:
        brief_from_data(data, "brief.yaml")
    assert expected in str(caught.value)
    assert "Traceback" not in str(caught.value) and "pydantic" not in str(caught.value)


def test_project_type_by_id_or_chinese_title() -> None:
    assert brief_from_data({**MINIMAL, "project_type": "community"}).project_type == "community"
    assert brief_from_data({**MINIMAL, "project_type": "社区服务"}).project_type == "社区服务"


def test_phone_written_as_a_number_stays_text() -> None:
    assert brief_from_data({**MINIMAL, "phone": 64263068}).phone == "64263068"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.yaml", None, "找不到项目简报文件"),
        ("broken.yaml", "project: [公共服务经费\nyear: 2020\n", "格式错误"),
        ("broken.json", '{"project": "x",}', "第1行格式错误"),
        ("list.yaml", "- 公共服务经费\n", "内容应为字段表"),
        ("gbk.yaml", "项目".encode("gbk"), "不是 UTF-8 编码"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str | bytes | None, expected: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BriefError) as caught:
        load_brief(path)
    assert expected in str(caught.value)


def test_brief_model_round_trips_through_json() -> None:
    brief = load_brief(EXAMPLE)
    assert ProjectBrief.model_validate_json(brief.model_dump_json()) == brief
