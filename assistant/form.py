"""The self-evaluation form as data (docs/rules.md §1).

Every cell keeps the text exactly as written; the parsed value is derived from that text on
access (a computed field), so the two can never disagree and JSON keeps both for readers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from . import values
from .lexicon import load_lexicon
from .place import Place
from .values import Quantity, Target
from .vocabulary import FUND_TOTAL_LABEL, LEVEL1_CANON, LEVEL2_CANON, NO_NAME, SECTION_LABELS, IndicatorField

_BRACKETED = re.compile(r"[（(].*?[)）]")


@lru_cache(maxsize=1024)
def canonical_level(text: str, canon: tuple[str, ...]) -> str:
    """ "经济效益\\n指标", "产出指标（50分）", "产出" → the canonical category name."""
    bare = _BRACKETED.sub("", values.compact(text))
    for name in canon:
        if bare == name or bare == name.removesuffix("指标") or bare.startswith(name):
            return name
    for name in canon:
        if name.removesuffix("指标") in bare:
            return name
    return bare


# The checks ask for an indicator's categories hundreds of times per form: memoized by the text
# alone, so that no call hashes the tuple of canonical names again.
@lru_cache(maxsize=1024)
def _category1(text: str) -> str:
    return canonical_level(text, LEVEL1_CANON)


@lru_cache(maxsize=1024)
def _category2(text: str) -> str:
    return canonical_level(text, LEVEL2_CANON)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)


class NumberCell(_Model):
    """A cell holding one number: money, a weight, a score or a rate."""

    text: str = ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def value(self) -> Decimal | None:
        return values.parse_number(self.text)

    @property
    def blank(self) -> bool:
        return values.is_blank(self.text)

    @property
    def unreadable(self) -> bool:
        """Something is written but it is not a number."""
        return not self.blank and self.value is None

    @property
    def percent(self) -> Decimal | None:
        return values.parse_percent(self.text)


class FundRow(_Model):
    """One row of the 项目资金 table. Source rows leave weight, rate and score blank."""

    label: str
    initial_budget: NumberCell = Field(default_factory=NumberCell)
    full_year_budget: NumberCell = Field(default_factory=NumberCell)
    executed: NumberCell = Field(default_factory=NumberCell)
    weight: NumberCell = Field(default_factory=NumberCell)
    rate: NumberCell = Field(default_factory=NumberCell)
    score: NumberCell = Field(default_factory=NumberCell)


class Funds(_Model):
    """年度资金总额 and the rows it is the sum of (当年财政拨款, 上年结转资金, 其他资金 or variants)."""

    total: FundRow = Field(default_factory=lambda: FundRow(label=FUND_TOTAL_LABEL))
    sources: list[FundRow] = Field(default_factory=list)


class Header(_Model):
    project: str = ""
    department: str = ""
    unit: str = ""
    leader: str = ""
    phone: str = ""


class Goal(_Model):
    expected: str = ""
    actual: str = ""


class TargetCell(_Model):
    """年度指标值: one cell (older layout) or 指标性质 / 指标值 / 度量单位 (split layout)."""

    text: str = ""
    operator_text: str | None = None
    unit_text: str | None = None

    @property
    def split(self) -> bool:
        return self.operator_text is not None or self.unit_text is not None

    @property
    def display(self) -> str:
        """The target as one reads it: "≧735人次" for a split row, the cell text otherwise."""
        if not self.split:
            return self.text
        return f"{self.operator_text or ''}{self.text}{self.unit_text or ''}"

    def parse(self, year: int | None = None) -> Target:
        return values.parse_target(self.text, self.operator_text, self.unit_text, year)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def parsed(self) -> dict[str, object]:
        target = self.parse()
        return {
            "kind": target.kind,
            "operator": target.operator,
            "number": target.number,
            "unit": target.unit,
            "deadline": target.deadline,
        }


class ActualCell(_Model):
    """实际完成值: a measurement ("735人次", "98%") or a text."""

    text: str = ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quantity(self) -> Quantity | None:
        """The measured number; a date ("2020年12月前完成") is not a quantity of years."""
        if values.is_blank(self.text):
            return None
        quantity = values.parse_quantity(self.text)
        if quantity is not None and quantity.unit in ("年", "月") and values.parse_deadline(self.text):
            return None
        return quantity


class Indicator(_Model):
    """A 三级指标 row. level1/level2 keep the text as written; use the category properties."""

    level1: str
    level2: str
    label: str = ""  # "指标1" when the form numbers its rows
    name: str = ""
    target: TargetCell = Field(default_factory=TargetCell)
    actual: ActualCell = Field(default_factory=ActualCell)
    weight: NumberCell = Field(default_factory=NumberCell)
    score: NumberCell = Field(default_factory=NumberCell)
    deviation: str = ""

    @property
    def category1(self) -> str:
        return _category1(self.level1)

    @property
    def category2(self) -> str:
        return _category2(self.level2)

    def parse_target(self, year: int | None = None) -> Target:
        """The target taken apart; a bare number takes the unit in the name's brackets
        ("培训人数（人次）" + "500" → 500 人次, docs/rules.md §6)."""
        target = self.target
        return _indicator_target(target.text, target.operator_text, target.unit_text, self.name, year)

    def place(self, index: int | None = None, field: IndicatorField | None = None) -> Place:
        """This row (row `index` of Form.indicators) or one of its cells, as a finding names it."""
        name = self.label or self.name or NO_NAME
        return _indicator_place(self.category1, self.category2, index, name, field)

    @property
    def location(self) -> str:
        return self.place().render()

    @property
    def title(self) -> str:
        """How a message names the row: the name, or the label when the name is missing."""
        return self.name or self.label or NO_NAME


# The checks ask for the same row's target and place several times each: both are pure functions
# of the row's texts, and both results are immutable, so they are memoized like the parsers.
@lru_cache(maxsize=4096)
def _indicator_target(
    text: str, operator_text: str | None, unit_text: str | None, name: str, year: int | None
) -> Target:
    target = values.parse_target(text, operator_text, unit_text, year)
    if target.kind == "numeric" and not target.unit and (unit := values.unit_in_name(name)):
        return replace(target, unit=unit)
    return target


@lru_cache(maxsize=4096)
def _indicator_place(
    level1: str, level2: str, row: int | None, row_name: str, field: IndicatorField | None
) -> Place:
    return Place.indicator_cell(level1, level2, row, row_name, field)


Layout = Literal["single-cell", "split-target"]


class Form(_Model):
    """One 项目支出绩效自评表."""

    title: str = ""
    year: int | None = None
    layout: Layout = "single-cell"
    money_unit: str = "万元"
    header: Header = Field(default_factory=Header)
    funds: Funds = Field(default_factory=Funds)
    goal: Goal = Field(default_factory=Goal)
    indicators: list[Indicator] = Field(default_factory=list)
    stated_weight_total: NumberCell = Field(default_factory=NumberCell)
    stated_total: NumberCell = Field(default_factory=NumberCell)
    grade: str = ""
    blank_grade_cell: bool = False  # the form has a 评价等级 cell, left blank (GRADE warns)
    other_notes: str = ""
    # Form-level explanation boxes: 偏差大或目标未完成原因分析, 改进措施及结果应用方案, a merged 偏差原因 row.
    form_explanations: list[str] = Field(default_factory=list)
    # Sections the reader could not find; checks report them instead of guessing.
    missing_sections: list[str] = Field(default_factory=list)

    @field_validator("missing_sections")
    @classmethod
    def _known_sections(cls, sections: list[str]) -> list[str]:
        """A finding names each missing section as a place: only sections of the form can be."""
        unknown = [s for s in sections if s not in SECTION_LABELS.values()]
        if unknown:
            raise ValueError(f"表中没有“{unknown[0]}”这一部分")
        return sections

    @property
    def project(self) -> str:
        return self.header.project

    def breakdown_rows(self) -> frozenset[int]:
        """Rows that break the indicator above them down (docs/rules.md §6): "其中：…" under a row of the
        same 二级指标, and "（1）…" under an unnumbered row (or under a breakdown row). Their numbers are
        checked; their weights and scores are not counted again."""
        prefixes = tuple(load_lexicon().breakdown_prefixes)
        found: set[int] = set()
        for index in range(1, len(self.indicators)):
            above, row = self.indicators[index - 1], self.indicators[index]
            if row.category2 != above.category2:
                continue
            name = values.normalize(row.name)
            numbered = _NUMBERED.match(name) is not None
            if name.startswith(prefixes) or (
                numbered and (index - 1 in found or not _NUMBERED.match(values.normalize(above.name)))
            ):
                found.add(index)
        return frozenset(found)

    @property
    def scored_indicators(self) -> list[Indicator]:
        """The indicators whose weights and scores add up to the total: all but the breakdown rows."""
        breakdown = self.breakdown_rows()
        return [i for index, i in enumerate(self.indicators) if index not in breakdown]

    @property
    def is_target_setting(self) -> bool:
        """A 绩效目标申报 form: indicators whose 实际完成值 and 得分 are all blank, no total, no grade
        and no 实际完成情况 of the 年度总体目标. It sets targets; nothing is evaluated yet, so the checks
        judge only the targets, weights and header (docs/rules.md §5: CheckContext.applies). A form
        that writes its 实际完成情况 (even the template's instruction) is a self-evaluation whose
        results were left blank: its blank scores are errors."""
        return (
            bool(self.indicators)
            and all(values.is_blank(i.actual.text) and i.score.blank for i in self.indicators)
            and self.stated_total.blank
            and not self.grade.strip()
            and values.is_blank(self.goal.actual)
        )


_NUMBERED = re.compile(r"\s*\(\s*\d+\s*\)")


class FormDocument(_Model):
    """What a file holds: one or more forms, in order (附件1, 附件2 …)."""

    schema_id: Literal["jixiao.forms/1"] = Field(default="jixiao.forms/1", alias="schema")
    forms: list[Form]

    model_config = ConfigDict(populate_by_name=True, extra="ignore")


def clear_parse_caches() -> None:
    """Empty the memo caches of the cell parsers, so a benchmark can time a never-seen form."""
    for function in (
        values.normalize,
        values.compact,
        values.one_line,
        values.bare_name,
        values.parse_quantity,
        values.parse_number,
        values.parse_percent,
        values.parse_target,
        values.parse_deadline,
        values.names_period,
        canonical_level,
        _category1,
        _category2,
        _indicator_target,
        _indicator_place,
    ):
        function.cache_clear()
