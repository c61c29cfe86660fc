"""Forms from ../shared/examples/*.yaml (published forms re-encoded as data), as model objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.form import ActualCell, Form, FundRow, Funds, Goal, Header, Indicator, NumberCell, TargetCell

SOURCE_LABELS = {"fiscal": "其中：当年财政拨款", "carryover": "上年结转资金", "other": "其他资金"}


def load_example(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def form_from_example(data: dict[str, Any]) -> Form:
    funds = data["funds"]
    initial, full, executed, weight, rate, score = funds["total"]
    parts = data.get("target_parts") or {}
    split = data.get("layout") == "split-target"
    indicators = []
    for index, (l1, l2, name, target, actual, w, s, deviation) in enumerate(data["indicators"]):
        if split and index in parts:
            operator, value, unit = parts[index]
            target_cell = TargetCell(text=value, operator_text=operator, unit_text=unit)
        elif split:
            target_cell = TargetCell(text=target, operator_text="", unit_text="")
        else:
            target_cell = TargetCell(text=target)
        indicators.append(
            Indicator(
                level1=l1,
                level2=l2,
                name=name,
                target=target_cell,
                actual=ActualCell(text=actual),
                weight=NumberCell(text=w),
                score=NumberCell(text=s),
                deviation=deviation,
            )
        )
    header = data["header"]
    return Form(
        title=data.get("title", ""),
        year=data.get("year"),
        layout="split-target" if split else "single-cell",
        money_unit=data.get("money_unit", ""),
        header=Header(
            project=header["project"],
            department=header["department"],
            unit=header["unit"],
            leader=header.get("leader", ""),
            phone=str(header.get("phone", "")),
        ),
        funds=Funds(
            total=FundRow(
                label="年度资金总额",
                initial_budget=NumberCell(text=initial),
                full_year_budget=NumberCell(text=full),
                executed=NumberCell(text=executed),
                weight=NumberCell(text=weight),
                rate=NumberCell(text=rate),
                score=NumberCell(text=score),
            ),
            sources=[
                FundRow(
                    label=SOURCE_LABELS[key],
                    initial_budget=NumberCell(text=values[0]),
                    full_year_budget=NumberCell(text=values[1]),
                    executed=NumberCell(text=values[2]),
                )
                for key, values in funds.items()
                if key != "total"
            ],
        ),
        goal=Goal(expected=data["goal"]["expected"], actual=data["goal"]["actual"]),
        indicators=indicators,
        stated_weight_total=NumberCell(text=data["total"][0]),
        stated_total=NumberCell(text=data["total"][1]),
        grade=data.get("grade", ""),
        other_notes=data.get("other_notes", ""),
    )
