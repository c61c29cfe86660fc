"""Where the model server is and what may be sent to it.

Settings come from the environment first (JIXIAO_LLM_*, then the OpenAI SDK's own OPENAI_* names),
then from a TOML file ($JIXIAO_CONFIG or ~/.config/jixiao/config.toml) that the 设置 page writes.
The API key is a SecretStr: it never appears in repr, logs, JSON output or the audit log.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from ..paths import config_path
from .errors import SettingsError, remember_secret

CONFIG_SECTION = "llm"
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_TOKENS = 4096


def is_loopback(base_url: str) -> bool:
    """True for servers on this machine (localhost, 127.0.0.0/8, ::1): data never leaves it."""
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LLMSettings(BaseModel):
    """One OpenAI-compatible endpoint. `send_personal_data=None` means "decide by the host"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(min_length=1)
    model: str = Field(min_length=1)
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=DEFAULT_TIMEOUT_S, gt=0, le=3600)
    max_retries: int = Field(default=DEFAULT_MAX_RETRIES, ge=0, le=10)
    max_tokens: int = Field(default=DEFAULT_MAX_TOKENS, ge=64, le=65536)
    send_personal_data: bool = False
    # False for chat templates without a system role (Gemma in llama-cpp-python drops it silently):
    # the instructions then go at the top of the first user message.
    system_role: bool = True

    @model_validator(mode="before")
    @classmethod
    def _personal_default(cls, data: Any) -> Any:
        """Unset → True only for a loopback server: names and phones stay on this machine."""
        if isinstance(data, dict) and data.get("send_personal_data") in (None, ""):
            data = {**data, "send_personal_data": is_loopback(str(data.get("base_url", "")))}
        return data

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("服务地址应以 http:// 或 https:// 开头，例如 https://api.deepseek.com/v1")
        return value

    def model_post_init(self, context: Any) -> None:
        if self.api_key is not None:
            remember_secret(self.api_key.get_secret_value())

    @property
    def loopback(self) -> bool:
        return is_loopback(self.base_url)

    @property
    def cache_key(self) -> str:
        return f"{self.base_url}|{self.model}"

    def key_text(self) -> str:
        """The key for the SDK only; local servers accept any placeholder."""
        return self.api_key.get_secret_value() if self.api_key else "none"

    def public(self) -> dict[str, Any]:
        """What may be shown or logged: everything but the key, which is only said to be set."""
        return {
            "base_url": self.base_url,
            "model": self.model,
            "api_key": "已设置" if self.api_key else "未设置",
            "timeout_s": self.timeout_s,
            "max_retries": self.max_retries,
            "max_tokens": self.max_tokens,
            "send_personal_data": self.send_personal_data,
            "system_role": self.system_role,
        }


_ENV_NAMES = {
    "base_url": ("JIXIAO_LLM_BASE_URL", "OPENAI_BASE_URL"),
    "model": ("JIXIAO_LLM_MODEL",),
    "api_key": ("JIXIAO_LLM_API_KEY", "OPENAI_API_KEY"),
    "timeout_s": ("JIXIAO_LLM_TIMEOUT",),
    "max_retries": ("JIXIAO_LLM_MAX_RETRIES",),
    "max_tokens": ("JIXIAO_LLM_MAX_TOKENS",),
    "send_personal_data": ("JIXIAO_LLM_SEND_PERSONAL_DATA",),
    "system_role": ("JIXIAO_LLM_SYSTEM_ROLE",),
}
_LABELS = {
    "base_url": "服务地址（JIXIAO_LLM_BASE_URL / base_url）",
    "model": "模型名称（JIXIAO_LLM_MODEL / model）",
    "api_key": "API 密钥（JIXIAO_LLM_API_KEY / api_key）",
    "timeout_s": "超时秒数（JIXIAO_LLM_TIMEOUT / timeout_s）",
    "max_retries": "重试次数（JIXIAO_LLM_MAX_RETRIES / max_retries）",
    "max_tokens": "最大输出长度（JIXIAO_LLM_MAX_TOKENS / max_tokens）",
    "send_personal_data": "发送负责人姓名和电话（JIXIAO_LLM_SEND_PERSONAL_DATA / send_personal_data）",
    "system_role": "使用 system 角色（JIXIAO_LLM_SYSTEM_ROLE / system_role）",
}
_TRUE = {"1", "true", "yes", "on", "是"}
_FALSE = {"0", "false", "no", "off", "否"}


def _read_file(path: Path) -> dict[str, Any]:
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
    unknown = sorted(set(section) - set(_ENV_NAMES))
    if unknown:
        raise SettingsError(f"配置文件 {path} 中有不认识的设置：{'、'.join(unknown)}")
    return dict(section)


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{_LABELS[name]} 应为 true 或 false，而不是“{value}”")


def raw_settings(env: Mapping[str, str] | None = None, path: Path | None = None) -> dict[str, Any]:
    """The merged values before validation: environment over file; empty variables are unset."""
    env = os.environ if env is None else env
    values = _read_file(path or config_path(env))
    for field, names in _ENV_NAMES.items():
        for name in names:
            if env.get(name, "").strip():
                values[field] = env[name].strip()
                break
    remember_secret(str(values.get("api_key") or ""))
    return values


def load_settings(env: Mapping[str, str] | None = None, path: Path | None = None) -> LLMSettings:
    """Settings for `--engine llm`; SettingsError (Chinese) when the server or model is not set."""
    values = raw_settings(env, path)
    missing = [_LABELS[f] for f in ("base_url", "model") if not str(values.get(f, "")).strip()]
    if missing:
        raise SettingsError(
            "未配置模型服务：缺少 "
            + "、".join(missing)
            + "。请设置环境变量或在“设置”页填写（不用模型时用 --engine offline）"
        )
    return settings_from(values)


def settings_from(values: Mapping[str, Any]) -> LLMSettings:
    """Validate a mapping of settings (from env/file or the 设置 page) into LLMSettings."""
    values = dict(values)
    for name in ("send_personal_data", "system_role"):
        if values.get(name) not in (None, ""):
            values[name] = _bool(name, values[name])
        else:
            values.pop(name, None)
    if not values.get("api_key"):
        values.pop("api_key", None)
    try:
        return LLMSettings.model_validate(values)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:4]:
            field = str(error["loc"][0]) if error["loc"] else ""
            message = str(error.get("msg", "")).removeprefix("Value error, ")
            problems.append(f"{_LABELS.get(field, field)}：{message}")
        raise SettingsError("模型服务设置有误：" + "；".join(problems)) from None


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def save_settings(settings: LLMSettings, path: Path | None = None) -> Path:
    """Write the [llm] section to the config file, readable by the owner only (mode 0600)."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fields: dict[str, Any] = {
        "base_url": settings.base_url,
        "model": settings.model,
        "timeout_s": settings.timeout_s,
        "max_retries": settings.max_retries,
        "max_tokens": settings.max_tokens,
        "send_personal_data": settings.send_personal_data,
        "system_role": settings.system_role,
    }
    if settings.api_key is not None:
        fields["api_key"] = settings.api_key.get_secret_value()
    lines = ["# jixiao 模型服务设置（由“设置”页写入；本文件只有本人可读）", f"[{CONFIG_SECTION}]"]
    lines += [f"{name} = {_toml_value(value)}" for name, value in fields.items()]
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return path
