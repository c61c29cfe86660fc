"""Downloads: the working form as .docx and .json, ready for st.download_button.

Bytes are produced eagerly (so a failure becomes a Chinese message on the page, not a broken
download) and memoised by the form's JSON, because Streamlit reruns the page on every click.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

import streamlit as st

from ..form import Form
from ..formats import forms_from_json, forms_to_json
from . import texts as T

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_stem(text: str, fallback: str = "自评表") -> str:
    """A safe file name from a project name: no path separators or characters Windows refuses."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._")[:40]
    return stem or fallback


@lru_cache(maxsize=16)
def _docx_from_json(text: str) -> bytes:
    from ..formats.docx_writer import write_docx

    buffer = io.BytesIO()
    write_docx(forms_from_json(text, "working form"), buffer)
    return buffer.getvalue()


def docx_bytes(forms: list[Form]) -> bytes:
    return _docx_from_json(forms_to_json(forms))


def form_downloads(forms: list[Form], stem: str, key: str) -> None:
    """Two buttons side by side: Word and JSON of the same forms."""
    left, right = st.columns(2)
    with left:
        try:
            data = docx_bytes(forms)
        except Exception as exc:  # a writer bug must not take the page (and the user's work) down
            st.caption(T.DOCX_UNAVAILABLE.format(reason=type(exc).__name__))
        else:
            st.download_button(
                T.DOWNLOAD_DOCX,
                data,
                file_name=f"{stem}.docx",
                mime=DOCX_MIME,
                key=f"{key}_docx",
                icon=":material/description:",
                on_click="ignore",
            )
    with right:
        st.download_button(
            T.DOWNLOAD_JSON,
            forms_to_json(forms).encode("utf-8"),
            file_name=f"{stem}.json",
            mime="application/json",
            key=f"{key}_json",
            icon=":material/data_object:",
            on_click="ignore",
        )
