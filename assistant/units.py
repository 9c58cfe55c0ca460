"""Whole answer units: a sentence that introduces something carries it, or is not used.

'Major findings include the following.' carries its list items; 'One clinical director said:' carries
the block quote after it, with the speaker the report gives it. List items and paragraphs are the blocks
ingest stored (its document model: the role a fitted model gave each block), and a block quote is a quote
ingest found starting after the sentence with nothing but white space between.
Not handled: a list whose items are not blocks of their own (run into one line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.textutil import ends_sentence, sentence_spans
from ingest.types import Block, Chunk

from .lexicon import POINTS_BACK, REFERS_BACK
from .library import Library
from .terms import terms

INTRODUCES = re.compile(r"(?:[:：]|\b(?:the following|as follows|below|these)[.:]?)\s*$", re.I)
BULLET = re.compile(r"^\s*•\s*")
MAX_ITEMS = 12
MAX_UNIT_CHARS = 1600  # a paragraph carried after a colon, not a whole chapter
# A paragraph opening with a letter or number mark ("A. ", "(b) ", "3) ") reads as a list item: the block model
# learns list items from bullets only (the gold marks no other), and a lettered list is a list to a reader.
ITEM_MARK = re.compile(r"^\s*(?:[-–]\s|\d{1,2}[.)]\s|\([a-z0-9]\)\s|[a-z][.)]\s|[A-Z][.)]\s(?=[A-Z]))")
# A role printed under a name: "Chief Information Officer Health Education England" (6 words), "Informatics Skills
# Development Manager North West Informatics Skills Development Network" (10); a name: "Dr Matshidiso Moeti".
LABEL_MAX_WORDS = 12
NAME_MAX_WORDS = 5
PARAGRAPH_REFERENT = 2  # sentences of the paragraph before that a paragraph opening with a pronoun may refer to


@dataclass(frozen=True)
class Piece:
    """A span of a source's cleaned text as shown in an answer; `quoted` pieces are shown in quotation marks."""

    source: str
    start: int
    end: int
    text: str
    quoted: bool = False
    speaker: str = ""


def introduces(text: str) -> bool:
    """The sentence introduces a list or a quote: it ends at a colon or says 'the following'."""
    return bool(INTRODUCES.search(text.strip()))


def unit_of(library: Library, sentence: Chunk) -> tuple[Piece, ...]:
    """A sentence chunk as a whole unit (see unit_at)."""
    return unit_at(library, sentence.source, sentence.start, sentence.end)


def unit_at(library: Library, source: str, start: int, end: int) -> tuple[Piece, ...]:
    """The sentence at text[start:end] with what it introduces (its list items, or the quote or paragraph
    after its colon); () when it introduces something that is not there. A lone list item loses its bullet."""
    text = library.source(source).text
    end = _past_quote(library, source, text, start, end)
    sentence = text[start:end]
    if not introduces(sentence):
        shown = BULLET.sub("", sentence) if BULLET.match(sentence) else sentence
        return (Piece(source, start, end, shown),)
    carried = carried_after(library, source, text, end, colon=sentence.rstrip().endswith(":"))
    if any(p.quoted and not _introduced_as(sentence, p.speaker, library.speakers) for p in carried):
        return ()  # 'One medical director said:' never introduces a clinical director's words
    return (Piece(source, start, end, sentence),) + carried if carried else ()


def _introduced_as(sentence: str, speaker: str, speakers) -> bool:
    """The introducing sentence names no speaker role, or names the quote's own."""
    lowered = sentence.lower()
    named = [role for role in speakers if re.search(rf"\b{re.escape(role)}s?\b", lowered)]
    return not named or speaker in named


def _past_quote(library: Library, source: str, text: str, start: int, end: int) -> int:
    """The sentence's end moved past a quote that opens in it and closes after it: the sentence
    splitter cannot see inside ‘...’, so 'said: ‘Our future isn’t... management. This is...’' is one sentence."""
    for quote in library.quotes:
        if quote.source == source and start <= quote.start < end < quote.end:
            closing = re.match(r"[’'”\"]?[.!?]?", text[quote.end:])
            return quote.end + (closing.end() if closing else 0)
    return end


def carried_after(library: Library, source: str, text: str, at: int, colon: bool) -> tuple[Piece, ...]:
    """What follows an introducing sentence ending at `at`: list items, else a block quote, else (after a
    colon) the next paragraph."""
    following = _blocks_after(library, source, text, at)
    items = []
    for block in following:
        if not is_list_item(block, text) or len(items) >= MAX_ITEMS:
            break
        items.append(Piece(source, block.start, block.end, text[block.start:block.end]))
    if items:
        return tuple(items)
    quote = next((q for q in library.quotes if q.source == source and q.start >= at
                  and not text[at:q.start].strip(" \n‘“'\"")), None)
    if quote:
        return (Piece(source, quote.start, quote.end, quote.text, quoted=True, speaker=quote.speaker),)
    after = following[0] if following else None
    if colon and after and after.role == "paragraph" and after.end - after.start <= MAX_UNIT_CHARS:
        return (Piece(source, after.start, after.end, text[after.start:after.end]),)
    return ()


def is_list_item(block: Block, text: str) -> bool:
    return block.role == "list_item" or (block.role == "paragraph" and bool(ITEM_MARK.match(text[block.start:block.end])))


