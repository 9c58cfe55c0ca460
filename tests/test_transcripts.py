"""Interview transcripts (.txt, .md, .docx, .vtt): each interviewee turn a verbatim, attributed, findable quote."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from assistant.answer import Assistant, find_quotes
from assistant.library import Library
from ingest.load import load
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import Store
from ingest.structure import parse
from ingest.types import parsed_from_dict, to_dict
from ui.cli import main

REPORT = Path(__file__).resolve().parents[1] / "corpus" / "kings-fund-2010-leadership-needs.txt"
QUESTION_1 = "What support did you get when you took on the role?"
QUESTION_2 = "And the finances?"
# What each interviewee said, as it must come back: odd spacing collapsed, line wraps joined, curly quotes kept.
SUPPORT = ["Very little, to be honest. I was given a folder and a “good luck”.",
           "Later I found a mentor who’d been a director herself — and that ‘changed everything’."]
FINANCES = "The board expected me to carry the finances, which nobody had trained us for."
COACHING = "I’d say the same about coaching."

TXT = f"""Title: Interview with a clinical director
Date: 14 March 2011
Interviewee role: Clinical director
Organisation type: Acute trust

Interviewer:  {QUESTION_1}

Clinical director (acute trust):   Very little, to be   honest. I was given
a folder and a “good luck”.

Later I found a mentor who’d been a director herself —
and that ‘changed everything’.
Interviewer: {QUESTION_2}
[00:04:12] MD3: The board expected me to carry the finances,
   which nobody had trained us for.

A: I’d say the same about  coaching.
"""

MD = f"""# Interview with a clinical director

**Date:** 14 March 2011
**Interviewee role:** Clinical director

**Interviewer:** {QUESTION_1}

**Clinical director (acute trust):** Very little, to be honest.  I was given
a folder and a “good luck”.

Later I found a mentor who’d been a director herself —
and that ‘changed everything’.

**Interviewer:** {QUESTION_2}

**MD3 (00:04:12):** The board expected me to carry the finances,
which nobody had trained us for.

**A:**   I’d say the same about coaching.
"""

VTT = f"""WEBVTT

NOTE
Title: Interview with a clinical director
Interviewee role: Clinical director

1
00:00:01.000 --> 00:00:04.000
<v Interviewer>{QUESTION_1}</v>

2
00:00:05.000 --> 00:00:09.000
<v Clinical director (acute trust)>Very little, to be   honest. I was given
a folder and a “good luck”.</v>

3
00:00:09.000 --> 00:00:14.000
Later I found a mentor who’d been a director herself —
and that ‘changed everything’.

4
00:04:10.000 --> 00:04:11.500
<v Interviewer>{QUESTION_2}</v>

5
00:04:12.000 --> 00:04:16.000
<v.loud MD3>The board expected me to carry the finances,</v>

6
00:04:16.000 --> 00:04:18.000
<v MD3>which nobody had trained us for.</v>

7
00:05:00.000 --> 00:05:02.000
<v A>I’d say the same about  coaching.</v>
"""


def write_docx(path: Path) -> None:
    """Header paragraphs, turns as paragraphs, a soft line break inside one, an unlabelled paragraph after it."""
    document = docx.Document()
    for line in ("Title: Interview with a clinical director", "Date: 14 March 2011", "Interviewee role: Clinical director"):
        document.add_paragraph(line)
    document.add_paragraph(f"Interviewer: {QUESTION_1}")
    wrapped = document.add_paragraph()
    wrapped.add_run("Clinical director (acute trust):").bold = True
    wrapped.add_run("  Very little, to be honest. I was given").add_break()
    wrapped.add_run("a folder and a “good luck”.")
    document.add_paragraph("Later I found a mentor who’d been a director herself — and that ‘changed everything’.")
    document.add_paragraph(f"Interviewer: {QUESTION_2}")
    document.add_paragraph("[00:04:12] MD3: The board expected me to carry the finances, which nobody had trained us for.")
    document.add_paragraph("A: I’d say the same about  coaching.")
    document.save(path)


NOTES = """Notes from a conversation with a ward manager

