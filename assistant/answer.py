"""The public API: Assistant.ask(question) -> Answer, routed to figures, quotes, sections or passages.

A question is read once into a `Question` (spelling corrected, a follow-up filled in from the turn
before); every route decides from its fields.
"""
from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass

from ingest.table_facts import ALL_GROUPS
from ingest.types import Figure

from .citations import CitationBook
from .compose import asks_two, choose, compose, passage_of, render, shown_sentences, strength
from .conversation import Conversation
from .figure_text import describe, group_words, with_unit
from .figures import FigureMatch, answer_figures
from .followup import read_turn
from .generate import generate
from .lexicon import ATTRIBUTION, EXTREME, INDEFINITE, QUOTATION_ASKED, QUOTE_INTENT, QUOTE_MARK
from .library import Library
from .pinned import context, holds, names_people, on_topic, speaks
from .question import Question, Reader, speaker_named, without_threshold
from .reopen import Reopening
from .rerank import RerankClock
from .retrieve import lexical_hits, search, similarity
from .rounding import prose_mentions
from .scope import Scope
from .sections import ROLES, find_section, section_units
from .shape import (row_states_quantity, states_asked_name, states_asked_quantity, states_asked_thing, states_qualifiers,
                    states_quantity, topic_held)
from .parts import joined, parts_notice, points_back, question_parts, tidied, unanswered_notices
from .spelling import Speller, english_stems
from .table_or_text import features as table_or_text_features, gate_trusts, shipped as shipped_table_or_text
from .terms import FRAMING_TERMS, terms
from .units import unit_at
from .types import Answer, CitedFigure, CitedQuote, Hit, Turn, best_first
from .verify import check_answer

__all__ = ["Assistant", "Conversation", "describe", "find_quotes"]

SENTENCE_CANDIDATES = 40  # both rankings' leaders must survive fusion: the dense best may have no shared word
ROW_CANDIDATES = 30
FOCUS_CANDIDATES = 10
MIN_STRENGTH = 0.62  # middle of the range (0.60-0.64) where gold and paraphrase results are the same; the other abstention checks now catch what 0.64 did
MIN_ROW_WORDS = 0.3
MIN_QUOTE_SIMILARITY = 0.25
MAX_QUOTES = 3
PINNED_QUOTE_POOL = 4  # times as many quotes searched when the question pins a name or place
ROLE_POOL = 10  # the closest sentences searched for what a report part says, when no section plays it
MAX_ROLE_SENTENCES = 3
NOT_COVERED = "The report does not cover this."
# What the sentences answering a 'why' or a 'how' question say: a reason, or a means.
CAUSE = re.compile(r"\b(because|since|as a result|due to|owing to|reasons?|so that|in order to|therefore|thus|"
                   r"explain\w*|caus\w+|leads? to|led to|result\w* (?:in|from)|given that|stems? from|driven by|"
                   r"means that|is why|hence)\b", re.I)
MEANS = re.compile(r"\b(via|through|by means of|using|by \w+ing|with the help of|in order to|so that|enabl\w+)\b", re.I)


@dataclass(frozen=True)
class Routed:
    """What a route found: the answer text and what it cited beyond the citation book."""

    text: str
    abstained: bool
    route: str
    figures: tuple[CitedFigure, ...] = ()
    quotes: tuple[CitedQuote, ...] = ()
    table: str = ""
    row: str = ""
    source: str = ""
    section: str = ""
    unheld: tuple[str, ...] = ()  # what the answer check left out (verify.check_answer), said in a notice


@dataclass(frozen=True)
class Part:
    """One question a question asks, answered: as read, what answered it, the turn a follow-up (or the next
    part) reads against, and the seconds spent retrieving its candidates."""

    q: Question
    routed: Routed
    turn: Turn
    retrieving: float


