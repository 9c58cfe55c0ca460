"""Who a quote is by, as the report prints it: the attribution printed with it, else the person or group
the sentence introducing it names ("Professor Nick Robins told us", "as explained by one participant",
"These people say"), never a role picked from a list.

The introducing sentence is read for a verb of saying (said, told us, explained, wrote, ...) and the noun
phrase that does the saying: the words before the verb back to the clause's start, or after "by" /
"in the words of" / "according to". A phrase that names no one ("One said", "Another argued", "he
wrote") is resolved to the nearest people the sentences before it name ("many clinical directors ...
as one said" -> "clinical director"). Whether words name people is told by a capitalised name or a noun
for people (PEOPLE, or a word ending -ist or -ian): this only finds the phrase; the speaker is the
phrase as printed, never a role substituted for it.
Not handled: a speaker named only in a later paragraph; nested clauses beyond a few words.
"""
from __future__ import annotations

import re

from .textutil import sentence_spans

SAYING = re.compile(
    r"\b(?:said|says|say|put it|puts it|wrote|writes|write|argued|argues|argue|explained|explains|explain|"
    r"described|describes|suggested|suggests|credited|commented|comments|noted|notes|added|adds|told us|told|"
    r"tells us|highlighted|highlights|amplified|remarked|observed|stated|states|reported|reports|recalled|"
    r"complained|insisted|asked|answered|responded|replied|felt|feels|believed|believes|stressed|emphasised|"
    r"emphasized|warned|concluded|expressed|mentioned|shared|acknowledged|admitted|agreed|claimed|"
    r"summed it up)\b", re.IGNORECASE)
# A quoted answer after 'were' ('All three panel members were “completely satisfied”'): the subject said it.
SAYING_OR_BEING = re.compile(SAYING.pattern[:-3] + r"|were|was)\b", re.IGNORECASE)
BY = re.compile(r"\b(?:in the words of|according to|(?:[a-z]+ed|explain|said|put|told|put it|summed up|made) by)\s+",
                re.IGNORECASE)  # "as explained by one participant", "a point raised by carers"
CLAUSE_START = re.compile(r"(?:^|[,;:(–—]|\b(?:that|which|where|when|while|and|but|so|because|whereas)\b)\s*", re.IGNORECASE)
LEADING = re.compile(r"^(?:(?:as|and|but|so|then|also|when|while|thus|indeed|moreover|for example|for instance|what|how|"
                     r"here|why)\b[\s,]*)+",
                     re.IGNORECASE)
SINGLE = re.compile(r"^(?:one|a|an|another|each|the)\s+(?=\w)", re.IGNORECASE)
OF_GROUP = re.compile(r"^(?:one|another|each|some|many|most|two|three|several)\s+of\s+(?:the|these|those|our)\s+", re.IGNORECASE)
NAMES_NO_ONE = {"one", "another", "he", "she", "they", "it", "this", "some", "many", "most", "others", "other", "several",
                "we", "i", "who", "which", "both", "all", "each", "someone"}
PERSON_SUFFIX = re.compile(r"\w{3}(?:ist|ian)s?$")
PEOPLE = set("""people person staff public panel professor chair director manager leader member worker carer nurse
    doctor clinician consultant participant respondent interviewee employee trainee patient resident citizen juror
    student colleague executive officer representative minister secretary commissioner practitioner partner
    stakeholder provider user parent child children family families volunteer analyst expert governor founder
    author researcher witness official councillor lead head chief president survivor adult youth women men woman
    man girl boy team group jury""".split())
PARTITIVE = {"the", "these", "those", "our"}  # 'one of those respondents': one of them speaks
PREPOSITIONS = {"to", "of", "for", "with", "by", "from", "about", "among", "between", "on", "in", "at", "into"}
NAME = re.compile(r"\b(?:[A-Z][a-z’'-]+|Dr|Mr|Mrs|Ms|Prof)\.?(?:\s+[A-Z][a-z’'-]+)+")
MAX_PHRASE_WORDS = 10
BACK_SENTENCES = 4  # sentences before a quote searched for the people "One said" refers to


def introduced_by(before: str, context: str = "") -> str:
    """The speaker named by `before` (the sentence up to the quote's opening, or an introducing sentence),
    resolved through `context` (the text before it) when it names no one; '' when no speaker is named."""
    sentence = before[sentence_spans(before)[-1][0]:] if sentence_spans(before) else before
    phrase = _saying_phrase(sentence)
    if phrase and _names_someone(phrase):
        return _clean(phrase)
    opening = _opening_people(sentence)
    if opening:
        return _clean(opening)
    if phrase:
        earlier = before[:len(before) - len(sentence)] + sentence[:sentence.find(phrase)]
        return _people_before(context + " " + earlier) or _clean(phrase)
    return ""


