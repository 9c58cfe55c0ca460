"""What the pages share: the assistant (loaded once per process) and each browser session's state.

A session's basket and conversation are its own; each is written to the workspace (ui.saved) as it changes,
and the page's address names them (?briefing=ID&conversation=ID), so a reload, a bookmark or a restarted
server brings them back. A session that opens no address starts with an empty basket and conversation.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import streamlit as st

from assistant.answer import Assistant
from assistant.conversation import Conversation
from assistant.library import Library
from assistant.types import Answer
from ingest.settings import Settings
from ingest.store import Store

from . import briefing
from .briefing import BriefingItem
from .ingests import Worker
from .saved import SavedBriefing, SavedConversation, Workspace, new_id, now

DEFAULT_K = 5
PARAMETERS = {"briefing": "briefing-id", "conversation": "conversation-id"}  # address parameter -> state key


# One library at a time: a newer ingest replaces it (the model itself stays loaded).
@st.cache_resource(show_spinner="Loading the reports and the model…", max_entries=1)
def _load(home: str, model: str, chroma_url: str, version: int) -> Assistant:
    return Assistant(Library.open(Settings.from_env(home=home, model=model, chroma_url=chroma_url)))


def assistant() -> Assistant:
    """The assistant over the store named by the environment (CITEBRIEF_HOME, CITEBRIEF_MODEL...),
    reloaded when an ingest elsewhere has changed the store since it was loaded."""
    settings = Settings.from_env()
    return _load(str(settings.home), settings.model, settings.chroma_url, Store(settings).version())


def workspace() -> Workspace:
    return Workspace(home())


def settings() -> Settings:
    """The store's settings, from the environment (CITEBRIEF_HOME, CITEBRIEF_MODEL...)."""
    return Settings.from_env()


def home() -> Path:
    """The store's folder: reports, uploads, rendered pages and saved work live under it."""
    return settings().home


def has_reports() -> bool:
    """True when the store holds at least one report (a new store, or one whose reports were all removed, holds none)."""
    store = Store(Settings.from_env())
    return store.exists() and bool(store.manifest()["sources"])


@st.cache_resource(show_spinner=False)
def _worker(home: str, model: str, chroma_url: str) -> Worker:
    return Worker(Settings.from_env(home=home, model=model, chroma_url=chroma_url))


def worker() -> Worker:
    """The server's one worker for changes to the store (ui.ingests), shared by every session."""
    settings = Settings.from_env()
    return _worker(str(settings.home), settings.model, settings.chroma_url)


def passages() -> int:
    return st.session_state.get("k", DEFAULT_K)


def source() -> str:
    """The report picked in the sidebar, or "" for all of them."""
    return st.session_state.get("source") or ""


# ---- the address: what a reload or a bookmark opens ------------------------------------------------
def restore() -> None:
    """On a session's first run, open the briefing and conversation its address names; say so if one is gone."""
    if st.session_state.get("restored"):
        return
    st.session_state["restored"] = True
    wanted = {name: st.query_params.get(name) for name in PARAMETERS}
    if wanted["briefing"] and not open_briefing(wanted["briefing"]):
        st.session_state["notice"] = "The briefing this address names has been deleted; a new one is started."
    if wanted["conversation"] and not open_conversation(wanted["conversation"]):
        st.session_state["notice"] = "The conversation this address names has been deleted; a new one is started."


def publish() -> None:
    """Write the open briefing's and conversation's ids into the page's address (nothing for unsaved work)."""
    wanted = {name: st.session_state[key] for name, key in PARAMETERS.items() if st.session_state.get(key)}
    if {name: st.query_params.get(name) for name in PARAMETERS if name in st.query_params} != wanted:
        st.query_params.from_dict(wanted)


# ---- the briefing basket -----------------------------------------------------------------------------
def basket() -> tuple[BriefingItem, ...]:
    return st.session_state.setdefault("briefing", ())


def title() -> str:
    return st.session_state.setdefault("briefing-title", default_title())


def author() -> str:
    return st.session_state.setdefault("briefing-author", default_author())


def summary() -> str:
    return st.session_state.setdefault("briefing-summary", "")


def default_title() -> str:
    today = datetime.now()
    return f"Briefing of {today.day} {today:%B %Y, %H:%M}"


def default_author() -> str:
    """Who prepares a new briefing: CITEBRIEF_AUTHOR, else the name last given on a saved briefing, else no one
    (never the computer's login name, which is not how a person signs a briefing)."""
    given = os.environ.get("CITEBRIEF_AUTHOR", "").strip()
    return given or next((b.author for b in saved_briefings() if b.author), "")


# Button callbacks: they run before the page is drawn, so the page always shows the new basket.
def add(item: BriefingItem) -> None:
    _set_basket(briefing.added(basket(), item))


