"""The local SQLite files (workspace, learning record): one way to open them safely."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def sqlite_session(
    path: Path, schema: str, error: type[Exception], what: str
) -> Iterator[sqlite3.Connection]:
    """One transaction on the file at `path` (created with `schema` if new), committed on success.

    Failures become `error` with a Chinese message naming `what` (e.g. "工作区文件") and the path.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=10)
    except (OSError, sqlite3.Error) as exc:
        raise error(f"无法打开{what} {path}：{exc}") from exc
    try:
        connection.executescript(schema)
        with connection:  # one transaction: committed on success, rolled back on error
            yield connection
    except sqlite3.Error as exc:
        raise error(f"{what} {path} 读写失败：{exc}") from exc
    finally:
        connection.close()
