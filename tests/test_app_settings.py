"""The 设置 page: rule set and engine persist; the key is never shown back; 测试连接 speaks Chinese."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.llm.config import LLMSettings, load_settings
from assistant.llm.settings import setting_fields
from assistant.ui.workspace import Workspace
from tests.app_helpers import errors, no_exception, page, screen
from tests.conftest import Isolation
from tests.processes import free_port
from tests.scripted_server import Reply, ScriptedServer
from tests.test_app_draft import drafted

SECRET = "sk-test-0123456789abcdef"


def saved_service(base_url: str, key: str = SECRET):
    at = no_exception(page("settings").run())
    at.text_input[0].set_value(base_url)
    at.text_input[1].set_value("qwen-plus")
    at.text_input[2].set_value(key)
    at.button[0].click()  # 保存 (the form's submit button)
    return no_exception(at.run())


def everything_sent_to_the_browser(at) -> str:
    """Labels, values, placeholders and help of every element, as the protobufs carry them."""
    return "\n".join(
        str(node.proto) for node in at.main.children.values() if hasattr(node, "proto")
    ) + "\n".join(
        str(getattr(element, "proto", ""))
        for kind in ("text_input", "caption", "success", "markdown")
        for element in getattr(at, kind)
    )


def test_saved_key_is_never_shown_and_the_file_is_private(isolation: Isolation) -> None:
    at = saved_service("https://dashscope.aliyuncs.com/compatible-mode/v1")
    assert "已保存到" in screen(at) and "API 密钥：已设置" in screen(at)
    assert SECRET not in everything_sent_to_the_browser(at)
    assert [t.value for t in at.text_input if t.label == "API 密钥"] == [""]
    assert os.stat(isolation.config).st_mode & 0o777 == 0o600
    settings = load_settings()
    assert settings.api_key is not None and settings.api_key.get_secret_value() == SECRET
    assert settings.send_personal_data is False  # a remote service gets no names unless ticked
    # A later visit: the key stays set, is still not shown, and saving without retyping keeps it.
    again = no_exception(page("settings").run())
    assert SECRET not in everything_sent_to_the_browser(again)
    again.button[0].click()
    no_exception(again.run())
    assert load_settings().api_key.get_secret_value() == SECRET


# One non-default value for every setting, as a user would enter it on the page.
EVERY_SETTING = {
    "base_url": "https://open.bigmodel.cn/api/paas/v4",
    "model": "glm-4-flash",
    "api_key": SECRET,
    "timeout_s": 45.0,
    "max_retries": 5,
    "max_tokens": 2048,
    "send_personal_data": True,  # a remote service: the default is False
    "system_role": False,
}


def test_every_setting_entered_on_the_page_survives_saving(isolation: Isolation) -> None:
    assert set(EVERY_SETTING) == set(LLMSettings.model_fields)  # a new setting needs a value here
    defaults = LLMSettings(base_url=EVERY_SETTING["base_url"], model="m")
    assert all(
        getattr(defaults, name) != value for name, value in EVERY_SETTING.items() if name != "base_url"
    )
    at = no_exception(page("settings").run())
    for name, value in EVERY_SETTING.items():
        if name == "api_key":
            [box] = [t for t in at.text_input if t.label == "API 密钥"]
            box.set_value(value)
        elif isinstance(value, bool):
            at.checkbox(key=f"settings_{name}").set_value(value)
        elif isinstance(value, str):
            at.text_input(key=f"settings_{name}").set_value(value)
        else:
            at.number_input(key=f"settings_{name}").set_value(value)
    at.button[0].click()  # 保存
    no_exception(at.run())
    assert "已保存到" in screen(at)
    saved = load_settings()
    for name, value in EVERY_SETTING.items():
        got = getattr(saved, name)
        assert (got.get_secret_value() if name == "api_key" else got) == value, name


def test_the_form_follows_the_declared_settings(isolation: Isolation) -> None:
    """One widget per setting, labelled as declared; numbers bounded as the model bounds them."""
    at = no_exception(page("settings").run())
    labels = [w.label for kind in ("text_input", "number_input", "checkbox") for w in getattr(at, kind)]
    assert {field.setting.label for field in setting_fields()} <= set(labels)
    tokens = at.number_input(key="settings_max_tokens")
    field = LLMSettings.model_fields["max_tokens"].metadata
    assert (tokens.min, tokens.max) == (64, 65536) and any(getattr(m, "ge", None) == 64 for m in field)
    assert at.number_input(key="settings_timeout_s").value == 120.0


def test_environment_values_are_shown_as_overrides_not_written_to_the_file(
    isolation: Isolation, monkeypatch
) -> None:
    monkeypatch.setenv("JIXIAO_LLM_MAX_TOKENS", "1024")
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    at = saved_service("https://api.deepseek.com/v1", key="")
    assert "JIXIAO_LLM_MAX_TOKENS" in screen(at) and "OPENAI_API_KEY" in screen(at)
    text = isolation.config.read_text(encoding="utf-8")
    assert SECRET not in text and "max_tokens = 4096" in text
    assert load_settings().max_tokens == 1024  # the environment still wins


def test_saving_the_page_keeps_what_the_file_already_holds(isolation: Isolation) -> None:
    """Saving only a new model name leaves every other value in the file as it was, the key too."""
    isolation.config.write_text(
        "[llm]\n"
        'base_url = "https://api.deepseek.com/v1"\n'
        'model = "deepseek-chat"\n'
        f'api_key = "{SECRET}"\n'
        "timeout_s = 30.0\nmax_retries = 7\nmax_tokens = 1024\n"
        "send_personal_data = true\nsystem_role = false\n",
        encoding="utf-8",
    )
    before = load_settings()
    at = no_exception(page("settings").run())
    [model] = [t for t in at.text_input if t.value == "deepseek-chat"]
    model.set_value("deepseek-reasoner")
    at.button[0].click()  # 保存
    no_exception(at.run())
    assert "已保存到" in screen(at)
    assert load_settings() == before.model_copy(update={"model": "deepseek-reasoner"})


def test_invalid_address_is_refused_in_chinese(isolation: Isolation) -> None:
    at = saved_service("dashscope.aliyuncs.com")
    assert any("服务地址应以 http:// 或 https:// 开头" in e for e in errors(at))
    assert not isolation.config.exists()


def test_rule_set_and_engine_choices_persist() -> None:
    at = no_exception(page("settings").run())
    at.selectbox(key="settings_rules").set_value("local")
    at.radio(key="settings_engine").set_value("llm")
    no_exception(at.run())
    assert Workspace().get("rules") == "local" and Workspace().get("engine") == "llm"
    again = no_exception(page("settings").run())
    assert again.selectbox(key="settings_rules").value == "local"
    assert again.radio(key="settings_engine").value == "llm"


def test_connection_success_and_failures_are_one_chinese_sentence() -> None:
    with ScriptedServer([Reply(content="好")]) as server:
        at = saved_service(server.base_url)
        at.button(key="settings_test").click()
        no_exception(at.run())
        assert any("连接成功" in s.value for s in at.success)
        assert server.requests[0]["model"] == "qwen-plus"
    with ScriptedServer([Reply(status=401, error=f"Incorrect API key provided: {SECRET}")]) as server:
        at = saved_service(server.base_url)
        at.button(key="settings_test").click()
        no_exception(at.run())
        [message] = errors(at)
        assert "拒绝访问" in message and "API 密钥" in message and SECRET not in message
    at = saved_service(f"http://127.0.0.1:{free_port()}/v1")
    at.button(key="settings_test").click()
    no_exception(at.run())
    assert any("无法连接到" in e for e in errors(at))


def test_model_engine_falls_back_visibly_when_the_model_drafts_badly(workspace: Path) -> None:
    """A model whose drafts never pass: the page says fallback, how many attempts, and why."""
    bad = {
        "indicators": [
            {
                "level1": "产出指标",
                "level2": "数量指标",
                "name": "工作开展",
                "target": "有效推进",
                "weight": 99,
            }
        ]
    }
    with ScriptedServer([Reply.json(bad) for _ in range(3)]) as server:
        saved_service(server.base_url)
        Workspace().set("engine", "llm")
        at = drafted()
        text = screen(at)
        assert "已回退到离线草稿" in text and f"尝试 {server.calls + 1} 次" in text
        assert "第 1 次（模型）：未通过（" in text and f"第 {server.calls + 1} 次（离线）：通过校验" in text
    assert not at.button(key="draft_accept").disabled  # the offline draft passed and is in the table
    audit = (workspace / "audit.jsonl").read_text(encoding="utf-8")
    assert "fallback" in audit and SECRET not in audit


def test_model_engine_without_a_service_says_so_and_drafts_offline() -> None:
    Workspace().set("engine", "llm")
    at = drafted()
    text = screen(at)
    assert "未配置模型服务" in text and "已改用离线引擎" in text
    assert "已采纳" in text
