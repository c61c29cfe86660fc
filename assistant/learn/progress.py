"""Progress and scores of exercise rounds, in learn.sqlite beside the app's workspace.

Same folder as workspace.sqlite and the audit log ($JIXIAO_HOME, else ~/.local/share/jixiao);
a separate file so the learning tables never touch the drafts. Each call opens its own short
connection (the app's page threads never share one).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..paths import workspace_dir
from ..store import sqlite_session
from .exercises import Exercise
from .judging import Judgement

FILE_NAME = "learn.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    seed INTEGER NOT NULL,
    rules TEXT NOT NULL,
    planned INTEGER NOT NULL,
    via TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    time TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    missed TEXT NOT NULL
);
"""
KIND_TITLES = {"choose": "找问题", "rewrite": "改写指标值", "compute": "计算执行率和得分"}


class ProgressError(Exception):
    """The progress file cannot be used; `str()` is Chinese."""


def default_path() -> Path:
    """learn.sqlite in the workspace folder the app and the audit log use."""
    return workspace_dir() / FILE_NAME


@dataclass(frozen=True)
class KindStats:
    kind: str
    answered: int
    correct: int


@dataclass(frozen=True)
class RoundStats:
    id: int
    started: str
    answered: int
    correct: int


@dataclass(frozen=True)
class Summary:
    rounds: int
    answered: int
    correct: int
    by_kind: list[KindStats]
    recent: list[RoundStats]
    # codes a trainee missed or chose wrongly most often, with counts
    weak_codes: list[tuple[str, int]] = field(default_factory=list)


class Progress:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return sqlite_session(self.path, SCHEMA, ProgressError, "学习记录文件")

    def start_round(self, seed: int, rules: str, planned: int, via: str) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO rounds (started, seed, rules, planned, via) VALUES (?, ?, ?, ?, ?)",
                (_now(), seed, rules, planned, via),
            )
            return int(cursor.lastrowid or 0)

    def record(
        self, round_id: int, exercise_id: str, kind: str, answer: str, correct: bool, missed: list[str]
    ) -> None:
        """One judged answer; `missed` = codes the trainee missed or chose wrongly (choose only)."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers (round_id, time, exercise_id, kind, answer, correct, missed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (round_id, _now(), exercise_id, kind, answer, int(correct), json.dumps(missed)),
            )

    def record_judgement(self, round_id: int, exercise: Exercise, judgement: Judgement) -> None:
        """One exercise as judged: what both front ends (terminal and app) store."""
        self.record(
            round_id, exercise.id, exercise.kind, judgement.answer, judgement.correct, judgement.missed
        )

    def summary(self, recent: int = 10) -> Summary:
        with self._connect() as db:
            rounds = db.execute("SELECT COUNT(*) FROM rounds").fetchone()[0]
            kinds = db.execute(
                "SELECT kind, COUNT(*), SUM(correct) FROM answers GROUP BY kind ORDER BY kind"
            ).fetchall()
            last = db.execute(
                "SELECT r.id, r.started, COUNT(a.id), COALESCE(SUM(a.correct), 0) FROM rounds r"
                " JOIN answers a ON a.round_id = r.id GROUP BY r.id ORDER BY r.id DESC LIMIT ?",
                (recent,),
            ).fetchall()
            missed = db.execute("SELECT missed FROM answers WHERE missed != '[]'").fetchall()
        by_kind = [KindStats(kind, count, int(right or 0)) for kind, count, right in kinds]
        weak = Counter(code for (row,) in missed for code in json.loads(row))
        return Summary(
            rounds=rounds,
            answered=sum(k.answered for k in by_kind),
            correct=sum(k.correct for k in by_kind),
            by_kind=by_kind,
            recent=[RoundStats(*row) for row in last],
            weak_codes=weak.most_common(5),
        )


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
