"""Offline critique: each indicator's findings (the checks plus CATEGORY-MISFIT) and a SMART
rewrite from the templates. The gate then checks every rewrite like a drafted indicator.
"""

from __future__ import annotations

from ..checks import run_checks
from ..checks.category import suggested_category
from ..findings import Finding, code_catalogue
from ..form import Form
from ..rules import RuleSet
from .models import CritiqueDraft, CritiqueItem, DraftIndicator
from .rewrite import rewrite_indicator

# Findings about the target (the rewrite answers them); the others are about what was filled in.
TARGET_CODES = ("SMART-UNMEASURABLE", "SMART-VAGUE", "SMART-NO-DEADLINE", "SMART-COST-NO-AMOUNT")


# A row without a name (its description sits in the target column) is rewritten whole.
NAME_CODES = ("INDICATOR-NAME-MISSING",)


def _needs_rewrite(findings: list[Finding], moved: bool) -> bool:
    at_target = [f for f in findings if f.code in TARGET_CODES and f.place.indicator_field == "target"]
    unnamed = [f for f in findings if f.code in NAME_CODES]
    return moved or bool(at_target) or bool(unnamed)


def _comment(findings: list[Finding], rewrite: DraftIndicator | None, moved: bool) -> str:
    titles = list(dict.fromkeys(code_catalogue()[f.code].title for f in findings))
    text = "问题：" + "；".join(titles) + "。"
    if rewrite is not None:
        where = f"移至“{rewrite.level1}/{rewrite.level2}”，" if moved else ""
        basis = f"（{rewrite.basis}）" if rewrite.basis else ""
        text += f"建议{where}改写为“{rewrite.name}”，指标值“{rewrite.target}”{basis}。"
    elif any("建议删除" in f.message for f in findings):
        text += "建议删除本指标。"
    if any(f.place.indicator_field == "actual" for f in findings):
        text += "实际完成值应填写实际测量结果，并注明数据来源。"
    return text


def draft_critique(form: Form, rules: RuleSet) -> CritiqueDraft:
    """One item per indicator that has a finding, in the order of the form."""
    by_row: dict[int, list[Finding]] = {}
    for finding in run_checks(form, rules):
        if finding.indicator_index is not None:
            by_row.setdefault(finding.indicator_index, []).append(finding)
    items: list[CritiqueItem] = []
    used = {i.name for i in form.indicators if i.name}
    for index in sorted(by_row):
        findings = by_row[index]
        indicator = form.indicators[index]
        moved = suggested_category(indicator) is not None
        rewrite = None
        if _needs_rewrite(findings, moved):
            rewrite = rewrite_indicator(form, index, frozenset(used - {indicator.name}))
            used |= {rewrite.name} if rewrite else set()
        items.append(
            CritiqueItem(
                indicator_index=index,
                location=indicator.location,
                problems=[f"{code_catalogue()[f.code].title}：{f.message}" for f in findings],
                comment=_comment(findings, rewrite, moved),
                rewrite=rewrite,
            )
        )
    return CritiqueDraft(items=items)