def remove(key: str) -> None:
    _set_basket(briefing.removed(basket(), key))


def move(key: str, step: int) -> None:
    _set_basket(briefing.moved(basket(), key, step))


def clear() -> None:
    """Empty the basket; undo() puts the items back until the user leaves the Briefing page."""
    st.session_state["briefing-undo"] = basket()
    _set_basket(())


def undo() -> None:
    _set_basket(st.session_state.pop("briefing-undo", basket()))


def retitle(new_title: str) -> None:
    """Name the open briefing (a blank title is the dated default)."""
    st.session_state["briefing-title"] = " ".join(new_title.split()) or default_title()
    _save_briefing(force=True)


def reauthor(new_author: str) -> None:
    """Who prepared the open briefing (blank: no one named)."""
    st.session_state["briefing-author"] = " ".join(new_author.split())
    _save_briefing(force=True)


def summarise(text: str) -> None:
    """The briefing's summary, in the user's words (kept as typed, paragraphs and all)."""
    st.session_state["briefing-summary"] = text.strip()
    _save_briefing(force=True)


def note(key: str, text: str) -> None:
    """The user's words for one item, shown above its evidence."""
    _set_basket(briefing.noted(basket(), key, text))


def new_briefing() -> None:
    """Start an empty, unsaved basket; the open one stays saved as it is."""
    for key in ("briefing", "briefing-id", "briefing-title", "briefing-summary", "briefing-undo"):
        st.session_state.pop(key, None)


def open_briefing(briefing_id: str) -> bool:
    """Make a saved briefing this session's basket; False when no briefing has this id."""
    saved = workspace().load(SavedBriefing, briefing_id)
    if saved is None:
        return False
    st.session_state.pop("briefing-undo", None)
    st.session_state.update({"briefing": saved.items, "briefing-id": saved.id, "briefing-title": saved.title,
                             "briefing-author": saved.author, "briefing-summary": saved.summary})
    return True


def delete_briefing(briefing_id: str) -> None:
    workspace().delete(SavedBriefing, briefing_id)
    if st.session_state.get("briefing-id") == briefing_id:
        new_briefing()


def saved_briefings() -> list[SavedBriefing]:
    return workspace().listing(SavedBriefing)


def _set_basket(items: tuple[BriefingItem, ...]) -> None:
    st.session_state["briefing"] = items
    _save_briefing()


def _save_briefing(force: bool = False) -> None:
    """Write the open briefing; an unsaved one is created by its first item (or by naming it)."""
    briefing_id = st.session_state.get("briefing-id")
    if not briefing_id and not (basket() or force):
        return
    stamp = now()
    current = workspace().load(SavedBriefing, briefing_id) if briefing_id else None
    record = SavedBriefing(briefing_id or new_id(), title(), current.created if current else stamp, stamp,
                           author(), basket(), summary())
    workspace().save(record)
    st.session_state["briefing-id"] = record.id


# ---- the conversation ------------------------------------------------------------------------------------
def history() -> list[Answer]:
    return st.session_state.setdefault("history", [])


def conversation() -> Conversation:
    """The turns the assistant reads a follow-up against (reset with the history, never saved)."""
    return st.session_state.setdefault("conversation", Conversation())


def save_conversation() -> None:
    """Write the conversation when it has answers it had not saved (called after each run of a page).
    A history shorter than what was saved is a new conversation, so it gets a new id."""
    answers, saved = tuple(history()), st.session_state.get("conversation-saved", 0)
    if len(answers) == saved or not answers:
        return
    conversation_id = st.session_state.get("conversation-id") if len(answers) > saved else None
    stamp = now()
    current = workspace().load(SavedConversation, conversation_id) if conversation_id else None
    record = SavedConversation(conversation_id or new_id(), _first_line(answers[0].question),
                               current.created if current else stamp, stamp, answers)
    workspace().save(record)
    st.session_state.update({"conversation-id": record.id, "conversation-saved": len(answers)})


def new_conversation() -> None:
    """Start an empty conversation; the current one stays saved. The next question is read on its own."""
    st.session_state.update({"history": [], "conversation-saved": 0, "conversation": Conversation()})
    st.session_state.pop("conversation-id", None)


def open_conversation(conversation_id: str) -> bool:
    saved = workspace().load(SavedConversation, conversation_id)
    if saved is None:
        return False
    st.session_state.update({"history": list(saved.answers), "conversation-id": saved.id,
                             "conversation-saved": len(saved.answers), "conversation": Conversation()})
    return True


def saved_conversations() -> list[SavedConversation]:
    return workspace().listing(SavedConversation)


def _first_line(question: str, limit: int = 80) -> str:
    line = " ".join(question.split()) or "(empty question)"
    return line if len(line) <= limit else line[:limit - 1] + "…"
