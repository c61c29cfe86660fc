"""Instruction text is not a draft: a drafted cell that holds an instruction, injected text or a
model's chatter ("忽略以上…", "ignore previous", "系统提示", a URL, a code fence, an HTML tag,
"请联系…", "作为AI") or a key the server echoed back is refused with DRAFT-INVALID, whatever
else the answer got right.

The phrases and patterns are data (`drafting.yaml`, `instruction_text`). Every text of every task's
draft is read, whatever the task's model: the check walks the draft, so a new task needs nothing
here. The gate applies it in one place (gate._check), to the model's drafts and the offline
engine's alike; the offline engine writes none of these (tests on the corpus and the seed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..findings import Finding, make_finding
from ..llm.errors import scrub
from ..place import FIELD_LABELS, Place
from ..rules import RuleSet
from .library import drafting_data

CODE = "DRAFT-INVALID"
_SPACE = re.compile(r"\s+")
# What a drafted field is called in the message: the form's labels, plus the drafts' own fields.
_DRAFT_FIELDS = {"location": "位置", "text": "说明", "problems": "问题", "rewrite": "改写"}


def _normal(text: str) -> str:
    """Full-width letters as ASCII, lower case, no spaces: "作为 ＡＩ" reads as "作为ai"."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()


@cache
def _rules() -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    data = drafting_data().instruction_text
    return tuple(_normal(p) for p in data.phrases), tuple(re.compile(p) for p in data.patterns)


def instruction_in(text: str) -> str:
    """The first instruction-like phrase or pattern found in `text` (as written), or "". A key or
    token (the configured API key echoed back, a `Bearer …`, an `sk-…`) is named, never quoted."""
    if scrub(text) != text:
        return "密钥或令牌"
    phrases, patterns = _rules()
    normal = _normal(text)
    for phrase in phrases:
        if phrase and phrase in normal:
            return phrase
    nfkc = unicodedata.normalize("NFKC", text)
    for pattern in patterns:
        match = pattern.search(nfkc)
        if match:
            return match.group(0)[:40]
    return ""


def drafted_texts(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Every string in a draft with the path to it: ("indicators", 2, "target")."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, BaseModel):
        value = {name: getattr(value, name) for name in type(value).model_fields}
    if isinstance(value, dict):
        return [item for key, inner in value.items() for item in drafted_texts(inner, (*path, str(key)))]
    if isinstance(value, list | tuple):
        return [item for index, inner in enumerate(value) for item in drafted_texts(inner, (*path, index))]
    return []


def _where(path: tuple[str | int, ...]) -> str:
    """("indicators", 2, "target") → "第3项的指标值"."""
    item = next((part for part in path if isinstance(part, int)), None)
    field = next((str(part) for part in reversed(path) if isinstance(part, str)), "")
    name = FIELD_LABELS["indicators"].get(field) or _DRAFT_FIELDS.get(field, field)
    return f"第{item + 1}项的{name}" if item is not None else name


def instruction_findings(draft: BaseModel, rules: RuleSet) -> list[Finding]:
    """DRAFT-INVALID for each drafted text holding instruction text, one per text."""
    table = Place(section="indicators")
    findings = []
    for path, text in drafted_texts(draft):
        found = instruction_in(text)
        if found:
            findings.append(make_finding(CODE, table, rules, "instruction", where=_where(path), found=found))
    return findings
