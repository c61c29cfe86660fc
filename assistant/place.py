"""Where on the form a finding is: a typed place, and the one renderer of its Chinese text.

Code decides with the fields (section, row, field); people read `render()`
("绩效指标/产出指标/时效指标/指标1/年度指标值"). Nothing parses the text back.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .trusted import unvalidated
from .vocabulary import (
    DRAFT_LABELS,
    FUND_LABELS,
    FUND_TOTAL_LABEL,
    GOAL_LABELS,
    HEADER_LABELS,
    INDICATOR_LABELS,
    NO_NAME,
    SECTION_LABELS,
    TOTALS_LABELS,
    FundField,
    GoalField,
    HeaderField,
    IndicatorField,
    Section,
    TotalsField,
)

PlaceField = HeaderField | GoalField | FundField | IndicatorField | TotalsField
# The fields each section has; sections without fields are one cell (评价等级, 其他需要说明事项).
FIELD_LABELS: dict[Section, dict[Any, str]] = {
    "header": dict(HEADER_LABELS),
    "funds": dict(FUND_LABELS),
    "goal": dict(GOAL_LABELS),
    "indicators": {**INDICATOR_LABELS, **DRAFT_LABELS},
    "totals": dict(TOTALS_LABELS),
    "grade": {},
    "notes": {},
}


_INDICATOR_FIELDS = frozenset(FIELD_LABELS["indicators"])
_INDICATOR_CELL_FIELDS = ("section", "level1", "level2", "row", "row_name", "field")


class Place(BaseModel):
    """A section, optionally narrowed to a row and a column of it.

    Indicator rows carry their categories and name as well as their index, so the place reads
    the same as the form without the form at hand. Without `row` an indicator place is the table
    or a category of it (a missing category names only `level1` or only `level2`); without
    `fund_row` a funds place with a field is that column over all rows (FUND-SUM).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    section: Section
    fund_row: Literal["total"] | None = None  # 年度资金总额
    level1: str | None = None
    level2: str | None = None
    row: int | None = None  # index in Form.indicators
    row_name: str | None = None  # the row as the form names it: 指标1, else its 三级指标
    field: PlaceField | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Place:
        if self.field is not None and self.field not in FIELD_LABELS[self.section]:
            raise ValueError(f"{self.section} has no field {self.field!r}")
        row_parts = (self.level1, self.level2, self.row, self.row_name)
        if self.section != "indicators" and any(part is not None for part in row_parts):
            raise ValueError(f"only indicator places have categories and rows, not {self.section}")
        if self.fund_row is not None and self.section != "funds":
            raise ValueError("only funds places have a funds row")
        return self

    @classmethod
    def indicator_cell(
        cls, level1: str, level2: str, row: int | None, row_name: str, field: IndicatorField | None
    ) -> Place:
        """An indicator row (or one of its cells) as Indicator.place builds it from the row's own
        texts. Not validated again: the checks build dozens per form, and validating cost more than
        the rest of the place's work. The one thing validation would catch, a field the section
        lacks, is checked here; the result equals the validated Place (tests/test_place.py)."""
        if field is not None and field not in _INDICATOR_FIELDS:
            raise ValueError(f"indicators has no field {field!r}")
        fields = {
            "section": "indicators",
            "fund_row": None,
            "level1": level1,
            "level2": level2,
            "row": row,
            "row_name": row_name,
            "field": field,
        }
        return unvalidated(cls, fields, set(_INDICATOR_CELL_FIELDS))

    def render(self) -> str:
        """The place in the words of the form, as findings have always shown it."""
        parts = [SECTION_LABELS[self.section]]
        if self.fund_row == "total":
            parts.append(FUND_TOTAL_LABEL)
        parts += [part for part in (self.level1, self.level2) if part is not None]
        if self.row is not None or self.row_name is not None:
            parts.append(self.row_name or NO_NAME)
        if self.field is not None:
            parts.append(FIELD_LABELS[self.section][self.field])
        return "/".join(parts)

    @property
    def indicator_field(self) -> str | None:
        """The column when this is a cell of an indicator row, else None."""
        return self.field if self.section == "indicators" and self.row is not None else None

    def as_json(self) -> dict[str, Any]:
        """The place for JSON output: only the fields that are set."""
        return self.model_dump(mode="json", exclude_none=True)


@cache  # a Place is immutable: the few of the total row are built once
def funds_total(field: FundField | None = None) -> Place:
    """A cell of the 年度资金总额 row, or the row itself."""
    return Place(section="funds", fund_row="total", field=field)


def section_place(label: str) -> Place:
    """The section a reader reports missing, by its label ("项目资金")."""
    for section, text in SECTION_LABELS.items():
        if text == label:
            return Place(section=section)
    raise ValueError(f"unknown section {label!r}")
