"""绩效自评助手 — Streamlit entry point (`streamlit run app.py`)."""

import streamlit as st

st.set_page_config(page_title="绩效自评助手", layout="wide")
st.title("绩效自评助手")
st.info("界面正在建设中。现在可以用命令行检查自评表：`jixiao check 表格文件`。")
