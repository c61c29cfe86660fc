"""`jixiao indicator 二级指标 名称 指标值 [--actual A] [--budget B] [--unit 万元] [--format json]`:
one indicator judged as the drafting gate and the exercises judge it. Exit 0 accepted, 1 rejected
(like `jixiao check` with errors), 2 bad arguments."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal

from ..rules import DEFAULT_RULE_SET, available_rule_sets, load_rule_set
from .common import EXIT_FINDINGS, EXIT_OK, CommandError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("indicator", help="判断一个绩效指标的指标值是否可以衡量、是否与类别相称")
    parser.add_argument("level2", metavar="二级指标", help="如 数量指标、时效指标、服务对象满意度指标")
    parser.add_argument("name", metavar="名称", help="三级指标名称，如 保障社区工作者人数")
    parser.add_argument("target", metavar="指标值", help="年度指标值，如 ≥154人")
    parser.add_argument("--actual", help="实际完成值（可选）")
    parser.add_argument("--budget", help="全年预算数（可选；成本指标不得超过它）")
    parser.add_argument("--unit", default="万元", choices=("万元", "元"), help="预算的金额单位")
    parser.add_argument("--level1", help="一级指标（可选；默认按二级指标推出）")
    parser.add_argument(
        "--rules", default=DEFAULT_RULE_SET, help=f"规则集（{'、'.join(available_rule_sets())}）"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    parser.set_defaults(handler=run)


def _budget(text: str | None) -> Decimal | None:
    from ..values import parse_number

    if text is None:
        return None
    number = parse_number(text)
    if number is None or number < 0:
        raise CommandError(f"--budget 填写为“{text}”，不是有效的金额")
    return number


def run(args: argparse.Namespace) -> int:
    from ..checks.indicator_judge import judge_indicator, known_level2
    from ..vocabulary import LEVEL2_CANON

    if not known_level2(args.level2):
        raise CommandError(f"二级指标“{args.level2}”不是标准指标类别（可用：{'、'.join(LEVEL2_CANON)}）")
    judgement = judge_indicator(
        args.level2,
        args.name,
        args.target,
        actual=args.actual,
        budget=_budget(args.budget),
        unit=args.unit,
        level1=args.level1,
        rules=load_rule_set(args.rules),
    )
    if args.format == "json":
        print(json.dumps(judgement.model_dump(), ensure_ascii=False, indent=2))
    else:
        head = f"{args.level2}　{args.name}　{args.target}"
        if judgement.accepted:
            print(f"{head}\n结论：通过。指标值可以衡量，与类别相称。")
        else:
            lines = [f"  [{f.code}] {f.reason}" for f in judgement.findings]
            print("\n".join([head, f"结论：不通过（{len(lines)} 个问题）", *lines]))
    return EXIT_OK if judgement.accepted else EXIT_FINDINGS