We talked about rotas and the time it takes to build a team. She thought
the trust's induction was too short to be useful.
"""
CAPTIONS = """WEBVTT

00:00:01.000 --> 00:00:03.000
so we started the rota pilot in May

00:00:03.000 --> 00:00:06.000
and it has been running since then
"""


def expected_turns(suffix: str) -> list[tuple[int, str, str, str, str]]:
    """(turn, label, role, text, timestamp) of every interviewee turn; captions run a turn on as one paragraph."""
    joiner = " " if suffix == ".vtt" else "\n\n"
    stamps = {".vtt": ("00:00:05", "00:04:12", "00:05:00")}.get(suffix, ("", "00:04:12", ""))
    return [(2, "Clinical director (acute trust)", "clinical director", joiner.join(SUPPORT), stamps[0]),
            (4, "MD3", "medical director", FINANCES, stamps[1]),
            (5, "A", "clinical director", COACHING, stamps[2])]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("transcripts")
    (folder / "cd-txt.txt").write_text(TXT, encoding="utf-8")
    (folder / "cd-md.md").write_text(MD, encoding="utf-8")
    (folder / "cd-vtt.vtt").write_text(VTT, encoding="utf-8")
    write_docx(folder / "cd-docx.docx")
    (folder / "notes.txt").write_text(NOTES, encoding="utf-8")
    (folder / "notes.meta.json").write_text(json.dumps({"kind": "transcript"}), encoding="utf-8")
    (folder / "captions.vtt").write_text(CAPTIONS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def settings(tmp_path_factory, corpus) -> Settings:
    """A temporary store holding the generated transcripts (not the shared session store)."""
    settings = Settings.from_env(home=tmp_path_factory.mktemp("transcript-store"), chroma_url="")
    ingest([corpus], settings)
    return settings


@pytest.fixture(scope="module")
def library(settings) -> Library:
    return Library.open(settings)


def stored(settings: Settings, source_id: str):
    return Store(settings).load_source(source_id)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".vtt"])
def test_every_interviewee_turn_comes_back_verbatim_with_its_label_role_turn_and_time(settings, suffix):
    parsed = stored(settings, f"cd-{suffix[1:]}")
    got = [(q.turn, q.label, q.speaker, q.text, q.timestamp) for q in parsed.quotes]
    assert got == expected_turns(suffix)
    assert all(parsed.source.text[q.start:q.end] == q.text for q in parsed.quotes)
    assert parsed.source.kind == "transcript" and parsed.source.title == "Interview with a clinical director"


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_the_header_block_becomes_the_sources_metadata(settings, suffix):
    source = stored(settings, f"cd-{suffix[1:]}").source
    assert source.year == 2011
    assert ("Interviewee role", "Clinical director") in source.details and ("Date", "14 March 2011") in source.details


def test_interviewer_turns_are_context_for_the_answer_not_quotes(settings):
    parsed = stored(settings, "cd-txt")
    assert all(q.label != "Interviewer" and QUESTION_1 not in q.text for q in parsed.quotes)
    opening = next(c for c in parsed.chunks if c.kind == "prose" and SUPPORT[0] in c.text)
    assert opening.text.startswith(f"Interviewer: {QUESTION_1}") and opening.section == "Turn 2, Clinical director (acute trust)"
    second = next(c for c in parsed.chunks if c.kind == "prose" and FINANCES in c.text)
    assert second.text.startswith(f"Interviewer: {QUESTION_2}") and second.section == "Turn 4, MD3 (00:04:12)"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".vtt"])
def test_chunks_start_at_a_turn_and_slice_back_out_of_the_text_exactly(settings, suffix):
    parsed = stored(settings, f"cd-{suffix[1:]}")
    turn_starts = {s.start for s in parsed.sections}
    for chunk in parsed.chunks:
        assert parsed.source.text[chunk.start:chunk.end] == chunk.text
        if chunk.kind == "prose":
            assert chunk.start in turn_starts
        else:  # quotes and sentences lie inside one interviewee turn
            assert any(q.start <= chunk.start and chunk.end <= q.end for q in parsed.quotes)
    assert {c.speaker for c in parsed.chunks if c.kind == "quote"} == {"clinical director", "medical director"}


def test_quote_search_with_a_role_filter_finds_the_transcript_turn_and_says_where_it_is(library, settings, capsys):
    assert main(["--home", str(settings.home), "quotes", "board finances training", "--speaker", "medical", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["text"] for r in rows} == {FINANCES} and {r["speaker"] for r in rows} == {"medical director"}
    txt = next(r for r in rows if r["source"] == "cd-txt")
    assert (txt["kind"], txt["turn"], txt["timestamp"], txt["label"], txt["section"]) == (
        "transcript", 4, "00:04:12", "MD3", "Turn 4, MD3 (00:04:12)")


def test_clinical_director_quotes_come_from_their_turns_only(library):
    rows = find_quotes(library, "mentor support good luck", speaker="clinical director", k=20)
    assert rows and {r["speaker"] for r in rows} == {"clinical director"}
    assert {r["text"] for r in rows} <= {" ".join(SUPPORT), "\n\n".join(SUPPORT), COACHING}


def test_the_source_filter_keeps_quote_search_to_one_transcript(library, settings, capsys):
    assert main(["--home", str(settings.home), "quotes", "mentor", "--source", "cd-vtt"]) == 0
    out = capsys.readouterr().out
    assert "transcript cd-vtt, Turn 2, Clinical director (acute trust) (00:00:05)" in out
    assert "cd-txt" not in out and "cd-md" not in out
    assert main(["--home", str(settings.home), "quotes", "mentor", "--source", "nowhere"]) == 2
    assert "no source 'nowhere'" in capsys.readouterr().err


def test_an_answer_cites_the_transcript_its_speaker_and_turn(library):
    answer = Assistant(library).ask("What did a medical director say about the finances?")
    assert answer.route == "quote" and answer.quotes[0].text == FINANCES
    assert answer.quotes[0].speaker == "medical director"
    cited = answer.citations[answer.quotes[0].citation - 1]
    assert cited.title == "Interview with a clinical director" and cited.section.startswith("Turn 4, MD3")


@pytest.mark.parametrize("name, words", [("notes", "build a team"), ("captions", "rota pilot in May")])
def test_a_transcript_without_speaker_labels_is_ingested_as_plain_text_with_a_warning(settings, name, words):
    parsed = stored(settings, name)
    assert not parsed.quotes and any(words in c.text for c in parsed.chunks)
    assert len(parsed.warnings) == 1 and "no turn has a speaker label" in parsed.warnings[0]
    assert "-->" not in parsed.source.text  # caption timings are not words


def test_a_transcript_is_recognised_by_its_turns_alone(tmp_path):
    path = tmp_path / "qa.txt"
    path.write_text("Q: How long have you been in post?\nA: Three years, give or take.\nQ: And before that?\n"
                    "A: I was a consultant\nfor a decade.\n", encoding="utf-8")
    parsed = parse(load(path), "qa", 700)
    assert parsed.source.kind == "transcript"
    assert [(q.turn, q.label, q.speaker, q.text) for q in parsed.quotes] == [
        (2, "A", "respondent", "Three years, give or take."), (4, "A", "respondent", "I was a consultant for a decade.")]


def test_the_report_is_still_read_as_a_report():
    parsed = parse(load(REPORT), "report", 700)
    assert parsed.source.kind == "report" and parsed.quotes and not parsed.warnings
    assert all(q.turn is None for q in parsed.quotes)


def test_a_store_written_before_transcripts_still_loads():
    parsed = parse(load(REPORT), "report", 700)
    data = to_dict(parsed)
    for quote in data["quotes"]:
        del quote["turn"], quote["timestamp"], quote["label"]
    del data["source"]["details"]
    assert parsed_from_dict(data) == parsed
