"""审核意见: the 公文-style letter a reviewer sends back for one checked form (docs/rules.md §8).

Built from the form and its checked report alone (no model). Every figure in the body comes from
the report: the stated value, the recomputed value and the inputs of the derivation. Codes appear
only in the appendix table; the body never names a file, a code or an English word.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..findings import Finding, code_catalogue
from ..rules import RuleSet
from ..values import format_decimal
from .form_report import FormReport

BODY_FONT = "仿宋_GB2312"
TITLE_FALLBACK = "宋体"
HEADING1_FONT = "黑体"
TABLE_FONT = "仿宋_GB2312"

OPENINGS = {
    "returned": "经审核，该表存在以下问题，现予退回，请修改后重新报送。",
    "revise": "经审核，该表总体符合要求，但存在以下需要修改或补充说明的事项，请按本意见修改后重新报送。",
    "passed": "经审核，该表符合要求，予以通过。以下建议供今后填报时参考。",
}
PASSED_CLEAN = "经审核，该表符合要求，予以通过。"
HEAD_ERRORS = "一、必须更正的问题"
HEAD_WARNINGS = "二、需补充说明的事项"
HEAD_SMART = "三、指标设置建议"
NUMERALS = "一二三四五六七八九十"
DEADLINE = "请于{date}前修改后重新报送。"
APPENDIX = "附：问题清单"
APPENDIX_COLUMNS = ("位置", "问题", "代码")
DEFAULT_REVIEWER = "财政局预算绩效管理科"
LISTED = 3  # rows named in the body; the appendix lists all
FIGURE_CODES = ("FUND-RATE", "FUND-SCORE", "TOTAL-SCORE", "GRADE")  # in prose, first


@dataclass(frozen=True)
class LetterOptions:
    reviewer: str = DEFAULT_REVIEWER
    letter_date: date | None = None  # None: today
    deadline: date | None = None  # None: ten working days after the letter date


def working_days_after(start: date, days: int = 10) -> date:
    """The date `days` working days after `start`, weekends skipped (holidays are not known)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def addressee(report: FormReport) -> str:
    header = report.form.header
    return (header.unit or header.department or "填报单位").strip()


def letter_title(report: FormReport) -> str:
    return f"关于《{report.form.project or '未填项目名称'}》绩效自评表的审核意见"


# ---------------------------------------------------------------- the body, as plain text


def _place(finding: Finding) -> str:
    text = finding.location
    return text.removeprefix("绩效指标/") if text.count("/") > 1 else text


def _row(finding: Finding) -> str:
    """An indicator row in a few characters: 数量指标（指标1）; other places as the form names them."""
    place = finding.place
    if place.row is not None and place.level2 and place.row_name:
        return f"{place.level2}（{place.row_name}）"
    return _place(finding)


def _clean(message: str, rules: RuleSet) -> str:
    """A finding's message without the rule set's internal name or spaces around figures."""
    message = message.replace(f"“{rules.name}”", f"“{rules.title}”").replace(rules.name, rules.title)
    message = re.sub(r"\s*([÷×+=＋])\s*", r"\1", message)
    message = re.sub(r"(?<=[\u4e00-\u9fff（）“”，])\s+|\s+(?=[\u4e00-\u9fff（）“”，])", "", message)
    return message.strip().rstrip("。")


def _figure_sentence(finding: Finding, report: FormReport, rules: RuleSet) -> str | None:
    """The four recomputed figures, in prose with the corrected value and its derivation."""
    form, figures = report.form, report.computed_strings()
    total, unit = form.funds.total, form.money_unit or "万元"

    def stated(text: str) -> str:
        return f"表中填写为{text}" if text else "表中未填写"

    if finding.code == "FUND-RATE" and figures["execution_rate"]:
        derivation = f"{total.executed.text}{unit}÷{total.full_year_budget.text}{unit}"
        return f"执行率应为{figures['execution_rate']}（{derivation}），{stated(total.rate.text)}。"
    if finding.code == "FUND-SCORE":
        return f"预算执行率得分：{_clean(finding.message, rules)}。"
    indicators = report.computed.indicator_total
    if (
        finding.code == "TOTAL-SCORE"
        and figures["total_score"]
        and figures["funds_score"]
        and indicators is not None
    ):
        parts = f"预算执行率得分{figures['funds_score']}＋指标得分合计{format_decimal(indicators)}"
        return f"总分应为{figures['total_score']}（{parts}），{stated(form.stated_total.text)}。"
    if finding.code == "GRADE" and figures["grade"] and figures["total_score"]:
        return f"评价等级应为“{figures['grade']}”（复核总分{figures['total_score']}），{stated(form.grade)}。"
    return None


def _grouped(findings: list[Finding], report: FormReport, rules: RuleSet) -> list[str]:
    """One paragraph per problem: figures in prose; a problem found in many rows lists the rows."""
    catalogue = code_catalogue()
    paragraphs: list[str] = []
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.code in FIGURE_CODES and (sentence := _figure_sentence(finding, report, rules)):
            paragraphs.append(sentence)
        else:
            by_code.setdefault(finding.code, []).append(finding)
    for code, group in by_code.items():
        title = catalogue[code].title if code in catalogue else "其他问题"
        if len(group) == 1:
            [finding] = group
            paragraphs.append(f"{_place(finding)}：{_clean(finding.message, rules)}。")
        else:
            rows = list(dict.fromkeys(_row(f) for f in group))
            shown = "、".join(rows[:LISTED])
            more = f"等{len(group)}处" if len(rows) > LISTED else f"共{len(group)}处"
            paragraphs.append(f"{title}：{shown}{more}（详见{APPENDIX[2:]}）。")
    return paragraphs


