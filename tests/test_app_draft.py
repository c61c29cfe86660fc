"""The 起草 page under AppTest: brief → draft indicators → live checks → 采纳 → downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.drafting import gate
from assistant.formats import forms_from_json, read_forms_bytes
from tests.app_helpers import download, errors, media_fixture, no_exception, page, screen

__all__ = ["media_fixture"]

BRIEF = Path(__file__).resolve().parents[1] / "examples" / "brief-公共服务经费.yaml"


def with_brief():
    at = no_exception(page("draft").run())
    at.file_uploader(key="draft_upload").set_value((BRIEF.name, BRIEF.read_bytes(), "text/yaml"))
    return no_exception(at.run())


def drafted():
    at = with_brief()
    at.button(key="draft_run").click()
    return no_exception(at.run())


def editor_key(at) -> str:
    [key] = [k for k in at.session_state if str(k).startswith("indicator_editor_") and "__" not in k]
    return key


def edit(at, changes: dict[int, dict]) -> None:
    """Change cells the way the browser's table editor reports them (row position → {column: value})."""
    at.session_state[editor_key(at)] = {"edited_rows": changes, "added_rows": [], "deleted_rows": []}
    no_exception(at.run())


def test_uploaded_brief_fills_the_form_fields() -> None:
    at = with_brief()
    values = {t.label: t.value for t in at.text_input}
    assert values["项目名称"] == "公共服务经费"
    assert values["全年预算数"] == "2175.9657"
    assert "154名社工" in at.text_area[0].value


def test_offline_draft_shows_its_gate_result_and_passes_every_check() -> None:
    at = drafted()
    text = screen(at)
    assert "校验结果：**已采纳**" in text and "离线" in text and "尝试 1 次" in text
    assert "未发现问题" in text
    assert len(at.data_editor[-1].value) >= 8
    assert not at.button(key="draft_accept").disabled


def test_editing_the_table_updates_findings_and_blocks_accepting() -> None:
    at = drafted()
    edit(at, {0: {"weight": 40.0}})
    text = screen(at)
    assert "WEIGHT-TOTAL" in text and "还有" in text
    assert at.button(key="draft_accept").disabled
    edit(at, {0: {"weight": 40.0}, 2: {"operator": None, "value": None, "text_target": "按实际支出"}})
    assert "SMART-UNMEASURABLE" in screen(at) and "〔第 3 行〕" in screen(at)


def test_accept_builds_the_form_and_both_downloads_read_back(media) -> None:
    at = drafted()
    rows = at.data_editor[-1].value
    at.button(key="draft_accept").click()
    no_exception(at.run())
    assert "已采纳" in screen(at)
    name, data = download(at, media, "下载 Word（.docx）")
    assert name == "公共服务经费.docx"
    [form] = read_forms_bytes(data, name)
    assert form.project == "公共服务经费"
    assert [i.name for i in form.indicators] == list(rows["name"])
    _, json_data = download(at, media, "JSON")
    [same] = forms_from_json(json_data.decode("utf-8"), "form.json")
    assert same.funds.total.rate.text == "90.10%"  # the execution rate comes from the brief, not a draft


def test_a_failing_draft_is_never_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    at = drafted()
    before = at.data_editor[-1].value
    real = gate.run_task

    def rejected(task, subject, rules, **kwargs):
        result = real(task, subject, rules, **kwargs)
        result.status, result.note = "rejected", "离线草稿也未通过检查：WEIGHT-TOTAL"
        return result

    monkeypatch.setattr(gate, "run_task", rejected)
    at.button(key="draft_run").click()
    no_exception(at.run())
    assert "已拒绝" in screen(at) and "不会写入表格" in screen(at)
    assert at.data_editor[-1].value.equals(before)


def test_redrafting_can_be_undone() -> None:
    at = drafted()
    edit(at, {0: {"name": "我改过的指标名称"}})
    at.button(key="draft_run").click()
    no_exception(at.run())
    assert "我改过的指标名称" not in list(at.data_editor[-1].value["name"])
    at.button(key="draft_restore").click()
    no_exception(at.run())
    assert at.data_editor[-1].value["name"].iloc[0] == "我改过的指标名称"


def test_incomplete_brief_is_named_before_drafting() -> None:
    at = no_exception(page("draft").run())
    at.text_input[0].set_value("社区经费")
    at.button(key="draft_run").click()
    no_exception(at.run())
    [message] = errors(at)
    assert "主管部门" in message and "项目说明" in message


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("年报.pdf", b"%PDF-1.7", "不支持的文件类型"),
        ("照片.jpg", b"\xff\xd8\xff\xe0", "不支持的文件类型"),
        ("坏简报.yaml", b"project: [unclosed", "格式错误"),
        ("缺字段.yaml", "project: 经费\nyear: 2020\n".encode(), "主管部门"),
        ("损坏.docx", b"PK\x03\x04 broken", "损坏.docx"),
    ],
)
def test_bad_upload_keeps_the_work_on_screen(name: str, data: bytes, said: str) -> None:
    at = drafted()
    rows = at.data_editor[-1].value
    at.file_uploader(key="draft_upload").set_value((name, data, "application/octet-stream"))
    no_exception(at.run())
    [message] = errors(at)
    assert message.startswith(name) and said in message
    assert at.data_editor[-1].value.equals(rows)
    assert {t.label: t.value for t in at.text_input}["项目名称"] == "公共服务经费"


def test_sector_box_is_preset_to_the_detection_and_can_be_changed() -> None:
    at = with_brief()
    [box] = [s for s in at.selectbox if s.label == "项目领域"]
    assert box.value is None and "自动判断：社区服务" in box.format_func(box.value)
    box.set_value("water")
    no_exception(at.run())
    at.button(key="draft_run").click()
    at = no_exception(at.run())
    names = list(at.data_editor[-1].value["name"])
    assert "工程管护责任落实率" in names and "社工持证上岗率" not in names  # the chosen family's rows
    assert "保障社工人数" in names  # the brief's own quantities stay


def test_reading_panel_shows_what_was_read() -> None:
    at = with_brief()
    [panel] = [e for e in at.expander if e.label.startswith("读取到的信息")]
    text = " ".join(m.value for m in panel.markdown)
    assert "数量：154名　计数对象：社工　产出数量" in text
    assert "金额：2175.9657万元　全年预算数" in text
    assert "项目领域：社区服务（community" in text
