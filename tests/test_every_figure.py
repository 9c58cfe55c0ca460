"""Every printed cell of every table can be asked for and comes back exactly."""
from __future__ import annotations

import pytest

from assistant.answer import Assistant
from assistant.langchain_retriever import CitebriefRetriever

TEMPLATES = {
    "number": "In {table}, how many {group} went for “{row}”?",
    "percentage": "What share of {group} went for “{row}” in {table}?",
}


def question_for(figure) -> str:
    group = "respondents in total" if figure.group == "All respondents" else figure.group.lower()
    if figure.row == "Average":
        return f"What was the average confidence figure for {group} in {figure.table}?"
    if figure.row.lower().startswith(("answered", "skipped")):
        return f"How many respondents {figure.row.split()[0].lower()} the question in {figure.table}?"
    return TEMPLATES[figure.measure].format(group=group, row=figure.row, table=figure.table)


def test_every_cell_of_every_table_is_answered_exactly(parsed, assistant: Assistant):
    missed = []
    for table in parsed.tables:
        for figure in table.figures:
            answer = assistant.ask(question_for(figure))
            found = [(f.figure.table, f.figure.row, f.figure.group, f.figure.value) for f in answer.figures]
            if (figure.table, figure.row, figure.group, figure.value) not in found:
                missed.append((question_for(figure), figure.value, found[:2]))
    assert not missed, f"{len(missed)} cells missed, e.g. {missed[:3]}"


def test_the_langchain_retriever_returns_documents_with_citation_metadata(library):
    docs = CitebriefRetriever(library=library, k=3).invoke("increased time for the job")
    assert len(docs) == 3
    text = library.parsed[0].source.text
    for doc in docs:
        meta = doc.metadata
        assert text[meta["start"]:meta["end"]] == doc.page_content
        assert {"source", "title", "section", "kind", "page"} <= set(meta)