@dataclass(frozen=True)
class LetterText:
    title: str
    addressee: str
    opening: str
    sections: list[tuple[str, list[str]]]
    closing: str | None
    reviewer: str
    day: str

    def body_lines(self) -> list[str]:
        lines = [self.title, f"{self.addressee}：", self.opening]
        for heading, paragraphs in self.sections:
            lines += [heading, *paragraphs]
        if self.closing:
            lines.append(self.closing)
        return [*lines, self.reviewer, self.day]


def letter_text(report: FormReport, rules: RuleSet, options: LetterOptions | None = None) -> LetterText:
    options = options or LetterOptions()
    day = options.letter_date or date.today()
    deadline = options.deadline or working_days_after(day)
    smart = [f for f in report.warnings + [f for f in report.findings if f.severity == "info"]]
    smart = [f for f in smart if f.code.startswith("SMART-")]
    other = [f for f in report.warnings if not f.code.startswith("SMART-")]
    raw = [
        (HEAD_ERRORS, _grouped(report.errors, report, rules)),
        (HEAD_WARNINGS, _grouped(other, report, rules)),
        (HEAD_SMART, _grouped(smart, report, rules)),
    ]
    sections = []
    for heading, paragraphs in raw:
        if paragraphs:
            sections.append((f"{NUMERALS[len(sections)]}、{heading[2:]}", paragraphs))
    kind = report.verdict.kind
    opening = OPENINGS[kind] if sections or kind != "passed" else PASSED_CLEAN
    closing = None if kind == "passed" else DEADLINE.format(date=chinese_date(deadline))
    return LetterText(
        title=letter_title(report),
        addressee=addressee(report),
        opening=opening,
        sections=sections,
        closing=closing,
        reviewer=options.reviewer,
        day=chinese_date(day),
    )


def appendix_rows(report: FormReport) -> list[tuple[str, str, str]]:
    catalogue = code_catalogue()
    return [
        (_place(f), catalogue[f.code].title if f.code in catalogue else f.message, f.code)
        for f in report.findings
    ]


# ---------------------------------------------------------------- the .docx


def _fonts(run, font: str, latin: str | None = None) -> None:
    """python-docx's font.name sets only the Latin font; Chinese needs w:eastAsia as well."""
    from docx.oxml.ns import qn

    element = run.element if hasattr(run, "element") else run._element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), latin or font)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _paragraph(document, text: str, *, font=BODY_FONT, size=16, indent=True, bold=False, align=None):
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    _fonts(run, font)
    return paragraph


def _page_number_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def text_run(text: str) -> None:
        run = paragraph.add_run(text)
        run.font.size = Pt(14)
        _fonts(run, "宋体")

    text_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(14)
        _fonts(run, "宋体")
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
    text_run(" —")


def _appendix(document, rows: list[tuple[str, str, str]]) -> None:
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    widths = (Mm(74), Mm(40), Mm(42))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for values, bold in [(APPENDIX_COLUMNS, True), *((row, False) for row in rows)]:
        cells = table.rows[0].cells if bold else table.add_row().cells
        for cell, text, width in zip(cells, values, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            run = paragraph.add_run(text)
            run.font.size = Pt(9)
            run.bold = bold
            _fonts(run, HEADING1_FONT if bold else TABLE_FONT, "Arial" if not bold else None)


def review_letter_docx(report: FormReport, rules: RuleSet, options: LetterOptions | None = None) -> bytes:
    """The letter as .docx bytes: A4, GB/T 9704 margins, 仿宋 3号 body, appendix table of codes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    text = letter_text(report, rules, options)
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal, BODY_FONT)
    _page_number_footer(section)

    title = _paragraph(document, text.title, font=TITLE_FALLBACK, size=22, indent=False, bold=True)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(14)
    _paragraph(document, f"{text.addressee}：", indent=False)
    _paragraph(document, text.opening)
    for heading, paragraphs in text.sections:
        _paragraph(document, heading, font=HEADING1_FONT)
        for paragraph in paragraphs:
            _paragraph(document, paragraph)
    if text.closing:
        _paragraph(document, text.closing)
    _paragraph(document, "", indent=False)
    for line in (text.reviewer, text.day):
        sign = _paragraph(document, line, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        sign.paragraph_format.right_indent = Pt(32)
    rows = appendix_rows(report)
    if rows:  # the appendix starts on a page of its own, as 公文 attachments do
        from docx.enum.text import WD_BREAK

        document.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)
        _paragraph(document, APPENDIX, font=HEADING1_FONT, indent=False)
        _appendix(document, rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_file_stem(project: str, fallback: str = "自评表") -> str:
    """A safe file name from a project name: no path separators or characters Windows refuses."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", project).strip("._")[:40]
    return f"{stem or fallback}_审核意见"
