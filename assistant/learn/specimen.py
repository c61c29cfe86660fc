"""The specimen form of the rule cards and the cell edits ("patches") that break or fix it.

A card's bad and good example are a few cells changed on one correct form, so the difference
between them is exactly the rule. A patch maps a path ("funds.total.rate",
"indicators.0.actual", "header.unit") to the new cell text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel

from ..form import ActualCell, Form, NumberCell, TargetCell
from ..place import Place
from ..vocabulary import FUND_LABELS, FUND_TOTAL_LABEL, HEADER_LABELS, INDICATOR_LABELS
from .sources import form_from_example

# Where a patched cell sits, in the words of the form (the labels a finding's place uses).
FORM_FIELDS = {
    **{f"header.{field}": HEADER_LABELS[field] for field in ("project", "department", "unit", "leader")},
    "goal.expected": Place(section="goal", field="expected").render(),
    "goal.actual": Place(section="goal", field="actual").render(),
    "stated_weight_total": Place(section="totals", field="weight").render(),
    "stated_total": Place(section="totals", field="score").render(),
    "grade": Place(section="grade").render(),
    "other_notes": Place(section="notes").render(),
    "money_unit": "金额单位",
}
_CELLS = (NumberCell, TargetCell, ActualCell)

Patch = dict[str, str]


class PatchError(ValueError):
    """A patch path that names no cell of the form (a mistake in the teaching data)."""


def data_text(name: str) -> str:
    return (resources.files("assistant") / "data" / "learn" / name).read_text(encoding="utf-8")


@cache
def _specimen_data() -> dict[str, Any]:
    return yaml.safe_load(data_text("specimen.yaml"))


def specimen_form() -> Form:
    """A fresh copy of the correct specimen form (callers may change it)."""
    return form_from_example(_specimen_data())


def _step(node: Any, part: str, path: str) -> Any:
    if isinstance(node, list):
        if not part.isdigit() or int(part) >= len(node):
            raise PatchError(f"bad index in {path}")
        return node[int(part)]
    if not isinstance(node, BaseModel) or part not in type(node).model_fields:
        raise PatchError(f"no field {part!r} in {path}")
    return getattr(node, part)


def set_cell(form: Form, path: str, text: str) -> None:
    """Write one cell's text in place; cells keep their parsed value derived from the text."""
    *parents, last = path.split(".")
    node: Any = form
    for part in parents:
        node = _step(node, part, path)
    current = _step(node, last, path)
    if isinstance(current, _CELLS):
        current.text = str(text)
    elif isinstance(current, str):
        setattr(node, last, str(text))
    elif last == "year":
        setattr(node, last, int(text))
    else:
        raise PatchError(f"{path} is not a cell")


def apply_patch(form: Form, patch: Patch) -> Form:
    """A changed copy; the given form is left as it was."""
    changed = form.model_copy(deep=True)
    for path, text in patch.items():
        set_cell(changed, path, text)
    return changed


def describe_row(form: Form, index: int) -> str:
    """An indicator row in the words of the form: "数量指标“覆盖社区数”"."""
    if index < len(form.indicators):
        return f"{form.indicators[index].category2}“{form.indicators[index].title}”"
    return f"“指标{index + 1}”"


def describe_path(form: Form, path: str) -> str:
    """Where a patched cell sits, in the words of the form ("数量指标“覆盖社区数”/实际完成值")."""
    parts = path.split(".")
    if parts[0] == "indicators" and len(parts) == 3 and parts[1].isdigit():
        return f"{describe_row(form, int(parts[1]))}/{INDICATOR_LABELS.get(parts[2], parts[2])}"
    if parts[0] == "funds" and len(parts) >= 3:
        if parts[1] == "total":
            row = FUND_TOTAL_LABEL
        else:
            row = form.funds.sources[int(parts[2])].label.removeprefix("其中：")
        return f"{row}/{FUND_LABELS.get(parts[-1], parts[-1])}"
    return FORM_FIELDS.get(path, path)


def cell_text(form: Form, path: str) -> str:
    node: Any = form
    for part in path.split("."):
        node = _step(node, part, path)
    if isinstance(node, TargetCell):
        return node.display
    if isinstance(node, _CELLS):
        return node.text
    return str(node)
