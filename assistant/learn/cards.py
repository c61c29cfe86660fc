"""Rule cards: one per finding code — what it means, why it matters, how it is computed, where
the rule comes from (findings.source_of, shown in plain words: 文件规定 / 各地通行做法 / 待核实 /
本工具规则, never the confidence mark itself) and a bad and a good example that the real checks
are run on, so the card shows the very findings a reviewer would get.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..findings import Finding, code_catalogue, source_of
from ..form import Form
from ..lexicon import load_lexicon
from ..rules import RuleSet
from ..values import format_decimal, format_percent
from ..vocabulary import INDICATOR_LABELS, SECTION_LABELS
from .checking import CheckKind, DraftTask, category_findings, draft_findings, judge_findings, run_checks
from .specimen import Patch, apply_patch, cell_text, data_text, describe_path, describe_row, specimen_form


class UnknownCode(KeyError):
    """A code with no card; `message` is the Chinese reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.message = f"没有代码为“{code}”的规则卡片。用 jixiao learn 查看全部代码。"


class ExampleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    note: str
    set: Patch = Field(default_factory=dict)
    draft: dict[str, Any] | None = None  # for check "draft": what the engine proposed
    also: list[str] = Field(default_factory=list)  # codes the same edit unavoidably raises


class MoreSpec(ExampleSpec):
    """A further example that shows where the rule's line runs (a score written to one decimal, an
    actual equal in number to its target, an explanation in the notes box): `raises` says whether
    the card's code is reported for it."""

    raises: bool


class CardSpec(BaseModel):
    """A card as written in data/learn/cards.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    meaning: str
    why: str
    computed: str
    check: CheckKind = "checks"
    task: DraftTask | None = None  # for check "draft": which drafting task the example is
    setup: Patch = Field(default_factory=dict)
    bad: ExampleSpec
    good: ExampleSpec
    more: list[MoreSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _draft_examples(self) -> CardSpec:
        drafted = self.check == "draft"
        if drafted != (self.task is not None) or any(
            drafted != (e.draft is not None) for e in (self.bad, self.good, *self.more)
        ):
            raise ValueError("check: draft needs a task and a draft in both examples, and only then")
        return self


class CellShown(BaseModel):
    where: str
    text: str


class Example(BaseModel):
    """A worked bad or good example: the cells that matter and what the checks say about them."""

    note: str
    context: list[CellShown]  # cells shared by both examples
    cells: list[CellShown]  # the cells this example changes
    findings: list[Finding]  # findings of the card's code (what the trainee should learn)
    other_findings: list[Finding]  # anything else the checks report on this example
    raises: bool | None = None  # a further example: whether the card's code is reported


class CardSource(BaseModel):
    """Where a rule comes from, in plain words."""

    kind: str  # 文件规定 / 各地通行做法 / 待核实 / 本工具规则
    text: str  # the citation, without the confidence mark


_MARK = re.compile(r"\s*\[([^\[\]]+)\]\s*$")
_DOCUMENT_SIGNS = ("〔", "《")


def plain_source(raw: str) -> CardSource:
    """A source of codes.yaml or of a rule set ("… [confirmed]") as a card shows it. A confirmed rule
    is 文件规定 only when it names the document; confirmed from published forms or a vendor's
    system, it is 各地通行做法. Without a mark it is 待核实."""
    kinds: dict[str, str] = _card_file()["source_kinds"]
    match = _MARK.search(raw)
    mark = match.group(1).strip() if match else ""
    key = next((k for k in kinds if mark.startswith(k)), "recalled")
    text = _MARK.sub("", raw).strip()
    if key == "confirmed" and not any(sign in text for sign in _DOCUMENT_SIGNS):
        key = "common"
    return CardSource(kind=kinds[key], text=text)


def card_section(code: str) -> str:
    """表格检查 or 起草工具 (the DRAFT-* codes judge drafts, not forms)."""
    sections: dict[str, str] = _card_file()["sections"]
    return sections["drafting"] if code.startswith("DRAFT-") else sections["checks"]


class RuleCard(BaseModel):
    code: str
    title: str
    severity: str
    meaning: str
    why: str
    computed: str
    source: str  # the citation in plain words, without a confidence mark
    source_kind: str  # 文件规定 / 各地通行做法 / 待核实 / 本工具规则
    section: str  # 表格检查 / 起草工具
    bad: Example
    good: Example
    more: list[Example] = []
    rules_title: str = ""

    @property
    def applies(self) -> bool:
        """False when the selected rule set does not count the bad example as a problem
        (the lenient `local` set does not fix the first-level weights, for instance)."""
        return bool(self.bad.findings)


@cache
def _card_file() -> dict[str, Any]:
    return yaml.safe_load(data_text("cards.yaml"))


@cache
def card_specs() -> dict[str, CardSpec]:
    return {code: CardSpec.model_validate(spec) for code, spec in _card_file()["cards"].items()}


def card_codes() -> list[str]:
    """Every code of the catalogue, in the catalogue's order (FUND-*, WEIGHT-*, …)."""
    return list(code_catalogue())


