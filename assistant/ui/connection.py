"""测试连接: one tiny chat completion with a short timeout, the outcome as one Chinese sentence.

Server error texts are not echoed for authentication failures (some providers repeat part of the
key in them), and any text shown is scrubbed of the key and of key-like tokens.
"""

from __future__ import annotations

import re
import time

from ..llm.config import LLMSettings

TEST_TIMEOUT_S = 15.0
_KEY_LIKE = re.compile(r"\b(sk|key|ak)-[A-Za-z0-9*_\-]{6,}", re.IGNORECASE)


def _scrub(text: str, settings: LLMSettings) -> str:
    if settings.api_key is not None:
        secret = settings.api_key.get_secret_value()
        if secret:
            text = text.replace(secret, "***")
    return _KEY_LIKE.sub("***", text)[:160]


def _detail(exc: object) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        message = error.get("message") if isinstance(error, dict) else error
        return str(message or "")
    return ""


def test_connection(settings: LLMSettings, timeout_s: float = TEST_TIMEOUT_S) -> tuple[bool, str]:
    """(True, "连接成功……") or (False, the reason in Chinese). Never raises."""
    try:
        import openai
    except ImportError:
        return False, "缺少 openai 程序包，无法连接模型服务，请联系管理员安装"
    http_client = openai.DefaultHttpxClient(trust_env=False) if settings.loopback else None
    client = openai.OpenAI(
        base_url=settings.base_url,
        api_key=settings.key_text(),
        timeout=min(timeout_s, settings.timeout_s),
        max_retries=0,
        http_client=http_client,
    )
    started = time.perf_counter()
    try:
        response = client.chat.completions.create(
            model=settings.model,
            messages=[{"role": "user", "content": "请只回答一个字：好"}],
            max_tokens=8,
        )
    except openai.APITimeoutError:
        return False, f"连接超时（{min(timeout_s, settings.timeout_s):g} 秒内没有回应），请检查服务地址和网络"
    except openai.APIConnectionError:
        return False, f"无法连接到 {settings.base_url}，请检查服务地址、网络或服务是否已启动"
    except openai.APIStatusError as exc:
        status = int(getattr(exc, "status_code", 0) or 0)
        if status in (401, 403):
            return False, f"模型服务拒绝访问（HTTP {status}），请检查 API 密钥是否正确、是否有权限"
        if status == 404:
            return False, "找不到该地址或模型（HTTP 404），请检查服务地址（通常以 /v1 结尾）和模型名称"
        if status == 429:
            return False, "模型服务繁忙或额度不足（HTTP 429），请稍后再试"
        detail = _scrub(_detail(exc), settings)
        return False, f"模型服务返回错误（HTTP {status}）" + (f"：{detail}" if detail else "")
    except Exception as exc:  # an SDK or network library surprise must not reach the user as a traceback
        return False, f"连接失败（{type(exc).__name__}），请检查服务地址"
    finally:
        client.close()
    elapsed = time.perf_counter() - started
    choices = getattr(response, "choices", None) or []
    if not choices:
        return False, "已连接，但模型没有返回内容，请检查模型名称"
    return True, f"连接成功：模型 {settings.model} 已回应（用时 {elapsed:.1f} 秒）"
