"""Writing forms as Word documents in the official layout (A4 landscape, one table per form).

Chinese text needs its East Asian font named explicitly: python-docx's `font.name` sets only the
Latin font, and Word/LibreOffice then render Chinese in whatever fallback they pick. So the
Normal style, the document defaults and every run carry `w:eastAsia`. Tables are emitted as
WordprocessingML directly (grid, gridSpan, vMerge), which is exact and fast.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import IO

from ..form import Form, Layout
from ..rules import RuleSet
from ..vocabulary import INDICATOR_LABELS
from .docx_layout import Cell, Row, form_tables
from .docx_prepare import prepare_forms

EAST_ASIAN_FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = 21  # half-points: 10.5 pt (五号)
TITLE_SIZE = 36  # 18 pt (小二)
TWIPS_PER_MM = 1440 / 25.4
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_docx(
    forms: list[Form],
    path_or_stream: str | Path | IO[bytes],
    *,
    layout: Layout | None = None,
    fill_computed: bool = False,
    rules: RuleSet | str | None = None,
) -> None:
    """Write the forms as they stand (computed values only with fill_computed=True)."""
    import docx

    prepared = prepare_forms(forms, layout=layout, fill_computed=fill_computed, rules=rules)
    document = docx.Document()
    _page_setup(document)
    _default_fonts(document)
    body = document.element.body
    for index, form in enumerate(prepared):
        for paragraph in _title_paragraphs(form, page_break=index > 0):
            body.insert_element_before(paragraph, "w:sectPr")
        top, indicators = form_tables(form, form.layout)
        body.insert_element_before(_table(top), "w:sectPr")
        if indicators:
            # A paragraph of its own keeps two tables apart (Word joins adjacent ones); one point
            # high, it leaves no visible gap.
            body.insert_element_before(_spacer(), "w:sectPr")
            repeat = any(cell.text == INDICATOR_LABELS["level1"] for cell in indicators[0])
            body.insert_element_before(_table(indicators, header_rows=1 if repeat else 0), "w:sectPr")
    if isinstance(path_or_stream, str | Path):
        document.save(str(path_or_stream))
    else:
        document.save(path_or_stream)


def _page_setup(document) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)


def _default_fonts(document) -> None:
    """Fonts on the document defaults and the Normal style, theme fonts removed (they win)."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for rpr in (defaults, document.styles["Normal"].element.get_or_add_rPr()):
        if rpr is not None:
            _set_fonts(rpr, EAST_ASIAN_FONT, BODY_SIZE)


