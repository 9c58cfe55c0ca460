"""Answer questions about tables from their parsed cells, never from text similarity alone.

Finds the row the question is about (label and caption terms, weighted by rarity), the group
(a table's group names, or all respondents) and the measure (number or percentage), and handles
rankings, comparisons and totals. Does not combine cells from different tables into one figure.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ingest.table_facts import ALL_GROUPS
from ingest.types import Figure, Table

from .row_index import by_identity, group_names, row_index
from .terms import FRAMING_TERMS, terms

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
    r"\b(how confident|figure|rank\w*|score\w*|answered|skipped|responses?|did more|did fewer)\b", re.I)
COMPUTED_LABEL = "Computed by citebrief, not printed in the report:"
# A computed statement, so checks of printed numbers can set it aside: label ... (a vs b).
COMPUTED_SENTENCE = re.compile(re.escape(COMPUTED_LABEL) + r"[^()]*\([^)]*\)\.")
MIN_ROW_SCORE = 0.5
QUOTED_LABEL = 1.0  # a row holding every phrase the question quotes outranks any unquoted match
# Quotation marks that open after a space and close before one: not the apostrophe of "directors'".
QUOTED = re.compile(r"(?:^|(?<=[\s(]))[‘'\"“]([^‘’'\"“”]{2,60}?)[’'\"”](?=[\s,.?!;:)]|$)")
MIN_QUESTION_COVER = 0.3  # 0.3 and 0.4 measured the same on the three eval sets; 0.5 loses paraphrases
MIN_TABLE_FIT = 0.3
CONFIDENT_FIT = 0.6
NAMED_ROW = 0.9
TABLE_NAME = re.compile(r"\btables? \d+[A-Z]?(?:\.\d+)*\b", re.I)  # "Table 3", "Table 3.2", "Table 6A.1"
CAPTION_WEIGHT = 0.25
DENSE_WEIGHT = 0.5
LIGHT_WEIGHT = 0.3
POLARITY = 0.15
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
ORDINAL = re.compile(rf"\b({'|'.join(ORDINALS[1:])}|next)\b|\b(\d{{1,2}})(?:st|nd|rd|th)\b", re.I)
NONE_ROW = re.compile(r"\b(no support|none|nothing|no \w+ at all|not (being )?(given|getting|receiving) any)\b", re.I)


@dataclass(frozen=True)
class FigureMatch:
    figures: tuple[Figure, ...]
    computed: tuple[str, ...] = ()  # sentences stating values the code computed
    score: float = 0.0  # how well the row's words fit the question (0..~1.4)
    similarity: float = 0.0  # embedding similarity of the question to the row's line


Similarity = dict[tuple[str, str, str], float]  # (source, table, row) -> cosine similarity


def has_figure_intent(question: str, tables: list[Table]) -> bool:
    """Asks for a number, a share, a rank, or compares the tables' groups."""
    if FIGURE_INTENT.search(question):
        return True
    named = _groups_named(question, tables)
    if len(named) >= 2 or re.search(r"\b(\w+) (or|and) (\w+) directors\b", question, re.I):
        return True
    return bool(COMPARE.search(question) and named)


def compares_groups(question: str, tables: list[Table]) -> bool:
    """Sets the tables' groups against each other ('Which group was more confident...')."""
    return bool(COMPARE.search(question)) and (len(_groups_named(question, tables)) >= 2
                                               or bool(re.search(r"\bwhich group\b", question, re.I)))


def asks_number(question: str) -> bool:
    return bool(PERCENT.search(question) or COUNT.search(question))


def _asked(question: str) -> set[str]:
    """The question's terms, plus the words of rows it names in other words (none, average)."""
    asked = set(terms(question))
    if NONE_ROW.search(question):
        asked.add("none")
    if AVERAGE.search(question):
        asked.add("averag")
    return asked


