"""Extractive composition: the retrieved sentences that answer the question, as whole units, each cited."""
from __future__ import annotations

import re

from ingest.types import Chunk

from .citations import CitationBook
from .lexicon import ATTRIBUTION, MARKER, NAMED_NUMBER, TWO_ASKED
from .library import Library
from .question import Question
from .shape import TYPE_BONUS, AskedShape
from .terms import terms
from .types import Hit, best_first
from .units import Piece, introduces, passage_at, passages_over, referent, referent_text, sentences_in, unit_at

MAX_SENTENCES = 3
KEEP_WITHIN = 0.08  # a further sentence must score this close to the best one
LEXICAL_WEIGHT = 0.5
FOCUS_WEIGHT = 0.3  # a follow-up's own words ('And how many unique organisations?') weigh again: they are what changed
CUE_BONUS = 0.12  # a sentence that gives a reason, a means or what a section question asks for
MAX_EXPLAINING = 2  # sentences after a claim brought in to explain it
TURNS = re.compile(r"^\W*(however|but|indeed|in fact|one reason|this is because|because|the reason)\b", re.I)
EXPLAIN_POOL = 12
TYPED_POOL = 10
TYPED_WINDOW = 0.2
OTHER_NUMBER = 0.2
RESTATES_QUESTION = re.compile(r"^(we|they)( also)? asked\b|^(they|respondents|participants)( also)? were( also)? asked\b|"
                               r"^we were interested to know\b", re.I)
# A sentence opening with a pronoun ('He estimated that ...') is about what the sentence before it names.
DIGIT = re.compile(r"\d")


def asks_two(q: Question) -> bool:
    """Whether the question asks for two things, which a report often gives in two sentences in a row."""
    return bool(TWO_ASKED.search(q.read_as))


def relevance(library: Library, question_terms: frozenset[str] | set[str], text: str) -> float:
    """Share of the question's (idf-weighted) terms that the text contains."""
    if not question_terms:
        return 0.0
    total = sum(library.idf.get(t, 1.0) for t in question_terms)
    shared = question_terms & set(terms(text))
    return sum(library.idf.get(t, 1.0) for t in shared) / total


def strength(q: Question, sentences: list[Hit]) -> float:
    """How distinctly the best sentence matches: its similarity, its lead over the fifth best, and
    a bonus when one of the three closest has the shape of answer asked for (a date, a number)."""
    ranked = best_first(sentences)
    if not ranked:
        return 0.0
    top, fifth = ranked[0].dense, ranked[min(4, len(ranked) - 1)].dense
    typed = any(q.shape.fits(h.chunk.text) for h in ranked[:3])
    return top + (top - fifth) + (TYPE_BONUS if typed else 0.0)


def choose(library: Library, q: Question, sentences: list[Hit], cue: re.Pattern | None = None,
           explaining: bool = False) -> list[Hit]:
    """The best sentences by meaning and shared words, a sentence of the asked shape (or with the cue:
    a reason for 'why') scoring a little more; those within KEEP_WITHIN of the best. When `explaining`
    (a why or how question), a sentence whose paragraph goes on to give the reason, the means or a
    quote scores as if it gave it, and such sentences are kept in preference to mere restatements."""
    named = NAMED_NUMBER.findall(q.read_as)

    def score(hit: Hit) -> float:
        text = hit.chunk.text
        referred = referent_text(library, hit.chunk) + " " + text
        return (hit.dense + LEXICAL_WEIGHT * relevance(library, q.terms, referred) + (TYPE_BONUS if q.shape.fits(text) else 0.0)
                + FOCUS_WEIGHT * relevance(library, q.focus, text)
                + (CUE_BONUS if cue is not None and cue.search(text) else 0.0) + _numbered_thing(named, text))

    scores = {h.chunk.id: score(h) for h in sentences}
    ranked = best_first(sentences, lambda h: scores[h.chunk.id])
    if explaining and cue is not None:
        ranked = ranked[:EXPLAIN_POOL]
        scores.update({h.chunk.id: scores[h.chunk.id] + CUE_BONUS for h in ranked if _explained(library, h.chunk, cue)})
        ranked = best_first(ranked, lambda h: scores[h.chunk.id])
    scored = [(scores[h.chunk.id], h) for h in ranked]
    if not scored:
        return []
    if q.shape.wants is not None:  # a date or a number is asked: the close sentences that give one, if any do
        typed = [(s, h) for s, h in scored[:TYPED_POOL] if q.shape.gives(h.chunk.text)
                 or (RESTATES_QUESTION.search(h.chunk.text)  # what they were asked, then the answer
                     and any(q.shape.gives(c.text) for c in _following(library, h.chunk)[:1]))]
        if typed and typed[0][0] >= scored[0][0] - TYPED_WINDOW:
            scored = typed
    best = scored[0][0]
    kept = [h for s, h in scored[:MAX_SENTENCES] if s >= best - KEEP_WITHIN]
    if explaining and cue is not None and q.kind == "why":
        kept = [h for h in kept if cue.search(h.chunk.text) or _explained(library, h.chunk, cue)] or kept
    return kept


