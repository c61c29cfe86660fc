"""学习: the rule cards from assistant/data/codes.yaml, until the learning module plugs in.

The hook: a module `assistant.ui.learning` with a `render()` function. When it exists, this page
hands over to it entirely (cards, worked examples, exercises); until then it shows one card per
finding code, read from the same data the checks use — no second copy of any rule text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

import streamlit as st

from ...findings import code_catalogue, source_of
from .. import components, state
from .. import texts as T

LEARNING_MODULE = "assistant.ui.learning"


def _learning_page() -> Callable[[], None] | None:
    """The learning module's page, if it is installed."""
    try:
        module = importlib.import_module(LEARNING_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name in (LEARNING_MODULE, *LEARNING_MODULE.split(".")[:-1]):
            return None
        raise
    return getattr(module, "render", None)


@components.guarded
def render() -> None:
    page = _learning_page()
    if page is not None:
        page()
        return
    rules = state.rules()
    components.sidebar_status(rules)
    st.title(T.LEARN_TITLE)
    st.write(T.LEARN_INTRO)
    catalogue = code_catalogue()
    query = st.text_input(T.LEARN_SEARCH, key="learn_search").strip().upper()
    families: dict[str, list[str]] = {}
    for code in catalogue:
        families.setdefault(code.split("-")[0], []).append(code)
    for family, codes in families.items():
        shown = [c for c in codes if not query or query in c or query in catalogue[c].title.upper()]
        if not shown:
            continue
        st.subheader(T.LEARN_FAMILIES.get(family, family))
        for code in shown:
            info = catalogue[code]
            with st.expander(f"{info.title}　`{code}`"):
                color = T.SEVERITY_COLOR.get(info.severity, "gray")
                st.markdown(f":{color}-badge[{T.SEVERITY[info.severity]}]")
                st.markdown(T.LEARN_SAYS)
                st.markdown("\n".join(f"- {_template(text)}" for text in info.messages.values()))
                st.markdown(T.LEARN_SOURCE.format(source=source_of(code, rules) or T.EMPTY_CELL))


def _template(text: str) -> str:
    """A message template as a reader sees it: the blanks the check fills in become "…"."""
    return re.sub(r"\{[^}]*\}", "…", text).replace("*", "\\*")
