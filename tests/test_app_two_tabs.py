"""Two browser tabs on one draft: a stale save is detected (the draft's version in the workspace),
the tab that would overwrite the other's work is told so in Chinese and offered to reload — or to
keep its own edits as a new draft. No edit is ever lost silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ui.workspace import Workspace
from tests.app_helpers import errors, no_exception, page


def tab():
    return no_exception(page("draft").run())


def project_field(at):
    [field] = [f for f in at.text_input if f.label == "项目名称"]
    return field


def typed(at, text: str):
    project_field(at).set_value(text)
    return no_exception(at.run())


def stored_project(draft_id: int | None = None) -> str:
    ws = Workspace()
    draft_id = draft_id or ws.drafts()[0].id
    return (ws.load(draft_id) or {}).get("brief", {}).get("project", "")


def test_the_second_tab_gets_a_conflict_not_a_silent_overwrite() -> None:
    first, second = tab(), tab()
    typed(first, "甲单位的项目")
    assert stored_project() == "甲单位的项目"
    typed(second, "乙单位的项目")
    assert stored_project() == "甲单位的项目"  # the first tab's work is kept
    said = "\n".join(errors(second))
    assert "已在另一个窗口中修改" in said and "没有保存" in said, said
    assert project_field(second).value == "乙单位的项目"  # and this tab's edit is still on screen
    # Reloading shows the other tab's version; editing then saves normally.
    second.button(key="draft_conflict_reload").click()
    no_exception(second.run())
    assert project_field(second).value == "甲单位的项目" and not errors(second)
    typed(second, "甲单位的项目（修订）")
    assert stored_project() == "甲单位的项目（修订）" and not errors(second)
    # Now the first tab is the stale one.
    typed(first, "甲单位的项目（第二版）")
    assert stored_project() == "甲单位的项目（修订）"
    assert "另一个窗口" in "\n".join(errors(first))


def test_the_stale_tab_can_keep_its_edits_as_a_new_draft() -> None:
    first, second = tab(), tab()
    typed(first, "甲单位的项目")
    typed(second, "乙单位的项目")
    second.button(key="draft_conflict_save_as").click()
    no_exception(second.run())
    assert not errors(second)
    ws = Workspace()
    projects = sorted((ws.load(d.id) or {}).get("brief", {}).get("project", "") for d in ws.drafts())
    assert projects == ["乙单位的项目", "甲单位的项目"]
    assert project_field(second).value == "乙单位的项目"
    typed(second, "乙单位的项目（续）")  # the copy is this tab's draft now, saved as usual
    assert "乙单位的项目（续）" in {
        (ws.load(d.id) or {}).get("brief", {}).get("project") for d in ws.drafts()
    }
    assert stored_project(min(d.id for d in ws.drafts())) == "甲单位的项目"


def test_a_stale_tab_neither_switches_nor_creates_drafts_over_its_unsaved_edits() -> None:
    first, second = tab(), tab()
    Workspace().create("另一份草稿", {})
    typed(first, "甲单位的项目")
    typed(second, "乙单位的项目")
    [picker] = [s for s in second.selectbox if s.label == "当前草稿"]
    picker.select(max(d.id for d in Workspace().drafts()))
    no_exception(second.run())
    assert project_field(second).value == "乙单位的项目"
    assert any("另一个窗口" in e for e in errors(second))
    second.text_input(key="drafts_new_name").set_value("新的草稿")
    second.button(key="drafts_create").click()
    no_exception(second.run())
    assert project_field(second).value == "乙单位的项目"
    assert "新的草稿" not in {d.name for d in Workspace().drafts()}
    assert stored_project(min(d.id for d in Workspace().drafts())) == "甲单位的项目"


def test_workspace_refuses_a_save_based_on_an_old_version(tmp_path: Path) -> None:
    from assistant.ui.workspace import DraftConflictError

    ws = Workspace(tmp_path / "ws.sqlite")
    draft_id = ws.create("草稿", {"n": 0})
    data, version = ws.load_versioned(draft_id)
    assert data == {"n": 0}
    newer = ws.commit(draft_id, {"n": 1}, version)
    assert newer == version + 1
    with pytest.raises(DraftConflictError, match="另一个窗口"):
        ws.commit(draft_id, {"n": 2}, version)
    assert ws.load(draft_id) == {"n": 1}
    assert ws.commit(draft_id, {"n": 1}, version) == newer  # the same content: no conflict
