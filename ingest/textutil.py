"""Small text helpers shared by ingestion and answering: line joining, sentences, tokens."""
from __future__ import annotations

import re

TERMINAL = re.compile(r"[.?!:][’”'\"]?\d?$|[.?!][’”'\"]\)?$")
SENTENCE_END = re.compile(r"(?<=[.?!])[’”'\")\]]*(?:\d(?=\s))?\s+(?=[‘“'\"(\[]?[A-Z0-9])")
# A list item's bullet as PDF text layers print it ("n" and "§" are Wingdings bullets read as letters, U+F0B7
# and U+F0A7 Symbol-font bullets in the private use area).
BULLET_GLYPH = re.compile(r"^\s*(?:[•▪■●◦‣∙·*–\-\uf0b7\uf0a7]|[n§ü](?=\s))\s+(?=\S)")
# A list item's printed mark other than a bullet: a letter, a roman or an arabic number in brackets or before a
# bracket ("a)", "(iv)", "3)"). "3." is not one: it numbers paragraphs (a paragraph's label) and headings.
ITEM_MARK = re.compile(r"^\s*(?:\(?[a-z]\)|\(?[ivx]{1,4}\)|\(?\d{1,2}\))\s+(?=\S)")
# A full stop that does not end a sentence: after a person's title ("Dr. Ned Crosby", "Prof. John Ainsworth"),
# a Latin abbreviation ("e.g. Chief executives"), or a numbering word before its number ("Law No. 41/VI/2004").
# Read off the breaks the ten reports' text layers made before a capital or a digit: 10 "Dr.", 4 "Prof.",
# 3 "No.", 1 "Mr.", 1 "e.g."; "etc." and "et al." do end sentences there and are not listed.
NOT_AN_END = re.compile(r"(?:\b(?:Dr|Prof|Mr|Mrs|Ms|Mx|Rev|Sr|Jr|Hon|Capt|Col|Lt|Sgt|St)|\b[a-z]\.[a-z]|\b(?:cf|vs|approx|incl)"
                        r"|\b(?:No|Nos|Vol|Fig|pp|para|paras)(?=\.\s+\d))\.\s+\S$")
WORD = re.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)?")
# Signs of speech, for the quote features: a speaker's own person, and a spoken contraction ("don't", "we've",
# "it's"). A possessive "'s" is none: a report writes "the trust's induction" and "the pilot's budget" in its own
# voice, and counted as a contraction it made such a paragraph of a short note a quote.
FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|my|me|we|we’re|our|us)\b")
CONTRACTION = re.compile(r"\w[’'](?:t|ve|m|ll|re|d)\b|\b(?:it|that|there|here|he|she|what|who|where|how|let)[’']s\b",
                         re.IGNORECASE)


def ends_sentence(line: str) -> bool:
    return bool(TERMINAL.search(line.rstrip()))


def join_lines(lines: list[str]) -> str:
    """Re-flow wrapped lines into one paragraph; a line-end hyphen joins without a space."""
    text = ""
    for line in lines:
        piece = " ".join(line.split())
        if not piece:
            continue
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[0].isalpha():
            text += piece
        else:
            text = f"{text} {piece}" if text else piece
    return text


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence (start, end) spans of a paragraph, shifted by offset; does not split inside ‘quotes’ it cannot see."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if NOT_AN_END.search(text[max(0, match.start() - 8):match.end() + 1]):
            continue
        end = match.start() + len(match.group(0).rstrip())
        if end - start > 1:
            spans.append((offset + start, offset + end))
        start = match.end()
    if text[start:].strip():
        spans.append((offset + start, offset + len(text.rstrip())))
    return spans


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]
