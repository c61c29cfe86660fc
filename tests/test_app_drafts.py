"""Nothing lost: autosave, refresh and restart, named drafts, uploads that never overwrite work."""

from __future__ import annotations

from assistant.ui.workspace import Workspace
from tests.app_helpers import errors, no_exception, page, screen
from tests.factories import SEED_TXT
from tests.test_app_draft import drafted, edit


def names() -> list[str]:
    return sorted(d.name for d in Workspace().drafts())


def test_every_change_is_saved_and_a_refresh_brings_it_back() -> None:
    at = drafted()
    edit(at, {1: {"name": "覆盖社区数量"}})
    # A browser refresh is a new session; a server restart is a new process: both start from disk.
    again = no_exception(page("draft").run())
    assert {t.label: t.value for t in again.text_input}["项目名称"] == "公共服务经费"
    assert list(again.data_editor[-1].value["name"])[1] == "覆盖社区数量"
    assert "已采纳" in screen(again)  # the gate result is part of the draft


def test_typing_in_the_brief_is_saved_without_any_button() -> None:
    at = no_exception(page("draft").run())
    at.text_input[0].set_value("老旧小区改造")
    no_exception(at.run())
    [draft] = Workspace().drafts()
    assert Workspace().load(draft.id)["brief"]["project"] == "老旧小区改造"


def test_create_rename_switch_and_delete_named_drafts() -> None:
    at = drafted()
    at.text_input(key="drafts_new_name").set_value("民生项目")
    at.button(key="drafts_create").click()
    no_exception(at.run())
    assert names() == ["民生项目", "草稿1"]
    assert {t.label: t.value for t in at.text_input}["项目名称"] == ""  # the new draft starts empty
    # Renaming to a taken name is refused in Chinese, and nothing changes.
    rename = next(t for t in at.text_input if t.key and t.key.startswith("drafts_rename_"))
    rename.set_value("草稿1")
    at.button(key="drafts_rename_do").click()
    no_exception(at.run())
    assert any("已有名为“草稿1”的草稿" in e for e in errors(at))
    assert names() == ["民生项目", "草稿1"]
    # Switch back: the first draft's work is there.
    pick = next(s for s in at.selectbox if s.label == "当前草稿")
    pick.set_value(next(d.id for d in Workspace().drafts() if d.name == "草稿1"))
    no_exception(at.run())
    assert {t.label: t.value for t in at.text_input}["项目名称"] == "公共服务经费"
    # Delete needs the confirmation box.
    assert at.button(key="drafts_delete_do").disabled
    [sure] = [c for c in at.checkbox if c.key and c.key.startswith("drafts_delete_sure_")]
    sure.check()
    no_exception(at.run())
    at.button(key="drafts_delete_do").click()
    no_exception(at.run())
    assert names() == ["民生项目"]


def test_uploading_a_filled_form_opens_new_drafts_and_keeps_the_current_one() -> None:
    at = drafted()
    at.file_uploader(key="draft_upload").set_value((SEED_TXT.name, SEED_TXT.read_bytes(), "text/plain"))
    no_exception(at.run())
    assert names() == ["公共服务经费", "民生家园建设经费", "草稿1"]
    kept = next(d for d in Workspace().drafts() if d.name == "草稿1")
    assert len(Workspace().load(kept.id)["rows"]) >= 8
    assert "FUND-RATE" in screen(at)  # the first form of the file is now on screen, checked


def test_deviation_explanations_are_checked_before_they_are_written() -> None:
    at = no_exception(page("draft").run())
    at.file_uploader(key="draft_upload").set_value((SEED_TXT.name, SEED_TXT.read_bytes(), "text/plain"))
    no_exception(at.run())
    assert "DEVIATION-UNSPENT" in screen(at)
    at.button(key="deviation_run").click()
    no_exception(at.run())
    assert "校验结果" in screen(at)
    [funds] = [t for t in at.text_area if "预算执行偏差" in t.label]
    assert "【待填：资金结余的具体原因】" in funds.value  # an honest placeholder, not an invented cause
    [box] = [c for c in at.checkbox if c.key.startswith("dev_pick_")]
    assert box.value is False  # a placeholder is not ticked for the user
    funds.set_value(funds.value.replace("【待填：资金结余的具体原因】", "结余9999万元用于下一年度"))
    no_exception(at.run())
    assert "DRAFT-UNVERIFIED-NUMBER" in screen(at)  # 9999 is not a number the form supports
    assert next(c for c in at.checkbox if c.key.startswith("dev_pick_")).disabled
    real = (
        "全年预算数2175.9657万元，全年执行数1960.5869万元，执行率90.10%，结余215.3788万元。"
        "原因：部分社工岗位年内空缺，工资和五险一金支出少于预算。改进措施：按季度核定用人计划，及时调整预算。"
    )
    [funds] = [t for t in at.text_area if "预算执行偏差" in t.label]  # elements of the latest run
    funds.set_value(real)
    no_exception(at.run())
    box = next(c for c in at.checkbox if c.key.startswith("dev_pick_"))
    assert not box.disabled
    box.check()
    no_exception(at.run())
    at.button(key="deviation_insert").click()
    no_exception(at.run())
    assert "已写入 1 条" in screen(at)
    assert "DEVIATION-UNSPENT" not in screen(at)


def test_a_filled_form_can_seed_a_new_indicator_draft() -> None:
    at = no_exception(page("draft").run())
    at.file_uploader(key="draft_upload").set_value((SEED_TXT.name, SEED_TXT.read_bytes(), "text/plain"))
    no_exception(at.run())
    at.button(key="draft_form_to_brief").click()
    no_exception(at.run())
    fields = {t.label: t.value for t in at.text_input}
    assert fields["项目名称"] == "公共服务经费" and fields["全年预算数"] == "2175.9657"
    at.button(key="draft_run").click()
    no_exception(at.run())
    assert "已采纳" in screen(at) and not at.button(key="draft_accept").disabled


def test_a_draft_with_odd_saved_rows_still_opens() -> None:
    """Rows missing every field (an older or hand-edited workspace) are shown as blanks, not a crash."""
    ws = Workspace()
    ws.create("旧草稿", {"rows": [{}, {"name": "保障社工人数", "weight": 10}, "not a row"]})
    at = no_exception(page("draft").run())
    table = at.data_editor[-1].value
    assert len(table) == 2 and table["name"].isna().iloc[0] and table["name"].iloc[1] == "保障社工人数"