def _blocks_after(library: Library, source: str, text: str, at: int) -> list[Block]:
    """The stored blocks that follow offset `at` one after another, each after nothing but white space
    (or its own bullet or number, which ingest keeps as the block's label)."""
    found, cursor = [], at
    for block in library.blocks_from(source, at):
        if text[cursor:block.start].strip().removesuffix(block.label).strip() or len(found) > MAX_ITEMS:
            break
        found.append(block)
        cursor = block.end
    return found


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-empty paragraphs of text[start:end] as (start, end) offsets."""
    out = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text[start:end]):
        piece = match.group(0)
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + match.start() + lead, start + match.start() + lead + len(piece.strip())))
    return out


def sentences_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [span for p_start, p_end in paragraphs(text, start, end) for span in sentence_spans(text[p_start:p_end], p_start)]


def passage_at(library: Library, source: str, start: int, end: int) -> Chunk | None:
    """The first passage a citation of text[start:end] shows (see passages_over)."""
    return next(iter(passages_over(library, source, start, end)), None)


def passages_over(library: Library, source: str, start: int, end: int) -> list[Chunk]:
    """The passages a citation of text[start:end] must show, in reading order: the fewest prose chunks that
    cover the span (a unit running past one chunk's end cites the next too), or else block quotes (a block
    quote standing alone is stored as a quote chunk only; its chunk leaves out the quotation marks a sentence
    of it keeps)."""
    for kind in ("prose", "quote"):
        over = sorted((c for c in library.chunks_of(source, kind) if c.start < end and start < c.end),
                      key=lambda c: c.start)
        if over:
            return _fewest_covering(over, start, end)
    return []


def _fewest_covering(chunks: list[Chunk], start: int, end: int) -> list[Chunk]:
    """Of chunks overlapping text[start:end], sorted by start, the fewest that reach from its start to its end:
    each the one reaching furthest among those begun by where the last one ends (overlapping chunks share text)."""
    chosen: list[Chunk] = []
    reach = max(start, chunks[0].start)
    while reach < end:
        begun = [c for c in chunks if c.start <= reach < c.end]
        if not begun:  # a gap between chunks (a heading, a table): go on from the next one
            later = [c for c in chunks if c.start > reach]
            if not later:
                break
            reach = later[0].start
            continue
        best = max(begun, key=lambda c: c.end)
        chosen.append(best)
        reach = best.end
    return chosen


def referent(library: Library, sentence: Chunk) -> list[tuple[int, int]]:
    """Spans of the sentences that say who or what a sentence points back to: for one opening with a
    pronoun, the sentence before in its paragraph or, when it opens a paragraph (not a list item), the
    last PARAGRAPH_REFERENT sentences of the paragraph before ('In 2016 ... Martin Bardsley asked ...
    He estimated ...'); for one pointing back with a demonstrative, the sentence before when it has the
    noun ('... discussions with the chief executive ... these discussions focus on ...'); for a role printed
    under a name, the name (_name_above); [] otherwise."""
    text = library.source(sentence.source).text
    named = _name_above(library, sentence, text)
    if named:
        return [named]
    pronoun = REFERS_BACK.match(sentence.text)
    pointed = [terms(noun) for noun in POINTS_BACK.findall(sentence.text)]
    if not pronoun and not pointed:
        return []
    start = text.rfind("\n\n", 0, sentence.start)
    keep = 1
    if pronoun and start > 0 and not text[start + 2:sentence.start].strip():  # 'He estimated ...' opens a paragraph
        holding = library.block_at(sentence.source, sentence.end - 1)
        if holding and is_list_item(holding, text):
            return []  # '• It provides ...': a list item's 'it' is the list's subject, not the item before
        start, keep = text.rfind("\n\n", 0, start), PARAGRAPH_REFERENT
    before = [(s, e) for s, e in sentences_in(text, start + 2 if start >= 0 else 0, sentence.start) if e <= sentence.start]
    if before and not pronoun:
        said = set(terms(text[before[-1][0]:before[-1][1]]))
        return before[-1:] if any(noun and noun[0] in said for noun in pointed) else []
    return before[-keep:]


def _name_above(library: Library, sentence: Chunk, text: str) -> tuple[int, int] | None:
    """The line a label line is printed under: 'Filomena Gonçalves' above 'Minister of Health, Cabo Verde'
    (a signature, a list of contributors), so that who holds the role is shown with it. Both are blocks
    of their own with no sentence end, the one above a name's length; None otherwise."""
    block = library.block_at(sentence.source, sentence.start)
    if not block or block.role != "paragraph" or not _is_label(text, block, LABEL_MAX_WORDS):
        return None
    above = library.block_before(sentence.source, block)
    if not above or above.role != "paragraph" or text[above.end:block.start].strip() or not _is_label(text, above, NAME_MAX_WORDS):
        return None
    return above.start, above.end


def _is_label(text: str, block: Block, most_words: int) -> bool:
    words = text[block.start:block.end]
    return len(words.split()) <= most_words and not ends_sentence(words)


def referent_text(library: Library, sentence: Chunk) -> str:
    """The words of `referent`'s sentences, '' when the sentence points back to none."""
    text = library.source(sentence.source).text
    return " ".join(text[s:e] for s, e in referent(library, sentence))
