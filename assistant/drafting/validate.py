"""The deterministic half of the gate: build what a draft would produce, run the checks and the
number check. Which findings forbid acceptance is each task's own (assistant.drafting.tasks).

What each task's validation returns (only findings the draft is responsible for):
- indicators: the form built from the brief and the draft, checked as a whole, minus what
  belongs to the columns filled after the year (actuals, scores, explanations, execution);
  plus CATEGORY-MISFIT, a named survey method for satisfaction, the single-indicator judge's own
  rules on every row (checks/indicator_judge.py: hollow targets, growth without a base, a value
  of the wrong kind for the category, cost targets within the budget),
  rows copied from another sector family (DRAFT-OTHER-SECTOR) and the number check on
  every name, target and basis.
- deviations: the DEVIATION-* findings still raised after the explanations are inserted, the
  number check on every text, and invalid row references. A "【待填：…】" placeholder is an
  honest gap, not an explanation: it is reported as DRAFT-PLACEHOLDER (a warning that does not
  block the draft) and `jixiao check` keeps flagging the row until the user completes it.
- critique: the rewritten rows' own target findings (SMART-*, UNIT-MISMATCH, CATEGORY-MISFIT,
  survey method; the judge's own rules are added by tasks/critique.py), another sector's
  library rows (DRAFT-OTHER-SECTOR, judged by the project name, title and expected goal),
  DUPLICATE-INDICATOR when a rewrite takes a name another row has, the number check on rewrites
  and comments, rows that need a rewrite but got none (DRAFT-INCOMPLETE), and invalid row references.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..checks import run_checks
from ..checks.category import category_findings, indicator_title, suggested_category
from ..checks.indicator_judge import written_target_findings
from ..findings import Finding, make_finding
from ..form import Form, Indicator
from ..lexicon import load_lexicon
from ..place import Place
from ..rules import RuleSet
from ..values import compact
from ..vocabulary import SATISFACTION, SATISFACTION_WORD
from .apply import apply_deviations, apply_rewrites, deviation_place, form_from_brief
from .brief import DeviationCause, ProjectBrief
from .brief_facts import brief_facts, form_row_facts
from .deviation_sources import instruction_in
from .library import drafting_data
from .models import CritiqueDraft, CritiqueItem, DeviationDraft, DraftIndicator, IndicatorDraft
from .numbers import Facts, allowances, cause_facts, facts_of, unverified_numbers
from .sectors import Sector, brief_text, choose, sectors

# What a rewritten row's target may not show: the checks' codes a critique must answer for.
REWRITE_TARGET_CODES = frozenset(
    {
        "SMART-UNMEASURABLE",
        "SMART-VAGUE",
        "SMART-NO-DEADLINE",
        "SMART-COST-NO-AMOUNT",
        "SMART-SATISFACTION",
        "SMART-GROWTH-NO-BASE",
        "SMART-UNIT-CATEGORY",
        "UNIT-MISMATCH",
        "CATEGORY-MISFIT",
    }
)
# Two rows with one name: a draft's or a rewrite's own fault, so it blocks both.
DUPLICATE = "DUPLICATE-INDICATOR"
# Cells a new form leaves for after the year: findings there are not about the draft.
_LATER_CELLS: frozenset[tuple[str, str | None]] = frozenset(
    {("indicators", "actual"), ("indicators", "deviation"), ("goal", "actual")}
)
_LATER_FUND_CELLS = ("executed", "rate", "score")
_LATER_CODES = ("DEVIATION-", "TOTAL-SCORE", "GRADE", "SCORE-")
# Target problems a critique must answer with a rewrite.
_NEEDS_REWRITE = ("SMART-UNMEASURABLE", "SMART-VAGUE", "SMART-NO-DEADLINE", "SMART-COST-NO-AMOUNT")


def _number_findings(
    texts: Iterable[tuple[Place, str]],
    facts: set[Decimal] | Facts,
    rules: RuleSet,
    targets: bool,
    *,
    comments: bool = False,
) -> list[Finding]:
    """DRAFT-UNVERIFIED-NUMBER for each unsupported number. `targets`: the texts are rows (name,
    target, basis): standard levels and time limits allowed, points not. `comments` (a critique's
    comments and problems) may name both the standard levels and the rule set's points."""
    allowed = allowances(rules, targets)
    if comments:
        for unit, values in allowances(rules, True).items():
            allowed[unit] = allowed.get(unit, set()) | values
    durations = drafting_data().deadline_units if targets else ()
    return [
        make_finding("DRAFT-UNVERIFIED-NUMBER", place, rules, number=number)
        for place, text in texts
        for number in unverified_numbers(text, facts, allowed, durations=durations, target=targets)
    ]


