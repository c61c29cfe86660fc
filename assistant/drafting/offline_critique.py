"""Offline critique: each indicator's findings (the checks plus CATEGORY-MISFIT) and one proposal
per row: a SMART rewrite built from the row's own text and the form's numbers (a row naming two
counts becomes two rows), or a delete for a row that is not an indicator of its category. The
gate then checks every rewrite like a drafted indicator.
"""

from __future__ import annotations

from collections import Counter

from ..checks import run_checks
from ..checks.category import misfit_rule, suggested_category
from ..findings import Finding, code_catalogue
from ..form import Form, Indicator
from ..rules import RuleSet
from ..values import compact
from .library import rewrite_data
from .models import CritiqueDraft, CritiqueItem, DraftIndicator
from .quantities import extract_quantities
from .rewrite import counted_row, rewrite_indicator, rewrite_rows, subject_of

# Findings about the target (the rewrite answers them); the others are about what was filled in.
TARGET_CODES = ("SMART-UNMEASURABLE", "SMART-VAGUE", "SMART-NO-DEADLINE", "SMART-COST-NO-AMOUNT")


# A row without a name (its description sits in the target column) is rewritten whole.
NAME_CODES = ("INDICATOR-NAME-MISSING", "DUPLICATE-INDICATOR")


def _needs_rewrite(findings: list[Finding], moved: bool) -> bool:
    at_target = [f for f in findings if f.code in TARGET_CODES and f.place.indicator_field == "target"]
    unnamed = [f for f in findings if f.code in NAME_CODES]
    return moved or bool(at_target) or bool(unnamed)


def _why_delete(form: Form, index: int) -> str:
    """Why row `index` is no indicator of its category, "" when it is one."""
    row = form.indicators[index]
    text = compact(f"{row.name}{row.target.display}")
    broken = misfit_rule(row)
    if broken is not None and broken[0].suggested == "删除":  # the check's own judgement (CATEGORY-MISFIT)
        return broken[0].why
    moved = suggested_category(row)
    if moved is not None and moved[0] != row.category1:
        home = [k for k, other in enumerate(form.indicators) if other.category2 == moved[1] and k != index]
        if home:
            return f"内容属于“{moved[1]}”，{form.indicators[home[0]].location}已有此类指标，本行与其重复"
    vague = subject_of(row) == rewrite_data().subject_fallback and not extract_quantities(text)
    vague = vague and counted_row(row, form, row.category1, row.category2) is None
    if vague and "满意" not in row.category2:
        return "只有工作表述，没有可计量的对象，不是绩效指标"
    return ""


def _comment(findings: list[Finding], rows: list[DraftIndicator], delete: str, moved: bool) -> str:
    titles = list(dict.fromkeys(code_catalogue()[f.code].title for f in findings))
    text = "问题：" + ("；".join(titles) or "不是本类指标") + "。"
    if delete:
        text += f"建议删除本指标：{delete}；其分值并入同一级指标的其他行。"
    elif rows:
        where = f"移至“{rows[0].level1}/{rows[0].level2}”，" if moved else ""
        named = "、".join(f"“{r.name}”（指标值“{r.target}”）" for r in rows)
        split = f"拆为{len(rows)}条指标：" if len(rows) > 1 else "改写为"
        text += f"建议{where}{split}{named}。"
    if not delete and any(f.place.indicator_field == "actual" for f in findings):
        text += "实际完成值应填写实际测量结果，并注明数据来源。"
    return text


def _category(row: Indicator) -> tuple[str, str]:
    """Where the rewrite goes: the suggested category inside the row's own first level (moving
    across 产出/效益/满意度 would move its weight), else its own."""
    moved = suggested_category(row)
    if moved is not None and moved[0] == row.category1:
        return moved
    return row.category1, row.category2


def draft_critique(form: Form, rules: RuleSet) -> CritiqueDraft:
    """One item per indicator that has a finding (or is to be deleted), in the order of the form."""
    by_row: dict[int, list[Finding]] = {}
    for finding in run_checks(form, rules):
        if finding.indicator_index is not None:
            by_row.setdefault(finding.indicator_index, []).append(finding)
    deletes = {k: why for k in range(len(form.indicators)) if (why := _why_delete(form, k))}
    left = Counter(row.category1 for row in form.indicators)
    for index in list(deletes):  # a first-level category always keeps a row to hold its weight
        level1 = form.indicators[index].category1
        if left[level1] <= 1:
            del deletes[index]
        else:
            left[level1] -= 1
    items: list[CritiqueItem] = []
    touched = set(by_row) | set(deletes)
    # a rewrite never takes the name of a row that stays, nor of another rewrite
    used = {row.name for k, row in enumerate(form.indicators) if row.name and k not in touched}
    for index in sorted(touched):
        findings = by_row.get(index, [])
        indicator = form.indicators[index]
        level1, level2 = _category(indicator)
        moved = (level1, level2) != (indicator.category1, indicator.category2)
        rows: list[DraftIndicator] = []
        if index not in deletes and _needs_rewrite(findings, moved):
            rows = rewrite_rows(form, index, level1, level2, frozenset(used))
            if any(r.name in used for r in rows):
                rows = []
            used |= {r.name for r in rows}
        items.append(
            CritiqueItem(
                indicator_index=index,
                location=indicator.location,
                problems=[f"{code_catalogue()[f.code].title}：{f.message}" for f in findings],
                comment=_comment(findings, rows, deletes.get(index, ""), moved),
                rewrite=rows[0] if rows else None,
                extra_rows=rows[1:],
                delete=index in deletes,
            )
        )
    return CritiqueDraft(items=items)


def in_place(form: Form, draft: CritiqueDraft) -> CritiqueDraft:
    """The draft for a view that compares the form cell by cell (the worked examples), where a
    row can neither disappear nor split: a delete becomes the template rewrite of the row, a
    split keeps its first row. Adoption proper uses the draft as it is (drafting/adopt.py)."""
    used = {row.name for row in form.indicators if row.name} | {
        i.rewrite.name for i in draft.items if i.rewrite
    }
    items = []
    for item in draft.items:
        if item.delete and 0 <= item.indicator_index < len(form.indicators):
            rewrite = rewrite_indicator(form, item.indicator_index, frozenset(used))
            used |= {rewrite.name} if rewrite else set()
            item = item.model_copy(update={"delete": False, "rewrite": rewrite})
        items.append(item.model_copy(update={"extra_rows": []}))
    return CritiqueDraft(items=items)
