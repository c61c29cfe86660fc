"""The gate corpus (tests/gate_corpus/*.yaml): per sector a brief, a good indicator draft as a strong
model writes it, and planted inventions with the finding each must raise. Shared by
tests/test_gate_corpus.py and bench/bench_gate.py."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.drafting.brief import ProjectBrief, _decimals, brief_from_data

CORPUS = Path(__file__).resolve().parent / "gate_corpus"


@dataclass(frozen=True)
class Plant:
    case: str
    what: str
    draft: dict[str, Any]
    expect: str
    row: int


@dataclass(frozen=True)
class Case:
    name: str
    sector: str
    brief: ProjectBrief
    good: dict[str, Any]
    plants: tuple[Plant, ...]
    alternatives: tuple[Plant, ...] = ()  # other ways a strong model writes a row: all accepted
    imperfect: tuple[Plant, ...] = ()  # one slip that one repair fixes: `expect` is what the repair shows


def _plant(name: str, good: dict[str, Any], entry: dict[str, Any]) -> Plant:
    draft = copy.deepcopy(good)
    draft["indicators"][entry["row"]].update({key: str(value) for key, value in entry["set"].items()})
    return Plant(name, entry["what"], draft, entry.get("expect", "accept"), entry["row"])


def load_case(path: Path) -> Case:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    brief = brief_from_data(_decimals(data["brief"]), path.name)
    good = data["good"]
    for row in good["indicators"]:  # YAML reads "=100%" fine; keep every cell a string
        row["target"] = str(row["target"])
    plants = tuple(_plant(path.stem, good, entry) for entry in data.get("plants", []))
    alternatives = tuple(_plant(path.stem, good, entry) for entry in data.get("alternatives", []))
    imperfect = tuple(_plant(path.stem, good, entry) for entry in data.get("imperfect", []))
    return Case(path.stem, data["sector"], brief, good, plants, alternatives, imperfect)


def load_corpus() -> list[Case]:
    return [load_case(path) for path in sorted(CORPUS.glob("*.yaml"))]
