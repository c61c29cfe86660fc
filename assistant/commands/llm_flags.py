"""The model-service options of `jixiao draft` and `jixiao critique`, derived from the declared
settings (assistant/llm/settings.py): every setting with a `flag` gets one, the key never does
(a command line is visible to other users and stays in the shell history)."""

from __future__ import annotations

import argparse
from typing import Any

from ..llm.settings import setting_fields

PREFIX = "llm_"  # argparse destinations: llm_model, llm_timeout_s, …


def add_llm_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("模型服务（仅用于 --engine llm；优先于环境变量和配置文件）")
    for field in setting_fields():
        flag = field.setting.flag
        if flag is None or field.kind == "secret":
            continue
        options: dict[str, Any] = {"dest": PREFIX + field.name, "default": None}
        options["help"] = f"{field.setting.label}（即 {field.setting.env[0]}）"
        if field.kind == "bool":
            options["action"] = argparse.BooleanOptionalAction
        else:  # a string, validated with the settings: a bad value gets the same Chinese message
            options["metavar"] = "N" if field.kind in ("int", "float") else field.name.upper()
        group.add_argument(flag, **options)


def llm_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given on the command line, by setting name."""
    given = {field.name: getattr(args, PREFIX + field.name, None) for field in setting_fields()}
    return {name: value for name, value in given.items() if value is not None}


def given_flags(args: argparse.Namespace) -> list[str]:
    """The model-service options used, as typed (for "only with --engine llm")."""
    given = llm_overrides(args)
    return [field.setting.flag or field.name for field in setting_fields() if field.name in given]
