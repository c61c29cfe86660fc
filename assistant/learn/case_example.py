"""Worked examples from the case library: the form as found beside the corrected form a trainer
wrote by hand, every changed cell with the case's reason (or the column's usual one).

A case's corrected form is what the trainer signs off, so `jixiao learn example N` shows and
exports it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from ..form import Form, canonical_level
from ..rules import RuleSet
from ..vocabulary import FUND_LABELS, INDICATOR_LABELS, LEVEL1_CANON, LEVEL2_CANON
from .cases import Case, all_cases, case_by_key
from .checking import findings_for
from .examples import INDICATOR_FIELDS, CellChange, WorkedExample, build_rows
from .specimen import cell_text, describe_path

FOOTER_KEYS = {
    "stated_weight_total": "总分/分值",
    "stated_total": "总分/得分",
    "grade": "评价等级",
    "other_notes": "其他需要说明事项",
    "goal.expected": "年度总体目标/预期目标",
    "goal.actual": "年度总体目标/实际完成情况",
}


@cache
def _default_whys() -> dict[str, str]:
    path = resources.files("assistant") / "data" / "learn" / "case_defaults.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["why_by_column"]


def path_key(path: str) -> str:
    """ "indicators.3.target" → "指标4/年度指标值" (the keys a case's `why` uses)."""
    parts = path.split(".")
    if parts[0] == "indicators":
        return f"指标{int(parts[1]) + 1}/{INDICATOR_LABELS[parts[2]]}"  # type: ignore[index]
    if parts[0] == "funds":
        return f"资金总额/{FUND_LABELS[parts[-1]]}"  # type: ignore[index]
    return FOOTER_KEYS.get(path, path)


def _paths(form: Form) -> list[str]:
    funds = [f"funds.total.{field}" for field in FUND_LABELS]
    rows = [f"indicators.{i}.{name}" for i in range(len(form.indicators)) for name in INDICATOR_FIELDS]
    return [*funds, *rows, *FOOTER_KEYS]


def _same(path: str, old: str, new: str) -> bool:
    if path.endswith(".level1"):
        return canonical_level(old, LEVEL1_CANON) == canonical_level(new, LEVEL1_CANON)
    if path.endswith(".level2"):
        return canonical_level(old, LEVEL2_CANON) == canonical_level(new, LEVEL2_CANON)
    return old.strip() == new.strip()


def case_changes(case: Case, found: Form, corrected: Form) -> list[CellChange]:
    """Every cell the trainer changed, with the case's reason or the column's usual one."""
    defaults = _default_whys()
    changes = []
    for path in _paths(found):
        old, new = cell_text(found, path), cell_text(corrected, path)
        if _same(path, old, new):
            continue
        key = path_key(path)
        column = key.split("/")[-1]
        why = case.why.get(key) or defaults.get(column, defaults["其他"])
        parts = path.split(".")
        changes.append(
            CellChange(
                path=path,
                where=describe_path(found, path) if parts[0] in ("indicators", "funds") else key,
                before=old,
                after=new,
                why=why,
                row=int(parts[1]) if parts[0] == "indicators" else None,
            )
        )
    return changes


class CaseExample(WorkedExample):
    """A worked example with the case's own words: sector, defect, explanation."""

    sector: str
    defect: str
    constructed: bool
    explanation: str


def case_example(key: str, rules: RuleSet) -> CaseExample:
    """Raises LearnError (Chinese) when the case or its form is missing."""
    case = case_by_key(key)
    found, corrected = case.found_form(), case.corrected_form()
    before, after = findings_for(found, rules), findings_for(corrected, rules)
    changes = case_changes(case, found, corrected)
    return CaseExample(
        key=case.key,
        title=case.title,
        lesson=case.defect,
        original=found,
        corrected=corrected,
        rows=build_rows(found, corrected, before, after, changes),
        changes=changes,
        findings_before=before,
        findings_after=after,
        sector=case.sector,
        defect=case.defect,
        constructed=case.constructed,
        explanation=case.explanation,
    )


def case_list() -> list[tuple[str, str]]:
    """(key, title) of every case, numbered from 1 in this order by `jixiao learn example N`."""
    return [(case.key, f"{case.title}　〔{case.sector}〕{case.defect}") for case in all_cases()]
