"""The real-form corpus (tests/corpus/): published forms re-encoded as data, with what a reviewer
expects on each, written before the checks ran.

tests/corpus/tune/ holds the forms the checks may be fixed against; tests/corpus/measure/ holds the
forms kept apart to measure on. Every form `NAME.yaml` (the schema of examples/README.md) has a
sidecar `NAME.expected.yaml`:

    verdict: 退回 | 修改后通过 | 通过          # the reviewer's verdict
    form_type: evaluation | target_setting    # a self-evaluation or a 绩效目标申报表
    findings:                                 # what a reviewer raises, each with a one-line reason
      - {code: FUND-SUM, place: funds, reason: …}
      - {code: SCORE-MISMATCH, place: row 5, severity: warning, reason: …}
    known_misses:                             # expected findings the checks do not find yet (xfail)
      - {code: …, place: …, reason: why it is missed}
    uncoded: [what a reviewer would also say that no finding code expresses]
    retracted:                                # expectations withdrawn after the measurement because
      - {code: …, place: …, reason: …}         # they contradict a confirmed rule (not counted)

A place is a section of the form (header, funds, goal, indicators, totals, grade, notes), "row N"
(indicator row N, counted from 0 as in the YAML list) or "form" (anywhere on the form). Findings are
compared as the reviewer sees them: one merged finding per cell (docs/rules.md §5.3). An expected
code is found when a finding at its place carries it, as its code or as a tag; a finding found is
expected when one of its codes is expected at its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.findings import Finding, code_catalogue
from assistant.form import Form
from assistant.learn.sources import form_from_example, load_example
from assistant.review.form_report import check_form
from assistant.rules import load_rule_set

CORPUS = Path(__file__).parent / "corpus"
SPLITS = ("tune", "measure")


@dataclass(frozen=True)
class Expected:
    code: str
    place: str
    reason: str
    severity: str | None = None  # when the code has two severities (SCORE-MISMATCH, GRADE)


@dataclass
class CorpusForm:
    split: str
    name: str
    form: Form
    verdict: str
    form_type: str
    expected: list[Expected]
    known_misses: list[Expected] = field(default_factory=list)
    retracted: list[Expected] = field(default_factory=list)


def place_key(finding: Finding) -> tuple[str, int | None]:
    return finding.place.section, finding.place.row


def _parse_place(text: str) -> tuple[str, int | None]:
    text = text.strip()
    if text.startswith("row "):
        return "indicators", int(text.removeprefix("row "))
    return text, None


def matches(expected: Expected, finding: Finding) -> bool:
    """The finding is the expected one: same code, and the same place (section, and row if given)."""
    if expected.code not in (finding.code, *finding.tags):
        return False
    if expected.severity and finding.code == expected.code and finding.severity != expected.severity:
        return False
    section, row = _parse_place(expected.place)
    if section == "form":
        return True
    return place_key(finding) == (section, row) or (row is None and finding.place.section == section)


def _expected(items: list[dict[str, Any]] | None) -> list[Expected]:
    return [
        Expected(
            code=i["code"], place=str(i["place"]), reason=i.get("reason", ""), severity=i.get("severity")
        )
        for i in items or []
    ]


def load_corpus(split: str) -> list[CorpusForm]:
    forms = []
    for path in sorted((CORPUS / split).glob("*.yaml")):
        if path.name.endswith(".expected.yaml"):
            continue
        sidecar = yaml.safe_load(path.with_name(path.stem + ".expected.yaml").read_text(encoding="utf-8"))
        forms.append(
            CorpusForm(
                split=split,
                name=path.stem,
                form=form_from_example(load_example(path)),
                verdict=sidecar["verdict"],
                form_type=sidecar.get("form_type", "evaluation"),
                expected=_expected(sidecar.get("findings")),
                known_misses=_expected(sidecar.get("known_misses")),
                retracted=_expected(sidecar.get("retracted")),
            )
        )
    return forms


def found_findings(item: CorpusForm) -> list[Finding]:
    """The merged findings (one per cell) of the default rule set, as every output reports them."""
    return check_form(item.form, load_rule_set()).findings


def verdict_label(item: CorpusForm) -> tuple[str, str]:
    """The verdict of the tool (without the form-type mark) and the form type it sees."""
    report = check_form(item.form, load_rule_set())
    kind_label = {"returned": "退回", "revise": "修改后通过", "passed": "通过"}[report.verdict.kind]
    return kind_label, ("target_setting" if item.form.is_target_setting else "evaluation")


@dataclass
class Tally:
    """True positives, false positives and false negatives of one severity."""

    tp: int = 0  # found and expected
    fp: int = 0  # found, not expected
    hit: int = 0  # expected and found
    fn: int = 0  # expected, not found

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.hit / (self.hit + self.fn) if self.hit + self.fn else None

    def add(self, other: Tally) -> None:
        self.tp, self.fp = self.tp + other.tp, self.fp + other.fp
        self.hit, self.fn = self.hit + other.hit, self.fn + other.fn


def severity_of(expected: Expected) -> str:
    return expected.severity or code_catalogue()[expected.code].severity


def score_form(item: CorpusForm) -> tuple[dict[str, Tally], list[Expected], list[Finding]]:
    """Per-severity tallies for one form, the expected findings missed and the unexpected found."""
    found = found_findings(item)
    tallies = {"error": Tally(), "warning": Tally()}
    missed = []
    for expected in item.expected + item.known_misses:
        if any(matches(expected, f) for f in found):
            tallies[severity_of(expected)].hit += 1
        else:
            missed.append(expected)
            tallies[severity_of(expected)].fn += 1
    everything = item.expected + item.known_misses
    unexpected = []
    for finding in found:
        if any(matches(e, finding) for e in everything):
            tallies.setdefault(finding.severity, Tally()).tp += 1
        else:
            unexpected.append(finding)
            tallies.setdefault(finding.severity, Tally()).fp += 1
    return tallies, missed, unexpected
