"""Exercise rounds generated from the teaching forms and the indicator library.

Three kinds: "choose" (这个指标有什么问题？ — pick the codes), "rewrite" (write a measurable
target), "compute" (execution rate and funds score). A round is a pure function of
(rules, seed, count): random.Random(seed) makes every pick, so a round can be replayed.
Answers are judged in judging.py by the same checks and scoring that judge real forms.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from ..findings import Finding, code_catalogue
from ..form import Form
from ..rules import RuleSet
from ..values import format_decimal
from .checking import findings_for
from .library_rows import apply_defect, bad_targets, exercise_data, library_rows, place, target_of
from .sources import LearnError, RealForm, available_real_forms

Kind = Literal["choose", "rewrite", "compute"]


class FundsCase(BaseModel):
    """The 年度资金总额 row a compute exercise shows (texts as a form would write them)."""

    initial_budget: str
    full_year_budget: str
    executed: str
    weight: str
    money_unit: str = "万元"


class Exercise(BaseModel):
    id: str
    kind: Kind
    source: str  # where the row or figures come from, in Chinese
    form: Form | None = None  # choose / rewrite: the whole form the row sits in
    row: int | None = None
    options: list[str] = []  # choose: the codes offered
    reference: str = ""  # rewrite: a target that passes the checks (shown after answering)
    reference_name: str = ""  # rewrite: the indicator name that goes with the reference
    funds: FundsCase | None = None  # compute

    @property
    def title(self) -> str:
        return exercise_data()["titles"][self.kind]

    @property
    def instruction(self) -> str:
        return exercise_data()["instructions"][self.kind]


def round_size() -> dict[str, int]:
    """How many exercises a round may have: one limit for the command line and the app."""
    return {key: int(value) for key, value in exercise_data()["round_size"].items()}


def row_findings(form: Form, row: int, rules: RuleSet) -> list[Finding]:
    """What the checks say about one indicator row of a form (the answer to a choose exercise)."""
    return [f for f in findings_for(form, rules) if f.indicator_index == row]


def row_codes(form: Form, row: int, rules: RuleSet) -> list[str]:
    """The row's codes in catalogue order, limited to the codes a choose exercise can offer."""
    offered = set(exercise_data()["row_codes"])
    found = {f.code for f in row_findings(form, row, rules)}
    return [code for code in code_catalogue() if code in found and code in offered]


def target_findings(form: Form, row: int, rules: RuleSet) -> list[Finding]:
    """The findings about a row's target cell: what a rewrite must clear. (The actual was written
    against the old target, so a unit clash with it is not the rewrite's fault.)"""
    codes = set(exercise_data()["target_codes"])
    return [
        f for f in row_findings(form, row, rules) if f.code in codes and f.place.indicator_field == "target"
    ]


def _options(answer: list[str], rng: random.Random) -> list[str]:
    pool = [code for code in exercise_data()["row_codes"] if code not in answer]
    wanted = max(int(exercise_data()["options"]), len(answer) + 2)
    chosen = set(answer) | set(rng.sample(pool, min(len(pool), wanted - len(answer))))
    return [code for code in code_catalogue() if code in chosen]


# --- sources ------------------------------------------------------------------------------------


def case_forms(known: set[str]) -> list[RealForm]:
    """The case library's forms as found (those not already among the teaching forms)."""
    from .cases import all_cases

    forms: list[RealForm] = []
    try:
        cases = all_cases()
    except LearnError:
        return forms  # a damaged case file: the other exercises go on
    for case in cases:
        if case.key in known:
            continue
        try:
            form = case.found_form()
        except LearnError:
            continue
        prefix = CONSTRUCTED if case.constructed else ""
        forms.append(RealForm(key=case.key, title=prefix + case.title, lesson=case.defect, form=form))
    return forms


CONSTRUCTED = "案例库（按常见错误编写）："


def _source(real: RealForm) -> str:
    return real.title if real.title.startswith(CONSTRUCTED) else f"真实示例表：{real.title}"


