"""Review letters on disk: one .docx per form, named after the project, never overwritten by accident."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..rules import RuleSet
from .batch import FileResult, read_task
from .form_report import check_form
from .inputs import InputTask
from .letter import LetterOptions, letter_file_stem, review_letter_docx
from .office_tasks import convert_tasks, files_per_run


class LetterError(Exception):
    """A Chinese sentence: why the letters cannot be written."""


class LetterCollector:
    """Passes the batch's results through and keeps, per readable file, the task to letter later.

    The batch workers return rows, not forms; a file with forms is read again here, once, when the
    letters are written (only with --letters).
    """

    def __init__(self, tasks: Sequence[InputTask]):
        self.tasks = tasks
        self.readable: list[InputTask] = []

    def watch(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for task, result in zip(self.tasks, results, strict=False):  # run_tasks keeps input order
            if result.forms:
                self.readable.append(task)
            yield result

    def letters(self, rules: RuleSet, options: LetterOptions) -> Iterator[tuple[str, bytes]]:
        step = files_per_run()  # old Office files are converted again, many to one LibreOffice run
        tasks = (
            task
            for start in range(0, len(self.readable), step)
            for task in convert_tasks(self.readable[start : start + step])
        )
        for task in tasks:
            try:
                forms = read_task(task)
            except Exception:  # the report already says why the file could not be read
                continue
            for index, form in enumerate(forms):
                report = check_form(form, rules, task.display, index)
                yield form.header.project, review_letter_docx(report, rules, options)


def unique_names(projects: Iterable[str]) -> list[str]:
    """File names from project names: sanitized, and a number added when two forms share one."""
    names: list[str] = []
    seen: set[str] = set()
    for project in projects:
        stem, name, number = letter_file_stem(project), "", 1
        while not name or name.lower() in seen:
            name = f"{stem}.docx" if number == 1 else f"{stem}_{number}.docx"
            number += 1
        seen.add(name.lower())
        names.append(name)
    return names


def write_letters(
    letters: Iterable[tuple[str, bytes]], folder: str | Path, force: bool = False
) -> list[Path]:
    """Write every letter into `folder` (created); refuse before writing anything if one exists."""
    items = list(letters)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise LetterError(f"审核意见目录 {folder} 不是文件夹")
    paths = [folder / name for name in unique_names(project for project, _ in items)]
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise LetterError(f"审核意见文件已存在：{existing[0]}（共 {len(existing)} 个）；如需覆盖请加 --force")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, (_, data) in zip(paths, items, strict=True):
            path.write_bytes(data)
    except OSError as exc:
        raise LetterError(f"无法写入审核意见 {folder}：{exc.strerror or exc}") from exc
    return paths
