"""The briefing page: what the user collected, in their order; its title and author; the saved briefings;
downloads as Word or Markdown. Every change is saved at once (ui.session)."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from ui import briefing, export, session
from ui.briefing import BriefingItem
from ui.markup import blockquote, escape
from ui.saved import SavedBriefing

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIELDS = {"title-field": session.title, "author-field": session.author, "summary-field": session.summary}


def render() -> None:
    document = export.Document(session.title(), session.author(), datetime.now(), session.summary())
    st.title(escape(document.title))
    st.caption(escape(document.byline))
    _details()
    _summary()
    _undo_bar()
    items = session.basket()
    if items:
        for number, item in enumerate(items, start=1):
            _card(number, item, last=number == len(items))
        _exports(items, document)
    elif "briefing-undo" not in st.session_state:
        st.info("Nothing collected yet. On the chat page, use “Add to briefing” under a quote, figure or source.")
    _saved_briefings()


def _details() -> None:
    """Title and author, saved when either changes; a new briefing's author is the one last given (or
    CITEBRIEF_AUTHOR)."""
    for key, current in FIELDS.items():
        st.session_state.setdefault(key, current())
    title, author = st.columns([3, 2])
    title.text_input("Title", key="title-field", on_change=_title_changed, max_chars=200)
    author.text_input("Prepared by", key="author-field", on_change=_author_changed, max_chars=120,
                      help="Printed under the title and stored as the Word document's author; new briefings "
                           "start with the name given last.")


def _summary() -> None:
    """The summary in the user's words, printed under the title of both exports."""
    st.session_state.setdefault("summary-field", session.summary())
    st.text_area("Summary", key="summary-field", on_change=lambda: session.summarise(st.session_state["summary-field"]),
                 placeholder="What the reader should take away, in your words (the evidence follows below).",
                 max_chars=5000)


# Each field saves only its own value and then shows it as saved. Clearing the fields here instead (as
# _forget_fields does when another briefing opens) lost a title typed just before the author on a loaded
# machine (CI, 2026-12-06): the author's run came in before the title's had drawn its field again.
def _title_changed() -> None:
    session.retitle(st.session_state["title-field"])
    st.session_state["title-field"] = session.title()


def _author_changed() -> None:
    session.reauthor(st.session_state["author-field"])
    st.session_state["author-field"] = session.author()


def _forget_fields() -> None:
    """The title, author, summary and item fields show the open briefing's on the next run."""
    for key in [*FIELDS, *(k for k in st.session_state if str(k).startswith("note-"))]:
        st.session_state.pop(key, None)


def _card(number: int, item: BriefingItem, last: bool) -> None:
    with st.container(border=True):
        st.markdown(f"**{number}\\. {escape(briefing.heading(item))}**")
        field = f"note-{item.key}"
        st.session_state.setdefault(field, item.note)
        st.text_area("Your words", key=field, on_change=lambda: session.note(item.key, st.session_state[field]),
                     placeholder="A line to take, or what this shows, in your words.", height=80, max_chars=2000)
        if item.figure:
            st.caption(escape(export.figure_caption(item)))
            st.dataframe(pd.DataFrame([export.figure_row(item)], columns=export.FIGURE_COLUMNS), hide_index=True)
        elif item.kind == "quote":
            st.markdown(blockquote(f"“{escape(item.text)}”\n\n— {escape(item.speaker)}"))
        else:
            st.markdown(blockquote(f"“{escape(item.evidence)}”"))
        for note in item.notes:
            st.caption(f"Data note: {escape(note)}")
        st.caption(escape(f"[{number}] {briefing.reference(item)} · asked: {item.question}"))
        with st.container(horizontal=True):
            st.button("Up", key=f"up-{item.key}", icon=":material/arrow_upward:", disabled=number == 1,
                      on_click=session.move, args=(item.key, -1), help="Move this item up")
            st.button("Down", key=f"down-{item.key}", icon=":material/arrow_downward:", disabled=last,
                      on_click=session.move, args=(item.key, 1), help="Move this item down")
            st.button("Remove", key=f"remove-{item.key}", icon=":material/delete:",
                      on_click=session.remove, args=(item.key,))