def answer_figures(question: str, tables: list[Table], similarity: Similarity | None = None) -> FigureMatch | None:
    """The printed cells that answer the question, or None when no table row fits it."""
    similarity = similarity or {}
    named_tables = [t for t in tables if re.search(rf"\b{re.escape(t.id)}(?!\.?\w)", question, re.I)]
    if named_tables:
        tables = named_tables
        question = TABLE_NAME.sub(" ", question)
    groups = _groups_named(question, tables)
    row = _best_row(question, tables, similarity)
    named_row = row is not None and _label_named(question, row[1], tables)  # 'best practices' asks no ranking
    if (TOP.search(question) or BOTTOM.search(question)) and not ORDINAL.search(question) and not named_row:
        ranked = _extreme(question, tables, groups, top=not BOTTOM.search(question) or bool(TOP.search(question)))
        if ranked:
            return ranked
    if ORDINAL.search(question) and not named_row:
        placed = _ranked_at(question, tables, groups, similarity)
        if placed:
            return placed
    if (row is None or not _names_distinct_word(question, row[0], row[1]) or not _covers_question(question, row[0], row[1])
            or not _holds_quoted(question, row[0], row[1])):
        return None
    table, label, score = row
    cells = [f for f in table.figures if f.row == label]
    groups = [g for g in groups if _mentions(question, g) > _mentions(label, g)]  # not just the row's own words
    if COMPARE.search(question) and RECEIVED.search(question) and UNMET.search(question):
        across = _across_tables(question, tables, label, groups)
        if across:
            return FigureMatch(across, (), score, similarity.get((table.source, table.id, label), 0.0))
    figures = _pick_cells(question, cells, groups)
    computed = _difference(figures) if COMPARE.search(question) else ()
    return FigureMatch(tuple(figures), computed, score, similarity.get((table.source, table.id, label), 0.0))


# ---- which row -------------------------------------------------------------------------------

def _best_row(question: str, tables: list[Table], similarity: Similarity) -> tuple[Table, str, float] | None:
    """The (table, row label, score) whose words and meaning best fit the question."""
    asked = _asked(question)
    if not asked:
        return None
    weights = _idf(tuple(tables))
    best, best_score, polarity = None, 0.0, {}
    index = row_index(tables)
    quoted = quoted_words(question)
    # A row that shares no word with the question and is not among the nearest rows can score only
    # its caption's part and the polarity, below MIN_ROW_SCORE: the others need not be scored.
    for row in index.rows_sharing(asked, similarity) if CAPTION_WEIGHT + POLARITY < MIN_ROW_SCORE else index.rows:
        table, label = row.table, row.label
        if AVERAGE.search(label) and not AVERAGE.search(question):
            continue
        lexical = _overlap(asked, row.terms, weights) + CAPTION_WEIGHT * _overlap(asked, row.caption, weights, one_sided=True)
        if id(table) not in polarity:  # the same for every row of a table: worked out once
            polarity[id(table)] = _polarity(question, table)
        score = lexical + polarity[id(table)] + DENSE_WEIGHT * similarity.get((table.source, table.id, label), 0.0)
        if quoted and all(words <= row.terms for words in quoted):
            score += QUOTED_LABEL  # the user named the row's own words
        if score > best_score:
            best, best_score = (table, label, lexical), score
    return best if best_score >= MIN_ROW_SCORE else None


def quoted_words(question: str) -> list[set[str]]:
    """The terms of each phrase the question puts in quotation marks ('other', “strongly agree”)."""
    return [set(terms(phrase)) for phrase in QUOTED.findall(question) if terms(phrase)]


def _holds_quoted(question: str, table: Table, label: str) -> bool:
    """A phrase the question quotes is in the row or its caption: a table of confidence does not
    say how many chose 'strongly agree'."""
    held = _row_and_caption(table, label)
    return all(words <= held for words in quoted_words(question))


def _row_and_caption(table: Table, label: str) -> set[str]:
    return set(terms(label)) | set(terms(table.caption))


def _names_distinct_word(question: str, table: Table, label: str) -> bool:
    """The question names a word that sets the row apart from most of its table's rows: 'negotiation'
    in 'I am confident in my negotiation skills', not just 'confident' and 'skills', which every row
    of the table has, or its caption ('affective leadership skills'): a question about 'conflict
    resolution' skills is not about that row."""
    labels = [set(terms(other)) for other in dict.fromkeys(f.row for f in table.figures)]
    common = FRAMING_TERMS | set(terms(table.caption))
    distinct = {t for t in terms(label) if sum(t in other for other in labels) <= len(labels) / 2} - common
    return not distinct or bool(distinct & _asked(question))


def _covers_question(question: str, table: Table, label: str) -> bool:
    """The row and its table's caption hold enough of what the question is about: the 'Average' row
    of a table of confidence does not answer 'how many hours a week' directors spend on management."""
    weights = _idf(tuple([table]))
    asked = _asked(question) - FRAMING_TERMS - group_terms([table])
    if not asked:
        return True
    held = _row_and_caption(table, label)
    typical = sum(weights.values()) / len(weights)  # a word the table never uses is not the rarest here
    share = sum(weights.get(t, typical) for t in asked & held) / sum(weights.get(t, typical) for t in asked)
    return share >= MIN_QUESTION_COVER


