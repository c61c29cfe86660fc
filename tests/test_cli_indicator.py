"""`jixiao indicator` as a user runs it: the verdict, the JSON contract, exit codes, Chinese errors."""

from __future__ import annotations

import json

from tests.processes import jixiao


def test_a_good_target_is_accepted_with_exit_zero() -> None:
    result = jixiao("indicator", "数量指标", "覆盖社区数", "≥10个社区")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "通过" in result.stdout and "不通过" not in result.stdout


def test_a_rejected_target_names_its_reason_and_exits_one() -> None:
    result = jixiao("indicator", "服务对象满意度指标", "服务对象满意度", "≥154人")
    assert result.returncode == 1
    assert "不通过" in result.stdout and "[SMART-UNIT-CATEGORY]" in result.stdout
    assert "百分比" in result.stdout


def test_json_has_accepted_and_findings_with_reasons() -> None:
    result = jixiao("indicator", "质量指标", "垃圾分类准确率", "提升10%", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["accepted"] is False
    assert [f["code"] for f in data["findings"]] == ["SMART-GROWTH-NO-BASE"]
    assert "基数" in data["findings"][0]["reason"]
    good = jixiao("indicator", "时效指标", "完成时间", "2023年12月31日前", "--format", "json")
    good = json.loads(good.stdout)
    assert good == {"accepted": True, "findings": []}


def test_the_budget_and_the_actual_are_judged() -> None:
    within = jixiao("indicator", "成本指标", "设备购置成本", "≤30万元", "--budget", "100")
    above = jixiao("indicator", "成本指标", "设备购置成本", "≤300万元", "--budget", "200", "--format", "json")
    assert within.returncode == 0, within.stdout
    assert above.returncode == 1
    assert [f["code"] for f in json.loads(above.stdout)["findings"]] == ["DRAFT-COST-BUDGET"]
    copied = jixiao(
        "indicator", "数量", "保障社区工作者人数", "≥154人", "--actual", "≥154人", "--format=json"
    )
    assert [f["code"] for f in json.loads(copied.stdout)["findings"]] == ["ACTUAL-COPIES-TARGET"]


def test_a_short_category_name_is_understood() -> None:
    result = jixiao("indicator", "满意度", "服务对象满意度", "≥90%")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_arguments_are_one_chinese_line_and_exit_two() -> None:
    for args in (
        ("indicator", "好指标", "名称", "≥1个"),
        ("indicator", "成本指标", "设备购置成本", "≤30万元", "--budget", "很多"),
    ):
        result = jixiao(*args)
        assert result.returncode == 2
        assert result.stderr.startswith("错误：") and "Traceback" not in result.stderr
        assert result.stdout == ""
