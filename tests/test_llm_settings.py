"""Every setting is declared once: environment, file, public view, errors and flags follow it."""

from __future__ import annotations

import json

import pytest
from pydantic import SecretStr

from assistant.cli import build_parser, main
from assistant.llm.config import LLMSettings, SettingsError, load_settings, save_settings, settings_from
from assistant.llm.settings import setting_fields
from tests.scripted_server import Reply, ScriptedServer

KEY = "sk-declared-once-0123456789"
# A usable, non-default value for every setting, as text (the way the environment gives it).
AS_TEXT = {
    "base_url": "https://open.bigmodel.cn/api/paas/v4",
    "model": "glm-4-flash",
    "api_key": KEY,
    "timeout_s": "45.5",
    "max_retries": "5",
    "max_tokens": "2048",
    "send_personal_data": "true",
    "system_role": "false",
}


def typed(name: str, settings: LLMSettings):
    value = getattr(settings, name)
    return value.get_secret_value() if isinstance(value, SecretStr) else value


def test_the_examples_cover_every_declared_setting():
    assert set(AS_TEXT) == {field.name for field in setting_fields()} == set(LLMSettings.model_fields)
    defaults = LLMSettings(base_url=AS_TEXT["base_url"], model="m")
    settings = settings_from(AS_TEXT)
    assert all(typed(f.name, settings) != typed(f.name, defaults) for f in setting_fields() if not f.required)


@pytest.mark.parametrize("field", setting_fields(), ids=lambda field: field.name)
def test_each_setting_is_read_from_each_of_its_environment_variables(field, tmp_path):
    expected = typed(field.name, settings_from(AS_TEXT))
    for variable in field.setting.env:
        env = {**{f.setting.env[0]: AS_TEXT[f.name] for f in setting_fields() if f.required}}
        env.pop(field.setting.env[0], None)
        env[variable] = f"  {AS_TEXT[field.name]}  "
        assert typed(field.name, load_settings(env, tmp_path / "absent.toml")) == expected, variable


def test_every_setting_round_trips_through_the_file_and_empty_variables_are_unset(tmp_path):
    path = tmp_path / "config.toml"
    settings = settings_from(AS_TEXT)
    save_settings(settings, path)
    blank = {name: "" for field in setting_fields() for name in field.setting.env}
    assert load_settings(blank, path) == settings
    assert "api_key" in path.read_text(encoding="utf-8")


def test_the_public_view_has_every_setting_and_never_the_key():
    public = settings_from(AS_TEXT).public()
    assert set(public) == set(LLMSettings.model_fields)
    assert public["api_key"] == "已设置" and KEY not in json.dumps(public, ensure_ascii=False)


@pytest.mark.parametrize(
    ("name", "bad", "needle"),
    [
        ("timeout_s", "abc", "超时秒数（JIXIAO_LLM_TIMEOUT / timeout_s）：应为数字"),
        ("timeout_s", "0", "应大于 0"),
        ("max_retries", "2.5", "重试次数（JIXIAO_LLM_MAX_RETRIES / max_retries）：应为整数"),
        ("max_tokens", "10", "最大输出长度（JIXIAO_LLM_MAX_TOKENS / max_tokens）：应不小于 64"),
        ("max_tokens", "999999", "应不大于 65536"),
        ("system_role", "也许", "（JIXIAO_LLM_SYSTEM_ROLE / system_role）：应为 true 或 false"),
        ("api_key", "sk-中文全角", "API 密钥（JIXIAO_LLM_API_KEY / api_key）：只能包含英文字母"),
    ],
)
def test_bad_values_get_a_chinese_message_naming_the_setting(name, bad, needle):
    with pytest.raises(SettingsError) as caught:
        settings_from({**AS_TEXT, name: bad})
    assert needle in str(caught.value)


def test_the_key_has_no_command_line_flag_and_every_other_setting_has_one():
    draft = build_parser().parse_args(["draft", "indicators", "brief.yaml"])
    destinations = {name.removeprefix("llm_") for name in vars(draft) if name.startswith("llm_")}
    assert destinations == {field.name for field in setting_fields()} - {"api_key"}
    critique = build_parser().parse_args(["critique", "form.json", "--no-system-role", "--timeout", "30"])
    assert (critique.llm_system_role, critique.llm_timeout_s) == (False, "30")


def test_flags_win_over_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JIXIAO_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("JIXIAO_LLM_MODEL", "from-the-environment")
    monkeypatch.setenv("JIXIAO_LLM_MAX_TOKENS", "1024")
    brief = "examples/brief-公共服务经费.yaml"
    with ScriptedServer([Reply(status=418)], refuse={}) as server:
        monkeypatch.setenv("JIXIAO_LLM_BASE_URL", server.base_url)
        argv = ["draft", "indicators", brief, "--engine", "llm", "--model", "from-the-flag"]
        main([*argv, "--max-tokens", "512", "--no-system-role", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["model"] == "from-the-flag"
    [request] = server.requests
    assert (request["model"], request["max_tokens"]) == ("from-the-flag", 512)
    assert [m["role"] for m in request["messages"]] == ["user"]  # --no-system-role


def test_a_bad_flag_value_or_a_flag_without_the_model_engine_is_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JIXIAO_CONFIG", str(tmp_path / "config.toml"))
    brief = "examples/brief-公共服务经费.yaml"
    assert main(["draft", "indicators", brief, "--model", "m"]) == 2
    assert "--model 只用于 --engine llm" in capsys.readouterr().err
    argv = ["draft", "indicators", brief, "--engine", "llm", "--base-url", "http://127.0.0.1:9/v1"]
    assert main([*argv, "--model", "m", "--timeout", "soon"]) == 2
    assert "超时秒数（JIXIAO_LLM_TIMEOUT / timeout_s）：应为数字" in capsys.readouterr().err
