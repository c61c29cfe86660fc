"""`jixiao draft … --out FILE`: the drafted form leaves as .docx, .xlsx or .json and `jixiao check`
reads it back; a rejected draft is never written; `convert` of a drafting result refuses clearly."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.drafting.brief import load_brief
from assistant.drafting.models import IndicatorDraft
from assistant.drafting.tasks import get_task, registered
from assistant.formats import read_forms
from assistant.rules import load_rule_set
from tests.factories import EXAMPLES, SEED_TXT

BRIEF = EXAMPLES / "brief-公共服务经费.yaml"


def run(capsys, *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".json"])
def test_drafted_indicators_leave_as_a_form_that_check_reads(tmp_path: Path, capsys, suffix: str) -> None:
    code, out, _ = run(capsys, "draft", "indicators", BRIEF, "--format", "json")
    drafted = json.loads(out)["draft"]["indicators"]
    path = tmp_path / f"起草{suffix}"
    code, out, err = run(capsys, "draft", "indicators", BRIEF, "--format", "json", "--out", path)
    assert code == 0 and json.loads(out)["status"] == "accepted"  # stdout stays pure JSON
    assert f"已写出起草的自评表：{path}" in err
    (form,) = read_forms(path)
    assert (form.header.project, form.header.unit, form.year) == ("公共服务经费", "社区建设办公室", 2020)
    assert form.funds.total.full_year_budget.text == "2175.9657"
    assert form.funds.total.rate.text == "90.10%"  # from the brief's figures, not from the draft
    rows = [(i.level1, i.level2, i.name, i.target.display, i.weight.value) for i in form.indicators]
    assert rows == [
        (d["level1"], d["level2"], d["name"], d["target"], pytest.approx(d["weight"])) for d in drafted
    ]
    assert all(i.actual.text == "" and i.score.text == "" for i in form.indicators)  # for the year end
    code, out, err = run(capsys, "check", path)
    assert code in (0, 1) and "公共服务经费" in out and err == ""


def test_drafted_deviations_leave_as_the_form_with_its_explanations(tmp_path: Path, capsys) -> None:
    (source, _) = read_forms(SEED_TXT)
    path = tmp_path / "补充说明.xlsx"
    code, out, _ = run(capsys, "draft", "deviations", SEED_TXT, "--form", "1", "--out", path)
    assert code == 0 and f"已写出起草的自评表：{path}" in out
    (form,) = read_forms(path)
    assert "215.3788万元" in form.other_notes  # the funds explanation, in 其他需要说明事项
    assert source.other_notes == "" or source.other_notes in form.other_notes
    assert (
        form.model_copy(update={"other_notes": ""}).model_dump()
        == source.model_copy(update={"other_notes": ""}).model_dump()
    )  # nothing else changed


def test_a_rejected_draft_is_not_written(tmp_path: Path, capsys) -> None:
    spec = get_task("indicators")
    broken = copy.deepcopy(spec.offline_draft(load_brief(BRIEF), load_rule_set(), []))
    broken.indicators[0].weight += 5  # weights no longer add up: WEIGHT-TOTAL blocks it
    path = tmp_path / "起草.docx"
    with registered(
        replace(spec, offline=lambda *a: IndicatorDraft.model_validate(broken.model_dump())), replace=True
    ):
        code, out, err = run(capsys, "draft", "indicators", BRIEF, "--out", path)
    assert code == 1 and not path.exists()
    assert "草稿未通过检查，未写出" in err and "WEIGHT-TOTAL" in out


def test_out_never_overwrites_and_names_what_is_wrong(tmp_path: Path, capsys) -> None:
    existing = tmp_path / "已有.docx"
    existing.write_bytes(b"the unit's own file")
    for out, expected in (
        (existing, "文件已存在，未覆盖"),
        (tmp_path / "起草.pdf", "输出文件须为 .docx、.xlsx 或 .json"),
        (tmp_path / "没有的目录" / "起草.docx", "不存在"),
        (tmp_path, "这是文件夹"),
    ):
        code, out_text, err = run(capsys, "draft", "indicators", BRIEF, "--out", out)
        assert code == 2 and out_text == "" and expected in err  # refused before drafting
    assert existing.read_bytes() == b"the unit's own file"
    code, _, err = run(capsys, "draft", "deviations", SEED_TXT, "--out", SEED_TXT)
    assert code == 2 and "不能是输入文件本身" in err


@pytest.mark.parametrize("part", ["whole", "draft"])
def test_convert_of_a_drafting_result_refuses_instead_of_an_empty_form(tmp_path: Path, capsys, part) -> None:
    _, out, _ = run(capsys, "draft", "indicators", BRIEF, "--format", "json")
    result = json.loads(out)
    source = tmp_path / "起草结果.json"
    source.write_text(json.dumps(result if part == "whole" else result["draft"], ensure_ascii=False), "utf-8")
    target = tmp_path / "表.docx"
    code, out, err = run(capsys, "convert", source, target)
    assert code == 2 and not target.exists()
    assert "这是 jixiao draft 输出的起草结果，不是自评表" in err and "--out" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("content", ['{"indicators": []}', '{"header": {"project": ""}, "funds": {}}'])
def test_convert_never_writes_an_empty_form(tmp_path: Path, capsys, content: str) -> None:
    source, target = tmp_path / "空.json", tmp_path / "空.xlsx"
    source.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "convert", source, target)
    assert code == 2 and not target.exists() and "没有任何内容" in err
