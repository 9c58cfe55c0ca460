"""The chat page and its companions (briefing, reports, evaluations). Run with `citebrief ui`."""
from __future__ import annotations

import logging

import streamlit as st

from ingest.errors import IngestError, StoreError
from ui import session
from ui.markup import escape

LOG = logging.getLogger("citebrief.ui")


def sidebar(assistant) -> None:
    """Settings: which report to ask, passages per answer, answer mode, and the store and model in use."""
    library = assistant.library
    titles = {p.source.id: p.source.title for p in library.parsed}
    with st.sidebar:
        st.selectbox("Report", ["", *titles], key="source",
                     format_func=lambda source: f"{titles[source]} ({source})" if source else "All reports",  # plain text
                     help="Answer from one report only, or from all of them.")
        st.slider("Passages per answer", 1, 10, session.DEFAULT_K, key="k",
                  help="How many passages are retrieved for a prose answer (figures come from the tables).")
        st.radio("Answer mode", ["Extractive", "LLM"], key="mode", disabled=True,
                 help="Extractive answers copy sentences, figures and quotes from the report.")
        st.caption("Only extractive answers are available: no generative model is configured, "
                   "and nothing leaves this machine.")
        st.caption(escape(f"Store: {library.settings.home} · model: {library.settings.model} · "
                          f"{len(library.parsed)} report(s), {len(library.chunks)} passages"))
        st.caption(f"Briefing: {len(session.basket())} item(s)")


def main() -> None:
    st.set_page_config(page_title="citebrief", page_icon="📑", layout="wide")
    st.set_option("client.toolbarMode", "minimal")  # no developer menu (Deploy, rerun) for policy staff
    pages = st.navigation([
        st.Page("views/chat.py", title="Chat", icon=":material/chat:", default=True),
        st.Page("views/briefing.py", title="Briefing", icon=":material/description:"),
        st.Page("views/reports.py", title="Reports", icon=":material/table_view:"),
        st.Page("views/evaluations.py", title="Evaluations", icon=":material/checklist:"),
    ])
    try:
        sidebar(session.assistant())
        pages.run()
    except (StoreError, IngestError, ValueError) as exc:
        st.error(escape(str(exc)))
    except Exception as exc:  # the page's edge: a one-line message for the user, the trace for the log
        LOG.exception("the page failed")
        st.error(escape(f"Something went wrong ({type(exc).__name__}: {exc}). The details are in the server log."))


main()
