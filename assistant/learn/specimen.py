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
from .sources import form_from_example

FUND_COLUMNS = {
    "initial_budget": "年初预算数",
    "full_year_budget": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "score": "得分",
}
INDICATOR_COLUMNS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
}
FORM_FIELDS = {
    "header.project": "项目名称",
    "header.department": "主管部门",
    "header.unit": "实施单位",
    "header.leader": "项目负责人",
    "goal.expected": "年度总体目标/预期目标",
    "goal.actual": "年度总体目标/实际完成情况",
    "stated_weight_total": "总分/分值",
    "stated_total": "总分/得分",
    "grade": "评价等级",
    "other_notes": "其他需要说明事项",
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


def describe_path(form: Form, path: str) -> str:
    """Where a patched cell sits, in the words of the form ("指标“覆盖社区数”/实际完成值")."""
    parts = path.split(".")
    if parts[0] == "indicators" and len(parts) == 3 and parts[1].isdigit():
        index = int(parts[1])
        title = form.indicators[index].title if index < len(form.indicators) else f"指标{index + 1}"
        return f"{form.indicators[index].category2 if index < len(form.indicators) else ''}“{title}”/" + (
            INDICATOR_COLUMNS.get(parts[2], parts[2])
        )
    if parts[0] == "funds" and len(parts) >= 3:
        if parts[1] == "total":
            row = "年度资金总额"
        else:
            row = form.funds.sources[int(parts[2])].label.removeprefix("其中：")
        return f"{row}/{FUND_COLUMNS.get(parts[-1], parts[-1])}"
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
