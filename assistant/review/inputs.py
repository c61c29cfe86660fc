"""What a batch review reads: files, folders (recursively) and .zip archives, as small tasks.

A task names one file to read (on disk, inside a zip on disk, or uploaded bytes) and is cheap to
send to a worker process. Archives are never extracted to disk: members are read into memory one
at a time with a size cap, so a hostile archive (zip bomb, "../" paths, links) cannot write
anywhere or exhaust memory. Anything that cannot be used becomes a task with a Chinese `problem`,
so it is listed in the report instead of stopping the batch.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath

from ..formats import MAX_INPUT_BYTES, FormReadError, read_bytes

MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024  # declared uncompressed size of one archive
ZIP_SUFFIX = ".zip"
# Files people do not mean as input: Office lock files, macOS/Windows folder metadata.
JUNK_PREFIXES = ("~$", ".")
JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini"})
JUNK_FOLDERS = frozenset({"__MACOSX"})


@dataclass(frozen=True, slots=True)
class InputTask:
    """One file to review. `display` is how the report names it."""

    display: str
    path: str | None = None  # a file on disk, or the archive holding `member`
    member: str | None = None  # name of the member inside the archive at `path`
    data: bytes | None = None  # contents already in memory (uploads)
    problem: str | None = None  # known to be unusable before reading: the Chinese reason
    read_as: str | None = None  # `data` is a converted copy in this format (".docx"), not as named


def is_junk(name: str) -> bool:
    base = PurePosixPath(name.replace("\\", "/")).name
    return base.lower() in JUNK_NAMES or base.startswith(JUNK_PREFIXES)


def expand_paths(paths: Iterable[str | Path], exclude: Iterable[Path] = ()) -> list[InputTask]:
    """Every file named or found under the folders named, archives expanded, each file once.

    `exclude` lists files never to read (the report being written, if it lies in an input folder).
    """
    skip = {_key(Path(p)) for p in exclude}
    tasks: list[InputTask] = []
    seen: set[str] = set()

    def add_file(path: Path, display: str) -> None:
        key = _key(path)
        if key in skip or key in seen:
            return
        seen.add(key)
        if path.suffix.lower() == ZIP_SUFFIX:
            tasks.extend(_disk_zip_tasks(path, display))
        else:
            tasks.append(InputTask(display, path=str(path)))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file, problem in _walk(path):
                problem = problem or file_problem(file)
                if problem:
                    tasks.append(InputTask(str(file), problem=problem))
                else:
                    add_file(file, str(file))
        elif problem := file_problem(path):
            tasks.append(InputTask(str(raw), problem=problem))
        else:
            add_file(path, str(raw))
    return tasks


def file_problem(path: Path) -> str | None:
    """Why a path is not a file that can be read (a link loop, a dangling link, a pipe, a socket),
    in Chinese; None for a regular file. Checked before opening: opening a pipe would block."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "符号链接形成循环，无法读取"
        if path.is_symlink():
            return "符号链接指向的文件不存在"
        if isinstance(exc, PermissionError):
            return "没有读取权限，无法读取"
        if exc.errno == errno.ENOENT:
            return "文件或文件夹不存在"
        return f"无法读取（{exc.strerror or exc}）"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "这是管道（FIFO），不是普通文件，已跳过"
    if stat.S_ISSOCK(mode):
        return "这是套接字（socket），不是普通文件，已跳过"
    return "不是普通文件（如设备文件），已跳过"


