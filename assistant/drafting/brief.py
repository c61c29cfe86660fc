"""The project brief: what a drafter knows before a form exists (docs/rules.md §9).

A brief is the only source of facts for a drafted indicator set: every number a draft writes must
come from here or be derived from it (see assistant/drafting/numbers.py).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..rules import DEFAULT_RULE_SET

MAX_BRIEF_BYTES = 1_000_000

FIELD_NAMES = {
    "project": "项目名称（project）",
    "department": "主管部门（department）",
    "unit": "实施单位（unit）",
    "leader": "项目负责人（leader）",
    "phone": "联系电话（phone）",
    "year": "年度（year）",
    "money_unit": "金额单位（money_unit）",
    "rules": "规则集（rules）",
    "project_type": "项目领域（project_type）",
    "description": "项目说明（description）",
    "full_year_budget": "全年预算数（full_year_budget）",
    "executed": "全年执行数（executed）",
    "spending": "支出明细（spending）",
    "quantities": "已知数量（quantities）",
    "causes": "偏差原因（causes）",
    "item": "支出事项（item）",
    "amount": "金额（amount）",
    "name": "名称（name）",
    "value": "数值（value）",
    "unit_": "单位（unit）",
    "about": "所指指标（about）",
    "cause": "原因（cause）",
    "measure": "改进措施（measure）",
}


class BriefError(ValueError):
    """A brief file that cannot be used; the message is Chinese and names the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SpendingLine(_Model):
    """One line of planned spending: "社工工资及五险一金" 1800 (in the brief's money unit)."""

    item: str = Field(min_length=1)
    amount: Decimal = Field(ge=0)


class KnownQuantity(_Model):
    """A quantity the user states outright (it wins over one pulled from the description)."""

    name: str = Field(min_length=1)
    value: Decimal = Field(ge=0)
    unit: str = Field(min_length=1)


class DeviationCause(_Model):
    """Why an indicator (or, with about="资金", the execution rate) fell short, and what will change."""

    about: str = Field(min_length=1)
    cause: str = Field(min_length=1)
    measure: str = ""


class ProjectBrief(_Model):
    project: str = Field(min_length=1)
    department: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    leader: str = ""
    phone: str = ""
    year: int = Field(ge=2000, le=2100)
    money_unit: str = "万元"
    rules: str = DEFAULT_RULE_SET
    project_type: str | None = None
    description: str = Field(min_length=1)
    full_year_budget: Decimal = Field(gt=0)
    executed: Decimal | None = Field(default=None, ge=0)
    spending: list[SpendingLine] = Field(default_factory=list)
    quantities: list[KnownQuantity] = Field(default_factory=list)
    causes: list[DeviationCause] = Field(default_factory=list)

    @field_validator("money_unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        if value not in ("元", "万元", "亿元", "千元"):
            raise ValueError("金额单位只能是 元、千元、万元 或 亿元")
        return value

    @field_validator("project_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        """The sector family (data/sectors/), by key or Chinese title; blank = detect from the text."""
        from .sectors import find_sector, sector_names

        if value and find_sector(value) is None:
            raise ValueError(f"未知的项目领域“{value}”；可选：{'、'.join(sector_names())}，或留空自动判断")
        return value or None

    @model_validator(mode="after")
    def _spending_within_budget(self) -> ProjectBrief:
        spent = sum((line.amount for line in self.spending), Decimal(0))
        if spent > self.full_year_budget:
            raise ValueError(
                f"支出明细（spending）合计 {spent} {self.money_unit} 超过全年预算数 "
                f"{self.full_year_budget} {self.money_unit}"
            )
        return self

    @field_validator("phone", mode="before")
    @classmethod
    def _phone_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


def _field_label(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int):
            parts.append(f"第{part + 1}项")
            continue
        key = "unit_" if part == "unit" and index > 0 else part
        parts.append(FIELD_NAMES.get(key, part))
    return " → ".join(parts)


def _error_text(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "缺少此项"
    if kind == "extra_forbidden":
        return "不认识的字段（请检查拼写）"
    if kind.startswith("decimal") or kind in ("int_parsing", "int_type", "float_parsing"):
        return "应为数字"
    if kind in ("greater_than", "greater_than_equal"):
        return "数值太小（金额、数量不能为负，预算须大于0）"
    if kind in ("less_than_equal", "less_than"):
        return "数值太大"
    if kind in ("string_too_short",):
        return "不能为空"
    if kind in ("string_type",):
        return "应为文字"
    if kind in ("list_type",):
        return "应为列表"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "应为由字段组成的条目"
    message = str(error.get("msg", "内容无效")).removeprefix("Value error, ")
    return message


def brief_from_data(data: Any, source: str = "简报") -> ProjectBrief:
    """Validate parsed YAML/JSON; the first problems become one Chinese message."""
    if not isinstance(data, dict):
        raise BriefError(f"{source}：内容应为字段表（project、year、description……）")
    try:
        return ProjectBrief.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:5]:
            label = _field_label(tuple(error["loc"]))
            problems.append(f"{label}：{_error_text(dict(error))}" if label else _error_text(dict(error)))
        raise BriefError(f"{source} 有误：" + "；".join(problems)) from None


def load_brief(path: str | Path) -> ProjectBrief:
    """Read a brief from a .yaml/.yml/.json file (the file is only read, never changed)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BriefError(f"找不到项目简报文件：{path}") from None
    except OSError as exc:
        raise BriefError(f"无法读取项目简报文件 {path}：{exc.strerror or exc}") from None
    if len(raw) > MAX_BRIEF_BYTES:
        raise BriefError(f"项目简报文件 {path.name} 太大（超过 1 MB）")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BriefError(f"项目简报文件 {path.name} 不是 UTF-8 编码") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal)
        else:
            data = yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else (mark.line + 1 if mark else None)
        where = f"第{line}行" if line else ""
        raise BriefError(f"项目简报文件 {path.name} {where}格式错误，无法解析") from None
    return brief_from_data(_decimals(data), path.name)


def _decimals(data: Any) -> Any:
    """YAML floats become Decimal via their text so 2175.9657 stays exact."""
    if isinstance(data, float):
        return Decimal(repr(data))
    if isinstance(data, dict):
        return {k: _decimals(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_decimals(v) for v in data]
    return data
