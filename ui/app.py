"""The chat page and its companions (briefing, reports, evaluations). Run with `citebrief ui`."""
from __future__ import annotations

import logging
from datetime import datetime

import streamlit as st

from ingest.errors import IngestError, StoreError
from ui import session
from ui.briefing import count
from ui.markup import escape
from ui.saved import SavedError

LOG = logging.getLogger("citebrief.ui")
BRIEFING_PAGE = "briefing"


def sidebar(assistant) -> None:
    """Which report to ask and how much to read, in plain words; the conversations; the technical details
    (store, model, answer mode) under About."""
    library = assistant.library
    titles = {p.source.id: p.source.title for p in library.parsed}
    shared = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    names = {s: f"{t} ({s})" if t in shared else t for s, t in titles.items()}  # plain text, not Markdown
    with st.sidebar:
        st.selectbox("Which report to ask", ["", *titles], key="source",
                     format_func=lambda source: names[source] if source else "All reports",
                     help="Answer from one report only, or from all of them.")
        st.slider("Passages to read per answer", 1, 10, session.DEFAULT_K, key="k",
                  help="How many passages of the report are read before answering. More gives broader answers "
                       "with more sources to check; figures always come from the report's tables.")
        st.caption(f"Briefing: {count(len(session.basket()))}, saved as you go.")
        conversations()
        about(library)


def conversations() -> None:
    """Saved conversations: reopen one (its answers come back as they were); the chat page starts a new one."""
    saved = session.saved_conversations()
    with st.expander(f"Conversations ({len(saved)})"):
        st.caption("Every conversation is saved; reopen one to read its answers again.")
        current = st.session_state.get("conversation-id")
        for record in saved[:20]:
            changed = datetime.fromisoformat(record.updated)
            st.button(escape(f"{record.title} ({changed.day} {changed:%b}, {len(record.answers)} answers)"),
                      key=f"open-conversation-{record.id}", disabled=record.id == current,
                      on_click=session.open_conversation, args=(record.id,), type="tertiary")


def about(library) -> None:
    settings = library.settings
    with st.expander("About"):
        st.caption("Answers are copied from the reports: sentences, figures and quotes, each with its source. "
                   "No generative AI writes them, and nothing leaves this computer.")
        st.caption(escape(f"{len(library.parsed)} report(s), {len(library.chunks)} passages indexed. "
                          f"Store: {settings.home}. Embedding model: {settings.model}."))


def main() -> None:
    st.set_page_config(page_title="citebrief", page_icon="📑", layout="wide")
    pages = st.navigation([
        st.Page("views/chat.py", title="Chat", icon=":material/chat:", default=True),
        st.Page("views/briefing.py", title="Briefing", icon=":material/description:", url_path=BRIEFING_PAGE),
        st.Page("views/reports.py", title="Reports", icon=":material/table_view:"),
        st.Page("views/evaluations.py", title="Evaluations", icon=":material/checklist:"),
    ])
    if pages.url_path != BRIEFING_PAGE:  # a cleared briefing can be undone until its page is left
        st.session_state.pop("briefing-undo", None)
    try:
        session.restore()
        if notice := st.session_state.pop("notice", None):
            st.info(notice)
        if session.has_reports():
            sidebar(session.assistant())
        pages.run()
        session.save_conversation()
        session.publish()
    except (StoreError, IngestError, SavedError, ValueError) as exc:
        st.error(escape(str(exc)))
    except Exception as exc:  # the page's edge: a one-line message for the user, the trace for the log
        LOG.exception("the page failed")
        st.error(escape(f"Something went wrong ({type(exc).__name__}: {exc}). The details are in the server log."))


main()
