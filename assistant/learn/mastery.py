"""Mastery: per trainee and per finding code, from the answers in learn.sqlite; the codes a trainee
missed come back in later rounds; a trainer exports the whole cohort as a workbook.

A code is "seen" when a question was about it and "right" when the trainee did not miss it there.
A skill of the 进阶/综合 levels (执行率, 指标得分, 审核结论 …) counts each part asked and each part
right. Empty rounds (started, nothing answered) count nowhere.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..findings import code_catalogue
from .levels import level_data
from .progress import Progress

FOCUS_CODES = 3  # how many missed codes a new round brings back


class _Tally:
    """How often a thing was asked and answered right, and the share right."""

    seen: int
    right: int

    @property
    def share(self) -> float:
        return self.right / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class CodeMastery(_Tally):
    code: str
    seen: int
    right: int


@dataclass(frozen=True)
class SkillMastery(_Tally):
    skill: str  # the id in levels.yaml
    title: str
    seen: int
    right: int


@dataclass(frozen=True)
class TraineeStats:
    name: str
    rounds: int
    answered: int
    correct: int
    codes: list[CodeMastery]
    skills: list[SkillMastery]


def _rows(progress: Progress, trainee: str | None) -> list[tuple[str, int, str, str, int]]:
    who = "" if trainee is None else " WHERE r.trainee = ?"
    args: tuple = () if trainee is None else (trainee.strip(),)
    with progress._connect() as db:  # one module of the same file format
        return db.execute(
            "SELECT r.trainee, r.id, a.missed, a.tested, a.correct FROM answers a"
            f" JOIN rounds r ON a.round_id = r.id{who} ORDER BY a.id",
            args,
        ).fetchall()


def mastery(progress: Progress, trainee: str | None = None) -> list[CodeMastery]:
    """Per code: how often a question was about it and how often the trainee got it right."""
    seen: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for _, _, missed_json, tested_json, _ in _rows(progress, trainee):
        wrong = set(json.loads(missed_json))
        for code in set(json.loads(tested_json)) | wrong:
            seen[code] += 1
            missed[code] += code in wrong
    order = list(code_catalogue())
    codes = sorted(seen, key=lambda c: order.index(c) if c in order else len(order))
    return [CodeMastery(code, seen[code], seen[code] - missed[code]) for code in codes]


def skill_mastery(progress: Progress, trainee: str | None = None) -> list[SkillMastery]:
    """Per skill of the 进阶/综合 levels: parts asked and parts right, in the order of levels.yaml."""
    who = "" if trainee is None else " AND r.trainee = ?"
    args: tuple = () if trainee is None else (trainee.strip(),)
    with progress._connect() as db:
        rows = db.execute(
            "SELECT a.skills FROM answers a JOIN rounds r ON a.round_id = r.id"
            f" WHERE a.skills != '{{}}'{who}",
            args,
        ).fetchall()
    seen: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for (text,) in rows:
        for skill, (asked, got) in json.loads(text).items():
            seen[skill] += asked
            right[skill] += got
    titles = level_data().skills
    order = list(titles)
    skills = sorted(seen, key=lambda s: order.index(s) if s in order else len(order))
    return [SkillMastery(s, titles.get(s, s), seen[s], right[s]) for s in skills]


def focus_codes(progress: Progress, trainee: str | None = None) -> list[str]:
    """Codes the trainee missed and has not since got right, most missed first."""
    last_missed: dict[str, int] = {}
    last_right: dict[str, int] = {}
    count: Counter[str] = Counter()
    for position, (_, _, missed_json, tested_json, _) in enumerate(_rows(progress, trainee)):
        wrong = set(json.loads(missed_json))
        for code in wrong:
            last_missed[code] = position
            count[code] += 1
        for code in set(json.loads(tested_json)) - wrong:
            last_right[code] = position
    open_codes = [c for c in last_missed if last_missed[c] > last_right.get(c, -1)]
    return sorted(open_codes, key=lambda c: -count[c])[:FOCUS_CODES]


def cohort(progress: Progress) -> list[TraineeStats]:
    """Every trainee with answers (unnamed rounds as “（未署名）”), by name."""
    rows = _rows(progress, None)
    names = sorted({name for name, *_ in rows})
    stats = []
    for name in names:
        mine = [row for row in rows if row[0] == name]
        stats.append(
            TraineeStats(
                name=name or "（未署名）",
                rounds=len({row[1] for row in mine}),
                answered=len(mine),
                correct=sum(row[4] for row in mine),
                codes=mastery(progress, name),
                skills=skill_mastery(progress, name),
            )
        )
    return stats


def export_cohort(progress: Progress, target: Path) -> int:
    """The cohort workbook: 学员 (one row each), 掌握情况 (trainee × code), 计算与审核 (trainee ×
    skill of the 进阶/综合 levels) and 结业测试 (every result handed in). Returns trainees."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    catalogue = code_catalogue()
    book = Workbook()
    people = book.active
    people.title = "学员"
    people.append(["姓名", "练习轮数", "答题数", "答对数", "正确率"])
    codes = book.create_sheet("掌握情况")
    codes.append(["姓名", "问题代码", "名称", "答题数", "答对数", "掌握率"])
    skills = book.create_sheet("计算与审核")
    skills.append(["姓名", "技能", "答题项数", "答对项数", "掌握率"])
    exams = book.create_sheet("结业测试")
    exams.append(["姓名", "日期", "试卷种子", "规则集", "总分", "结论"])
    for exam in progress.exams():
        verdict = "合格" if exam.passed else "不合格"
        exams.append([exam.trainee, exam.time[:10], exam.seed, exam.rules, float(exam.total), verdict])
    trainees = cohort(progress)
    for person in trainees:
        share = round(person.correct / person.answered, 4) if person.answered else 0
        people.append([person.name, person.rounds, person.answered, person.correct, share])
        for item in person.codes:
            title = catalogue[item.code].title if item.code in catalogue else ""
            codes.append([person.name, item.code, title, item.seen, item.right, round(item.share, 4)])
        for skill in person.skills:
            skills.append([person.name, skill.title, skill.seen, skill.right, round(skill.share, 4)])
    for cell in exams[1]:
        cell.font = Font(bold=True)
    for sheet, column in ((people, "E"), (codes, "F"), (skills, "E")):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cell in sheet[column][1:]:
            cell.number_format = "0.00%"
        sheet.column_dimensions["A"].width = 14
    codes.column_dimensions["B"].width = 26
    codes.column_dimensions["C"].width = 20
    skills.column_dimensions["B"].width = 14
    book.save(target)
    return len(trainees)
