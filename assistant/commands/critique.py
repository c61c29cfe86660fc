"""`jixiao critique FORM [--form N]`: what is vague or misplaced in each indicator, with checked rewrites."""

from __future__ import annotations

import argparse

from .gate_output import add_form_option, add_options, pick_form, run_gate


def register(commands: argparse._SubParsersAction) -> None:
    critique = commands.add_parser("critique", help="逐条点评绩效指标并给出经检查的 SMART 改写")
    critique.add_argument("path", metavar="FORM", help=".docx / .doc / .wps / .pdf / .json / .txt 自评表")
    add_form_option(critique)
    add_options(critique)
    critique.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return run_gate("critique", pick_form(args.path, args.form), args)
