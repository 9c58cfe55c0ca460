"""Blocks of a printed layout (PDF lines with geometry and fonts): lines grouped into candidate blocks,
what a page prints beside its text (footnotes, chart labels), and the levels of the headings found.

Lines join into one group while they share a style, follow at the group's line spacing and keep its
left edge (a list item's wrapped lines keep the text's edge, right of the bullet), or stand centred
under its first line. Roles are the block model's (ingest.block_model); levels: heading styles ranked
by size (bold first at equal size), a style used on one page only (a cover's title) not pushing the
report's headings down, numbering depth ("4.1") overriding, a numbered series ("Recommendation 3:")
one level below the heading before it.
"""
from __future__ import annotations

from collections import Counter

from .headings import HEADING_MAX_LINES, SIZE_STEP, Style, numbering_depth, series_key, style_of
from .layout import Line
from .part_numbers import consecutive
from .textutil import BULLET_GLYPH as BULLET, ends_sentence

PARAGRAPH_GAP_EMS = 0.4  # a gap this many font sizes wider than the style's usual line gap starts a paragraph
EDGE_TOLERANCE = 3.0  # points
CHART_LABEL_WORDS = 4  # lines of a smaller style averaging fewer words than this are chart labels
SERIES_MIN = 3


def printed_groups(lines: list[Line]) -> list[list[Line]]:
    """The lines (in reading order, furniture and tables' lines left out) grouped into candidate blocks."""
    line_gaps = _line_gaps(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _continues(groups[-1], line, line_gaps.get(style_of(line), 0.0)):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def beside_text(group: list[Line], body: Style) -> str:
    """'figure_text' for chart labels and axis ticks (a smaller style averaging few words a line), 'footnote'
    for a smaller paragraph opening with its number; '' for anything else. The gold has no labels for
    these, so they are told by this rule, not by the model."""
    first = group[0]
    if first.size >= body.size - SIZE_STEP:
        return ""
    if sum(len(line.text.split()) for line in group) / len(group) < CHART_LABEL_WORDS:
        return "figure_text"
    return "footnote" if first.text[:1].isdigit() and not numbering_depth(first.text + " x") > 1 else ""


def heading_levels(groups: list[list[Line]], headings: list[bool]) -> list[int]:
    """Each group's heading level (0 for a group that is no heading): its numbers' depth ("4.1"), else its
    style's. A numbered series ("Stage 1:", "Stage 2:") takes its style's level too: one level below the heading
    before it, as it was, put "Stage 2" under the sub-heading that ended "Stage 1" (left out, the HEE full
    report's headings F1 0.70 -> 0.74, the engagement report's 0.91 -> 0.92, nothing lower; measured at 63f550c)."""
    chosen = [g for g, h in zip(groups, headings) if h]
    styles = sorted({style_of(g[0]) for g in chosen}, key=lambda s: (-s.size, not s.bold, s.italic))
    style_levels = _style_levels(chosen, {s: k + 1 for k, s in enumerate(styles)})
    return [(numbering_depth(" ".join(line.text for line in group)) or style_levels[style_of(group[0])]) if heading else 0
            for group, heading in zip(groups, headings)]


def body_edges(lines: list[Line], body: Style) -> dict[int | None, float]:
    """Each page's body text left edge: the leftmost start shared by two or more of its body-style lines."""
    starts: dict[int | None, Counter] = {}
    for line in lines:
        if style_of(line) == body:
            starts.setdefault(line.page, Counter())[round(line.x0)] += 1
    return {page: float(min((x for x, n in counter.items() if n > 1), default=min(counter)))
            for page, counter in starts.items()}


def _line_gaps(lines: list[Line]) -> dict[Style, float]:
    """Each style's usual white gap between consecutive lines of a paragraph (the commonest, points)."""
    gaps: dict[Style, Counter] = {}
    for a, b in zip(lines, lines[1:]):
        gap = b.top - a.bottom
        if a.page == b.page and style_of(a) == style_of(b) and 0 <= gap < 2 * a.size:
            gaps.setdefault(style_of(a), Counter())[round(gap * 2) / 2] += 1
    return {style: counter.most_common(1)[0][0] for style, counter in gaps.items()}


def _continues(group: list[Line], line: Line, usual_gap: float) -> bool:
    last = group[-1]
    if line.page != last.page or not _same_style(line, last) or _opens_item(line, last) or _next_quote(last, line):
        return False
    gap = line.top - last.bottom
    if gap < -EDGE_TOLERANCE or gap > max(usual_gap, _spacing(group)) + PARAGRAPH_GAP_EMS * max(line.size, 1.0):
        return False
    if len(group) > 1:
        return abs(line.x0 - group[1].x0) <= EDGE_TOLERANCE or _centred_under(group[0], line)
    # second line: same edge, the wrapped text of a bullet, a first-line indent, or centred text
    return (line.x0 >= group[0].x0 - EDGE_TOLERANCE and line.x0 - group[0].x0 <= 3 * line.size) or \
        _centred_under(group[0], line)


def _same_style(line: Line, last: Line) -> bool:
    """Printed alike, or alike but for a link or an emphasis in another colour in one of them (a line
    printed in two colours is running text, never a heading: 'In this paper called <Title> he ...')."""
    this, other = style_of(line), style_of(last)
    if this == other:
        return True
    return (this.size, this.bold, this.italic) == (other.size, other.bold, other.italic) and \
        (last.color in line.colors[1:] or line.color in last.colors[1:])


def _opens_item(line: Line, last: Line) -> bool:
    """A bullet opens a list item; a dash does not when the sentence before it runs on ("... space –")."""
    return bool(BULLET.match(line.text)) and not (line.text.lstrip()[:1] in "–-" and not ends_sentence(last.text))


def _next_quote(last: Line, line: Line) -> bool:
    """A line opening with a quotation mark after one closing a quote: two quotes printed one after the other."""
    return last.text.rstrip()[-1:] in "”\"" and line.text.lstrip()[:1] in "“\""


def _centred_under(first: Line, line: Line) -> bool:
    return abs((first.x0 + first.x1) / 2 - (line.x0 + line.x1) / 2) <= 0.5 * line.size


def _spacing(group: list[Line]) -> float:
    """The gap between this paragraph's lines so far (0 for one line)."""
    gaps = [b.top - a.bottom for a, b in zip(group, group[1:])]
    return max(0.0, min(gaps)) if gaps else 0.0


def side_by_side(lines: list[Line]) -> set[int]:
    """ids of lines that share their baseline with another line of their style: names printed in
    columns, table header cells. Such a line is never a heading."""
    found: set[int] = set()
    rows: dict[tuple, list[Line]] = {}
    for line in lines:
        rows.setdefault((line.page, style_of(line), round(line.bottom)), []).append(line)
    for row in rows.values():
        if len(row) > 1:
            found.update(id(line) for line in row)
    return found


def _style_levels(groups: list[list[Line]], ranked: dict[Style, int]) -> dict[Style, int]:
    """A numbered style takes its numbers' depth; any other, one below the nearest larger style's level."""
    depths: dict[Style, Counter] = {s: Counter() for s in ranked}
    for group in groups:
        style = style_of(group[0])
        if style in depths and numbering_depth(group[0].text):
            depths[style][numbering_depth(group[0].text)] += 1
    pages = {s: {g[0].page for g in groups if style_of(g[0]) == s} for s in ranked}
    levels: dict[Style, int] = {}
    for style in sorted(ranked, key=ranked.get):
        if depths[style]:
            levels[style] = depths[style].most_common(1)[0][0]
        else:  # a title printed on one page only does not push the report's headings down a level
            larger = [levels[s] for s in levels if len(pages[s]) > 1 and
                      (s.size > style.size + SIZE_STEP / 2 or (s.size >= style.size and s.bold and not style.bold))]
            levels[style] = max(larger, default=0) + 1
    return levels


def numbered_series(groups: list[list[Line]], body: Style) -> set[int]:
    """Groups in a bold or larger style opening "Word N" where Word opens at least SERIES_MIN of them
    with consecutive numbers ("Recommendation 1:", "Recommendation 2:", ...)."""
    by_key: dict[str, list[tuple[str, list[Line]]]] = {}
    for group in groups:
        first = group[0]
        key = series_key(first.text)
        if key and len(group) <= HEADING_MAX_LINES + 1 and (first.bold or first.size >= body.size + SIZE_STEP):
            by_key.setdefault(key, []).append((first.text.split()[1].rstrip(":."), group))
    found: set[int] = set()
    for members in by_key.values():
        numbers = [m for m, _ in members]
        if len(members) >= SERIES_MIN and consecutive(numbers):
            found.update(id(g) for _, g in members)
    return found

