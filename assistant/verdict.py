"""The reviewer's verdict on one checked form: 退回, 修改后通过 or 通过 (docs/rules.md §7).

The rule is data in the rule set (`verdict`), applied to the merged findings (one per place), so
every output — text, JSON, the review workbook and the app — shows the same verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .findings import Finding
from .form import Form
from .rules import RuleSet

VerdictKind = Literal["returned", "revise", "passed"]


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    label: str  # the Chinese verdict, from the rule set
    reason: str  # why, in one Chinese clause
    unmeasurable: int  # indicator rows with an unmeasurable code
    indicators: int  # indicator rows of the form
    form_type: str = ""  # 绩效自评表, or 绩效目标申报表 when nothing is evaluated yet (the label says so)
    target_setting: bool = False


def _codes(finding: Finding) -> tuple[str, ...]:
    return (finding.code, *finding.tags)


def _names_survey(finding: Finding, form: Form, words: Iterable[str]) -> bool:
    """The finding's row, or the form's notes, name how satisfaction was surveyed."""
    texts = [form.other_notes]
    row = finding.place.row
    if row is not None and row < len(form.indicators):
        i = form.indicators[row]
        texts += [i.name, i.target.display, i.actual.text, i.deviation]
    return any(word in text for text in texts for word in words)


def is_advisory(finding: Finding, form: Form, rules: RuleSet) -> bool:
    """A warning that asks for no revision: every code of the merged finding is advisory."""
    v = rules.verdict
    for code in _codes(finding):
        if code in v.advisory:
            continue
        if code in v.advisory_with_survey and _names_survey(finding, form, v.survey_words):
            continue
        return False
    return True


def decide(form: Form, findings: list[Finding], rules: RuleSet) -> Verdict:
    """The verdict for merged findings: the first rule that applies of 退回, 修改后通过, 通过."""
    v = rules.verdict
    rows = {
        f.place.row
        for f in findings
        if f.place.row is not None and any(code in v.unmeasurable_codes for code in _codes(f))
    }
    count, total = len(rows), len(form.indicators)

    target_setting = form.is_target_setting
    form_type = v.target_setting_form if target_setting else v.evaluation_form

    def verdict(kind: VerdictKind, reason: str) -> Verdict:
        label = {"returned": v.returned, "revise": v.revise, "passed": v.passed}[kind]
        if target_setting:  # a verdict on targets only: never read as a passed self-evaluation
            label = f"{label}（{form_type}）"
        return Verdict(kind, label, reason, count, total, form_type, target_setting)

    errors = [f for f in findings if f.severity == "error"]
    if errors:
        return verdict("returned", f"有 {len(errors)} 项错误")
    if returning := [f for f in findings if set(_codes(f)) & set(v.return_codes)]:
        return verdict("returned", f"{returning[0].location}：{returning[0].message}")
    if total and count >= v.unmeasurable_share * total:
        return verdict("returned", f"{total} 个指标中有 {count} 个不可衡量")
    revise = [f for f in findings if f.severity == "warning" and not is_advisory(f, form, rules)]
    if revise:
        return verdict("revise", f"有 {len(revise)} 项须修改的警告")
    if findings:
        return verdict("passed", f"只有 {len(findings)} 项提示性警告")
    return verdict("passed", "未发现问题")
