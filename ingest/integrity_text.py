"""Integrity checks of tables against the text: stated respondents, group shares, and prose percentages."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import Stemmer

from .integrity_tables import ANSWERED_ROW, Context, body_figures, fits, fmt, number, relation, table_names
from .table_facts import ALL_GROUPS
from .textutil import words
from .types import Figure, Finding, Passage, Table
from .vocabulary import PERCENT_VALUE

SKIPPED_ROW = re.compile(r"^\s*skipped\b", re.IGNORECASE)
SURVEY_WORD = re.compile(r"\b(survey|questionnaire|respond|response|sample)", re.IGNORECASE)
RESPONDENT_WORD = re.compile(r"\b(respond|responses?\b|participants?\b|sample\b)", re.IGNORECASE)
PEOPLE_NOUNS = ("respondents", "participants", "people")
CLAUSE_BREAK = re.compile(r"[,;:()]")
MIN_SHARED_TERMS = 3  # words a prose sentence must share with a row label to be about that row
MIN_TERM_CHARS = 4
NEAR_SHARE = 0.2  # a stated number of respondents within this share of the groups' sum is about those groups  # shorter words ('to', 'of', 'can', 'my') say nothing about which row is meant
_STEMMER = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class _Statement:
    """A number the prose states: the respondents ('108 ... directors') or a group's share ('57 per cent')."""

    value: str
    printed: str
    start: int  # the sentence that states it
    end: int
    group: str = ""


def text_findings(ctx: Context) -> list[Finding]:
    """Every check of the tables against the text, and every prose percentage linked to its cell."""
    respondents, shares = _respondent_counts(ctx), _group_shares(ctx)
    return [*_answered_skipped(ctx, respondents), *_group_sizes(ctx, respondents),
            *_shares_against_sizes(ctx, shares, respondents), *_prose_links(ctx, {s.start for s in shares})]


# ---- tables against the respondents the text states ---------------------------------------------------

def _respondent_counts(ctx: Context) -> list[_Statement]:
    """Numbers of people a survey sentence states: '108 clinical and medical directors', '50 respondents'."""
    heads = {name.split()[-1] for name in _group_names(ctx.tables, sized=True)}
    nouns = sorted({form for head in heads if head.isalpha() for form in _forms(head)} | set(PEOPLE_NOUNS))
    counted = re.compile(rf"(?<![\d.,])(\d[\d,]*)\s+(?:(?!of\b|per\b)[a-z]+\s+){{0,4}}?(?:{'|'.join(nouns)})\b",
                         re.IGNORECASE)
    found = []
    for start, end, _ in ctx.sentences:
        sentence = ctx.source.text[start:end]
        if SURVEY_WORD.search(sentence):
            found += [_Statement(m.group(1).replace(",", ""), m.group(0), start, end) for m in counted.finditer(sentence)
                      if not _numbered_name(ctx.source.text, sentence[:m.start()], m.group(1))]
    return found


def _numbered_name(text: str, before: str, number_: str) -> bool:
    """Whether the number is part of a numbered name ('Tier 3 respondents'): the capitalised word before it
    is printed elsewhere with another number ('Tier 1', 'Tier 2')."""
    word = re.search(r"([A-Z][a-z]+)\s*$", before)
    if not word:
        return False
    others = {n for n in re.findall(rf"\b{word.group(1)}\s+(\d+)\b", text)}
    return bool(others - {number_})


def _answered_skipped(ctx: Context, respondents: list[_Statement]) -> Iterator[Finding]:
    """Answered + skipped against the stated respondents, or (with none stated) against the other tables."""
    rows = []
    for table in ctx.tables:
        answered, skipped = _one_row(table, ANSWERED_ROW), _one_row(table, SKIPPED_ROW)
        if answered and skipped:
            rows.append((table, answered, skipped, int(number(answered.value) + number(skipped.value))))
    expected = {int(s.value) for s in respondents}
    if not expected and len(rows) > 1:
        totals = [total for *_, total in rows]
        expected = {max(totals, key=totals.count)}
    for table, answered, skipped, total in rows:
        if expected and total not in expected:
            stated = " or ".join(map(str, sorted(expected)))
            message = (f"{table.id}: answered {answered.value} + skipped {skipped.value} = {total}, but the report "
                       f"states {stated} respondents.")
            yield ctx.finding("answered_skipped", [table], message,
                              [ctx.row(answered), ctx.row(skipped)] + [ctx.passage(s.start, s.end) for s in respondents],
                              printed=f"{answered.value} + {skipped.value} = {total}", recomputed=stated)


def _one_row(table: Table, label: re.Pattern) -> Figure | None:
    rows = [f for f in table.figures if label.match(f.row) and f.measure == "number" and number(f.value) is not None]
    return rows[0] if len(rows) == 1 else None


