"""Integrity checks of each table against itself: percentages against counts and base, row totals, averages.

Also the shared pieces of all the checks: where findings point (Context) and printed-number arithmetic.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator

from .cell_values import decimals, number, quantity
from .table_facts import ALL_GROUPS
from .types import Figure, Finding, Passage, Source, Table
from .vocabulary import AVERAGE_WORDS

SUMMARY_ROW = re.compile(rf"^\s*({AVERAGE_WORDS}|total|answered|skipped)\b", re.IGNORECASE)
AVERAGE_ROW = re.compile(rf"^\s*({AVERAGE_WORDS})\b", re.IGNORECASE)
ANSWERED_ROW = re.compile(r"^\s*answered\b", re.IGNORECASE)
BASE_NUMBER = re.compile(r"n\s*=\s*(\d[\d,]*)|\((\d[\d,]*)\)")
MAX_BASE_FACTOR = 4  # a shifted base is searched up to four times the printed one


@dataclass(frozen=True)
class Context:
    """The source under check, its tables and prose sentences; builds cited findings."""

    source: Source
    tables: tuple[Table, ...]
    sentences: tuple[tuple[int, int, int], ...]  # (start, end, paragraph index) of every prose sentence
    section_of: Callable[[int], str]

    def passage(self, start: int, end: int) -> Passage:
        return Passage(self.source.id, self.section_of(start), start, end, self.source.text[start:end],
                       self.source.page_at(start))

    def row(self, figure: Figure) -> Passage:
        return self.passage(figure.start, figure.end)

    def finding(self, check: str, tables, message: str, passages, *, group="", row="", measure="",
                printed="", recomputed="", verdict="inconsistent") -> Finding:
        ids = tuple(t if isinstance(t, str) else t.id for t in tables)
        return Finding(self.source.id, check, verdict, ids, group, row, measure, printed, recomputed, message,
                       tuple(dict.fromkeys(passages)))


def table_findings(ctx: Context, table: Table) -> list[Finding]:
    """Every failed check of one table against itself, across its rows (sums down columns: ingest.integrity_sums)."""
    return [*_percentages(ctx, table), *_row_totals(ctx, table), *_averages(ctx, table)]


# ---- numbers -----------------------------------------------------------------------------------

def _half_unit(text: str) -> float:
    return 0.5 * 10 ** -decimals(text)


def fits(value: float, printed: str) -> bool:
    """Whether value, printed at the precision of printed, could have been printed so."""
    return abs(value - number(printed)) <= _half_unit(printed) + 1e-9


def fmt(value: float, places: int) -> str:
    return f"{value:.{places}f}"


def table_names(table_ids) -> str:
    ids = list(dict.fromkeys(table_ids))
    if len(ids) == 1 or not all(i.startswith("Table ") for i in ids):
        return ", ".join(ids)
    numbers = [i.removeprefix("Table ") for i in ids]
    return f"Tables {', '.join(numbers[:-1])} and {numbers[-1]}"


def relation(printed_cell: str, stated: str) -> str:
    """How a stated number relates to a printed cell: 'exact', 'rounded' (at its own precision), 'inconsistent'."""
    cell, said = number(printed_cell), number(stated)
    if cell is None or said is None:
        return ""
    if cell == said:
        return "exact"
    return "rounded" if fits(cell, stated) else "inconsistent"


# ---- each table against itself -------------------------------------------------------------------

def body_figures(table: Table) -> list[Figure]:
    """The figures of data rows: not summary rows (total, average, answered), nor a ranked table's summary."""
    return [f for f in table.figures if not SUMMARY_ROW.match(f.row)
            and (f.rank is not None or table.layout != "ranked")]


def _base_n(figure: Figure) -> int | None:
    match = BASE_NUMBER.search(figure.base)
    return int((match.group(1) or match.group(2)).replace(",", "")) if match else None


def _percentage_columns(table: Table) -> dict[tuple[str, int], list[tuple[Figure, Figure]]]:
    """(count, percentage) pairs of the same row and group, by (group, base): the printed base, else
    the sum of the counts of the pair's rows' group when its percentages make up a whole (about 100)."""
    body, columns = body_figures(table), defaultdict(list)
    pairs = []
    for pct in body:
        counts = [f for f in body if f.start == pct.start and f.group == pct.group and f.measure == "number"]
        if pct.measure == "percentage" and len(counts) == 1 and None not in (number(pct.value), number(counts[0].value)):
            pairs.append((counts[0], pct))
    for run in _runs_of(pairs):
        base = _base_n(run[0][1]) or _whole(run)
        for count, pct in run if base else ():
            columns[(pct.group, base)].append((count, pct))
    return columns


def _runs_of(pairs: list[tuple[Figure, Figure]]) -> list[list[tuple[Figure, Figure]]]:
    """Pairs in runs of consecutive rows of one group and one rows' group (block)."""
    runs: list[list[tuple[Figure, Figure]]] = []
    for pair in sorted(pairs, key=lambda p: (p[1].group, p[1].start)):
        if runs and (runs[-1][-1][1].group, runs[-1][-1][1].block) == (pair[1].group, pair[1].block):
            runs[-1].append(pair)
        else:
            runs.append([pair])
    return runs