def introduces_speech(paragraph: str) -> bool:
    """A paragraph whose last sentence reports speech and ends with ':' ("One nurse said:")."""
    spans = sentence_spans(paragraph)
    last = paragraph[spans[-1][0]:] if spans else paragraph
    return paragraph.rstrip().endswith(":") and bool(SAYING.search(last))


def heading_speaker(heading: str) -> str:
    """The people a heading says are speaking ('These people say', 'What carers told us'); '' for other headings."""
    text = heading.strip().rstrip(" :?.")
    found = list(SAYING.finditer(text))
    if not found or found[-1].end() != len(text):
        return ""
    return _clean(_before(text, found[-1].start()))


def _saying_phrase(sentence: str) -> str:
    """The noun phrase doing the saying: after 'by' / 'in the words of', else before the last verb of
    saying whose subject names people, else before the last one."""
    by = list(BY.finditer(sentence))
    if by:
        return re.split(r"[,:;‘“\"(]", sentence[by[-1].end():])[0].strip()
    phrases = [_before(sentence, m.start()) for m in SAYING_OR_BEING.finditer(sentence)]
    phrases = [p for p in phrases if p]
    return next((p for p in reversed(phrases) if _names_someone(p)), phrases[-1] if phrases else "")


def _opening_people(sentence: str) -> str:
    """The phrase opening the sentence up to its first comma, when it names people ('Participants at
    Hospitals A and C, which ...')."""
    lead = re.split(r"[,;:]", sentence, maxsplit=1)[0].strip()
    return lead if len(lead.split()) <= MAX_PHRASE_WORDS and _names_someone(lead) else ""


def _before(sentence: str, at: int) -> str:
    """The words before offset `at` back to the start of their clause."""
    head = sentence[:at].rstrip(" ,")
    starts = [m.end() for m in CLAUSE_START.finditer(head)]
    phrase = re.sub(r"\s+(?:who|which|that)$", "", head[starts[-1] if starts else 0:].strip())  # 'One leader who said'
    return phrase if 0 < len(phrase.split()) <= MAX_PHRASE_WORDS else ""


def _names_someone(phrase: str) -> bool:
    """A name, or a noun for people that is no object of a preposition ('work of clinicians' names no one
    saying anything; 'one of the respondents' does)."""
    words = [w.strip("’'.,").lower() for w in phrase.split()]
    if not words or all(w in NAMES_NO_ONE for w in words):
        return False
    return bool(NAME.search(phrase)) or any(_person(w) and not _governed(words, i) for i, w in enumerate(words))


def _governed(words: list[str], i: int) -> bool:
    before = words[max(0, i - 2):i]
    return any(w in PREPOSITIONS for w in before) and not (before[-1:] and before[-1] in PARTITIVE and "of" in before)


def _person(word: str) -> bool:
    word = word.lower()
    return word in PEOPLE or word.rstrip("s") in PEOPLE or bool(PERSON_SUFFIX.search(word))


def _people_before(context: str) -> str:
    """The people a recent sentence of `context` is about: in the last few sentences, latest first, the first
    people named as someone acting (not after 'to', 'of', ...), as one of them ('many clinical directors' ->
    'clinical director')."""
    for a, b in reversed(sentence_spans(context)[-BACK_SENTENCES:]):
        tokens = re.findall(r"[\w’'-]+", context[a:b])
        for i, token in enumerate(tokens):
            if _person(token.lower()) and not any(t.lower() in PREPOSITIONS for t in tokens[max(0, i - 2):i]):
                start = i
                while start > max(0, i - 2) and tokens[start - 1].islower() and tokens[start - 1] not in NAMES_NO_ONE \
                        and tokens[start - 1] not in PREPOSITIONS and tokens[start - 1] not in ("the", "a", "an"):
                    start -= 1
                return _singular(" ".join(tokens[start:i + 1]))
    return ""


def _clean(phrase: str) -> str:
    """The phrase without the words around a name: 'As one medical director' -> 'medical director'."""
    phrase = LEADING.sub("", phrase.strip(" ,.:;")).strip()
    if OF_GROUP.match(phrase):
        return _singular(OF_GROUP.sub("", phrase))
    if SINGLE.match(phrase) and not NAME.match(phrase):
        phrase = SINGLE.sub("", phrase)
    return phrase


def _singular(phrase: str) -> str:
    words = phrase.split()
    last = words[-1] if words else ""
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss") and _person(last[:-1]):
        words[-1] = last[:-1]
    return " ".join(words)
