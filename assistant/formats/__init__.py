"""Reading and writing forms: plain text, JSON, Word, Excel and PDF, chosen by file extension; old
Office and WPS files (.doc, .wps, .xls, .et) are converted by LibreOffice first (office.py).

Every reader raises FormReadError with a Chinese message that names the problem; none of them
writes to the input file.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

from pydantic import ValidationError

from ..form import Form, FormDocument
from .errors import FormReadError

MAX_INPUT_BYTES = 20 * 1024 * 1024
READABLE_SUFFIXES = (".txt", ".json", ".docx", ".xlsx", ".pdf", ".doc", ".wps", ".xls", ".et")
# The readable types as the CLI help and messages name them, most common first.
READABLE_TEXT = " / ".join((".docx", ".xlsx", ".doc", ".wps", ".xls", ".et", ".pdf", ".json", ".txt"))


def decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FormReadError(f"{name}：无法识别文件编码（应为 UTF-8 或 GBK 文本）")


def read_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    try:
        status = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FormReadError(f"{path}：符号链接形成循环，无法读取") from exc
        if path.is_symlink():
            raise FormReadError(f"{path}：符号链接指向的文件不存在") from exc
        if isinstance(exc, PermissionError):
            raise FormReadError(f"{path}：没有读取权限，无法读取") from exc
        raise FormReadError(f"{path}：文件不存在") from exc
    if stat.S_ISDIR(status.st_mode):
        raise FormReadError(f"{path}：这是文件夹，不是文件")
    if not stat.S_ISREG(status.st_mode):  # a pipe would block the read, a socket cannot be read
        raise FormReadError(f"{path}：不是普通文件（管道、套接字或设备），无法读取")
    size = status.st_size
    if size == 0:
        raise FormReadError(f"{path}：文件为空")
    if size > limit:
        raise FormReadError(f"{path}：文件过大（{size / 1048576:.1f} MB，上限 {limit // 1048576} MB）")
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise FormReadError(f"{path}：没有读取权限，无法读取") from exc
    except OSError as exc:
        raise FormReadError(f"{path}：无法读取文件（{exc.strerror or exc}）") from exc


def forms_from_text(text: str, name: str) -> list[Form]:
    from .grid import GridError, build_forms
    from .text import parse_items

    if not text.strip():
        raise FormReadError(f"{name}：文件为空")
    try:
        items = parse_items(text)
    except GridError as exc:  # past a bound on the file's geometry (text.py)
        raise FormReadError(f"{name}：{exc}") from exc
    forms = build_forms(items)
    if not forms:
        raise FormReadError(f"{name}：没有找到自评表（缺少“项目名称”“项目资金”“绩效指标”等栏目）")
    return forms


# A JSON form (as `forms_to_json` writes it) has at least one of its sections; an object with none
# of them is some other file, not an empty form.
FORM_SECTIONS = ("header", "funds", "goal", "indicators")


def forms_from_json(text: str, name: str) -> list[Form]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormReadError(f"{name}：JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）") from exc
    if isinstance(data, dict) and "forms" in data:
        items = data["forms"]
        if not isinstance(items, list):
            raise FormReadError(f"{name}：JSON 内容不是自评表（“forms”应为自评表的列表）")
    else:
        items = data if isinstance(data, list) else [data]
    if not items:
        raise FormReadError(f"{name}：JSON 中没有自评表（表的列表为空）")
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict) or not any(key in item for key in FORM_SECTIONS):
            where = f"第 {index} 项" if len(items) > 1 or isinstance(data, list) else "内容"
            raise FormReadError(
                f"{name}：JSON {where}不是自评表（应含“header”“funds”“indicators”等栏目，"
                "请用 jixiao convert 导出的 JSON）"
            )
    try:
        if isinstance(data, dict) and "forms" in data:
            return FormDocument.model_validate(data).forms
        return [Form.model_validate(item) for item in items]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/".join(str(part) for part in first["loc"])
        raise FormReadError(f"{name}：JSON 内容不是自评表（{where}：{first['msg']}）") from exc


def _check_suffix(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()  # not Path(): this runs for every file read
    if suffix not in READABLE_SUFFIXES:
        raise FormReadError(
            f"{name}：不支持的文件类型“{suffix or '无扩展名'}”，"
            "请提供 .docx、.xlsx、.doc、.wps、.xls、.et、.pdf、.json 或 .txt 文件"
        )
    return suffix


def read_forms(path: str | Path) -> list[Form]:
    """Every form in the file, in order."""
    _check_suffix(str(path))
    return read_forms_bytes(read_bytes(Path(path)), str(path))


def read_forms_bytes(data: bytes, name: str, read_as: str | None = None) -> list[Form]:
    """Every form in an uploaded file's bytes; `name` (the file name) decides the format, unless
    `read_as` names it (".docx" for a copy that LibreOffice already converted)."""
    suffix = read_as or _check_suffix(name)
    if not data:
        raise FormReadError(f"{name}：文件为空")
    if len(data) > MAX_INPUT_BYTES:
        raise FormReadError(
            f"{name}：文件过大（{len(data) / 1048576:.1f} MB，上限 {MAX_INPUT_BYTES // 1048576} MB）"
        )
    if suffix in (".doc", ".wps", ".xls", ".et"):
        from .office import convert

        data, suffix = convert(data, name)
    if suffix not in READABLE_SUFFIXES:  # a converted .xls, before the .xlsx reader exists
        raise FormReadError(f"{name}：已转换为 {suffix}，但本版本还不能读取 {suffix} 表格")
    if suffix == ".pdf":
        from .pdf_reader import read_pdf_bytes

        return read_pdf_bytes(data, name)
    if suffix == ".docx":
        from .docx_reader import read_docx_bytes

        return read_docx_bytes(data, name)
    if suffix == ".xlsx":
        from .xlsx_reader import read_xlsx_bytes

        return read_xlsx_bytes(data, name)
    text = decode_text(data, name)
    if suffix == ".json":
        return forms_from_json(text, name)
    return forms_from_text(text, name)


def forms_to_json(forms: list[Form]) -> str:
    document = FormDocument(forms=forms)
    return document.model_dump_json(by_alias=True, indent=2, exclude_computed_fields=True)
