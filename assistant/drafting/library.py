"""The offline engine's data: rewrite templates, category words and drafting standards
(assistant/data/); the sector library is sectors.py. Loaded once; nothing here is written in code.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Survey(_Data):
    method: str
    sample: int
    text: str

    def describe(self) -> str:
        return self.text.format(method=self.method, sample=self.sample)


class InstructionText(_Data):
    phrases: list[str]
    patterns: list[str]


class ReadingWords(_Data):
    beneficiary_words: list[str]
    rate_words: list[str]
    period_rates: list[str]
    festivals: list[str]
    periods: list[str]
    place_suffixes: list[str]
    not_places: list[str]


class DraftingData(_Data):
    version: int
    sector_detection: dict[str, Any]
    reading: ReadingWords
    standard_numbers: dict[str, list[Decimal]]
    deadline_units: list[str]
    citation_prefixes: list[str]
    survey_words: list[str]
    default_survey: Survey
    placeholders: dict[str, str]
    quantity_units: dict[str, list[str]]
    quantity_suffix: dict[str, str]
    quantity_verbs: list[str]
    generic_verbs: list[str]
    measure_words: list[str]
    noun_stops: str
    noun_max_chars: int
    noun_window: int
    head_nouns: list[str]
    before_cuts: list[str]
    before_tails: list[str]
    before_max_chars: int
    instruction_text: InstructionText


class RewriteTemplate(_Data):
    name: str
    target: str
    basis: str = ""
    when: list[str] = []
    repeat: bool = False  # used only when the row's usual rewrite would repeat another row's name


class RewriteData(_Data):
    version: int
    subject_max_chars: int
    subject_fallback: str
    subject_strip: list[str]
    subject_strip_end: list[str] = []  # removed from the end only: 合格 begins 合格证
    templates: dict[str, list[RewriteTemplate]] = Field(default_factory=dict)

    def template_for(self, category2: str, text: str, keyed: bool = True) -> RewriteTemplate | None:
        """The first template whose words are in the text, else the default; `keyed=False` skips
        straight to the default (when the keyed one would repeat another row)."""
        candidates = [t for t in self.templates.get(category2, []) if not t.repeat]
        for template in candidates if keyed else ():
            if template.when and any(word in text for word in template.when):
                return template
        return next((t for t in candidates if not t.when), None)

    def repeat_templates(self, category2: str, text: str) -> list[RewriteTemplate]:
        """The templates for a row whose usual rewrite another row already has."""
        return [
            t
            for t in self.templates.get(category2, [])
            if t.repeat and (not t.when or any(word in text for word in t.when))
        ]


def _load(*parts: str) -> Any:
    path = resources.files("assistant").joinpath("data", *parts)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def drafting_data() -> DraftingData:
    return DraftingData.model_validate(_load("drafting.yaml"))


@cache
def rewrite_data() -> RewriteData:
    return RewriteData.model_validate(_load("rewrite_templates.yaml"))
