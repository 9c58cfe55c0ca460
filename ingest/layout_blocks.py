"""From a laid-out document (PDF lines with geometry and fonts) to blocks: headings, paragraphs,
list items, block quotes and notes, in reading order, furniture removed.

Lines join into one paragraph while they share a style, follow at the paragraph's line spacing and
keep its left edge (a list item's wrapped lines keep the text's edge, right of the bullet). A
paragraph that runs over a page break (it ends without a full stop, the next page's first paragraph
continues in its style) is one paragraph that records where the page changed. Line-end hyphens are
kept or removed by the document's own spelling elsewhere. Lines of a smaller style than the body
that average only a few words (chart labels, axis ticks) are dropped. Headings: ingest.headings;
block quotes and their attributions: ingest.block_quotes; tables (ruled grids and caption-led text
tables) are placed where ingest.table_grids finds them.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from .block_quotes import attribution, is_block_quote
from .furniture import Furniture
from .headings import (CAPTION, HEADING_MAX_LINES, SIZE_STEP, Style, body_style, heading_styles, is_heading_text, numbering_depth,
                       plain_heading, series_key, style_of)
from .layout import Layout, Line
from .part_numbers import consecutive
from .quotes import introduces_speech
from .table_grids import PlacedTable, tables_in_layout
from .text_blocks import Block
from .textutil import BULLET_GLYPH as BULLET, ends_sentence

PARAGRAPH_GAP_EMS = 0.4  # a gap this many font sizes wider than the style's usual line gap starts a paragraph
EDGE_TOLERANCE = 3.0  # points
CHART_LABEL_WORDS = 4  # lines of a smaller style averaging fewer words than this are chart labels
SERIES_MIN = 3
WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def layout_blocks(layout: Layout, furniture: Furniture) -> tuple[list[Block], list[str]]:
    """The document's blocks in reading order ([] when nothing but furniture is printed), and the table
    warnings met (ingest.table_grids; each a line naming its page)."""
    lines = [line for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines)
             if (p, k) not in furniture.lines and line.text.strip()]
    if not lines:
        return [], []
    placed, warnings = tables_in_layout(layout, furniture.lines)
    taken = {id(layout.pages[p].lines[k]) for table in placed for p, k in table.consumed}
    lines = [line for line in lines if id(line) not in taken]
    groups = _groups(lines, _line_gaps(lines))
    return _join_page_breaks(_group_blocks(groups, lines, _tables_at(layout, placed, groups))), warnings


def _group_blocks(groups: list[list[Line]], lines: list[Line], tables_at: dict[int, list[Block]]) -> list[Block]:
    """Each group of lines as a block (a quote takes its attribution group with it), tables in their places."""
    body = body_style(lines)
    levels = _levels(groups, body, _side_by_side(lines))
    vocabulary = _vocabulary(line.text for line in lines)
    edges = _body_edges(lines, body)
    blocks: list[Block] = []
    k = 0
    while k < len(groups):
        blocks.extend(tables_at.pop(k, []))
        group = groups[k]
        following = groups[k + 1] if k + 1 < len(groups) else None
        introduced = bool(blocks) and (blocks[-1].text.endswith(":") or (
            blocks[-1].kind == "quote" and k and style_of(groups[k - 1][0]) == style_of(group[0])))
        speech = bool(blocks) and introduces_speech(blocks[-1].text)
        if is_block_quote(group, body, edges.get(group[0].page, group[0].x0), introduced, following, speech):
            speaker = attribution(group, following) if following else ""
            blocks.append(Block("quote", _text(group, vocabulary), group[0].page, speaker=speaker))
            k += 2 if speaker else 1  # the attribution line is the quote's, not a paragraph
            continue
        block = _block(group, body, levels.get(id(group)), vocabulary)
        blocks.extend([block] if block else [])
        k += 1
    blocks.extend(table for at in sorted(tables_at) for table in tables_at[at])
    return blocks


def _tables_at(layout: Layout, placed: list[PlacedTable], groups: list[list[Line]]) -> dict[int, list[Block]]:
    """Each table (ingest.table_grids) before the first group of lines printed at or after its place."""
    order = {id(line): (p, k) for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines)}
    starts = [order[id(group[0])] for group in groups]
    tables_at: dict[int, list[Block]] = {}
    for table in placed:
        tables_at.setdefault(bisect_left(starts, table.at), []).append(
            Block("table", table.table.caption, table.page, table.table))
    return tables_at


def _body_edges(lines: list[Line], body: Style) -> dict[int | None, float]:
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


def _groups(lines: list[Line], line_gaps: dict[Style, float]) -> list[list[Line]]:
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _continues(groups[-1], line, line_gaps.get(style_of(line), 0.0)):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _continues(group: list[Line], line: Line, usual_gap: float) -> bool:
    last = group[-1]
    if line.page != last.page or not _same_style(line, last) or _opens_item(line, last):
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


def _centred_under(first: Line, line: Line) -> bool:
    return abs((first.x0 + first.x1) / 2 - (line.x0 + line.x1) / 2) <= 0.5 * line.size


def _spacing(group: list[Line]) -> float:
    """The gap between this paragraph's lines so far (0 for one line)."""
    gaps = [b.top - a.bottom for a, b in zip(group, group[1:])]
    return max(0.0, min(gaps)) if gaps else 0.0