def _set_fonts(rpr, east_asian: str, size: int, bold: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tag in ("w:rFonts", "w:b", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attribute, value in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", east_asian)):
        fonts.set(qn(f"w:{attribute}"), value)
    elements = [fonts]
    if bold:
        elements.append(OxmlElement("w:b"))
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(size))
        elements.append(element)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    elements.append(lang)
    for position, element in enumerate(elements):
        rpr.insert(position, element)


def _title_paragraphs(form: Form, page_break: bool) -> list:
    lines: list[tuple[str, str, int, bool]] = []
    if form.title:
        lines.append((form.title, TITLE_FONT, TITLE_SIZE, True))
    if form.year is not None and str(form.year) not in form.title:
        lines.append((f"（{form.year}年度）", EAST_ASIAN_FONT, 28, False))
    if not lines:
        lines.append(("", EAST_ASIAN_FONT, BODY_SIZE, False))  # somewhere to put the page break
    return [
        _paragraph(text, "center", font, size, bold, page_break=page_break and index == 0)
        for index, (text, font, size, bold) in enumerate(lines)
    ]


def _paragraph(text: str, align: str, font: str, size: int, bold: bool = False, page_break: bool = False):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    if page_break:
        properties.append(OxmlElement("w:pageBreakBefore"))
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    properties.append(spacing)
    justify = OxmlElement("w:jc")
    justify.set(qn("w:val"), align)
    properties.append(justify)
    paragraph.append(properties)
    if text:
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        _set_fonts(rpr, font, size, bold)
        run.append(rpr)
        for index, part in enumerate(_INVALID_XML.sub("", text).split("\t")):
            if index:
                run.append(OxmlElement("w:tab"))
            if part:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = part
                run.append(t)
        paragraph.append(run)
    return paragraph


def _edges(row: Row) -> list[int]:
    """Where each cell of the row ends, in twips from the table's left edge."""
    edges, position = [], 0.0
    for cell in row:
        position += cell.width
        edges.append(round(position * TWIPS_PER_MM))
    return edges


def _spacer():
    from docx.oxml import OxmlElement

    paragraph = OxmlElement("w:p")
    properties = OxmlElement("w:pPr")
    properties.append(_element("w:spacing", {"before": "0", "after": "0", "line": "20", "lineRule": "exact"}))
    marks = OxmlElement("w:rPr")
    marks.append(_element("w:sz", {"val": "2"}))
    properties.append(marks)
    paragraph.append(properties)
    return paragraph


def _table(rows: list[Row], header_rows: int = 0):
    """One w:tbl whose grid has a column boundary wherever any row has a cell edge. Rows never
    split across pages (w:cantSplit); the first `header_rows` repeat at the top of each page
    (w:tblHeader: the indicator table's header row)."""
    from docx.oxml import OxmlElement

    row_edges = [_edges(row) for row in rows]
    grid_edges = sorted({0, *(edge for edges in row_edges for edge in edges)})
    column_of = {edge: index for index, edge in enumerate(grid_edges)}
    table = OxmlElement("w:tbl")
    properties = OxmlElement("w:tblPr")
    properties.append(_element("w:tblW", {"w": str(grid_edges[-1]), "type": "dxa"}))
    properties.append(_element("w:jc", {"val": "center"}))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", {"val": "single", "sz": "4", "space": "0", "color": "000000"}))
    properties.append(borders)
    properties.append(_element("w:tblLayout", {"type": "fixed"}))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", {"w": "57", "type": "dxa"}))
    properties.append(margins)
    table.append(properties)
    grid = OxmlElement("w:tblGrid")
    for left, right in pairwise(grid_edges):
        grid.append(_element("w:gridCol", {"w": str(right - left)}))
    table.append(grid)
    for number, (row, edges) in enumerate(zip(rows, row_edges, strict=True)):
        tr = OxmlElement("w:tr")
        tr.append(_element("w:trPr", {}))
        tr[0].append(_element("w:cantSplit", {}))
        if number < header_rows:
            tr[0].append(_element("w:tblHeader", {}))
        start = 0
        for cell, end in zip(row, edges, strict=True):
            tr.append(_cell(cell, end - start, column_of[end] - column_of[start]))
            start = end
        table.append(tr)
    return table


def _cell(cell: Cell, width: int, span: int):
    from docx.oxml import OxmlElement

    tc = OxmlElement("w:tc")
    properties = OxmlElement("w:tcPr")
    properties.append(_element("w:tcW", {"w": str(width), "type": "dxa"}))
    if span > 1:
        properties.append(_element("w:gridSpan", {"val": str(span)}))
    if cell.merge == "restart":
        properties.append(_element("w:vMerge", {"val": "restart"}))
    elif cell.merge == "continue":
        properties.append(OxmlElement("w:vMerge"))
    properties.append(_element("w:vAlign", {"val": "center"}))
    tc.append(properties)
    text = "" if cell.merge == "continue" else cell.text.replace("\r\n", "\n").replace("\r", "\n")
    align = "left" if cell.kind == "text" else "center"
    for line in text.split("\n"):
        tc.append(_paragraph(line, align, EAST_ASIAN_FONT, BODY_SIZE, bold=cell.kind == "label"))
    return tc


def _element(tag: str, attributes: dict[str, str]):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element
