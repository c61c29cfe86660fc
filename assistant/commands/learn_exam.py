"""`jixiao learn exam --seed N --name 姓名 [--out 成绩.md]`: the 结业测试 in the terminal.

Answers come from input() like an exercise round, so a script can drive it; the end of input ends
the paper with the questions left unanswered scored 0. The result is printed and, with --out,
written as Markdown (never over an existing file).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from ..learn.exam import (
    POINTS,
    ExamResult,
    Paper,
    QuestionResult,
    build_paper,
    form_lines,
    part_notes,
    render_result,
    share,
    today,
)
from ..learn.levels import (
    ReviewItem,
    WholeItem,
    blank_form,
    judge_review,
    judge_whole,
    level_data,
    review_form,
    review_options,
)
from ..learn.render_exercise import render_exercise, render_judgement
from ..rules import RuleSet
from .common import EXIT_OK, CommandError
from .learn_terminal import _answer, _ask, _Quit, parse_choice

QUESTIONS = (
    ("入门", "找问题"),
    ("入门", "改写指标值"),
    ("入门", "计算执行率和得分"),
    ("进阶", "计算整张表"),
    ("综合", "找出全部问题并写审核意见"),
)


def _basic(paper: Paper, rules: RuleSet, results: list[QuestionResult]) -> None:
    for exercise in paper.basics:
        number = len(results) + 1
        print()
        print(render_exercise(exercise, number, 5))
        judgement = _answer(exercise, rules)
        print(render_judgement(judgement))
        notes = [] if judgement.correct else [judgement.summary]
        score = POINTS if judgement.correct else Decimal(0)
        results.append(
            QuestionResult(number=number, level="入门", title=exercise.title, score=score, notes=notes)
        )


def _whole(paper: Paper, results: list[QuestionResult]) -> None:
    _ask_whole(paper.whole, results, "第 4/5 题")


def _ask_whole(item: WholeItem, results: list[QuestionResult], heading: str) -> None:
    asked = {"rate", "funds", "total", *(f"row {row}" for row in item.key.scores)}
    print()
    print(f"{heading}　进阶：计算整张表（执行率、资金得分、各指标得分、总分、等级；保留两位小数）")
    print("\n".join(form_lines(blank_form(item), asked)))
    answers = {"rate": _ask("执行率（如 90.10%）："), "funds": _ask("资金得分：")}
    for row in item.key.scores:
        answers[f"row {row}"] = _ask(f"第 {row} 个指标的得分：")
    answers["total"] = _ask("总分：")
    answers["grade"] = _ask("评价等级（优/良/中/差）：")
    parts = judge_whole(item, answers)
    notes = part_notes(parts)
    print("\n".join(f"  [错] {note}" for note in notes) or "  [对] 全部算对了。")
    results.append(
        QuestionResult(number=4, level="进阶", title="计算整张表", score=share(parts), notes=notes)
    )


def _review(paper: Paper, results: list[QuestionResult]) -> None:
    _ask_review(paper.review, results, "第 5/5 题")


def _ask_review(item: ReviewItem, results: list[QuestionResult], heading: str) -> None:
    options = review_options(item)
    print()
    print(f"{heading}　综合：找出这张表的全部问题，并写一段审核意见（写明审核结论和更正后的关键数字）")
    print("\n".join(form_lines(review_form(item))))
    print("\n".join(f"  {n}. {code}" for n, code in enumerate(options, 1)))
    while (chosen := parse_choice(_ask("全部问题（编号，用空格分隔）："), options)) is None:
        print(f"无法识别。请输入 1 到 {len(options)} 之间的编号。")
    opinion = _ask("审核意见（一段话）：")
    parts = judge_review(item, chosen, opinion)
    notes = part_notes(parts)
    print("\n".join(f"  [错] {note}" for note in notes) or "  [对] 全部找出，意见要素齐全。")
    results.append(
        QuestionResult(
            number=5, level="综合", title="找出全部问题并写审核意见", score=share(parts), notes=notes
        )
    )


def run_exam(rules: RuleSet, seed: int, name: str, out: str | None) -> int:
    target = Path(out) if out else None
    if target is not None and (target.suffix.lower() != ".md" or target.exists()):
        raise CommandError(f"{target}：成绩单须为尚不存在的 .md 文件（不覆盖已有文件）")
    paper = build_paper(seed, rules)
    print(f"结业测试：{name}，种子 {seed}，规则集 {rules.name}；共 5 题，每题 20 分（输入 q 结束）")
    results: list[QuestionResult] = []
    try:
        _basic(paper, rules, results)
        _whole(paper, results)
        _review(paper, results)
    except _Quit:
        print("测试提前结束，未答的题记 0 分。")
    for number, (level, title) in enumerate(QUESTIONS, 1):
        if number > len(results):
            results.append(
                QuestionResult(number=number, level=level, title=title, score=Decimal(0), notes=["未答"])
            )
    result = ExamResult(name=name, day=today(), seed=seed, rules=rules.name, questions=results)
    text = render_result(result)
    print()
    print(text)
    if target is not None:
        try:
            with target.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise CommandError(f"{target}：无法写入成绩单（{exc.strerror or exc}）") from exc
        print(f"成绩单已保存：{target}", file=sys.stderr)
    return EXIT_OK


def run_level(level: str, seed: int | None) -> int:
    """`jixiao learn exercise --level 进阶|综合`: every whole-form question of the level, in an
    order the seed fixes, each scored by its right parts (not recorded: the exam is the record)."""
    import random
    import secrets

    seed = secrets.randbelow(1_000_000) if seed is None else seed
    data = level_data()
    items: list = list(data.advanced if level == "进阶" else data.comprehensive)
    random.Random(seed).shuffle(items)
    print(f"学习 · {level}练习：共 {len(items)} 题（种子 {seed}；输入 q 结束）")
    results: list[QuestionResult] = []
    try:
        for number, item in enumerate(items, 1):
            heading = f"第 {number}/{len(items)} 题"
            if isinstance(item, WholeItem):
                _ask_whole(item, results, heading)
            else:
                _ask_review(item, results, heading)
    except _Quit:
        print("本轮提前结束。")
    got = sum((r.score for r in results), Decimal(0))
    print(f"本轮得分：{got:.2f} / {POINTS * len(items):.0f}（已答 {len(results)} 题）")
    return EXIT_OK


def print_paper(rules: RuleSet, seed: int) -> int:
    """`jixiao learn exam --seed N --paper`: the questions alone, for a trainer to print and hand out."""
    paper = build_paper(seed, rules)
    print(f"绩效自评表学习 · 结业测试（种子 {seed}，规则集 {rules.name}；共 5 题，每题 20 分）")
    print("姓名：__________　日期：__________")
    for number, exercise in enumerate(paper.basics, 1):
        print()
        print(render_exercise(exercise, number, 5))
    asked = {"rate", "funds", "total", *(f"row {row}" for row in paper.whole.key.scores)}
    print()
    print("第 4/5 题　进阶：计算整张表中标为“（待算）”的各项（保留两位小数）和评价等级")
    print("\n".join(form_lines(blank_form(paper.whole), asked)))
    print()
    print("第 5/5 题　综合：找出这张表的全部问题（写出问题代码），并写一段审核意见（结论和更正后的关键数字）")
    print("\n".join(form_lines(review_form(paper.review))))
    print("  可选的问题代码：" + "、".join(review_options(paper.review)))
    return EXIT_OK
