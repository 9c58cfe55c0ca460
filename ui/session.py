"""What the pages share: the assistant (loaded once per process) and each user's session state."""
from __future__ import annotations

import streamlit as st

from assistant.answer import Assistant
from assistant.library import Library
from assistant.types import Answer
from ingest.settings import Settings
from ingest.store import Store

from . import briefing
from .briefing import BriefingItem

DEFAULT_K = 5


# One library at a time: a newer ingest replaces it (the model itself stays loaded).
@st.cache_resource(show_spinner="Loading the reports and the model…", max_entries=1)
def _load(home: str, model: str, chroma_url: str, version: int) -> Assistant:
    return Assistant(Library.open(Settings.from_env(home=home, model=model, chroma_url=chroma_url)))


def assistant() -> Assistant:
    """The assistant over the store named by the environment (CITEBRIEF_HOME, CITEBRIEF_MODEL...),
    reloaded when an ingest elsewhere has changed the store since it was loaded."""
    settings = Settings.from_env()
    return _load(str(settings.home), settings.model, settings.chroma_url, Store(settings).version())


def passages() -> int:
    return st.session_state.get("k", DEFAULT_K)


def source() -> str:
    """The report picked in the sidebar, or "" for all of them."""
    return st.session_state.get("source") or ""


def history() -> list[Answer]:
    return st.session_state.setdefault("history", [])


def basket() -> tuple[BriefingItem, ...]:
    return st.session_state.setdefault("briefing", ())


# Button callbacks: they run before the page is drawn, so the page always shows the new basket.
def add(item: BriefingItem) -> None:
    st.session_state["briefing"] = briefing.added(basket(), item)


def remove(key: str) -> None:
    st.session_state["briefing"] = briefing.removed(basket(), key)


def move(key: str, step: int) -> None:
    st.session_state["briefing"] = briefing.moved(basket(), key, step)


def clear() -> None:
    st.session_state["briefing"] = ()