def normalize_code(code: str) -> str:
    wanted = code.strip().upper().replace("_", "-")
    if wanted not in code_catalogue() or wanted not in card_specs():
        raise UnknownCode(code.strip())
    return wanted


def rule_facts(rules: RuleSet) -> dict[str, str]:
    """The numbers and word lists a card's text quotes, from the rule set and the lexicon."""
    lexicon = load_lexicon()
    weights = [f"预算执行率 {format_decimal(rules.funds.weight)}"]
    weights += [f"{name} {format_decimal(w)}" for name, w in rules.categories.weights.items()]
    methods = {
        "proportional": "按比例，封顶 100%",
        "floor": "按比例后向下取整",
        "bands": "按执行率分档："
        + "、".join(f"≥{format_decimal(m)}% 得 {format_percent(s * 100)}" for m, s in rules.funds.bands),
    }
    reverse = {
        "linear_to_double": "线性递减，实际达到目标 2 倍时为 0 分",
        "ratio": "目标 ÷ 实际 × 分值",
    }
    return {
        "total": format_decimal(rules.total),
        "funds_weight": format_decimal(rules.funds.weight),
        "funds_method": methods[rules.funds.score_method],
        "tolerance": format_decimal(rules.scoring.tolerance),
        "reverse_method": reverse[rules.scoring.reverse_method],
        "weights": "、".join(weights),
        "grades": "、".join(f"{b.grade} ≥{format_decimal(b.min)}" for b in rules.grades),
        "overachieved": format_percent(rules.deviation.overachieved_ratio * 100),
        "unspent_below": format_percent(rules.deviation.unspent_rate_below),
        "required_level1": "、".join(rules.categories.required_level1) or "（无）",
        "required_level2": "、".join(rules.categories.required_level2) or "（无）",
        "vague_words": "、".join(lexicon.vague_words[:12]),
        "standard_words": "、".join(lexicon.standard_words[:6]),
        "empty_explanations": "、".join(lexicon.empty_explanations[:6]),
        "funds_words": "、".join(lexicon.funds_explanation_words[:5]),
        "template_words": "、".join(lexicon.template_words[:6]),
        "money_units": "、".join(lexicon.money_units),
        "goal_filler_words": "、".join(lexicon.goal_filler_words[:8]),
    }


def example_spec(code: str, which: str) -> ExampleSpec:
    """The bad, the good or a further ("more.N") example of a card."""
    spec = card_specs()[code]
    if which.startswith("more."):
        return spec.more[int(which.removeprefix("more."))]
    return getattr(spec, which)


