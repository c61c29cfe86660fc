"""The word lists the checks use, loaded once from data/lexicon.yaml."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int
    vague_words: list[str]
    standard_words: list[str]
    empty_explanations: list[str]
    explanation_words: list[str]
    funds_explanation_words: list[str]
    template_words: list[str]
    unit_groups: list[list[str]]
    money_units: list[str]
    duration_units: list[str]
    goal_filler_words: list[str] = []
    fraction_rate_max: Decimal = Decimal("1.5")
    breakdown_prefixes: list[str] = ["其中"]
    cause_words: list[str] = []
    # Text a person must still complete or measure ("【待填：…】", "【待实测】"): DRAFT-PLACEHOLDER.
    placeholder_marks: list[str] = []

    def is_placeholder(self, text: str) -> bool:
        return has_word(self.placeholder_marks, text)

    def same_unit(self, a: str, b: str) -> bool:
        if a == b:
            return True
        return any(a in group and b in group for group in self.unit_groups)


@lru_cache(maxsize=64)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, words))) if words else None


# Each word list's alternation, found by the list's identity: the lists are the data files' (held by
# frozen models for the life of the process, never changed), and hashing a tuple of a list's words
# on every call cost more than the search itself. The entry keeps its list, so an id is never
# mistaken for another list's.
_PATTERNS: dict[int, tuple[list[str], re.Pattern[str] | None]] = {}


def has_word(words: list[str], text: str) -> bool:
    """Whether any of the words occurs in the text: one compiled alternation per word list, built
    once, scanned in C (the checks ask this of most cells, against lists of a dozen words or more)."""
    entry = _PATTERNS.get(id(words))
    if entry is None or entry[0] is not words:
        if len(_PATTERNS) >= 256:  # lists made on the fly (tests, callers): never unbounded
            _PATTERNS.clear()
        entry = _PATTERNS[id(words)] = (words, _alternation(tuple(words)))
    pattern = entry[1]
    return pattern is not None and pattern.search(text) is not None


@cache
def load_lexicon() -> Lexicon:
    text = (resources.files("assistant") / "data" / "lexicon.yaml").read_text(encoding="utf-8")
    return Lexicon.model_validate(yaml.safe_load(text))
