"""Findings: what a check reports, with the Chinese text taken from data/codes.yaml."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, computed_field

from .place import Place
from .rules import RuleSet
from .trusted import unvalidated

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
_TRUSTED_FIELDS = ("code", "severity", "place", "message", "source")  # those Finding.trusted is given


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
    place: Place
    message: str
    source: str = ""
    # Other codes that fired on the same place, merged into this finding (docs/rules.md §5.3).
    tags: tuple[str, ...] = ()
    # Which of the code's messages (codes.yaml): what the finding proposes, for code to decide on
    # (a proposal to delete the row, `deletes_row`), never shown.
    variant: str = "default"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def location(self) -> str:
        """The place in the words of the form; decide with `place`, never with this text."""
        return self.place.render()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def indicator_index(self) -> int | None:
        """The indicator row (index in Form.indicators) the finding is on, so a UI can point at it."""
        return self.place.row

    @classmethod
    def trusted(
        cls, code: str, severity: Severity, place: Place, message: str, source: str, variant: str = "default"
    ) -> Finding:
        """A finding whose fields are already of their types: make_finding's, from the code
        catalogue (validated when loaded) and a Place. Not validated again, as the dozens of
        findings of each check run would cost more than the checks' own work; the result equals
        the validated Finding (tests/test_findings_trusted.py). Anything read from outside (JSON,
        a model's answer) goes through the validating constructor."""
        fields = {"code": code, "severity": severity, "place": place, "message": message, "source": source}
        fields["tags"] = ()
        fields["variant"] = variant
        given = set(_TRUSTED_FIELDS) if variant == "default" else {*_TRUSTED_FIELDS, "variant"}
        return unvalidated(cls, fields, given)

    def as_contract(self) -> dict[str, Any]:
        """The stable JSON contract: code, severity, location, message, and the place as data."""
        return {
            "code": self.code,
            "severity": self.severity,
            "location": self.location,
            "message": self.message,
            "place": self.place.as_json(),
            "tags": list(self.tags),
        }


@cache
def _codes_data() -> dict[str, Any]:
    text = (resources.files("assistant") / "data" / "codes.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def code_catalogue() -> dict[str, CodeInfo]:
    return {code: CodeInfo.model_validate(info) for code, info in _codes_data()["codes"].items()}


@cache
def specificity() -> dict[str, int]:
    """Rank of each code when several fire on one place: lower is more specific (codes.yaml)."""
    order = _codes_data().get("specificity", [])
    return {code: rank for rank, code in enumerate(order)}


@cache
def _row_deleting() -> frozenset[tuple[str, str]]:
    """(code, variant) of the findings that propose deleting their indicator row (codes.yaml)."""
    data = _codes_data().get("deletes_row", {})
    return frozenset((code, variant) for code, variants in data.items() for variant in variants)


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per place: the most severe, then the most specific, the other codes as its tags.

    A finding that proposes deleting its indicator row takes in every warning on that row as well:
    deleting the row is the one thing to do about all of them. Errors stay findings of their own.
    Keeps the order of the input (the head sits where the first finding of its place was) and
    sorts errors before warnings again, as `run_checks` does. The reports, their counts and the
    verdict are built on this output (docs/rules.md §5.3).
    """
    deleting = _row_deleting()
    proposals: dict[int, Finding] = {}  # indicator row → the first proposal to delete it
    for finding in findings:
        row = finding.place.row
        if row is not None and (finding.code, finding.variant) in deleting:
            proposals.setdefault(row, finding)
    groups: dict[Place, list[Finding]] = {}
    for finding in findings:
        place = finding.place
        proposal = proposals.get(place.row) if place.row is not None else None
        if proposal is not None and finding.severity != "error":
            place = proposal.place
        groups.setdefault(place, []).append(finding)
    rank = specificity()
    merged = []
    for group in groups.values():
        head = min(
            group,
            key=lambda f: (
                SEVERITY_ORDER[f.severity],
                (f.code, f.variant) not in deleting,  # on a row to delete, the proposal
                rank.get(f.code, len(rank)),
            ),
        )
        tags = tuple(dict.fromkeys(t for f in group for t in (f.code, *f.tags) if t != head.code))
        merged.append(head.model_copy(update={"tags": tags}) if tags else head)
    return sorted(merged, key=lambda f: SEVERITY_ORDER[f.severity])


# Each code's source under a rule set, by the rule set's identity (rule sets are loaded once and kept;
# the entry keeps its rule set, so an id is never mistaken for another's).
_SOURCES: dict[tuple[str, int], tuple[RuleSet, str]] = {}


def source_of(code: str, rules: RuleSet) -> str:
    entry = _SOURCES.get((code, id(rules)))
    if entry is not None and entry[0] is rules:
        return entry[1]
    if len(_SOURCES) >= 4096:  # rule sets made on the fly (tests, the rules page): never unbounded
        _SOURCES.clear()
    source = _source_of(code, rules)
    _SOURCES[code, id(rules)] = (rules, source)
    return source


def _source_of(code: str, rules: RuleSet) -> str:
    source = code_catalogue()[code].source
    if not source.startswith("rules:"):
        return source
    section = source.removeprefix("rules:")
    if section == "grades":
        return rules.grades_source
    return getattr(getattr(rules, section), "source", "")


def make_finding(
    code: str,
    place: Place,
    rule_set: RuleSet,
    variant: str = "default",
    /,
    *,
    severity: Severity | None = None,
    **params: Any,
) -> Finding:
    return finding_of(code, place, rule_set, variant, severity, params)


def finding_of(
    code: str,
    place: Place,
    rule_set: RuleSet,
    variant: str,
    severity: Severity | None,
    params: dict[str, Any],
) -> Finding:
    """make_finding with its message parameters as one dict (CheckContext.finding passes its own
    on, rather than unpacking and packing them again for each of the dozens of findings a run has)."""
    info = code_catalogue()[code]
    severity = severity or info.severity
    message, source = info.messages[variant].format_map(params), source_of(code, rule_set)
    if place.__class__ is Place and severity in SEVERITY_ORDER:
        return Finding.trusted(code, severity, place, message, source, variant)
    if variant == "default":
        return Finding(code=code, severity=severity, place=place, message=message, source=source)
    return Finding(code=code, severity=severity, place=place, message=message, source=source, variant=variant)
