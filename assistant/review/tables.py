"""The batch review report's tables, independent of the file format that shows them.

Column headers and cell values for the per-form summary, the findings and the unreadable
files, and `ReviewStats`, which accumulates the statistics one file result at a time (so a
batch of any size needs memory only for the counters, not for the rows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import SEVERITY_ORDER, code_catalogue
from ..rules import RuleSet
from ..values import format_decimal, format_percent, round2
from ..vocabulary import HEADER_LABELS, SEVERITY_LABELS
from .batch import FileResult, FormRow

REPORT_TITLE = "绩效自评表批量审核报告"
SHEET_SUMMARY = "表单汇总"
SHEET_FINDINGS = "问题明细"
SHEET_STATS = "统计"
SHEET_UNREADABLE = "无法读取的文件"

VERDICT_HEADER = "审核结论"
SUMMARY_HEADERS = (
    "文件",
    "表序号",
    VERDICT_HEADER,
    HEADER_LABELS["project"],
    HEADER_LABELS["department"],
    HEADER_LABELS["unit"],
    "填报执行率",
    "复核执行率",
    "填报资金得分",
    "复核资金得分",
    "填报总分",
    "复核总分",
    "填报等级",
    "复核等级",
    "错误数",
    "警告数",
    "主要问题",
)
FINDING_HEADERS = (
    "文件", "表序号", HEADER_LABELS["project"], "代码", "问题名称", "级别", "位置", "说明", "同格其他代码",
)  # fmt: skip
UNREADABLE_HEADERS = ("文件", "原因")
# The recomputed figures' columns of the summary, which stay numbers in the workbook.
RATE_COLUMN = SUMMARY_HEADERS.index("复核执行率")
SCORE_COLUMNS = (SUMMARY_HEADERS.index("复核资金得分"), SUMMARY_HEADERS.index("复核总分"))

# Codes that mean the form's arithmetic is wrong (docs/rules.md §5).
ARITHMETIC_CODES = ("FUND-RATE", "FUND-SCORE", "FUND-SUM", "TOTAL-SCORE", "WEIGHT-TOTAL", "SCORE-OVER-WEIGHT")
NOT_COMPUTABLE = "无法计算"
BLANK_GRADE = "未填"
NO_UNIT = f"（未填{HEADER_LABELS['unit']}）"
TOP_UNITS = 20

Cell = str | int | Decimal | None


def summary_cells(row: FormRow) -> list[Cell]:
    """One summary row; recomputed figures stay numbers (None when they cannot be computed)."""
    return [
        row.file,
        row.form_number,
        row.verdict,
        row.project,
        row.department,
        row.unit,
        row.stated_rate,
        row.computed_rate,
        row.stated_funds_score,
        row.computed_funds_score,
        row.stated_total,
        row.computed_total,
        row.stated_grade,
        row.computed_grade or NOT_COMPUTABLE,
        row.errors,
        row.warnings,
        row.summary(),
    ]


def summary_texts(row: FormRow) -> list[str]:
    """The summary row as text, as CSV and Markdown show it."""
    cells = summary_cells(row)
    rate = format_percent(row.computed_rate) if row.computed_rate is not None else NOT_COMPUTABLE
    cells[RATE_COLUMN] = rate
    funds_column, total_column = SCORE_COLUMNS
    for index, value in ((funds_column, row.computed_funds_score), (total_column, row.computed_total)):
        cells[index] = format_decimal(value) if value is not None else NOT_COMPUTABLE
    return [str(cell) for cell in cells]


def summary_records(rows: Iterable[FormRow]) -> list[dict[str, object]]:
    """The summary as records with Chinese keys, for a sortable table in the app (numbers as float)."""
    records = []
    for row in rows:
        cells = [float(c) if isinstance(c, Decimal) else c for c in summary_cells(row)]
        if row.computed_rate is not None:
            cells[RATE_COLUMN] = float(round2(row.computed_rate))
        records.append(dict(zip(SUMMARY_HEADERS, cells, strict=True)))
    return records


def finding_rows(row: FormRow) -> list[list[Cell]]:
    catalogue = code_catalogue()
    return [
        [
            row.file,
            row.form_number,
            row.project,
            f.code,
            catalogue[f.code].title if f.code in catalogue else "",
            SEVERITY_LABELS.get(f.severity, f.severity),
            f.location,
            f.message,
            "、".join(f.tags),
        ]
        for f in row.findings
    ]


@dataclass
class UnitTally:
    forms: int = 0
    forms_with_errors: int = 0
    errors: int = 0
    warnings: int = 0


@dataclass
class ReviewStats:
    """Counters over a batch, fed one FileResult at a time."""

    rules: RuleSet
    files: int = 0
    unreadable: int = 0
    forms: int = 0
    forms_with_errors: int = 0
    forms_with_warnings_only: int = 0
    forms_with_arithmetic_errors: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    code_counts: Counter[str] = field(default_factory=Counter)
    code_forms: Counter[str] = field(default_factory=Counter)
    grades: Counter[tuple[str, str]] = field(default_factory=Counter)
    units: dict[tuple[str, str], UnitTally] = field(default_factory=dict)  # (unit, department)

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.unreadable += result.problem is not None
        for row in result.forms:
            self._add_form(row)

    def _add_form(self, row: FormRow) -> None:
        self.forms += 1
        errors, warnings = row.errors, row.warnings
        codes = {f.code for f in row.findings}
        self.forms_with_errors += errors > 0
        self.forms_with_warnings_only += errors == 0 and warnings > 0
        self.forms_with_arithmetic_errors += any(code in codes for code in ARITHMETIC_CODES)
        self.verdicts[row.verdict] += 1
        self.code_counts.update(f.code for f in row.findings)
        self.code_forms.update(codes)
        stated = row.stated_grade.strip() or BLANK_GRADE
        self.grades[(stated, row.computed_grade or NOT_COMPUTABLE)] += 1
        unit = self.units.setdefault((row.unit.strip() or NO_UNIT, row.department.strip()), UnitTally())
        unit.forms += 1
        unit.forms_with_errors += errors > 0
        unit.errors += errors
        unit.warnings += warnings

    @property
    def forms_clean(self) -> int:
        return self.forms - self.forms_with_errors - self.forms_with_warnings_only

    def share(self, count: int) -> str:
        return format_percent(Decimal(count) / self.forms * 100) if self.forms else "—"

    # --- the tables of the 统计 sheet, each a title and rows (the first row is the header) ---

    def overview(self) -> list[list[Cell]]:
        return [
            ["项目", "数值"],
            ["规则集", f"{self.rules.title}（{self.rules.name}）"],
            ["文件数", self.files],
            ["读取的表单数", self.forms],
            ["无法读取的文件数", self.unreadable],
            ["有错误的表单数", self.forms_with_errors],
            ["仅有警告的表单数", self.forms_with_warnings_only],
            ["未发现问题的表单数", self.forms_clean],
            ["有计算错误的表单数", self.forms_with_arithmetic_errors],
            ["有计算错误的表单占比", self.share(self.forms_with_arithmetic_errors)],
            ["计算错误包括", "、".join(ARITHMETIC_CODES)],
            *([f"审核结论为“{label}”的表单数", self.verdicts[label]] for label in self._verdict_labels()),
        ]

    def verdict_line(self) -> str:
        """Each verdict of the rule set, in order, with its count ("退回 2 张、通过 1 张")."""
        return "、".join(f"{label} {self.verdicts[label]} 张" for label in self._verdict_labels())

    def _verdict_labels(self) -> list[str]:
        v = self.rules.verdict
        known = [v.returned, v.revise, v.passed]
        return known + sorted(set(self.verdicts) - set(known))

    def code_table(self) -> list[list[Cell]]:
        catalogue = code_catalogue()
        rows: list[list[Cell]] = [["代码", "问题名称", "级别", "出现次数", "涉及表单数", "占表单比例"]]
        for code, count in sorted(
            self.code_counts.items(), key=lambda item: (_rank(item[0]), -item[1], item[0])
        ):
            info = catalogue.get(code)
            severity = SEVERITY_LABELS.get(info.severity, "") if info else ""
            title = info.title if info else ""
            rows.append(
                [code, title, severity, count, self.code_forms[code], self.share(self.code_forms[code])]
            )
        return rows

    def grade_table(self) -> list[list[Cell]]:
        """Stated grade (rows) against recomputed grade (columns), with totals."""
        known = [band.grade for band in self.rules.grades]
        stated = _ordered({s for s, _ in self.grades}, known)
        computed = _ordered({c for _, c in self.grades}, known)
        rows: list[list[Cell]] = [["填报等级 \\ 复核等级", *computed, "合计"]]
        for s in stated:
            counts = [self.grades[(s, c)] for c in computed]
            rows.append([s, *counts, sum(counts)])
        rows.append(["合计", *(sum(self.grades[(s, c)] for s in stated) for c in computed), self.forms])
        return rows

    def unit_table(self) -> list[list[Cell]]:
        """The units with the most errors (then warnings), at most TOP_UNITS of them."""
        headings = [HEADER_LABELS["unit"], HEADER_LABELS["department"]]
        rows: list[list[Cell]] = [[*headings, "表单数", "有错误的表单数", "错误数", "警告数"]]
        ranked = sorted(self.units.items(), key=lambda item: (-item[1].errors, -item[1].warnings, item[0]))
        for (unit, department), t in ranked[:TOP_UNITS]:
            if t.errors or t.warnings:
                rows.append([unit, department, t.forms, t.forms_with_errors, t.errors, t.warnings])
        return rows

    def sections(self) -> list[tuple[str, list[list[Cell]]]]:
        return [
            ("概况", self.overview()),
            ("各问题出现次数", self.code_table()),
            ("等级分布（填报等级 × 复核等级）", self.grade_table()),
            (f"问题最多的实施单位（前 {TOP_UNITS} 个）", self.unit_table()),
        ]


def _rank(code: str) -> int:
    """Errors before warnings in the code table."""
    info = code_catalogue().get(code)
    return SEVERITY_ORDER.get(info.severity, 9) if info else 9


def _ordered(names: set[str], known: list[str]) -> list[str]:
    """Every grade of the rule set in its order, then any other wording, then 未填 / 无法计算."""
    last = [name for name in (BLANK_GRADE, NOT_COMPUTABLE) if name in names]
    others = sorted(names - set(known) - set(last))
    return [*known, *others, *last]
