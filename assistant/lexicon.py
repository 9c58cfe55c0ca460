"""The words citebrief reads questions by, each vocabulary defined once: the measures, extremes and
comparisons a question asks for, the kinds of question, the people it names, the parts of a report and
the things reports number, dates and numbers, pronouns and the words a follow-up is made of. Every module
imports them from here; the few that ingest reads reports by too live in `ingest/vocabulary.py` and are
re-exported. Word lists are tuples of words; a pattern built from them is compiled once, case-blind.
"""
from __future__ import annotations

import re

from ingest.vocabulary import AVERAGE_WORDS, PERCENT_VALUE, PERCENT_WORDS, YEAR, YEAR_DIGITS  # the last three re-exported

from .terms import FRAMING_TERMS, MONTH_SHORT, terms


def alternation(words: tuple[str, ...]) -> str:
    """'per cent' also matches 'percent' and a line break inside it."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in sorted(words, key=len, reverse=True))


def _words(words: tuple[str, ...] | str, before: str = "", after: str = "") -> re.Pattern:
    listed = alternation(words) if isinstance(words, tuple) else words
    return re.compile(rf"\b{before}(?:{listed}){after}\b", re.I)


# ---- what a question measures -------------------------------------------------------------------------
SHARE_WORDS = ("percentages", *PERCENT_WORDS.split("|"), "share", "proportion", "fraction")
SHARE = alternation(SHARE_WORDS)
ASKS_SHARE = re.compile(rf"\b(?:{SHARE})\b|%", re.I)
ASKS_PERCENTAGE = re.compile(rf"\b(?:{SHARE}|rate)\b|%", re.I)  # a rate is printed as a percentage too
COUNT_WORDS = ("how many", "number of", "count", "total number", "tally")
ASKS_COUNT = _words(COUNT_WORDS)
HOW_MUCH = ("many", "much", "long", "often", "large", "big", "small", "high", "low", "far", "old")  # 'how <x>'
FRAME = re.compile(rf"^\s*(?:how (?:{alternation(HOW_MUCH)})|what (?:{SHARE}|number)(?: of)?)\b", re.I)
AS_MEASURE = re.compile(rf"\b(?:as an? )?({SHARE}|number|count|how many)\b", re.I)  # 'And as a percentage?'
ASKS_QUANTITY = re.compile(
    rf"\bhow (?:{alternation(HOW_MUCH)})\b|\b(?:what|which) size\b|\bwhat (?:{SHARE}|number)\b|"
    r"\bwhat (is|was|are|were) the (total|number|amount|size|cost|value)\b|"
    r"\bwhat (is|was|are|were) the (average|mean|median|typical)\b(?=(?:\s+[\w-]+){0,3}?\s+"
    r"(salary|salaries|pay|price|age|length|size|cost|number|total|amount|value)\b)", re.I)
TOP_WORDS = ("most", "highest", "top", "tops", "topped", "best", "largest", "greatest", "biggest", "strongest", "ranked first")
BOTTOM_WORDS = ("least", "lowest", "bottom", "worst", "smallest", "fewest", "weakest", "ranked last")
TOP = _words(TOP_WORDS)
BOTTOM = _words(BOTTOM_WORDS, before="(?<!at )")
EXTREME = re.compile(rf"{TOP.pattern}|{BOTTOM.pattern}", re.I)
# A question choosing among one row's columns by their values: 'In which year was X larger?', 'Which year has the
# lowest service cost?', 'In which period was net sales greater than 1,000 million?'
WHICH_COLUMN = re.compile(r"\b(?:which|what) (?:year|month|quarter|period)s?\b", re.I)
# ... asking which of them a table gives at all: 'Which years does the table show?', 'In which years was X provided?'
PERIODS_GIVEN = re.compile(r"\b(?:tables?|provided?|presented|calculated|recorded|reported|shown|shows?|given|covers?|"
                           r"covered|included|listed)\b", re.I)
RISES = _words(("larger", "higher", "greater", "more", "bigger"))
FALLS = _words(("smaller", "lower", "less", "fewer"))
THRESHOLD = re.compile(r"\b(?:(more\s+than|greater\s+than|higher\s+than|larger\s+than|above|over)|(?:less|lower|fewer|smaller)\s+than|"
                       r"below|under)\s*"
                       r"([-−]?[$£€]?\s?\d[\d,]*(?:\.\d+)?)(?:\s*(?:%|per\s?cent|thousands?|millions?|billions?|bn|m|k)\b)?", re.I)
# A span of years, the years between included: '2017 to 2019', 'between 2018 and 2020'.
YEAR_SPAN = re.compile(rf"\b{YEAR_DIGITS}\s*(?:to|through|until|-|–)\s*(?:fiscal\s+)?{YEAR_DIGITS}\b|"
                       rf"\bbetween\s+(?:fiscal\s+)?{YEAR_DIGITS}\s+and\s+(?:fiscal\s+)?{YEAR_DIGITS}\b", re.I)
# Two periods set against each other: 'in 2021 or in 2022', 'March 2025 or April 2025'.
PERIOD_OR_PERIOD = re.compile(rf"{YEAR_DIGITS}\s+or\s+(?:in\s+)?(?:\w+\s+)?{YEAR_DIGITS}", re.I)
MOST_OR_LEAST = re.compile(r"\b(?:most|least)\s+([a-z][\w-]*)", re.I)  # what a ranking ranks by: 'most confident'
# Criteria that rank by how often or how much, not by a quality a table measures ('most often', 'most cited').
FREQUENCY = frozenset(terms(" ".join(("often common commonly frequent frequently popular requested chosen cited mentioned "
                                      "named many much number numbers score scores rated ranked value values figure figures",
                                      *SHARE_WORDS))))
# 'more time with the chief executive' compares nothing; 'more medical or clinical directors' does.
COMPARE = re.compile(r"\b(compared?|comparison|versus|vs\.?|differ\w*|than|against|which group|"
                     r"(more|fewer|less|higher|lower)\b.*\bor|or\b.*\b(more|fewer|less|higher|lower))\b", re.I)
COMPARED = re.compile(r"\s*(?:than|compared?|versus|vs)\b", re.I)
WHICH_GROUP = re.compile(r"\bwhich group\b", re.I)
TWO_GROUPS_OF = re.compile(r"\b(\w+) (or|and) (\w+) directors\b", re.I)  # 'medical or clinical directors'
AVERAGE = _words(AVERAGE_WORDS)
ALL = re.compile(r"\b(all respondents|in total|overall|altogether|total|everyone|respondents|combined|taken together|"
                 r"both groups (together|combined)|(taking|counting|across) both groups)\b", re.I)
RECEIVED = re.compile(r"\b(receiv\w*|already|currently|doing|attend\w*|had)\b", re.I)
UNMET = re.compile(r"\b(not|never|lack\w*|missing|without|wanted|want|would like|useful|helpful|could help|wish\w*|absent|unmet)\b|n't", re.I)
NONE_ROW = re.compile(r"\b(no support|none|nothing|no \w+ at all|not (being )?(given|getting|receiving) any)\b", re.I)
FIGURE_INTENT = re.compile(
    rf"{ASKS_PERCENTAGE.pattern}|{ASKS_COUNT.pattern}|{TOP.pattern}|{BOTTOM.pattern}|{AVERAGE.pattern}|"
    r"\b(how confident|figure|rank\w*|score\w*|index|indices|answered|skipped|responses?|did more|did fewer|most often|which group)\b", re.I)

# ---- the kind of question ---------------------------------------------------------------------------------
LEAD = r"^\s*(?:(?:and|so|but)\s+)?"  # 'And why...', 'So how...': a question's own opening after a connective
QUESTION_WORDS = ("how", "what", "which", "who", "whom", "whose", "when", "where", "why")
AUXILIARIES = ("is", "was", "are", "were", "do", "does", "did", "has", "have", "had", "will", "would", "can", "could",
               "should", "may", "might")
REQUESTS = ("give", "show", "list", "tell", "summarise", "summarize", "name", "describe", "explain", "quote", "find",
            "compare", "according")
# A question of its own, its question word maybe after a preposition: 'On which days...', 'By how much...'.
FRAMED = re.compile(rf"^\s*(?:(?:on|in|at|for|by|from|to|with|since|until|during)\s+(?={alternation(QUESTION_WORDS)}\b))?"
                    rf"(?:{alternation(QUESTION_WORDS + AUXILIARIES + REQUESTS)})\b", re.I)
WHY = re.compile(rf"{LEAD}(why|what (?:is|are|was|were) the reasons?|what (?:explains|caused|causes|lies behind)|"
                 r"for what reason|how come)\b", re.I)
# 'How can/do...' asks for a means; 'How did X compare', 'how do they feel', 'how were they chosen' ask for facts.
HOW = re.compile(rf"{LEAD}how (?:do|does|can|could|should|would|will|might)\b"
                 r"(?!.*\b(?:feel|felt|compare|differ|rate|see|view|think|regard|perceive|describe)\b)|"
                 r"\b(?:by what means|in what ways?|through what|by what route)\b", re.I)
HOW_MANY = re.compile(r"^\s*how (many|much|long|often)\b", re.I)  # a 'how' that asks for a number, not a means
BASE = re.compile(r"\b(based on|sample size|base (?:of|for)|what (?:is|was) the base|(?:does|do|did) [\w\s-]{1,60} cover)\b", re.I)
BARE_WHY = re.compile(rf"{LEAD}(?:why|how come)\b(?:\s+not|\s+(?:is|was|are|were)\s+(?:that|this|it|so))?\W*$", re.I)
QUOTE_INTENT = re.compile(r"\b(quotes?|quotations?|(?<!as )quoted|verbatim|in (their|his|her|a [\w ]{1,30}'s) (own )?words|"
                          r"what (?:exactly )?did (a|an|one|the)?\s*\w+(\s\w+)? say|said about|say about|says about|"
                          r"how did (a|an|one|the) [\w ]{1,30}? (describe|put|explain|sum up|phrase))\b", re.I)
# Words that ask for someone's words themselves, not what a report says about something ('What does it say about...').
QUOTATION_ASKED = re.compile(r"\b(quot(e|es|ation|ations|ing)|verbatim|exact words|own words|exactly did)\b", re.I)
QUOTE_SPEAKER = re.compile(r"\bdid (?:a |an |one |the )?([\w ]{2,60}?) (?:say|think|describe|put|explain)\b|"
                           r"\bquote (?:from )?(?:a |an |one |the )?([\w ]{2,40}?) (?:on|about|who|saying)\b", re.I)
ASKS_NAME = re.compile(r"\b(which|what) (?:[a-z]+ ){0,2}?(publication|document|report|book|paper|study|country|countries|organi[sz]ation|"
                       r"institute|body|framework|city|programme|program|journal)\b|\bwhere did .* come from\b|^\s*who\b", re.I)
NAMES_ASKED = re.compile(r"\bnamed\b|\bnames? of\b|\bname the\b|\bwhat (is|are|was|were) (it|they) called\b", re.I)
ASKED_THING = re.compile(rf"^\s*(?:what|which)\s+((?:[\w-]+\s+){{0,3}}?[\w-]+)\s+(?:{alternation(AUXILIARIES)})\b", re.I)
# A question that asks for two things: '..., and how many WTE did that total?', 'in 2020 and in 2030',
# 'between rural and urban', 'how did X compare with Y'.
# Where a question asking two things in turn is cut into two questions: ', and' or 'and' before a question
# word ('How many X, and what share of Y?'); 'and' before anything else joins words of one question.
QUESTION_PARTS = re.compile(rf",?\s+and\s+(?=(?:{alternation(QUESTION_WORDS)})\s)", re.I)
TWO_ASKED = re.compile(rf"\band (?:how|what|when|which|who|where|whether)\b|\b{YEAR_DIGITS},? (?:and|or|to|versus) "
                       rf"(?:in )?{YEAR_DIGITS}\b|\bbetween [\w\s-]{{2,40}}? and\b|\bcompared?\b|\bboth\b", re.I)

# ---- the people a question names ----------------------------------------------------------------------
# Words for people in general: never a name, a group or a speaker the report must have.
INDEFINITE = frozenset("someone somebody anyone anybody everyone everybody people person persons they them those "
                       "others respondent respondents participant participants interviewee interviewees "
                       "individuals authors writers researchers".split())  # the report's own authors are no breakdown
GENERAL_PEOPLE = "all respondents|respondents|everyone|people"
# Words for the people (and the bodies) a question counts: 'And chief executives?' asks of others of them.
PEOPLE_NOUNS = frozenset(terms("people persons men women children adults patients residents carers staff workers nurses "
                               "doctors clinicians consultants gps physicians surgeons directors executives managers "
                               "officers leaders members participants respondents jurors users families providers "
                               "organisations organizations trusts practices homes teams students parents volunteers "
                               "employees analysts professionals specialists witnesses"))  # the people a table's all-groups column counts
# Words that end the people a question counts: 'how many <care providers> were', not 'how many <provide ...>'.
NOT_COUNTED = ("of|the|a|an|and|or|in|on|at|to|for|with|by|from|them|they|those|these|be|been|said|say|says|got|get|gets|"
               f"{'|'.join(AUXILIARIES)}|provide|provides|use|uses|"
               "used|receive|receives|received|want|wants|wanted|need|needs|think|thinks|feel|feels|felt|take|takes|took|"
               "make|makes|made|give|gives|gave|see|sees|know|knows|report|reports|reported|agree|agrees|agreed|believe|"
               "believes|identify|identifies|identified|rate|rates|rated|attend|attends|attended|chose|choose|chooses")
# The people a figure question counts: 'how many <chief executives> got ...', the first plural after the frame.
COUNTED = re.compile(rf"\b(?:how many|number of|(?:{SHARE}) of)\s+(?:the\s+|all\s+)?"
                     rf"((?:(?!(?:{NOT_COUNTED})\b)[a-z][\w-]*\s+){{0,5}}?(?!(?:{NOT_COUNTED})\b)[a-z][\w-]*s)\b", re.I)
# People narrowed by where they are or what they have, or the others they are set against.
QUALIFIED = re.compile(r"\b(?:(?:directors?|respondents?|those|people|participants|staff|organi[sz]ations|managers|leaders|"
                       r"clinicians|doctors|members|ones|trusts)\s+(?:from|with|working in|based in|at)|than|"
                       r"compared? (?:with|to)|versus|vs\.?)\s+((?:[\w’'-]+\s*){1,6})", re.I)
# The people whose view is asked: 'How did <finance directors and general managers> rate ...': they must be the
# ones the answer reports (a view of the directors surveyed does not answer it).
VIEW_HOLDERS = re.compile(rf"{LEAD}(?:how|what) (?:did|do|does|would|will) (?:the\s+)?"
                          r"((?:[\w’'-]+\s+){0,5}?[\w’'-]+s)\s+(?:rate|view|see|think|feel|regard|perceive|judge|"
                          r"rank)\b", re.I)  # not 'say', 'describe': quote questions, asked of them
# The people a quote is asked of: 'what a care home resident in London said', 'did the senior leads say',
# 'Quote what James Freed said', 'a quotation from Jane Wheeler'.
ASKED_OF = re.compile(r"\bwhat (?:exactly )?(?:did )?(?:a |an |one |the )?([\w’' -]{2,80}?) (?:said|say|says|think|thought)\b|"
                      r"\b(?:quot\w*|words) (?:from|by|of) (?:a |an |one |the )?([\w’' -]{2,60}?)(?= (?:on|about|in|printed|with|who)\b|[,.?]|$)",
                      re.I)
ABOUT = re.compile(r"\b(?:about|regarding|concerning|on the subject of)\s+(.+)$", re.I)
# Where the people asked of stop and what narrows them begins ('residents in north central London').
NARROWS = re.compile(r"\s+(?:in|from|at|of|during|on|about|within|across|who|that)\s+.*$", re.I)
NAME = re.compile(r"(?<![.?!:]\s)(?<!^)(?<![‘'\"“])\b[A-Z][a-z]{2,}\b|\b[A-Z]{3,}(?=s?\b)")  # past a sentence's start
PROPER_NAME = re.compile(r"(?<=[a-z,;:(] )[A-Z][a-z]+(?: (?:for |of |and )?[A-Z][a-z]+)*")  # a run, not a sentence's first word
# A person as reports print one: after a title ('Dr Mary Tully', 'Lord Darzi'; group 1), or two or three
# capitalised words ('Kyle Bozentko'; group 2).
TITLES = ("Dr", "Dr.", "Prof", "Prof.", "Professor", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Sir", "Dame", "Lord", "Baroness")
_CAPITALISED = r"[A-Z][a-zà-ÿ’'-]+"
PERSON_NAME = re.compile(rf"\b(?:{alternation(TITLES)})\s+((?:{_CAPITALISED}\s+){{0,2}}{_CAPITALISED})|"
                         rf"\b((?:{_CAPITALISED}\s+){{1,2}}{_CAPITALISED})")
# Words that make a capitalised run a role or a body, not a person ('Executive Director', 'Jefferson Center').
NOT_A_PERSON = frozenset(terms("director directors executive chief chair minister representative manager officer lead "
                               "lecturer fellow head secretary president deputy member staff team centre center "
                               "university college school council office department ministry trust foundation institute "
                               "agency service services health group board committee commission organisation organization "
                               "association society hospital bank fund programme unit network partnership authority cities "
                               "city government union nations national regional country world international"))
# The word before a capitalised run when the run is what a role is of or for ('Director of <Local Care>',
# 'Minister for <Health>'): the run names a body or a place, not a person.
ROLE_OF = re.compile(r"\b([A-Za-z]+)\s+(?:of|for)\s+(?:the\s+)?$")
# A place named with its compass part ('south east London', 'north-west England'): that part pins too.
COMPASS = "north|south|east|west|central|mid"
PLACE = re.compile(rf"\b((?:{COMPASS})(?:[\s-]+(?:{COMPASS}))*)\s+([A-Z][a-z]+)")

# ---- parts of a report and the things reports number ------------------------------------------------------
# Words that point at a part of a report ('Table 3', 'Figure 2'), or that every report has: never pins.
REPORT_PARTS = ("table", "figure", "chart", "page", "appendix", "section", "chapter", "part", "box", "annex")
POINTERS = frozenset(REPORT_PARTS + ("tables", "figures", "report"))
TABLE_NAME = re.compile(r"\btables? (\d+[A-Z]?(?:\.\d+)*)\b", re.I)  # "Table 3", "Table 3.2", "Table 6A.1"
TABLE_NUMBER = re.compile(r"\b(table|figure|chart|page|appendix)\s+\d+\b", re.I)  # a number that counts nothing
# Things a report numbers: a question naming 'cohort 3' is about that cohort, not any other.
NUMBERED_THINGS = ("tier", "recommendation", "phase", "stage", "cohort", "wave", "round", "edition", "volume", "year",
                   "survey", "workshop", "level", "band", "step", "option", "scenario", "principle", "objective", "priority")
NUMBERED = re.compile(rf"\b({alternation(NUMBERED_THINGS)})\s+(\d+)\b", re.I)
# In a sentence too: a sentence about 'Tier 2' or 'Table 3' does not answer a question about 'Tier 1' or 'Table 2'.
NAMED_NUMBER = re.compile(rf"\b({alternation(NUMBERED_THINGS + REPORT_PARTS)})\s+(\d+(?:\.\d+)?[a-z]?|[a-h]\b)", re.I)

# ---- dates and numbers ------------------------------------------------------------------------------------
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
          "december")
DATE = re.compile(rf"{YEAR.pattern}|\b({'|'.join(MONTHS)})\b", re.I)
# When a question is asked of: a month with its year, a year ('2030', '2023/24'), or a month printed capitalised
# ('in March'; not the verb 'may').
_MONTH = "|".join(m.capitalize() for m in MONTHS)
# A month a question asks of, as it is written: capitalised, in full or short ('January', 'Sept'); 'May' only before
# a year, as a capitalised 'May' opens questions too ('May I ...').
MONTH_NAMED = re.compile(rf"\b(?:{'|'.join(m.capitalize() for m in (*MONTHS, *MONTH_SHORT) if m != 'may')}|"
                         r"May(?=\s+\d{4}))\b")
DATE_PHRASE = re.compile(rf"\b(?:(?:\d{{1,2}}\s+)?(?i:{'|'.join(MONTHS)})\s+{YEAR_DIGITS}|{YEAR_DIGITS}(?:/\d\d)?|(?:{_MONTH}))\b")
_MONTH_ANY = "|".join(m.capitalize() for m in (*MONTHS, *MONTH_SHORT))
PERIOD = re.compile(rf"\b(?:(?:{_MONTH_ANY})\.?\s+(?:\d{{1,2}},?\s+)?{YEAR_DIGITS}|{YEAR_DIGITS}(?:/\d\d(?:\d\d)?)?"
                    rf"(?:\s+(?:{_MONTH_ANY})\b)?)", re.I)  # a period a heading prints: 'Mar 2025', '2024 Apr', '2018/2019'
ASKS_DATE = re.compile(r"^\s*when\b|\bwhat (year|month|date)\b|\bwhich (year|month)\b|\buntil when\b", re.I)
NOT_A_COUNT = re.compile(rf"\b{YEAR_DIGITS}(?:[/–-]\d\d(?:\d\d)?)?\b|{TABLE_NUMBER.pattern}", re.I)  # '2023/24' is a year
NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
                "thousand thousands million millions dozen dozens half halves third thirds quarter quarters").split()
SHARE_WORD = re.compile(r"\b(half|halves|third|thirds|quarter|quarters|fifth|fifths)\b", re.I)
# A number as printed in figures or in words ('Thirteen bridges', 'two-thirds', 'a quarter');
# not 'one', which is mostly a pronoun ('one clinical director said').
QUANTITY = re.compile(rf"\d+(?:\.\d+)?|\b({'|'.join(NUMBER_WORDS)})\b", re.I)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
ORDINAL = re.compile(rf"\b({'|'.join(ORDINALS[1:])}|next)\b|\b(\d{{1,2}})(?:st|nd|rd|th)\b", re.I)
# How many ranked rows a 'most/least' question asks for: 'Which three skills ... least', 'the top 5 barriers'.
COUNT_NAMES = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
RANKED_COUNT = re.compile(rf"\b(?:which|what|the|top|bottom)\s+({'|'.join(COUNT_NAMES)}|[2-9]|10)\b(?!\s*(?:%|per\b))", re.I)
# A number as printed: '1,234', '34.92', the 59.1 of '£59.1m' and the 445.0 of '445.0p'.
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?!\d|[.,]\d)")

# ---- quotation marks and citation markers -----------------------------------------------------------------
# A phrase a question puts in quotation marks that open after a space and close before one: not the
# apostrophe of "directors'".
QUOTED_PHRASE = re.compile(r"(?:^|(?<=[\s(]))[‘'\"“]([^‘’'\"“”]{2,60}?)[’'\"”](?=[\s,.?!;:)]|$)")
QUOTED_RUN = re.compile(r"[“\"‘]([^”\"’]{3,}?)[”\"’](?![A-Za-z])")  # words an answer shows in quotation marks
QUOTE_MARK = re.compile(r"[“”\"]")
QUOTED_SPEECH = re.compile(r"“([^”]{20,})”|\"([^\"]{20,})\"")  # someone's words an answer shows, apostrophes and all
MARKER = re.compile(r"\[(\d+)\]")  # an answer's citation marker: '[2]'
ATTRIBUTION = " — "  # what sets a quote's speaker after its words in an answer: “words” — speaker, section
CITED_RUN = re.compile(r"(\s*\S.*?)((?:\[\d+\])+)", re.S)  # a run of an answer: its words, and the markers citing them
COMPUTED_LABEL = "Computed by citebrief, not printed in the report:"
# A computed statement, so checks of printed numbers can set it aside: label ... (a vs b).
COMPUTED_SENTENCE = re.compile(re.escape(COMPUTED_LABEL) + r"[^()]*\([^)]*\)\.")

# ---- pronouns and the words a follow-up is made of ----------------------------------------------------------
PERSON_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers)\b", re.I)  # one person the last answer named
PEOPLE_WORD = re.compile(r"\bthe ([a-z]+)\b", re.I)  # 'the juror who said that': who a follow-up may mean
PEOPLE_PRONOUN = re.compile(r"\b(they|them|their|those people|these people)\b", re.I)
# 'it', 'that' as a pronoun: at the end, or before a verb or a preposition ('those directors' is no pronoun).
THING_PRONOUN = re.compile(rf"(?:\b(?:{alternation(AUXILIARIES)}) (it|that|this)\b)|"
                           r"\b(it|that|this|those|these)\b(?=\s*(?:[?.!]|$)|\s+(?:is|was|are|were|has|have|had|do|does|did|"
                           r"mean|means|say|says|said|show|shows|come|compare|in|for|to|of|on|by|with|from|about|among)\b)", re.I)
SUBJECT_IT = re.compile(rf"\b(?:{alternation(AUXILIARIES)})\s+(?:it|they|he|she)\b", re.I)  # 'did it win', 'was she'
# 'those directors', 'these people': a word pointing back at the last question's topic.
DEMONSTRATIVE = re.compile(r"\b(?:those|these|that|this) ([a-z][\w-]*)\b(?!\s+(?:is|was|are|were)\b)", re.I)
PRONOUN_TERMS = frozenset(terms("it that this those these they them their he she him his her hers"))
THIS_TABLE = re.compile(r"\b(?:this|that|the same|the) table\b", re.I)
ASKS_WHO = re.compile(rf"{LEAD}(?:who|whom|whose)\b|\bwhich (?:[a-z]+ ){{1,2}}(?:said|says|say|wrote|made|put)\b", re.I)
SAYS = re.compile(r"\b(?:say|says|said|saying|quote|quoted|quotes|words|put it|mean|meant|think|thought|describe[sd]?)\b",
                  re.I)  # what a follow-up asks of a quote
# A sentence opening with a pronoun ('He estimated that ...') is about what the sentence before it names.
REFERS_BACK = re.compile(r"^\W*(he|she|they|it|this|these|his|her|their)\b", re.I)
POINTS_BACK = re.compile(r"\b(?:these|those|this|such)\s+([a-z][\w-]+)", re.I)  # 'these discussions' later in a sentence
CONNECTIVE = re.compile(r"^\s*(?:(?:and|but|also|or|so|then|ok(?:ay)?|now|right)[,\s]+)?(?:(?:what|how) about|what of|"
                        r"same (?:for|with)|likewise (?:for|with)|is that (?:also )?(?:true|the case|so) (?:for|of))\b"
                        r"|^\s*(?:and|but|also|or|then|plus)\b[,\s]*", re.I)
# Words a follow-up uses that are not a topic of its own.
FOLLOW_WORDS = frozenset(terms(" ".join(("group groups one ones figure figures number instead more fewer less higher lower "
                                         "else other way same case true", *SHARE_WORDS,
                                         *(w for w in TOP_WORDS + BOTTOM_WORDS if " " not in w)))))
FILLER = frozenset("the a an of for in with about on among amongst what how is are was were did do does".split())  # no topic alone
FOR_PEOPLE = re.compile(r"^\s*(?:for|among|amongst)\s+(.+?)[?.!\s]*$", re.I)  # 'And for people with a disability?'
# The people a question is asked for: 'life expectancy <for women> in Cabo Verde'.
FOR_WHOM = re.compile(r"\b(?:for|among|amongst)\s+((?:(?!(?:in|on|at|by|from|with|during|after|before|when)\b)[\w’'-]+\s*){1,4})",
                      re.I)
# A follow-up that is only a circumstance: when, after what, in which survey or place the last question holds.
CIRCUMSTANCE_WORDS = r"after|before|when|once|if|while|during|in|without|under|unprompted"
CIRCUMSTANCE = re.compile(rf"(?:{CIRCUMSTANCE_WORDS})\b", re.I)
CIRCUMSTANCE_IN = re.compile(rf"[\s,]+(?:{CIRCUMSTANCE_WORDS})\b", re.I)
LEAD_PHRASE = re.compile(rf"((?:in|for|at|among|within|from|according to)\b[^,?]{{1,80}}),\s*"
                         rf"(?=(?:{alternation(QUESTION_WORDS + AUXILIARIES)})\b)", re.I)
TOPIC_AFTER = re.compile(r"\b(?:about|on|regarding|concerning|with|for|around|of|in|from)\s+((?:[\w’'-]+\s*){1,6})\??\s*$", re.I)
LETTER = r"[^\W\d_]"  # any script's letter: 'Zürich' is one word, not 'Z' and 'rich'
WORD = re.compile(rf"{LETTER}(?:{LETTER}|[’'-])*{LETTER}|{LETTER}")  # a word as typed, for spelling
TOKEN = re.compile(r"[\w’'-]+")  # a word with its offsets, for finding slots
LIST_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")  # 'finance directors, nurses and general managers'


# ---- what a ranking ranks by ---------------------------------------------------------------------------
# Words that say how much or how many, not what is ranked ('the largest share of', 'the top three')
MEASURE_TERMS = FRAMING_TERMS | frozenset(terms(" ".join((*SHARE_WORDS, *NUMBER_WORDS, "number", "numbers", "count",
                                                          "amount", "value"))))
# Where the words a superlative qualifies end: 'the largest downward contribution | to the change ...'
RANKED_PHRASE_END = re.compile(r"[?,;:]|\b(?:to|in|of|for|by|among|at|on|with|than|from|between|during|across|"
                               r"did|do|does|was|were|is|are|has|had|have|said|say|says|would|could|will)\b", re.I)
