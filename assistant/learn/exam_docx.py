"""The 结业测试 result as a printable Word file (A4): who, when, which paper, each question's score,
the total and the pass/fail line, then the lost points and a signature line.

Set with the review letter's font helpers, so every run names its East Asian font as well as its
Latin one (Word and LibreOffice set the Chinese text in 仿宋/黑体, never in a Latin fallback).
"""

from __future__ import annotations

import io

from ..review.letter_docx import HEADING1_FONT, add_paragraph, add_run, set_fonts
from .exam import POINTS, ExamResult

BODY_FONT = "仿宋"  # Windows 10 and later ship 仿宋 (not 仿宋_GB2312)
TITLE = "绩效自评表学习 · 结业测试成绩单"
COLUMNS = ("题号", "级别", "题目", "得分", "满分")
WIDTHS_MM = (18, 20, 82, 22, 18)


def _table(document, result: ExamResult) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    rows = [(str(q.number), q.level, q.title, f"{q.score:.2f}", f"{POINTS:.0f}") for q in result.questions]
    rows.append(("", "", "总分", f"{result.total:.2f}", f"{result.full:.0f}"))
    table = document.add_table(rows=0, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS_MM, strict=True):
        column.width = Mm(width)
    for number, values in enumerate([COLUMNS, *rows]):
        bold = number == 0 or number == len(rows)
        cells = table.add_row().cells
        for column, (cell, text, width) in enumerate(zip(cells, values, WIDTHS_MM, strict=True)):
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if column != 2:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_run(paragraph, text, HEADING1_FONT if bold else BODY_FONT, 12, bold)


def render_result_docx(result: ExamResult) -> bytes:
    """The result as .docx bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(25)
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    set_fonts(normal, BODY_FONT)

    title = add_paragraph(document, TITLE, font=HEADING1_FONT, size=18, indent=False)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    for line in (
        f"姓名：{result.name}",
        f"日期：{result.day}",
        f"试卷：种子 {result.seed}，规则集 {result.rules}（同一种子为同一份试卷）",
    ):
        add_paragraph(document, line, font=BODY_FONT, size=14, indent=False)
    add_paragraph(document, "", font=BODY_FONT, size=14, indent=False)
    _table(document, result)
    verdict = add_paragraph(document, font=BODY_FONT, size=14, indent=False)
    verdict.paragraph_format.space_before = Pt(12)
    add_run(verdict, result.verdict_line(), HEADING1_FONT, 14, bold=True)
    notes = [(q.number, note) for q in result.questions for note in q.notes]
    if notes:
        add_paragraph(document, "失分说明", font=HEADING1_FONT, size=14, indent=False)
        for number, note in notes:
            add_paragraph(document, f"第 {number} 题：{note}", font=BODY_FONT, size=12, indent=False)
    add_paragraph(
        document, "阅卷：答案由审核用的同一套检查和评分规则判定。", font=BODY_FONT, size=12, indent=False
    )
    sign = add_paragraph(
        document,
        "培训负责人签字：__________",
        font=BODY_FONT,
        size=14,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    sign.paragraph_format.space_before = Pt(24)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
