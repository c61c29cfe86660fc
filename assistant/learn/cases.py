"""The 典型问题案例库: forms with a real defect, what a reviewer finds on them, and the corrected
form a trainer wrote by hand.

Each case is one YAML file of data/learn/cases/: the form as found (in the examples/ schema, or a
form of an examples/ file), the expected findings as "CODE @ place", the corrected form in the
same schema, and a paragraph of explanation. Nothing here decides what is wrong: the checks do,
and tests hold each case's expectations against them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, Field, field_validator

from ..findings import Finding
from ..form import Form
from ..place import Place
from ..vocabulary import FUND_LABELS, GOAL_LABELS, INDICATOR_LABELS, SECTION_LABELS, TOTALS_LABELS
from .sources import LearnError, form_from_example, real_form

PENDING = "【待实测】"  # an actual the new target needs, to be measured by the unit
EXPECTED_PATTERN = re.compile(r"^\s*([A-Z][A-Z-]+)\s*@\s*(\S+)\s*$")


class ExpectedFinding(BaseModel):
    code: str
    at: str  # place_key(): "资金总额/执行率", "指标3/年度指标值", "总分/得分"


class Case(BaseModel):
    """One case of the library; `found` or `example` gives the form as found."""

    key: str
    title: str
    sector: str
    constructed: bool  # built from a pattern seen in published forms, not one published form
    defect: str  # the defect the case teaches, in a few words
    source: str = ""
    example: str = ""  # key of a teaching form of examples.yaml, when the form is a real one
    found: dict[str, Any] | None = None
    expected: list[ExpectedFinding]
    corrected: dict[str, Any]
    explanation: str
    why: dict[str, str] = Field(default_factory=dict)  # place key → why that cell changed
    exercise_rows: list[int] = Field(default_factory=list)  # 1-based rows worth a 找问题 question

    @field_validator("expected", mode="before")
    @classmethod
    def _parse_expected(cls, value: Any) -> Any:
        """ "FUND-RATE @ 资金总额/执行率" → {code, at}."""
        parsed = []
        for item in value or []:
            if isinstance(item, str):
                match = EXPECTED_PATTERN.match(item)
                if match is None:
                    raise ValueError(f"expected finding {item!r} is not 'CODE @ place'")
                item = {"code": match.group(1), "at": match.group(2)}
            parsed.append(item)
        return parsed

    @field_validator("explanation")
    @classmethod
    def _one_paragraph(cls, value: str) -> str:
        """Lines of a YAML block are one Chinese paragraph: joined without spaces, except where a
        number or a sign meets the break ("总分 9.8 + 90" / "= 99.8 分")."""
        text = ""
        for line in (line.strip() for line in value.splitlines()):
            ascii_edge = (text[-1:] != "" and text[-1:].isascii()) or line[:1].isascii()
            text += (" " if text and ascii_edge else "") + line
        return text

    def found_form(self) -> Form:
        if self.found is not None:
            return form_from_example(self.found)
        if self.example:
            return real_form(self.example).form
        raise LearnError(f"案例“{self.key}”没有原表")

    def corrected_form(self) -> Form:
        return form_from_example(self.corrected)

    def expected_pairs(self) -> set[tuple[str, str]]:
        return {(e.code, e.at) for e in self.expected}


def place_key(place: Place) -> str:
    """A place as a case writes it: short, readable, one per cell."""
    field_labels: dict[str, str] = {
        "funds": FUND_LABELS,  # type: ignore[dict-item]
        "indicators": INDICATOR_LABELS,  # type: ignore[dict-item]
        "totals": TOTALS_LABELS,  # type: ignore[dict-item]
    }.get(place.section, {})
    field = place.field
    tail = f"/{field_labels.get(field, field)}" if field else ""
    if place.section == "indicators" and place.row is not None:
        return f"指标{place.row + 1}{tail}"
    if place.section == "indicators":
        levels = "/".join(p for p in (place.level1, place.level2) if p)
        return SECTION_LABELS["indicators"] + (f"/{levels}" if levels else "") + tail
    if place.section == "funds":
        return ("资金总额" if place.fund_row == "total" else "资金") + tail
    if place.section == "goal" and field:
        return SECTION_LABELS["goal"] + f"/{GOAL_LABELS[field]}"  # type: ignore[index]
    return SECTION_LABELS[place.section] + tail


def finding_pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.code, place_key(f.place)) for f in findings}


def _cases_dir():
    return resources.files("assistant") / "data" / "learn" / "cases"


@cache
def _load() -> tuple[Case, ...]:
    found = []
    for entry in sorted(_cases_dir().iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        try:
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            found.append(Case.model_validate(data))
        except (yaml.YAMLError, ValueError) as exc:
            raise LearnError(f"案例文件 {entry.name} 无法读取：{exc}") from exc
    return tuple(found)


def all_cases() -> list[Case]:
    """Every case, in file-name order (a fresh copy each)."""
    return [case.model_copy(deep=True) for case in _load()]


def case_by_key(key: str) -> Case:
    for case in _load():
        if case.key == key:
            return case.model_copy(deep=True)
    raise LearnError(f"没有名为“{key}”的案例")


def category_weights(form: Form) -> dict[str, str]:
    """Funds weight and the weight of each first-level category, as the checks read them."""
    from decimal import Decimal

    totals: dict[str, Decimal] = {"资金": form.funds.total.weight.value or Decimal(0)}
    for row in form.scored_indicators:
        if row.weight.value is not None:
            totals[row.category1] = totals.get(row.category1, Decimal(0)) + row.weight.value
    return {name: format(value.normalize(), "f") for name, value in totals.items()}
