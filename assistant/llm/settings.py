"""The model-service settings, every one declared once, here.

Each field of LLMSettings carries a `Setting`: its Chinese label, environment variables, help text
and command-line flag. Reading the environment and the TOML file, writing the file (config.py),
`public()`, error messages, the 设置 page's widgets and the `jixiao draft/critique` flags all come
from these declarations through `setting_fields()`: adding a setting is adding one field here.

The API key is a SecretStr: it never appears in repr, logs or JSON output, and once a settings
object holds it, it is scrubbed from every message (errors.scrub).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic.fields import FieldInfo

from .errors import remember_secret

__all__ = ["LLMSettings", "Setting", "SettingField", "is_loopback", "setting_field", "setting_fields"]

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_TOKENS = 4096

Kind = Literal["text", "secret", "bool", "int", "float"]


@dataclass(frozen=True)
class Setting:
    """How one setting is known outside the model."""

    label: str  # Chinese name: the 设置 page's widget and every error message
    env: tuple[str, ...]  # environment variables, the first one set wins
    help: str = ""  # the widget's help, also the command-line flag's
    placeholder: str = ""
    step: float | None = None  # number widgets
    flag: str | None = None  # option of `jixiao draft/critique`; None: none (never for the key)


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
    """One OpenAI-compatible endpoint. `send_personal_data` unset means "decide by the host"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: Annotated[
        str,
        Field(min_length=1),
        Setting(
            "服务地址",
            ("JIXIAO_LLM_BASE_URL", "OPENAI_BASE_URL"),
            help="例如 https://api.deepseek.com/v1 ，本机 Ollama 为 http://127.0.0.1:11434/v1",
            placeholder="https://api.deepseek.com/v1",
            flag="--base-url",
        ),
    ]
    model: Annotated[
        str,
        Field(min_length=1),
        Setting("模型名称", ("JIXIAO_LLM_MODEL",), placeholder="deepseek-chat", flag="--model"),
    ]
    api_key: Annotated[
        SecretStr | None,
        Setting(
            "API 密钥",
            ("JIXIAO_LLM_API_KEY", "OPENAI_API_KEY"),
            help="密钥只保存在本机配置文件中（仅本人可读），不会显示在页面上，也不会写入日志。",
        ),
    ] = None
    timeout_s: Annotated[
        float,
        Field(gt=0, le=3600),
        Setting(
            "超时秒数",
            ("JIXIAO_LLM_TIMEOUT",),
            help="每次调用等待模型回应的最长时间。",
            step=5.0,
            flag="--timeout",
        ),
    ] = DEFAULT_TIMEOUT_S
    max_retries: Annotated[
        int,
        Field(ge=0, le=10),
        Setting(
            "重试次数",
            ("JIXIAO_LLM_MAX_RETRIES",),
            help="服务繁忙、超时、返回空内容或被截断时，最多再试几次。",
            step=1,
            flag="--max-retries",
        ),
    ] = DEFAULT_MAX_RETRIES
    max_tokens: Annotated[
        int,
        Field(ge=64, le=65536),
        Setting(
            "最大输出长度",
            ("JIXIAO_LLM_MAX_TOKENS",),
            help="模型一次回答最多多少 tokens；回答被截断时自动加大后重试。",
            step=256,
            flag="--max-tokens",
        ),
    ] = DEFAULT_MAX_TOKENS
    send_personal_data: Annotated[
        bool,
        Setting(
            "允许把项目负责人姓名、联系电话发送给模型服务",
            ("JIXIAO_LLM_SEND_PERSONAL_DATA",),
            help="不勾选时，发送前会去掉负责人姓名和电话。只有信任该服务（如本机服务）时才勾选。"
            "未设置时：本机服务为是，其他服务为否。",
            flag="--send-personal-data",
        ),
    ] = False
    # False for chat templates without a system role (Gemma in llama-cpp-python drops it silently):
    # the instructions then go at the top of the first user message.
    system_role: Annotated[
        bool,
        Setting(
            "使用 system 角色",
            ("JIXIAO_LLM_SYSTEM_ROLE",),
            help="不支持 system 角色的模型（如 Gemma）请取消勾选：说明文字改放在第一条用户消息开头。",
            flag="--system-role",
        ),
    ] = True

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

    @field_validator("api_key")
    @classmethod
    def _header_safe(cls, value: SecretStr | None) -> SecretStr | None:
        """The key goes into an HTTP header: only printable ASCII (a pasted full-width space is not)."""
        if value is not None and not value.get_secret_value().isascii():
            raise ValueError("只能包含英文字母、数字和符号（请检查是否混入了中文或全角字符）")
        if value is not None and not value.get_secret_value().isprintable():
            raise ValueError("不能包含空格以外的不可见字符")
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
        """What may be shown or logged: everything but secrets, which are only said to be set."""
        return {
            field.name: ("已设置" if value else "未设置") if field.kind == "secret" else value
            for field in setting_fields()
            for value in [getattr(self, field.name)]
        }


@dataclass(frozen=True)
class SettingField:
    """One declared setting as the readers, writers, the page and the CLI use it."""

    name: str
    setting: Setting
    kind: Kind
    default: Any  # None for required settings
    required: bool
    low: float | None  # bounds of a number (inclusive, or exclusive with `low_open`)
    high: float | None
    low_open: bool = False

    @property
    def minimum(self) -> float | None:
        """The smallest number a form offers: the bound, or one step above an exclusive bound."""
        if self.low is None or not self.low_open:
            return self.low
        return self.low + (self.setting.step or 0)

    @property
    def label(self) -> str:
        """The label with where the value comes from, for error messages."""
        return f"{self.setting.label}（{self.setting.env[0]} / {self.name}）"


def _kind(info: FieldInfo) -> Kind:
    annotation = info.annotation
    if SecretStr in (annotation, *get_args(annotation)):
        return "secret"
    kinds: dict[Any, Kind] = {bool: "bool", int: "int", float: "float", str: "text"}
    return kinds[annotation]


def _field(name: str, info: FieldInfo) -> SettingField:
    [setting] = [m for m in info.metadata if isinstance(m, Setting)]
    low = high = None
    low_open = False
    for bound in info.metadata:  # annotated_types' Ge, Gt and Le, as pydantic keeps them
        if hasattr(bound, "ge"):
            low = bound.ge
        elif hasattr(bound, "gt"):
            low, low_open = bound.gt, True
        elif hasattr(bound, "le"):
            high = bound.le
    required = info.is_required()
    return SettingField(
        name, setting, _kind(info), None if required else info.default, required, low, high, low_open
    )


@cache
def setting_fields() -> tuple[SettingField, ...]:
    """Every declared setting, in declaration order (the 设置 page shows them in this order)."""
    return tuple(_field(name, info) for name, info in LLMSettings.model_fields.items())


def setting_field(name: str) -> SettingField:
    return next(field for field in setting_fields() if field.name == name)