def _sized_tables(tables) -> dict[tuple, list[Table]]:
    """Tables whose groups all print a size (n), by their groups."""
    by_groups = defaultdict(list)
    for table in tables:
        if len(table.groups) > 1 and all(n is not None for _, n in table.groups):
            by_groups[table.groups].append(table)
    return by_groups


def _group_rows(ctx: Context, tables, group: str = "") -> list[Passage]:
    """Each group's first row line in each table: the line that prints its n."""
    firsts = []
    for table in tables:
        for name, _ in table.groups:
            rows = [f for f in table.figures if f.group == name and group in ("", name)]
            firsts += [ctx.row(min(rows, key=lambda f: f.start))] if rows else []
    return firsts


def _group_sizes(ctx: Context, respondents: list[_Statement]) -> Iterator[Finding]:
    """The groups' sizes against the respondents the text states, when a stated number is near their sum
    (within NEAR_SHARE of it: a number far off counts other people, another tier or sample of the study)."""
    for groups, tables in _sized_tables(ctx.tables).items():
        total = sum(n for _, n in groups)
        near = [s for s in respondents if abs(int(s.value) - total) <= NEAR_SHARE * total]
        stated = sorted({int(s.value) for s in near})
        if not stated or total in stated:
            continue
        sizes = " + ".join(str(n) for _, n in groups)
        said = " or ".join(map(str, stated))
        message = (f"The groups of {table_names(t.id for t in tables)} add up to {total} ({sizes}), but the report "
                   f"states {said} respondents.")
        yield ctx.finding("group_sizes", tables, message,
                          _group_rows(ctx, tables) + [ctx.passage(s.start, s.end) for s in near],
                          printed=f"{sizes} = {total}", recomputed=said)


def _group_shares(ctx: Context) -> list[_Statement]:
    """Shares of the respondents the text gives a single group: 'Clinical directors comprised 57 per cent'."""
    groups = _group_names(ctx.tables, sized=True)
    shares = []
    for start, end, _ in ctx.sentences:
        sentence = ctx.source.text[start:end]
        if not RESPONDENT_WORD.search(sentence):
            continue
        for clause in CLAUSE_BREAK.split(sentence):
            named, stated = _named(groups, clause), list(PERCENT_VALUE.finditer(clause))
            if len(named) == 1 and len(stated) == 1:
                shares.append(_Statement(stated[0].group(1), stated[0].group(0), start, end, named.pop()))
    return shares


def _shares_against_sizes(ctx: Context, shares: list[_Statement], respondents) -> Iterator[Finding]:
    stated = sorted({int(s.value) for s in respondents})
    sized = [t for tables in _sized_tables(ctx.tables).values() for t in tables]
    for share in shares:
        tables = [t for t in sized if share.group in dict(t.groups)]
        for size in sorted({dict(t.groups)[share.group] for t in tables}):
            holding = [t for t in tables if dict(t.groups)[share.group] == size]
            whole = stated[0] if len(stated) == 1 else sum(n for _, n in holding[0].groups)
            if fits(size / whole * 100, share.value):
                continue
            yield _share_finding(ctx, share, holding, size, whole, respondents)


def _share_finding(ctx, share: _Statement, tables, size: int, whole: int, respondents) -> Finding:
    value = fmt(size / whole * 100, 2)
    implied = [c for c in range(whole + 1) if fits(c / whole * 100, share.value)]
    would_be = f", which would be {' or '.join(map(str, implied))} of them" if implied else ""
    message = (f"The report says {share.group.lower()} were {share.printed} of the {whole} respondents{would_be}; "
               f"{table_names(t.id for t in tables)} give n={size}, which is {value} per cent (computed by citebrief).")
    passages = ([ctx.passage(share.start, share.end)] + [ctx.passage(s.start, s.end) for s in respondents]
                + _group_rows(ctx, tables, share.group))
    return ctx.finding("group_share", tables, message, passages, group=share.group, printed=share.printed,
                       recomputed=value)


# ---- prose against tables ------------------------------------------------------------------------

def _prose_links(ctx: Context, skip: set[int]) -> Iterator[Finding]:
    """Each percentage a prose sentence states about a table row, classified against that row's cell."""
    rows = defaultdict(list)
    for table in ctx.tables:
        for f in body_figures(table):
            if f.measure == "percentage" and number(f.value) is not None:
                rows[f.row].append(f)
    for i, (start, end, _) in enumerate(ctx.sentences):
        sentence = ctx.source.text[start:end]
        stated = list(PERCENT_VALUE.finditer(sentence))
        labels = _rows_about(sentence, rows) if stated and start not in skip else []
        cells = [f for label in labels for f in rows[label]]
        for match in stated if cells else ():
            group, from_start = _group_meant(ctx, i, match.start(), {f.group for f in cells})
            named = bool(_rows_about(_clause(sentence, match.start()), {label: rows[label] for label in labels}))
            meant = [f for f in cells if f.group == group] or cells
            named = named and (bool(group) or all(f.group == ALL_GROUPS for f in meant))
            finding = _link(ctx, match, meant, from_start, end, named)
            if finding:
                yield finding


