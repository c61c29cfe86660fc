"""Old Office and WPS files (.doc, .wps, .xls, .et): converted by LibreOffice, then read as .docx/.xlsx.

Why LibreOffice rather than a Python reader of the binary formats: it is the one free program that
reads Word 97 and WPS files as Word does (merged cells, text boxes, revisions), and its output goes
through the same .docx reader as every other form, so a form reads the same whatever it was saved
as. Each run has a private profile and output folder in a fresh temporary directory, removed
afterwards whatever happens; a run that stops making progress is killed with its whole process
group. The input's first bytes are checked before LibreOffice sees it, so a renamed text file gets
a clear message instead of whatever LibreOffice would guess it to be.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import FormReadError

WORD_SUFFIXES = (".doc", ".wps")
SHEET_SUFFIXES = (".xls", ".et")
CONVERTED_SUFFIXES = WORD_SUFFIXES + SHEET_SUFFIXES

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_SIGNATURE = b"{\\rtf"
ZIP_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # an OLE stream of password-protected OOXML
_FILTERS = {".docx": "docx:MS Word 2007 XML", ".xlsx": "xlsx:Calc MS Excel 2007 XML"}
INSTALL_HINT = "需要安装 LibreOffice（Debian：apt-get install libreoffice-writer libreoffice-calc）"


@cache
def settings() -> dict[str, Any]:
    """assistant/data/office.yaml: program names, the timeout, files per run, the PDF bounds."""
    text = (resources.files("assistant") / "data" / "office.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def soffice_program() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return next(filter(None, (shutil.which(name) for name in settings()["soffice_programs"])), None)


@dataclass(frozen=True, slots=True)
class Job:
    """One file for LibreOffice: its bytes, the extension its temporary copy gets, the target."""

    name: str
    data: bytes
    source: str  # ".doc", ".rtf", ".html" or ".xls": what the content is
    target: str  # ".docx" or ".xlsx"


def plan(data: bytes, name: str) -> Job | tuple[bytes, str]:
    """What a file needs: a conversion Job, or (data, ".docx"/".xlsx") when it already is one
    (a .docx saved under an old extension). FormReadError (Chinese) for content of the wrong kind."""
    suffix = Path(name).suffix.lower()
    word = suffix in WORD_SUFFIXES
    target = ".docx" if word else ".xlsx"
    kind = "Word/WPS 文档" if word else "Excel/WPS 表格"
    if not data:
        raise FormReadError(f"{name}：文件为空")
    if data.startswith(ZIP_SIGNATURE):
        return data, target  # the new format under the old name: read it as it is
    if data.startswith(OLE_SIGNATURE):
        if _is_encrypted(data, word):
            raise FormReadError(
                f"{name}：文件设置了打开密码（已加密），无法读取；请在 Word 或 WPS 中取消密码后再提交"
            )
        return Job(name, data, ".doc" if word else ".xls", target)
    if word and data.lstrip()[:5] == RTF_SIGNATURE:
        return Job(name, data, ".rtf", target)
    if word and _is_html(data):  # "Word 网页" that office systems export under .doc
        return Job(name, data, ".html", target)
    raise FormReadError(f"{name}：不是有效的 {kind}（{suffix}），文件内容不是该格式，可能已损坏或改了扩展名")


def convert(data: bytes, name: str) -> tuple[bytes, str]:
    """The file as .docx or .xlsx bytes, and which of the two; FormReadError (Chinese) otherwise."""
    job = plan(data, name)
    if not isinstance(job, Job):
        return job
    result = convert_many([job])[0]
    if isinstance(result, str):
        raise FormReadError(f"{name}：{result}")
    return result, job.target


def convert_many(jobs: list[Job]) -> list[bytes | str]:
    """Each job's converted bytes, or the Chinese reason it failed (without the file name), in order.

    Jobs with the same target share one LibreOffice run: starting it costs seconds, one more file
    a fraction of one."""
    results: list[bytes | str] = [""] * len(jobs)
    program = soffice_program()
    if program is None:
        return [f"{INSTALL_HINT}，才能读取 {Path(job.name).suffix.lower()} 文件" for job in jobs]
    with tempfile.TemporaryDirectory(prefix="jixiao-office-") as work:
        root = Path(work)
        for target in (".docx", ".xlsx"):
            indices = [i for i, job in enumerate(jobs) if job.target == target]
            if indices:
                done = _convert_group(program, root, [jobs[i] for i in indices], target)
                for index, result in zip(indices, done, strict=True):
                    results[index] = result
    return results


def _convert_group(program: str, root: Path, jobs: list[Job], target: str) -> list[bytes | str]:
    """One LibreOffice run for the group; after a hang or a crash the file it stopped at is
    listed and the rest are run again, so one bad file costs one timeout, not the batch."""
    sources = root / "in"
    sources.mkdir(exist_ok=True)
    paths = []
    for index, job in enumerate(jobs):
        paths.append(sources / f"{target[1:]}-{index:05d}{job.source}")
        paths[-1].write_bytes(job.data)
    results: list[bytes | str | None] = [None] * len(jobs)
    todo = list(range(len(jobs)))
    while todo:
        out = root / f"out-{target[1:]}-{todo[0]}"
        status = _run(program, root, [paths[i] for i in todo], out, target)
        stalled = status != "finished"
        for index in todo:
            produced = out / f"{paths[index].stem}{target}"
            if produced.is_file() and produced.stat().st_size:
                results[index] = produced.read_bytes()
        missing = [i for i in todo if results[i] is None]
        if not missing:
            break
        if not stalled:
            for index in missing:
                results[index] = "LibreOffice 无法转换该文件（文件可能已损坏、不完整或设置了打开密码）"
            break
        # LibreOffice converts in the order given: the first file without output is the one it stopped at.
        culprit, todo = missing[0], missing[1:]
        results[culprit] = (
            f"转换超时（{settings()['timeout_seconds']} 秒内没有完成），文件可能已损坏或过于复杂"
            if status == "timeout"
            else "转换时 LibreOffice 意外退出，文件可能已损坏"
        )
    return [r if r is not None else "LibreOffice 没有转换该文件" for r in results]


def _run(program: str, root: Path, inputs: list[Path], out: Path, target: str) -> str:
    """ "finished", "timeout" (no new output for timeout_seconds) or "crashed"."""
    profile = root / "profile"
    settings_file = profile / "user" / "registrymodifications.xcu"
    if not settings_file.exists():
        settings_file.parent.mkdir(parents=True, exist_ok=True)
        settings_file.write_text(_LOCKED_DOWN, encoding="utf-8")
    command = [
        program,
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        _FILTERS[target],
        "--outdir",
        str(out),
        *map(str, inputs),
    ]
    limit = float(settings()["timeout_seconds"])
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a timeout kills every helper it started
    )
    produced, last_change = 0, time.monotonic()
    try:
        while True:
            try:
                code = process.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                pass
            count = len(os.listdir(out)) if out.is_dir() else 0
            if count != produced:
                produced, last_change = count, time.monotonic()
            elif time.monotonic() - last_change > limit:
                _kill_group(process)
                return "timeout"
    finally:
        if process.poll() is None:  # interrupted (Ctrl-C): never leave LibreOffice running
            _kill_group(process)
    return "finished" if code == 0 else "crashed"


# The private profile starts with macros off and links to outside resources (pictures, other files)
# blocked: a file under review must not run code or make LibreOffice fetch anything.
_SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
_LOCKED_DOWN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
    + "".join(
        f'<item oor:path="{_SCRIPTING}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for name, value in (
            ("DisableMacrosExecution", "true"),
            ("MacroSecurityLevel", "3"),
            ("BlockUntrustedRefererLinks", "true"),
        )
    )
    + "</oor:items>\n"
)


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _is_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<?xml") and b"<html" in head)


# --- passwords -------------------------------------------------------------------------------


def _is_encrypted(data: bytes, word: bool) -> bool:
    """A password-protected file: OOXML in an OLE wrapper, or the Word/Excel 97 encryption flag.

    LibreOffice cannot ask for the password in headless mode; saying so is better than "cannot
    convert". The binary formats are not parsed: each stream starts on a sector (512-byte
    aligned), so the Word FIB or the Excel BOF record is found by its signature there."""
    if _ENCRYPTED_PACKAGE in data[:1_048_576]:
        return True
    return _word_encrypted(data) if word else _excel_encrypted(data)


def _word_encrypted(data: bytes) -> bool:
    for offset in range(512, min(len(data), 4_194_304) - 12, 512):
        if data[offset : offset + 2] == b"\xec\xa5":  # FIB wIdent
            n_fib = int.from_bytes(data[offset + 2 : offset + 4], "little")
            flags = int.from_bytes(data[offset + 10 : offset + 12], "little")
            if 0x65 <= n_fib <= 0x120:
                return bool(flags & 0x0100)  # fEncrypted
    return False


def _excel_encrypted(data: bytes) -> bool:
    for offset in range(512, min(len(data), 4_194_304) - 8, 512):
        if data[offset : offset + 2] == b"\x09\x08" and data[offset + 4 : offset + 6] == b"\x00\x06":
            position = offset
            for _ in range(64):  # FILEPASS follows BOF within the first few records
                kind = int.from_bytes(data[position : position + 2], "little")
                size = int.from_bytes(data[position + 2 : position + 4], "little")
                if kind == 0x002F:
                    return True
                if kind in (0x0085, 0x000A) or position + 4 + size > len(data):  # BOUNDSHEET, EOF
                    break
                position += 4 + size
            return False
    return False
