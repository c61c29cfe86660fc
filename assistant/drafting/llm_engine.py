"""Messages for the model: versioned Chinese templates (prompts/, shipped in the package) filled with facts.

The templates hold the instructions only; weights, category pairs, vague words, standard levels and
the single-indicator judge's words and table come from the rule set and the data files, so changing
a rule set changes the prompt. The brief or form goes in as fenced JSON marked as data. Header names
and phone numbers are removed unless the settings allow sending them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from string import Template
from typing import TYPE_CHECKING, Any

from ..bundled import bundled_dir
from ..checks.indicator_judge import judge_data
from ..findings import Finding
from ..form import Form
from ..lexicon import load_lexicon
from ..rules import RuleSet
from ..values import format_decimal
from ..vocabulary import FUND_LABELS, FundField
from .brief import DeviationCause, ProjectBrief

if TYPE_CHECKING:
    from .tasks.spec import TaskSpec

PROMPT_VERSION = "v1"  # the version of a template that has no newer file
_VERSION_FILE = re.compile(r"\.v(\d+)\.md$")
_SECTION = re.compile(r"^\[(system|user)\]\s*$", re.MULTILINE)
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)")
# The cells of the funds total a model sees, keyed by their labels on the form.
_FUNDS_SHOWN: tuple[FundField, ...] = ("full_year_budget", "executed", "weight", "rate", "score")


@dataclass(frozen=True)
class Prompt:
    name: str  # "indicators.v1": recorded in the audit log
    system: str
    user: str


def current_version(name: str) -> str:
    """The newest prompts/<name>.vN.md: older versions stay for the audit log's record."""
    numbers = [
        int(match.group(1))
        for path in bundled_dir("prompts").glob(f"{name}.v*.md")
        if (match := _VERSION_FILE.search(path.name)) and path.name == f"{name}.v{match.group(1)}.md"
    ]
    return f"v{max(numbers)}" if numbers else PROMPT_VERSION


def load_prompt(name: str, version: str | None = None) -> Prompt:
    """Read prompts/<name>.<version>.md (the newest when no version is given; shipped in the
    package, see bundled.py): an HTML comment, then [system] and/or [user] sections."""
    return _load_prompt(name, version or current_version(name))


def clear_prompt_cache() -> None:
    """Forget the templates read so far (a test that adds a template)."""
    _load_prompt.cache_clear()


@cache
def _load_prompt(name: str, version: str) -> Prompt:
    path = bundled_dir("prompts") / f"{name}.{version}.md"
    if not path.is_file():
        raise FileNotFoundError(f"找不到提示词模板 {path}（安装不完整，请重新安装 jixiao）")
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    parts = _SECTION.split(text)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    return Prompt(f"{name}.{version}", sections.get("system", ""), sections.get("user", ""))


def prompt_version(spec: TaskSpec[Any, Any]) -> str:
    return f"{spec.prompt}.{current_version(spec.prompt)}"


def _fill(template: str, values: dict[str, str]) -> str:
    return Template(template).substitute(values)


def rule_facts(rules: RuleSet, year: int | None, money_unit: str) -> dict[str, str]:
    """Everything a template may name, taken from the rule set and the data files."""
    from ..checks.category import category_words
    from .apply import draft_split
    from .library import drafting_data

    funds_weight, weights = draft_split(rules)  # a lenient rule set drafts with the default split
    indicator_total = rules.total - funds_weight
    pairs: dict[str, list[str]] = {}
    for level2, level1 in category_words().parents.items():
        if level1 in weights or level1 in rules.categories.required_level1:
            pairs.setdefault(level1, []).append(level2)
    data = drafting_data()
    standards = "；".join(
        f"{'、'.join(format_decimal(v) for v in values)}（{'任意单位' if unit == '*' else '单位 ' + unit}）"
        for unit, values in data.standard_numbers.items()
    )
    return {
        "rules_title": rules.title,
        "categories": "\n".join(f"   - {l1}：{'、'.join(l2s)}" for l1, l2s in pairs.items()),
        "funds_weight": format_decimal(funds_weight),
        "level1_weights": "，".join(f"{name} {format_decimal(w)} 分" for name, w in weights.items()),
        "indicator_total": format_decimal(indicator_total),
        "required_level1": "、".join(rules.categories.required_level1) or "无",
        "required_level2": "、".join(rules.categories.required_level2) or "无",
        "money_unit": money_unit,
        "year": str(year) if year else "当年",
        "survey": data.default_survey.text.format(
            method=data.default_survey.method, sample=data.default_survey.sample
        ),
        "standard_levels": standards,
        "deadline_units": "、".join(data.deadline_units),
        "vague_words": "、".join(dict.fromkeys(load_lexicon().vague_words)),
        "overachieved_percent": f"{format_decimal(rules.deviation.overachieved_ratio * 100)}%",
        "unspent_rate": f"{format_decimal(rules.deviation.unspent_rate_below)}%",
        **judge_facts(),
    }


def judge_facts() -> dict[str, str]:
    """The single-indicator judge's rules (data/indicator_judge.yaml) as the templates name them, so
    that a model knows before the gate what the judge rejects."""
    data = judge_data()
    return {
        "done_words": "、".join(data.hollow_words),
        "relative_words": "、".join(data.relative_words),
        "growth_words": "、".join(data.growth_words),
        "level_markers": "、".join(data.level_markers),
        "base_marker": data.base_markers[0],
        "category_kinds": "\n".join(f"   - {key}：{label}" for key, label in data.kind_labels.items()),
        "name_units": "；".join(
            f"名称含“{word}”的写 {'、'.join(units)}" for word, units in data.name_units.items()
        ),
    }