def _indicator_texts(row: Indicator, index: int, draft: DraftIndicator) -> list[tuple[Place, str]]:
    return [
        (row.place(index, "name"), draft.name),
        (row.place(index, "target"), draft.target),
        (row.place(index, "basis"), draft.basis),
    ]


def _own_target_findings(row: Indicator, draft: DraftIndicator, index: int, rules: RuleSet) -> list[Finding]:
    """What run_checks cannot see: a survey method for satisfaction."""
    findings: list[Finding] = []
    if row.category1 == SATISFACTION or SATISFACTION_WORD in row.category2:
        text = draft.basis + draft.name + draft.target
        if not any(word in text for word in drafting_data().survey_words):
            findings.append(
                make_finding(
                    "SMART-SATISFACTION",
                    row.place(index, "basis"),
                    rules,
                    "no_survey",
                    name=draft.name,
                )
            )
    return findings


def _in_indicator_scope(finding: Finding) -> bool:
    place = finding.place
    if finding.code.startswith(_LATER_CODES) or place.field == "score":
        return False
    if (place.section, place.field) in _LATER_CELLS:
        return False
    return not (finding.code == "FUND-MISSING" and place.field in _LATER_FUND_CELLS)


def _other_sector(
    form: Form, text: str, kind: str | None, rules: RuleSet, indexes: Iterable[int] | None = None
) -> list[Finding]:
    """DRAFT-OTHER-SECTOR: a row named exactly as a fixed indicator of sector families whose
    keywords the project's own text never mentions, and of no family it does mention (报修处理时限
    in a new build). Only exact names: a rule sees words, not meaning."""
    own, ranked = choose(text, kind)
    near = {own.key} | {match.sector.key for match in ranked}
    mentioned: set[str] = set()
    foreign: dict[str, Sector] = {}
    for sector in sectors().values():
        names = sector.static_names()
        if sector.key in near or sector.general:
            mentioned |= names
        else:
            foreign.update({name: sector for name in names if name not in foreign})
    findings = []
    for index in range(len(form.indicators)) if indexes is None else indexes:
        row = form.indicators[index]
        other = foreign.get(compact(row.name))
        if other is not None and compact(row.name) not in mentioned:
            words = "、".join(list(other.keywords)[:4])
            params = {"name": row.name, "sector": other.title, "keywords": words}
            findings.append(make_finding("DRAFT-OTHER-SECTOR", row.place(index, "name"), rules, **params))
    return findings


def validate_indicators(draft: IndicatorDraft, brief: ProjectBrief, rules: RuleSet) -> list[Finding]:
    form = form_from_brief(brief, draft, rules)
    findings = [f for f in run_checks(form, rules) if _in_indicator_scope(f)]
    text = brief_text(brief.project, brief.description, [s.item for s in brief.spending])
    findings += _other_sector(form, text, brief.project_type, rules)
    texts: list[tuple[str, str]] = []
    for index, (row, item) in enumerate(zip(form.indicators, draft.indicators, strict=True)):
        findings += _own_target_findings(row, item, index, rules)
        findings += written_target_findings(form, index, rules)
        texts += _indicator_texts(row, index, item)
    return findings + _number_findings(texts, brief_facts(brief, rules), rules, targets=True)


