"""Reading and writing the model-service settings declared in settings.py.

Values come from command-line flags first, then the environment (JIXIAO_LLM_*, then the OpenAI
SDK's OPENAI_* names), then a TOML file ($JIXIAO_CONFIG or ~/.config/jixiao/config.toml) that the
设置 page writes, readable by its owner only. Empty values are unset. Errors are SettingsError,
in Chinese, naming the setting and its environment variable.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError

from ..paths import config_path
from .errors import SettingsError, remember_secret
from .settings import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_TOKENS,
    DEFAULT_TIMEOUT_S,
    LLMSettings,
    SettingField,
    is_loopback,
    setting_fields,
)

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_TOKENS",
    "DEFAULT_TIMEOUT_S",
    "LLMSettings",
    "SettingsError",
    "env_overrides",
    "file_settings",
    "form_values",
    "is_loopback",
    "load_settings",
    "raw_settings",
    "save_settings",
    "settings_from",
]

CONFIG_SECTION = "llm"

_TRUE = {"1", "true", "yes", "on", "是"}
_FALSE = {"0", "false", "no", "off", "否"}


def _unset(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def file_settings(path: Path | None = None) -> dict[str, Any]:
    """The [llm] section of the config file as written ({} without a file); unknown keys refused."""
    path = path or config_path()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"无法读取配置文件 {path}：{exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"配置文件 {path} 格式错误（TOML）：{exc}") from None
    section = data.get(CONFIG_SECTION, {})
    if not isinstance(section, dict):
        raise SettingsError(f"配置文件 {path} 中 [{CONFIG_SECTION}] 应为一节设置")
    unknown = sorted(set(section) - {field.name for field in setting_fields()})
    if unknown:
        raise SettingsError(f"配置文件 {path} 中有不认识的设置：{'、'.join(unknown)}")
    remember_secret(str(section.get("api_key") or ""))
    return dict(section)


def env_overrides(env: Mapping[str, str] | None = None) -> list[str]:
    """The environment variables that are set and so win over the file."""
    env = os.environ if env is None else env
    return [name for field in setting_fields() for name in field.setting.env if env.get(name, "").strip()]


def raw_settings(
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The merged values before validation: flags over environment over file; empty means unset."""
    env = os.environ if env is None else env
    values = file_settings(path or config_path(env))
    for field in setting_fields():
        for name in field.setting.env:
            if env.get(name, "").strip():
                values[field.name] = env[name].strip()
                break
    values.update({name: value for name, value in (overrides or {}).items() if not _unset(value)})
    remember_secret(str(values.get("api_key") or ""))
    return values


def load_settings(
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> LLMSettings:
    """Settings for `--engine llm`; SettingsError (Chinese) when the server or model is not set."""
    values = raw_settings(env, path, overrides)
    missing = [f.label for f in setting_fields() if f.required and _unset(values.get(f.name))]
    if missing:
        raise SettingsError(
            "未配置模型服务：缺少 "
            + "、".join(missing)
            + "。请设置环境变量或在“设置”页填写（不用模型时用 --engine offline）"
        )
    return settings_from(values)


def _bool(field: SettingField, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{field.label}：应为 true 或 false，而不是“{value}”")


def _problem(error: Any) -> str:
    """A pydantic error in Chinese."""
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    messages = {
        "missing": "未填写",
        "string_too_short": "不能为空",
        "greater_than": f"应大于 {context.get('gt')}",
        "greater_than_equal": f"应不小于 {context.get('ge')}",
        "less_than_equal": f"应不大于 {context.get('le')}",
        "int_parsing": "应为整数",
        "int_from_float": "应为整数",
        "int_type": "应为整数",
        "float_parsing": "应为数字",
        "float_type": "应为数字",
    }
    return messages.get(kind) or str(error.get("msg", "")).removeprefix("Value error, ")


def settings_from(values: Mapping[str, Any]) -> LLMSettings:
    """Validate a mapping of settings (from flags/env/file or the 设置 page) into LLMSettings."""
    cleaned: dict[str, Any] = {}
    for field in setting_fields():
        value = values.get(field.name)
        if _unset(value):
            if field.required:
                cleaned[field.name] = ""  # reported as "不能为空", naming the setting
            continue
        cleaned[field.name] = _bool(field, value) if field.kind == "bool" else value
    cleaned.update({k: v for k, v in values.items() if k not in cleaned and not _unset(v)})
    try:
        return LLMSettings.model_validate(cleaned)
    except ValidationError as exc:
        labels = {field.name: field.label for field in setting_fields()}
        problems = []
        for error in exc.errors()[:4]:
            name = str(error["loc"][0]) if error["loc"] else ""
            problems.append(f"{labels.get(name, name)}：{_problem(error)}")
        raise SettingsError("模型服务设置有误：" + "；".join(problems)) from None


def form_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting as its type for a form: the given value where usable, else its default."""
    shown: dict[str, Any] = {}
    for field in setting_fields():
        value = values.get(field.name)
        try:
            shown[field.name] = _typed(field, value)
        except (TypeError, ValueError):
            shown[field.name] = _typed(field, None)
    if _unset(values.get("send_personal_data")):  # as the model decides it: by the host
        shown["send_personal_data"] = is_loopback(str(values.get("base_url") or ""))
    return shown


def _typed(field: SettingField, value: Any) -> Any:
    if field.kind == "secret":
        return ""  # never shown back
    if _unset(value):
        value = field.default
    if field.kind == "bool":
        return _bool(field, value) if value is not None else False
    if field.kind in ("int", "float"):
        number = (int if field.kind == "int" else float)(value)
        low = field.minimum if field.minimum is not None else number
        high = field.high if field.high is not None else number
        return type(number)(min(max(number, low), high))
    return "" if value is None else str(value)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def save_settings(settings: LLMSettings, path: Path | None = None) -> Path:
    """Write the [llm] section to the config file, readable by the owner only (mode 0600), atomically."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# jixiao 模型服务设置（由“设置”页写入；本文件只有本人可读）", f"[{CONFIG_SECTION}]"]
    for field in setting_fields():
        value = getattr(settings, field.name)
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        lines.append(f"{field.name} = {_toml_value(value)}")
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return path
