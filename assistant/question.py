"""A question read once into a frozen `Question`: what it names and what kind of answer it asks for.

Every route decides from these fields instead of re-reading the text. The library-specific parts
(the tables' groups, the quote speakers, the sources' words) come from a `Reader` built once per
assistant; spelling and follow-ups are read in `spelling.py` and `followup.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.cell_values import number
from ingest.table_facts import ALL_GROUPS

from .lexicon import (ALL, ASKS_COUNT, ASKS_PERCENTAGE, AVERAGE, BASE, BOTTOM, CIRCUMSTANCE_IN, COMPARE, COMPARED, COUNT_NAMES, COUNTED,
                      DATE_PHRASE, EXTREME, FIGURE_INTENT, FRAME, GENERAL_PEOPLE, HOW, HOW_MANY, INDEFINITE, LIST_SEPARATOR, MOST_OR_LEAST,
                      NONE_ROW, NOT_COUNTED, ORDINAL, ORDINALS, PERIOD_OR_PERIOD, PLACE, QUALIFIED, QUOTE_INTENT, QUOTED_PHRASE, RANKED_COUNT, RANKED_PHRASE_END, MEASURE_TERMS, RECEIVED,
                      FALLS, RISES, TABLE_NAME, THRESHOLD, TOKEN, TOP, TOPIC_AFTER, TWO_GROUPS_OF, UNMET, VIEW_HOLDERS, WHICH_COLUMN,
                      PERIODS_GIVEN,
                      WHICH_GROUP, WHY)
from .pinned import Pins, asked_of
from .referents import FollowUpChoice, shipped
from .row_index import column_concepts, group_names
from .sections import ROLES, section_asked
from .shape import AskedShape
from .terms import ACRONYM_PLURAL, FRAMING_TERMS, terms, topic_words

@dataclass(frozen=True)
class Part:
    """A span of `read_as` that names one thing a follow-up may replace: one of SLOTS."""

    kind: str
    start: int
    end: int


# The slots a question is read into, in the order a span is claimed when two overlap.
SLOTS = ("people", "table", "frame", "extreme", "section", "date", "place", "circumstance", "topic")


@dataclass(frozen=True)
class Question:
    """A question as read: `text` as typed (tidied), `read_as` with spelling corrected and a follow-up's
    missing parts filled in from the turn before; everything else is read from `read_as`."""

    text: str
    read_as: str
    terms: frozenset[str]  # stems of read_as, stop words out
    row_terms: frozenset[str]  # terms for matching table rows: long forms as the tables' acronyms, 'none', 'average'
    topic: tuple[tuple[str, str], ...]  # (word, stem): what it is about; not framing, not the tables' groups
    groups: tuple[str, ...]  # table groups named (the tables' words), or ALL_GROUPS for 'respondents', 'overall'
    tables: tuple[str, ...]  # tables named: "Table 2"
    measures: frozenset[str]  # "number", "percentage"
    kind: str  # "quote", "section", "why", "how", "base" or "" (a figure or a fact)
    section: str  # the part of a report asked for: "findings", "recommendations"... (kind "section")
    speaker: str  # the quote speaker role named, in the sources' words
    people: str  # the people a figure question counts, when no table group names them ('chief executives')
    shape: AskedShape
    figure_intent: bool
    top: bool
    bottom: bool
    criterion: frozenset[str]  # the terms a ranking ranks by ('confid' of 'most confident'; _criterion)

    position: int | None  # a ranked place asked for ('ninth'); None for none, 0 for 'next'
    ranked: int  # how many rows a 'most/least' question asks for ('Which three ... least'): 1 unless it says
    compares: bool
    compares_groups: bool
    received: bool
    unmet: bool
    average: bool
    quoted: tuple[frozenset[str], ...]  # the terms of each phrase in quotation marks
    qualifiers: tuple[str, ...] = ()  # people narrowed or set against others: 'from foundation trusts', 'chief executives'
    corrections: tuple[tuple[str, str], ...] = ()  # (as typed, as read)
    unknown: tuple[str, ...] = ()  # what it turns on that no source contains
    parts: tuple[Part, ...] = field(default=(), compare=False)
    follows: bool = False  # read as a follow-up to the turn before
    focus: frozenset[str] = frozenset()  # a follow-up's own words ('unique organisations'): what the answer must be about
    pins: Pins = Pins()  # the places, years, people and numbered things the cited passage must name
    asked_of: str = ""  # the people a quote is asked of, as typed ('care home resident'), when no speaker role matched
    refers_to: str = ""  # what a follow-up was read against: "question", "person", "quote" or "passage" (followup.py)
    referent: str = ""  # the person, quote or passage of the last answer it took for its pronoun, as printed
    # Which of a row's columns ('In which year ...') a question asks for by their values: "top" ('larger', 'largest'),
    # "bottom", "above" or "below" `threshold` ('less than 100.0 million'), or "every" period it is given for ('In which
    # years was X provided?'); "" when it asks no such thing.
    across: str = ""
    threshold: float | None = None

    def part(self, kind: str) -> Part | None:
        return next((p for p in self.parts if p.kind == kind), None)

    def named(self, kind: str) -> str:
        found = self.part(kind)
        return self.read_as[found.start:found.end] if found else ""

    def slot(self, kind: str) -> str:
        """The words of a slot: one of SLOTS (as read_as names it), or the "person", "quote" or "passage"
        a follow-up took from the last answer."""
        return self.referent if kind == self.refers_to and kind in ("person", "quote", "passage") else self.named(kind)


class Reader:
    """What reading needs from a library, worked out once: its tables' groups (and their
    abbreviations, 'CDs'), its quote speakers and the long forms its sources define ('CEO')."""

    def __init__(self, tables, speakers: frozenset[str], acronyms: dict[str, str], vocabulary: frozenset[str],
                 follow_ups: FollowUpChoice | None = None):
        """follow_ups: what a turn after the first is read against; the model shipped in the package when None."""
        self.tables = tables
        self.follow_ups = follow_ups or shipped()
        self.vocabulary = vocabulary
        self.group_names = sorted(group_names(tables), key=len, reverse=True)
        self.group_terms = frozenset(t for table in tables for f in table.figures for t in terms(f.group))
        self.speakers = sorted(speakers, key=len, reverse=True)
        self.acronyms = acronyms
        # 'cd' -> 'clinical director', from the tables' group names of two words or more
        self.abbreviations = {_acronym(g).rstrip("s").lower(): g.lower().rstrip("s")
                              for g in self.group_names if len(g.split()) > 1}
        self.people = _people_pattern(self.group_names + self.speakers)

    def read(self, text: str, read_as: str | None = None, corrections=(), follows: bool = False,
             focus: frozenset[str] = frozenset(), refers_to: str = "", referent: str = "",
             written: tuple[Part, ...] = ()) -> Question:
        """Every field from read_as (text when None); a follow-up says what it was read against and where
        it wrote the slots it replaced (`written`), which stand before the slots read from read_as."""
        read_as = text if read_as is None else read_as
        across = _across(read_as)
        unbounded = without_threshold(read_as, across.get("threshold"))
        groups = self._groups(unbounded)
        speaker = speaker_named(self.speakers, read_as)
        section = section_asked(read_as, topic_words(read_as, self.group_terms))
        measures = frozenset(m for m, asked in (("number", ASKS_COUNT), ("percentage", ASKS_PERCENTAGE)) if asked.search(read_as))
        compares = bool(COMPARE.search(read_as))
        kind = _kind(read_as, section)  # 'Why did interest expense increase ...' asks a reason, not the figures
        return Question(
            text=text, read_as=read_as, terms=frozenset(terms(read_as)), row_terms=self._row_terms(read_as),
            topic=tuple(topic_words(read_as, self.group_terms)), groups=groups,
            tables=tuple(f"Table {n}" for n in dict.fromkeys(TABLE_NAME.findall(read_as))),
            measures=measures, kind=kind, section=section, speaker=speaker,
            people=self._people_not_grouped(read_as, groups), shape=AskedShape.of(read_as),
            figure_intent=kind != "why" and (self._figure_intent(read_as, groups, compares) or bool(across)),
            top=bool(TOP.search(read_as)), bottom=bool(BOTTOM.search(read_as)), criterion=_criterion(read_as),
            position=_position(read_as), ranked=_ranked_count(read_as),
            compares=compares, compares_groups=compares and (len([g for g in groups if g != ALL_GROUPS]) >= 2
                                                              or bool(WHICH_GROUP.search(read_as))),
            received=bool(RECEIVED.search(read_as)), unmet=bool(UNMET.search(read_as)),
            average=bool(AVERAGE.search(read_as)), quoted=quoted_words(read_as),
            qualifiers=self._qualifiers(unbounded), corrections=tuple(corrections),
            parts=self._parts(read_as, written), follows=follows, focus=focus, pins=Pins.of(read_as),
            asked_of="" if speaker else asked_of(read_as), refers_to=refers_to, referent=referent,
            **across)

    # ---- the tables' groups -----------------------------------------------------------------
    def _groups(self, text: str) -> tuple[str, ...]:
        """Groups named by their whole name (so 'clinical outcomes' is no group), or ALL_GROUPS."""
        asked = f" {' '.join(terms(text))} "
        named = {}
        for group in self.group_names:
            key = " ".join(terms(group))
            if (f" {key} " in asked and _whole_name_if_abbreviated(group, text)) or _acronym(group) in text.split():
                named.setdefault(key, group)
        if ALL.search(text) and not named:
            return (ALL_GROUPS,)
        return tuple(named.values())

    def _figure_intent(self, text: str, groups: tuple[str, ...], compares: bool) -> bool:
        """Asks for a number, a share, a rank, names a table or what a table's column counts, or sets the
        tables' groups against each other."""
        named = [g for g in groups if g != ALL_GROUPS]
        if FIGURE_INTENT.search(text) or len(named) >= 2 or TWO_GROUPS_OF.search(text):
            return True
        asked = set(terms(text))
        if TABLE_NAME.search(text) or any(concept <= asked for concept in column_concepts(self.tables)):
            return True  # names a table, or all of what one of its columns counts ('the projected 2030 demand')
        return compares and bool(groups)

    def _people_not_grouped(self, text: str, groups: tuple[str, ...]) -> str:
        """The people a 'how many / what share of X ...' question counts when X is no table group and
        no word for people in general ('chief executives'); '' otherwise. A thing counted ('workshops')
        is told apart by the figure route: it is in the row."""
        found = COUNTED.search(text)
        if not found:
            return ""
        words = [w for w in found.group(1).lower().split() if w not in INDEFINITE]
        counted = set(terms(" ".join(words)))
        if not counted or counted <= self.group_terms:
            return ""
        return " ".join(words)

    def _qualifiers(self, text: str) -> tuple[str, ...]:
        """What narrows the people asked about ('respondents from foundation trusts', 'directors with under
        five years in post') or what they are set against ('than chief executives'), less the tables' groups
        and words for people in general: a breakdown the report must give for the question to be answered."""
        found = []
        holders = VIEW_HOLDERS.match(text)
        for named in LIST_SEPARATOR.split(holders.group(1)) if holders else ():  # each of them
            phrase = " ".join(w for w in named.split() if w.lower() not in INDEFINITE)
            if set(terms(phrase)) - self.group_terms - FRAMING_TERMS - set(terms(" ".join(self.speakers))):
                found.append(phrase)
        for match in QUALIFIED.finditer(text):
            words = []
            for word in TOKEN.findall(match.group(1)):
                if re.fullmatch(NOT_COUNTED, word, re.I) and (words or word.lower() not in ("the", "a", "an")):
                    break
                words.append(word)
            phrase = " ".join(w for w in words if w.lower() not in INDEFINITE)
            people = any(w.lower().endswith(("s", "s'", "s’")) for w in words)  # 'chief executives'', not 'the national mix'
            if set(terms(phrase)) - self.group_terms - FRAMING_TERMS and (people or not COMPARED.match(match.group(0))):
                found.append(phrase)
        return tuple(dict.fromkeys(found))

    def _row_terms(self, text: str) -> frozenset[str]:
        """The question's terms as table rows print them: spelled-out long forms as the acronyms
        ('chief executive' -> 'CEO', a long form may drop its last word), 'none' and 'average' for
        the rows named in other words."""
        for short, long_form in self.acronyms.items():
            words = long_form.split()
            forms = [long_form] + ([" ".join(words[:-1])] if len(words) > 2 else [])
            for form in forms:
                text = re.sub(rf"\b{re.escape(form)}\b", short.upper(), text, flags=re.I)
        asked = set(terms(text)) | {t for acronym in ACRONYM_PLURAL.findall(text) for t in terms(acronym)}
        if NONE_ROW.search(text):
            asked.add("none")
        if AVERAGE.search(text):
            asked.add("averag")
        return frozenset(asked)

    # ---- the parts a follow-up may replace ------------------------------------------------------
    def _parts(self, text: str, written: tuple[Part, ...] = ()) -> tuple[Part, ...]:
        """Where read_as names each slot: its people (a group, a speaker, or what a 'how many' counts), its
        table, frame ('How many', 'What percentage of'), extreme ('most'), report part, date, place, the
        circumstance it ends on ('when asked in the survey') and its topic; no two overlap."""
        # a column named by a date ('2020', 'Apr 2025') is the question's date, not its people: 'And in 2030?'
        # replaces it
        group = next((m for m in self.people.finditer(text) if not DATE_PHRASE.fullmatch(m.group(1).strip())), None) \
            if self.people else None
        named = [m for m in (group, COUNTED.search(text)) if m and not DATE_PHRASE.fullmatch(m.group(1).strip())]
        people = max(named, key=lambda m: m.end(1) - m.start(1), default=None)  # 'alcohol specialist <nurses>'
        found = [Part("people", people.start(1), people.end(1))] if people else []
        for kind, pattern in (("table", TABLE_NAME), ("frame", FRAME), ("extreme", EXTREME), ("section", SECTION_WORDS),
                              ("date", DATE_PHRASE), ("place", PLACE)):
            match = pattern.search(text)
            if match:
                found.append(Part(kind, match.start(), match.end()))
        said = list(CIRCUMSTANCE_IN.finditer(text))
        end = len(text.rstrip(" ?.!"))
        if said and 0 < said[-1].start() and said[-1].end() < end:  # from its word on: 'when asked <in the survey>'
            found.append(Part("circumstance", said[-1].end() - len(said[-1].group(0).lstrip(" ,\t\n")), end))
        found.extend(Part("topic", s, e) for s, e in [topic_span(text, found)] if e > s)
        parts: list[Part] = list(written)
        for part in sorted(found, key=lambda p: SLOTS.index(p.kind)):
            if not any(p.start < part.end and part.start < p.end for p in parts):
                parts.append(part)
        return tuple(sorted(parts, key=lambda p: p.start))


