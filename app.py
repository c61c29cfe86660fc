"""绩效自评助手 — the Streamlit workbench: `streamlit run app.py` (offline engine, no configuration)."""

import streamlit as st

from assistant.ui import texts as T
from assistant.ui.pages import draft, learn, review, settings

st.set_page_config(page_title=T.APP_TITLE, page_icon="📋", layout="wide")
st.navigation(
    [
        st.Page(
            draft.render, title=T.PAGE_DRAFT, icon=":material/edit_note:", url_path="draft", default=True
        ),
        st.Page(review.render, title=T.PAGE_REVIEW, icon=":material/fact_check:", url_path="review"),
        st.Page(learn.render, title=T.PAGE_LEARN, icon=":material/school:", url_path="learn"),
        st.Page(settings.render, title=T.PAGE_SETTINGS, icon=":material/settings:", url_path="settings"),
    ],
    position="top",
).run()
