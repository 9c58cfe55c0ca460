"""Render parsed tables into the cleaned text and turn every printed figure into a Figure.

A grid's value column gives each figure its group, measure and base, from the column's heading:
- the measure is a percentage when the heading (or the printed value) says so ("Percentage of ...",
  "– %", "48%"), else a number;
- the base is the size the heading prints ("Leicester (21)", "Medical directors (n=44)",
  "(Total: 1,004)"), else the caption's ("(N=120)"), else the table's "Answered question" row;
  where the report prints none, the base is left empty rather than invented;
- the group is the heading without its measure words and base; a heading printed across several
  columns is the group when the column's own heading only names a measure ("Number | Percentage");
  a bare total ("Number of responses", "Total", "Responses (percentage)") is ALL_GROUPS.
A row's label is its last label cell; a label printed twice in one table is told apart by the group
row above it ("National Organisation (Location of respondents)"); a period whose year is printed only on
the year's first row ("2024 Apr", "May") is named with its year ("2024 May"). Cells that print words ("Band 4",
descriptions) are not figures.
"""
from __future__ import annotations

import re

from .cell_values import is_value
from .tables import ParsedTable, _is_percentage
from .types import Figure, Table
from .vocabulary import PERCENT_WORDS

ALL_GROUPS = "All respondents"
BASE_ROW = re.compile(r"\banswered\b", re.IGNORECASE)
COUNT_ROWS = re.compile(r"\b(answered|skipped)\b", re.IGNORECASE)
PRINTED_BASE = re.compile(r"\(\s*(?:n\s*=\s*|total\s*:\s*)?(\d[\d,]*)(?:\s+[a-z]+)?\s*\)", re.IGNORECASE)
MEASURE_WORDS = re.compile(rf"^(?:number|no\.|count|{PERCENT_WORDS}|%)(?:\s+of\b)?\s*"
                           rf"|\s*(?:[(–-]\s*)?(?:{PERCENT_WORDS}|%)\s*\)?$", re.IGNORECASE)
# a heading naming only how its column counts: 'Number', '%', 'Rate/ 10 000', 'rate per 1,000 population'
ONLY_MEASURE = re.compile(rf"^\s*(?:number|no\.|count|n|{PERCENT_WORDS}|%|rate(?:\s*(?:/|per)\s*\d[\d\s,]*(?:\s+[a-z]+)?)?)\s*$",
                          re.IGNORECASE)
LABEL_LEAD = re.compile(r"^([^:]{1,40}):\s+\S")
YEAR_LED = re.compile(r"^(?P<year>(?:19|20)\d\d)\s+(?P<period>\S.*)$")
PERIOD = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
                    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4])\.?$", re.IGNORECASE)
BARE_TOTAL = re.compile(r"^(?:total|all|overall|responses|respondents|total responses|all respondents)?$", re.IGNORECASE)


def title(parsed: ParsedTable) -> str:
    """The table's name with its caption, as rendered lines open: 'Table 3 (Types of support ...)'."""
    return f"{parsed.id} ({parsed.caption})" if parsed.caption and parsed.caption != parsed.id else parsed.id


def render_rows(parsed: ParsedTable) -> list[str]:
    """The caption line, then one self-describing line per printed row."""
    head = title(parsed)
    first = parsed.caption if parsed.caption.startswith(parsed.id) else f"{parsed.id} {parsed.caption}".strip()
    lines = [first]
    for row, label, _ in _labelled(parsed):
        if parsed.layout == "ranked":
            group, rank, statement, *values = row
            where = f"{group}, rank {rank}" if rank else group
            cells = "; ".join(f"{m} {v}" for m, v in zip(parsed.measures, values) if v)
            lines.append(f"{head}: {where} — {statement} — {cells}")
            continue
        values = tuple(_one_line(v) for v in row[parsed.labels:])
        if not any(values):
            lines.append(f"{head}: {label}")
        elif len(values) == len(parsed.columns) - parsed.labels:
            cells = "; ".join(f"{c} {v}" for c, v in zip(parsed.columns[parsed.labels:], values) if v)
            lines.append(f"{head}: {label} — {cells}")
        else:
            lines.append(f"{head}: {label} — {' '.join(values)}")
    return lines


def _one_line(cell: str) -> str:
    """A cell printed over lines (a wrapped label, a list in a cell) as one line of the rendered text."""
    return "; ".join(part.strip() for part in cell.split("\n") if part.strip())


def build_table(parsed: ParsedTable, source: str, section: str, page: int | None,
                start: int, end: int, row_spans: tuple[tuple[int, int], ...]) -> Table:
    """The Table artifact with one Figure per printed value, each pointing at its row line."""
    base = _base(parsed)
    figures = []
    for (row, label, block), (row_start, row_end) in zip(_labelled(parsed), row_spans[1:]):
        make = _ranked_figures if parsed.layout == "ranked" else _grid_figures
        for fields in make(parsed, row, label, base):
            figures.append(Figure(source=source, table=parsed.id, start=row_start, end=row_end, block=block, **fields))
    return Table(source=source, id=parsed.id, caption=parsed.caption, layout=parsed.layout,
                 columns=parsed.columns, rows=parsed.rows, groups=parsed.groups or _sized_groups(parsed),
                 base=base, section=section, start=start, end=end, page=page, figures=tuple(figures))


