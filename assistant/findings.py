"""Findings: what a check reports, with the Chinese text taken from data/codes.yaml."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from .rules import RuleSet

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


class CodeInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    severity: Severity
    title: str
    source: str
    messages: dict[str, str]


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    location: str
    message: str
    source: str = ""
    # Position of the indicator row in Form.indicators, so a UI can point at it.
    indicator_index: int | None = None

    def as_contract(self) -> dict[str, str]:
        """The four fields of the stable JSON contract."""
        return {
            "code": self.code,
            "severity": self.severity,
            "location": self.location,
            "message": self.message,
        }


@cache
def code_catalogue() -> dict[str, CodeInfo]:
    text = (resources.files("assistant") / "data" / "codes.yaml").read_text(encoding="utf-8")
    return {code: CodeInfo.model_validate(info) for code, info in yaml.safe_load(text)["codes"].items()}


def source_of(code: str, rules: RuleSet) -> str:
    source = code_catalogue()[code].source
    if not source.startswith("rules:"):
        return source
    section = source.removeprefix("rules:")
    if section == "grades":
        return rules.grades_source
    return getattr(getattr(rules, section), "source", "")


def make_finding(
    code: str,
    location: str,
    rule_set: RuleSet,
    variant: str = "default",
    /,
    *,
    severity: Severity | None = None,
    indicator_index: int | None = None,
    **params: Any,
) -> Finding:
    info = code_catalogue()[code]
    return Finding(
        code=code,
        severity=severity or info.severity,
        location=location,
        message=info.messages[variant].format(**params),
        source=source_of(code, rule_set),
        indicator_index=indicator_index,
    )