SECTION_WORDS = re.compile("|".join(f"(?:{role.asked.pattern})" for role in ROLES.values()), re.I)


def topic_span(text: str, taken: list[Part]) -> tuple[int, int]:
    """Where a question names what it is about, outside the spans taken by its other slots: the phrase
    after its last 'about/on/of/for...', else its longest run of topic words that no other slot breaks
    ('<managerial skill> were clinical directors most confident in'); (0, 0) when none."""
    def free(start: int, end: int) -> bool:
        return not any(p.start < end and start < p.end for p in taken)

    after = TOPIC_AFTER.search(text)
    if after and free(after.start(1), after.start(1) + len(after.group(1).rstrip())):
        return after.start(1), after.start(1) + len(after.group(1).rstrip())
    return topic_run(text, taken)


def topic_run(text: str, taken: list[Part], first: bool = False) -> tuple[int, int]:
    """The longest run of topic words (not framing, not stop words) that no taken span breaks, or with
    `first` the first such run; (0, 0) when none."""
    runs: list[list[re.Match]] = [[]]
    for match in TOKEN.finditer(text):
        if any(p.start < match.end() and match.start() < p.end for p in taken):
            runs.append([])
        elif any(t not in FRAMING_TERMS for t in terms(match.group(0))):
            runs[-1].append(match)
    best = next((r for r in runs if r), []) if first else max(runs, key=len)
    return (best[0].start(), best[-1].end()) if best else (0, 0)