def _exports(items: tuple[BriefingItem, ...], document: export.Document) -> None:
    markdown = export.to_markdown(items, document)
    name = _file_name(document.title)
    with st.container(horizontal=True):
        st.download_button("Download Word (.docx)", export.to_docx(items, document), file_name=f"{name}.docx",
                           mime=DOCX, key="export-docx", icon=":material/download:", type="primary")
        st.download_button("Download Markdown", markdown, file_name=f"{name}.md", mime="text/markdown",
                           key="export-md", icon=":material/download:")
        st.button("Clear…", key="clear-briefing", icon=":material/delete_sweep:",
                  on_click=st.session_state.update, args=({"confirm-clear": True},))
    if st.session_state.get("confirm-clear"):
        _confirm_clear(len(items))
    with st.expander("Preview the Markdown export"):
        st.code(markdown, language="markdown")


def _confirm_clear(size: int) -> None:
    st.warning(f"Remove {briefing.count(size)} from this briefing? You can undo this until you leave this page.")
    with st.container(horizontal=True):
        st.button("Yes, clear the briefing", key="confirm-clear-yes", on_click=_clear)
        st.button("No, keep the items", key="confirm-clear-no", on_click=st.session_state.pop,
                  args=("confirm-clear", None))


def _clear() -> None:
    st.session_state.pop("confirm-clear", None)
    session.clear()


def _undo_bar() -> None:
    cleared = st.session_state.get("briefing-undo")
    if cleared is None:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.info(f"The briefing was cleared ({briefing.count(len(cleared))} removed).")
        st.button("Undo", key="undo-clear", icon=":material/undo:", on_click=session.undo)


def _saved_briefings() -> None:
    saved = session.saved_briefings()
    st.subheader("Saved briefings")
    st.caption("Every briefing is saved as you work. The page's address names the open one: bookmark it to come back.")
    st.button("Start a new briefing", key="new-briefing", icon=":material/note_add:", on_click=_new)
    for record in saved:
        _saved_row(record, is_open=record.id == st.session_state.get("briefing-id"))


def _saved_row(record: SavedBriefing, is_open: bool) -> None:
    with st.container(border=True):
        changed = datetime.fromisoformat(record.updated)
        state = " (open)" if is_open else ""
        st.markdown(f"**{escape(record.title)}**{state}")
        st.caption(f"{briefing.count(len(record.items))} · "
                   f"changed {changed.day} {changed:%B %Y, %H:%M}")
        if st.session_state.get("confirm-delete") == record.id:
            st.warning(f"Delete “{escape(record.title)}” for good?")
        with st.container(horizontal=True):
            if st.session_state.get("confirm-delete") == record.id:
                st.button("Yes, delete it", key=f"delete-yes-{record.id}", on_click=_delete, args=(record.id,))
                st.button("No, keep it", key=f"delete-no-{record.id}", on_click=st.session_state.pop,
                          args=("confirm-delete", None))
                return
            st.button("Open", key=f"open-{record.id}", icon=":material/folder_open:", disabled=is_open,
                      on_click=_open, args=(record.id,))
            st.button("Delete…", key=f"delete-{record.id}", icon=":material/delete:",
                      on_click=st.session_state.update, args=({"confirm-delete": record.id},))


def _open(briefing_id: str) -> None:
    session.open_briefing(briefing_id)
    _forget_fields()


def _new() -> None:
    session.new_briefing()
    _forget_fields()


def _delete(briefing_id: str) -> None:
    st.session_state.pop("confirm-delete", None)
    session.delete_briefing(briefing_id)
    _forget_fields()


def _file_name(title: str) -> str:
    """A file name from the title: letters, digits and hyphens only."""
    return "-".join("".join(c if c.isalnum() else " " for c in title).split()).lower()[:80] or "briefing"


if __name__ == "__main__":
    render()