def _whole(run: list[tuple[Figure, Figure]]) -> int | None:
    """The base a run of percentages with no printed base implies: the sum of its counts, when the
    percentages add up to 100 within their rounding (shares of one whole)."""
    shares = [number(p.value) for _, p in run]
    slack = sum(_half_unit(p.value) for _, p in run) + 1e-9
    total = sum(number(c.value) for c, _ in run)
    return int(total) if len(run) > 1 and abs(sum(shares) - 100) <= slack and total == int(total) else None


def _percentages(ctx: Context, table: Table) -> Iterator[Finding]:
    for (group, base), pairs in _percentage_columns(table).items():
        wrong = [(c, p) for c, p in pairs if not fits(number(c.value) / base * 100, p.value)]
        if not wrong:
            continue
        bases = _fitting_bases(pairs, base) if len(pairs) > 1 else []
        if bases:
            yield _shifted_base(ctx, table, group, base, bases, pairs, wrong)
        else:
            yield from (_wrong_percentage(ctx, table, base, count, pct) for count, pct in wrong)


def _fitting_bases(pairs: list[tuple[Figure, Figure]], printed: int) -> list[int]:
    """Every other base giving all the printed percentages, nearest to the printed one first."""
    counts = [(number(c.value), p.value) for c, p in pairs]
    lowest = max(1, int(max(c for c, _ in counts)))
    bases = [b for b in range(lowest, MAX_BASE_FACTOR * printed + 1)
             if b != printed and all(fits(c / b * 100, p) for c, p in counts)]
    return sorted(bases, key=lambda b: abs(b - printed))


def _shifted_base(ctx, table, group, base, bases, pairs, wrong) -> Finding:
    count, pct = wrong[0]
    example = fmt(number(count.value) / base * 100, decimals(pct.value))
    alternatives = " or ".join(f"n={b}" for b in bases[:3])
    message = (f"{len(wrong)} of the {len(pairs)} percentages of {group} in {table.id} do not follow from the "
               f"printed n={base} ({count.value} of {base} is {example} per cent, printed {pct.value}); all of them "
               f"fit {alternatives} (computed by citebrief).")
    return ctx.finding("base", [table], message, [ctx.row(p) for _, p in pairs], group=group, measure="percentage",
                       printed=f"n={base}", recomputed=f"n={bases[0]}")


def _wrong_percentage(ctx, table, base, count, pct) -> Finding:
    value = fmt(number(count.value) / base * 100, decimals(pct.value))
    implied = "" if _base_n(pct) else f"; the table prints no base, and the counts of its rows' group add up to {base}"
    message = (f"“{pct.row}” ({pct.group}, {table.id}): {count.value} of {base} is {value} per cent, printed "
               f"{pct.value}{implied} (computed by citebrief).")
    return ctx.finding("percentage", [table], message, [ctx.row(pct)] + _answered_rows(ctx, table),
                       group=pct.group, row=pct.row, measure="percentage", printed=pct.value, recomputed=value)


def _answered_rows(ctx: Context, table: Table) -> list[Passage]:
    return [ctx.row(f) for f in table.figures if ANSWERED_ROW.match(f.row)]


def _row_totals(ctx: Context, table: Table) -> Iterator[Finding]:
    """Grid rows: the groups' counts against the row's printed total."""
    body = [f for f in body_figures(table) if f.measure == "number" and quantity(f.value) is not None]
    for start in sorted({f.start for f in body}):
        parts = [f for f in body if f.start == start and f.group != ALL_GROUPS]
        totals = [f for f in body if f.start == start and f.group == ALL_GROUPS]
        if len(parts) < 2 or len(totals) != 1 or number(totals[0].value) is None:
            continue
        added = sum(quantity(f.value) for f in parts)
        if abs(added - number(totals[0].value)) > 1e-9:
            total, summed = totals[0].value, fmt(added, max(decimals(f.value) for f in parts))
            message = (f"“{totals[0].row}” ({table.id}): the group counts "
                       f"{' + '.join(f.value for f in parts)} add up to {summed}, printed total {total} "
                       f"(computed by citebrief).")
            yield ctx.finding("row_total", [table], message, [ctx.row(totals[0])], row=totals[0].row,
                              measure="number", printed=total, recomputed=summed)


def _averages(ctx: Context, table: Table) -> Iterator[Finding]:
    body = body_figures(table)
    for average in table.figures:
        if not AVERAGE_ROW.match(average.row) or number(average.value) is None:
            continue
        column = [f for f in body if f.group == average.group and f.measure == average.measure
                  and number(f.value) is not None]
        if len(column) < 2:
            continue
        mean = sum(number(f.value) for f in column) / len(column)
        slack = _half_unit(average.value) + max(_half_unit(f.value) for f in column)  # each cell is rounded too
        if abs(mean - number(average.value)) > slack + 1e-9:
            value = fmt(mean, decimals(average.value))
            message = (f"The mean of the {len(column)} {average.group} {average.measure}s in {table.id} is {value}, "
                       f"printed {average.row.lower()} {average.value} (computed by citebrief).")
            yield ctx.finding("average", [table], message, [ctx.row(average)] + [ctx.row(f) for f in column],
                              group=average.group, row=average.row, measure=average.measure,
                              printed=average.value, recomputed=value)
