"""设置: rule set, drafting engine, and the model service (the key is never shown back)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...llm.config import (
    SettingsError,
    env_overrides,
    file_settings,
    form_values,
    raw_settings,
    save_settings,
    settings_from,
)
from ...llm.settings import SettingField, setting_fields
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


def _saved() -> tuple[dict[str, Any], str | None]:
    """What the config file holds (the form edits the file, not the environment's values)."""
    try:
        return file_settings(), None
    except SettingsError as exc:
        return {}, str(exc)


def _model_service() -> None:
    st.subheader(T.SETTINGS_MODEL)
    st.caption(T.SETTINGS_MODEL_HELP)
    saved, problem = _saved()
    if problem:
        st.error(problem)
    if overridden := env_overrides():
        st.info(T.SETTINGS_ENV_OVERRIDE.format(names="、".join(overridden)))
    has_key = bool(str(saved.get("api_key") or "").strip())
    version = st.session_state.get(S_KEY_VERSION, 0)
    shown = form_values(saved)
    with st.form("settings_model_service"):
        entered = {
            field.name: _widget(field, shown[field.name], has_key, version) for field in setting_fields()
        }
        clear_key = st.checkbox(T.SETTINGS_KEY_CLEAR, value=False) if has_key else False
        submitted = st.form_submit_button(T.SETTINGS_SAVE, type="primary")
    st.caption(T.SETTINGS_KEY_STATE.format(state=T.SETTINGS_KEY_SET if has_key else T.SETTINGS_KEY_UNSET))
    if submitted:
        _save(saved, entered, clear_key, version)
    if flash := st.session_state.pop("settings_flash", None):
        st.success(flash)
    if st.button(T.SETTINGS_TEST, key="settings_test", icon=":material/network_check:"):
        _test()


def _widget(field: SettingField, value: Any, has_key: bool, version: int) -> Any:
    """One declared setting as a form widget; its entered value (a secret: None when left empty)."""
    setting, key = field.setting, f"settings_{field.name}"
    if field.kind == "secret":  # never shown back: the box starts empty after every save
        placeholder = T.SETTINGS_KEY_KEEP if has_key else setting.placeholder
        typed = st.text_input(
            setting.label, type="password", key=f"{key}_{version}", placeholder=placeholder, help=setting.help
        )
        return typed.strip() or None
    if field.kind == "bool":
        return st.checkbox(setting.label, value=value, key=key, help=setting.help or None)
    if field.kind in ("int", "float"):
        number = int if field.kind == "int" else float

        def bound(limit: float | None) -> Any:
            return None if limit is None else number(limit)

        return st.number_input(
            setting.label,
            min_value=bound(field.minimum),
            max_value=bound(field.high),
            step=bound(setting.step or 1),
            value=value,
            key=key,
            help=setting.help or None,
        )
    return st.text_input(
        setting.label, value=value, key=key, placeholder=setting.placeholder, help=setting.help or None
    )


def _save(saved: dict[str, Any], entered: dict[str, Any], clear_key: bool, version: int) -> None:
    """Everything entered, over what the file held; the key is kept unless retyped or cleared."""
    values = {**saved, **entered}
    secrets = [field.name for field in setting_fields() if field.kind == "secret"]
    for name in secrets:
        if entered[name] is None:
            values[name] = None if clear_key else saved.get(name)
    try:
        path = save_settings(settings_from(values))
    except SettingsError as exc:
        st.error(str(exc))
    except OSError as exc:
        st.error(T.SETTINGS_WRITE_FAILED.format(path=config_path(), reason=exc.strerror or exc))
    else:
        st.session_state[S_KEY_VERSION] = version + 1
        st.session_state["settings_flash"] = T.SETTINGS_SAVED.format(path=path)
        st.rerun()


def _test() -> None:
    """The settings in effect (environment included), not only the file's."""
    try:
        values = raw_settings()
    except SettingsError as exc:
        st.error(str(exc))
        return
    if any(field.required and not str(values.get(field.name) or "").strip() for field in setting_fields()):
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