def _numbered_thing(named: list[tuple[str, str]], text: str) -> float:
    """A sentence naming another of the things the question numbers ('Tier 2' for 'Tier 1') answers another
    question: it loses OTHER_NUMBER; one that opens with the very thing as a label ('Recommendation 5: ...')
    states it and gains as much."""
    said = {(label.lower(), number.lower()) for label, number in NAMED_NUMBER.findall(text)}
    for label, number in named:
        others = {n for l, n in said if l == label.lower()}
        if others and number.lower() not in others:
            return -OTHER_NUMBER
        opening = NAMED_NUMBER.match(text.lstrip())
        if opening and (opening.group(1).lower(), opening.group(2).lower()) == (label.lower(), number.lower()) \
                and text.lstrip()[opening.end():].lstrip()[:1] in (":", "–", "-", "."):
            return OTHER_NUMBER
    return 0.0


def _explained(library: Library, sentence: Chunk, cue: re.Pattern) -> bool:
    """The rest of the sentence's paragraph gives a reason or means, or the paragraph goes on to a quote or list."""
    text = library.source(sentence.source).text
    rest = _rest_of_paragraph(library, sentence)[:MAX_EXPLAINING]
    return any(cue.search(text[s:e]) or introduces(text[s:e]) for s, e in rest) or introduces(sentence.text)


def neutralise_markers(text: str) -> str:
    """A source's own '[7]' would read as one of our citation markers; it is shown as '(7)'."""
    return MARKER.sub(r"(\1)", text)


def compose(library: Library, chosen: list[Hit], book: CitationBook, explains: re.Pattern | None = None,
            shape: AskedShape | None = None, pair: bool = False) -> str:
    """The chosen sentences in reading order as whole units (an introducing sentence with its list or
    quote), each followed by the marker of the passage holding it. With `explains` (a why or how
    question), a chosen sentence that gives no reason or means itself brings the rest of its paragraph,
    where the explanation of a claim usually follows it. With the asked `shape` (a name, a number), a
    sentence without it brings the next one in its paragraph when that one has it ('... well defined.
    The best is Sweden.'). A sentence opening with a pronoun comes after the sentence it refers back to. With `pair` (two things asked, `asks_two`), a sentence giving a figure brings the next
    one in its paragraph when that one gives a figure too ('Rural ... 29%. Urban ... 16%.')."""
    chosen = sorted(chosen, key=lambda h: (h.chunk.source, h.chunk.start))
    units, seen = [], set()
    for chunk in _with_answers(library, [h.chunk for h in chosen], shape, pair):
        spans = referent(library, chunk) + [(chunk.start, chunk.end)]
        if explains is not None and not explains.search(chunk.text):
            spans += _explanation(library, chunk, explains)
        for start, end in spans:
            unit = [p for p in unit_at(library, chunk.source, start, end) if (p.source, p.start) not in seen]
            seen.update((p.source, p.start) for p in unit)
            if unit:
                units.append(tuple(unit))
    return render(library, units, book)


def _explanation(library: Library, sentence: Chunk, cue: re.Pattern) -> list[tuple[int, int]]:
    """The sentences after a claim that explain it: up to the last one giving a reason or means in the rest of
    its paragraph and the next; else the next paragraph's opening when it turns on the claim ('However, ...',
    'Indeed, ...'); else the rest of the claim's paragraph."""
    text = library.source(sentence.source).text
    rest = _rest_of_paragraph(library, sentence)[:MAX_EXPLAINING]
    following = _next_paragraph(text, sentence.end)[:MAX_EXPLAINING]
    zone = rest + following
    cued = [k for k, (s, e) in enumerate(zone) if cue.search(text[s:e]) or introduces(text[s:e])]
    if cued:
        return zone[:cued[-1] + 1][-(MAX_EXPLAINING + 1):]
    if following and TURNS.match(text[following[0][0]:following[0][1]]):
        return following
    return rest


def _next_paragraph(text: str, at: int) -> list[tuple[int, int]]:
    start = text.find("\n\n", at)
    if start < 0:
        return []
    end = text.find("\n\n", start + 2)
    return sentences_in(text, start + 2, len(text) if end < 0 else end)