def _whole_name_if_abbreviated(group: str, text: str) -> bool:
    """A group name with a one-letter word ('S London', 'Band A') is named only whole: its terms alone
    ('london') would make every London a group."""
    if not any(len(word) == 1 for word in group.split()):
        return True
    return re.search(rf"(?<!\w){re.escape(group)}(?!\w)", text, re.I) is not None


def _people_pattern(names: list[str]) -> re.Pattern | None:
    """Any group or speaker name, singular or plural, or a word for respondents in general."""
    forms = sorted({n.lower().rstrip("s") for n in names if n}, key=len, reverse=True)
    words = "|".join(re.escape(f).replace(r"\ ", r"\s+") + "s?" for f in forms)
    return re.compile(rf"\b((?:{words}|{GENERAL_PEOPLE})(?:'s|’s)?)\b", re.I) if words else None


def _kind(text: str, section: str) -> str:
    if QUOTE_INTENT.search(text):
        return "quote"
    if section:
        return "section"
    if BASE.search(text):
        return "base"
    if WHY.search(text):
        return "why"
    if HOW.search(text) and not HOW_MANY.search(text):
        return "how"
    return ""


def without_threshold(text: str, threshold: float | None) -> str:
    """The question without the bound it sets on the values it compares ('less than 100 thousands'), which names
    no group ('(in thousands)'), no people and no term a source must contain."""
    return THRESHOLD.sub(" ", text) if threshold is not None else text


