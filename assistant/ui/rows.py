"""Plain conversions between what the pages edit (dicts of cell values) and the library's models.

Kept free of Streamlit so it can be tested directly: the indicator table's rows ↔ IndicatorDraft,
the brief's fields ↔ ProjectBrief, and a filled form → the brief fields it implies.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from ..drafting.brief import ProjectBrief, brief_from_data
from ..drafting.models import DraftIndicator, IndicatorDraft
from ..form import Form
from ..formats import forms_to_json
from ..values import OPERATOR_SYMBOLS, format_decimal, parse_target
from ..vocabulary import INDICATOR_LABELS

ROW_FIELDS = ("level1", "level2", "name", "operator", "value", "unit", "text_target", "weight", "basis")
OPERATORS = ("≥", "≤", "=", ">", "<")
BRIEF_TEXT_FIELDS = ("project", "department", "unit", "leader", "phone", "description")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def _decimal(value: Any) -> Decimal | None:
    if _blank(value):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def row_from_indicator(item: DraftIndicator) -> dict[str, Any]:
    """A drafted indicator as a table row: "≥154人" becomes operator ≥, value 154, unit 人."""
    target = parse_target(item.target)
    row: dict[str, Any] = {
        "level1": item.level1,
        "level2": item.level2,
        "name": item.name,
        "operator": None,
        "value": None,
        "unit": None,
        "text_target": None,
        "weight": float(item.weight),
        "basis": item.basis or None,
    }
    if target.kind == "numeric" and target.number is not None:
        split = {
            "operator": OPERATOR_SYMBOLS[target.operator] if target.operator else None,
            "value": float(target.number),
            "unit": target.unit or None,
        }
        # Split only when the three cells say exactly what the text said ("每月15日前" does not).
        if target_text(split) == "".join(item.target.split()):
            row.update(split)
            return row
    row["text_target"] = item.target
    return row


def target_text(row: dict[str, Any]) -> str:
    """The 年度指标值 a row means: operator + number + unit, else the written (date/standard) text."""
    number = _decimal(row.get("value"))
    if number is None:
        return _text(row.get("text_target"))
    return f"{_text(row.get('operator'))}{format_decimal(number)}{_text(row.get('unit'))}"


def is_empty_row(row: dict[str, Any]) -> bool:
    return all(_blank(row.get(name)) for name in ROW_FIELDS)


def draft_from_rows(rows: list[dict[str, Any]]) -> tuple[IndicatorDraft, list[int], list[str]]:
    """The table as an IndicatorDraft, the table row (1-based) of each indicator, and row problems.

    Empty rows (a freshly added line) are skipped; a row without a name or weight is reported
    instead of guessed, and keeps the draft from being accepted.
    """
    indicators: list[DraftIndicator] = []
    numbers: list[int] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=1):
        if is_empty_row(row):
            continue
        missing = [INDICATOR_LABELS[key] for key in ("level1", "level2", "name") if _blank(row.get(key))]
        weight = _decimal(row.get("weight"))
        if weight is None:
            missing.append(INDICATOR_LABELS["weight"])
        elif not 0 <= weight <= 100:
            label = INDICATOR_LABELS["weight"]
            problems.append(f"第 {number} 行：{label} {format_decimal(weight)} 应在 0 到 100 之间")
            continue
        if missing:
            problems.append(f"第 {number} 行：请填写{'、'.join(missing)}")
            continue
        assert weight is not None
        indicators.append(
            DraftIndicator(
                level1=_text(row["level1"]),
                level2=_text(row["level2"]),
                name=_text(row["name"]),
                target=target_text(row),
                weight=weight,
                basis=_text(row.get("basis")),
            )
        )
        numbers.append(number)
    return IndicatorDraft(indicators=indicators), numbers, problems


def brief_from_fields(fields: dict[str, Any], rules_name: str) -> ProjectBrief:
    """The brief as entered on the page; BriefError (Chinese, naming the field) when incomplete."""
    data: dict[str, Any] = {name: _text(fields.get(name)) for name in BRIEF_TEXT_FIELDS}
    data["year"] = fields.get("year")
    data["money_unit"] = fields.get("money_unit") or "万元"
    data["rules"] = rules_name
    data["project_type"] = fields.get("project_type") or None
    for name in ("full_year_budget", "executed"):
        text = _text(fields.get(name)).replace(",", "")
        data[name] = text or None
    if data["full_year_budget"] is None:
        data.pop("full_year_budget")
    data["spending"] = [
        {"item": _text(line.get("item")), "amount": _decimal(line.get("amount"))}
        for line in fields.get("spending") or []
        if not (_blank(line.get("item")) and _blank(line.get("amount")))
    ]
    data["quantities"] = [
        {"name": _text(q.get("name")), "value": _decimal(q.get("value")), "unit": _text(q.get("unit"))}
        for q in fields.get("quantities") or []
        if not all(_blank(q.get(key)) for key in ("name", "value", "unit"))
    ]
    for group in ("spending", "quantities"):
        for entry in data[group]:
            for key in [k for k, v in entry.items() if v is None or v == ""]:
                entry.pop(key)
    return brief_from_data(data, "项目简报")


def fields_from_brief(brief: ProjectBrief) -> dict[str, Any]:
    """An uploaded brief file as the page's fields."""
    return {
        **{name: getattr(brief, name) for name in BRIEF_TEXT_FIELDS},
        "year": brief.year,
        "money_unit": brief.money_unit,
        "project_type": brief.project_type,
        "full_year_budget": format_decimal(brief.full_year_budget),
        "executed": format_decimal(brief.executed) if brief.executed is not None else "",
        "spending": [{"item": s.item, "amount": float(s.amount)} for s in brief.spending],
        "quantities": [{"name": q.name, "value": float(q.value), "unit": q.unit} for q in brief.quantities],
    }


