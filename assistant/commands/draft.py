"""`jixiao draft indicators BRIEF` and `jixiao draft deviations FORM [--form N]`, gated by the checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import CommandError
from .gate_output import add_form_option, add_options, pick_form, run_gate


def register(commands: argparse._SubParsersAction) -> None:
    draft = commands.add_parser("draft", help="起草绩效指标或偏差原因说明（草稿须通过全部检查）")
    tasks = draft.add_subparsers(dest="task", required=True, parser_class=type(draft))
    indicators = tasks.add_parser("indicators", help="根据项目简报（YAML/JSON）起草完整的绩效指标")
    indicators.add_argument("brief", metavar="BRIEF", help="项目简报文件（.yaml / .yml / .json）")
    add_options(indicators)
    indicators.set_defaults(handler=run_indicators)
    deviations = tasks.add_parser("deviations", help="为已填写的自评表起草偏差原因分析及改进措施")
    deviations.add_argument("path", metavar="FORM", help=".docx / .doc / .wps / .pdf / .json / .txt 自评表")
    add_form_option(deviations)
    deviations.add_argument(
        "--causes",
        metavar="FILE",
        help="偏差原因文件（YAML/JSON）：项目简报，或只含 causes 列表（about、cause、measure）",
    )
    add_options(deviations)
    deviations.set_defaults(handler=run_deviations)


def run_indicators(args: argparse.Namespace) -> int:
    from ..drafting.brief import BriefError, load_brief

    try:
        brief = load_brief(args.brief)
    except BriefError as exc:
        raise CommandError(str(exc)) from exc
    return run_gate("indicators", brief, args)


def run_deviations(args: argparse.Namespace) -> int:
    form = pick_form(args.path, args.form)
    causes = load_causes(args.causes) if args.causes else []
    return run_gate("deviations", form, args, causes=causes)


def load_causes(path: str) -> list:
    """The user's deviation causes from a brief or a causes-only file; CommandError if unusable."""
    from pydantic import TypeAdapter, ValidationError

    from ..drafting.brief import BriefError, DeviationCause, brief_from_data, load_brief

    try:
        brief = load_brief(path)
    except BriefError as exc:
        data = _plain(path)
        if isinstance(data, dict) and set(data) == {"causes"}:
            data = data["causes"]
        if not isinstance(data, list):
            raise CommandError(str(exc)) from exc
        try:
            return TypeAdapter(list[DeviationCause]).validate_python(data)
        except ValidationError:
            try:
                brief_from_data({"causes": data})
            except BriefError as detail:
                raise CommandError(f"偏差原因文件 {path} 有误：{detail}") from detail
            raise CommandError(f"偏差原因文件 {path} 有误") from None
    return brief.causes


def _plain(path: str) -> object:
    import json

    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        return json.loads(text) if path.lower().endswith(".json") else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError):
        return None
