"""`jixiao learn [CODE | exercise | example [N] | progress]`: 学习 mode in the terminal."""

from __future__ import annotations

import argparse

from ..rules import DEFAULT_RULE_SET, available_rule_sets, load_rule_set
from .common import EXIT_OK, CommandError

HELP = """\
jixiao learn               列出全部规则卡片（代码和标题）
jixiao learn [card] 代码   查看一张规则卡片，如 jixiao learn card FUND-RATE
jixiao learn exercise      在终端做一轮练习（--count 题数，--seed 出题种子，--level 入门|进阶|综合）
jixiao learn example [N]   案例库讲解：问题标在所在行，与人工更正后的表逐格对照
                           （--out 文件.json|文件.docx 导出更正后的表）
jixiao learn progress      查看学习记录、得分和各问题的掌握情况（--name 某位学员；
                           --out 汇总.xlsx 导出全体学员）
jixiao learn exam --seed N --name 姓名 [--out 成绩单.docx|成绩单.md]
                           结业测试：同一种子同一份试卷，结束后给出可打印的成绩单（Word 或 Markdown）
                           （--paper 只打印试卷）"""


def register(commands: argparse._SubParsersAction) -> None:
    learn = commands.add_parser(
        "learn",
        help="学习：规则卡片、案例库讲解和练习",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    learn.add_argument("topic", nargs="?", metavar="代码|exercise|example|progress", help="学习内容")
    learn.add_argument("item", nargs="?", metavar="N", help="example 的序号（从 1 开始）")
    learn.add_argument("--count", type=int, default=None, help="exercise：本轮题数（界限与网页相同，默认 5）")
    learn.add_argument("--seed", type=int, default=None, help="exercise：出题种子（同一种子出同样的题）")
    learn.add_argument(
        "--rules", default=DEFAULT_RULE_SET, help=f"规则集（{'、'.join(available_rule_sets())}）"
    )
    learn.add_argument("--no-record", action="store_true", help="exercise：不保存本轮成绩")
    learn.add_argument(
        "--level",
        choices=("入门", "进阶", "综合"),
        default="入门",
        help="exercise：入门（单条规则，默认）、进阶（计算整张表）、综合（找出全部问题并写审核意见）",
    )
    learn.add_argument("--paper", action="store_true", help="exam：只打印试卷（发给学员），不作答")
    learn.add_argument(
        "--name",
        default=None,
        metavar="姓名",
        help="学员姓名（exercise/progress 按人记录，exam 写在成绩单上）",
    )
    learn.add_argument(
        "--out",
        default=None,
        metavar="文件",
        help="example：更正后的表（.json/.docx）；exam：成绩单（.docx/.md）；progress：学员汇总（.xlsx）",
    )
    learn.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rules = load_rule_set(args.rules)
    topic = (args.topic or "").strip()
    if topic.lower() == "exam":
        from .learn_exam import run_exam

        if args.paper and args.seed is not None:
            from .learn_exam import print_paper

            return print_paper(rules, args.seed)
        if args.seed is None or not (args.name or "").strip():
            raise CommandError("结业测试须给出 --seed（同一种子同一份试卷）和 --name（学员姓名）")
        return run_exam(rules, args.seed, args.name.strip(), args.out)
    if args.out is not None and topic.lower() not in ("example", "progress"):
        raise CommandError("--out 只用于 example 序号（更正后的表）、exam（成绩单）和 progress（学员汇总）")
    if args.out is not None and topic.lower() == "example" and args.item is None:
        raise CommandError("--out 只用于 jixiao learn example 序号 --out 文件")
    if topic.lower() == "card" and args.item is not None:
        topic, args.item = args.item, None  # jixiao learn card CODE = jixiao learn CODE
    if args.item is not None and topic.lower() != "example":
        raise CommandError(f"多余的参数“{args.item}”（只有 example 后面可以跟序号，card 后面跟代码）")
    if not topic:
        from ..learn.render import render_index

        print(render_index())
        return EXIT_OK
    if topic.lower() == "exercise":
        from ..learn.exercises import round_size
        from .learn_terminal import run_round

        size = round_size()
        count = size["default"] if args.count is None else args.count
        if not size["min"] <= count <= size["max"]:
            raise CommandError(f"--count 应在 {size['min']} 到 {size['max']} 之间")
        trainee = (args.name or "").strip()
        if args.level != "入门":
            from .learn_exam import run_level

            return run_level(args.level, args.seed, rules, record=not args.no_record, trainee=trainee)
        return run_round(rules, count=count, seed=args.seed, record=not args.no_record, trainee=trainee)
    if topic.lower() == "example":
        from .learn_terminal import show_example

        return show_example(rules, args.item, args.out)
    if topic.lower() == "progress":
        from .learn_terminal import show_progress

        return show_progress((args.name or "").strip() or None, args.out)
    from ..learn.cards import UnknownCode, build_card
    from ..learn.render import render_card

    try:
        card = build_card(topic, rules)
    except UnknownCode as exc:
        raise CommandError(exc.message) from exc
    print(render_card(card))
    return EXIT_OK
