"""The number check (DRAFT-UNVERIFIED-NUMBER): every number a draft writes must be a fact of the
brief or form, or derived from them (sums, differences, rates, shares, per-unit amounts, the
year, counts), within rounding. A model that invents "覆盖200户" is caught here.

Matching: a written number with d decimals matches a fact if it equals the fact rounded to d
decimals in either direction (so "2175.97" matches 2175.9657, "90.10" matches 90.0999…).
Calendar parts of a date (month, day, quarter) are checked for range; a written year must be a fact.

A brief's facts are typed (`Facts`): a number followed by a money unit must match money (amounts,
per-unit costs in 元 or 万元), one followed by % a rate or share, one followed by a counting unit
a quantity (stated, summed, or a count of listed items); numbers the user wrote in the brief match
whatever follows. So "≥3年" or "共8项" no longer pass because some ratio happens to be near 3 or 8.
Citations (GB 50300-2013, 财预〔2020〕10号) are not numbers; a time limit in a target ("≤7天",
"10个工作日内") is a target the unit sets; 分 in a target is never a fact (points are weights).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache

from ..form import Form
from ..rules import RuleSet, load_rule_set
from ..scoring import compute, indicator_score
from ..values import normalize, parse_quantity
from .brief import DeviationCause, ProjectBrief

HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)
_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": TEN_THOUSAND, "亿元": Decimal(10) ** 8}

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"(?<![\d.])({_NUMBER})")
# Identifiers are not quantities: "mof-2020", "GB50300", "A3".
_IDENTIFIER_RE = re.compile(r"[A-Za-z]+[-_]?\d+")
# Citations: standard codes ("GB 50300-2013", "GB/T 9704-2012", "JTG F80/1-2017", "DB11/T 1234-2015")
# and document numbers ("财预〔2020〕10号").
_DOCUMENT_NUMBER_RE = re.compile(
    r"[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d+\s*号"
)


@cache
def _citation_re() -> re.Pattern[str]:
    """A standard's code: a prefix of data/drafting.yaml (GB, GB/T, JTG, DB11/T…), then its number."""
    from .library import drafting_data

    prefixes = "|".join(sorted(drafting_data().citation_prefixes, key=len, reverse=True))
    return re.compile(
        rf"(?<![A-Za-z0-9])(?:{prefixes})\d{{0,2}}(?:/[A-Z]{{1,2}})?\s*[A-Z]?\d+(?:[./]\d+)*"
        r"(?:\s*[-—–]\s*(?:19|20)\d{2})?"
    )


# Operators just before a number: a ceiling or a floor.
_LIMIT_BEFORE = re.compile(r"(≤|<|不超过|不多于|不大于|不高于|控制在|以内)\s*$")
_LIMIT_AFTER = ("内", "以内", "之内", "前", "以下")
_FLOOR_BEFORE = re.compile(r"(≥|>|不低于|不少于|不小于|至少|达到)\s*$")
# A number followed by 分 is points, except in these words (分钟, 分类, 分批…).
_POINTS_RE = re.compile(r"^分(?![钟类别之期批户项组段])")
# Dates and calendar periods, checked part by part and then removed.
_DATE_RES = (
    re.compile(r"(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?)?"),
    re.compile(r"(?<![\d.])(?P<y>\d{4})[-/](?P<m>\d{1,2})(?:[-/](?P<d>\d{1,2}))?(?![\d.])"),
    re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?![\d.])"),
    re.compile(r"(?<![\d.])(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"),
    re.compile(r"每月\s*(?P<d>\d{1,2})\s*[日号]"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\s*[日号](?=前|之前|以前)"),
    re.compile(r"第\s*(?P<q>[1-4])\s*季度"),
)


def _numbers_in(text: str | None) -> list[Decimal]:
    text = normalize(text)
    return [Decimal(m.group(1).replace(",", "")) for m in _NUMBER_RE.finditer(text)]


