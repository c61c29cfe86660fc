"""Judging answers with the checks and the scoring that judge real forms.

choose: the chosen codes against the row's findings; rewrite: the new target put into the form
and checked, the findings are the feedback; compute: exactly against assistant.scoring (the
rate to two decimals, "90.10%" = "90.1" = "90.10"; the score to two decimals).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pydantic import BaseModel

from ..checks.indicator_judge import written_target_findings
from ..findings import Finding, code_catalogue
from ..form import TargetCell
from ..rules import RuleSet
from ..scoring import execution_rate, funds_score
from ..values import compact, format_decimal, format_percent, is_blank, parse_number, round2
from .cards import rule_facts
from .exercises import Exercise, row_codes, row_findings, target_findings
from .feedback import card_ref, compute_slips, two_decimals, why_missed, why_not


class Judgement(BaseModel):
    correct: bool
    summary: str  # one line for the trainee
    lines: list[str]  # what was right and wrong, and why
    findings: list[Finding] = []  # the checks' own findings behind the verdict
    reference: str = ""  # a good answer (rewrite), with the indicator name it goes with
    answer: str  # the answer as text, for the progress record
    missed: list[str] = []  # codes the trainee got wrong (progress: weak spots)


def _title(code: str) -> str:
    info = code_catalogue().get(code)
    return f"[{code}] {info.title}" if info else f"[{code}]"


def judge_choose(exercise: Exercise, chosen: Iterable[str], rules: RuleSet) -> Judgement:
    assert exercise.form is not None and exercise.row is not None
    expected = row_codes(exercise.form, exercise.row, rules)
    picked = [code for code in exercise.options if code in set(chosen)]
    missed = [code for code in expected if code not in picked]
    wrong = [code for code in picked if code not in expected]
    findings = row_findings(exercise.form, exercise.row, rules)
    lines = [f"✓ 找到了 {_title(code)}" for code in expected if code in picked]
    lines += [f"✗ 漏选 {_title(code)}：{why_missed(code, findings)}{card_ref(code)}" for code in missed]
    lines += [f"✗ 多选 {_title(code)}：{why_not(code)}{card_ref(code)}" for code in wrong]
    correct = not missed and not wrong
    if correct:
        summary = "回答正确。" if expected else "回答正确：这一行没有问题。"
    else:
        summary = f"不完全正确：漏选 {len(missed)} 项，多选 {len(wrong)} 项。"
    return Judgement(
        correct=correct,
        summary=summary,
        lines=lines,
        findings=findings,
        answer="、".join(picked) or "没有问题",
        missed=missed + wrong,
    )


def _reference(exercise: Exercise) -> str:
    if not exercise.reference:
        return ""
    name = f"（指标名称：{exercise.reference_name}）" if exercise.reference_name else ""
    return exercise.reference + name


def judge_rewrite(exercise: Exercise, text: str, rules: RuleSet) -> Judgement:
    assert exercise.form is not None and exercise.row is not None
    answer = text.strip()
    if is_blank(answer):
        return Judgement(
            correct=False,
            summary="没有填写新的指标值。",
            lines=["请写出运算符 + 数字 + 单位，或明确的验收标准。"],
            reference=_reference(exercise),
            answer=answer,
        )
    form = exercise.form.model_copy(deep=True)
    row = form.indicators[exercise.row]
    original = row.target.display
    row.target = TargetCell(text=answer)
    findings = target_findings(form, exercise.row, rules)
    # the single-indicator judge: "提升10%", "达标", 人数 as 满意度 are not rewrites a reviewer accepts;
    # it judges the target for the indicator the reference names (a critique's rewrite renames the row)
    seen = {f.code for f in findings}
    named = form.model_copy(deep=True)
    named.indicators[exercise.row].name = exercise.reference_name or row.name
    judged = written_target_findings(named, exercise.row, rules)
    findings += [f for f in judged if f.code not in seen]
    lines = [f"✗ {f.message}" for f in findings]
    if compact(answer) == compact(original):
        lines.insert(0, "✗ 与原来的指标值相同，没有改写。")
    correct = not findings
    if correct:
        lines = [f"✓ 检查通过：“{answer}”可以衡量，没有发现问题。"]
    return Judgement(
        correct=correct,
        summary="改写通过检查。" if correct else f"改写后仍有 {len(findings)} 个问题。",
        lines=lines,
        findings=findings,
        reference=_reference(exercise),
        answer=answer,
        missed=sorted({f.code for f in findings}),
    )


def _read(text: str) -> Decimal | None:
    return None if is_blank(text) else parse_number(text.replace("%", "").replace("％", ""))


def judge_compute(exercise: Exercise, rate_text: str, score_text: str, rules: RuleSet) -> Judgement:
    case = exercise.funds
    assert case is not None
    budget, executed = parse_number(case.full_year_budget), parse_number(case.executed)
    weight = parse_number(case.weight) or rules.funds.weight
    rate = execution_rate(budget, executed)
    assert rate is not None, "a compute exercise always has a budget and an execution"
    score = funds_score(rate, weight, rules)
    assert score is not None
    given_rate, given_score = _read(rate_text), _read(score_text)
    rate_ok = given_rate is not None and round2(given_rate) == round2(rate)
    score_ok = given_score is not None and round2(given_score) == score
    lines = [
        f"{'✓' if rate_ok else '✗'} 执行率 = 全年执行数 {case.executed} ÷ 全年预算数 {case.full_year_budget}"
        f" × 100% = {format_percent(rate)}（你的答案：{rate_text.strip() or '空'}）",
        f"{'✓' if score_ok else '✗'} 得分：{rule_facts(rules)['funds_method']}，{format_decimal(weight)} 分"
        f" × {format_percent(min(rate, Decimal(100)))} = {two_decimals(score)}"
        f"（你的答案：{score_text.strip() or '空'}）",
    ]
    budgets = (parse_number(case.initial_budget), budget, executed)
    lines += compute_slips(given_rate, given_score, rate, score, weight, budgets)
    missed = ([] if rate_ok else ["FUND-RATE"]) + ([] if score_ok else ["FUND-SCORE"])
    return Judgement(
        correct=rate_ok and score_ok,
        summary="两项都算对了。" if rate_ok and score_ok else f"算错了 {len(missed)} 项。",
        lines=lines,
        answer=f"执行率 {rate_text.strip()}；得分 {score_text.strip()}",
        missed=missed,
    )
