"""The SQLite workspace and the table/brief conversions the pages rely on (no Streamlit needed)."""

from __future__ import annotations

import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.drafting.brief import BriefError, load_brief
from assistant.drafting.gate import run_task
from assistant.rules import load_rule_set
from assistant.ui import rows
from assistant.ui.workspace import Workspace, WorkspaceError

BRIEF = Path(__file__).resolve().parents[1] / "examples" / "brief-公共服务经费.yaml"


def test_drafts_survive_a_new_process_and_unchanged_saves_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    draft_id = Workspace(path).create("公共服务经费", {"rows": [{"name": "保障社工人数"}]})
    assert Workspace(path).save(draft_id, {"rows": [{"name": "保障社工人数"}]}) is False
    assert Workspace(path).save(draft_id, {"rows": [{"name": "覆盖社区数"}]}) is True
    reopened = Workspace(path)  # what a server restart sees
    assert reopened.load(draft_id) == {"rows": [{"name": "覆盖社区数"}]}
    assert [d.name for d in reopened.drafts()] == ["公共服务经费"]


def test_names_are_unique_and_refusals_are_chinese(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws.sqlite")
    first = ws.create("草稿1", {})
    assert ws.free_name("草稿1") == "草稿1（2）"
    second = ws.create(ws.free_name("草稿1"), {})
    with pytest.raises(WorkspaceError, match="已有名为“草稿1”的草稿"):
        ws.rename(second, "草稿1")
    with pytest.raises(WorkspaceError, match="不能为空"):
        ws.create("   ", {})
    ws.rename(first, "  民生   项目 ")
    assert ws.name_of(first) == "民生 项目"
    ws.delete(first)
    assert ws.load(first) is None and [d.id for d in ws.drafts()] == [second]


def test_concurrent_tabs_do_not_corrupt_the_file(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws.sqlite")
    draft_id = ws.create("草稿", {"n": 0})

    def write(worker: int) -> None:
        for n in range(30):
            Workspace(ws.path).save(draft_id, {"n": n, "worker": worker})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ws.load(draft_id)["n"] == 29
    with sqlite3.connect(ws.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_unwritable_home_is_a_chinese_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WorkspaceError, match="无法打开工作区文件"):
        Workspace(blocker / "ws.sqlite").drafts()


def test_table_rows_round_trip_the_offline_draft_exactly() -> None:
    brief = load_brief(BRIEF)
    result = run_task("indicators", brief, load_rule_set(), audit=False)
    table = [rows.row_from_indicator(item) for item in result.draft.indicators]
    again, numbers, problems = rows.draft_from_rows(table)
    assert problems == [] and numbers == list(range(1, len(table) + 1))
    assert [(i.target, i.weight) for i in again.indicators] == [
        (i.target, i.weight) for i in result.draft.indicators
    ]


def test_rows_split_numbers_and_keep_texts_they_cannot_split() -> None:
    def row(target: str) -> dict:
        from assistant.drafting.models import DraftIndicator

        item = DraftIndicator(
            level1="产出指标", level2="时效指标", name="x", target=target, weight=Decimal(5)
        )
        return rows.row_from_indicator(item)

    assert (row("≥154人")["operator"], row("≥154人")["value"], row("≥154人")["unit"]) == ("≥", 154.0, "人")
    # a rate unit is a unit: the three cells still say exactly what the text said
    assert (row("≤14.13万元/名")["operator"], row("≤14.13万元/名")["unit"]) == ("≤", "万元/名")
    for text in ("每月15日前", "2020年12月31日前", "验收合格"):
        assert row(text)["text_target"] == text and row(text)["value"] is None


def test_incomplete_table_rows_are_reported_not_guessed() -> None:
    table = [
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "保障社工人数",
            "operator": "≥",
            "value": 154,
            "unit": "人",
            "weight": 10,
        },
        {
            "level1": None,
            "level2": None,
            "name": None,
            "operator": None,
            "value": None,
            "unit": None,
            "weight": None,
        },
        {"level1": "产出指标", "level2": "质量指标", "name": "", "weight": 5},
        {"level1": "产出指标", "level2": "质量指标", "name": "合格率", "weight": 120},
    ]
    draft, numbers, problems = rows.draft_from_rows(table)
    assert [i.target for i in draft.indicators] == ["≥154人"] and numbers == [1]
    assert problems == ["第 3 行：请填写三级指标", "第 4 行：分值 120 应在 0 到 100 之间"]


def test_brief_fields_name_the_missing_field_in_chinese() -> None:
    with pytest.raises(BriefError, match="全年预算数"):
        rows.brief_from_fields(
            {"project": "x", "department": "y", "unit": "z", "year": 2020, "description": "保障10个社区"},
            "mof-2020",
        )
    brief = rows.brief_from_fields(rows.fields_from_brief(load_brief(BRIEF)), "mof-2020")
    assert brief == load_brief(BRIEF)
