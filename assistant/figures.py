"""Answer questions about tables from their parsed cells, never from text similarity alone.

Finds the row the question is about (label and caption terms, weighted by rarity), the group
(a table's group names, or all respondents) and the measure (number or percentage), and handles
rankings, comparisons and totals. Does not combine cells from different tables into one figure.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from ingest.cell_values import decimals, number
from ingest.table_facts import ALL_GROUPS, COUNT_ROWS
from ingest.types import Figure, Table

from .lexicon import (AVERAGE, BOTTOM_WORDS, COMPUTED_LABEL, COUNTED, FREQUENCY, INDEFINITE, MONTH_NAMED, PERIOD,
                      PERIOD_OR_PERIOD, TOP_WORDS, UNMET, YEAR, YEAR_SPAN)
from .question import Question
from .figure_columns import named_columns, word_cells
from .row_index import MONTH_TERMS, Row, by_identity, column_of, row_index
from .terms import FRAMING_TERMS, terms

MIN_ROW_SCORE = 0.5
QUOTED_LABEL = 1.0  # a row holding every phrase the question quotes outranks any unquoted match
MIN_QUESTION_COVER = 0.3  # 0.3 and 0.4 measured the same on the three eval sets; 0.5 loses paraphrases
SHORT_LABEL = 3  # terms: a label this short is a name ('Support staff', 'NHS Digital'), matched by all its own words
MIN_TABLE_FIT = 0.3
NAMED_ROW = 0.9
CAPTION_WEIGHT = 0.25
DENSE_WEIGHT = 0.5
LIGHT_WEIGHT = 0.3
POLARITY = 0.15
BRACKETED = re.compile(r"\([^)]*\)")
SUMMARY_ROW = frozenset(terms("average mean total overall all"))  # rows that sum up a table rather than name a topic
RANK_TERMS = frozenset(terms(" ".join((*TOP_WORDS, *BOTTOM_WORDS))))  # 'highest' asks a ranking, of any table
PERIOD_TERMS = frozenset(terms("year years month months quarter period")) | MONTH_TERMS  # words naming a period, not a column
SUMS_UP = re.compile(r"(?:total|all|overall)\b", re.I)  # a label opening so sums up the rows beside it


@dataclass(frozen=True)
class FigureMatch:
    figures: tuple[Figure, ...]
    computed: tuple[str, ...] = ()  # sentences stating values the code computed
    score: float = 0.0  # how well the row's words fit the question (0..~1.4)
    similarity: float = 0.0  # embedding similarity of the question to the row's line
    words: tuple[tuple[str, str], ...] = ()  # (heading, cell as printed): the row's word cells the question asks for
    extreme: bool = False  # a ranking question's top or bottom row of a table ranked by what it asks (score: the table's fit)


Similarity = dict[tuple[str, str, str], float]  # (source, table, row) -> cosine similarity


def answer_figures(q: Question, tables: list[Table], similarity: Similarity | None = None) -> FigureMatch | None:
    """The printed cells that answer the question, or None when no table row fits it."""
    similarity = similarity or {}
    if q.tables:
        tables = _captioned_as_asked(q, [t for t in tables if t.id in q.tables])
        if not tables:
            return None  # a table the sources do not have
    groups = [g for g in q.groups if g == ALL_GROUPS or any(_same_group(f.group, [g]) for t in tables for f in t.figures)]
    if q.groups and not groups and not _labels_rows(q.groups, tables) and not q.across:
        return None  # a group these tables do not have: not all respondents (a row's years are what 'which year' asks)
    row = _best_row(q, tables, similarity)
    if q.qualifiers:
        return None  # a breakdown no table gives ('respondents from foundation trusts')
    fits = row is not None and _fits_row(q, row[0], row[1])
    if q.across and fits:  # 'In which year was X larger?': X's cells across the periods its columns print
        across = _across_columns(q, row[0], row[1])
        if across:
            return FigureMatch(across[0], across[1], row[2], similarity.get((row[0].source, row[0].id, row[1]), 0.0))
    # 'best practices' asks no ranking; a row named in a table the question fits less than the one it ranks
    # ('Professionals' in 'the most common barrier to hiring data professionals') does not stop one, nor a row
    # that is a period ('2025 Apr' in 'Which division had the highest rate in April 2025?'), nor one printing no
    # periods to compare when a period is asked ('In which month was the rate highest?' of months printed as rows)
    ranking = (q.top or q.bottom or q.position) and row is not None
    named_row = (ranking and not PERIOD.fullmatch(row[1].strip()) and _label_named(q, row[1], tables)
                 and _fits_best(q, row[0], tables) and not q.across)
    if (q.top or q.bottom) and q.position is None and not named_row:
        ranked = _extremes(q, tables, groups, similarity)
        if ranked:
            return ranked
    if q.position and not named_row:
        placed = _ranked_at(q, tables, groups, similarity)
        if placed:
            return placed
    if not fits:
        return None
    table, label, score = row
    cells = [f for f in table.figures if f.row == label]
    groups = [g for g in groups if _mentions(q.read_as, g) > _mentions(label, g)]  # not just the row's own words
    if q.compares and q.received and q.unmet:
        across = _across_tables(q, tables, label, groups)
        if across:
            return FigureMatch(across, (), score, similarity.get((table.source, table.id, label), 0.0))
    figures = _pick_cells(q, cells, groups, label)
    computed = _difference(figures) if q.compares else ()
    return FigureMatch(tuple(figures), computed, score, similarity.get((table.source, table.id, label), 0.0),
                       word_cells(q, table, label))


def _fits_row(q: Question, table: Table, label: str) -> bool:
    """The row answers: it names a word setting it apart, holds enough of the question and every phrase it quotes."""
    return _names_distinct_word(q, table, label) and _covers_question(q, table, label) and _holds_quoted(q, table, label)


def _captioned_as_asked(q: Question, named: list[Table]) -> list[Table]:
    """Of the tables several reports number as the question does ('Table 1'), those whose caption shares the
    most of the question's words ('Table 1 on human resources for health'); all when no caption shares any.
    Numbers are not counted: 'per 10 000 population (Table 1)' is not about a caption's '10-year increase'."""
    if len({t.source for t in named}) < 2:
        return named
    asked = {t for t in q.terms - FRAMING_TERMS - {t for name in q.tables for t in terms(name)} if t.isalpha()}
    shared = {id(t): len(asked & set(terms(t.caption))) for t in named}
    most = max(shared.values())
    return [t for t in named if shared[id(t)] == most] if most else named


