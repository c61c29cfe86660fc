"""Hostile Word files: our writer's correct form, then its raw XML edited the way an attacker or a
broken tool would (huge spans, text boxes in cells, deep or DTD-carrying parts)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from lxml import etree

from assistant.formats.docx_writer import write_docx
from tests.factories import good_form

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DOCUMENT = "word/document.xml"


def good_docx() -> bytes:
    stream = io.BytesIO()
    write_docx([good_form()], stream)
    return stream.getvalue()


def replace_part(data: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, content if info.filename == part else source.read(info))
    return out.getvalue()


def edited(edit: Callable[[etree._Element], None]) -> bytes:
    """Our writer's correct form, with word/document.xml edited as raw XML."""
    data = good_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read(DOCUMENT))
    edit(root)
    return replace_part(
        data, DOCUMENT, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    )


def w(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(f"{W}{tag}")
    for key, value in attrs.items():
        element.set(f"{W}{key}", value)
    return element


def cell(root: etree._Element, row_label: str, offset: int) -> etree._Element:
    """The w:tc `offset` cells right of the first cell that says row_label."""
    for tr in root.iter(f"{W}tr"):
        cells = tr.findall(f"{W}tc")
        for index, tc in enumerate(cells):
            if "".join(tc.itertext()).strip() == row_label:
                return cells[index + offset]
    raise AssertionError(row_label)


def set_span(tc: etree._Element, span: str) -> None:
    tc_pr = tc.find(f"{W}tcPr")
    if tc_pr is None:
        tc_pr = w("tcPr")
        tc.insert(0, tc_pr)
    for old in tc_pr.findall(f"{W}gridSpan"):
        tc_pr.remove(old)
    tc_pr.insert(0, w("gridSpan", val=span))
