"""PDF forms: ruled tables read into the same grid as Word's; bad PDFs of every kind give one Chinese
line and exit 2. The PDFs are made from our .docx by LibreOffice, as units publish them."""

from __future__ import annotations

import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement

from assistant.formats import FormReadError, read_forms
from assistant.formats.office import settings
from assistant.values import compact
from tests.docx_files import built_fixture, docx_dir_fixture, seed_forms_fixture, yongde_data_fixture  # noqa: F401
from tests.office_files import needs_soffice, office_set_fixture, soffice  # noqa: F401
from tests.processes import jixiao


def hand_made_pdf(
    content: bytes,
    resources: bytes,
    extra: list[bytes] = (),  # type: ignore[assignment]
    filters: bytes = b"",
) -> bytes:
    """A one-page PDF written object by object, with a correct cross-reference table; `filters`
    names how `content` is encoded ("/FlateDecode"), when it is."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        b"<< /Length %d%s >>\nstream\n" % (len(content), b" /Filter " + filters if filters else b"")
        + content
        + b"\nendstream",
        *extra,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def scanned_pdf() -> bytes:
    """What a scanner makes: one picture filling the page, no text at all."""
    pixels = zlib.compress(bytes([0, 255] * 32 * 16))
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(pixels)
        + pixels
        + b"\nendstream"
    )
    return hand_made_pdf(b"q 200 0 0 200 0 0 cm /Im0 Do Q", b"<< /XObject << /Im0 5 0 R >> >>", [image])


def text_pdf() -> bytes:
    """A page of text with no table: meeting notes, not a form."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    content = b"BT /F1 12 Tf 20 150 Td (Meeting notes: the budget review is on Monday.) Tj ET"
    return hand_made_pdf(content, b"<< /Font << /F1 5 0 R >> >>", [font])


def check_fails(path: Path) -> str:
    result = jixiao("check", str(path))
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误：{path}：")
    return lines[0]


# --- bad PDFs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("扫描件.pdf", scanned_pdf(), "扫描件，没有可读取的文字（不支持 OCR）"),
        ("会议纪要.pdf", text_pdf(), "PDF 中没有找到带边框的表格，找不到自评表"),
        ("改名.pdf", "项目名称\t公共服务经费\n".encode(), "不是有效的 PDF 文件"),
        ("空.pdf", b"", "文件为空"),
        ("半截.pdf", scanned_pdf()[:200], "PDF 文件已损坏或不完整，无法读取"),
    ],
)
def test_a_bad_pdf_gives_one_chinese_line(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in check_fails(path)


@needs_soffice
def test_a_truncated_published_pdf_is_named_broken(office_set, tmp_path: Path) -> None:
    data = office_set["seed-single"][".pdf"].read_bytes()
    path = tmp_path / "截断.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "PDF 文件已损坏或不完整" in check_fails(path)


@needs_soffice
def test_a_pdf_with_an_open_password_is_named_as_such(office_set, tmp_path: Path) -> None:
    locked = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"x"}}'
    )
    [pdf] = soffice([office_set["yongde"][".docx"]], f"pdf:writer_pdf_Export:{locked}", tmp_path)
    assert "PDF 设置了打开密码（已加密），无法读取" in check_fails(pdf)


@needs_soffice
def test_pages_and_cells_are_bounded(office_set, monkeypatch) -> None:
    pdf = office_set["yongde"][".pdf"]
    monkeypatch.setitem(settings(), "pdf_max_pages", 1)
    with pytest.raises(FormReadError, match=r"PDF 页数过多（2 页，上限 1 页），已拒绝读取"):
        read_forms(pdf)
    monkeypatch.setitem(settings(), "pdf_max_pages", 200)
    monkeypatch.setitem(settings(), "pdf_max_cells", 20)
    with pytest.raises(FormReadError, match=r"单元格过多（超过 20 个）"):
        read_forms(pdf)


@needs_soffice
def test_reading_a_pdf_is_bounded_in_time(office_set, monkeypatch) -> None:
    monkeypatch.setitem(settings(), "timeout_seconds", 0)
    with pytest.raises(FormReadError, match=r"PDF 读取超时（0 秒内没有读完）"):
        read_forms(office_set["yongde"][".pdf"])


# --- what is read ------------------------------------------------------------------------------


@needs_soffice
def test_the_yongde_pdf_reads_as_the_very_form_of_its_docx(office_set) -> None:
    # Its 满意度指标 and 服务对象满意度指标 cells are merged over two rows that a page break
    # separates: the PDF prints "满意度指" on one page and "标" on the next.
    assert read_forms(office_set["yongde"][".pdf"]) == read_forms(office_set["yongde"][".docx"])


@needs_soffice
@pytest.mark.parametrize("name", ["seed-single", "seed-split", "sichuan"])
def test_every_indicator_is_read_in_its_place(office_set, name: str) -> None:
    def cells(path: Path) -> list[tuple]:
        return [
            (compact(i.level1), compact(i.level2), compact(i.name), i.weight.value, i.score.value)
            for form in read_forms(path)
            for i in form.indicators
        ]

    word = cells(office_set[name][".docx"])
    assert word and cells(office_set[name][".pdf"]) == word


@needs_soffice
def test_a_heading_repeated_on_every_page_is_read_once(office_set, tmp_path: Path) -> None:
    document = docx.Document(str(office_set["yongde"][".docx"]))
    for row in document.tables[0].rows[:3]:  # 项目名称, 主管部门, 项目负责人: "重复标题行"
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    source = tmp_path / "重复标题.docx"
    document.save(str(source))
    [pdf] = soffice([source], "pdf", tmp_path)
    assert read_forms(pdf) == read_forms(source)
