"""The 结业测试: a fixed-seed paper a trainer hands out, and its printable result.

One paper = three 入门 questions (找问题, 改写, 计算), one 进阶 whole form and one 综合 review; the
same seed gives the same paper to every trainee. Each question is worth the same; a 进阶 or 综合
question earns its share of right parts. The result (Markdown here, Word in exam_docx.py) names
the trainee, the date, the seed, every question's score, the total and whether it passes. The
terminal and the app build their results with the same functions, so one seed is one paper and one
way of scoring in both.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from ..form import Form
from ..rules import RuleSet
from ..values import one_line, round2
from .exercises import Exercise, generate_round
from .judging import Judgement
from .levels import Part, ReviewItem, WholeItem, level_data

POINTS = level_data().exam.points  # per question; five questions make 100
QUESTIONS = (
    ("入门", "找问题"),
    ("入门", "改写指标值"),
    ("入门", "计算执行率和得分"),
    ("进阶", "计算整张表"),
    ("综合", "找出全部问题并写审核意见"),
)


class Paper(BaseModel):
    seed: int
    rules: str
    basics: list[Exercise]  # 入门
    whole: WholeItem  # 进阶
    review: ReviewItem  # 综合


class QuestionResult(BaseModel):
    number: int
    level: str
    title: str
    score: Decimal
    notes: list[str] = []  # what was wrong, one line each


class ExamResult(BaseModel):
    name: str
    day: str
    seed: int
    rules: str
    questions: list[QuestionResult]

    @property
    def total(self) -> Decimal:
        return round2(sum((q.score for q in self.questions), Decimal(0)))

    @property
    def full(self) -> Decimal:
        return POINTS * len(self.questions)

    @property
    def passed(self) -> bool:
        return self.total >= level_data().exam.pass_mark

    def verdict_line(self) -> str:
        mark = level_data().exam.pass_mark
        word = "合格" if self.passed else "不合格"
        return f"结论：{word}（总分 {self.total:.2f}，{mark:.0f} 分及以上为合格）"


def build_paper(seed: int, rules: RuleSet) -> Paper:
    rng = random.Random(seed)
    data = level_data()
    return Paper(
        seed=seed,
        rules=rules.name,
        basics=generate_round(rules, seed, 3),
        whole=rng.choice(data.advanced),
        review=rng.choice(data.comprehensive),
    )


def share(parts: list[Part]) -> Decimal:
    """The points a part-by-part question earns: its share of right parts."""
    if not parts:
        return Decimal(0)
    return round2(POINTS * sum(p.right for p in parts) / len(parts))


def part_notes(parts: list[Part]) -> list[str]:
    return [
        f"{p.label}：应为 {p.key}" + (f"，答 {one_line(p.answer)[:20]}" if p.answer else "，未答")
        for p in parts
        if not p.right and p.key
    ] + [f"{p.label}：这张表没有这个问题" for p in parts if not p.right and not p.key]


def basic_result(number: int, exercise: Exercise, judgement: Judgement) -> QuestionResult:
    """A 入门 question: all its points or none."""
    return QuestionResult(
        number=number,
        level="入门",
        title=exercise.title,
        score=POINTS if judgement.correct else Decimal(0),
        notes=[] if judgement.correct else [judgement.summary],
    )


def level_result(number: int, parts: list[Part]) -> QuestionResult:
    """The 进阶 (4) or 综合 (5) question: its share of right parts."""
    level, title = QUESTIONS[number - 1]
    return QuestionResult(
        number=number, level=level, title=title, score=share(parts), notes=part_notes(parts)
    )


def complete(name: str, seed: int, rules: str, results: list[QuestionResult]) -> ExamResult:
    """The result of a paper; the questions left unanswered score 0."""
    results = list(results)
    for number, (level, title) in enumerate(QUESTIONS, 1):
        if number > len(results):
            results.append(
                QuestionResult(number=number, level=level, title=title, score=Decimal(0), notes=["未答"])
            )
    return ExamResult(name=name, day=today(), seed=seed, rules=rules, questions=results)


def form_lines(form: Form, hide: set[str] = frozenset()) -> list[str]:
    """A whole form in a few lines: funds row, then every indicator row (index from 1)."""
    total = form.funds.total
    blank = "（待算）"
    rate = blank if "rate" in hide else total.rate.text or "（空）"
    score = blank if "funds" in hide else total.score.text or "（空）"
    lines = [
        f"项目：{form.header.project}（金额单位：{form.money_unit}）",
        f"资金：全年预算数 {total.full_year_budget.text}　全年执行数 {total.executed.text}"
        f"　分值 {total.weight.text}　执行率 {rate}　得分 {score}",
        "指标（序号　类别　名称｜年度指标值｜实际完成值｜分值｜得分｜偏差原因）：",
    ]
    for index, row in enumerate(form.indicators, 1):
        shown = blank if f"row {index}" in hide else row.score.text or "（空）"
        cells = [
            one_line(row.name) or one_line(row.label),
            one_line(row.target.display),
            one_line(row.actual.text),
            row.weight.text,
            shown,
            one_line(row.deviation)[:30] or "（空）",
        ]
        lines.append(f"  {index}　{row.category2}　" + "｜".join(cells))
    stated = blank if "total" in hide else form.stated_total.text or "（空）"
    lines.append(f"总分 {stated}　等级 {form.grade or '（空）'}")
    return lines


def render_result(result: ExamResult) -> str:
    """The printable result (Markdown): who, when, which paper, each question's score."""
    lines = [
        "# 绩效自评表学习 · 结业测试成绩单",
        "",
        f"- 姓名：{result.name}",
        f"- 日期：{result.day}",
        f"- 试卷：种子 {result.seed}，规则集 {result.rules}（同一种子为同一份试卷）",
        f"- 总分：**{result.total:.2f}** / {result.full:.0f}",
        f"- {result.verdict_line()}",
        "",
        "| 题号 | 级别 | 题目 | 得分 | 满分 |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {q.number} | {q.level} | {q.title} | {q.score:.2f} | {POINTS:.0f} |" for q in result.questions
    ]
    notes = [(q.number, note) for q in result.questions for note in q.notes]
    if notes:
        lines += ["", "## 失分说明", ""]
        lines += [f"- 第 {number} 题：{note}" for number, note in notes]
    lines += ["", "阅卷：答案由审核用的同一套检查和评分规则判定。", "", "培训负责人签字：__________"]
    return "\n".join(lines) + "\n"


def today() -> str:
    return date.today().isoformat()