def allowances(rules: RuleSet, targets: bool) -> dict[str, set[Decimal]]:
    """Numbers a text may use with a given unit without a fact: the rule set's points ("10分")
    and thresholds ("130%"); for targets also the standard levels of data/drafting.yaml (the unit
    "*" there is any unit: a zero target, "=0人"). Targets get no points: 分 belongs in weights."""
    from .library import drafting_data

    points = {rules.total, rules.funds.weight, *rules.funds.allowed_weights}
    points |= set(rules.categories.weights.values()) | {band.min for band in rules.grades}
    percents = {rules.deviation.overachieved_ratio * HUNDRED, rules.deviation.unspent_rate_below}
    allowed: dict[str, set[Decimal]] = {"%": percents}
    if not targets:
        allowed["分"] = points
    else:
        for unit, values in drafting_data().standard_numbers.items():
            allowed[unit] = allowed.get(unit, set()) | set(values)
    return allowed


@dataclass(frozen=True)
class Facts:
    """A brief's numbers by what they measure. `plain` are numbers the user wrote (any unit may
    follow them); the others are facts and derivations of one kind."""

    plain: frozenset[Decimal]
    money: frozenset[Decimal] = frozenset()
    percent: frozenset[Decimal] = frozenset()
    quantity: frozenset[Decimal] = frozenset()
    # strict: a number is the fact rounded half up at the written precision, or rounded up after
    # ≤ (a ceiling), or down after ≥ (a floor); not "either way" whatever the operator
    strict: bool = False
    _pools: dict[str, list[Decimal]] = field(default_factory=dict, compare=False, repr=False)

    def pool(self, kind: str) -> list[Decimal]:
        """The sorted facts a number of `kind` (money, percent, quantity, other) may match."""
        if kind not in self._pools:
            extra = {"money": self.money, "percent": self.percent, "quantity": self.quantity}.get(kind, set())
            self._pools[kind] = sorted(self.plain | extra)
        return self._pools[kind]

    def all(self) -> set[Decimal]:
        return set(self.plain | self.money | self.percent | self.quantity)


def _unit_kind(rest: str) -> str:
    """What the unit after a number measures: money, percent, quantity or other."""
    from ..lexicon import load_lexicon
    from .library import drafting_data

    rest = rest.lstrip()
    if rest.startswith("%"):
        return "percent"
    if any(rest.startswith(unit) for unit in load_lexicon().money_units):
        return "money"
    units = [u for group in drafting_data().quantity_units.values() for u in group]
    return "quantity" if any(rest.startswith(unit) for unit in units) else "other"


def _money_variants(amounts: Iterable[Decimal]) -> list[Decimal]:
    """The same amount in 元 and 万元: a draft may write either."""
    out: list[Decimal] = []
    for amount in amounts:
        out += [amount, amount * TEN_THOUSAND, amount / TEN_THOUSAND]
    return out


def _rate_facts(budget: Decimal | None, executed: Decimal | None) -> list[Decimal]:
    if budget is None or executed is None or budget <= 0:
        return []
    rate = executed / budget * HUNDRED
    return [rate, HUNDRED - rate, budget - executed, executed - budget]


def _brief_facts(brief: ProjectBrief, rules: RuleSet) -> list[Decimal]:
    from ..scoring import funds_score
    from .quantities import extract_quantities

    counts = [q.value for q in brief.quantities]
    counts += [q.value for q in extract_quantities(brief.description)]
    spending = [line.amount for line in brief.spending]
    budget, executed = brief.full_year_budget, brief.executed
    money = [budget, *spending]
    if spending:
        spent = sum(spending, Decimal(0))
        money += [spent, budget - spent]
    if executed is not None:
        money += [executed, budget - executed, executed - budget]
        rate = executed / budget * HUNDRED
        score = funds_score(rate, rules.funds.weight, rules)
        facts = [rate, HUNDRED - rate, *([score, rules.funds.weight - score] if score is not None else [])]
    else:
        facts = []
    facts += [*counts, *_money_variants(money)]
    facts += [amount / budget * HUNDRED for amount in spending]
    facts += [m / c for m in money for c in counts if c > 0 and m > 0]
    texts = [brief.project, brief.department, brief.unit, brief.description]
    texts += [item.item for item in brief.spending]
    texts += [f"{c.about} {c.cause} {c.measure}" for c in brief.causes]
    facts += [n for text in texts for n in _numbers_in(text)]
    facts += [Decimal(len(brief.spending)), Decimal(len(counts))]
    return facts + _year_facts(brief.year)


def _year_facts(year: int | None) -> list[Decimal]:
    return [] if year is None else [Decimal(year - 1), Decimal(year), Decimal(year + 1)]