def _row_answers(real: RealForm, rules: RuleSet) -> dict[int, list[str]]:
    """Every row's choose answer, from one run of the checks over the form."""
    offered = set(exercise_data()["row_codes"])
    found: dict[int, set[str]] = {}
    for finding in findings_for(real.form, rules):
        if finding.indicator_index is not None and finding.code in offered:
            found.setdefault(finding.indicator_index, set()).add(finding.code)
    return {row: [c for c in code_catalogue() if c in codes] for row, codes in found.items()}


def _choose_focus(code: str, rng: random.Random, rules: RuleSet, reals: list[RealForm]) -> Exercise | None:
    """A 找问题 question on a row that has `code` (a code the trainee missed before)."""
    candidates = [
        (real, row, answer)
        for real in reals
        for row, answer in sorted(_row_answers(real, rules).items())
        if code in answer
    ]
    if not candidates:
        return None
    real, row, answer = rng.choice(candidates)
    return Exercise(
        id=f"choose/{real.key}/{row}",
        kind="choose",
        source=_source(real) + f"（复习：{code}）",
        form=real.form,
        row=row,
        options=_options(answer, rng),
    )


# --- choose -------------------------------------------------------------------------------------


def _choose_real(real: RealForm, rng: random.Random, rules: RuleSet) -> Exercise:
    row = rng.randrange(len(real.form.indicators))
    answer = row_codes(real.form, row, rules)
    return Exercise(
        id=f"choose/{real.key}/{row}",
        kind="choose",
        source=_source(real),
        form=real.form,
        row=row,
        options=_options(answer, rng),
    )


def _choose_library(rng: random.Random, rules: RuleSet) -> Exercise:
    rows = library_rows()
    defects = list(exercise_data()["defects"])
    while True:
        number = rng.randrange(len(rows))
        defect = rng.choice(defects)
        pick = rng.randrange(100)
        form, row = place(rows[number])
        if apply_defect(form, row, defect, pick, rules):
            break
    answer = row_codes(form, row, rules)
    return Exercise(
        id=f"choose/library/{number}/{defect}/{pick}",
        kind="choose",
        source=f"指标库：{rows[number].type_title}（放在一张样板表中）",
        form=form,
        row=row,
        options=_options(answer, rng),
    )


# --- rewrite ------------------------------------------------------------------------------------


def _rewrite_real(reals: list[RealForm], rng: random.Random, rules: RuleSet) -> Exercise | None:
    candidates = [(real, row) for real in reals for row in _target_rows(real, rules)]
    if not candidates:
        return None
    real, row = rng.choice(candidates)
    return Exercise(
        id=f"rewrite/{real.key}/{row}",
        kind="rewrite",
        source=_source(real),
        form=real.form,
        row=row,
        **(_case_rewrite(real.key, row) or _offline_rewrite(real.form, row, rules)),
    )


_TARGET_ROWS: dict[tuple[str, str], list[int]] = {}


def _target_rows(real: RealForm, rules: RuleSet) -> list[int]:
    """Rows whose target a rewrite must fix: one run of the checks per teaching form and rule set
    (the forms are data and do not change while the program runs)."""
    key = (real.key, rules.name)
    if key not in _TARGET_ROWS:
        codes = set(exercise_data()["target_codes"])
        rows = {
            f.place.row
            for f in findings_for(real.form, rules)
            if f.code in codes and f.place.indicator_field == "target" and f.place.row is not None
        }
        _TARGET_ROWS[key] = sorted(rows)
    return _TARGET_ROWS[key]


def _case_rewrite(key: str, row: int) -> dict[str, str]:
    """A case's own corrected row, written by hand, as the reference answer."""
    from .cases import all_cases

    case = next((c for c in all_cases() if c.key == key), None)
    if case is None:
        return {}
    fixed = case.corrected_form().indicators[row]
    return {"reference": fixed.target.display, "reference_name": fixed.name}


def _offline_rewrite(form: Form, row: int, rules: RuleSet) -> dict[str, str]:
    """The drafting engine's own rewrite of the row, as the reference answer."""
    from ..drafting.models import CritiqueDraft
    from ..drafting.offline_critique import in_place
    from ..drafting.tasks import draft_offline

    draft = draft_offline("critique", form, rules)
    if isinstance(draft, CritiqueDraft):
        for item in in_place(form, draft).items:
            if item.indicator_index == row and item.rewrite is not None:
                return {"reference": item.rewrite.target, "reference_name": item.rewrite.name}
    return {}


