"""The sector library (assistant/data/sectors/*.yaml): one file per family of projects, with the
words that show a brief belongs to it and indicator templates per 二级指标 whose slots are filled
from the brief ("{thing}安装合格率", "{festival}前发放到位"). Detection ranks the families by their
weighted keywords; below the data's confidence threshold the general family is used, which only
writes the brief's own facts. Nothing here is written in code: reviewers extend the YAML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..values import compact

SLOT_RE = re.compile(r"\{(?P<slot>[a-z_]+)(?::(?P<word>[^{}]+))?\}")
# What the offline engine fills (offline.py `_slots`); a template naming another slot is a data error.
SLOTS = frozenset(
    {
        "project",
        "year",
        "quantity",
        "thing",
        "beneficiary",
        "beneficiary_thing",
        "subject",
        "deadline",
        "festival",
        "period",
    }
)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Template(_Data):
    """One indicator: name, target and basis may hold slots; `when` words must be in the brief."""

    name: str
    target: str
    basis: str = ""
    when: list[str] = []

    def applies(self, text: str) -> bool:
        return not self.when or any(word in text for word in self.when)

    @property
    def slots(self) -> set[str]:
        return {m.group("slot") for m in SLOT_RE.finditer(self.name + self.target + self.basis)}

    @model_validator(mode="after")
    def _known_slots(self) -> Template:
        if unknown := self.slots - SLOTS:
            raise ValueError(f"模板“{self.name}”含未知槽位：{'、'.join(sorted(unknown))}")
        return self


class CostRule(_Data):
    """How a unit cost is written: the money unit a reader expects per counted unit (元/米,
    万元/公里) and the word after the thing ("人均资助标准", "每米水标尺成本")."""

    money: str = "元"
    word: str = "成本"
    by_unit: dict[str, str] = {}  # a counted unit with its own money unit: 公里 → 万元
    per: list[str] = []  # the counted units a unit cost is best written per, preferred first


class Sector(_Data):
    key: str
    title: str
    general: bool = False
    keywords: dict[str, int] = {}
    beneficiaries: list[str] = []  # who the project serves, as briefs name them
    satisfaction_subject: str = "服务对象"
    fallback_quantity: Template
    templates: dict[str, list[Template]] = Field(default_factory=dict)
    satisfaction: list[Template] = []
    cost: CostRule = CostRule()

    def score(self, text: str) -> int:
        return sum(weight * text.count(word) for word, weight in self.keywords.items())

    def static_names(self) -> set[str]:
        """Names without slots: what a row of this family is called whatever the brief."""
        items = [
            self.fallback_quantity,
            *self.satisfaction,
            *(t for ts in self.templates.values() for t in ts),
        ]
        return {compact(t.name) for t in items if not SLOT_RE.search(t.name)}


class Detection(_Data):
    min_score: int
    min_confidence: float
    general: str
    alternatives: int = 2


@dataclass(frozen=True)
class SectorMatch:
    """A family and how sure the detection is (its share of all keyword weight, 0–1)."""

    sector: Sector
    confidence: float
    score: int

    @property
    def label(self) -> str:
        return f"{self.sector.title}（{self.sector.key}，置信度{self.confidence:.0%}）"


def _folder() -> Any:
    return resources.files("assistant").joinpath("data", "sectors")


@cache
def sectors() -> dict[str, Sector]:
    """Every family, by key, in file order."""
    files = sorted((p for p in _folder().iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    loaded = [Sector.model_validate(yaml.safe_load(p.read_text(encoding="utf-8"))) for p in files]
    return {s.key: s for s in loaded}


@cache
def detection() -> Detection:
    from .library import _load

    return Detection.model_validate(_load("drafting.yaml")["sector_detection"])


def general_sector() -> Sector:
    return sectors()[detection().general]


def find_sector(name: str | None) -> Sector | None:
    """The family a user named, by key or Chinese title; None when no family has that name."""
    if not name:
        return None
    wanted = compact(name)
    return next((s for s in sectors().values() if wanted in (s.key, compact(s.title))), None)


def sector_names() -> list[str]:
    """For a message listing the valid families."""
    return [f"{s.key}（{s.title}）" for s in sectors().values()]


def detect(text: str) -> list[SectorMatch]:
    """Every non-general family that the text mentions, best first, with its confidence."""
    scored = [(s, s.score(text)) for s in sectors().values() if not s.general]
    total = sum(score for _, score in scored)
    ranked = sorted((pair for pair in scored if pair[1] > 0), key=lambda pair: -pair[1])
    return [SectorMatch(s, score / total, score) for s, score in ranked]


def brief_text(project: str, description: str, items: list[str]) -> str:
    """What detection reads: the project name counts twice (it is the most telling line)."""
    return f"{project} {project} {description} {' '.join(items)}"


def choose(text: str, named: str | None = None) -> tuple[Sector, list[SectorMatch]]:
    """The family to draft with and the ranked detection: the named one, else the best match
    when it is sure enough, else the general family."""
    ranked = detect(text)
    own = find_sector(named)
    if own is not None:
        return own, ranked
    rule = detection()
    if ranked and ranked[0].score >= rule.min_score and ranked[0].confidence >= rule.min_confidence:
        return ranked[0].sector, ranked
    return general_sector(), ranked


class MissingSlot(KeyError):
    """A template needs a fact the brief does not give: the template is not used."""


def fill(text: str, slots: Mapping[str, Any]) -> str:
    """Fill "{thing}", "{quantity:水标尺}"… from `slots`; a slot with a word asks the slot's
    lookup for the item naming that word. MissingSlot when any slot has no value."""

    def one(match: re.Match[str]) -> str:
        value = slots.get(match.group("slot"))
        word = match.group("word")
        if callable(value):
            value = value(word)
        elif word is not None:
            value = None
        if value in (None, ""):
            raise MissingSlot(match.group(0))
        return str(value)

    return SLOT_RE.sub(one, text)
