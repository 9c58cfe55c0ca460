"""The document model stored with each source: blocks with roles, parents and provenance that slice the
cleaned text back out, line boxes that put any span on its printed page, and the accessors callers use."""
from __future__ import annotations

import json

from test_layout_pdf import Printer, parsed

from ingest.document import attribution_of, block_at, boxes_for, list_of
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import Store
from ingest.types import ROLES, ParsedSource, parsed_from_dict, to_dict


def assert_round_trip(source: ParsedSource) -> None:
    """Every block's span lies in the text, in order, and every printed line's span lies inside its block."""
    text, blocks = source.source.text, source.blocks
    assert blocks and all(b.role in ROLES for b in blocks)
    assert [b.start for b in blocks] == sorted(b.start for b in blocks)
    assert all(0 <= b.start < b.end <= len(text) and text[b.start:b.end].strip() for b in blocks)
    assert all(b.start <= line.start <= line.end <= b.end for b in blocks for line in b.lines)
    covered = {(q.start, q.end) for q in source.quotes}
    assert all(any(b.start <= s and e <= b.end for b in blocks) for s, e in covered)


def test_the_kings_fund_blocks_slice_the_text_and_its_list_knows_its_lead_in(parsed):
    assert_round_trip(parsed)
    text = parsed.source.text
    first_item = block_at(parsed.blocks, text.index("Both medical and clinical directors embrace the quality agenda"))
    lead, items = list_of(parsed.blocks, first_item)
    assert text[parsed.blocks[lead].start:parsed.blocks[lead].end] == "Major findings include the following."
    assert [text[parsed.blocks[k].start:parsed.blocks[k].start + 24] for k in items] == [
        "• Both medical and clini", "• Both medical and clini", "• Clinical directors bel", "• Clinical directors and"]
    furniture = [b.text for b in parsed.furniture if b.role == "furniture"]
    assert "3 © The King’s Fund 2010" in furniture and "3 © The King’s Fund 2010" not in text


def attributed_quote(tmp_path):
    printer = Printer().page(1)
    printer.lines(["Participants were supportive of a shared record.", "One participant put it like this:"], 80)
    quote = dict(x=108, style="I", color=(0, 110, 180))
    printer.lines(['"You have an organisation full of people who cannot share', 'information between practices."'],
                  125, **quote)
    printer.line("Leeds, female, Workshop 2", 160, **{**quote, "x": 360})
    printer.lines(["Others were less sure about it."], 190)
    return parsed(printer.save(tmp_path, "attributed"))


def test_a_quote_knows_its_attribution_and_its_words_map_to_boxes_on_its_page(tmp_path):
    source = attributed_quote(tmp_path)
    assert_round_trip(source)
    quote = next(k for k, b in enumerate(source.blocks) if b.role == "quote")
    said = attribution_of(source.blocks, quote)
    assert source.source.text[source.blocks[said].start:source.blocks[said].end] == "Leeds, female, Workshop 2"
    assert source.blocks[quote].parent == quote - 1  # the paragraph introducing it
    text = source.source.text
    start = text.index("cannot share")
    boxes = boxes_for(source.blocks, start, text.index("practices") + len("practices"))
    assert [page for page, *_ in boxes] == [1, 1]  # the two printed lines of the quote, on page 1
    (_, x0, top, x1, bottom), (_, _, top2, _, _) = boxes
    assert 108 < x0 < x1 and top < bottom < top2  # from the words' place on the first line, down to the second


def test_a_source_stored_before_the_document_model_still_loads(parsed):
    data = to_dict(parsed)
    del data["blocks"], data["furniture"]
    old = parsed_from_dict(json.loads(json.dumps(data)))
    assert old.blocks == () and old.source == parsed.source
    assert parsed_from_dict(json.loads(json.dumps(to_dict(parsed)))) == parsed


def test_a_store_read_by_an_older_parser_is_read_again_by_the_next_ingest(tmp_path, write_survey):
    corpus = tmp_path / "corpus"
    write_survey(corpus, "northern")
    settings = Settings.from_env(home=tmp_path / "store", chroma_url="")
    ingest([corpus], settings)
    store = Store(settings)
    manifest = store.manifest()
    stored = store.load_source("northern")
    store.write_manifest({**manifest, "parser": "0"})
    store.save_source(ParsedSource(stored.source, chunks=stored.chunks))  # as an old parser left it: no blocks
    elsewhere = tmp_path / "more"
    write_survey(elsewhere, "southern")
    ingest([elsewhere / "southern.txt"], settings)  # another file: the stored one is read again all the same
    assert Store(settings).load_source("northern").blocks
    assert Store(settings).manifest()["parser"] != "0"


def test_footnote_numbers_glued_to_words_are_links_and_paragraph_numbers_are_labels(tmp_path):
    numbered = "\n\n".join(f"{n}. The committee heard evidence on point {n} of the inquiry." for n in range(1, 13))
    path = tmp_path / "committee.txt"
    path.write_text("Evidence\n\nThe plan was about levelling up.7 It was debated by men,8 and women.\n\n"
                    f"{numbered}\n\n7 The white paper of 2022.\n\n8 Hansard, 3 May.\n", encoding="utf-8")
    source = parsed(path)
    text = source.source.text
    assert "about levelling up. It was debated by men, and women." in text
    glued = source.blocks[block_at(source.blocks, text.index("levelling up."))]
    assert glued.links == ("7", "8")
    eleventh = source.blocks[block_at(source.blocks, text.index("on point 11 of"))]
    assert (eleventh.label, text[eleventh.start:eleventh.end]) == ("11.", "The committee heard evidence on point 11 of "
                                                                    "the inquiry.")