# ---- which row -------------------------------------------------------------------------------

def _best_row(q: Question, tables: list[Table], similarity: Similarity) -> tuple[Table, str, float] | None:
    """The (table, row label, score) whose words and meaning best fit the question."""
    asked = _asked(q)
    if not asked:
        return None
    weights = _idf(tuple(tables))
    best, best_score, polarity = None, 0.0, {}
    index = row_index(tables)
    quoted = q.quoted
    counted = _counted(q)
    # A row that shares no word with the question and is not among the nearest rows can score only
    # its caption's part and the polarity, below MIN_ROW_SCORE: the others need not be scored.
    for row in index.rows_sharing(asked, similarity) if CAPTION_WEIGHT + POLARITY < MIN_ROW_SCORE else index.rows:
        table, label = row.table, row.label
        if AVERAGE.search(label) and not q.average or not _counts_people(counted, row) or _other_years(q, row):
            continue
        lexical = _overlap(asked, row.terms, weights) + CAPTION_WEIGHT * (
            _overlap(asked, row.caption, weights, one_sided=True) + _column_fit(asked, row, weights))
        if id(table) not in polarity:  # the same for every row of a table: worked out once
            polarity[id(table)] = _polarity(q, table)
        score = lexical + polarity[id(table)] + DENSE_WEIGHT * similarity.get((table.source, table.id, label), 0.0)
        if quoted and all(words <= row.terms for words in quoted):
            score += QUOTED_LABEL  # the user named the row's own words
        if score > best_score:
            best, best_score = (table, label, lexical), score
    return best if best_score >= MIN_ROW_SCORE else None


def _counted(q: Question) -> list[str]:
    """The terms of what a 'how many / what share of ...' question counts, words for people in general left out;
    unlike `Question.people`, kept when another table's heading names them."""
    found = COUNTED.search(q.read_as)
    return [t for w in found.group(1).lower().split() if w not in INDEFINITE for t in terms(w)] if found else []