def _rewrite_library(rng: random.Random, rules: RuleSet) -> Exercise:
    rows = [row for row in library_rows() if bad_targets(row.level2)]
    while True:
        number = rng.randrange(len(rows))
        choices = bad_targets(rows[number].level2)
        pick = rng.randrange(len(choices))
        form, row = place(rows[number], target=choices[pick])
        if target_findings(form, row, rules):
            break
    library_target = target_of(rows[number], form)
    return Exercise(
        id=f"rewrite/library/{number}/{pick}",
        kind="rewrite",
        source=f"指标库：{rows[number].type_title}（指标值换成了常见的不可衡量写法）",
        form=form,
        row=row,
        reference=library_target,
        reference_name=rows[number].item.name,
    )


# --- compute ------------------------------------------------------------------------------------


def _compute_real(real: RealForm, rules: RuleSet) -> Exercise:
    total = real.form.funds.total
    weight = total.weight.text.strip() or format_decimal(rules.funds.weight)
    return Exercise(
        id=f"compute/{real.key}",
        kind="compute",
        source=_source(real),
        funds=FundsCase(
            initial_budget=total.initial_budget.text.strip(),
            full_year_budget=total.full_year_budget.text.strip(),
            executed=total.executed.text.strip(),
            weight=weight,
            money_unit=real.form.money_unit or "万元",
        ),
    )


def _compute_generated(rng: random.Random, rules: RuleSet) -> Exercise:
    spec = exercise_data()["compute"]
    low, high = spec["budget"]
    budget = Decimal(rng.randint(low * 10000, high * 10000)) / 10000
    permille = rng.randint(*spec["rate_permille"])
    executed = (budget * permille / 1000 + Decimal(rng.randint(0, 99)) / 10000).quantize(Decimal("0.0001"))
    initial = (budget * Decimal(rng.choice(spec["initial_share"]))).quantize(Decimal("0.0001"))
    return Exercise(
        id=f"compute/generated/{budget}/{executed}/{initial}",
        kind="compute",
        source="随机生成的资金数",
        funds=FundsCase(
            initial_budget=format_decimal(initial),
            full_year_budget=format_decimal(budget),
            executed=format_decimal(executed),
            weight=format_decimal(rules.funds.weight),
        ),
    )


# --- a round ------------------------------------------------------------------------------------


def generate(kind: Kind, rng: random.Random, rules: RuleSet, reals: list[RealForm]) -> Exercise:
    use_real = bool(reals) and rng.random() < float(exercise_data()["real_share"])
    if kind == "choose":
        return _choose_real(rng.choice(reals), rng, rules) if use_real else _choose_library(rng, rules)
    if kind == "rewrite":
        found = _rewrite_real(reals, rng, rules) if use_real else None
        return found or _rewrite_library(rng, rules)
    return _compute_real(rng.choice(reals), rules) if use_real else _compute_generated(rng, rules)


def generate_round(
    rules: RuleSet,
    seed: int,
    count: int = 5,
    kinds: tuple[Kind, ...] | None = None,
    focus: list[str] | None = None,
) -> list[Exercise]:
    """`count` exercises, cycling through the kinds; the same seed (and focus) gives the same round.
    `focus`: codes the trainee missed before; each comes back as a 找问题 question on a row that has it."""
    rng = random.Random(seed)
    order = kinds or tuple(exercise_data()["kinds"])
    reals = available_real_forms()
    reals += case_forms({real.key for real in reals})
    pending = list(focus or [])
    round_: list[Exercise] = []
    seen: set[str] = set()
    attempts = 0
    while len(round_) < count:
        kind = order[len(round_) % len(order)]
        review = _choose_focus(pending.pop(0), rng, rules, reals) if kind == "choose" and pending else None
        exercise = review or generate(kind, rng, rules, reals)
        attempts += 1
        if exercise.id in seen and attempts < count * 20:
            continue  # the pools are large; a repeat is drawn again
        seen.add(exercise.id)
        round_.append(exercise)
    return round_
