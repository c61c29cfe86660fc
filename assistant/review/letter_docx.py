"""The review letter drawn as a .docx (GB/T 9704-2012 conventions, docs/rules.md §8).

A4 portrait, margins 37/35/28/26 mm; title 2号 centred (宋体 bold, or a 小标宋 set regular with 宋体
as the fallback Word uses when it is missing); body 仿宋_GB2312 (or 仿宋) 3号 at 28 pt fixed line
spacing, first line indented two characters; headings “一、” in 黑体, the lead of each “（一）” item
in 楷体; page numbers “— 1 —” at the foot. Every run names its East Asian font (w:eastAsia) and its
Latin font alike, so figures and the punctuation “”——…… are set in the body face, never in a Latin
fallback. The problem list follows the sign-off, one row per problem, so a typical form fits on two
pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Protocol

HEADING1_FONT = "黑体"
TITLE_FALLBACK = "宋体"
# The 楷体 that goes with each body face: the GB2312 pair of older systems, or the Windows 10 pair.
KAI_FOR_BODY = {"仿宋_GB2312": "楷体_GB2312", "仿宋": "楷体"}
APPENDIX = "附：问题清单"
APPENDIX_COLUMNS = ("位置", "问题", "代码")
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Item:
    """One numbered paragraph: “（一）lead。text” — the lead is set in 楷体, the text in the body face.

    An item that lists several things (a rewrite for each of ten rows) has them as `lines`, each a
    paragraph of the third level of 公文 numbering (“1．…”) under “（一）lead：”."""

    lead: str
    text: str
    lines: tuple[str, ...] = ()

    @staticmethod
    def number(index: int) -> str:
        return f"（{NUMERALS[index] if index < len(NUMERALS) else index + 1}）"

    def opening(self, index: int) -> str:
        """The number and the lead, with the stop that goes after the lead."""
        if not self.lead:
            return self.number(index)
        return f"{self.number(index)}{self.lead}{'：' if self.lines and not self.text else '。'}"

    def numbered_lines(self) -> list[str]:
        return [f"{number}．{line}" for number, line in enumerate(self.lines, start=1)]


class Letter(Protocol):
    title: str
    addressee: str
    opening: str
    note: str
    sections: list[tuple[str, list[Item]]]
    reviewer: str
    day: str


def set_fonts(run, font: str) -> None:
    """python-docx's font.name sets only the Latin font; Chinese needs w:eastAsia as well."""
    from docx.oxml.ns import qn

    element = run.element if hasattr(run, "element") else run._element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    fonts.set(qn("w:hint"), "eastAsia")
    # Chinese text throughout: where the face is missing, figures and “”——…… fall back to a Chinese
    # face too (a renderer picks the fallback by language), not to a Latin one.
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = properties.makeelement(qn("w:lang"), {})
        properties.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _declare_fallback(document, font: str, fallback: str) -> None:
    """Name `fallback` as the font Word uses when `font` is not installed (w:altName in fontTable)."""
    from docx.oxml.ns import qn
    from lxml import etree

    part = next(
        (r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable")), None
    )
    if part is None:
        return
    root = etree.fromstring(part.blob)
    entry = etree.SubElement(root, qn("w:font"), {qn("w:name"): font})
    etree.SubElement(entry, qn("w:altName"), {qn("w:val"): fallback})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_paragraph(document, text: str = "", *, font: str, size=16, indent=True, bold=False, align=None):
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    if text:
        add_run(paragraph, text, font, size, bold)
    return paragraph


def add_run(paragraph, text: str, font: str, size=16, bold=False):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    set_fonts(run, font)
    return run


def _page_number_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, "— ", "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = add_run(paragraph, "", "宋体", 14)
        if kind is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
    add_run(paragraph, " —", "宋体", 14)


def _appendix(document, rows: list[tuple[str, str, str]], body_font: str) -> None:
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    widths = (Mm(72), Mm(42), Mm(42))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    _repeat_and_keep_whole(table.rows[0], header=True)
    for values, bold in [(APPENDIX_COLUMNS, True), *((row, False) for row in rows)]:
        if bold:
            cells = table.rows[0].cells
        else:
            row = table.add_row()
            _repeat_and_keep_whole(row, header=False)
            cells = row.cells
        for column, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = Pt(11)
            code = column == len(APPENDIX_COLUMNS) - 1 and not bold  # the longest codes fit on one line
            add_run(paragraph, text, HEADING1_FONT if bold else body_font, 7.5 if code else 9, bold)


def render_letter(text: Letter, rows: list[tuple[str, str, str]], body_font: str, title_font: str) -> bytes:
    """The letter as .docx bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    kai = KAI_FOR_BODY.get(body_font, "楷体")
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    set_fonts(normal, body_font)
    _page_number_footer(section)

    small_seal = "小标宋" in title_font  # a 小标宋 is a display face: set regular, 宋体 if missing
    if small_seal:
        _declare_fallback(document, title_font, TITLE_FALLBACK)
    title = add_paragraph(document, text.title, font=title_font, size=22, indent=False, bold=not small_seal)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(32)
    title.paragraph_format.space_after = Pt(7)
    add_paragraph(document, f"{text.addressee}：", font=body_font, indent=False)
    add_paragraph(document, text.opening, font=body_font)
    if text.note:
        add_paragraph(document, text.note, font=body_font)
    for heading, items in text.sections:
        add_paragraph(document, heading, font=HEADING1_FONT).paragraph_format.keep_with_next = True
        for index, item in enumerate(items):
            paragraph = add_paragraph(document, font=body_font)
            paragraph.paragraph_format.keep_with_next = bool(item.lines)  # never alone at a page's foot
            add_run(paragraph, item.opening(index), kai)
            add_run(paragraph, item.text, body_font)
            for line in item.numbered_lines():
                add_paragraph(document, line, font=body_font)
    for number, line in enumerate((text.reviewer, text.day)):
        sign = add_paragraph(document, line, font=body_font, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        sign.paragraph_format.right_indent = Pt(32)
        sign.paragraph_format.space_before = Pt(7 if number == 0 else 0)
    if rows:  # after the sign-off, on the same page when there is room
        heading = add_paragraph(document, APPENDIX, font=HEADING1_FONT, indent=False)
        heading.paragraph_format.space_before = Pt(7)
        heading.paragraph_format.keep_with_next = True  # on the page where the list begins
        _appendix(document, rows, body_font)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _repeat_and_keep_whole(row, header: bool) -> None:
    """A problem list longer than the page goes on with its header row on top (w:tblHeader), and
    never splits a row across pages (w:cantSplit)."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))