def _counts_people(counted: list[str], row: Row) -> bool:
    """The row's table counts what the question counts, if it names any ('chief executives' no table counts),
    in its label, caption, headings or groups ('responses', 'clinical directors'), or counts in the unit the
    question counts ('additional WTEs' of a column '– WTEs')."""
    units = {t for column in row.columns for t in column.unit}
    held = row.terms | row.caption | _column_terms(row.table) | group_terms([row.table])
    return not counted or set(counted) <= held or counted[-1] in units


def _labels_rows(groups: tuple[str, ...], tables: list[Table]) -> bool:
    """A group named elsewhere (another table's column: 'Clinical informatics', 'WTE') is a row label or
    a heading's words in these tables."""
    rows = row_index(tables).rows
    labels = {row.terms for row in rows}
    headings = {column.terms for row in rows for column in row.columns}
    return any(frozenset(terms(g)) in labels or any(frozenset(terms(g)) <= h for h in headings) for g in groups)


def _other_years(q: Question, row: Row) -> bool:
    """The question names a year the table does not print while the table prints others: 'by 2030' is not
    asked of a table 'in 2020'; the same for a month ('in January 2025' is not asked of a table of March and
    April 2025), the row's own label counted as printed ('2025 Jan')."""
    asked, months = _dates_asked(q.read_as)
    printed = set(YEAR.findall(row.label)) or row.years  # a row dated '2024 May' is not May 2025, whatever the caption spans
    if asked and printed and not asked & printed:
        return True
    printed_months = row.months | (row.terms & MONTH_TERMS)
    return bool(months and printed_months and not months & printed_months)


