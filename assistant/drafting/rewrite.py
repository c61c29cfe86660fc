"""SMART rewrites of a form's indicator from data/rewrite_templates.yaml (offline critique).

A rewrite keeps the row's own subject ("开展地区宜居环境建设" → "地区宜居环境建设完成率"), takes
counts and money from the row or the form, and standard levels and deadlines from the templates.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..checks.category import suggested_category
from ..form import Form, Indicator
from ..lexicon import load_lexicon
from ..values import format_decimal, normalize, one_line
from ..vocabulary import QUANTITY
from .adopt import share_weight
from .critique_data import critique_data
from .library import drafting_data, rewrite_data
from .models import DraftIndicator
from .money import MONEY_TAIL, ceil_money
from .quantities import FoundQuantity, extract_quantities

_CUT = re.compile(r"[，。；,;：:（(\n]")
_MONEY = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|千元|亿元|元)")


def _strip(text: str, words: list[str]) -> str:
    changed = True
    while changed and text:
        changed = False
        for word in words:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word) :], True
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
    return text


def subject_of(indicator: Indicator) -> str:
    """A short noun phrase for the row: its name (else its target) up to the first pause, without
    the boilerplate verbs around it ("按全年计划进行" → "全年计划"); a vague name is skipped."""
    data, vague = rewrite_data(), load_lexicon().vague_words
    for source in (indicator.name, indicator.target.display):
        text = _strip(_CUT.split(one_line(source), maxsplit=1)[0], data.subject_strip)
        text = next((text[: -len(end)] for end in data.subject_strip_end if text.endswith(end)), text)
        if len(text) < 2 or any(word in text for word in vague):
            continue
        if len(text) > data.subject_max_chars:
            text = re.split(r"[和及与、]", text, maxsplit=1)[0][: data.subject_max_chars]
        return text
    return data.subject_fallback


def _row_text(indicator: Indicator) -> str:
    return f"{one_line(indicator.name)} {one_line(indicator.target.display)}"


def _quantity_rows(
    indicator: Indicator, level1: str, level2: str, avoid: frozenset[str]
) -> list[DraftIndicator]:
    """One 数量指标 row per count the row names ("保障10个社区154名社工" → 社区 ≥10个, 社工 ≥154名)."""
    rows: list[DraftIndicator] = []
    for q in extract_quantities(_row_text(indicator))[: critique_data().max_split]:
        name = q.indicator_name
        if name in avoid or name in {r.name for r in rows}:
            name = q.named_before or ""
        if not name or name in avoid or name in {r.name for r in rows}:
            continue
        basis = f"原表所列：{q.source}"
        rows.append(
            DraftIndicator(level1=level1, level2=level2, name=name, target=q.target, weight=0, basis=basis)
        )
    return rows


def _time_row(indicator: Indicator, level1: str, level2: str) -> DraftIndicator | None:
    """A 时效 row that already names its time ("每月10日前发放"): that time is the target."""
    text = _row_text(indicator)
    when = critique_data().time_expression(normalize(text))
    if not when:
        return None
    bare = indicator.model_copy(
        update={"name": normalize(indicator.name).replace(when, ""), "target": indicator.target.model_copy(
            update={"text": normalize(indicator.target.display).replace(when, ""), "operator_text": None,
                    "unit_text": None})}
    )  # fmt: skip
    subject = subject_of(bare)
    name = subject if subject.endswith("时间") else f"{subject}时间"
    return DraftIndicator(
        level1=level1, level2=level2, name=name, target=when, weight=0, basis="原表所列时限"
    )


def form_counts(form: Form) -> list[FoundQuantity]:
    """Every count the form's own text names: rows, goal and its actual."""
    texts = [_row_text(row) for row in form.indicators] + [form.goal.expected, form.goal.actual]
    return [q for text in texts for q in extract_quantities(text) if q.noun]


def counted_row(indicator: Indicator, form: Form, level1: str, level2: str) -> DraftIndicator | None:
    """A row naming a state of something the form counts: "保证社区正常运转" → 正常运转社区数 ≥10个."""
    text = _row_text(indicator)
    for template in critique_data().counted:
        if not any(word in text for word in template.when):
            continue
        for q in form_counts(form):
            if q.noun in text and q.group == "count":
                values = {"noun": q.noun, "count": format(q.value.normalize(), "f"), "unit": q.unit}
                return DraftIndicator(
                    level1=level1,
                    level2=level2,
                    name=template.name.format(**values),
                    target=q.target,
                    weight=0,
                    basis=template.basis.format(**values),
                )
    return None


