"""A 结业测试's answers kept in learn.sqlite as they come, the same way from the terminal and the app:
each question per code and per skill like practice (so the exam counts in mastery and missed codes
come back in later rounds), and the result once handed in. A paper handed in with nothing answered
leaves no trace (an empty round counts nowhere)."""

from __future__ import annotations

from .exam import ExamResult, Paper
from .exercises import Exercise
from .judging import Judgement
from .levels import Part, ReviewItem, WholeItem
from .progress import Progress, ProgressError


class ExamRecorder:
    """`warning` holds the reason when the file cannot be used; the exam goes on unrecorded."""

    def __init__(self, paper: Paper, name: str, via: str) -> None:
        self.paper, self.name, self.via = paper, name, via
        self.round_id: int | None = None
        self.answered = 0
        self.warning = ""
        self._progress: Progress | None = Progress()

    def _round(self) -> int | None:
        if self._progress is not None and self.round_id is None:
            paper = self.paper
            self.round_id = self._progress.start_round(paper.seed, paper.rules, 5, self.via, self.name)
        return self.round_id

    def _keep(self, write) -> None:
        if self._progress is None:
            return
        try:
            write(self._progress, self._round())
            self.answered += 1
        except ProgressError as exc:
            self.warning, self._progress = str(exc), None

    def basic(self, exercise: Exercise, judgement: Judgement) -> None:
        self._keep(lambda progress, round_id: progress.record_judgement(round_id, exercise, judgement))

    def parts(self, item: WholeItem | ReviewItem, parts: list[Part]) -> None:
        self._keep(lambda progress, round_id: progress.record_parts(round_id, item, parts))

    def result(self, result: ExamResult) -> None:
        if self._progress is None or not self.answered:
            return
        try:
            self._progress.record_exam(result, self.via)
        except ProgressError as exc:
            self.warning = str(exc)
