"""审核意见 (.docx): one reviewed form's recomputed figures and findings, to send back to the unit.

The batch report (.xlsx) is for the reviewer's own overview; this letter is what a unit receives:
plain Word, Chinese fonts named explicitly, every finding with its place and the rule behind it.
"""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache

from ..findings import SEVERITY_ORDER, code_catalogue
from ..review.form_report import FormReport
from ..rules import RuleSet
from ..vocabulary import SEVERITY_LABELS
from . import texts as T

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"


def _east_asian(run_or_style, font: str) -> None:
    """python-docx's font.name sets only the Latin font; Chinese needs w:eastAsia as well."""
    from docx.oxml.ns import qn

    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


@lru_cache(maxsize=8)
def letter_for(form_json: str, rules_name: str, source: str, form_index: int) -> bytes:
    """The letter for a form given as JSON, memoised: Streamlit reruns the page on every click."""
    from ..formats import forms_from_json
    from ..review.form_report import check_form
    from ..rules import load_rule_set

    [form] = forms_from_json(form_json, source)
    rules = load_rule_set(rules_name)
    return review_letter(check_form(form, rules, source, form_index), rules)


def review_letter(report: FormReport, rules: RuleSet) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    _east_asian(normal, BODY_FONT)
    form, figures = report.form, report.computed_strings()
    title = document.add_heading(T.LETTER_TITLE, level=1)
    for run in title.runs:
        _east_asian(run, TITLE_FONT)
    verdict = report.verdict
    document.add_paragraph().add_run(f"{T.VERDICT_LABEL}{verdict.label}（{verdict.reason}）").bold = True
    header = form.header
    for label, value in (
        (T.LETTER_PROJECT, header.project),
        (T.LETTER_DEPARTMENT, header.department),
        (T.LETTER_UNIT, header.unit),
        (T.LETTER_FILE, f"{report.source}（第 {report.form_index + 1} 张表）"),
        (T.LETTER_RULES, f"{rules.title}（{rules.name}）"),
        (T.LETTER_DATE, date.today().isoformat()),
    ):
        document.add_paragraph(f"{label}：{value or T.EMPTY_CELL}")
    document.add_heading(T.LETTER_FIGURES, level=2)
    codes = {f.code for f in report.findings}
    stated = [form.funds.total.rate.text, form.funds.total.score.text, form.stated_total.text, form.grade]
    keys = ["execution_rate", "funds_score", "total_score", "grade"]
    wrong = ["FUND-RATE", "FUND-SCORE", "TOTAL-SCORE", "GRADE"]
    labels = [T.FIG_RATE, T.FIG_FUNDS, T.FIG_TOTAL, T.FIG_GRADE]
    _table(
        document,
        list(T.LETTER_FIGURE_COLUMNS),
        [
            [
                label,
                said or T.EMPTY_CELL,
                figures[key] or T.NOT_COMPUTABLE,
                T.LETTER_NO if code in codes else T.LETTER_YES,
            ]
            for label, said, key, code in zip(labels, stated, keys, wrong, strict=True)
        ],
    )
    document.add_heading(T.LETTER_FINDINGS.format(n=len(report.findings)), level=2)
    if not report.findings:
        document.add_paragraph(T.NO_FINDINGS)
    else:
        catalogue = code_catalogue()
        ordered = sorted(report.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
        rows = []
        for number, finding in enumerate(ordered, start=1):
            title = catalogue[finding.code].title if finding.code in catalogue else finding.code
            severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
            rows.append(
                [str(number), severity, f"{title}（{finding.code}）", finding.location, finding.message]
            )
        _table(document, list(T.LETTER_FINDING_COLUMNS), rows)
    document.add_paragraph(T.LETTER_CLOSING)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
