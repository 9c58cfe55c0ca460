"""The briefing page: what the user collected, in their order, exported as Markdown or Word."""
from __future__ import annotations

import streamlit as st

from ui import briefing, session
from ui.briefing import BriefingItem
from ui.markup import blockquote, emphasised, escape

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render() -> None:
    st.title("Briefing")
    items = session.basket()
    if not items:
        st.info("Nothing collected yet. On the chat page, use “Add to briefing” under a quote, figure or source.")
        return
    for number, item in enumerate(items, start=1):
        _card(number, item, last=number == len(items))
    _exports(items)


def _card(number: int, item: BriefingItem, last: bool) -> None:
    with st.container(border=True):
        text, controls = st.columns([8, 2])
        text.markdown(f"**{number}\\. {escape(briefing.heading(item))}**")
        text.markdown(blockquote(emphasised(item.parts)))
        for note in item.notes:
            text.caption(f"Data note: {escape(note)}")
        text.caption(escape(briefing.reference(item)))
        text.caption(f"Question: {escape(item.question)}")
        up, down, drop = controls.columns(3)
        up.button("", key=f"up-{item.key}", icon=":material/arrow_upward:", help="Move up",
                  disabled=number == 1, on_click=session.move, args=(item.key, -1))
        down.button("", key=f"down-{item.key}", icon=":material/arrow_downward:", help="Move down",
                    disabled=last, on_click=session.move, args=(item.key, 1))
        drop.button("", key=f"remove-{item.key}", icon=":material/delete:", help="Remove",
                    on_click=session.remove, args=(item.key,))


def _exports(items: tuple[BriefingItem, ...]) -> None:
    markdown = briefing.to_markdown(items)
    md, word, clear = st.columns([2, 2, 1])
    md.download_button("Download Markdown", markdown, file_name="briefing.md", mime="text/markdown",
                       key="export-md", icon=":material/download:")
    word.download_button("Download Word (.docx)", briefing.to_docx(items), file_name="briefing.docx", mime=DOCX,
                         key="export-docx", icon=":material/download:")
    clear.button("Clear", key="clear-briefing", on_click=session.clear)
    with st.expander("Preview the Markdown export"):
        st.code(markdown, language="markdown")


if __name__ == "__main__":
    render()
