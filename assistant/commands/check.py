"""`jixiao check PATH... [--rules NAME] [--format text|json]`."""

from __future__ import annotations

import argparse
import json
import sys

from ..formats import READABLE_TEXT
from ..rules import DEFAULT_RULE_SET, available_rule_sets, load_rule_set
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="检查自评表的计算、评分、完整性和指标质量")
    check.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=f"{READABLE_TEXT} 文件",
    )
    check.add_argument(
        "--rules", default=DEFAULT_RULE_SET, help=f"规则集（{'、'.join(available_rule_sets())}）"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..formats import FormReadError, read_forms
    from ..review.form_report import check_form, render_text, reports_contract

    rules = load_rule_set(args.rules)
    reports, failures = [], []
    for path in args.paths:
        try:
            forms = read_forms(path)
        except FormReadError as exc:
            failures.append(str(exc))
            continue
        reports += [check_form(form, rules, path, index) for index, form in enumerate(forms)]
    for failure in failures:
        print(f"错误：{failure}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(reports_contract(reports), ensure_ascii=False, indent=2))
    elif reports:
        print("\n\n".join(render_text(report, rules) for report in reports))
    if failures:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any(r.errors for r in reports) else EXIT_OK