def rewrite_rows(
    form: Form, index: int, level1: str, level2: str, avoid: frozenset[str]
) -> list[DraftIndicator]:
    """The rows that replace row `index`, from its own text and the form's counts first, the
    templates last; [] when nothing measurable can be said."""
    indicator = form.indicators[index]
    rows: list[DraftIndicator] = []
    if level2 == QUANTITY:
        rows = _quantity_rows(indicator, level1, level2, avoid)
    elif "时效" in level2 and (timed := _time_row(indicator, level1, level2)):
        rows = [timed]
    elif counted := counted_row(indicator, form, level1, level2):
        rows = [counted]
    if not rows or any(r.name in avoid for r in rows):
        rewrite = rewrite_indicator(form, index, avoid, (level1, level2))
        rows = [rewrite] if rewrite is not None else []
    shares = share_weight(indicator.weight.value or Decimal(0), len(rows))
    return [r.model_copy(update={"weight": share}) for r, share in zip(rows, shares, strict=True)]


def _amount(indicator: Indicator, form: Form) -> tuple[str, str]:
    """A money amount the row names, else the form's full-year budget, as a ceiling."""
    match = _MONEY.search(normalize(f"{indicator.name} {indicator.target.display}"))
    if match:
        return ceil_money(Decimal(match.group("num"))), match.group("unit")
    budget = form.funds.total.full_year_budget.value
    return (ceil_money(budget), form.money_unit) if budget is not None else ("", form.money_unit)


def _cost_name(indicator: Indicator, form: Form, subject: str) -> str:
    if _MONEY.search(normalize(f"{indicator.name} {indicator.target.display}")):
        return subject if subject.endswith(MONEY_TAIL) else f"{subject}支出"
    return f"{form.header.project or subject}支出总额"


def _people(form: Form) -> Decimal | None:
    """The one head count the form's rows name ("154名社工"), for a per-person cost; None when
    there is none or more than one."""
    counts = {
        q.value
        for row in form.indicators
        for q in extract_quantities(f"{one_line(row.name)} {one_line(row.target.display)}")
        if q.group == "person" and q.unit not in ("人次", "户次") and q.value > 0
    }
    return counts.pop() if len(counts) == 1 else None


def _missing(text: str, values: dict[str, object]) -> bool:
    """Does the template text use a value the form does not give?"""
    return any(f"{{{key}}}" in text and value in ("", None) for key, value in values.items())


def rewrite_indicator(
    form: Form, index: int, avoid: frozenset[str] = frozenset(), category: tuple[str, str] | None = None
) -> DraftIndicator | None:
    """A SMART rewrite of row `index`, moved to the category it belongs to; None when the row
    should be deleted, or when the form lacks the fact the rewrite would need (no budget).
    A keyed template whose name is in `avoid` (another row has it) gives way to the default; when
    that too is taken, a `repeat` template (a cost per person) that the form's facts allow."""
    indicator = form.indicators[index]
    level1, level2 = category or suggested_category(indicator) or (indicator.category1, indicator.category2)
    if level2 == QUANTITY and (by_count := _quantity_rows(indicator, level1, level2, avoid)):
        return by_count[0].model_copy(update={"weight": indicator.weight.value or Decimal(0)})
    amount, money_unit = _amount(indicator, form)
    subject = subject_of(indicator)
    budget, people = form.funds.total.full_year_budget.value, _people(form)
    values: dict[str, object] = {
        "subject": subject,
        "year": form.year or "",
        "amount": amount,
        "money_unit": money_unit,
        "budget": format_decimal(form.funds.total.full_year_budget.value),
        "survey": drafting_data().default_survey.describe(),
        "cost_name": _cost_name(indicator, form, subject),
        "people": format_decimal(people) if people else "",
        "per_person": ceil_money(budget / people) if budget and people else "",
    }
    text = f"{one_line(indicator.name)} {one_line(indicator.target.display)}"
    for keyed in (True, False):
        template = rewrite_data().template_for(level2, text, keyed)
        if template is None or _missing(template.target, values):
            return None
        name = subject if "满意" in level2 and "满意" in subject else template.name.format(**values)
        if name not in avoid or not keyed:
            break
    if name in avoid:  # another row has it: a second kind of the same measure, if the form allows
        for other in rewrite_data().repeat_templates(level2, text):
            if not _missing(other.name + other.target + other.basis, values):
                template, name = other, other.name.format(**values)
                break
    return DraftIndicator(
        level1=level1,
        level2=level2,
        name=name,
        target=template.target.format(**values),
        weight=indicator.weight.value or Decimal(0),
        basis=template.basis.format(**values),
    )