def fields_from_form(form: Form) -> dict[str, Any]:
    """What a filled form says about its project, as brief fields (the rest stays blank)."""
    total = form.funds.total
    return {
        "project": form.header.project,
        "department": form.header.department,
        "unit": form.header.unit,
        "leader": form.header.leader,
        "phone": form.header.phone,
        "year": form.year,
        "money_unit": form.money_unit if form.money_unit in ("元", "千元", "万元", "亿元") else "万元",
        "project_type": None,
        "description": form.goal.expected,
        "full_year_budget": total.full_year_budget.text.strip(),
        "executed": total.executed.text.strip(),
        "spending": [],
        "quantities": [],
    }


def form_to_dict(form: Form) -> dict[str, Any]:
    """A form as the workspace stores it: the JSON contract's form object (cell texts, no derived values)."""
    return json.loads(forms_to_json([form]))["forms"][0]


FILL_CELLS = ("rate", "funds_weight", "funds_score", "weight_total", "total", "grade")


def _fill_cells(form: Form) -> dict[str, str]:
    total = form.funds.total
    return {
        "rate": total.rate.text.strip(),
        "funds_weight": total.weight.text.strip(),
        "funds_score": total.score.text.strip(),
        "weight_total": form.stated_weight_total.text.strip(),
        "total": form.stated_total.text.strip(),
        "grade": (form.grade or "").strip(),
    }


def fill_changes(form: Form, filled: Form) -> list[tuple[str, str, str]]:
    """(cell, as written, as filled) for every cell `--fill-computed` changes, in form order."""
    before, after = _fill_cells(form), _fill_cells(filled)
    return [(cell, before[cell], after[cell]) for cell in FILL_CELLS if before[cell] != after[cell]]


def weight_split(form: Form, rule_funds_weight: Decimal) -> tuple[Decimal, Decimal | None]:
    """(预算执行率分值, Σ indicator weights): the funds weight as written, else the rule set's;
    the indicator sum is None when a row's weight is unreadable (a partial sum would mislead)."""
    funds = form.funds.total.weight.value
    weights = [indicator.weight.value for indicator in form.scored_indicators]
    indicators = None if None in weights else sum(weights, Decimal(0))  # type: ignore[arg-type]
    return (funds if funds is not None else rule_funds_weight), indicators