def _across(text: str) -> dict:
    """How a question choosing among a row's periods ('In which year was X larger?', 'higher in 2021 or 2022?')
    chooses, or that it asks which periods a row is given for at all ('In which years was X provided?': "every"):
    Question.across and .threshold."""
    if not WHICH_COLUMN.search(text) and not PERIOD_OR_PERIOD.search(text):
        return {}
    bound = THRESHOLD.search(text)
    value = number(bound.group(2).replace("−", "-")) if bound else None
    if value is not None:
        return {"across": "above" if bound.group(1) else "below", "threshold": value}
    if TOP.search(text) or RISES.search(text):
        return {"across": "top"}
    if BOTTOM.search(text) or FALLS.search(text):
        return {"across": "bottom"}
    return {"across": "every"} if WHICH_COLUMN.search(text) and PERIODS_GIVEN.search(text) else {}


def _criterion(text: str) -> frozenset[str]:
    """What a ranking question ranks by: the term after 'most' or 'least' ('most confident', 'most often'), or the
    words after 'highest', 'largest'... up to a preposition or verb ('the largest downward contribution to ...': a
    table of rates ranks no contributions; 'the highest confidence score'), less those saying how much ('the
    largest share of'); none when it names none."""
    found = MOST_OR_LEAST.search(text)
    if found:
        return frozenset(terms(found.group(1))[:1])
    rank = EXTREME.search(text)
    named = terms(RANKED_PHRASE_END.split(text[rank.end():], maxsplit=1)[0]) if rank else []
    return frozenset(t for t in named if t not in MEASURE_TERMS and not t.isdigit())


