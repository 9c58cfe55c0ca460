"""The chat page's example questions come from the reports loaded: their own headings and tables."""
from __future__ import annotations

from ingest.store import Store
from ui.examples import examples


def made_from(question: str, parsed: list) -> bool:
    """The question names a table and one of its rows, or a section's heading, of these reports."""
    rows = {f"{t.id} show for {f.row}" for p in parsed for t in p.tables for f in t.figures}
    headings = {s.heading.lower().rstrip("?") for p in parsed for s in p.sections}
    asked = question.lower().rstrip("?")
    return any(row in question for row in rows) or any(asked.endswith(h) for h in headings if h)


def test_examples_are_made_from_the_loaded_reports_own_tables_and_headings(two_surveys, library):
    surveys = Store(two_surveys).load_all()
    for parsed in (surveys, library.parsed):
        asked = examples(parsed)
        assert asked and all(made_from(q, parsed) for q in asked), asked
    assert not set(examples(surveys)) & set(examples(library.parsed)), "another library, other examples"


def test_a_heading_printed_as_a_question_is_asked_as_printed_and_a_contents_heading_never(library):
    asked = examples(library.parsed)
    assert "What needs to change?" in asked  # a heading of the King's Fund report, printed as a question
    assert not any(word in q for q in asked for word in ("Summary", "Introduction", "Appendix"))