class _Redactor:
    """Drops a leader's name and phone numbers from outgoing text unless sending them is allowed."""

    def __init__(self, allowed: bool, names: list[str]) -> None:
        self.allowed = allowed
        self.names = [name for name in names if len(name) >= 2]

    def __call__(self, text: str) -> str:
        text = text.replace("```", "'''")  # a cell cannot close the data fence
        if self.allowed:
            return text
        for name in self.names:
            text = text.replace(name, "（姓名已隐去）")
        return _LANDLINE.sub("（电话已隐去）", _MOBILE.sub("（电话已隐去）", text))


def _clean(value: Any, redact: _Redactor) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Decimal):
        return format_decimal(value) if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, dict):
        return {k: _clean(v, redact) for k, v in value.items() if v not in ("", None, [])}
    if isinstance(value, list):
        return [_clean(v, redact) for v in value]
    return value


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


def brief_data(brief: ProjectBrief, allowed: bool) -> dict[str, Any]:
    from .quantities import extract_quantities

    data = brief.model_dump(exclude={"rules"} if allowed else {"rules", "leader", "phone"})
    found = [f"{q.verb}{q.source}" for q in extract_quantities(brief.description)]
    if found:
        data["description_quantities"] = found
    return _clean(data, _Redactor(allowed, [brief.leader]))


def form_data(form: Form, allowed: bool) -> dict[str, Any]:
    """The form as the model sees it: cell texts, row numbers, no computed fields."""
    header = form.header.model_dump(exclude=set() if allowed else {"leader", "phone"})
    total = form.funds.total
    data = {
        "title": form.title,
        "year": form.year,
        "money_unit": form.money_unit,
        "header": header,
        "funds": {FUND_LABELS[field]: getattr(total, field).text for field in _FUNDS_SHOWN},
        "goal": form.goal.model_dump(),
        "indicators": [
            {
                "indicator_index": index,
                "location": row.location,
                "level1": row.category1,
                "level2": row.category2,
                "name": row.name,
                "target": row.target.display,
                "actual": row.actual.text,
                "weight": row.weight.text,
                "score": row.score.text,
                "deviation": row.deviation,
            }
            for index, row in enumerate(form.indicators)
        ],
        "other_notes": form.other_notes,
        "form_explanations": form.form_explanations,
    }
    return _clean(data, _Redactor(allowed, [form.header.leader]))


def findings_data(findings: list[Finding], codes: tuple[str, ...] | None, allowed: bool, form: Form) -> str:
    """Findings as the model sees them (all of them, or those with `codes`), as fenced-data JSON."""
    rows = [
        {"indicator_index": f.indicator_index, "code": f.code, "location": f.location, "problem": f.message}
        for f in findings
        if codes is None or f.code in codes
    ]
    return _dump(_clean(rows, _Redactor(allowed, [form.header.leader]))) if rows else "[]"


def causes_data(causes: list[DeviationCause], allowed: bool, form: Form) -> str:
    """The user's own causes as JSON, or a note that there are none."""
    given = [cause.model_dump() for cause in causes]
    redact = _Redactor(allowed, [form.header.leader])
    return _dump(_clean(given, redact)) if given else "[]（用户未提供原因）"


def brief_facts(brief: ProjectBrief, rules: RuleSet, allowed: bool) -> dict[str, str]:
    """The rule facts and the brief as data: what a brief task's template may name."""
    facts = rule_facts(rules, brief.year, brief.money_unit)
    facts["data"] = _dump(brief_data(brief, allowed))
    return facts


def form_facts(form: Form, rules: RuleSet, allowed: bool) -> dict[str, str]:
    """The rule facts and the form as data: what a form task's template may name."""
    facts = rule_facts(rules, form.year, form.money_unit)
    facts["data"] = _dump(form_data(form, allowed))
    return facts


def build_messages(
    spec: TaskSpec[Any, Any],
    subject: ProjectBrief | Form,
    rules: RuleSet,
    *,
    allow_personal: bool,
    causes: list[DeviationCause] | None = None,
) -> list[dict[str, str]]:
    """The first request for a task: system (rules as facts) and user (the subject as data)."""
    prompt = load_prompt(spec.prompt)
    facts = spec.facts(subject, rules, allow_personal, list(causes or []))
    return [
        {"role": "system", "content": _fill(prompt.system, facts)},
        {"role": "user", "content": _fill(prompt.user, facts)},
    ]


def repair_messages(first: list[dict[str, str]], previous: str, problems: list[str]) -> list[dict[str, str]]:
    """The first request, the last answer, and only the current problems (never the history)."""
    prompt = load_prompt("repair")
    listed = "\n".join(f"- {problem}" for problem in problems)
    return [
        *first,
        {"role": "assistant", "content": previous},
        {"role": "user", "content": _fill(prompt.user, {"problems": listed})},
    ]


def _unwrap(schema: type[Any], data: Any) -> Any:
    """Small models answer `[...]` or {"指标": [...]} for {"indicators": [...]}: take the one list."""
    key = next(iter(schema.model_fields))
    if isinstance(data, list):
        return {key: data}
    if isinstance(data, dict) and key not in data:
        lists = [value for value in data.values() if isinstance(value, list)]
        if len(lists) == 1:
            return {key: lists[0]}
    return data


def parse_draft(spec: TaskSpec[Any, Any], data: Any, subject: ProjectBrief | Form) -> tuple[Any, list[str]]:
    """The model's JSON as the task's draft model, or the problems to send back (no draft then)."""
    from pydantic import ValidationError

    try:
        draft = spec.schema.model_validate(_unwrap(spec.schema, data))
    except ValidationError as exc:
        from .repair import schema_problems

        return None, schema_problems(exc.errors())
    if spec.tidy is not None:
        draft = spec.tidy(draft, subject)
    return draft, []