def _labelled(parsed: ParsedTable):
    """(row, label, block) per row: the label a figure names (told apart by its group when printed twice),
    and the rows' group it belongs to: the group row above it, or its label's lead ("Ethnicity: ...")."""
    if parsed.layout == "ranked":
        return [(row, row[2], "") for row in parsed.rows]
    out, heading, group = [], "", ""
    labels = _dated([_one_line(row[parsed.labels - 1] if len(row) >= parsed.labels else row[0]) for row in parsed.rows])
    for row, label in zip(parsed.rows, labels):
        if len(row) > 1 and not any(row[1:]):
            heading = row[0]
        group = row[0] if parsed.labels > 1 and row[0] else group
        context = group if parsed.labels > 1 else heading
        repeated = labels.count(label) > 1 and context and any(row[parsed.labels:])
        lead = LABEL_LEAD.match(label)
        out.append((row, f"{label} ({context})" if repeated else label, heading or (lead.group(1) if lead else "")))
    return out


def _dated(labels: list[str]) -> list[str]:
    """Labels of periods with the year printed only on a year's first row ('2024 Apr', 'May', ... '2025 Jan',
    'Feb') each named with its year ('2024 May'); the cells stay as printed."""
    out, year = [], ""
    for label in labels:
        led = YEAR_LED.match(label)
        if led and PERIOD.match(led.group("period")):
            year = led.group("year")
        elif not PERIOD.match(label):
            year = ""
        out.append(f"{year} {label}" if year and PERIOD.match(label) else label)
    return out


def _base(parsed: ParsedTable) -> str:
    if parsed.groups:
        return "; ".join(f"{name} n={n}" for name, n in parsed.groups)
    for row in parsed.rows:
        if BASE_ROW.search(row[0]) and len(row) == 2:
            return f"answered question ({row[1]})"
    printed = PRINTED_BASE.search(parsed.caption)
    return f"n={printed.group(1)}" if printed else ""


def column_facts(heading: str, span: str = "") -> tuple[str, str, str]:
    """(group, measure, base) a value column's heading gives; base '' when it prints none."""
    own = heading[len(span):].strip() if span and heading.startswith(span) else heading
    # a header spanning its columns ("CPI 12-month rate (%)" over "Mar 2025", "Apr 2025") gives their unit
    # unless a column names its own ("Number" under "Responses (%)")
    measure = "percentage" if _is_percentage(own) or (_is_percentage(span) and not ONLY_MEASURE.match(own)) else "number"
    named = span if span and ONLY_MEASURE.match(own) else own
    printed = PRINTED_BASE.search(named) or PRINTED_BASE.search(span) or PRINTED_BASE.search(own)
    group = MEASURE_WORDS.sub("", PRINTED_BASE.sub("", named)).strip(" –-")
    return (ALL_GROUPS if BARE_TOTAL.match(group) else group), measure, (f"n={printed.group(1)}" if printed else "")


def _sized_groups(parsed: ParsedTable) -> tuple[tuple[str, int | None], ...]:
    """A grid's groups when every value column prints its size ('Leicester (21)'), else ()."""
    if parsed.layout != "grid" or len(parsed.columns) - parsed.labels < 2:
        return ()
    facts = [column_facts(c, s) for c, s in zip(parsed.columns[parsed.labels:], _spans(parsed)[parsed.labels:])]
    if any(not base or group == ALL_GROUPS for group, _, base in facts):
        return ()
    sized = dict.fromkeys((group, int(base[2:].replace(",", ""))) for group, _, base in facts)
    return tuple(sized) if len({g for g, _ in sized}) == len(sized) else ()


def _spans(parsed: ParsedTable) -> tuple[str, ...]:
    return parsed.spans or ("",) * len(parsed.columns)


def _grid_figures(parsed: ParsedTable, row: tuple[str, ...], label: str, base: str):
    values = row[parsed.labels:]
    if len(values) != len(parsed.columns) - parsed.labels:
        row_base = "" if COUNT_ROWS.search(label) else base
        for value in values:
            measure = "percentage" if "." in value or value.endswith("%") else "number"
            yield dict(row=label, group=ALL_GROUPS, measure=measure, value=value, base=row_base)
        return
    headings = zip(parsed.columns[parsed.labels:], _spans(parsed)[parsed.labels:])
    for (heading, span), value in zip(headings, values):
        if not value or not is_value(value):
            continue
        group, measure, column_base = column_facts(heading, span)
        measure = "percentage" if value.rstrip("*†‡").endswith("%") else measure
        yield dict(row=label, group=group, measure=measure, value=value, base=column_base or base, column=heading)


def _ranked_figures(parsed: ParsedTable, row: tuple[str, ...], label: str, base: str):
    group, rank, statement, *values = row
    name = group.split(" (n=")[0]
    size = dict(parsed.groups).get(name)
    for measure, value in zip(parsed.measures, values):
        if value:
            yield dict(row=statement, group=name, value=value, base=f"n={size}" if size else base,
                       measure="percentage" if _is_percentage(measure) else "number",
                       rank=int(rank) if rank else None, column=measure)
