"""A question read once into a frozen `Question`: what it names and what kind of answer it asks for.

Every route decides from these fields instead of re-reading the text. The library-specific parts
(the tables' groups, the quote speakers, the sources' words) come from a `Reader` built once per
assistant; spelling and follow-ups are read in `spelling.py` and `followup.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.table_facts import ALL_GROUPS

from .pinned import Pins, asked_of
from .row_index import column_concepts, group_names
from .sections import ROLES, section_asked
from .shape import AskedShape
from .terms import ACRONYM_PLURAL, FRAMING_TERMS, terms, topic_words

PERCENT = re.compile(r"\b(percent(age)?s?|per cent|share|proportion|fraction|rate)\b|%", re.I)
COUNT = re.compile(r"\b(how many|number of|count|total number|tally)\b", re.I)
TOP = re.compile(r"\b(most|highest|top(ped|s)?|best|largest|greatest|biggest|strongest|ranked first)\b", re.I)
BOTTOM = re.compile(r"(?<!at )\b(least|lowest|bottom|worst|smallest|fewest|weakest|ranked last)\b", re.I)
# 'more time with the chief executive' compares nothing; 'more medical or clinical directors' does.
COMPARE = re.compile(r"\b(compared?|comparison|versus|vs\.?|differ\w*|than|against|which group|"
                     r"(more|fewer|less|higher|lower)\b.*\bor|or\b.*\b(more|fewer|less|higher|lower))\b", re.I)
AVERAGE = re.compile(r"\b(average|mean)\b", re.I)
ALL = re.compile(r"\b(all respondents|in total|overall|altogether|total|everyone|respondents|combined|taken together|"
                 r"both groups (together|combined)|(taking|counting|across) both groups)\b", re.I)
RECEIVED = re.compile(r"\b(receiv\w*|already|currently|doing|attend\w*|had)\b", re.I)
UNMET = re.compile(r"\b(not|never|lack\w*|missing|without|wanted|want|would like|useful|helpful|could help|wish\w*|absent|unmet)\b|n't", re.I)
FIGURE_INTENT = re.compile(
    rf"{PERCENT.pattern}|{COUNT.pattern}|{TOP.pattern}|{BOTTOM.pattern}|{AVERAGE.pattern}|"
    r"\b(how confident|figure|rank\w*|score\w*|answered|skipped|responses?|did more|did fewer|most often|which group)\b", re.I)
# Quotation marks that open after a space and close before one: not the apostrophe of "directors'".
QUOTED = re.compile(r"(?:^|(?<=[\s(]))[‘'\"“]([^‘’'\"“”]{2,60}?)[’'\"”](?=[\s,.?!;:)]|$)")
TABLE_NAME = re.compile(r"\btables? (\d+[A-Z]?(?:\.\d+)*)\b", re.I)  # "Table 3", "Table 3.2", "Table 6A.1"
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
ORDINAL = re.compile(rf"\b({'|'.join(ORDINALS[1:])}|next)\b|\b(\d{{1,2}})(?:st|nd|rd|th)\b", re.I)
NONE_ROW = re.compile(r"\b(no support|none|nothing|no \w+ at all|not (being )?(given|getting|receiving) any)\b", re.I)
QUOTE_INTENT = re.compile(r"\b(quotes?|quotations?|(?<!as )quoted|verbatim|in (their|his|her|a [\w ]{1,30}'s) (own )?words|"
                          r"what (?:exactly )?did (a|an|one|the)?\s*\w+(\s\w+)? say|said about|say about|says about|"
                          r"how did (a|an|one|the) [\w ]{1,30}? (describe|put|explain|sum up|phrase))\b", re.I)
QUOTE_SPEAKER = re.compile(r"\bdid (?:a |an |one |the )?([\w ]{2,60}?) (?:say|think|describe|put|explain)\b|"
                           r"\bquote (?:from )?(?:a |an |one |the )?([\w ]{2,40}?) (?:on|about|who|saying)\b", re.I)
# Words for people in general: never a name, a group or a speaker the report must have.
INDEFINITE = frozenset("someone somebody anyone anybody everyone everybody people person persons they them those "
                       "others respondent respondents participant participants interviewee interviewees "
                       "individuals authors writers researchers".split())  # the report's own authors are no breakdown
WHY = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(why|what (?:is|are|was|were) the reasons?|what (?:explains|caused|causes|lies behind)|"
                 r"for what reason|how come)\b", re.I)
# 'How can/do...' asks for a means; 'How did X compare', 'how do they feel', 'how were they chosen' ask for facts.
HOW = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?how (?:do|does|can|could|should|would|will|might)\b"
                 r"(?!.*\b(?:feel|felt|compare|differ|rate|see|view|think|regard|perceive|describe)\b)|"
                 r"\b(?:by what means|in what ways?|through what|by what route)\b", re.I)
BASE = re.compile(r"\b(based on|sample size|base (?:of|for)|what (?:is|was) the base|(?:does|do|did) [\w\s-]{1,60} cover)\b", re.I)
# The people a figure question counts: 'how many <chief executives> got ...', the first plural after the frame.
# Words that end the people a question counts: 'how many <care providers> were', not 'how many <provide ...>'.
NOT_COUNTED = ("of|the|a|an|and|or|in|on|at|to|for|with|by|from|them|they|those|these|is|was|are|were|be|been|has|have|"
               "had|do|does|did|will|would|can|could|should|may|might|said|say|says|got|get|gets|provide|provides|use|uses|"
               "used|receive|receives|received|want|wants|wanted|need|needs|think|thinks|feel|feels|felt|take|takes|took|"
               "make|makes|made|give|gives|gave|see|sees|know|knows|report|reports|reported|agree|agrees|agreed|believe|"
               "believes|identify|identifies|identified|rate|rates|rated|attend|attends|attended|chose|choose|chooses")
# People narrowed by where they are or what they have, or the others they are set against.
QUALIFIED = re.compile(r"\b(?:(?:directors?|respondents?|those|people|participants|staff|organi[sz]ations|managers|leaders|"
                       r"clinicians|doctors|members|ones|trusts)\s+(?:from|with|working in|based in|at)|than|"
                       r"compared? (?:with|to)|versus|vs\.?)\s+((?:[\w’'-]+\s*){1,6})", re.I)
COMPARED = re.compile(r"\s*(?:than|compared?|versus|vs)\b", re.I)
# The people whose view is asked: 'How did <finance directors and general managers> rate ...': they must be the
# ones the answer reports (a view of the directors surveyed does not answer it).
VIEW_HOLDERS = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:how|what) (?:did|do|does|would|will) (?:the\s+)?"
                          r"((?:[\w’'-]+\s+){0,5}?[\w’'-]+s)\s+(?:rate|view|see|think|feel|regard|perceive|judge|"
                          r"rank)\b", re.I)  # not 'say', 'describe': quote questions, asked of them
COUNTED = re.compile(rf"\b(?:how many|number of|(?:percentage|proportion|share|fraction|per ?cent) of)\s+(?:the\s+|all\s+)?"
                     rf"((?:(?!(?:{NOT_COUNTED})\b)[a-z][\w-]*\s+){{0,5}}?(?!(?:{NOT_COUNTED})\b)[a-z][\w-]*s)\b", re.I)


@dataclass(frozen=True)
class Part:
    """A span of `read_as` that names one thing a follow-up may replace."""

    kind: str  # "people", "table", "frame", "extreme", "section"
    start: int
    end: int


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
    criterion: str  # the term a 'most/least' question ranks by ('confid' in 'most confident'), or ''

    position: int | None  # a ranked place asked for ('ninth'); None for none, 0 for 'next'
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

    def part(self, kind: str) -> Part | None:
        return next((p for p in self.parts if p.kind == kind), None)

    def named(self, kind: str) -> str:
        found = self.part(kind)
        return self.read_as[found.start:found.end] if found else ""


class Reader:
    """What reading needs from a library, worked out once: its tables' groups (and their
    abbreviations, 'CDs'), its quote speakers and the long forms its sources define ('CEO')."""

    def __init__(self, tables, speakers: frozenset[str], acronyms: dict[str, str], vocabulary: frozenset[str]):
        self.tables = tables
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
             focus: frozenset[str] = frozenset()) -> Question:
        """Every field from read_as (text when None)."""
        read_as = text if read_as is None else read_as
        groups = self._groups(read_as)
        speaker = speaker_named(self.speakers, read_as)
        section = section_asked(read_as, topic_words(read_as, self.group_terms))
        measures = frozenset(m for m, asked in (("number", COUNT), ("percentage", PERCENT)) if asked.search(read_as))
        compares = bool(COMPARE.search(read_as))
        return Question(
            text=text, read_as=read_as, terms=frozenset(terms(read_as)), row_terms=self._row_terms(read_as),
            topic=tuple(topic_words(read_as, self.group_terms)), groups=groups,
            tables=tuple(f"Table {n}" for n in dict.fromkeys(TABLE_NAME.findall(read_as))),
            measures=measures, kind=_kind(read_as, section), section=section, speaker=speaker,
            people=self._people_not_grouped(read_as, groups), shape=AskedShape.of(read_as),
            figure_intent=self._figure_intent(read_as, groups, compares),
            top=bool(TOP.search(read_as)), bottom=bool(BOTTOM.search(read_as)), criterion=_criterion(read_as),
            position=_position(read_as),
            compares=compares, compares_groups=compares and (len([g for g in groups if g != ALL_GROUPS]) >= 2
                                                              or bool(re.search(r"\bwhich group\b", read_as, re.I))),
            received=bool(RECEIVED.search(read_as)), unmet=bool(UNMET.search(read_as)),
            average=bool(AVERAGE.search(read_as)), quoted=quoted_words(read_as),
            qualifiers=self._qualifiers(read_as), corrections=tuple(corrections),
            parts=self._parts(read_as), follows=follows, focus=focus, pins=Pins.of(read_as),
            asked_of="" if speaker else asked_of(read_as))

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
        if FIGURE_INTENT.search(text) or len(named) >= 2 or re.search(r"\b(\w+) (or|and) (\w+) directors\b", text, re.I):
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
        for named in re.split(r",\s*(?:and\s+)?|\s+and\s+", holders.group(1)) if holders else ():  # each of them
            phrase = " ".join(w for w in named.split() if w.lower() not in INDEFINITE)
            if set(terms(phrase)) - self.group_terms - FRAMING_TERMS - set(terms(" ".join(self.speakers))):
                found.append(phrase)
        for match in QUALIFIED.finditer(text):
            words = []
            for word in re.findall(r"[\w’'-]+", match.group(1)):
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
    def _parts(self, text: str) -> tuple[Part, ...]:
        """Where read_as names its people (a group, a speaker, or what a 'how many' counts), its table,
        its frame ('How many', 'What percentage of') and its extreme ('most')."""
        parts = []
        people = self.people.search(text) if self.people else None
        counted = COUNTED.search(text)
        if people:
            parts.append(Part("people", people.start(1), people.end(1)))
        elif counted:
            parts.append(Part("people", counted.start(1), counted.end(1)))
        for kind, pattern in (("table", TABLE_NAME), ("frame", FRAME), ("extreme", EXTREME), ("section", SECTION_WORDS)):
            found = pattern.search(text)
            if found:
                parts.append(Part(kind, found.start(), found.end()))
        return tuple(parts)


FRAME = re.compile(r"^\s*(?:how many|how much|what (?:percentage|proportion|share|fraction|per ?cent|number)(?: of)?|"
                   r"how (?:large|big|long|old|small|high|low|far|often))\b", re.I)
EXTREME = re.compile(rf"{TOP.pattern}|{BOTTOM.pattern}", re.I)
SECTION_WORDS = re.compile("|".join(f"(?:{role.asked.pattern})" for role in ROLES.values()), re.I)


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
    general = "all respondents|respondents|everyone|people"
    return re.compile(rf"\b((?:{words}|{general})(?:'s|’s)?)\b", re.I) if words else None


def _kind(text: str, section: str) -> str:
    if QUOTE_INTENT.search(text):
        return "quote"
    if section:
        return "section"
    if BASE.search(text):
        return "base"
    if WHY.search(text):
        return "why"
    if HOW.search(text) and not re.search(r"^\s*how (many|much|long|often)\b", text, re.I):
        return "how"
    return ""


def _criterion(text: str) -> str:
    """The term after 'most' or 'least': what a ranking question ranks by ('most confident', 'most often');
    'highest', 'top' and 'weakest' are ranks of their own."""
    found = re.search(r"\b(?:most|least)\s+([a-z][\w-]*)", text, re.I)
    word = found.group(1) if found else ""
    stems = terms(word)
    return stems[0] if stems else ""


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
    return tuple(frozenset(terms(phrase)) for phrase in QUOTED.findall(text) if terms(phrase))


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
