"""Worked examples: a form as a table with every finding marked on its row, and its corrected
version side by side, changed cells marked with why they changed (the case library's corrected
forms: case_example.py)."""

from __future__ import annotations

from pydantic import BaseModel

from ..findings import Finding
from ..form import Form
from ..values import one_line
from ..vocabulary import FUND_LABELS, FUND_TOTAL_LABEL, GOAL_LABELS, INDICATOR_LABELS, SECTION_LABELS

FUNDS_COLUMNS = tuple(FUND_LABELS.items())
# The categories as the checks read them (category1/2), the other cells as written.
INDICATOR_COLUMNS = tuple(
    ({"level1": "category1", "level2": "category2"}.get(field, field), label)
    for field, label in INDICATOR_LABELS.items()
)
WEIGHT_TOTAL = "分值合计"
INDICATOR_FIELDS = ("level1", "level2", "name", "target", "actual", "weight", "score", "deviation")


class CellChange(BaseModel):
    path: str  # specimen-style path: "indicators.3.target", "funds.total.rate"
    where: str  # in the words of the form
    before: str
    after: str
    why: str
    row: int | None = None  # indicator index, None for a funds or footer cell


class Cell(BaseModel):
    column: str
    before: str
    after: str
    changed: bool
    why: str = ""


class WorkedRow(BaseModel):
    """One row of the side-by-side table: the funds total, an indicator, the footer or the rest."""

    key: str  # "funds", "indicator:3", "footer", "form"
    label: str
    cells: list[Cell]
    before: list[Finding]  # findings on this row in the original form
    after: list[Finding]  # findings on this row after the correction


class WorkedExample(BaseModel):
    key: str
    title: str
    lesson: str
    original: Form
    corrected: Form
    rows: list[WorkedRow]
    changes: list[CellChange]
    findings_before: list[Finding]
    findings_after: list[Finding]


def _row_key(finding: Finding) -> str:
    place = finding.place
    if place.row is not None:
        return f"indicator:{place.row}"
    if place.section == "funds":
        return "funds"
    if place.section in ("totals", "grade", "notes"):
        return "footer"
    return "form"


def _indicator_text(form: Form, index: int, attr: str) -> str:
    if index >= len(form.indicators):
        return ""
    row = form.indicators[index]
    value = getattr(row, attr)
    if attr == "target":
        return one_line(row.target.display)
    if attr == "name":
        return one_line(row.name) or one_line(row.label)
    return one_line(value if isinstance(value, str) else value.text)


def _cells(pairs: list[tuple[str, str, str]], whys: dict[str, str]) -> list[Cell]:
    return [
        Cell(column=column, before=before, after=after, changed=before != after, why=whys.get(column, ""))
        for column, before, after in pairs
    ]


def build_rows(
    original: Form, corrected: Form, before: list[Finding], after: list[Finding], changes: list[CellChange]
) -> list[WorkedRow]:
    """The table both forms share (a correction never adds or removes rows)."""

    def on(key: str, findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if _row_key(f) == key]

    def whys(prefix: str, names: dict[str, str]) -> dict[str, str]:
        found = {}
        for change in changes:
            if change.path.startswith(prefix):
                attr = change.path.removeprefix(prefix)
                found[names.get(attr, attr)] = change.why
        return found

    rows: list[WorkedRow] = []
    total_a, total_b = original.funds.total, corrected.funds.total
    rows.append(
        WorkedRow(
            key="funds",
            label=f"{FUND_TOTAL_LABEL}（{original.money_unit}）",
            cells=_cells(
                [
                    (name, getattr(total_a, a).text.strip(), getattr(total_b, a).text.strip())
                    for a, name in FUNDS_COLUMNS
                ],
                whys("funds.total.", dict(FUNDS_COLUMNS)),
            ),
            before=on("funds", before),
            after=on("funds", after),
        )
    )
    names = dict(INDICATOR_LABELS)  # a change's path names the cell by its attribute
    for index, row in enumerate(original.indicators):
        key = f"indicator:{index}"
        pairs = [
            (column, _indicator_text(original, index, attr), _indicator_text(corrected, index, attr))
            for attr, column in INDICATOR_COLUMNS
        ]
        rows.append(
            WorkedRow(
                key=key,
                label=f"第 {index + 1} 个指标　{row.category1}/{row.category2}",
                cells=_cells(pairs, whys(f"indicators.{index}.", names)),
                before=on(key, before),
                after=on(key, after),
            )
        )
    total, grade, notes = SECTION_LABELS["totals"], SECTION_LABELS["grade"], SECTION_LABELS["notes"]
    footer = [
        (WEIGHT_TOTAL, original.stated_weight_total.text.strip(), corrected.stated_weight_total.text.strip()),
        (total, original.stated_total.text.strip(), corrected.stated_total.text.strip()),
        (grade, original.grade.strip(), corrected.grade.strip()),
        (notes, one_line(original.other_notes), one_line(corrected.other_notes)),
    ]
    goal_columns = {attr: f"{SECTION_LABELS['goal']}/{label}" for attr, label in GOAL_LABELS.items()}
    footer += [
        (column, one_line(getattr(original.goal, attr)), one_line(getattr(corrected.goal, attr)))
        for attr, column in goal_columns.items()
    ]
    footer_whys = whys("", {"stated_weight_total": WEIGHT_TOTAL, "stated_total": total, "grade": grade})
    footer_whys |= whys("", {"other_notes": notes}) | whys("goal.", goal_columns)
    rows.append(
        WorkedRow(
            key="footer",
            label=total,
            cells=_cells(footer, footer_whys),
            before=on("footer", before),
            after=on("footer", after),
        )
    )
    rows.append(
        WorkedRow(key="form", label="整张表", cells=[], before=on("form", before), after=on("form", after))
    )
    return rows