class Assistant:
    def __init__(self, library: Library, chat_model=None):
        """chat_model: an optional LangChain chat model; without one, answers are extractive."""
        self.chat_model = chat_model
        self._reopening = Reopening()
        self._use(library)

    def _use(self, library: Library) -> None:
        """Answer from this library: everything read from it once, before any question."""
        self.library = library
        self.reader = Reader(library.tables, library.speakers, library.acronyms, library.vocabulary)
        self.speller = Speller(library.word_counts, library.vocabulary, self.reader.abbreviations,
                              english_stems(library.settings.model))
        self.scope = Scope(library, self.reader.group_terms)
        self.group_terms = self.reader.group_terms  # 'medical directors' is who, not what, a question asks about
        self._sections: dict[tuple[str, str], object] = {}
        self.speaker_terms = frozenset(t for speaker in library.speakers for t in terms(speaker))

    def ask(self, question: str, k: int = 5, source: str = "", mode: str = "",
            conversation: Conversation | None = None) -> Answer:
        """mode: "extractive", "llm", or "" for llm when a chat model is configured. With a conversation,
        a follow-up ('And clinical directors?') is read against its last turn, and the answer is added to it.
        The store as it is now answers: one another process changed is opened again first."""
        previous = conversation.last if conversation is not None else None
        self._reopen_if_changed()
        with self._reopening.asking():
            answer = self._extractive(question, k, source, previous)
            if self.chat_model is not None and mode != "extractive":
                answer = generate(self.chat_model, answer)
        if conversation is not None:
            conversation.add(answer)
        return answer

    def _reopen_if_changed(self) -> None:
        """Open the library again when an ingest has written the store since it was opened. One thread
        opens it while the others answer from the library they have (see assistant.reopen)."""
        if not self.library.changed() or not self._reopening.loading.acquire(blocking=False):
            return
        try:
            if self.library.changed():
                library = Library.open(self.library.settings)
                with self._reopening.swapping():
                    self._use(library)
        finally:
            self._reopening.loading.release()

    def read(self, question: str, previous: Turn | None = None) -> Question:
        """The question as read: misspellings and group abbreviations corrected, a follow-up filled in
        from the previous turn, and what it turns on that no source contains."""
        corrected, corrections = self.speller.correct(question)
        q = read_turn(self.reader, question, corrected, corrections, previous)
        role = ROLES[q.section].asked.search(q.read_as) if q.section else None  # 'recommend' asks, it is no topic
        asking = frozenset(terms(role.group(0))) if role else frozenset()
        asking |= {t for word in EXTREME.findall(q.read_as) for t in terms(word)}  # 'highest' asks a ranking, no topic
        unknown = self.scope.unknown_terms(without_threshold(q.read_as, q.threshold), q.speaker, asking, q.qualifiers)
        return dataclasses.replace(q, unknown=tuple(unknown))

    def _extractive(self, question: str, k: int, source: str, previous: Turn | None) -> Answer:
        started = time.perf_counter()
        reranking = RerankClock()  # this question's rerank time, when CITEBRIEF_RERANKER is set
        question, notices = tidied(question)
        if not question:
            return Answer(question, "Please type a question.", True, "invalid", notices=notices,
                          timings_ms=_timings(started, started), read_as=question)
        parts, book, told = self._in_parts(question, k, source, previous)
        notices += told
        shown = next((p.routed for p in parts if not p.routed.abstained), parts[0].routed)
        text = joined([(p.routed.text, p.routed.abstained) for p in parts])
        retrieved = started + sum(p.retrieving for p in parts)
        return Answer(question, text, all(p.routed.abstained for p in parts), shown.route, book.citations(),
                      tuple(dict.fromkeys(f for p in parts for f in p.routed.figures)),
                      tuple(dict.fromkeys(c for p in parts for c in p.routed.quotes)),
                      tuple(n for p in parts for n in _reading_notices(p.q)) + notices + _unheld_notices(parts),
                      _timings(started, retrieved) | reranking.timings(),
                      read_as=" ".join(p.q.read_as for p in parts), turn=parts[-1].turn)

    def _in_parts(self, question: str, k: int, source: str,
                  previous: Turn | None) -> tuple[list[Part], CitationBook, tuple[str, ...]]:
        """The questions asked, each answered into one citation book, and what to tell the reader of them. A
        question asking two things in turn is answered a part at a time (a later part read against the one before)
        unless a later part points back into it by a pronoun ('..., and what share is that?': one table row gives
        both). When a part finds no answer on its own the whole is answered as one, if it is, and the reader is told."""
        asked, book = question_parts(question), CitationBook(self.library)
        parts = [self._answer_part(asked[0], k, source, previous, book)]
        for part in asked[1:]:
            if points_back(part):
                break
            parts.append(self._answer_part(part, k, source, parts[-1].turn, book))
        unanswered = [part for part, p in zip(asked, parts) if p.routed.abstained]
        every_part_asked = len(parts) == len(asked)  # no part pointed back
        if every_part_asked and not (unanswered and len(asked) > 1):
            return parts, book, parts_notice(asked)
        whole_book = CitationBook(self.library)
        whole = self._answer_part(question, k, source, previous, whole_book)
        if whole.routed.abstained and every_part_asked and len(unanswered) < len(parts):  # the parts say what the whole does not
            return parts, book, parts_notice(asked)
        return [whole], whole_book, unanswered_notices(unanswered) if every_part_asked and not whole.routed.abstained else ()

    def _answer_part(self, question: str, k: int, source: str, previous: Turn | None, book: CitationBook) -> "Part":
        """One question answered into the book."""
        started = time.perf_counter()
        q, sentences, rows, lead, source = self._gathered(question, source, previous)
        retrieving = time.perf_counter() - started
        routed = self._held(q, self._route(q, k, source, sentences, rows, book, lead), sentences, book)
        said = _first_sentence(routed.text) if routed.route in ("general", "section") else ""
        # an abstention keeps the report the conversation was about, for the turn after it
        return Part(q, routed, Turn(q, routed.table, routed.row, routed.source or source, routed.section, said), retrieving)

    def _gathered(self, question: str, source: str,
                  previous: Turn | None) -> tuple[Question, list[Hit], list[Hit], float, str]:
        """The question as read, its candidate sentences and table rows, how distinctly the library holds an
        answer, and the report asked (a follow-up's may be the one the conversation is about)."""
        q = self.read(question, previous)
        vector = self.library.embed_query(q.read_as)
        sentences = self._sentence_candidates(q, vector, source)
        lead = strength(q, sentences)  # how distinctly the library holds an answer, before a follow-up narrows it
        if q.follows and not source and previous is not None:
            source = self._continued_source(q, previous)  # 'And in Wales?': the report talked about
            if source:
                sentences = self._sentence_candidates(q, vector, source)
        rows = search(self.library, q.read_as, k=ROW_CANDIDATES, kinds=("table_row",), source=source,
                      query_vector=vector, reranked=False)
        return q, sentences, rows, lead, source

    def _route(self, q: Question, k: int, source: str, sentences: list[Hit], rows: list[Hit], book: CitationBook,
               lead: float) -> Routed:
        answer = None
        if not q.unknown:
            if q.kind == "quote":
                answer = self._quote_answer(q, k, book, source)
            elif q.kind == "section":
                answer = self._section_answer(q, sentences, book, source)
            elif q.kind == "base":
                answer = self._base_answer(q, rows, source, book)
            if answer is None and _choice_asked(q):
                return self._table_or_text(q, sentences, rows, book, source, lead)
        return answer or self._general_answer(q, sentences, book, lead)

    def _table_or_text(self, q: Question, sentences: list[Hit], rows: list[Hit], book: CitationBook, source: str,
                       lead: float) -> Routed:
        """A figure or a fact asked with a table row that fits it: the row's figures when the hand gate trusts
        them for a figure (the sentences' answer is then not written), else the row's figures or the sentences,
        as the fitted choice (table_or_text) weighs the two answers."""
        row = self._row_for_choice(q, rows, source)
        fit = self._sentences_fit(q, sentences) if row is not None else (0.0, False)
        if row is not None and q.figure_intent and gate_trusts(q, row[0].score, row[0].similarity, *fit, row[0].extreme):
            return self._figure_written(q, row[0], book)
        text_book = book.fork()
        text = self._general_answer(q, sentences, text_book, lead)
        if row is not None and shipped_table_or_text().choose(self._choice_values(q, *row, fit, lead, text)) == "table":
            return self._figure_written(q, row[0], book)
        book.take(text_book)
        return text

    def table_or_text_answers(self, question: str, source: str = "") -> tuple[dict[str, float], Routed, Routed] | None:
        """What the table-or-text choice weighs for a question asked on its own, and both answers as they would
        be given (checked against their citations): None when the choice is not asked. For fitting the choice."""
        q, sentences, rows, lead, source = self._gathered(question, source, None)
        row = self._row_for_choice(q, rows, source) if _choice_asked(q) else None
        if row is None:
            return None
        text_book, table_book = CitationBook(self.library), CitationBook(self.library)
        text = self._general_answer(q, sentences, text_book, lead)
        values = self._choice_values(q, *row, self._sentences_fit(q, sentences), lead, text)
        return (values, self._held(q, self._figure_written(q, row[0], table_book), sentences, table_book),
                self._held(q, text, sentences, text_book))

    def _row_for_choice(self, q: Question, rows: list[Hit], source: str) -> tuple[FigureMatch, str] | None:
        """The row that fits and what it stands under (pinned.context)."""
        match = self._figure_match(q, rows, source)
        if match is None:
            return None
        return match, context(self.library, self._chunk_at(match.figures[0]))

    def _sentences_fit(self, q: Question, sentences: list[Hit]) -> tuple[float, bool]:
        """The best sentence's closeness, and whether the closest sentences state the quantity asked."""
        return (max((h.dense for h in sentences), default=0.0),
                states_quantity(self.library, q.shape, best_first(sentences)[:3], self.group_terms))

    def _choice_values(self, q: Question, match: FigureMatch, where: str, sentences_fit: tuple[float, bool], lead: float,
                       text: Routed) -> dict[str, float]:
        """`sentences_fit`: _sentences_fit of the question's candidate sentences."""
        best_sentence, sentences_state = sentences_fit
        # the question's words as rows print them ('chief executive' as 'CEO'), each weighed by its rarity: a
        # word the library never uses ('conversations') says nothing against the row
        said, weight = set(terms(where)), {t: self.library.idf.get(t, 0.0) for t in q.row_terms - FRAMING_TERMS}
        misses = sum(w for t, w in weight.items() if t not in said) / (sum(weight.values()) or 1.0)
        return table_or_text_features(
            q, match.score, match.similarity, misses, topic_held(self.library, q.shape, where, self.group_terms),
            row_states_quantity(self.library, q.shape, where, self.group_terms), match.extreme, best_sentence,
            sentences_state, lead, text.text, text.abstained)

    def _held(self, q: Question, routed: Routed, sentences: list[Hit], book: CitationBook) -> Routed:
        """The answer without what its citations do not hold (verify.check_answer, run on every answer); when
        nothing is left, the report is taken not to say."""
        if routed.abstained:
            return routed
        checked = check_answer(routed.text, book.citations(), routed.figures)
        if checked.ok:
            return routed
        if not checked.text:
            return dataclasses.replace(self._abstain(q, sentences, book), unheld=checked.problems)
        return dataclasses.replace(routed, text=checked.text, unheld=checked.problems)

    def _sentence_candidates(self, q: Question, vector, source: str) -> list[Hit]:
        # Both routes re-score every candidate, so a reranker's order would change nothing but the time.
        sentences = search(self.library, q.read_as, k=SENTENCE_CANDIDATES, kinds=("sentence",), source=source,
                           query_vector=vector, reranked=False)
        if q.focus:  # a follow-up's own words ('What award did it win?') must reach the candidates too
            sentences = _merged(sentences, lexical_hits(self.library, " ".join(sorted(q.focus)), vector, FOCUS_CANDIDATES,
                                                        kinds=("sentence",), source=source))
        return sentences

    def _continued_source(self, q: Question, previous: Turn) -> str:
        """The report a follow-up goes on about: another report whose title words its own words name
        ('And in the engagement report?'; the one naming most, none on a tie), else the last turn's
        ('' when none answered it). Words the last turn asked or answered with name what the conversation is
        about, not another report: 'And how many care providers?' after '... 250 care homes and 500 care
        providers' stays in that report, though another's title says 'care'."""
        current, titles = previous.source, self.library.title_terms
        here = titles.get(current, frozenset()) | set(terms(f"{previous.question.read_as} {previous.answer}"))
        named = {sid: len(q.focus & (title - here)) for sid, title in titles.items() if sid != current}
        most = max(named.values(), default=0)
        if not most:
            return current
        leaders = [sid for sid, n in named.items() if n == most]
        return leaders[0] if len(leaders) == 1 else ""

    def retrieve(self, question: str, k: int = 10, source: str = "") -> list:
        """The ranked passages behind an answer (all kinds), for inspection and evaluation."""
        question, _ = tidied(question)
        return search(self.library, question, k=k, source=source) if question else []

    # ---- routes ---------------------------------------------------------------------------------
    def _figure_match(self, q: Question, rows: list[Hit], source: str) -> FigureMatch | None:
        """The printed cells of the row that fits the question, when one fits well enough and says what it pins."""
        tables = [t for t in self.library.tables if not source or t.source == source]
        closeness = {}
        for hit in rows:
            for figure in self.library.figures_at(hit.chunk):
                key = (figure.source, figure.table, figure.row)
                closeness[key] = max(closeness.get(key, 0.0), hit.dense)
        match = answer_figures(q, tables, closeness)
        if not match or not match.figures or match.score < MIN_ROW_WORDS:
            return None
        # 'in Scotland', 'in 2040', 'CPI': each row, its table and its report must say so (a ranking's tables tied
        # on the question's words may not: 'the highest CPI rate' is not the CPIH table's top row)
        held = tuple(f for f in match.figures if holds(self.library, q.pins, self._chunk_at(f)))
        if not held:
            return None
        if len(held) < len(match.figures):
            match = dataclasses.replace(match, figures=held)
        row = self._chunk_at(held[0])
        if not match.similarity:  # found by the table's words, not among the rows retrieved: how close it is all the same
            vector = self.library.embed_query(q.read_as)
            match = dataclasses.replace(match, similarity=similarity(self.library, vector, self.library.index_by_id[row.id]))
        return match

    def _figure_written(self, q: Question, match: FigureMatch, book: CitationBook) -> Routed:
        lines, cited = self._figure_lines(q, match.figures, book)
        first = match.figures[0]
        for heading, cell in match.words:  # the row's word cells the question asks for ('which band')
            n = book.cite(self._chunk_at(first), (first.start, first.end))
            lines.append(f"{first.row}, {heading}: {cell} ({first.table}) [{n}].")
        for mention in prose_mentions(self.library, match.figures):  # cited to the sentence and to the cell's row
            n = book.cite(mention.chunk, (mention.start, mention.end))
            row = book.cite(self._chunk_at(mention.figure), (mention.figure.start, mention.figure.end))
            lines.append(f"The report's text gives {with_unit(mention.figure)} as “{mention.printed}” ({mention.relation}) "
                         f"[{n}][{row}].")
        lines.extend(match.computed)
        return Routed(" ".join(lines), False, "figure", tuple(cited), table=first.table, row=first.row, source=first.source)

    def _figure_lines(self, q: Question, figures: tuple[Figure, ...], book: CitationBook) -> tuple[list[str], list[CitedFigure]]:
        """One briefing sentence per row and group: a percentage with its count beside it where the table
        prints both; a percentage asked of a group the table gives only a count for says whose share it prints."""
        cited: list[CitedFigure] = []
        shown = _one_per_cell(figures, q.measures)
        lines = [self._state(figure, book, cited) + "." for figure in shown]
        if "percentage" in q.measures and not any(f.measure == "percentage" for f in shown):
            lines.extend(self._share_of_all(shown, book, cited))
        return lines, cited

    def _state(self, figure: Figure, book: CitationBook, cited: list[CitedFigure]) -> str:
        """The figure's sentence with the markers of its row and, when another row states it, its base."""
        n = book.cite(self._chunk_at(figure), (figure.start, figure.end))
        count = self._count_beside(figure) if figure.measure == "percentage" else None
        cited.extend(CitedFigure(f, n) for f in (figure, count) if f is not None)
        base_row = self._base_chunk(figure)
        markers = f"[{n}]" + (f"[{book.cite(base_row)}]" if base_row else "")
        return f"{describe(figure, self._table_of(figure), count)} {markers}"

    def _share_of_all(self, shown: list[Figure], book: CitationBook, cited: list[CitedFigure]) -> list[str]:
        """'Table 1 prints no percentage for clinical directors alone; for all respondents: None: 10.5% ...'"""
        lines = []
        for figure in shown:
            table = self._table_of(figure)
            share = next((f for f in table.figures if f.row == figure.row and f.group == ALL_GROUPS
                          and f.measure == "percentage"), None)
            if share is not None and figure.group != ALL_GROUPS:
                lines.append(f"{table.id} prints no percentage for {group_words(figure)} alone; for all respondents: "
                             f"{self._state(share, book, cited)}.")
        return lines

    def _quote_answer(self, q: Question, k: int, book: CitationBook, source: str):
        if any(not set(terms(qualifier)) <= set(q.pins.names) for qualifier in q.qualifiers):
            return None  # 'the respondent from the ambulance trust': quotes carry a role, not where the speaker works
        # ('a participant from Portsmouth' is pinned instead: the quote's attribution must name the place)
        wide = PINNED_QUOTE_POOL if q.pins else 1  # a place or name pinned may be in few quotes' attributions
        hits = search(self.library, _topic(q.read_as), k=max(3, k) * wide, kinds=("quote",), speaker=q.speaker, source=source)
        hits = [h for h in hits if self._quote_fits(q, h)][:MAX_QUOTES]
        if not hits:
            return None
        quotes, lines = [], []
        for hit in hits:
            n = book.cite(hit.chunk, (hit.chunk.start, hit.chunk.end))
            quotes.append(CitedQuote(hit.chunk.text, hit.chunk.speaker, hit.chunk.section, n, hit.chunk.source))
            lines.append(f"“{hit.chunk.text}”{ATTRIBUTION}{hit.chunk.speaker}, {hit.chunk.section or 'untitled section'} [{n}]")
        return Routed("\n\n".join(lines), False, "quote", (), tuple(quotes), source=hits[0].chunk.source)

    def _quote_fits(self, q: Question, hit: Hit) -> bool:
        """Close in meaning, from a section whose heading names the topic ('Maintaining quality in a cold
        climate'), or one of the few quotes of the person named ('the quotation from Jane Wheeler'); by the
        people asked, about the topic asked, where what the question pins down is said."""
        where = context(self.library, hit.chunk)
        own = q.speaker and sum(quote.speaker == q.speaker for quote in self.library.quotes) <= MAX_QUOTES
        attributed = bool(q.pins.names) and set(q.pins.names) <= set(terms(hit.chunk.speaker))  # 'from Portsmouth'
        close = (own or attributed or hit.dense >= MIN_QUOTE_SIMILARITY
                 or {t for _, t in q.topic} & set(terms(hit.chunk.section)))
        return bool(close and speaks(q.asked_of, hit.chunk.speaker, where, INDEFINITE) and on_topic(q.read_as, where)
                    and holds(self.library, q.pins, hit.chunk))

    def _section_answer(self, q: Question, sentences: list[Hit], book: CitationBook, source: str):
        """The section that plays the part asked for ('recommendations'), as its list or paragraphs; with
        no such section, the closest sentences that say what that part would ('not a representative sample')."""
        key = (q.section, source)
        if key not in self._sections:  # the same for every question asking for that part: found once
            self._sections[key] = find_section(self.library.parsed, q.section, source)
        found = self._sections[key]
        if found is None:
            cues = ROLES[q.section].cues
            cued = [h for h in best_first(sentences)[:ROLE_POOL] if cues.search(h.chunk.text)]
            text = compose(self.library, cued[:MAX_ROLE_SENTENCES], book) if cued else ""
            return Routed(text, False, "section", source=cued[0].chunk.source) if text else None
        text = render(self.library, section_units(self.library, found, q.section), book)
        return Routed(text, False, "section", source=found.source, section=found.heading) if text else None

    def _base_answer(self, q: Question, rows: list[Hit], source: str, book: CitationBook):
        """'How many people is this table based on?': each group's printed size, or who answered."""
        tables = [t for t in self.library.tables if (not source or t.source == source)]
        named = [t for t in tables if t.id in q.tables]
        nearest = [self.library.figures_at(h.chunk) for h in rows]
        table = named[0] if named else next((self._table_of(f[0]) for f in nearest if f), None)
        if table is None:
            return None
        lines = []
        for group, size in table.groups:
            figure = next((f for f in table.figures if f.group == group), None)
            if size and figure:
                lines.append(f"{size} {group.lower()} [{book.cite(self._chunk_at(figure))}]")
        if lines:
            return Routed(f"{table.id} ({table.caption}) is based on " + " and ".join(lines) + ".", False, "figure",
                          table=table.id, source=table.source)
        answered = next((f for f in table.figures if f.row.lower().startswith("answered")), None)
        if answered is None:
            return None
        return Routed(f"{table.id} ({table.caption}) is based on the {answered.value} respondents who answered the question "
                      f"[{book.cite(self._chunk_at(answered))}].", False, "figure", table=table.id, source=table.source)

    def _general_answer(self, q: Question, sentences: list[Hit], book: CitationBook, lead: float) -> Routed:
        cue = CAUSE if q.kind == "why" else MEANS if q.kind == "how" else ROLES[q.section].cues if q.section else None
        chosen = choose(self.library, q, sentences, cue, explaining=q.kind in ("why", "how"))
        chosen = [h for h in chosen if holds(self.library, q.pins, h.chunk)]  # 'in Wales': the cited passage says so
        if not self._gives_what_is_asked(q, lead, chosen):
            return self._abstain(q, sentences, book)
        text = compose(self.library, chosen, book, cue if q.kind in ("why", "how") else None, q.shape, asks_two(q))
        if not text:
            return self._abstain(q, sentences, book)
        first = chosen[0].chunk
        return Routed(text, False, "general", source=first.source, section=first.section)

    def _gives_what_is_asked(self, q: Question, lead: float, chosen: list[Hit]) -> bool:
        """The chosen sentences answer: strong enough (`lead`: compose.strength of the library-wide candidates),
        and with the number, name, thing ('Which supplier'), qualifier and, for a quotation asked for, the
        words of the people asked that the question wants."""
        if q.unknown or not chosen or lead < MIN_STRENGTH:
            return False
        shown = shown_sentences(self.library, chosen, q.shape, asks_two(q))  # with what the answer brings after them
        said = [(h.chunk.text, context(self.library, h.chunk)) for h in shown]
        asks_words = QUOTATION_ASKED.search(q.read_as) or (q.kind == "quote" and names_people(q.asked_of, self.speaker_terms,
                                                                                            INDEFINITE))
        quoted = not asks_words or any(
            self._quotes(h.chunk) and speaks(q.asked_of, h.chunk.text, context(self.library, h.chunk), INDEFINITE)
            for h in chosen)
        return (quoted and states_asked_quantity(self.library, q.shape, shown, self.group_terms)
                and states_asked_name(q.shape, q.terms, shown) and states_qualifiers(q.qualifiers, shown, self.group_terms)
                and states_asked_thing(q.shape, q.terms, said))

    def _abstain(self, q: Question, sentences: list[Hit], book: CitationBook) -> Routed:
        """'The report does not cover this', with the closest passages cited as not an answer."""
        closest = best_first(sentences)[:3]
        markers = sorted({book.cite(passage_of(self.library, h.chunk), (h.chunk.start, h.chunk.end)) for h in closest})
        reason = f" (it never mentions {', '.join(q.unknown)})" if q.unknown else ""
        listed = ", ".join(f"[{n}]" for n in markers)
        text = NOT_COVERED[:-1] + reason + "." + (f" Closest passages, not an answer: {listed}." if closest else "")
        return Routed(text, True, "out_of_scope")

    # ---- helpers ------------------------------------------------------------------------------
    def _quotes(self, sentence) -> bool:
        """The sentence quotes someone, or carries the quote it introduces ('One participant said:')."""
        return bool(QUOTE_MARK.search(sentence.text)) or any(
            p.quoted for p in unit_at(self.library, sentence.source, sentence.start, sentence.end))

    def _table_of(self, figure: Figure):
        return next(t for t in self.library.tables if t.source == figure.source and t.id == figure.table)

    def _chunk_at(self, figure: Figure):
        return next(c for c in self.library.chunks_of(figure.source, "table_row") if c.start == figure.start)

    def _count_beside(self, figure: Figure) -> Figure | None:
        """The count the table prints for the same row and group as a percentage."""
        return next((f for f in self._table_of(figure).figures if f.row == figure.row and f.group == figure.group
                     and f.measure == "number" and f.start == figure.start), None)

    def _base_chunk(self, figure: Figure):
        """The row that states a figure's base ('Answered question 105'), when it is another row."""
        table = self._table_of(figure)
        base_rows = [f for f in table.figures if f.row.lower().startswith("answered") and f.start != figure.start]
        return self._chunk_at(base_rows[0]) if base_rows and figure.base.startswith("answered") else None