def _label_named(question: str, label: str, tables: list[Table]) -> bool:
    """The question spells out (nearly) all of a row's label words."""
    weights = _idf(tuple(tables))
    label_terms = set(terms(label))
    named = sum(weights.get(t, weights[None]) for t in label_terms & _asked(question))
    return bool(label_terms) and named >= NAMED_ROW * sum(weights.get(t, weights[None]) for t in label_terms)


def _polarity(question: str, table: Table) -> float:
    """A small preference for the table whose caption agrees on 'not received / would help'."""
    return POLARITY if bool(UNMET.search(question)) == bool(UNMET.search(table.caption)) else 0.0


def _overlap(asked: set[str], row: set[str], weights: dict[str, float], one_sided: bool = False) -> float:
    """How much of the row's label the question names, and how much of the question the row explains."""
    def weight(term: str) -> float:
        return weights.get(term, weights[None])

    shared = sum(weight(t) for t in asked & row)
    if not shared:
        return 0.0
    of_row = shared / sum(weight(t) for t in row)
    of_question = shared / sum(weight(t) for t in asked)
    return of_question if one_sided else (of_row + of_question) / 2


@by_identity
def _idf(tables: tuple[Table, ...]) -> dict[str | None, float]:
    """Term weights for matching rows: rare label words count most; words that only frame the
    question or name a group count little; a word no table uses counts as much as the rarest
    (the question is about something the tables may not hold)."""
    labels = [set(terms(label)) for t in tables for label in dict.fromkeys(f.row for f in t.figures)]
    counts = Counter(term for label in labels for term in label)
    weights: dict[str | None, float] = {term: math.log(1 + len(labels) / n) for term, n in counts.items()}
    weights[None] = max(weights.values(), default=1.0)
    for term in FRAMING_TERMS | group_terms(list(tables)):
        weights[term] = LIGHT_WEIGHT
    return weights


# ---- which group and measure -------------------------------------------------------------------

@by_identity
def group_terms(tables: list[Table]) -> frozenset[str]:
    return frozenset(t for table in tables for f in table.figures for t in terms(f.group))


def _groups_named(question: str, tables: list[Table]) -> list[str]:
    """Groups the question names, by the whole group name (so 'clinical outcomes' is no group)."""
    asked = " ".join(terms(question))
    names = group_names(tables)
    named = list({" ".join(terms(g)): g for g in sorted(names)
                  if " ".join(terms(g)) in asked or _acronym(g) in question.split()}.values())
    if ALL.search(question) and not named:
        named.append(ALL_GROUPS)
    return named


def _mentions(text: str, group: str) -> int:
    return f" {' '.join(terms(text))} ".count(f" {' '.join(terms(group))} ")


def _acronym(group: str) -> str:
    """'Medical directors' -> 'MDs', how briefings abbreviate group names."""
    words = group.split()
    return "".join(w[0].upper() for w in words) + ("s" if group.endswith("s") else "")


def _same_group(figure_group: str, named: list[str]) -> bool:
    key = " ".join(terms(figure_group))
    return any(" ".join(terms(g)) == key for g in named)


def _pick_cells(question: str, cells: list[Figure], groups: list[str]) -> list[Figure]:
    wanted = [f for f in cells if _same_group(f.group, groups)] if groups else []
    if not wanted:
        totals = [f for f in cells if f.group == ALL_GROUPS]
        wanted = totals if totals and not COMPARE.search(question) else cells
    if COMPARE.search(question) and len(groups) < 2:
        wanted = [f for f in cells if f.group != ALL_GROUPS] or wanted
    measures = _measures(question)
    by_measure = [f for f in wanted if f.measure in measures]
    return by_measure or wanted


def _measures(question: str) -> set[str]:
    return {m for m, asked in (("number", COUNT), ("percentage", PERCENT)) if asked.search(question)}


def _across_tables(question: str, tables: list[Table], label: str, groups: list[str]) -> tuple[Figure, ...]:
    """The same row in the table of support received and the table of support wanted, when the
    question sets one against the other ('receiving coaching' against 'coaching would help but is
    missing'). Their bases differ, so no difference is computed."""
    holding = [t for t in tables if any(f.row == label for f in t.figures)]
    if len({bool(UNMET.search(t.caption)) for t in holding}) < 2:
        return ()
    figures: list[Figure] = []
    measures = _measures(question)
    for table in holding:
        cells = [f for f in table.figures if f.row == label]
        wanted = [f for f in cells if _same_group(f.group, groups)] if groups else [f for f in cells if f.group == ALL_GROUPS]
        figures.extend(f for f in (wanted or cells) if not measures or f.measure in measures)
    return tuple(figures)


