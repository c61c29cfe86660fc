"""Opening an untrusted .docx (or .xlsx) safely: what a file must pass before any XML is parsed.

A .docx, like an .xlsx, is a zip of XML parts; the size and entry checks are shared (`check_zip`).
Users upload whatever they have: old .doc files, password-
protected documents (both are OLE compound files), renamed archives, and now and then a zip
bomb. Every refusal is a FormReadError whose Chinese message names the problem.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile

from lxml import etree

from .errors import FormReadError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCUMENT_PART = "word/document.xml"

# Limits, checked against the zip directory BEFORE anything is decompressed.
MAX_ENTRIES = 5_000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCUMENT_XML = 60 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for entries large enough to matter
RATIO_MIN_SIZE = 1024 * 1024

# Bounds on the geometry a file declares (docs/rules.md §6), for the Word reader and the text
# importer alike. w:gridSpan and w:gridBefore are counts written in the XML, so without a bound
# one attribute ("100000000") drives memory and time instead of the file's size; rows and tables
# are bounded too, so that no table costs more than a form could need.
MAX_COLUMNS = 63  # Word itself allows at most 63 columns in a table; every cell covers one or more
MAX_ROWS = 5_000  # a form has about 40 rows; a table holding a few dozen forms, a few hundred
MAX_TABLES = 500  # tables in one document, nested ones included (one or two per form)

# libxml2 refuses trees deeper than this unless huge_tree is on (it stays off); a real document
# nests a few dozen levels (body, table, row, cell, paragraph, run, and nested tables).
_MAX_XML_DEPTH = 256
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
    "collect_ids": False,  # no xml:id is ever looked up: libxml2 need not index them
}
# One parser per thread, made once: building one cost a visible part of a small form's parse, and
# an lxml parser must not be used by two threads at once (the app serves sessions in threads).
_parsers = threading.local()


def _parser() -> etree.XMLParser:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = etree.XMLParser(**_PARSER_OPTIONS)
    return parser


def open_docx(data: bytes, name: str) -> zipfile.ZipFile:
    """The zip behind a .docx, after the signature, directory and size checks."""
    if data.startswith(OLE_SIGNATURE):
        raise FormReadError(
            f"{name}：这是加密（设置了打开密码）的 Word 文档，或旧版 .doc 格式文件，无法读取；"
            "请在 Word 或 WPS 中取消密码，并“另存为”.docx 格式后再上传"
        )
    if not data.startswith(b"PK"):
        raise FormReadError(
            f"{name}：不是有效的 Word 文档（.docx），文件内容不是 Word 格式，可能已损坏或改了扩展名"
        )
    return check_zip(data, name, "Word 文档", DOCUMENT_PART, "文档", ".docx")


def _check_sizes(
    entries: list[zipfile.ZipInfo], name: str, noun: str = "文档", suffix: str = ".docx"
) -> None:
    if len(entries) > MAX_ENTRIES:
        raise FormReadError(f"{name}：{noun}内部文件过多（{len(entries)} 个），疑似恶意压缩包，已拒绝读取")
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise FormReadError(f"{name}：{noun}内容已加密，无法读取；请取消密码后另存为 {suffix} 再上传")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise FormReadError(
                f"{name}：{noun}内“{info.filename}”解压后异常膨胀（压缩比约 {ratio:.0f}:1），"
                "疑似压缩炸弹，已拒绝读取"
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise FormReadError(
            f"{name}：{noun}解压后过大（{total / 1048576:.0f} MB，"
            f"上限 {MAX_TOTAL_UNCOMPRESSED // 1048576} MB），疑似压缩炸弹，已拒绝读取"
        )


def check_zip(data: bytes, name: str, kind: str, required: str, noun: str, suffix: str) -> zipfile.ZipFile:
    """The zip behind an Office file once it holds `required` and passes the directory and size
    checks. `kind` names the format (Word 文档), `noun` the file in size messages (文档), `suffix`
    what to save it as; the caller checks the signature first."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise FormReadError(f"{name}：不是有效的 {kind}（{suffix}），文件已损坏或不完整") from exc
    if required not in archive.NameToInfo:
        raise FormReadError(f"{name}：这是一个压缩包，但不是 {kind}（缺少 {required}）")
    _check_sizes(entries, name, noun, suffix)
    return archive


def read_part(
    archive: zipfile.ZipFile, part: str, name: str, limit: int = MAX_DOCUMENT_XML, what: str = "文档正文"
) -> bytes:
    """One part, never reading more than `limit` bytes whatever the directory claims."""
    info = archive.getinfo(part)
    if info.file_size > limit:
        raise FormReadError(f"{name}：{what}过大（{info.file_size / 1048576:.0f} MB），已拒绝读取")
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise FormReadError(f"{name}：文件已损坏，无法解压{what}（{part}）") from exc
    if len(data) > limit:
        raise FormReadError(f"{name}：{what}过大，已拒绝读取")
    return data


# Word never writes a DTD; one in a part means entity tricks (billion laughs, external files).
# The optional NULs match UTF-16 as well as UTF-8. The pattern starts with "<", not with an
# optional NUL, so that the regex engine can scan for its first byte; and a part with no "!" in
# the scanned range (almost every part) is not searched at all.
_DOCTYPE = re.compile(rb"<\x00?!\x00?D\x00?O\x00?C\x00?T\x00?Y\x00?P\x00?E", re.IGNORECASE)


def _has_doctype(data: bytes, end: int | None = None) -> bool:
    end = len(data) if end is None else end
    return data.find(b"!", 0, end) != -1 and _DOCTYPE.search(data, 0, end) is not None


def parse_xml(data: bytes, name: str, what: str = "文档正文", writer: str = "Word") -> etree._Element:
    """Parse a part with DTDs refused, entity expansion, network access and huge trees all off."""
    refused = FormReadError(
        f"{name}：{what}含有 {writer} 不会写入的 DTD 声明，疑似恶意构造的文件，已拒绝读取"
    )
    if _has_doctype(data, 65536):
        raise refused
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, data, name, refused, what, writer) from exc
    if root is None:
        raise FormReadError(f"{name}：{what}为空")
    if root.getroottree().docinfo.doctype:
        raise refused
    return root


def _syntax_error(
    exc: etree.XMLSyntaxError,
    data: bytes,
    name: str,
    refused: FormReadError,
    what: str = "文档正文",
    writer: str = "Word",
) -> FormReadError:
    """Three different problems, three messages: a DTD (anywhere in the part, not only where the
    quick scan looks), nesting deeper than libxml2's limit, and XML that is simply broken."""
    if _has_doctype(data):
        return refused
    if exc.code == _RESOURCE_LIMIT and "depth" in str(exc).lower():
        return FormReadError(
            f"{name}：{what}的 XML 嵌套层数过深（超过 {_MAX_XML_DEPTH} 层），{writer} 不会写出这样的文件，"
            "疑似恶意构造，已拒绝读取"
        )
    if exc.code == _RESOURCE_LIMIT:
        return FormReadError(f"{name}：{what}超出 XML 解析的安全限制（如单段文字过长），已拒绝读取")
    return FormReadError(f"{name}：{what}不是有效的 XML，文件可能已损坏")
