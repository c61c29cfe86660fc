"""The draft models: what an engine (offline or a model) must return for the built-in tasks.

The JSON schemas stay small on purpose — strings, numbers, lists — so that small local models
can follow them; Decimal fields accept numbers or numeric strings and serialise as JSON numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# A weight: exact Decimal in Python, a plain number in JSON and in the schema.
Weight = Annotated[
    Decimal,
    Field(ge=0, le=100),
    PlainSerializer(_number, return_type=float, when_used="json"),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]


class _Draft(BaseModel):
    # Models add stray keys; ignoring them is harmless, every value that matters is validated.
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class DraftIndicator(_Draft):
    level1: str = Field(description="一级指标，如 产出指标 / 效益指标 / 满意度指标")
    level2: str = Field(description="二级指标，如 数量指标 / 成本指标 / 社会效益指标 / 服务对象满意度指标")
    name: str = Field(min_length=1, description="三级指标名称，说明计量的是什么")
    target: str = Field(description="年度指标值：运算符+数字+单位，如 ≥154人、≤20万元、≥90%、12月31日前")
    weight: Weight = Field(description="分值")
    basis: str = Field(default="", description="数字来源或测量方法，如 问卷调查，样本量不少于100份")


class IndicatorDraft(_Draft):
    indicators: list[DraftIndicator]


class DeviationItem(_Draft):
    indicator_index: int | None = Field(
        description="指标序号（从0开始，对应表中绩效指标的顺序）；null 表示预算执行率/资金的说明"
    )
    location: str = Field(default="", description="位置，如 绩效指标/产出指标/数量指标/指标1")
    text: str = Field(min_length=1, description="偏差原因分析及改进措施：事实与数字、原因、改进措施")


class DeviationDraft(_Draft):
    items: list[DeviationItem]


def _zero_weight(value: object) -> object:
    if isinstance(value, dict) and value.get("weight") in (None, ""):
        return {**value, "weight": 0}
    return value


class CritiqueItem(_Draft):
    indicator_index: int = Field(ge=0, description="指标序号（从0开始）")
    location: str = Field(default="", description="位置，如 绩效指标/效益指标/生态效益指标/指标1")
    problems: list[str] = Field(default_factory=list, description="问题，如 指标值不可衡量、归类不当")
    comment: str = Field(default="", description="点评")
    rewrite: DraftIndicator | None = Field(
        default=None, description="SMART改写后的指标（分值可省略：改写保留原分值），无需改写为 null"
    )
    extra_rows: list[DraftIndicator] = Field(
        default_factory=list,
        description="本行含两项以上计量时拆出的其余指标（与 rewrite 一起替换本行，分值由本行分值分摊）",
    )
    delete: bool = Field(
        default=False,
        description="建议删除本行：不是指标、重复或循环指标（如产出指标中的资金执行率）；rewrite 为 null",
    )

    @property
    def rows(self) -> list[DraftIndicator]:
        """The rows that replace this row when the proposal is adopted ([] for none or a delete)."""
        if self.delete or self.rewrite is None:
            return []
        return [self.rewrite, *self.extra_rows]

    @field_validator("rewrite", mode="before")
    @classmethod
    def _weight_may_be_omitted(cls, value: object) -> object:
        """A rewrite keeps the row's weight (the task's tidy step puts it back), so a model may
        leave the weight out: 0 stands in until then."""
        return _zero_weight(value)

    @field_validator("extra_rows", mode="before")
    @classmethod
    def _extra_weights_may_be_omitted(cls, value: object) -> object:
        return [_zero_weight(row) for row in value] if isinstance(value, list) else value


class CritiqueDraft(_Draft):
    items: list[CritiqueItem]
