"""Progress and scores of exercise rounds, in learn.sqlite beside the app's workspace.

Same folder as workspace.sqlite and the audit log ($JIXIAO_HOME, else ~/.local/share/jixiao);
a separate file so the learning tables never touch the drafts. Each call opens its own short
connection (the app's page threads never share one).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from ..paths import workspace_dir
from ..store import sqlite_session
from .exam import ExamResult
from .exercises import Exercise
from .judging import Judgement
from .levels import Part, ReviewItem, WholeItem

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
CREATE TABLE IF NOT EXISTS exams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    trainee TEXT NOT NULL,
    seed INTEGER NOT NULL,
    rules TEXT NOT NULL,
    total TEXT NOT NULL,
    passed INTEGER NOT NULL,
    via TEXT NOT NULL
);
"""
# Columns added after the first release: an older learn.sqlite gains them on first use.
# skills: a 进阶/综合 answer's parts per skill id of levels.yaml, {"indicator": [asked, right], …}.
ADDED_COLUMNS = (
    ("rounds", "trainee", "TEXT NOT NULL DEFAULT ''"),
    ("answers", "tested", "TEXT NOT NULL DEFAULT '[]'"),
    ("answers", "skills", "TEXT NOT NULL DEFAULT '{}'"),
)
KIND_TITLES = {
    "choose": "找问题",
    "rewrite": "改写指标值",
    "compute": "计算执行率和得分",
    "whole": "进阶：计算整张表",
    "review": "综合：找出全部问题并写审核意见",
}


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


@dataclass(frozen=True)
class ExamRecord:
    """One 结业测试 handed in: its answers are in `answers` like practice; this is the result."""

    time: str
    trainee: str
    seed: int
    rules: str
    total: Decimal
    passed: bool


class Progress:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return _migrated(sqlite_session(self.path, SCHEMA, ProgressError, "学习记录文件"))

    def start_round(self, seed: int, rules: str, planned: int, via: str, trainee: str = "") -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO rounds (started, seed, rules, planned, via, trainee) VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), seed, rules, planned, via, trainee.strip()),
            )
            return int(cursor.lastrowid or 0)

    def record(
        self,
        round_id: int,
        exercise_id: str,
        kind: str,
        answer: str,
        correct: bool,
        missed: list[str],
        tested: list[str] | None = None,
        skills: dict[str, list[int]] | None = None,
    ) -> None:
        """One judged answer; `missed` = codes the trainee missed or chose wrongly, `tested` = every
        code the question was about (per-code mastery), `skills` = skill id → [asked, right]."""
        seen = sorted(set(tested or []) | set(missed))
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers (round_id, time, exercise_id, kind, answer, correct, missed, tested,"
                " skills) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    round_id,
                    _now(),
                    exercise_id,
                    kind,
                    answer,
                    int(correct),
                    json.dumps(missed),
                    json.dumps(seen),
                    json.dumps(skills or {}, ensure_ascii=False),
                ),
            )

    def record_judgement(self, round_id: int, exercise: Exercise, judgement: Judgement) -> None:
        """One exercise as judged: what both front ends (terminal and app) store."""
        self.record(
            round_id,
            exercise.id,
            exercise.kind,
            judgement.answer,
            judgement.correct,
            judgement.missed,
            tested_codes(exercise, judgement),
        )

    def record_parts(self, round_id: int, item: WholeItem | ReviewItem, parts: list[Part]) -> None:
        """One 进阶 (whole) or 综合 (review) question as judged part by part: its picks per code,
        its other parts per skill; right only when every part is."""
        kind = "whole" if isinstance(item, WholeItem) else "review"
        picks = [p for p in parts if p.code]
        skills: dict[str, list[int]] = {}
        for part in parts:
            if part.skill:
                asked, right = skills.get(part.skill, [0, 0])
                skills[part.skill] = [asked + 1, right + part.right]
        self.record(
            round_id,
            f"{kind}:{item.case}",
            kind,
            json.dumps({p.label: p.answer for p in parts if p.answer}, ensure_ascii=False),
            all(p.right for p in parts),
            sorted({p.code for p in picks if not p.right}),
            sorted({p.code for p in picks}),
            skills,
        )

    def record_exam(self, result: ExamResult, via: str) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT INTO exams (time, trainee, seed, rules, total, passed, via)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_now(), result.name, result.seed, result.rules, str(result.total), int(result.passed), via),
            )

    def exams(self, trainee: str | None = None) -> list[ExamRecord]:
        """Every result handed in (of one trainee or everyone), oldest first."""
        who = "" if trainee is None else " WHERE trainee = ?"
        args: tuple = () if trainee is None else (trainee.strip(),)
        with self._connect() as db:
            rows = db.execute(
                f"SELECT time, trainee, seed, rules, total, passed FROM exams{who} ORDER BY id", args
            ).fetchall()
        return [
            ExamRecord(t, name, seed, rules, Decimal(total), bool(ok))
            for t, name, seed, rules, total, ok in rows
        ]

    def summary(self, recent: int = 10, trainee: str | None = None) -> Summary:
        """Counts over rounds with at least one answer (an empty round is not a round), for one
        trainee or everyone."""
        who = "" if trainee is None else " AND r.trainee = ?"
        args: tuple = () if trainee is None else (trainee.strip(),)
        join = "FROM answers a JOIN rounds r ON a.round_id = r.id WHERE 1=1" + who
        with self._connect() as db:
            rounds = db.execute(f"SELECT COUNT(DISTINCT r.id) {join}", args).fetchone()[0]
            kinds = db.execute(
                f"SELECT a.kind, COUNT(*), SUM(a.correct) {join} GROUP BY a.kind ORDER BY a.kind", args
            ).fetchall()
            last = db.execute(
                f"SELECT r.id, r.started, COUNT(a.id), COALESCE(SUM(a.correct), 0) {join}"
                " GROUP BY r.id ORDER BY r.id DESC LIMIT ?",
                (*args, recent),
            ).fetchall()
            missed = db.execute(f"SELECT a.missed {join} AND a.missed != '[]'", args).fetchall()
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


def tested_codes(exercise: Exercise, judgement: Judgement) -> list[str]:
    """The codes a question was about: a choose row's answer, the compute pair, what a rewrite
    left (the judgement's missed codes cover the rest)."""
    if exercise.kind == "compute":
        return ["FUND-RATE", "FUND-SCORE"]
    if exercise.kind == "choose" and exercise.form is not None and exercise.row is not None:
        return sorted({f.code for f in judgement.findings} & set(exercise.options))
    return sorted({f.code for f in judgement.findings})


@contextmanager
def _migrated(session: AbstractContextManager[sqlite3.Connection]) -> Iterator[sqlite3.Connection]:
    with session as db:
        for table, column, kind in ADDED_COLUMNS:
            names = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if column not in names:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        yield db


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
