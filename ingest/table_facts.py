"""Render parsed tables into the cleaned text and turn every printed cell into a Figure."""
from __future__ import annotations

import re

from .tables import ParsedTable, _is_percentage
from .types import Figure, Table

ALL_GROUPS = "All respondents"
BASE_ROW = re.compile(r"\banswered\b", re.IGNORECASE)
COUNT_ROWS = re.compile(r"\b(answered|skipped)\b", re.IGNORECASE)
TOTAL_HEADER = re.compile(r"number of|total|responses|percent|all\b|%", re.IGNORECASE)


def table_id(parsed: ParsedTable) -> str:
    return f"Table {parsed.number}"


def render_rows(parsed: ParsedTable) -> list[str]:
    """The caption line, then one self-describing line per printed row."""
    head = f"{table_id(parsed)} ({parsed.caption})"
    lines = [f"{table_id(parsed)} {parsed.caption}"]
    for row in parsed.rows:
        if parsed.layout == "ranked":
            group, rank, statement, *values = row
            where = f"{group}, rank {rank}" if rank else group
            cells = "; ".join(f"{m} {v}" for m, v in zip(parsed.measures, values) if v)
            lines.append(f"{head}: {where} — {statement} — {cells}")
        else:
            label, *values = row
            if len(values) == len(parsed.columns) - 1:
                cells = "; ".join(f"{c} {v}" for c, v in zip(parsed.columns[1:], values))
            else:
                cells = " ".join(values)
            lines.append(f"{head}: {label} — {cells}")
    return lines


def build_table(parsed: ParsedTable, source: str, section: str, page: int | None,
                start: int, end: int, row_spans: tuple[tuple[int, int], ...]) -> Table:
    """The Table artifact with one Figure per printed value, each pointing at its row line."""
    base = _base(parsed)
    figures = []
    for row, (row_start, row_end) in zip(parsed.rows, row_spans[1:]):
        make = _ranked_figures if parsed.layout == "ranked" else _grid_figures
        for fields in make(parsed, row, base):
            figures.append(Figure(source=source, table=table_id(parsed), start=row_start, end=row_end, **fields))
    return Table(source=source, id=table_id(parsed), caption=parsed.caption, layout=parsed.layout,
                 columns=parsed.columns, rows=parsed.rows, groups=parsed.groups, base=base,
                 section=section, start=start, end=end, page=page, figures=tuple(figures))


def _base(parsed: ParsedTable) -> str:
    if parsed.groups:
        return "; ".join(f"{name} n={n}" for name, n in parsed.groups)
    for row in parsed.rows:
        if BASE_ROW.search(row[0]) and len(row) == 2:
            return f"answered question ({row[1]})"
    return ""


def _grid_figures(parsed: ParsedTable, row: tuple[str, ...], base: str):
    label, *values = row
    if len(values) != len(parsed.columns) - 1:
        row_base = "" if COUNT_ROWS.search(label) else base
        for value in values:
            measure = "percentage" if "." in value or value.endswith("%") else "number"
            yield dict(row=label, group=ALL_GROUPS, measure=measure, value=value, base=row_base)
        return
    for header, value in zip(parsed.columns[1:], values):
        group = ALL_GROUPS if TOTAL_HEADER.search(header) else header
        measure = "percentage" if _is_percentage(header) else "number"
        yield dict(row=label, group=group, measure=measure, value=value, base=base)


def _ranked_figures(parsed: ParsedTable, row: tuple[str, ...], base: str):
    group, rank, statement, *values = row
    name = group.split(" (n=")[0]
    size = dict(parsed.groups).get(name)
    for measure, value in zip(parsed.measures, values):
        if value:
            yield dict(row=statement, group=name, value=value, base=f"n={size}" if size else base,
                       measure="percentage" if _is_percentage(measure) else "number",
                       rank=int(rank) if rank else None)