def expand_uploads(files: Iterable[tuple[str, bytes]]) -> list[InputTask]:
    """Uploaded (name, bytes) pairs as tasks; uploaded .zip archives expanded in memory."""
    tasks: list[InputTask] = []
    for name, data in files:
        if PurePosixPath(name).suffix.lower() != ZIP_SUFFIX:
            tasks.append(InputTask(name, data=data))
            continue
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                tasks.extend(
                    _zip_tasks(archive, name, lambda info, shown: _upload_member(archive, info, shown))
                )
        except (zipfile.BadZipFile, OSError, ValueError):
            tasks.append(InputTask(name, problem="压缩包已损坏或不是 .zip 格式"))
    return tasks


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return str(path.absolute())


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Files under a folder in a stable order, or a sub-folder that cannot be opened with the reason;
    folder links are not followed (no loops)."""
    failures: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=failures.append):
        while failures:
            failed = failures.pop()
            yield Path(failed.filename or root), f"无法打开文件夹（{failed.strerror or failed}）"
        dirs[:] = sorted(d for d in dirs if d not in JUNK_FOLDERS and not d.startswith("."))
        for name in sorted(files):
            if not is_junk(name):
                yield Path(root) / name, None
    for failed in failures:
        yield Path(failed.filename or folder), f"无法打开文件夹（{failed.strerror or failed}）"


def _disk_zip_tasks(path: Path, display: str) -> list[InputTask]:
    try:
        with zipfile.ZipFile(path) as archive:
            return list(
                _zip_tasks(archive, display, lambda info, shown: InputTask(shown, str(path), info.filename))
            )
    except (zipfile.BadZipFile, OSError, ValueError):
        return [InputTask(display, problem="压缩包已损坏或不是 .zip 格式")]


def _zip_tasks(archive: zipfile.ZipFile, display: str, make_task) -> Iterator[InputTask]:
    """Checks the whole archive first (member count, total size), then each member."""
    infos = [i for i in archive.infolist() if not i.is_dir() and not _junk_member(i.filename)]
    if len(infos) > MAX_ZIP_MEMBERS:
        yield InputTask(
            display, problem=f"压缩包内文件过多（{len(infos)} 个，上限 {MAX_ZIP_MEMBERS} 个），未展开"
        )
        return
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL_BYTES:
        limit = MAX_ZIP_TOTAL_BYTES // 1024**3
        yield InputTask(
            display, problem=f"压缩包解压后过大（{total / 1024**3:.1f} GB，上限 {limit} GB），未展开"
        )
        return
    for info in infos:
        name = member_name(info)
        shown = f"{display}/{name}"
        problem = _member_problem(info, name)
        yield InputTask(shown, problem=problem) if problem else make_task(info, shown)


def _junk_member(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return any(part in JUNK_FOLDERS for part in parts) or is_junk(name)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: Chinese Windows tools store GBK without saying so."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _member_problem(info: zipfile.ZipInfo, name: str) -> str | None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        return "压缩包内的路径不安全（绝对路径或含“..”），已跳过"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "压缩包内的符号链接，已跳过"
    if info.flag_bits & 0x1:
        return "压缩包内的文件已加密，无法读取"
    if PurePosixPath(name).suffix.lower() == ZIP_SUFFIX:
        return "压缩包中的压缩包不展开，请先解压后再审核"
    if info.file_size > MAX_INPUT_BYTES:
        return f"文件过大（{info.file_size / 1048576:.1f} MB，上限 {MAX_INPUT_BYTES // 1048576} MB）"
    return None


def _upload_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> InputTask:
    try:
        return InputTask(shown, data=read_member(archive, info))
    except FormReadError as exc:
        return InputTask(shown, problem=str(exc))


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never more than the input cap whatever its header claims."""
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise FormReadError("压缩包中的该文件已损坏，无法解压") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise FormReadError(f"文件过大（上限 {MAX_INPUT_BYTES // 1048576} MB）")
    return data


def task_bytes(task: InputTask) -> bytes:
    """The bytes of a task's file, wherever it is; FormReadError (Chinese) when it cannot be read."""
    if task.data is not None:
        return task.data
    if task.member is None:
        return read_bytes(Path(task.path or task.display))
    try:
        with zipfile.ZipFile(task.path or "") as archive:
            return read_member(archive, archive.getinfo(task.member))
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise FormReadError("压缩包已损坏或无法打开") from exc
