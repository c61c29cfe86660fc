"""`jixiao critique FORM [--form N] [--adopt OUT [--rows N,N] [--force]]`: what is vague or
misplaced in each indicator, with checked rewrites; --adopt writes the form with the proposals
adopted (drafting/adopt.py: rows replaced in place) and prints the adopted form's check summary."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from ..formats import READABLE_TEXT
from .common import CommandError
from .gate_output import add_form_option, add_options, pick_form, run_gate


def register(commands: argparse._SubParsersAction) -> None:
    critique = commands.add_parser("critique", help="逐条点评绩效指标并给出经检查的 SMART 改写")
    critique.add_argument("path", metavar="FORM", help=f"{READABLE_TEXT} 自评表")
    add_form_option(critique)
    critique.add_argument(
        "--adopt",
        metavar="OUT",
        help="把建议采纳进表格（原位替换），写到 OUT（.docx 或 .json）；输入文件不改",
    )
    critique.add_argument(
        "--rows", metavar="N,N", help="只采纳这些指标行的建议（从 1 开始，按表中顺序）；默认全部"
    )
    critique.add_argument("--force", action="store_true", help="OUT 已存在时覆盖它")
    add_options(critique)
    critique.set_defaults(handler=run)


def _rows(text: str | None) -> set[int] | None:
    if text is None:
        return None
    try:
        return {int(part) - 1 for part in text.replace("，", ",").split(",") if part.strip()}
    except ValueError:
        raise CommandError(f"--rows {text}：应为逗号分隔的行号，如 1,3") from None


def run(args: argparse.Namespace) -> int:
    if args.rows is not None and args.adopt is None:
        raise CommandError("--rows 只用于 --adopt")
    picked = _rows(args.rows)
    form = pick_form(args.path, args.form)
    if picked and (outside := sorted(k + 1 for k in picked if not 0 <= k < len(form.indicators))):
        raise CommandError(f"--rows {outside[0]} 超出范围：表中共有 {len(form.indicators)} 个指标")
    if args.adopt is not None:
        from .convert import check_output_path

        check_output_path(Path(args.path), Path(args.adopt), args.force)
    return run_gate("critique", form, args, after=lambda result: _adopt(form, result, picked, args))


def _adopt(form: Any, result: Any, picked: set[int] | None, args: argparse.Namespace) -> None:
    """Write the adopted form and print its check summary (text output only adds lines)."""
    if args.adopt is None or result.status == "rejected" or result.draft is None:
        return
    from ..drafting.adopt import adopt_rewrites
    from ..review.form_report import check_form
    from ..rules import load_rule_set
    from .convert import render_forms, write_replacing

    draft = result.draft
    indexes = [i.indicator_index for i in draft.items if picked is None or i.indicator_index in picked]
    new = adopt_rewrites(form, draft, indexes)
    rules = load_rule_set(args.rules)
    target = Path(args.adopt)
    write_replacing(target, render_forms([new], target.suffix.lower(), None, False, rules))
    if args.format == "json":
        return
    chosen = [i for i in draft.items if i.indicator_index in indexes]
    replaced, deleted = sum(1 for i in chosen if i.rows), sum(1 for i in chosen if i.delete)
    report = check_form(new, rules)
    codes = Counter(f.code for f in report.findings)
    rows = f"指标 {len(form.indicators)} 行 → {len(new.indicators)} 行"
    print(f"已写入 {target}：采纳 {replaced} 条改写、{deleted} 条删除，{rows}")
    print(
        f"采纳后复核：{report.verdict.label}（错误 {len(report.errors)} 项，警告 {len(report.warnings)} 项）"
    )
    print("  " + ("、".join(f"{code}×{n}" for code, n in sorted(codes.items())) or "未发现问题"))
