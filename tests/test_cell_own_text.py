"""A cell's own text only: text boxes, note and comment references and deleted revisions anchored
in a cell are not glued onto its number; inserted revisions are part of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree

from assistant.formats import read_forms_bytes
from tests.docx_hostile import MC_NS, W, cell, edited, w

# --- 2. a cell's own text only ----------------------------------------------------------------


def _run(text: str, tag: str = "t") -> etree._Element:
    run = w("r")
    node = w(tag)
    node.text = text
    run.append(node)
    return run


def _text_box(text: str) -> etree._Element:
    """A w:r holding a drawing whose text box says `text` (the shape Word writes, cut down)."""
    run = w("r")
    drawing = w("drawing")
    holder = etree.SubElement(drawing, "{http://schemas.openxmlformats.org/drawingml/2006/main}graphic")
    box = etree.SubElement(holder, f"{W}txbxContent")
    paragraph = etree.SubElement(box, f"{W}p")
    paragraph.append(_run(text))
    run.append(drawing)
    return run


def _alternate_text_box(text: str) -> etree._Element:
    run = w("r")
    alternate = etree.SubElement(run, f"{{{MC_NS}}}AlternateContent")
    choice = etree.SubElement(alternate, f"{{{MC_NS}}}Choice", Requires="wps")
    choice.append(_text_box(text).find(f"{W}drawing"))
    fallback = etree.SubElement(alternate, f"{{{MC_NS}}}Fallback")
    pict = etree.SubElement(fallback, f"{W}pict")
    box = etree.SubElement(pict, f"{W}txbxContent")
    etree.SubElement(box, f"{W}p").append(_run(text))
    return run


def _vml_text_box(text: str) -> etree._Element:
    run = w("r")
    box = etree.SubElement(etree.SubElement(run, f"{W}pict"), f"{W}txbxContent")
    etree.SubElement(box, f"{W}p").append(_run(text))
    return run


def _in_executed(
    *extra: Callable[[], etree._Element], first: bool = True
) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        paragraph = cell(root, "年度资金总额", 3).find(f"{W}p")
        for make in extra:
            element = make()
            if first:
                paragraph.insert(0 if paragraph.find(f"{W}pPr") is None else 1, element)
            else:
                paragraph.append(element)

    return edit


def _deleted(text: str) -> etree._Element:
    deletion = w("del", id="1", author="审核人")
    deletion.append(_run(text, "delText"))
    return deletion


def _inserted(text: str) -> etree._Element:
    insertion = w("ins", id="2", author="审核人")
    insertion.append(_run(text))
    return insertion


def _reference(tag: str) -> Callable[[], etree._Element]:
    def make() -> etree._Element:
        run = w("r")
        run.append(w(tag, id="1"))
        return run

    return make


OWN_TEXT = {
    "text-box": (_in_executed(lambda: _text_box("1")), "2000"),
    "alternate-content-text-box": (_in_executed(lambda: _alternate_text_box("1")), "2000"),
    "vml-text-box": (_in_executed(lambda: _vml_text_box("9")), "2000"),
    "deleted-revision": (_in_executed(lambda: _deleted("1")), "2000"),
    "inserted-revision": (_in_executed(lambda: _inserted(".5"), first=False), "2000.5"),
    "footnote-reference": (_in_executed(_reference("footnoteReference"), first=False), "2000"),
    "endnote-and-comment": (
        _in_executed(_reference("endnoteReference"), _reference("commentReference"), first=False),
        "2000",
    ),
}


@pytest.mark.parametrize("case", sorted(OWN_TEXT))
def test_a_cell_reads_its_own_paragraphs_only(case: str) -> None:
    edit, expected = OWN_TEXT[case]
    form = read_forms_bytes(edited(edit), "hostile.docx")[0]
    assert form.funds.total.executed.text == expected


def _year_in_text_box(root: etree._Element) -> None:
    """The "（2020年度）" line under the title, drawn in a text box anchored in an empty paragraph."""
    body = root.find(f"{W}body")
    line = next(p for p in body.findall(f"{W}p") if "2020" in "".join(p.itertext()))
    text = "".join(line.itertext())
    for run in line.findall(f"{W}r"):
        line.remove(run)
    line.append(_text_box(text))


def test_a_text_box_outside_tables_is_a_line_of_its_own() -> None:
    form = read_forms_bytes(edited(_year_in_text_box), "hostile.docx")[0]
    assert form.year == 2020