def _form_texts(form: Form) -> list[str]:
    header = form.header
    texts = [form.title, header.project, header.department, header.unit, header.leader, header.phone]
    texts += [form.goal.expected, form.goal.actual, form.other_notes, form.grade]
    texts += [form.stated_weight_total.text, form.stated_total.text]
    for row in (form.funds.total, *form.funds.sources):
        texts += [row.label, row.initial_budget.text, row.full_year_budget.text, row.executed.text]
        texts += [row.weight.text, row.rate.text, row.score.text]
    for i in form.indicators:
        texts += [i.label, i.name, i.target.display, i.actual.text, i.weight.text, i.score.text, i.deviation]
    return texts


def _indicator_facts(form: Form, rules: RuleSet) -> list[Decimal]:
    facts: list[Decimal] = []
    for indicator in form.indicators:
        target = indicator.target.parse(form.year)
        actual = parse_quantity(indicator.actual.text) if indicator.actual.text.strip() else None
        weight, score = indicator.weight.value, indicator.score.value
        if weight is not None and score is not None:
            facts.append(weight - score)
        expected = indicator_score(indicator, rules, form.year)
        if expected is not None:
            facts.append(expected)
        if target.number is None or actual is None:
            continue
        t, a = target.number, actual.number
        facts += [abs(t - a)]
        if t > 0:
            ratio = a / t * HUNDRED
            facts += [ratio, abs(ratio - HUNDRED)]
        if target.unit == "%" or actual.unit == "%":
            facts.append(abs(t - a))  # percentage points
    return facts


def _form_facts(form: Form, rules: RuleSet) -> list[Decimal]:
    facts = [n for text in _form_texts(form) for n in _numbers_in(text)]
    total = form.funds.total
    budget, executed = total.full_year_budget.value, total.executed.value
    rows = (total, *form.funds.sources)
    money = [v for r in rows for v in (r.initial_budget.value, r.full_year_budget.value, r.executed.value)]
    rate_facts = _rate_facts(budget, executed)
    facts += _money_variants([m for m in money if m is not None] + rate_facts[2:])
    facts += rate_facts[:2]
    computed = compute(form, rules)
    scores = (computed.funds_score, computed.total_score, computed.indicator_total)
    facts += [v for v in scores if v is not None]
    if computed.funds_score is not None and computed.funds_weight is not None:
        facts.append(computed.funds_weight - computed.funds_score)
    weights = [i.weight.value for i in form.indicators if i.weight.value is not None]
    facts.append(sum(weights, Decimal(0)))
    facts += _indicator_facts(form, rules)
    facts += [Decimal(0), Decimal(len(form.indicators))]
    return facts + _year_facts(form.year)


def cause_facts(causes: Iterable[DeviationCause]) -> set[Decimal]:
    """Numbers in the user's own causes and measures ("3名社工年内离职")."""
    return {n for c in causes for n in _numbers_in(f"{c.about} {c.cause} {c.measure}")}


def facts_of(subject: ProjectBrief | Form, rules: RuleSet | str | None = None) -> set[Decimal]:
    """Every number of the brief or form and the numbers derived from it (the rule set is needed
    for the scores a form's facts include)."""
    if isinstance(rules, str) or rules is None:
        name = rules or (subject.rules if isinstance(subject, ProjectBrief) else None)
        rules = load_rule_set(name) if name else load_rule_set()
    facts = _brief_facts(subject, rules) if isinstance(subject, ProjectBrief) else _form_facts(subject, rules)
    return {abs(f) for f in facts}