def _difference(figures: list[Figure]) -> tuple[str, ...]:
    pairs = [f for f in figures if f.group != ALL_GROUPS]
    if len(pairs) != 2 or pairs[0].measure != pairs[1].measure:
        return ()
    a, b = pairs
    try:
        gap = float(a.value.replace(",", "").rstrip("%")) - float(b.value.replace(",", "").rstrip("%"))
    except ValueError:
        return ()
    decimals = max(len(v.partition(".")[2]) for v in (a.value, b.value))
    unit = " percentage points" if a.measure == "percentage" else ""
    more = a if gap >= 0 else b
    return (f"{COMPUTED_LABEL} {more.group} is higher by {abs(gap):.{decimals}f}{unit} ({a.value} vs {b.value}).",)


# ---- rankings ----------------------------------------------------------------------------------

def _extreme(question: str, tables: list[Table], groups: list[str], top: bool) -> FigureMatch | None:
    """The top (or bottom) row of the best-fitting tables for the named group."""
    fits = _table_fits(question, tables)
    best = max((fit for fit, _ in fits), default=0.0)
    if best < MIN_TABLE_FIT:
        return None
    scored = [(fit + _polarity(question, t), t) for fit, t in fits]
    top_score = max(s for s, _ in scored)
    chosen = [t for s, t in scored if s >= top_score - 1e-9]
    figures: list[Figure] = []
    for table in chosen:
        figures.extend(_extreme_cells(table, groups, top))
    # A ranking question that fits a ranked table is the table's to answer, whatever the prose says.
    return FigureMatch(tuple(figures), score=max(best, CONFIDENT_FIT)) if figures else None


def _ranked_at(question: str, tables: list[Table], groups: list[str], similarity: Similarity) -> FigureMatch | None:
    """The row a ranked table places at the position the question names ('came ninth', 'in third place').
    Unlike a top or bottom, a position is often the prose's ('the second most important factor'), so
    the match keeps its own fit and lets the caller weigh it against the sentences."""
    found = ORDINAL.search(question)
    word, digits = found.group(1), found.group(2)
    if word and word.lower() == "next":
        return None
    position = int(digits) if digits else ORDINALS.index(word.lower()) + 1
    fits = _table_fits(question, [t for t in tables if t.layout == "ranked"])
    if not fits:
        return None
    best, table = max(((fit + _polarity(question, t), t) for fit, t in fits), key=lambda pair: pair[0])
    if best < MIN_TABLE_FIT:
        return None
    figures = [f for f in table.figures if f.rank == position and (not groups or _same_group(f.group, groups))]
    closest = max((v for (source, table_id, _), v in similarity.items()
                   if source == table.source and table_id == table.id), default=0.0)
    return FigureMatch(tuple(figures), score=best, similarity=closest) if figures else None


def _table_fits(question: str, tables: list[Table]) -> list[tuple[float, Table]]:
    """How much of the question each table's caption and row labels hold, for questions about a
    table as a whole (its top row, its ninth)."""
    asked = _asked(question) - group_terms(tables)
    weights = _idf(tuple(tables))
    return [(_overlap(asked, set(terms(t.caption)) | {x for f in t.figures for x in terms(f.row)}, weights,
                      one_sided=True), t) for t in tables]


def _extreme_cells(table: Table, groups: list[str], top: bool) -> list[Figure]:
    cells = [f for f in table.figures if not AVERAGE.search(f.row)]
    if table.layout == "ranked":
        out = []
        for group in dict.fromkeys(f.group for f in cells):
            if groups and not _same_group(group, groups):
                continue
            ranks = [f.rank for f in cells if f.group == group and f.rank]
            edge = min(ranks) if top else max(ranks)
            out.extend(f for f in cells if f.group == group and f.rank == edge)
        return out
    column = groups[0] if groups and groups[0] != ALL_GROUPS else ALL_GROUPS
    counts = [f for f in cells if f.measure == "number" and _same_group(f.group, [column])
              and any(g.row == f.row and g.group != ALL_GROUPS for g in cells)]
    if not counts:
        return []
    values = [float(f.value.replace(",", "")) for f in counts]
    edge = max(values) if top else min(values)
    rows = {f.row for f, v in zip(counts, values) if v == edge}
    return [f for f in cells if f.row in rows and (_same_group(f.group, [column]))]
