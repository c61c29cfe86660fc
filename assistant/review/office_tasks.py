"""Old Office and WPS files in a batch: converted together, many to one LibreOffice run.

Starting LibreOffice costs seconds, converting one more small file a fraction of one; so a batch
puts its .doc/.wps/.xls/.et files into chunks of their own (office.yaml: files_per_run), submitted
first, and each worker converts a whole chunk in one run while the other workers read the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from ..formats import FormReadError
from ..formats.office import CONVERTED_SUFFIXES, Job, convert_many, plan, settings
from .inputs import InputTask, task_bytes


def needs_conversion(task: InputTask) -> bool:
    if task.problem or task.read_as:
        return False
    name = task.member or task.path or task.display
    return PurePosixPath(name.replace("\\", "/")).suffix.lower() in CONVERTED_SUFFIXES


def files_per_run() -> int:
    return max(1, int(settings()["files_per_run"]))


def chunk_order(tasks: Sequence[InputTask], chunk_size: int) -> list[list[int]]:
    """Task indices in chunks: the old Office files first, files_per_run to a chunk, then the rest."""
    office = [i for i, task in enumerate(tasks) if needs_conversion(task)]
    taken = set(office)
    rest = [i for i in range(len(tasks)) if i not in taken]
    per_run = files_per_run()
    return [office[i : i + per_run] for i in range(0, len(office), per_run)] + [
        rest[i : i + chunk_size] for i in range(0, len(rest), chunk_size)
    ]


def convert_tasks(tasks: Sequence[InputTask]) -> list[InputTask]:
    """The same tasks, each old Office file replaced by its converted copy (or by its problem)."""
    converted = list(tasks)
    jobs: list[Job] = []
    places: list[int] = []
    for index, task in enumerate(tasks):
        if not needs_conversion(task):
            continue
        try:
            planned = plan(task_bytes(task), task.display)
        except FormReadError as exc:
            converted[index] = InputTask(task.display, problem=_reason(str(exc), task))
            continue
        if isinstance(planned, Job):
            jobs.append(planned)
            places.append(index)
        else:  # a .docx saved under an old name
            converted[index] = InputTask(task.display, data=planned[0], read_as=planned[1])
    for index, job, result in zip(places, jobs, convert_many(jobs), strict=True):
        display = tasks[index].display
        if isinstance(result, str):
            converted[index] = InputTask(display, problem=result)
        else:
            converted[index] = InputTask(display, data=result, read_as=job.target)
    return converted


def _reason(message: str, task: InputTask) -> str:
    """Reader messages start with the file name; the report shows it in its own column."""
    for name in (task.display, task.path or ""):
        if name and message.startswith(f"{name}："):
            return message[len(name) + 1 :]
    return message
