"""The Streamlit workspace: ask, read side by side, browse, verify, evaluate, and the library.

Run with `regqa ui` (or `streamlit run ui/app.py`). Every page talks to the API at
REGQA_API_URL (default http://127.0.0.1:8000) over HTTP only, so the same UI works against a
remote deployment. One module per page: ui/page_*.py.
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="regqa", page_icon=":material/balance:", layout="wide")

PAGES = [
    st.Page("page_ask.py", title="Ask", icon=":material/question_answer:", default=True),
    st.Page(
        "page_side_by_side.py", title="Side by side", icon=":material/view_column:", url_path="side_by_side"
    ),
    st.Page("page_browse.py", title="Browse", icon=":material/menu_book:", url_path="browse"),
    st.Page("page_verify.py", title="Verify", icon=":material/fact_check:", url_path="verify"),
    st.Page("page_evaluate.py", title="Evaluate", icon=":material/monitoring:", url_path="evaluate"),
    st.Page("page_library.py", title="Library", icon=":material/library_books:", url_path="library"),
]

st.navigation(PAGES, position="top").run()
