"""测试连接: one tiny chat completion with a short timeout, the outcome as one Chinese sentence.

The call and its errors are the model client's own (LLMClient.ping, assistant/llm/errors.py): the
same classification and the same scrubbing as a real drafting call. Authentication failures never
echo the server's text (some providers repeat part of the key in it).
"""

from __future__ import annotations

import logging

from ..llm.client import LLMClient
from ..llm.config import LLMSettings
from ..llm.errors import LLMError, scrub
from ..llm.structured import CapabilityCache

TEST_TIMEOUT_S = 15.0
MAX_MESSAGE = 200

log = logging.getLogger(__name__)


def test_connection(settings: LLMSettings, timeout_s: float = TEST_TIMEOUT_S) -> tuple[bool, str]:
    """(True, "连接成功……") or (False, the reason in Chinese). Never raises."""
    try:
        import openai  # noqa: F401  (the client imports it lazily: say here if it is missing)
    except ImportError:
        return False, "缺少 openai 程序包，无法连接模型服务，请联系管理员安装"
    client = LLMClient(settings.model_copy(update={"max_retries": 0}), cache=CapabilityCache(None))
    try:
        elapsed = client.ping(timeout_s)
    except LLMError as exc:
        return False, str(exc)[:MAX_MESSAGE]
    except Exception as exc:  # a network-library surprise must not reach the page as a traceback
        log.warning("connection test failed: %s", scrub(repr(exc)))
        return False, f"连接失败（{type(exc).__name__}），请检查服务地址"
    finally:
        client.close()
    return True, f"连接成功：模型 {settings.model} 已回应（用时 {elapsed:.1f} 秒）"