def _merged(first: list[Hit], second: list[Hit]) -> list[Hit]:
    seen = {h.chunk.id for h in first}
    return first + [h for h in second if h.chunk.id not in seen]


def _one_per_cell(figures: tuple[Figure, ...], measures: frozenset[str]) -> list[Figure]:
    """The figures to state: a count the same row and group's percentage will carry is not stated twice,
    unless only counts were asked for."""
    if measures == frozenset({"number"}):
        return list(figures)
    shares = {(f.table, f.row, f.group, f.start) for f in figures if f.measure == "percentage"}
    return [f for f in figures if f.measure == "percentage" or (f.table, f.row, f.group, f.start) not in shares]


def _first_sentence(text: str) -> str:
    """The answer's first cited run without its markers and any leading bullet."""
    return re.split(r"\s*(?:\[\d+\])+", text, maxsplit=1)[0].lstrip("• ").strip()


def _reading_notices(q: Question) -> tuple[str, ...]:
    """How the question was read, when not as typed: each correction, and the whole question for a follow-up."""
    notices = tuple(f"Read '{typed}' as '{read}'." for typed, read in q.corrections)
    return notices + ((f"Read as: {q.read_as}",) if q.follows else ())


def _choice_asked(q: Question) -> bool:
    """A figure, or a fact no route of its own answers, asked about words the library has: the table-or-text
    choice decides it."""
    return not q.unknown and (q.figure_intent or not q.kind)


