"""The 进阶 and 综合 levels: whole forms from the case library.

进阶 (advanced): compute a whole form — execution rate, funds score, each indicator's score (forward
and reverse), the total and the grade. 综合 (comprehensive): pick every problem of a form as found and
write a short 审核意见, judged by its required elements (the verdict word and the key corrected
figures), so the judgement is deterministic.

The answer keys are data (data/learn/levels.yaml) so a trainer can read them; tests hold every key
against the scoring and the checks, and fail when one disagrees.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel

from ..findings import merge_findings
from ..form import Form, NumberCell
from ..rules import RuleSet
from ..values import parse_number, round2
from ..verdict import decide
from .cases import case_by_key
from .checking import findings_for

LEVELS = ("入门", "进阶", "综合")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


class WholeKey(BaseModel):
    """The answers of a 进阶 form, as the key writes them (two decimals, the grade a word)."""

    rate: str
    funds: str
    scores: dict[int, str]  # 1-based row → score; rows not asked keep their stated score
    total: str
    grade: str


class WholeItem(BaseModel):
    case: str
    key: WholeKey


class ReviewKey(BaseModel):
    codes: list[str]  # every code the checks report on the form as found
    verdict: str
    figures: list[str]  # corrected figures an opinion must state


class ReviewItem(BaseModel):
    case: str
    key: ReviewKey


class ExamRules(BaseModel):
    points: Decimal  # per question
    pass_mark: Decimal  # a total at or above it passes


class LevelData(BaseModel):
    advanced: list[WholeItem]
    comprehensive: list[ReviewItem]
    distractors: list[str]  # codes offered besides the key in a 综合 question
    exam: ExamRules
    skills: dict[str, str]  # skill id → its title (what a 进阶/综合 part practises)


@cache
def level_data() -> LevelData:
    path = resources.files("assistant") / "data" / "learn" / "levels.yaml"
    return LevelData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def blank_form(item: WholeItem) -> Form:
    """The case's corrected form with every figure the trainee computes left blank."""
    form = case_by_key(item.case).corrected_form()
    form.funds.total.rate = NumberCell(text="")
    form.funds.total.score = NumberCell(text="")
    for row in item.key.scores:
        form.indicators[row - 1].score = NumberCell(text="")
    form.stated_total = NumberCell(text="")
    form.grade = ""
    return form


def review_form(item: ReviewItem) -> Form:
    return case_by_key(item.case).found_form()


def review_options(item: ReviewItem) -> list[str]:
    return sorted(set(item.key.codes) | set(level_data().distractors))


class Part(BaseModel):
    """One answer of a whole-form question: what was asked, the key, the answer, right or not."""

    label: str
    key: str
    answer: str
    right: bool
    skill: str = ""  # a skill id of levels.yaml (执行率, 总分, 审核结论 …), or
    code: str = ""  # the finding code a 综合 pick is about


def _same_number(answer: str, key: str) -> bool:
    a, k = parse_number(answer.replace("%", "").replace("％", "")), parse_number(key.rstrip("%"))
    return a is not None and k is not None and round2(a) == round2(k)


def judge_whole(item: WholeItem, answers: dict[str, str]) -> list[Part]:
    """answers: "rate", "funds", "row N", "total", "grade" → the trainee's text."""
    key = item.key
    asked = [("执行率", "rate", key.rate, "rate"), ("资金得分", "funds", key.funds, "funds")]
    asked += [(f"指标{row}得分", f"row {row}", score, "indicator") for row, score in key.scores.items()]
    asked += [("总分", "total", key.total, "total")]
    parts = [
        Part(
            label=label,
            key=value,
            answer=answers.get(name, ""),
            right=_same_number(answers.get(name, ""), value),
            skill=skill,
        )
        for label, name, value, skill in asked
    ]
    grade = answers.get("grade", "").strip()
    parts.append(Part(label="评价等级", key=key.grade, answer=grade, right=grade == key.grade, skill="grade"))
    return parts


def _figures_in(text: str) -> set[Decimal]:
    found = set()
    for match in NUMBER.findall(text):
        try:
            found.add(round2(Decimal(match)))
        except InvalidOperation:
            continue
    return found


def judge_review(item: ReviewItem, chosen: list[str], opinion: str) -> list[Part]:
    """The picked codes against the key, then each required element of the opinion."""
    key, picked = item.key, set(chosen)
    parts = [
        Part(
            label=f"找出 {code}",
            key=code,
            answer=code if code in picked else "",
            right=code in picked,
            code=code,
        )
        for code in key.codes
    ]
    parts += [
        Part(label=f"多选 {code}", key="", answer=code, right=False, code=code)
        for code in sorted(picked - set(key.codes))
    ]
    verdict = key.verdict in opinion
    parts.append(Part(label="审核结论", key=key.verdict, answer=opinion, right=verdict, skill="verdict"))
    figures = _figures_in(opinion)
    for figure in key.figures:
        wanted = round2(Decimal(figure.rstrip("%")))
        parts.append(
            Part(label=f"更正数字 {figure}", key=figure, answer="", right=wanted in figures, skill="figure")
        )
    return parts


def computed_whole_key(item: WholeItem, rules: RuleSet) -> WholeKey:
    """What the scoring makes of the blank form: the key a test holds the data against."""
    from ..scoring import execution_rate, funds_score, indicator_score

    form = case_by_key(item.case).corrected_form()
    total_row = form.funds.total
    rate = execution_rate(total_row.full_year_budget.value, total_row.executed.value)
    weight = total_row.weight.value if total_row.weight.value is not None else rules.funds.weight
    funds = funds_score(rate, weight, rules)
    assert rate is not None and funds is not None
    scores: dict[int, str] = {}
    total = funds
    for index, row in enumerate(form.indicators):
        if index in form.breakdown_rows():
            continue
        computed = indicator_score(row, rules, form.year)
        if computed is not None:
            scores[index + 1] = f"{computed:.2f}"
            total += computed
        else:
            total += row.score.value or Decimal(0)
    total = round2(total)
    return WholeKey(
        rate=f"{round2(rate):.2f}%",
        funds=f"{funds:.2f}",
        scores=scores,
        total=f"{total:.2f}",
        grade=rules.grade_of(total),
    )


def computed_review_key(item: ReviewItem, rules: RuleSet) -> tuple[list[str], str]:
    """The codes and the verdict the checks give the form as found."""
    form = review_form(item)
    findings = findings_for(form, rules)
    codes = sorted({f.code for f in findings})
    return codes, decide(form, merge_findings(findings), rules).label
