"""Where the real forms used for teaching come from: the project's examples/ folder.

examples/ ships inside the package (assistant/bundled.py), so an installed jixiao has its teaching
forms. The YAML → Form conversion lives here (not in tests/) because the app and the CLI need it at
run time. A missing file (a broken install) is a LearnError with a Chinese message, never a
traceback: rule cards and the other exercises go on without it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..bundled import bundled_dir
from ..form import ActualCell, Form, FundRow, Funds, Goal, Header, Indicator, NumberCell, TargetCell
from ..vocabulary import FUND_TOTAL_LABEL

SOURCE_LABELS = {"fiscal": "其中：当年财政拨款", "carryover": "上年结转资金", "other": "其他资金"}


class LearnError(Exception):
    """Teaching material that cannot be used; `str()` is the Chinese reason."""


def forms_dir() -> Path:
    """The folder of the teaching forms: examples/, inside the installed package or the checkout."""
    return bundled_dir("examples")


def example_file(name: str) -> Path:
    path = forms_dir() / name
    if not path.is_file():
        raise LearnError(
            f"找不到示例文件 {path}。示例表随程序一起安装，安装可能不完整，请重新安装 jixiao；"
            "规则卡片和练习中的其他题目不受影响。"
        )
    return path


def load_example(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LearnError(f"示例文件 {path} 无法读取：{exc}") from exc
    if not isinstance(data, dict):
        raise LearnError(f"示例文件 {path} 不是示例表格式")
    return data


def _target_cell(target: str, split: bool, parts: list[str] | None) -> TargetCell:
    if split and parts:
        operator, value, unit = parts
        return TargetCell(text=value, operator_text=operator, unit_text=unit)
    if split:
        return TargetCell(text=target, operator_text="", unit_text="")
    return TargetCell(text=target)


def form_from_example(data: dict[str, Any]) -> Form:
    """A Form from the compact YAML schema of examples/README.md."""
    funds = data["funds"]
    initial, full, executed, weight, rate, score = funds["total"]
    parts = data.get("target_parts") or {}
    split = data.get("layout") == "split-target"
    indicators = [
        Indicator(
            level1=l1,
            level2=l2,
            name=name,
            target=_target_cell(target, split, parts.get(index)),
            actual=ActualCell(text=actual),
            weight=NumberCell(text=w),
            score=NumberCell(text=s),
            deviation=deviation,
        )
        for index, (l1, l2, name, target, actual, w, s, deviation) in enumerate(data["indicators"])
    ]
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
                label=FUND_TOTAL_LABEL,
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


class RealForm(BaseModel):
    """A published form used for teaching, with what the lesson is about."""

    key: str
    title: str
    lesson: str
    form: Form


class _ExampleEntry(BaseModel):
    key: str
    title: str
    file: str  # a file of examples/
    form: int = 0
    lesson: str = ""


@cache
def _entries() -> list[_ExampleEntry]:
    text = (resources.files("assistant") / "data" / "learn" / "examples.yaml").read_text(encoding="utf-8")
    return [_ExampleEntry.model_validate(item) for item in yaml.safe_load(text)["examples"]]


def example_keys() -> list[tuple[str, str]]:
    """(key, title) of every teaching form, whether or not its file is present."""
    return [(entry.key, entry.title) for entry in _entries()]


@cache
def _read(key: str) -> RealForm:
    entry = next((e for e in _entries() if e.key == key), None)
    if entry is None:
        raise LearnError(f"没有名为“{key}”的示例表")
    path = example_file(entry.file)
    if path.suffix == ".yaml":
        forms = [form_from_example(load_example(path))]
    else:
        from ..formats import FormReadError, read_forms

        try:
            forms = read_forms(path)
        except FormReadError as exc:
            raise LearnError(f"示例表无法读取：{exc}") from exc
    if entry.form >= len(forms):
        raise LearnError(f"示例文件 {path} 中没有第 {entry.form + 1} 张表")
    return RealForm(key=entry.key, title=entry.title, lesson=entry.lesson, form=forms[entry.form])


def real_form(key: str) -> RealForm:
    """One teaching form (a fresh copy: callers may change it); LearnError when it is missing."""
    return _read(key).model_copy(deep=True)


def available_real_forms() -> list[RealForm]:
    """Every teaching form whose file is present (exercises go on without the missing ones)."""
    found = []
    for key, _ in example_keys():
        try:
            found.append(real_form(key))
        except LearnError:
            continue
    return found