def _rest_of_paragraph(library: Library, sentence: Chunk) -> list[tuple[int, int]]:
    """The spans of the sentences after this one in its paragraph."""
    text = library.source(sentence.source).text
    end = text.find("\n\n", sentence.end)
    end = len(text) if end < 0 else end
    return [(s, e) for s, e in sentences_in(text, sentence.end, end) if s >= sentence.end and len(text[s:e].split()) >= 2]


def render(library: Library, units: list[tuple[Piece, ...]], book: CitationBook) -> str:
    """Each unit's pieces run together, followed by the markers of the passages holding them; quoted
    pieces in quotation marks. Never ends at a colon: a trailing introducing piece is left out."""
    while units and units[-1][-1].text.rstrip().endswith(":"):
        units = units[:-1] + ([units[-1][:-1]] if len(units[-1]) > 1 else [])
    parts = []
    for unit in units:
        shown, markers, speakers = [], [], []
        for piece in unit:
            for passage in passages_over(library, piece.source, piece.start, piece.end):
                markers.append(book.cite(passage, (max(piece.start, passage.start), min(piece.end, passage.end))))
                speakers += [passage.speaker] if passage.kind == "quote" and passage.speaker else []
            shown.append(neutralise_markers(f"“{piece.text}”" if piece.quoted else piece.text))
        said_by = ATTRIBUTION + "; ".join(dict.fromkeys(speakers)) if speakers else ""  # a quote is shown with who said it
        parts.append(" ".join(shown) + said_by + " " + "".join(f"[{n}]" for n in dict.fromkeys(markers)))
    return " ".join(parts)


def shown_sentences(library: Library, chosen: list[Hit], shape: AskedShape | None = None, pair: bool = False) -> list[Hit]:
    """The chosen sentences with those `compose` brings after them (the answer to a restated question, the
    second figure asked for): what the answer will say, for the checks that decide whether it answers."""
    by_id = {h.chunk.id: h for h in chosen}
    ordered = sorted(chosen, key=lambda h: (h.chunk.source, h.chunk.start))
    return [by_id.get(c.id) or Hit(c, 0.0) for c in _with_answers(library, [h.chunk for h in ordered], shape, pair)]


def _with_answers(library: Library, chosen: list[Chunk], shape: AskedShape | None = None,
                  pair: bool = False) -> list[Chunk]:
    """A sentence that restates what respondents were asked brings the sentence after it, which holds the
    answer; so does one without the shape of answer asked for, when the sentence after it has it; one whose
    paragraph goes on to introduce a list or a quote ('... build trust. The following themes were identified:'),
    which then comes with it; and, when two things are asked, one giving a figure brings the next in its
    paragraph giving another, or else the one before it giving another."""
    out: list[Chunk] = []
    lacking = shape is not None and (shape.wants is not None or shape.name_not_in is not None)
    for chunk in chosen:
        out.append(chunk)
        following = _following(library, chunk)[:1]
        next_text = following[0].text if following else ""
        same_paragraph = bool(following) and not library.source(chunk.source).text[chunk.end:following[0].start].count("\n\n")
        second_figure = pair and bool(DIGIT.search(chunk.text))
        if following and (RESTATES_QUESTION.search(chunk.text) or same_paragraph and (
                (lacking and not shape.fits(chunk.text) and shape.fits(next_text))
                or (second_figure and DIGIT.search(next_text))
                or (introduces(next_text) and not introduces(chunk.text)))):
            out.append(following[0])
        elif second_figure and not (same_paragraph and DIGIT.search(next_text)):
            before = _preceding(library, chunk)  # '... the remaining 43 per cent. (In England ... 22 per cent.)'
            out[-1:-1] = [before] if before is not None and DIGIT.search(before.text) and before not in out else []
    return out


def _preceding(library: Library, sentence: Chunk) -> Chunk | None:
    """The sentence just before one in its paragraph, or None."""
    text = library.source(sentence.source).text
    earlier = [c for c in library.chunks_of(sentence.source, "sentence") if c.end <= sentence.start]
    last = max(earlier, key=lambda c: c.end, default=None)
    return last if last is not None and not text[last.end:sentence.start].strip() and "\n\n" not in text[last.end:sentence.start] else None


def _following(library: Library, sentence: Chunk) -> list[Chunk]:
    """The sentences that follow one with nothing but white space between them."""
    text = library.source(sentence.source).text
    later = [c for c in library.chunks_of(sentence.source, "sentence") if c.start >= sentence.end]
    run, cursor = [], sentence.end
    for chunk in later:
        if text[cursor:chunk.start].strip():
            break
        run.append(chunk)
        cursor = chunk.end
    return run


def passage_of(library: Library, sentence: Chunk) -> Chunk:
    """The prose chunk that holds a sentence chunk (citations show the whole passage)."""
    return passage_at(library, sentence.source, sentence.start, sentence.end) or sentence
