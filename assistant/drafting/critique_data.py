"""The offline critique's own data (data/critique.yaml): kept time expressions and counted
rewrites (the rows to delete are CATEGORY-MISFIT's, data/category_words.yaml). Apart from
library.py so the rewrite templates keep their own schema."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountedTemplate(_Data):
    when: list[str]
    name: str
    basis: str = ""


class CritiqueData(_Data):
    version: int
    time_patterns: list[str]
    counted: list[CountedTemplate]
    max_split: int
    actual_placeholder: str

    def time_expression(self, text: str) -> str:
        """The first time expression the text names ("每月10日前"), "" when none."""
        for pattern in self.time_patterns:
            if match := re.search(pattern, text):
                return match.group(0)
        return ""


@cache
def critique_data() -> CritiqueData:
    path = resources.files("assistant").joinpath("data", "critique.yaml")
    return CritiqueData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
