"""Section questions ('What are the main findings?', 'What does the report recommend?'): the part of a
report that plays that role, found by its heading and by what its sentences say, in any report.

A role has three signals: words a question uses to ask for it, heading words, and sentence cues
(a recommendation says 'should' or 'needs to'; a limitation says 'not representative'). A section
scores by its heading, by a sentence that introduces a list in the role's own words ('Major findings
include the following.'), and by the share of its sentences with the role's cues. Not handled: a role
spread over several sections is answered from the best one only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .library import Library
from .terms import terms
from .units import Piece, introduces, sentences_in, unit_at

# Topic words that do not narrow a section question: 'the report's main findings' asks for all of them.
GENERIC = frozenset(terms("report reports study survey document paper research authors briefing publication "
                          "key main major principal headline overall important biggest primary general "
                          "what this it they areas area points made make"))


@dataclass(frozen=True)
class Role:
    asked: re.Pattern  # how a question asks for it
    heading: re.Pattern  # heading words
    cues: re.Pattern  # what its sentences say
    place: str = ""  # "start" or "end": where in a report it usually stands


def _words(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b", re.I)


FINDINGS = r"found|finds|find|shows?|showed|suggests?|suggested|identified|revealed|reported|results?|evidence"
RECOMMEND = (r"should|must|needs? to|need for|recommend\w*|we call|ought to|it is essential|would (?:help|improve)|"
             r"is needed|are needed|priorit\w+|action|encourage")
ROLES = {
    "findings": Role(_words(r"(?:main |key |major |principal |headline )?findings?|what (?:did|does) (?:the |this )?"
                            r"(?:report|survey|study|research) (?:find|show|reveal)|what (?:was|were) found|"
                            r"what (?:did|do) (?:they|we) find|results? of the (?:survey|study|report)"),
                     _words(r"findings?|results|what we found|key points"), _words(FINDINGS)),
    "summary": Role(_words(r"summar(?:y|ise|ize|ised|ized)|overview|in (?:a )?nutshell|in brief|gist|tl;?dr|"
                           r"what is (?:the |this )?(?:report|document|study) about"),
                    _words(r"(?:executive )?summary|overview|at a glance|abstract|foreword|key points"),
                    _words(FINDINGS + r"|this report|we conducted|we surveyed"), "start"),
    "key messages": Role(_words(r"key (?:messages?|points?|takeaways?|lessons?)|take-?aways?|main (?:messages?|points?)|"
                                r"headlines?"),
                         _words(r"key (?:messages?|points?|findings)|summary|headlines|at a glance"),
                         _words(FINDINGS), "start"),
    "conclusions": Role(_words(r"conclu(?:de|des|ded|sions?)|(?:the )?bottom line"),
                        _words(r"conclusions?|concluding|discussion|final (?:thoughts|remarks)|summing up"),
                        _words(r"in conclusion|overall|conclude\w*|implications?|suggests?|clear"), "end"),
    "recommendations": Role(_words(r"recommend\w*|what (?:should|must) (?:be done|happen|change)|what needs? to "
                                   r"(?:change|happen|be done)|proposals?|calls? for|what (?:does|do) (?:the )?"
                                   r"(?:report|authors?) (?:propose|suggest|advise)|what (?:would|could) (?:help|improve)"),
                            _words(r"recommendations?|what needs to change|what should|actions?|the way forward|"
                                   r"proposals?|calls? to action|implications for"), _words(RECOMMEND)),
    "next steps": Role(_words(r"next steps?|what (?:happens|comes) next|future (?:work|plans?)|what (?:is|are) planned"),
                       _words(r"next steps|the way forward|looking ahead|future work|further work|plans"),
                       _words(r"will|plan\w*|next|future|going forward|further work"), "end"),
    "limitations": Role(_words(r"limitations?|caveats?|weakness(?:es)?|how (?:reliable|representative|robust|"
                               r"generali[sz]able)|shortcomings?"),
                        _words(r"limitations?|caveats?|strengths and limitations|weaknesses"),
                        _words(r"not (?:a )?representative|limitations?|caution|do not claim|small sample|"
                               r"bias\w*|cannot be generali[sz]ed|should be treated with|interpreted with")),
    "method": Role(_words(r"methods?|methodology|how (?:was|were) (?:the |this )?(?:survey|study|research|data|"
                          r"interviews?|evidence|sample|report)\s+(?:\w+\s+)?(?:done|carried out|conducted|collected|"
                          r"gathered|run|designed|put together|chosen|selected)|how did (?:they|the authors|the researchers|"
                          r"the report) (?:collect|gather|do|carry out|conduct|research)"),
                   _words(r"methods?|methodology|approach|about (?:this|the) (?:survey|research|report)|data and methods"),
                   _words(r"survey\w*|interview\w*|questionnaire|sample\w*|respondents|participants|collected|"
                          r"we (?:conducted|asked|used|sent|carried out)|online|workshops?|statistics")),
}
HEADING_WEIGHT = 1.0
INTRO_WEIGHT = 1.5  # a sentence that introduces a list in the role's own words names the section's role
CUE_WEIGHT = 0.6
PLACE_WEIGHT = 0.2
MIN_SCORE = 0.6


def section_asked(text: str, topic: list[tuple[str, str]]) -> str:
    """The role a question asks for as a whole ('findings'), or '' when it asks for one thing in it
    ('What did the survey find about coaching?'). 'Summarise' is a role of its own only when the
    question names no other ('Summarise the key recommendations' asks for recommendations)."""
    found = {name: role.asked.search(text) for name, role in ROLES.items()}
    found = {name: match for name, match in found.items() if match}
    if not found:
        return ""
    said = {t for match in found.values() for t in terms(match.group(0))}
    if {t for _, t in topic} - said - GENERIC:
        return ""
    name = next((n for n in found if n != "summary"), "summary")
    return "" if _narrowed(text, found[name]) else name


def _narrowed(text: str, found: re.Match) -> bool:
    """'What did the survey find about coaching?': a topic after about/on/regarding narrows it."""
    return bool(re.search(r"\b(?:about|on|regarding|concerning|for|of|in)\s+(?!the report|the survey|the study|this|it\b)\w+",
                          text[found.end():], re.I)) and not re.search(r"^\W*(?:of|in) (?:the |this )?(?:report|survey|study)\b",
                                                                        text[found.end():], re.I)


@dataclass(frozen=True)
class SectionSpan:
    source: str
    heading: str
    start: int
    end: int
    score: float


def find_section(parsed_sources, role_name: str, source: str = "") -> SectionSpan | None:
    """The best-scoring section for the role across the sources (or one source), or None."""
    role = ROLES[role_name]
    best = None
    for parsed in parsed_sources:
        if source and parsed.source.id != source:
            continue
        text = parsed.source.text
        tables = [(t.start, t.end) for t in parsed.tables]
        for section in parsed.sections:
            score = _score(role, section, text, tables)
            if best is None or score > best.score:
                best = SectionSpan(parsed.source.id, section.heading, section.start, section.end, score)
    return best if best and best.score >= MIN_SCORE else None


def _score(role: Role, section, text: str, tables: list[tuple[int, int]]) -> float:
    heading = HEADING_WEIGHT if section.heading and role.heading.search(section.heading) else 0.0
    sentences = [text[s:e] for s, e in prose_sentences(text, section.start, section.end, tables, section.heading)]
    if not sentences:
        return heading * 0.5  # a heading over nothing answers nothing
    intro = INTRO_WEIGHT if any(introduces(s) and role.asked.search(s) for s in sentences) else 0.0
    cued = sum(bool(role.cues.search(s)) for s in sentences) / len(sentences)
    return heading + intro + CUE_WEIGHT * cued + PLACE_WEIGHT * _placed(role, section.start, len(text))


def _placed(role: Role, start: int, length: int) -> float:
    if role.place == "start":
        return 1.0 if start < 0.15 * length else 0.0
    if role.place == "end":
        return 1.0 if start > 0.6 * length else 0.0
    return 0.0


MAX_CUED = 4
MAX_PIECES = 10


def section_units(library: Library, span: SectionSpan, role_name: str) -> list[tuple[Piece, ...]]:
    """What a section says in its role, as whole units: a list it introduces (with the intro's paragraph),
    else the paragraph that names the role ('In conclusion, ...'), else its sentences with the role's
    cues, else its first sentences. A summary also opens with the section's first paragraph."""
    role = ROLES[role_name]
    text = library.source(span.source).text
    tables = [(t.start, t.end) for t in library.tables if t.source == span.source]
    sentences = prose_sentences(text, span.start, span.end, tables, span.heading)
    units = _listed(library, span.source, text, sentences, role) or _naming(library, span.source, text, sentences, role)
    if not units:
        cued = [(s, e) for s, e in sentences if role.cues.search(text[s:e])][:MAX_CUED]
        units = [u for s, e in (cued or sentences[:MAX_CUED - 1]) if (u := unit_at(library, span.source, s, e))]
    if role_name == "summary" and sentences:
        opening = [u for s, e in sentences if _same_paragraph(text, sentences[0][0], s)
                   if (u := unit_at(library, span.source, s, e))]
        units = opening + [u for u in units if u[0].start > opening[-1][-1].end] if opening else units
    return _capped(units)


def _listed(library: Library, source: str, text: str, sentences, role: Role) -> list[tuple[Piece, ...]]:
    """The first list the section introduces, led by the intro's paragraph; one in the role's words first."""
    intros = [(s, e) for s, e in sentences if introduces(text[s:e])]
    for s, e in sorted(intros, key=lambda span: not role.asked.search(text[span[0]:span[1]])):
        unit = unit_at(library, source, s, e)
        if len(unit) > 1 and all(not p.quoted for p in unit):
            lead_start = _paragraph_start(text, s)
            return [(Piece(source, lead_start, e, text[lead_start:e]),) + unit[1:]]
    return []


def _naming(library: Library, source: str, text: str, sentences, role: Role) -> list[tuple[Piece, ...]]:
    """The paragraph of the first sentence that names the role in its own words ('In conclusion')."""
    named = next(((s, e) for s, e in sentences if role.asked.search(text[s:e])), None)
    if named is None:
        return []
    return [u for s, e in sentences if _same_paragraph(text, named[0], s) if (u := unit_at(library, source, s, e))]


def prose_sentences(text: str, start: int, end: int, tables: list[tuple[int, int]], heading: str = "") -> list[tuple[int, int]]:
    """The sentences of four words or more in text[start:end], outside the tables printed there and
    other than the section's own heading."""
    return [(s, e) for s, e in sentences_in(text, start, end)
            if len(text[s:e].split()) >= 4 and text[s:e].strip() != heading.strip()
            and not any(t_start <= s < t_end for t_start, t_end in tables)]


def _paragraph_start(text: str, at: int) -> int:
    start = text.rfind("\n\n", 0, at)
    start = 0 if start < 0 else start + 2
    while start < at and text[start].isspace():
        start += 1
    return start


def _same_paragraph(text: str, first: int, other: int) -> bool:
    return _paragraph_start(text, first) == _paragraph_start(text, other)


def _capped(units: list[tuple[Piece, ...]]) -> list[tuple[Piece, ...]]:
    out, count = [], 0
    for unit in units:
        if count + len(unit) > MAX_PIECES and out:
            break
        out.append(unit[:MAX_PIECES])
        count += len(unit)
    return out