def _side_by_side(lines: list[Line]) -> set[int]:
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


def _levels(groups: list[list[Line]], body: Style, side_by_side: set[int]) -> dict[int, int]:
    """Heading level by id(group), for the groups that are headings (see ingest.headings)."""
    groups = [g for g in groups if not any(id(line) in side_by_side for line in g)]
    style_levels = _style_levels(groups, heading_styles(groups, body))
    in_series = _numbered_series(groups, body)
    levels: dict[int, int] = {}
    last_level = 0
    for group in groups:
        text = " ".join(line.text for line in group)
        style = style_of(group[0])
        if style in style_levels and len(group) <= HEADING_MAX_LINES and is_heading_text(text) \
                and not (len(group) > 1 and style.size < body.size + SIZE_STEP and text.endswith(".")):
            levels[id(group)] = last_level = numbering_depth(text) or style_levels[style]
        elif id(group) in in_series:
            levels[id(group)] = last_level + 1
    if not style_levels:  # a document printed in one font: headings by their shape alone
        levels = {id(g): 1 for g, nxt in zip(groups, groups[1:] + [None]) if plain_heading(g, nxt)}
    return levels


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


def _numbered_series(groups: list[list[Line]], body: Style) -> set[int]:
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


def _block(group: list[Line], body: Style, level: int | None, vocabulary: set[str]) -> Block | None:
    first = group[0]
    text = _text(group, vocabulary)
    if level is not None:
        return Block("heading", text, first.page, level=level)
    smaller = first.size < body.size - SIZE_STEP
    if smaller and sum(len(l.text.split()) for l in group) / len(group) < CHART_LABEL_WORDS:
        return None  # chart labels and axis ticks
    if smaller and first.text[:1].isdigit() and not numbering_depth(first.text + " x") > 1:
        return Block("note", text, first.page)
    if BULLET.match(first.text):
        return Block("item", "• " + BULLET.sub("", text, count=1), first.page)
    return Block("paragraph", text, first.page)


def _text(group: list[Line], vocabulary: set[str]) -> str:
    """The group's lines as one paragraph: a line-end hyphen is dropped where the document spells the
    word without it elsewhere ("reimburse-" + "ment"), kept otherwise ("long-" + "term")."""
    text = ""
    for line in group:
        piece = " ".join(line.text.split())
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].isalpha():
            head = WORD.findall(text)[-1].rstrip("-") if WORD.findall(text) else ""
            tail = WORD.match(piece).group(0) if WORD.match(piece) else ""
            joined = (head + tail).lower()
            text = text[:-1] + piece if joined in vocabulary and f"{head}-{tail}".lower() not in vocabulary else text + piece
        else:
            text = f"{text} {piece}" if text else piece
    return text


def _vocabulary(texts) -> set[str]:
    """Every word (hyphenated compounds whole) printed inside a line, lower-cased."""
    vocabulary: set[str] = set()
    for text in texts:
        found = WORD.findall(text)
        vocabulary.update(w.lower() for w in (found[:-1] if text.rstrip().endswith("-") else found))
    return vocabulary


def _join_page_breaks(blocks: list[Block]) -> list[Block]:
    """A paragraph or item left unfinished at a page's end continues in the next page's first paragraph.

    Footnotes, figures and tables printed between the two stay, after the joined paragraph.
    """
    out: list[Block] = []
    for block in blocks:
        previous = next((k for k in range(len(out) - 1, -1, -1) if not _aside(out[k])), None)
        if previous is not None and _continues_over_break(out[previous], block):
            before = out[previous]
            breaks = before.page_breaks + ((len(before.text) + 1, block.page),)
            out[previous] = Block(before.kind, f"{before.text} {block.text}", before.page, page_breaks=breaks,
                                  speaker=block.speaker)
            continue
        out.append(block)
    return out


def _aside(block: Block) -> bool:
    """What a page may print between the halves of a sentence: footnotes, figures and tables with their
    numbered captions."""
    return block.kind in ("note", "table") or (block.kind == "paragraph" and bool(CAPTION.match(block.text)))


def _continues_over_break(before: Block, block: Block) -> bool:
    last_page = before.page_breaks[-1][1] if before.page_breaks else before.page
    same_kind = block.kind == "paragraph" or (before.kind == "quote" and block.kind == "quote" and not before.speaker)
    return (before.kind in ("paragraph", "item", "quote") and same_kind and not _aside(block) and block.page != last_page
            and not ends_sentence(before.text) and not before.text.endswith(":")
            and (block.text[:1].islower() or before.text.rstrip()[-1:].isalnum() or before.text.rstrip()[-1:] in ",;"))
