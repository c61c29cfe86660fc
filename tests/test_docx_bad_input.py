"""Files that are not usable Word forms: each gets one Chinese line naming the problem, exit status
2 from `check` and `convert`, and the file is never written to."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from assistant.formats.docx_writer import write_docx
from tests.factories import good_form
from tests.processes import jixiao

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return stream.getvalue()


def _document(build: Callable[[docx.document.Document], None]) -> bytes:
    document = docx.Document()
    build(document)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _edited_form(edit: Callable[[list], None]) -> bytes:
    """A correct form from our writer, then one table edit done with python-docx."""
    stream = io.BytesIO()
    write_docx([good_form()], stream)
    document = docx.Document(io.BytesIO(stream.getvalue()))
    edit([row for table in document.tables for row in table.rows])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _row_with(rows: list, text: str):
    return next(row for row in rows if any(tc.xpath("string(.)") == text for tc in row._tr.tc_lst))


def _extra_cell(rows: list) -> None:
    tr = _row_with(rows, "保障社区工作者人数")._tr
    extra = copy.deepcopy(tr.tc_lst[-3])  # the 分值 cell: it has a run to put text in
    (text,) = extra.iter(f"{W}t")
    text.text = "备注：另行报送"
    tr.append(extra)


def _drop_actual_column(rows: list) -> None:
    header = _row_with(rows, "一级指标")._tr
    header.remove(next(tc for tc in header.tc_lst if "完成值" in tc.xpath("string(.)")))


def _short_row(rows: list) -> None:
    tr = _row_with(rows, "保障社区工作者人数")._tr
    for tc in tr.tc_lst[-3:]:
        tr.remove(tc)


BOMB = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b" " * 30_000_000})
DTD = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b"<w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
)

CASES: dict[str, tuple[Callable[[], bytes], tuple[str, ...]]] = {
    "not-a-zip": (lambda: "这不是 Word 文件".encode() * 10, ("不是有效的 Word 文档",)),
    "pdf-renamed": (lambda: b"%PDF-1.7\n" + b"0" * 100, ("不是有效的 Word 文档",)),
    "zip-not-docx": (lambda: _zip({"readme.txt": b"hello"}), ("压缩包", "不是 Word 文档")),
    "broken-zip": (lambda: _zip({"word/document.xml": b"<x/>" * 50})[:-30], ("不是有效的 Word 文档",)),
    "encrypted-or-doc": (
        lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096,
        ("加密", ".doc", "另存为"),
    ),
    "no-table": (
        lambda: _document(lambda d: d.add_paragraph("会议纪要：今天讨论了绿化工作。")),
        ("没有表格",),
    ),
    "unrelated-table": (
        lambda: _document(lambda d: d.add_table(rows=2, cols=2).cell(0, 0).__setattr__("text", "姓名")),
        ("没有找到自评表",),
    ),
    "extra-column": (lambda: _edited_form(_extra_cell), ("多出一格", "备注：另行报送", "保障社区工作者人数")),
    "missing-column": (lambda: _edited_form(_drop_actual_column), ("表头缺少", "实际完成值")),
    "short-row": (lambda: _edited_form(_short_row), ("缺少", "分值", "得分", "保障社区工作者人数")),
    "zip-bomb": (lambda: BOMB, ("压缩炸弹",)),
    "bad-xml": (lambda: _zip({"word/document.xml": b"<w:document><w:body>"}), ("不是有效的 XML",)),
    "entity-tricks": (lambda: _zip({"word/document.xml": DTD}), ("DTD",)),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    paths = {}
    for name, (make, _) in CASES.items():
        paths[name] = folder / f"{name}.docx"
        paths[name].write_bytes(make())
    big = folder / "big.docx"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a 50 MB file (sparse: nothing to write)
    paths["big"] = big
    return paths


REASONS = {name: reasons for name, (_, reasons) in CASES.items()} | {"big": ("文件过大", "50.0 MB")}


@pytest.mark.parametrize("name", sorted(REASONS))
@pytest.mark.parametrize("command", ["check", "convert"])
def test_a_clear_chinese_error_and_the_file_untouched(
    bad_files: dict[str, Path], name: str, command: str, tmp_path: Path
) -> None:
    path = bad_files[name]
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    args = ("check", path) if command == "check" else ("convert", path, tmp_path / "out.json")
    result = jixiao(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误：{path}："), result.stderr
    for reason in REASONS[name]:
        assert reason in lines[0]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not (tmp_path / "out.json").exists()
