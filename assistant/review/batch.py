"""Batch review: many files in, one small summary per file out, spread over the machine's cores.

Workers read and check a chunk of files and send back `FileResult`s — strings, numbers and
findings, never parsed documents — so memory stays flat however many files there are. Results
come back in input order as a stream; a reader failure of any kind is listed for that file and
never stops the batch.
"""

from __future__ import annotations

import os
import signal
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import SEVERITY_ORDER, code_catalogue
from ..form import Form
from ..formats import FormReadError, read_forms, read_forms_bytes
from ..place import Place
from ..rules import DEFAULT_RULE_SET, RuleSet, load_rule_set
from .form_report import check_form
from .inputs import InputTask, expand_uploads, read_member
from .office_tasks import chunk_order, convert_tasks

Progress = Callable[[int, int], None]
CHUNK_SIZE = 8  # files per worker call: few enough to keep all cores busy, many enough to amortise
IN_FLIGHT_PER_JOB = 4  # chunks submitted ahead per worker; bounds memory held by pending results


@dataclass(frozen=True, slots=True)
class FindingRow:
    code: str
    severity: str
    place: Place
    message: str
    tags: tuple[str, ...] = ()  # other codes merged into this finding (same place)

    @property
    def location(self) -> str:
        return self.place.render()


@dataclass(frozen=True, slots=True)
class FormRow:
    """One checked form: as stated in the form and as recomputed, plus its findings."""

    file: str
    form_number: int  # 1-based position of the form in its file
    project: str
    department: str
    unit: str
    stated_rate: str
    computed_rate: Decimal | None  # percent, unrounded
    stated_funds_score: str
    computed_funds_score: Decimal | None
    stated_total: str
    computed_total: Decimal | None
    stated_grade: str
    computed_grade: str | None
    findings: tuple[FindingRow, ...] = ()  # merged: one per place
    verdict: str = ""  # 退回 / 修改后通过 / 通过 (docs/rules.md §7)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def summary(self, most: int = 3) -> str:
        """The most serious problems in one Chinese sentence: one clause per code, worst first."""
        if not self.findings:
            return "未发现问题。"
        ordered = sorted(self.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
        firsts: dict[str, FindingRow] = {}
        counts: dict[str, int] = {}
        for finding in ordered:
            firsts.setdefault(finding.code, finding)
            counts[finding.code] = counts.get(finding.code, 0) + 1
        catalogue = code_catalogue()
        clauses = []
        for code in list(firsts)[:most]:
            info = catalogue.get(code)
            title = info.title if info else code
            times = f"（共 {counts[code]} 处）" if counts[code] > 1 else ""
            clauses.append(f"{title}{times}：{firsts[code].message.rstrip('。')}")
        rest = len(self.findings) - sum(counts[code] for code in list(firsts)[:most])
        tail = f"；另有 {rest} 项其他问题" if rest else ""
        return "；".join(clauses) + tail + "。"


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file gave: its forms, or the reason it could not be read."""

    file: str
    forms: tuple[FormRow, ...] = ()
    problem: str | None = None


@dataclass
class ReviewResult:
    """A whole batch held in memory — for uploads in the app, where batches are small."""

    rules: RuleSet
    files: list[FileResult] = field(default_factory=list)

    @property
    def rows(self) -> list[FormRow]:
        return [row for result in self.files for row in result.forms]

    @property
    def unreadable(self) -> list[FileResult]:
        return [result for result in self.files if result.problem]


def review_task(task: InputTask, rules: RuleSet) -> FileResult:
    """Read and check one file; every failure becomes a Chinese reason, never an exception."""
    if task.problem:
        return FileResult(task.display, problem=task.problem)
    try:
        forms = read_task(task)
    except FormReadError as exc:
        return FileResult(task.display, problem=_strip_name(str(exc), task))
    except ModuleNotFoundError as exc:
        return FileResult(task.display, problem=f"缺少读取该类文件所需的程序模块（{exc.name}），请联系管理员")
    except Exception as exc:
        reason = f"文件内容无法解析，可能已损坏或不是自评表（{type(exc).__name__}）"
        return FileResult(task.display, problem=reason)
    if not forms:
        return FileResult(task.display, problem="文件中没有自评表")
    rows = []
    for index, form in enumerate(forms):
        try:
            rows.append(_row(task.display, index, form, rules))
        except Exception as exc:
            reason = (
                f"第 {index + 1} 张表检查时出现内部错误（{type(exc).__name__}），请将该文件反馈给开发人员"
            )
            return FileResult(task.display, tuple(rows), problem=reason)
    return FileResult(task.display, tuple(rows))


def read_task(task: InputTask) -> list[Form]:
    """The forms of one input: a file on disk, an upload, or a member of a zip (kept open)."""
    if task.data is not None:
        return read_forms_bytes(task.data, task.display, task.read_as)
    if task.member is None:
        return read_forms(task.path)
    archive = _open_archive(task.path)
    return read_forms_bytes(read_member(archive, archive.getinfo(task.member)), task.display)


_archive_cache: dict[str, zipfile.ZipFile] = {}


def _open_archive(path: str) -> zipfile.ZipFile:
    """Keep the last archive open: members of one archive arrive one after another."""
    if path not in _archive_cache:
        _close_archives()
        _archive_cache[path] = zipfile.ZipFile(path)
    return _archive_cache[path]


def _close_archives() -> None:
    for archive in _archive_cache.values():
        archive.close()
    _archive_cache.clear()


def _strip_name(reason: str, task: InputTask) -> str:
    """Reader messages start with the file name; the report shows it in its own column."""
    for name in (task.display, task.path or ""):
        if name and reason.startswith(f"{name}："):
            return reason[len(name) + 1 :]
    return reason


def _row(file: str, index: int, form, rules: RuleSet) -> FormRow:
    report = check_form(form, rules, file, index)
    c = report.computed
    return FormRow(
        file=file,
        form_number=index + 1,
        project=form.header.project,
        department=form.header.department,
        unit=form.header.unit,
        stated_rate=form.funds.total.rate.text,
        computed_rate=c.execution_rate,
        stated_funds_score=form.funds.total.score.text,
        computed_funds_score=c.funds_score,
        stated_total=form.stated_total.text,
        computed_total=c.total_score,
        stated_grade=form.grade,
        computed_grade=c.grade,
        findings=tuple(FindingRow(f.code, f.severity, f.place, f.message, f.tags) for f in report.findings),
        verdict=report.verdict.label,
    )


# --- running many --------------------------------------------------------------------------

_worker_rules: RuleSet | None = None


def _init_worker(rules: RuleSet) -> None:
    global _worker_rules
    _worker_rules = rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled once, by the parent


def _review_chunk(tasks: Sequence[InputTask]) -> list[FileResult]:
    assert _worker_rules is not None
    return review_chunk(tasks, _worker_rules)


def review_chunk(tasks: Sequence[InputTask], rules: RuleSet) -> list[FileResult]:
    """A chunk's old Office files converted in one LibreOffice run, then every file checked."""
    return [review_task(task, rules) for task in convert_tasks(tasks)]


def run_tasks(
    tasks: Sequence[InputTask],
    rules: RuleSet | str = DEFAULT_RULE_SET,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """Results in input order, as they are ready. jobs=None uses every core; 1 stays in-process.

    Old Office files go first, in chunks of their own (office_tasks.py), so their conversions run
    while the other workers read the rest; results are put back in input order."""
    rules = load_rule_set(rules) if isinstance(rules, str) else rules
    jobs = max(1, jobs or os.cpu_count() or 1)
    total, done = len(tasks), 0
    order = chunk_order(tasks, CHUNK_SIZE)
    chunks = [[tasks[i] for i in indices] for indices in order]
    if jobs == 1 or len(chunks) <= 1:
        results: Iterable[list[FileResult]] = (review_chunk(chunk, rules) for chunk in chunks)
    else:
        results = _pooled(chunks, rules, jobs)
    positions = (index for indices in order for index in indices)
    waiting: dict[int, FileResult] = {}
    next_index = 0
    try:
        for chunk_results in results:
            for result in chunk_results:
                waiting[next(positions)] = result
                done += 1
                if progress:
                    progress(done, total)
                while next_index in waiting:
                    yield waiting.pop(next_index)
                    next_index += 1
    finally:
        _close_archives()


def _pooled(chunks: list[Sequence[InputTask]], rules: RuleSet, jobs: int) -> Iterator[list[FileResult]]:
    """Chunks through a process pool, a bounded number in flight, yielded in submission order.

    If a worker dies (a crash in a C library, out of memory), the pool is replaced, the chunks
    still waiting are resubmitted, and the failed chunk is redone one file at a time in a pool of
    its own, so only the file that kills a worker is listed as unreadable.
    """
    todo = iter(chunks)
    pending: deque[tuple[Sequence[InputTask], Future]] = deque()
    executor = _new_pool(rules, jobs)
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT_PER_JOB and (chunk := next(todo, None)) is not None:
                pending.append((chunk, executor.submit(_review_chunk, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                yield future.result()
                continue
            except BrokenProcessPool:
                pass
            executor.shutdown(wait=False, cancel_futures=True)
            executor = _new_pool(rules, jobs)
            pending = deque((c, executor.submit(_review_chunk, c)) for c, _ in pending)
            yield _isolated(chunk, rules)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _isolated(chunk: Sequence[InputTask], rules: RuleSet) -> list[FileResult]:
    results: list[FileResult] = []
    pool = _new_pool(rules, 1)
    try:
        for task in chunk:
            try:
                results += pool.submit(_review_chunk, [task]).result()
            except BrokenProcessPool:
                results.append(FileResult(task.display, problem=CRASH_REASON))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(rules, 1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results


CRASH_REASON = "处理该文件时程序意外退出（文件可能已损坏或过于复杂），请单独检查"


def _new_pool(rules: RuleSet, jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(rules,))


def review_uploads(
    files: Iterable[tuple[str, bytes]],
    rules: RuleSet | str = DEFAULT_RULE_SET,
    progress: Progress | None = None,
    jobs: int | None = 1,
) -> ReviewResult:
    """For the app's 审核 page: uploaded (name, bytes) pairs, .zip uploads expanded, all checked.

    Runs in the calling process by default (jobs=1): upload batches are small, and forking a
    threaded web server is best avoided. Pass jobs=None to use every core for large uploads.
    """
    rules = load_rule_set(rules) if isinstance(rules, str) else rules
    tasks = expand_uploads(files)
    return ReviewResult(rules, list(run_tasks(tasks, rules, jobs, progress)))