def _index_findings(indexes: list[int | None], form: Form, rules: RuleSet) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[int | None] = set()
    table = Place(section="indicators")
    for index in indexes:
        if index is not None and not 0 <= index < len(form.indicators):
            findings.append(
                make_finding("DRAFT-INVALID", table, rules, "index", index=index, count=len(form.indicators))
            )
        elif index in seen:
            findings.append(make_finding("DRAFT-INVALID", table, rules, "duplicate", index=index))
        seen.add(index)
    return findings


def validate_deviations(
    draft: DeviationDraft, form: Form, rules: RuleSet, causes: list[DeviationCause]
) -> list[Finding]:
    is_placeholder = load_lexicon().is_placeholder
    findings = _index_findings([item.indicator_index for item in draft.items], form, rules)
    placeholder_rows = {item.indicator_index for item in draft.items if is_placeholder(item.text)}
    filled = apply_deviations(form, draft)
    for finding in run_checks(filled, rules):
        if not finding.code.startswith("DEVIATION-"):
            continue
        row = None if finding.code == "DEVIATION-UNSPENT" else finding.indicator_index
        if row not in placeholder_rows:
            findings.append(finding)
    texts: list[tuple[Place, str]] = []
    for item in draft.items:
        place = deviation_place(form, item.indicator_index)
        texts.append((place, item.text))
        if is_placeholder(item.text):
            findings.append(make_finding("DRAFT-PLACEHOLDER", place, rules))
        if found := instruction_in(item.text):  # the cell is for the explanation, not for instructions
            where = f"“{place.render()}”"
            findings.append(
                make_finding("DRAFT-INVALID", place, rules, "instruction", where=where, found=found)
            )
    facts = facts_of(form, rules) | cause_facts(causes)
    return findings + _number_findings(texts, facts, rules, targets=False, comments=True)


def validate_critique(draft: CritiqueDraft, form: Form, rules: RuleSet) -> list[Finding]:
    findings = _index_findings([item.indicator_index for item in draft.items], form, rules)
    valid = [item for item in draft.items if 0 <= item.indicator_index < len(form.indicators)]
    rewritten = {item.indicator_index: item.rewrite for item in valid if item.rewrite is not None}
    new_form = apply_rewrites(form, draft, rewritten)
    renamed = {compact(rewrite.name) for rewrite in rewritten.values()}
    for finding in run_checks(new_form, rules):
        own = finding.indicator_index in rewritten and finding.place.indicator_field == "target"
        if own and finding.code in REWRITE_TARGET_CODES:
            findings.append(finding)
        elif finding.code == DUPLICATE and _row_name(new_form, finding) in renamed:
            findings.append(finding)  # a rewrite took a name another row has
    findings += category_findings(new_form, rules, sorted(rewritten))
    own_text = f"{form.header.project} {form.title} {form.goal.expected}"
    findings += _other_sector(new_form, own_text, None, rules, sorted(rewritten))
    texts: list[tuple[Place, str]] = []
    for index, rewrite in rewritten.items():
        row = new_form.indicators[index]
        findings += _own_target_findings(row, rewrite, index, rules)
        texts += _indicator_texts(row, index, rewrite)
    findings += _number_findings(texts, form_row_facts(form, rules), rules, targets=True)
    findings += _extra_row_findings(form, valid, rules) + _delete_findings(form, valid, rules)
    facts = facts_of(form, rules)
    # A problem that quotes a check's own message is the checks' text, not the draft's.
    known = [f.message for f in run_checks(form, rules)]
    texts = []
    for item in valid:
        index = item.indicator_index
        row = form.indicators[index]
        texts.append((row.place(index, "comment"), _without_rewrite(item.comment, item.rewrite)))
        problem = row.place(index, "problem")
        texts += [(problem, p) for p in item.problems if not p.endswith(tuple(known))]
    findings += _incomplete(
        form, rules, set(rewritten) | {item.indicator_index for item in valid if item.delete}
    )
    # comments may cite the rule set's points and thresholds, like a deviation text
    return findings + _number_findings(texts, facts, rules, targets=False, comments=True)


