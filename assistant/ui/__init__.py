"""The Streamlit workbench (起草 · 审核 · 学习 · 设置). The UI depends on the library, never the reverse."""
