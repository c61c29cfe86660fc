"""Model-server settings: where they come from, what is validated, and that the key never shows."""

from __future__ import annotations

import stat

import pytest

from assistant.llm.config import (
    LLMSettings,
    SettingsError,
    is_loopback,
    load_settings,
    save_settings,
    settings_from,
)

KEY = "sk-test-0123456789abcdef"


def test_environment_wins_over_openai_names_and_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[llm]\nbase_url = "http://file.example/v1"\nmodel = "file-model"\ntimeout_s = 30\n')
    env = {
        "JIXIAO_LLM_BASE_URL": "https://api.deepseek.com/v1",
        "OPENAI_BASE_URL": "https://api.openai.com/v1",
        "OPENAI_API_KEY": KEY,
        "JIXIAO_LLM_MODEL": "deepseek-chat",
    }
    settings = load_settings(env, path)
    assert settings.base_url == "https://api.deepseek.com/v1"
    assert settings.model == "deepseek-chat"
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY
    assert settings.timeout_s == 30  # from the file: the environment did not set it


def test_openai_base_url_is_the_fallback(tmp_path):
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1", "JIXIAO_LLM_MODEL": "qwen2.5:7b"}
    settings = load_settings(env, tmp_path / "absent.toml")
    assert settings.base_url == "http://127.0.0.1:11434/v1"
    assert settings.api_key is None
    assert settings.key_text() == "none"  # local servers need some placeholder


def test_missing_server_is_a_chinese_message_naming_the_setting(tmp_path):
    with pytest.raises(SettingsError) as caught:
        load_settings({"JIXIAO_LLM_BASE_URL": "http://localhost:8080/v1"}, tmp_path / "absent.toml")
    assert "模型名称" in str(caught.value) and "JIXIAO_LLM_MODEL" in str(caught.value)
    assert "服务地址" not in str(caught.value)


@pytest.mark.parametrize(
    ("values", "needle"),
    [
        ({"base_url": "api.deepseek.com", "model": "m"}, "http://"),
        ({"base_url": "http://x/v1", "model": "m", "timeout_s": "-1"}, "超时"),
        ({"base_url": "http://x/v1", "model": "m", "send_personal_data": "maybe"}, "true 或 false"),
    ],
)
def test_bad_values_are_rejected_in_chinese(values, needle):
    with pytest.raises(SettingsError) as caught:
        settings_from(values)
    assert needle in str(caught.value)


def test_bad_config_file_names_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[llm\nbase_url = ")
    with pytest.raises(SettingsError) as caught:
        load_settings({}, path)
    assert str(path) in str(caught.value)
    path.write_text('[llm]\nbase_ur1 = "http://x"\n')
    with pytest.raises(SettingsError, match="base_ur1"):
        load_settings({}, path)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8080/v1", True),
        ("http://localhost:11434/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://127.3.4.5/v1", True),
        ("https://api.deepseek.com/v1", False),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", False),
        ("http://192.168.1.10:8000/v1", False),
    ],
)
def test_personal_data_is_sent_by_default_only_to_this_machine(url, loopback):
    assert is_loopback(url) is loopback
    assert LLMSettings(base_url=url, model="m").send_personal_data is loopback
    assert settings_from({"base_url": url, "model": "m", "send_personal_data": "true"}).send_personal_data


def test_key_never_shows_in_repr_str_json_or_public_view():
    settings = LLMSettings(base_url="https://api.deepseek.com/v1", model="deepseek-chat", api_key=KEY)
    for text in (repr(settings), str(settings), settings.model_dump_json(), str(settings.public())):
        assert KEY not in text
    assert settings.public()["api_key"] == "已设置"


def test_saved_file_is_private_and_round_trips(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    settings = settings_from(
        {"base_url": "https://open.bigmodel.cn/api/paas/v4", "model": "glm-4-flash", "api_key": KEY}
    )
    save_settings(settings, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_settings({}, path)
    assert again == settings
    assert again.send_personal_data is False


def test_saved_text_with_quotes_survives(tmp_path):
    path = tmp_path / "config.toml"
    settings = settings_from({"base_url": "http://127.0.0.1:8080/v1", "model": 'a"b\\c'})
    save_settings(settings, path)
    assert load_settings({}, path).model == 'a"b\\c'


def test_jixiao_config_variable_points_at_the_file(tmp_path):
    path = tmp_path / "elsewhere.toml"
    path.write_text('[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\n')
    assert load_settings({"JIXIAO_CONFIG": str(path)}).base_url == "http://127.0.0.1:9/v1"
