"""设置: rule set, drafting engine, and the model service (the key is never shown back)."""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from ...llm.config import (
    DEFAULT_TIMEOUT_S,
    SettingsError,
    is_loopback,
    raw_settings,
    save_settings,
    settings_from,
)
from ...paths import config_path
from ...rules import available_rule_sets, load_rule_set
from .. import components, state
from .. import texts as T
from ..connection import test_connection

S_KEY_VERSION = "settings_key_version"  # bumped after saving so the password box empties


@components.guarded
def render() -> None:
    rules = state.rules()
    components.sidebar_status(rules)
    st.title(T.SETTINGS_TITLE)
    _rules_and_engine()
    st.divider()
    _model_service()


def _rules_and_engine() -> None:
    names = available_rule_sets()
    current = state.rules_name()
    picked = st.selectbox(
        T.SETTINGS_RULES,
        names,
        index=names.index(current),
        key="settings_rules",
        format_func=lambda name: f"{load_rule_set(name).title}（{name}）",
        help=T.SETTINGS_RULES_HELP,
    )
    if picked != current:
        state.set_rules_name(picked)
        st.toast(T.SETTINGS_SAVED_RULES.format(title=load_rule_set(picked).title))
    st.caption(load_rule_set(picked).description)
    engines = ["offline", "llm"]
    engine = st.radio(
        T.SETTINGS_ENGINE,
        engines,
        index=engines.index(state.engine()),
        key="settings_engine",
        format_func=lambda e: T.ENGINE_NAMES[e],
        horizontal=True,
        help=T.SETTINGS_ENGINE_HELP,
    )
    if engine != state.engine():
        state.set_engine(engine)
        st.toast(T.SETTINGS_SAVED_ENGINE.format(engine=T.ENGINE_NAMES[engine]))


def _current() -> tuple[dict[str, Any], str | None]:
    try:
        return raw_settings(), None
    except SettingsError as exc:
        return {}, str(exc)


def _model_service() -> None:
    st.subheader(T.SETTINGS_MODEL)
    st.caption(T.SETTINGS_MODEL_HELP)
    values, problem = _current()
    if problem:
        st.error(problem)
    overridden = [name for name in T.SETTINGS_ENV_NAMES if os.environ.get(name, "").strip()]
    if overridden:
        st.info(T.SETTINGS_ENV_OVERRIDE.format(names="、".join(overridden)))
    has_key = bool(str(values.get("api_key") or "").strip())
    version = st.session_state.get(S_KEY_VERSION, 0)
    with st.form("settings_model"):
        base_url = st.text_input(
            T.SETTINGS_BASE_URL,
            value=str(values.get("base_url", "")),
            placeholder="https://api.deepseek.com/v1",
            help=T.SETTINGS_BASE_URL_HELP,
        )
        model = st.text_input(
            T.SETTINGS_MODEL_NAME, value=str(values.get("model", "")), placeholder="deepseek-chat"
        )
        key = st.text_input(
            T.SETTINGS_KEY,
            type="password",
            key=f"settings_key_{version}",
            placeholder=T.SETTINGS_KEY_KEEP if has_key else "",
            help=T.SETTINGS_KEY_HELP,
        )
        timeout = st.number_input(
            T.SETTINGS_TIMEOUT,
            min_value=5.0,
            max_value=600.0,
            step=5.0,
            value=float(values.get("timeout_s", DEFAULT_TIMEOUT_S)),
        )
        personal_default = values.get("send_personal_data")
        if personal_default in (None, ""):
            personal_default = is_loopback(str(values.get("base_url", "")))
        personal = st.checkbox(
            T.SETTINGS_PERSONAL,
            value=str(personal_default).lower() in ("true", "1", "是"),
            help=T.SETTINGS_PERSONAL_HELP,
        )
        clear_key = st.checkbox(T.SETTINGS_KEY_CLEAR, value=False) if has_key else False
        saved = st.form_submit_button(T.SETTINGS_SAVE, type="primary")
    st.caption(T.SETTINGS_KEY_STATE.format(state=T.SETTINGS_KEY_SET if has_key else T.SETTINGS_KEY_UNSET))
    if saved:
        new_key = key.strip() or (None if clear_key else values.get("api_key"))
        entered = {
            **values,  # what the page does not show is kept as it was
            "base_url": base_url,
            "model": model,
            "api_key": new_key,
            "timeout_s": timeout,
            "send_personal_data": personal,
        }
        try:
            path = save_settings(settings_from(entered))
        except SettingsError as exc:
            st.error(str(exc))
        except OSError as exc:
            st.error(T.SETTINGS_WRITE_FAILED.format(path=config_path(), reason=exc.strerror or exc))
        else:
            st.session_state[S_KEY_VERSION] = version + 1
            st.session_state["settings_flash"] = T.SETTINGS_SAVED.format(path=path)
            st.rerun()
    if flash := st.session_state.pop("settings_flash", None):
        st.success(flash)
    if st.button(T.SETTINGS_TEST, key="settings_test", icon=":material/network_check:"):
        _test()


def _test() -> None:
    values, problem = _current()
    if problem:
        st.error(problem)
        return
    if not str(values.get("base_url", "")).strip() or not str(values.get("model", "")).strip():
        st.error(T.SETTINGS_TEST_MISSING)
        return
    try:
        settings = settings_from(values)
    except SettingsError as exc:
        st.error(str(exc))
        return
    with st.spinner(T.SETTINGS_TESTING.format(url=settings.base_url)):
        ok, message = test_connection(settings)
    (st.success if ok else st.error)(message)
