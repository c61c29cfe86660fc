"""The local workspace: named drafts and app preferences in one SQLite file.

Why SQLite: a browser refresh or a server restart must bring the working form back, several
browser tabs may write at once, and a half-written save must never leave a broken file. Every
call opens its own short connection, so page threads never share one.

Each draft has a version, raised by every write. A tab saves with `commit(id, data, version)`,
naming the version it loaded: when another tab has written since, the save is refused
(DraftConflictError) instead of silently replacing the other tab's work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..paths import workspace_dir
from ..store import sqlite_session

FILE_NAME = "workspace.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class WorkspaceError(Exception):
    """A workspace operation the user asked for that cannot be done; `str()` is Chinese."""


class DraftConflictError(WorkspaceError):
    """Another tab saved the draft after this one loaded it; `str()` is Chinese."""

    def __init__(self, name: str) -> None:
        super().__init__(f"草稿“{name}”已在另一个窗口中修改并保存，本窗口的修改没有保存")


@dataclass(frozen=True)
class DraftInfo:
    id: int
    name: str
    updated: str


def home() -> Path:
    """$JIXIAO_HOME, else ~/.local/share/jixiao: the folder the audit log uses too."""
    return workspace_dir()


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Workspace:
    """Drafts (JSON documents under a unique name) and key/value preferences."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / FILE_NAME

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with sqlite_session(self.path, SCHEMA, WorkspaceError, "工作区文件") as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(drafts)")}
            if "version" not in columns:  # a workspace from before draft versions
                db.execute("ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
            yield db

    # drafts -------------------------------------------------------------------------------

    def drafts(self) -> list[DraftInfo]:
        """Most recently changed first."""
        with self._connect() as db:
            rows = db.execute("SELECT id, name, updated FROM drafts ORDER BY updated DESC, id DESC")
            return [DraftInfo(*row) for row in rows]

    def create(self, name: str, data: dict[str, Any]) -> int:
        name = self._valid_name(name)
        now = _now()
        with self._connect() as db:
            if db.execute("SELECT 1 FROM drafts WHERE name = ?", (name,)).fetchone():
                raise WorkspaceError(f"已有名为“{name}”的草稿，请换一个名称")
            cursor = db.execute(
                "INSERT INTO drafts (name, data, created, updated) VALUES (?, ?, ?, ?)",
                (name, _dump(data), now, now),
            )
            return int(cursor.lastrowid or 0)

    def load(self, draft_id: int) -> dict[str, Any] | None:
        with self._connect() as db:
            row = db.execute("SELECT data FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def load_versioned(self, draft_id: int) -> tuple[dict[str, Any], int] | None:
        """The draft and the version it is at, read together."""
        with self._connect() as db:
            row = db.execute("SELECT data, version FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return (json.loads(row[0]), int(row[1])) if row else None

    def name_of(self, draft_id: int) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT name FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return row[0] if row else None

    def save(self, draft_id: int, data: dict[str, Any]) -> bool:
        """Write the draft if it changed; True when something was written."""
        text = _dump(data)
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE drafts SET data = ?, updated = ?, version = version + 1 WHERE id = ? AND data != ?",
                (text, _now(), draft_id, text),
            )
            return cursor.rowcount > 0

    def commit(self, draft_id: int, data: dict[str, Any], version: int) -> int:
        """Write the draft if it is still at `version` (the one this tab loaded); the new version.

        DraftConflictError when another tab wrote other content in between; nothing is written.
        Saving what is already stored is no conflict. A deleted draft is a WorkspaceError."""
        text = _dump(data)
        with self._connect() as db:
            # One statement decides and writes, so two tabs saving at once cannot both win.
            db.execute(
                "UPDATE drafts SET data = ?, updated = ?, version = version + 1 "
                "WHERE id = ? AND version = ? AND data != ?",
                (text, _now(), draft_id, version, text),
            )
            row = db.execute("SELECT data, version, name FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise WorkspaceError("这份草稿已在另一个窗口中删除")
        stored, current, name = row
        if stored != text:
            raise DraftConflictError(name)
        return int(current)

    def rename(self, draft_id: int, name: str) -> None:
        name = self._valid_name(name)
        with self._connect() as db:
            clash = db.execute("SELECT id FROM drafts WHERE name = ?", (name,)).fetchone()
            if clash and clash[0] != draft_id:
                raise WorkspaceError(f"已有名为“{name}”的草稿，请换一个名称")
            db.execute("UPDATE drafts SET name = ?, updated = ? WHERE id = ?", (name, _now(), draft_id))

    def delete(self, draft_id: int) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def free_name(self, base: str) -> str:
        """`base`, or `base（2）`, `base（3）` … whichever is not taken yet."""
        taken = {d.name for d in self.drafts()}
        if base not in taken:
            return base
        number = 2
        while f"{base}（{number}）" in taken:
            number += 1
        return f"{base}（{number}）"

    @staticmethod
    def _valid_name(name: str) -> str:
        name = " ".join(name.split())
        if not name:
            raise WorkspaceError("草稿名称不能为空")
        if len(name) > 60:
            raise WorkspaceError("草稿名称太长（最多 60 个字）")
        return name

    # preferences --------------------------------------------------------------------------

    def get(self, key: str, default: str | None = None) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