def _clause(sentence: str, at: int) -> str:
    return CLAUSE_BREAK.split(sentence[:at])[-1] + CLAUSE_BREAK.split(sentence[at:])[0]


def _link(ctx: Context, match: re.Match, cells: list[Figure], start: int, end: int, named: bool) -> Finding | None:
    """Exact or rounded when any candidate cell agrees; inconsistent only when the cell meant is unambiguous:
    the number's own clause names its row (a sentence listing several figures names each near its own) and
    the text names the cell's group (a column such as "10-year increase required" is not what every
    percentage about the row measures)."""
    by_relation = {relation(f.value, match.group(1)): f for f in reversed(cells)}
    unambiguous = len(cells) == 1 and named
    verdict = next((v for v in ("exact", "rounded") if v in by_relation), "inconsistent" if unambiguous else "")
    if not verdict:
        return None
    cell = by_relation[verdict]
    said = {"exact": "is exactly", "rounded": "rounds", "inconsistent": "does not match"}[verdict]
    message = (f"The report's text states “{match.group(0)}” for “{cell.row}” ({cell.group}), which {said} "
               f"{cell.table}'s {cell.value}.")
    return ctx.finding("prose", [cell.table], message, [ctx.passage(start, end), ctx.row(cell)], group=cell.group,
                       row=cell.row, measure=cell.measure, printed=match.group(0), recomputed=cell.value,
                       verdict=verdict)


def _terms(text: str) -> set[str]:
    return set(_STEMMER.stemWords([w for w in words(text) if len(w) >= MIN_TERM_CHARS]))


def _rows_about(sentence: str, rows: dict[str, list[Figure]]) -> list[str]:
    """The row labels a sentence is about: most of their words in it, at least MIN_SHARED_TERMS; ties kept."""
    said = _terms(sentence)
    scored = {}
    for label in rows:
        own = _terms(label)
        shared = len(own & said)
        if own and shared >= MIN_SHARED_TERMS and shared * 2 >= len(own):
            scored[label] = (shared / len(own), shared)
    best = max(scored.values(), default=None)
    return [label for label, score in scored.items() if score == best]


def _group_meant(ctx: Context, i: int, at: int, groups: set[str]) -> tuple[str, int]:
    """The one group the number's clause, sentence or an earlier sentence of its paragraph names ('' if none),
    and where the passage naming it starts."""
    start, end, paragraph = ctx.sentences[i]
    sentence = ctx.source.text[start:end]
    places = [(_clause(sentence, at), start), (sentence, start)]
    places += [(ctx.source.text[s:e], s) for s, e, k in reversed(ctx.sentences[:i]) if k == paragraph]
    for text, from_start in places:
        named = _named(groups, text)
        if named:
            return (named.pop(), from_start) if len(named) == 1 else ("", start)
    return "", start


# ---- naming groups in text ----------------------------------------------------------------------------

def _group_names(tables, sized: bool) -> set[str]:
    """The groups tables print: sized ones (with n), or also the group columns of grids."""
    names = {name for t in tables for name, n in t.groups if n is not None}
    if not sized:
        names |= {f.group for t in tables for f in t.figures if f.group != ALL_GROUPS}
    return names


def _forms(word: str) -> set[str]:
    """Singular and plural spellings of a word ('director', 'directors'; 'midwife', 'midwives')."""
    w = word.lower()
    forms = {w, w + "s", w[:-1] if w.endswith("s") else w}
    if w.endswith("ves"):
        forms |= {w[:-3] + "f", w[:-3] + "fe"}
    if w.endswith("fe") or w.endswith("f"):
        forms.add(w.rstrip("e")[:-1] + "ves")
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if w.endswith("y"):
        forms.add(w[:-1] + "ies")
    return forms


def _named(groups: set[str], text: str) -> set[str]:
    """The groups a text names; 'medical and clinical directors' names both."""
    return {g for g in groups if _group_pattern(g).search(text)}


@lru_cache(maxsize=256)
def _group_pattern(name: str) -> re.Pattern:
    *qualifiers, head = name.lower().split()
    heads = "|".join(sorted(_forms(head), key=len, reverse=True))
    if not qualifiers:
        return re.compile(rf"\b(?:{heads})\b", re.IGNORECASE)
    lead = r"\s+".join(map(re.escape, qualifiers))
    return re.compile(rf"\b{lead}(?:\s+(?:and|or|&)\s+[\w-]+)?\s+(?:{heads})\b", re.IGNORECASE)
