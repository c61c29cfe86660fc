"""The app's entry point and navigation, and the 学习 page shell with its hook for the learning module."""

from __future__ import annotations

import sys
import types

import pytest

from assistant.findings import code_catalogue
from tests.app_helpers import app, no_exception, page, screen


def test_app_starts_with_no_configuration_on_the_draft_page() -> None:
    at = no_exception(app().run())
    assert [t.value for t in at.title] == ["起草自评表"]
    assert "起草引擎：离线（不联网）" in screen(at)


def test_every_finding_code_has_a_card(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "assistant.ui.learning", None)  # as if the module were absent
    at = no_exception(page("learn").run())
    titles = [e.label for e in at.expander]
    for code, info in code_catalogue().items():
        assert f"{info.title}　`{code}`" in titles
    text = screen(at)
    assert "执行率应为 …（全年执行数 … ÷ 全年预算数 …）" in text  # templates read as sentences
    assert "财预〔2020〕10号" in text  # sources come from the rule set


def test_card_search_narrows_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "assistant.ui.learning", None)
    at = no_exception(page("learn").run())
    at.text_input(key="learn_search").set_value("fund-rate")
    no_exception(at.run())
    assert [e.label for e in at.expander] == ["执行率与资金数不符　`FUND-RATE`"]


def test_the_learning_module_takes_over_the_page_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("assistant.ui.learning")

    def render() -> None:
        import streamlit as st

        st.title("练习")

    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assistant.ui.learning", module)
    at = no_exception(page("learn").run())
    assert [t.value for t in at.title] == ["练习"]
