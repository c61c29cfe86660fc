"""Writing the batch review report: .xlsx (four sheets), .csv (four files) or .md (one page).

Results are written as they arrive and statistics accumulate on the fly, so the report of a
large batch never needs every row in memory (.md keeps its tables in temporary files until the
end). A report on disk is first written beside its final name and moved into place when
complete, so an interrupted run never leaves half a report — nor destroys the previous one.

CSV layout (UTF-8 with BOM, so Excel opens it): `NAME.csv` is the per-form table (表单汇总);
`NAME-问题明细.csv` every finding; `NAME-统计.csv` the statistics tables one under another;
`NAME-无法读取的文件.csv` the unreadable files.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Protocol

from ..rules import RuleSet
from .batch import FileResult, ReviewResult
from .tables import (
    FINDING_HEADERS,
    REPORT_TITLE,
    SHEET_FINDINGS,
    SHEET_STATS,
    SHEET_SUMMARY,
    SHEET_UNREADABLE,
    SUMMARY_HEADERS,
    UNREADABLE_HEADERS,
    Cell,
    ReviewStats,
    finding_rows,
    summary_texts,
)
from .xlsx import REPORT_CREATOR, XlsxReportWriter

REPORT_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".md": "md"}
CSV_PARTS = (("", SHEET_SUMMARY), ("-问题明细", SHEET_FINDINGS), ("-统计", SHEET_STATS))
CSV_UNREADABLE = ("-无法读取的文件", SHEET_UNREADABLE)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


class ReportError(Exception):
    """The report cannot be written where asked; `str()` is the Chinese reason."""


class _Writer(Protocol):
    def add(self, result: FileResult) -> None: ...
    def finish(self, stats: ReviewStats) -> None: ...
    def close(self) -> None: ...


def report_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise ReportError(f"{path}：不支持的报告格式“{suffix or '无扩展名'}”，请用 .xlsx、.csv 或 .md")
    return REPORT_FORMATS[suffix]


def report_files(path: str | Path) -> list[Path]:
    """Every file a report at `path` consists of (a CSV report has companions)."""
    path = Path(path)
    if report_format(path) != "csv":
        return [path]
    return [path.with_name(f"{path.stem}{tag}{path.suffix}") for tag, _ in (*CSV_PARTS, CSV_UNREADABLE)]


def check_output(path: str | Path, inputs: Iterable[str | Path], force: bool = False) -> None:
    """Refuse to write over an input, a folder, or a file this tool did not write (unless forced)."""
    path = Path(path)
    report_format(path)
    if not path.parent.is_dir():
        raise ReportError(f"{path}：所在文件夹不存在")
    given = {_key(Path(p)) for p in inputs}
    for file in report_files(path):
        if _key(file) in given:
            raise ReportError(f"{file}：报告文件与输入文件相同，不能覆盖输入文件，请换一个报告文件名")
        if file.is_dir():
            raise ReportError(f"{file}：这是文件夹，不能作为报告文件")
        if file.exists() and not force and not is_our_report(file):
            raise ReportError(
                f"{file}：文件已存在，且不是本工具生成的审核报告；"
                "为避免覆盖，请换一个文件名，或加 --force 覆盖"
            )


def is_our_report(path: Path) -> bool:
    """Whether a file was written by this command (then a new run may replace it)."""
    try:
        if path.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                return REPORT_CREATOR.encode() in archive.read("docProps/core.xml")
        with path.open(encoding="utf-8-sig") as stream:
            first = stream.readline().rstrip("\r\n")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return False
    if path.suffix.lower() == ".md":
        return first == f"# {REPORT_TITLE}"
    ours = (SUMMARY_HEADERS, FINDING_HEADERS, UNREADABLE_HEADERS, (f"{REPORT_TITLE}（统计）",))
    return first in {_csv_line(headers) for headers in ours}


def write_report(
    results: Iterable[FileResult], target: str | Path | IO[bytes], fmt: str, rules: RuleSet
) -> ReviewStats:
    """Consume the results, writing each as it comes; the statistics are returned for a summary.

    `target` is a path (CSV: the main file, companions beside it) or a binary stream (the app's
    download; CSV then becomes a .zip of the four files).
    """
    stats = ReviewStats(rules)
    if isinstance(target, str | Path):
        with _replacing(report_files(target) if fmt == "csv" else [Path(target)]) as temporaries:
            writer = _writer(fmt, temporaries)
            _feed(results, writer, stats)
        return stats
    if fmt == "csv":
        with tempfile.TemporaryDirectory() as folder:
            names = [f"审核报告{tag}.csv" for tag, _ in (*CSV_PARTS, CSV_UNREADABLE)]
            files = [Path(folder) / name for name in names]
            _feed(results, CsvReportWriter(files), stats)
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in files:
                    archive.write(file, file.name)
        return stats
    _feed(results, _writer(fmt, [target]), stats)
    return stats


def report_bytes(result: ReviewResult, fmt: str = "xlsx") -> bytes:
    """The report of an in-memory review, ready for a download button."""
    buffer = io.BytesIO()
    write_report(result.files, buffer, fmt, result.rules)
    return buffer.getvalue()


def _feed(results: Iterable[FileResult], writer: _Writer, stats: ReviewStats) -> None:
    try:
        for result in results:
            stats.add(result)
            writer.add(result)
        writer.finish(stats)
    finally:
        writer.close()


def _writer(fmt: str, targets: list) -> _Writer:
    if fmt == "xlsx":
        return XlsxReportWriter(targets[0])
    if fmt == "csv":
        return CsvReportWriter(targets)
    if fmt == "md":
        return MarkdownReportWriter(targets[0])
    raise ReportError(f"不支持的报告格式“{fmt}”")


@contextlib.contextmanager
def _replacing(finals: list[Path]):
    """Temporary files beside the finals, moved over them only when writing succeeded."""
    temporaries = [file.with_name(f".{file.name}.{os.getpid()}.part") for file in finals]
    try:
        yield [str(file) for file in temporaries]
        for temporary, final in zip(temporaries, finals, strict=True):
            os.replace(temporary, final)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


class CsvReportWriter:
    """Four CSV files: summary, findings, statistics, unreadable (paths in that order)."""

    def __init__(self, paths: list):
        self._streams = [open(path, "w", encoding="utf-8-sig", newline="") for path in paths]  # noqa: SIM115
        self.summary, self.findings, self.stats, self.unreadable = (csv.writer(s) for s in self._streams)
        self.summary.writerow(SUMMARY_HEADERS)
        self.findings.writerow(FINDING_HEADERS)
        self.unreadable.writerow(UNREADABLE_HEADERS)

    def add(self, result: FileResult) -> None:
        for row in result.forms:
            self.summary.writerow(_csv_safe(summary_texts(row)))
            self.findings.writerows(_csv_safe(cells) for cells in finding_rows(row))
        if result.problem:
            self.unreadable.writerow(_csv_safe([result.file, result.problem]))

    def finish(self, stats: ReviewStats) -> None:
        self.stats.writerow([f"{REPORT_TITLE}（统计）"])
        for title, rows in stats.sections():
            self.stats.writerow([])
            self.stats.writerow([title])
            self.stats.writerows(_csv_safe(cells) for cells in rows)

    def close(self) -> None:
        for stream in self._streams:
            stream.close()


class MarkdownReportWriter:
    """One page: the three parts as tables, then the unreadable files."""

    def __init__(self, target: str | IO[bytes]):
        self.target = target
        self._spools = [tempfile.TemporaryFile("w+", encoding="utf-8") for _ in range(3)]  # noqa: SIM115
        tables = (SUMMARY_HEADERS, FINDING_HEADERS, UNREADABLE_HEADERS)
        for spool, headers in zip(self._spools, tables, strict=True):
            spool.write(_md_row(headers) + _md_row(["---"] * len(headers)))

    def add(self, result: FileResult) -> None:
        summary, findings, unreadable = self._spools
        for row in result.forms:
            summary.write(_md_row(summary_texts(row)))
            findings.writelines(_md_row(cells) for cells in finding_rows(row))
        if result.problem:
            unreadable.write(_md_row([result.file, result.problem]))

    def finish(self, stats: ReviewStats) -> None:
        own = isinstance(self.target, str)
        stream = open(self.target, "w", encoding="utf-8") if own else io.TextIOWrapper(self.target, "utf-8")  # noqa: SIM115
        try:
            stream.write(f"# {REPORT_TITLE}\n\n规则集：{stats.rules.title}（{stats.rules.name}）\n")
            for title, spool in ((SHEET_SUMMARY, self._spools[0]), (SHEET_FINDINGS, self._spools[1])):
                stream.write(f"\n## {title}\n\n")
                _copy(spool, stream)
            stream.write(f"\n## {SHEET_STATS}\n")
            for title, rows in stats.sections():
                stream.write(f"\n### {title}\n\n{_md_row(rows[0])}{_md_row(['---'] * len(rows[0]))}")
                stream.writelines(_md_row(cells) for cells in rows[1:])
            stream.write(f"\n## {SHEET_UNREADABLE}\n\n")
            _copy(self._spools[2], stream)
        finally:
            if own:
                stream.close()
            else:
                stream.flush()
                stream.detach()  # leave the caller's buffer open

    def close(self) -> None:
        for spool in self._spools:
            spool.close()


def _copy(spool, stream) -> None:
    spool.seek(0)
    while block := spool.read(1 << 16):
        stream.write(block)


def _md_row(cells: Iterable[Cell]) -> str:
    """A table row: pipes escaped, line breaks as <br>, control characters dropped."""
    texts = ("" if c is None else CONTROL_CHARACTERS.sub("", str(c)) for c in cells)
    escaped = (t.replace("|", "\\|").replace("\n", "<br>") for t in texts)
    return "| " + " | ".join(escaped) + " |\n"


def _csv_safe(cells: Iterable[Cell]) -> list[str]:
    """Cells Excel would run as a formula (=, +, @, or - not followed by a number) get a leading '."""
    safe = []
    for cell in cells:
        text = "" if cell is None else str(cell)
        if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not _is_number(text)):
            text = "'" + text
        safe.append(text)
    return safe


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_line(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue().rstrip("\r\n")


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())