def _unheld_notices(parts: list[Part]) -> tuple[str, ...]:
    unheld = [problem for p in parts for problem in p.routed.unheld]
    return (f"Left out of the answer, as its citations do not hold it: {'; '.join(unheld)}",) if unheld else ()


def _topic(question: str) -> str:
    stripped = QUOTE_INTENT.sub(" ", question)
    stripped = re.sub(r"\b(give|show|find|me|a|an|one|from|by|any|some|about|on|regarding)\b", " ", stripped, flags=re.I)
    return " ".join(stripped.split()) or question


def _timings(started: float, retrieved: float) -> dict:
    now = time.perf_counter()
    return {"retrieve": round((retrieved - started) * 1000, 2), "answer": round((now - retrieved) * 1000, 2),
            "total": round((now - started) * 1000, 2)}


def find_quotes(library: Library, topic: str, speaker: str | None = None, k: int = 5, source: str = "") -> list[dict]:
    """Quotes about a topic as plain dicts (for `citebrief quotes`), report quotes and transcript turns alike."""
    role = speaker_named(sorted(library.speakers, key=len, reverse=True), speaker) if speaker else ""
    if speaker and not role:
        return []
    hits = search(library, topic, k=k, kinds=("quote",), speaker=role, source=source)
    return [{"text": h.chunk.text, "speaker": h.chunk.speaker, "section": h.chunk.section, "source": h.chunk.source,
             "page": h.chunk.page, "start": h.chunk.start, "end": h.chunk.end, "score": round(h.score, 4)} for h in hits]