def _limit(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is a ceiling ("≤7天") or a time limit ("10个工作日内")."""
    if _LIMIT_BEFORE.search(text[:start]):
        return True
    rest = text[end:].lstrip()
    unit = re.match(r"(?:个)?[^\d\s，。；,;、]{0,3}?(?=内|以内|之内|前|以下)", rest)
    return unit is not None and rest[unit.end() :].startswith(_LIMIT_AFTER)


def _duration(text: str, start: int, end: int, units: Iterable[str]) -> bool:
    """A time limit the unit sets: a number with a duration unit, as a ceiling or "…内"."""
    rest = text[end:].lstrip()
    return any(rest.startswith(unit) for unit in units) and _limit(text, start, end)


def _matches(value: Decimal, places: int, ordered: list[Decimal]) -> bool:
    """True if some fact rounds (up or down) to `value` at `places` decimals."""
    step = Decimal(1).scaleb(-places)
    index = bisect_left(ordered, value)
    neighbours = ordered[max(0, index - 1) : index + 2]
    return any(abs(fact - value) < step for fact in neighbours)


def _operator_before(before: str) -> str:
    """ "<=" for a ceiling, ">=" for a floor written just before a number, else ""."""
    if _LIMIT_BEFORE.search(before):
        return "<="
    return ">=" if _FLOOR_BEFORE.search(before) else ""


def _matches_strict(value: Decimal, places: int, ordered: list[Decimal], operator: str) -> bool:
    """True if some fact rounds half up to `value` at `places` decimals, or up after ≤, down after ≥."""
    step = Decimal(1).scaleb(-places)
    index = bisect_left(ordered, value)
    for fact in ordered[max(0, index - 1) : index + 2]:
        if fact.quantize(step, rounding=ROUND_HALF_UP) == value:
            return True
        if operator == "<=" and fact.quantize(step, rounding=ROUND_CEILING) == value:
            return True
        if operator == ">=" and fact.quantize(step, rounding=ROUND_FLOOR) == value:
            return True
    return False


def _standard(text: str, end: int, value: Decimal, allowed: Mapping[str, Iterable[Decimal]]) -> bool:
    rest = text[end:].lstrip()
    return any(
        (unit == "*" or rest.startswith(unit)) and value in set(values) for unit, values in allowed.items()
    )


def _calendar_problems(text: str, ordered: list[Decimal]) -> tuple[str, list[str]]:
    """Dates out of the text (years must be facts, months and days in range) and what was wrong."""
    problems: list[str] = []
    for regex in _DATE_RES:
        for match in regex.finditer(text):
            parts = match.groupdict()
            if parts.get("y") and not _matches(Decimal(parts["y"]), 0, ordered):
                problems.append(parts["y"])
            if parts.get("m") and not 1 <= int(parts["m"]) <= 12:
                problems.append(parts["m"])
            if parts.get("d") and not 1 <= int(parts["d"]) <= 31:
                problems.append(parts["d"])
        text = regex.sub(" ", text)
    return text, problems


def strip_citations(text: str) -> str:
    """The text without standard codes and document numbers: citations, not quantities."""
    return _DOCUMENT_NUMBER_RE.sub(" ", _citation_re().sub(" ", text))


def unverified_numbers(
    text: str,
    facts: Iterable[Decimal] | Facts,
    allowed: Mapping[str, Iterable[Decimal]] | None = None,
    *,
    durations: Iterable[str] = (),
    target: bool = False,
) -> list[str]:
    """The numbers in `text` (as written) that no fact supports; `allowed` maps a unit to the
    standard target levels a target may use without a fact (data/drafting.yaml). Typed `Facts`
    match a number only with facts of its unit's kind. For a `target` (a row's name, target and
    basis) a time limit with one of `durations` is the unit's own target, and "N分" is never a fact."""
    typed = facts if isinstance(facts, Facts) else None
    ordered = sorted(typed.all() if typed else facts)
    text = _IDENTIFIER_RE.sub(" ", strip_citations(normalize(text)))
    text, problems = _calendar_problems(text, typed.pool("other") if typed else ordered)
    durations = tuple(sorted(durations, key=len, reverse=True))
    for match in _NUMBER_RE.finditer(text):
        written = match.group(1)
        value = Decimal(written.replace(",", ""))
        places = len(written.split(".", 1)[1]) if "." in written else 0
        rest = text[match.end() :].lstrip()
        if target and _POINTS_RE.match(rest):
            problems.append(written)
            continue
        if target and durations and _duration(text, match.start(), match.end(), durations):
            continue
        pool = typed.pool(_unit_kind(rest)) if typed else ordered
        if typed and typed.strict:
            if _matches_strict(value, places, pool, _operator_before(text[: match.start()])):
                continue
        elif _matches(value, places, pool):
            continue
        if allowed and _standard(text, match.end(), value, allowed):
            continue
        problems.append(written)
    return list(dict.fromkeys(problems))