def _delete_findings(form: Form, items: list[CritiqueItem], rules: RuleSet) -> list[Finding]:
    """Deleting every row of a first-level category would leave its points nowhere."""
    deleted = {item.indicator_index for item in items if item.delete}
    left = {row.category1 for k, row in enumerate(form.indicators) if k not in deleted}
    return [
        make_finding(
            "DRAFT-INVALID",
            row.place(k),
            rules,
            "delete_last",
            row=indicator_title(row),
            level1=row.category1,
        )
        for k, row in enumerate(form.indicators)
        if k in deleted and row.category1 not in left
    ]


def _extra_row_findings(form: Form, items: list[CritiqueItem], rules: RuleSet) -> list[Finding]:
    """A row split in two: each further row is checked in the row's place, like the first, and
    its name must differ from every row that stays and every other proposed row."""
    findings: list[Finding] = []
    touched = {item.indicator_index for item in items if item.rows or item.delete}
    names = {
        compact(r.name): r.location for k, r in enumerate(form.indicators) if k not in touched and r.name
    }
    for item in items:  # first rows are checked in place (run_checks on the rewritten form)
        if item.rows:
            names.setdefault(compact(item.rows[0].name), form.indicators[item.indicator_index].location)
    for item in items:
        place = form.indicators[item.indicator_index].place(item.indicator_index, "name")
        for row in item.rows[1:]:
            if compact(row.name) in names:
                other = names[compact(row.name)]
                findings.append(make_finding(DUPLICATE, place, rules, name=row.name, other=other))
            names.setdefault(compact(row.name), place.render())
    for depth in range(1, max((len(item.rows) for item in items), default=0)):
        rows = {item.indicator_index: item.rows[depth] for item in items if len(item.rows) > depth}
        variant = CritiqueDraft(items=[CritiqueItem(indicator_index=k, rewrite=r) for k, r in rows.items()])
        new_form = apply_rewrites(form, variant, rows)
        for finding in run_checks(new_form, rules):
            own = finding.indicator_index in rows and finding.place.indicator_field == "target"
            if own and finding.code in REWRITE_TARGET_CODES:
                findings.append(finding)
        texts: list[tuple[Place, str]] = []
        for index, rewrite in rows.items():
            findings += _own_target_findings(new_form.indicators[index], rewrite, index, rules)
            texts += _indicator_texts(new_form.indicators[index], index, rewrite)
        findings += _number_findings(texts, form_row_facts(form, rules), rules, targets=True)
    return findings


def _without_rewrite(comment: str, rewrite: DraftIndicator | None) -> str:
    """A comment that quotes its own rewrite: the quote was checked as the rewrite (row facts)."""
    for text in (rewrite.name, rewrite.target, rewrite.basis) if rewrite is not None else ():
        if text:
            comment = comment.replace(text, "")
    return comment


def _row_name(form: Form, finding: Finding) -> str:
    index = finding.indicator_index
    return compact(form.indicators[index].name) if index is not None else ""


def _incomplete(form: Form, rules: RuleSet, rewritten: set[int]) -> list[Finding]:
    """Rows whose target has a SMART problem, or that sit in the wrong category, need a rewrite."""
    problems: dict[int, set[str]] = {}
    for finding in run_checks(form, rules):
        at_target = finding.place.indicator_field == "target"
        if finding.indicator_index is not None and finding.code in _NEEDS_REWRITE and at_target:
            problems.setdefault(finding.indicator_index, set()).add(finding.code)
    for index, indicator in enumerate(form.indicators):
        if suggested_category(indicator) is not None:
            problems.setdefault(index, set()).add("CATEGORY-MISFIT")
    return [
        make_finding(
            "DRAFT-INCOMPLETE",
            form.indicators[index].place(index),
            rules,
            name=indicator_title(form.indicators[index]),
            codes="、".join(sorted(codes)),
        )
        for index, codes in sorted(problems.items())
        if index not in rewritten
    ]