def _ranked_count(text: str) -> int:
    found = RANKED_COUNT.search(text)
    if not found:
        return 1
    word = found.group(1).lower()
    return int(word) if word.isdigit() else COUNT_NAMES.index(word) + 2


def _position(text: str) -> int | None:
    found = ORDINAL.search(text)
    if not found:
        return None
    word, digits = found.group(1), found.group(2)
    if word and word.lower() == "next":
        return 0
    return int(digits) if digits else ORDINALS.index(word.lower()) + 1


def _acronym(group: str) -> str:
    """'Medical directors' -> 'MDs', how briefings abbreviate group names."""
    words = group.split()
    return "".join(w[0].upper() for w in words) + ("s" if group.endswith("s") else "")


def quoted_words(text: str) -> tuple[frozenset[str], ...]:
    """The terms of each phrase in quotation marks ('other', “strongly agree”)."""
    return tuple(frozenset(terms(phrase)) for phrase in QUOTED_PHRASE.findall(text) if terms(phrase))


def speaker_named(speakers: list[str], text: str) -> str:
    """The quote speaker role the text names ('clinical director'), or ''; 'clinical' alone will do.
    Words for people in general ('respondents', 'someone') name no speaker."""
    lowered = text.lower()
    exact = [r for r in speakers if re.search(rf"\b{re.escape(r)}s?\b", lowered)]
    if exact:
        return "" if exact[0] in INDEFINITE or exact[0].rstrip("s") in INDEFINITE else exact[0]
    by_part = _speaker_by_part(speakers, text)
    if by_part:
        return by_part
    partial = [r for r in speakers if len(r.split()) > 1 and re.search(rf"\b{re.escape(r.split()[0])}\b", lowered)]
    return partial[0] if len(partial) == 1 else ""


def _speaker_by_part(speakers: list[str], text: str) -> str:
    """The one speaker a part of whose printed attribution the text names whole: a person's name or a
    role of two words or more ('Jane Wheeler', 'Director of Local Care' in 'Jane Wheeler, Director of
    Local Care, NWL ICB'); the speaker naming the most such words, when no other names as many."""
    asked = set(terms(text))
    named = {}
    for speaker in speakers:
        parts = [set(terms(p)) for p in speaker.split(",")]
        named[speaker] = sum(len(p) for p in parts if len(p) >= 2 and p <= asked)
    best = max(named.values(), default=0)
    leaders = [s for s, n in named.items() if n == best]
    return leaders[0] if best and len(leaders) == 1 else ""