def example_form(code: str, which: str) -> Form:
    """The specimen with the card's setup and the bad or good cells applied."""
    spec = card_specs()[code]
    example = example_spec(code, which)
    return apply_patch(specimen_form(), {**spec.setup, **example.set})


def example_findings(code: str, which: str, rules: RuleSet) -> list[Finding]:
    """What the real checks report on the card's example: on the form, or for a draft, what the
    drafting gate reports about that draft (the form itself is the card's starting point)."""
    spec = card_specs()[code]
    form = example_form(code, which)
    example = example_spec(code, which)
    if spec.check == "draft" and spec.task is not None and example.draft is not None:
        return draft_findings(spec.task, example.draft, form, rules)
    if spec.check == "judge":
        return judge_findings(form, rules)
    findings = run_checks(form, rules)
    if spec.check == "category":  # the checks include it; a finding is shown once
        findings += [f for f in category_findings(form, rules) if f not in findings]
    return findings


def _shown(form: Form, patch: Patch) -> list[CellShown]:
    return [CellShown(where=describe_path(form, path), text=cell_text(form, path)) for path in patch]


def _draft_shown(form: Form, draft: dict[str, Any]) -> list[CellShown]:
    """A draft's items in the words of the form: where each text would go."""
    cells = []
    for item in draft.get("items", []):
        index = item.get("indicator_index")
        # A critique item rewrites its row; a deviation item fills the row's explanation.
        column = "改写" if "rewrite" in item else INDICATOR_LABELS["deviation"]
        if index is None:
            where = f"草稿/{SECTION_LABELS['notes']}"
        elif 0 <= index < len(form.indicators):
            where = f"草稿/{describe_row(form, index)}/{column}"
        else:
            where = f"草稿/第 {index + 1} 个指标（表中没有）"
        if "rewrite" in item:
            rewrite = item["rewrite"] or {}
            text = f"{rewrite.get('level2', '')}　{rewrite.get('name', '')}　{rewrite.get('target', '')}"
        else:
            text = item.get("text", "")
        cells.append(CellShown(where=where, text=text))
    return cells


def _example(code: str, which: str, rules: RuleSet) -> Example:
    spec = card_specs()[code]
    example = example_spec(code, which)
    form = example_form(code, which)
    findings = example_findings(code, which, rules)
    cells = _shown(form, example.set)
    if example.draft is not None:
        cells += _draft_shown(form, example.draft)
    return Example(
        note=example.note,
        context=_shown(form, spec.setup),
        cells=cells,
        findings=[f for f in findings if f.code == code],
        other_findings=[f for f in findings if f.code != code],
        raises=example.raises if isinstance(example, MoreSpec) else None,
    )


def build_card(code: str, rules: RuleSet) -> RuleCard:
    """The full card for a code under a rule set; raises UnknownCode."""
    code = normalize_code(code)
    spec, info, facts = card_specs()[code], code_catalogue()[code], rule_facts(rules)
    source = plain_source(source_of(code, rules))
    return RuleCard(
        code=code,
        title=info.title,
        severity=info.severity,
        meaning=spec.meaning.format(**facts),
        why=spec.why.format(**facts),
        computed=spec.computed.format(**facts),
        source=source.text,
        source_kind=source.kind,
        section=card_section(code),
        bad=_example(code, "bad", rules),
        good=_example(code, "good", rules),
        more=[_example(code, f"more.{n}", rules) for n in range(len(spec.more))],
        rules_title=rules.title,
    )


def card_index() -> list[tuple[str, str, str]]:
    """(code, severity, title) for every card, for a list."""
    catalogue = code_catalogue()
    return [(code, catalogue[code].severity, catalogue[code].title) for code in card_codes()]


def card_sections() -> list[tuple[str, list[str]]]:
    """The cards by section: the form checks first, then the drafting tools (DRAFT-*)."""
    sections: dict[str, list[str]] = {}
    for code in card_codes():
        sections.setdefault(card_section(code), []).append(code)
    return list(sections.items())
