"""The five real reports read by their layout, checked against the gold typed by hand from the PDFs."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import pytest

from conftest import REAL_REPORTS, gold

QUOTED = re.compile(r"[a-z0-9']+")


def norm(text: str) -> str:
    for curly, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("\u00a0", " ")):
        text = text.replace(curly, plain)
    return " ".join(text.split()).lower()


def words(text: str) -> list[str]:
    return QUOTED.findall(norm(text))


def covered(gold_text: str, parsed_text: str) -> bool:
    """At least 80 per cent of the gold quote's words in one run (the shared scorer's rule)."""
    g, p = words(gold_text), words(parsed_text)
    match = SequenceMatcher(None, g, p, autojunk=False).find_longest_match(0, len(g), 0, len(p))
    return bool(g) and match.size >= 0.8 * len(g)


@pytest.mark.parametrize("report", REAL_REPORTS)
def test_headings_match_the_gold_at_its_depth_with_f1_of_at_least_0_9(real_parsed, report):
    """The gold lists headings down to some level; headings nested deeper are not scored."""
    sections = gold(report, "sections.json")
    depth = max(s["level"] for s in sections)
    expected = [norm(s["title"]) for s in sections]
    found = [norm(s.heading) for s in real_parsed[report].sections if s.heading and len(s.path) <= depth]
    hits = sum(1 for title in expected if title in found)
    precision, recall = hits / max(1, len(found)), hits / len(expected)
    assert 2 * precision * recall / (precision + recall) >= 0.9, (precision, recall)


@pytest.mark.parametrize("report", REAL_REPORTS)
def test_each_gold_heading_found_starts_on_its_printed_page(real_parsed, report):
    source = real_parsed[report].source
    pages: dict[str, set[int]] = {}  # a heading may recur ("Projected supply" in every chapter)
    for section in real_parsed[report].sections:
        pages.setdefault(norm(section.heading), set()).add(source.pdf_page_at(section.start))
    wrong = [(s["title"], s["page_pdf"], pages[norm(s["title"])]) for s in gold(report, "sections.json")
             if norm(s["title"]) in pages and s["page_pdf"] not in pages[norm(s["title"])]]
    assert wrong == []


def test_printed_quotes_are_found_verbatim_with_their_speakers(real_parsed):
    found = attributed = total = 0
    for report in REAL_REPORTS:
        quotes = real_parsed[report].quotes
        for expected in gold(report, "quotes.jsonl"):
            total += 1
            match = next((q for q in quotes if covered(expected["text"], q.text)), None)
            found += match is not None
            attributed += match is not None and norm(match.speaker) in norm(expected["speaker"])
    assert total == 99
    assert found >= 0.95 * total and attributed >= 0.9 * total, (found, attributed)


@pytest.mark.parametrize("report", REAL_REPORTS)
def test_every_quote_is_a_verbatim_span_of_the_source(real_parsed, report):
    parsed = real_parsed[report]
    assert all(parsed.source.text[q.start:q.end] == q.text for q in parsed.quotes)


@pytest.mark.parametrize("report", REAL_REPORTS)
def test_no_running_header_or_footer_is_left_in_any_chunk(real_parsed, report):
    furniture = gold(report, "furniture.json")
    patterns = [re.compile(re.escape(norm(f)).replace("n", r"\d+", 1) if f.startswith("N ") else re.escape(norm(f)))
                for f in furniture["running_headers"] + furniture["running_footers"] if not f.startswith("N (")]
    left = [(c.page_label, c.text[:80]) for c in real_parsed[report].chunks for p in patterns
            if p.search(norm(c.text)) and c.page_label]  # an unnumbered cover prints the title the header repeats
    assert left == []


@pytest.mark.parametrize("report", REAL_REPORTS)
def test_no_sentence_to_answer_from_is_a_contents_entry(real_parsed, report):
    """A contents page repeats the headings (with dot leaders or without): its lines match a question's words
    and say nothing, so none may be a sentence an answer is built from."""
    sections = gold(report, "sections.json")
    titles = {norm(h["title"]) for h in sections}
    contents_pages = {h["page_pdf"] for h in sections if norm(h["title"]) in ("contents", "table of contents")}
    entries = [c.text[:80] for c in real_parsed[report].chunks if c.kind == "sentence" and (
        (c.page_pdf in contents_pages and norm(c.text) in titles) or re.search(r"\.{6,}\s*\d+$", c.text))]
    assert entries == []


@pytest.mark.parametrize("report", REAL_REPORTS)
def test_chunks_carry_the_printed_page_label_and_the_pdf_page(real_parsed, report):
    """Printed = PDF page - the gold's offset wherever a page prints its number."""
    offset = gold(report, "furniture.json")["printed_vs_pdf_page_offset"]
    chunks = [c for c in real_parsed[report].chunks if c.page_label.isdigit()]
    assert len(chunks) >= 0.8 * len(real_parsed[report].chunks)
    assert all(int(c.page_label) == c.page_pdf - offset == c.page for c in chunks)


@pytest.mark.parametrize("report", REAL_REPORTS)
def test_no_page_of_a_real_report_is_named_unreadable_or_garbled(real_parsed, report):
    """The readers' page checks (no text layer, garbled text, a script the model does not read) fire on
    faulty files only: every real report's pages are read."""
    named = [w for w in real_parsed[report].warnings
             if any(fault in w for fault in ("no text layer", "garbled", "character map", "could not be read",
                                              "does not read"))]
    assert not named, named