@functools.lru_cache(maxsize=256)
def _dates_asked(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The years and the months' terms a question names, read once for all the rows it is matched against."""
    return (frozenset(YEAR.findall(question)),
            frozenset(t for month in MONTH_NAMED.findall(question) for t in terms(month)))


def _column_fit(asked: frozenset[str], row: Row, weights: dict[str | None, float]) -> float:
    """The share of the question's words (beyond the row's) that the table's best-fitting heading holds:
    'projected supply' is asked of the table with a 'Projected supply in 2030' column."""
    rest = asked - row.terms
    return max((_overlap(rest, column.terms, weights, one_sided=True) for column in row.columns), default=0.0)


def _asked(q: Question) -> frozenset[str]:
    """The question's terms as rows print them, without the table it names ('Table 2')."""
    return q.row_terms - {t for name in q.tables for t in terms(name)} if q.tables else q.row_terms


def _holds_quoted(q: Question, table: Table, label: str) -> bool:
    """A phrase the question quotes is in the row, its caption or one of the table's headings (the
    'Readiness' score of a table with a 'Readiness' column): a table of confidence does not say how many
    chose 'strongly agree'."""
    held = _row_and_caption(table, label)
    headings = [set(terms(column)) for column in table.columns]
    return all(words <= held or any(words <= heading for heading in headings) for words in q.quoted)


def _row_and_caption(table: Table, label: str) -> set[str]:
    return set(terms(label)) | set(terms(table.caption))


def _names_distinct_word(q: Question, table: Table, label: str) -> bool:
    """The question names a word that sets the row apart from most of its table's rows: 'negotiation'
    in 'I am confident in my negotiation skills', not just 'confident' and 'skills', which every row
    of the table has, or its caption ('affective leadership skills'): a question about 'conflict
    resolution' skills is not about that row."""
    labels = [set(terms(other)) for other in dict.fromkeys(f.row for f in table.figures)]
    common = FRAMING_TERMS | set(terms(table.caption))
    distinct = {t for t in terms(label) if sum(t in other for other in labels) <= len(labels) / 2} - common
    return (not distinct or bool(distinct & _asked(q))) and _names_whole(q, label, labels)


def _names_whole(q: Question, label: str, labels: list[set[str]]) -> bool:
    """A short label is a name: the question names each of its words no other row has ('staff' of
    'Support staff', 'digital' of 'NHS Digital'), a code in brackets aside ('North West (Y62)')."""
    own = set(terms(BRACKETED.sub(" ", label)))
    if len(own) > SHORT_LABEL or COUNT_ROWS.search(label):
        return True  # a statement, or the row of who answered ('Answered question'), named in other words
    unique = {t for t in own if sum(t in other for other in labels) == 1}
    return unique <= _asked(q)


def _covers_question(q: Question, table: Table, label: str) -> bool:
    """The row and its table's caption hold enough of what the question is about: the 'Average' row
    of a table of confidence does not answer 'how many hours a week' directors spend on management."""
    weights = _idf(tuple([table]))
    asked = _asked(q) - FRAMING_TERMS - group_terms([table])
    if not asked:
        return True
    held = _row_and_caption(table, label)
    if set(terms(label)) <= SUMMARY_ROW and not _caption_covers(asked - set(terms(label)), table):
        return False
    typical = sum(weights.values()) / len(weights)  # a word the table never uses is not the rarest here
    share = sum(weights.get(t, typical) for t in asked & held) / sum(weights.get(t, typical) for t in asked)
    return share >= MIN_QUESTION_COVER


def _caption_covers(rest: set[str], table: Table) -> bool:
    """A row that sums up its table ('Average', 'Total') is asked for only about the table's own topic:
    'the average waiting time' is not the 'Average' row of a table of confidence."""
    return not rest or bool(rest & set(terms(table.caption)))


def _column_terms(table: Table) -> set[str]:
    return {t for column in table.columns for t in terms(column)}


def _label_named(q: Question, label: str, tables: list[Table]) -> bool:
    """The question spells out (nearly) all of a row's label words."""
    weights = _idf(tuple(tables))
    label_terms = set(terms(label))
    named = sum(weights.get(t, weights[None]) for t in label_terms & _asked(q))
    return bool(label_terms) and named >= NAMED_ROW * sum(weights.get(t, weights[None]) for t in label_terms)


def _polarity(q: Question, table: Table) -> float:
    """A small preference for the table whose caption agrees on 'not received / would help'."""
    return POLARITY if q.unmet == bool(UNMET.search(table.caption)) else 0.0


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


def _mentions(text: str, group: str) -> int:
    return f" {' '.join(terms(text))} ".count(f" {' '.join(terms(group))} ")


def _same_group(figure_group: str, named: list[str]) -> bool:
    key = " ".join(terms(figure_group))
    return any(" ".join(terms(g)) == key for g in named)


def _pick_cells(q: Question, cells: list[Figure], groups: list[str], label: str) -> list[Figure]:
    # A unit the question names ('in WTEs') asks for the numbers counted in it, beside any share it asks for.
    measures = q.measures | ({"number"} if any(column_of(f.column).unit & q.row_terms for f in cells) else set())
    dated = _each_year_asked(q, cells, label)
    if dated:  # 'in 2019, 2018 and 2017': each year's column, of the groups named if any (a year is no group here)
        years = set(YEAR.findall(q.read_as))
        wanted = [f for f in dated if _same_group(f.group, [g for g in groups if not set(terms(g)) <= years])] or dated
        return [f for f in wanted if f.measure in measures] or wanted
    wanted = [f for f in cells if _same_group(f.group, groups)] if groups else []
    # one group's columns are narrowed by what the question names too: 'the rate ... in 2019' of '2019 Number' and
    # '2019 Rate/ 10 000' (a year printed over two measures) is the rate's column; a question asking two measures
    # ('how many ... and at what rate') gets the group's every column, one comparing groups each group's
    if wanted:
        several = len(groups) == 1 and len({f.column for f in wanted}) > 1 and len(q.measures) < 2
        named = named_columns(_asked(q), wanted, label) if several else []
    else:
        named = named_columns(_asked(q), [f for f in cells if f.measure in measures] or cells, label)
    if named:
        wanted = named
    elif not wanted:
        totals = [f for f in cells if f.group == ALL_GROUPS]
        wanted = totals if totals and not q.compares else cells
    if q.compares and len(groups) < 2 and not named:
        wanted = [f for f in cells if f.group != ALL_GROUPS] or wanted
    by_measure = [f for f in wanted if f.measure in measures]
    return by_measure or wanted


def _each_year_asked(q: Question, cells: list[Figure], label: str) -> list[Figure]:
    """The row's cells under a column for each year a question names, when it names several ('What was X in 2019,
    2018 and 2017?'; '... for fiscal years 2019 to 2017': the years between too) and the columns print more than
    one of them; [] otherwise, or when the question's other words name a column printing none of the years ('the
    percentage change between 2018 and 2019': the change's column). The other words choose among a year's columns
    ('the rate in 2019 and 2018' of '2019 Number', '2019 Rate' ...) unless they would leave a year out: a heading
    spanning the columns may be printed over one of them alone ('Fiscal Year Ended' over the middle of three)."""
    named_years = sorted(set(YEAR.findall(q.read_as)))
    if len(named_years) < 2:
        return []
    span = bool(YEAR_SPAN.search(q.read_as))
    asked_in = {id(f): {year for year in YEAR.findall(f.column or "")  # the asked years each cell's column prints
                        if (named_years[0] <= year <= named_years[-1] if span else year in named_years)} for f in cells}

    def years(figures: list[Figure]) -> set[str]:
        return set().union(*(asked_in[id(f)] for f in figures))

    other_words = _asked(q) - set(named_years)
    if any(not asked_in[id(f)] for f in named_columns(other_words, cells, label)):
        return []
    dated = [f for f in cells if asked_in[id(f)]]
    if len(years(dated)) < 2:
        return []
    named = named_columns(other_words, dated, label)
    return named if years(named) == years(dated) else dated


def _across_tables(q: Question, tables: list[Table], label: str, groups: list[str]) -> tuple[Figure, ...]:
    """The same row in the table of support received and the table of support wanted, when the
    question sets one against the other ('receiving coaching' against 'coaching would help but is
    missing'). Their bases differ, so no difference is computed."""
    holding = [t for t in tables if any(f.row == label for f in t.figures)]
    if len({bool(UNMET.search(t.caption)) for t in holding}) < 2:
        return ()
    figures: list[Figure] = []
    measures = q.measures
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
    first, second = number(a.value), number(b.value)  # as printed: '$35,791', '(250)', '48%'
    if first is None or second is None:
        return ()
    gap = first - second
    places = max(decimals(v) for v in (a.value, b.value))
    unit = " percentage points" if a.measure == "percentage" else ""
    more = a if gap >= 0 else b
    return (f"{COMPUTED_LABEL} {more.group} is higher by {abs(gap):.{places}f}{unit} ({a.value} vs {b.value}).",)


# ---- rankings ----------------------------------------------------------------------------------

def _across_columns(q: Question, table: Table, label: str) -> tuple[tuple[Figure, ...], tuple[str, ...]] | None:
    """A row's cells compared across the periods its headings print ('2019', 'Mar 2025'), for a question choosing
    among them ('In which year was X larger?', 'higher in March or April 2025?') or asking which it is given for
    ('In which years was X provided?': all of them): the chosen cells first, the others after, and a sentence
    saying which, computed. Of the row's columns, those the question's words name beyond the
    periods ('the 12-month rate'), when they print two periods; each period's first cell in the row's most printed
    measure. None when the row prints fewer than two periods."""
    cells = [f for f in table.figures if f.row == label and number(f.value) is not None]
    named = named_columns(_asked(q) - PERIOD_TERMS, cells, label)
    if len({_period(f) for f in named} - {""}) >= 2:
        cells = named
    measures = Counter(f.measure for f in cells)
    asked = sorted(YEAR.findall(q.read_as))  # the years set against each other ('2021 or 2022'), or a span's ends
    one_of = bool(PERIOD_OR_PERIOD.search(q.read_as))
    periods: dict[str, Figure] = {}
    for f in cells:
        period = _period(f)
        if period and measures[f.measure] == max(measures.values()) and (not asked or _within(period, asked, one_of)):
            periods.setdefault(period, f)
    if len(periods) < 2:
        return None
    values = {period: number(f.value) for period, f in periods.items()}
    if q.across == "every":
        chosen, said = list(periods), "given"
    elif q.across in ("top", "bottom"):
        edges = sorted(set(values.values()), reverse=q.across == "top")[:q.ranked]
        chosen = [p for p, v in values.items() if v in edges]
        said = ("highest" if q.across == "top" else "lowest") if len(periods) > 2 else (
            "higher" if q.across == "top" else "lower")
    else:
        chosen = [p for p, v in values.items() if (v > q.threshold if q.across == "above" else v < q.threshold)]
        said = f"{'above' if q.across == 'above' else 'below'} {q.threshold:g}"
    if not chosen:
        return None
    printed = "; ".join(f"{p} {periods[p].value}" for p in periods)
    sentence = f"{COMPUTED_LABEL} {BRACKETED.sub('', label).strip()}: {said} in {' and '.join(chosen)} ({printed})."
    ordered = [periods[p] for p in chosen] + [f for p, f in periods.items() if p not in chosen]
    return tuple(ordered), (sentence,)


def _period(figure: Figure) -> str:
    """The period a cell's heading prints ('Mar 2025' of 'CPIH 12-month rate (%) Mar 2025'), '' for none."""
    found = PERIOD.search(figure.column or figure.group)
    return found.group(0) if found else ""


def _within(period: str, asked: list[str], one_of: bool) -> bool:
    """The period is one of the years a question sets against each other ('in 2021 or 2022': `one_of`), or
    within the span they mark ('between 2017 and 2022')."""
    years = YEAR.findall(period)
    return bool(years) and (years[0] in asked if one_of else asked[0] <= years[0] <= asked[-1])


def _extremes(q: Question, tables: list[Table], groups: list[str], similarity: Similarity) -> FigureMatch | None:
    """The top (or bottom, or both when both are asked) row of the best-fitting tables for the named group."""
    fits = [(fit, t) for fit, t in _table_fits(q, tables) if _ranks_by(q.criterion, t)]
    best = max((fit for fit, _ in fits), default=0.0)
    if best < MIN_TABLE_FIT:
        return None
    scored = [(fit + _polarity(q, t), t) for fit, t in fits]
    top_score = max(s for s, _ in scored)
    chosen = [t for s, t in scored if s >= top_score - 1e-9]
    edges = [True] * q.top + [False] * q.bottom
    figures: list[Figure] = []
    for table in chosen:
        for top in edges:
            figures.extend(_extreme_cells(q, table, groups, top, q.ranked))
    closest = max(_closest_row(t, similarity) for t in chosen)
    return FigureMatch(tuple(figures), score=best, similarity=closest, extreme=True) if figures else None


def _ranks_by(criterion: frozenset[str], table: Table) -> bool:
    """The table can rank by what the question ranks by: a word of its own ('most confident' in a table of
    confidence, 'the highest confidence score'), or how often or how many ('most often', 'most common'); 'most
    important' it cannot, nor 'the largest downward contribution' a table of rates."""
    if not criterion or criterion & FREQUENCY:
        return True
    return bool(criterion & _table_words(table))


def _ranked_at(q: Question, tables: list[Table], groups: list[str], similarity: Similarity) -> FigureMatch | None:
    """The row a ranked table places at the position the question names ('came ninth', 'in third place').
    Unlike a top or bottom, a position is often the prose's ('the second most important factor'), so
    the match keeps its own fit and lets the caller weigh it against the sentences."""
    position = q.position
    fits = _table_fits(q, [t for t in tables if t.layout == "ranked"])
    if not fits:
        return None
    best, table = max(((fit + _polarity(q, t), t) for fit, t in fits), key=lambda pair: pair[0])
    if best < MIN_TABLE_FIT:
        return None
    figures = [f for f in table.figures if f.rank == position and (not groups or _same_group(f.group, groups))]
    return FigureMatch(tuple(figures), score=best, similarity=_closest_row(table, similarity)) if figures else None


def _closest_row(table: Table, similarity: Similarity) -> float:
    """How close in meaning the question is to the table: to its closest row."""
    return max((v for (source, table_id, _), v in similarity.items()
                if source == table.source and table_id == table.id), default=0.0)


def _fits_best(q: Question, table: Table, tables: list[Table]) -> bool:
    """No other table holds more of the question in its caption and row labels."""
    fits = _table_fits(q, tables)
    return next(fit for fit, t in fits if t is table) >= max(fit for fit, _ in fits) - 1e-9


def _table_fits(q: Question, tables: list[Table]) -> list[tuple[float, Table]]:
    """How much of the question each table's caption, row labels and headings hold, for questions about a
    table as a whole (its top row, its ninth; 'the highest capability score' of a table headed 'Capability')."""
    asked = _asked(q) - RANK_TERMS
    weights = _idf(tuple(tables))  # a group's words count lightly, for the tables whose headings print them
    return [(_overlap(asked, _table_words(t), weights, one_sided=True), t) for t in tables]


def _table_words(table: Table) -> frozenset[str]:
    """The terms of a table's caption, row labels and headings: what a table-wide question is matched against."""
    return frozenset(terms(table.caption)) | {t for f in table.figures for t in terms(f.row)} | _column_terms(table)


def _extreme_cells(q: Question, table: Table, groups: list[str], top: bool, many: int = 1) -> list[Figure]:
    """The cells of the `many` rows at the table's top (or bottom) for the group, rows tied with them too."""
    cells = [f for f in table.figures if not AVERAGE.search(f.row)]
    if table.layout == "ranked":
        out = []
        for group in dict.fromkeys(f.group for f in cells):
            if groups and not _same_group(group, groups):
                continue
            ranks = sorted({f.rank for f in cells if f.group == group and f.rank}, reverse=not top)
            out.extend(sorted((f for f in cells if f.group == group and f.rank in ranks[:many]),
                              key=lambda f: ranks.index(f.rank)))
        return out
    column = _ranked_column(q, table, cells, groups)
    if not column:
        return []
    values = [number(f.value) for f in column]  # as printed: '$35791', '1,100a', '(250)'
    edges = sorted(set(values), reverse=top)[:many]
    rows = {f.row: edges.index(v) for f, v in zip(column, values) if v in edges}  # row -> its place among the edges
    ranked = column[0]  # the same group's other measure goes with it: a count beside its share
    return sorted((f for f in cells if f.row in rows and f.group == ranked.group
                   and (f.column == ranked.column or f.measure != ranked.measure)), key=lambda f: rows[f.row])


def _ranked_column(q: Question, table: Table, cells: list[Figure], groups: list[str]) -> list[Figure]:
    """The cells of the one column a ranking ranks by, a row each: the group the question names, the heading
    its words name ('the 12-month rate in April 2025'), the measure it asks, counts for all respondents where a
    table prints them (counts and shares rank alike); of what is left, the first column printed. A row that sums
    up the others ('Total', 'CPIH All items') is no item, nor, in a table of groups, a row counted for all alone
    ('Answered question')."""
    by_groups = any(f.group != ALL_GROUPS for f in cells)
    summing = {label for label in {f.row for f in cells} if _sums_up(label, table)}
    items = [f for f in cells if number(f.value) is not None and f.row not in summing
             and (not by_groups or any(g.row == f.row and g.group != ALL_GROUPS for g in cells))]
    printed = [g for g in groups if g != ALL_GROUPS and any(_same_group(f.group, [g]) for f in items)]
    if printed:  # the first group named that this table prints ('Apr 2025', not another table's 'CPIH 12-month rate')
        items = [f for f in items if _same_group(f.group, printed[:1])]
    items = named_columns(_asked(q), items, "") or items
    items = [f for f in items if f.measure in q.measures] or items
    items = ([f for f in items if f.group == ALL_GROUPS and f.measure == "number"]
             or [f for f in items if f.measure == "number"] or items)
    if not items:
        return []
    first = (items[0].group, items[0].column, items[0].measure)
    column: dict[str, Figure] = {}
    for f in items:
        if (f.group, f.column, f.measure) == first:
            column.setdefault(f.row, f)
    return list(column.values())


def _sums_up(label: str, table: Table) -> bool:
    """The row sums up its table's others: its label, the caption's words set aside, opens with 'Total', 'All'
    or 'Overall' ('Total for England', 'CPIH All items' of a CPIH table)."""
    caption = set(terms(table.caption))
    own = [w for w in label.split() if not (terms(w) and set(terms(w)) <= caption)]
    return bool(own) and bool(SUMS_UP.match(" ".join(own)))
