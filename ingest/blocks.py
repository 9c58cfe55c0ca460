"""One block builder for every format: a Layout's lines -> candidate blocks -> roles -> blocks in reading order.

Candidates come from what the layout holds: on a printed page (PDF) lines grouped by style, spacing and
edge (ingest.layout_blocks); in plain text runs of lines between blank lines, cut before a bullet or an
indented line after a finished sentence, and after a title-shaped first line (cut back together when it
is no heading); in Word, HTML and Markdown each Line is a paragraph already. A role the format names
(a Word heading style, <li>, '#', a bullet opening a paragraph of plain text) is taken as given; every other role is the block model's
(ingest.block_model over ingest.block_features). Tables (ingest.table_grids) stand where they were
printed; a paragraph that a page break or a table cut in two is joined again.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace


from .block_features import (TRAILING_PARENTHESIS, Candidate, Position, as_plain_text, candidate_features,
                             prints_one_style)
from .block_model import StructureModel
from .furniture import Furniture
from .headings import CAPTION, body_style
from .layout import Layout, Line
from .layout_blocks import beside_text, heading_levels, printed_groups
from .markers import with_markers_cut
from .render import Piece, joined, merged, vocabulary
from .table_grids import PlacedTable, tables_in_layout
from .textutil import BULLET_GLYPH, ends_sentence

FORMAT_ROLES = {"heading": "heading", "list": "list_item", "quote": "quote", "note": "footnote"}
ASIDES = ("footnote", "table", "caption")  # what a page may print between the halves of a sentence
ATTRIBUTION_WORDS = 8  # an attribution printed at a quote's end is this short ("Hospital F, Consultant 1")
TITLE_MAX_CHARS = 70  # plain text: a first line this short, shaped like a title, is cut off as a candidate


def build_blocks(layout: Layout, furniture: Furniture, model: StructureModel) -> tuple[list[Piece], list[Piece], list[str]]:
    """The document's blocks in reading order, the figure text set aside (chart labels), and the table
    warnings met (ingest.table_grids; each a line naming its page)."""
    placed, warnings = tables_in_layout(layout, furniture.lines)
    candidates, figure_text = layout_candidates(layout, furniture, placed)
    roles = decide_roles(candidates, layout, model)
    pieces = _assembled(candidates, roles, _levels(candidates, roles, layout))
    starts = [at for at, _ in pieces]
    ordered = [piece for _, piece in pieces]
    for table in sorted(placed, key=lambda t: t.at, reverse=True):  # from the end, so earlier places hold
        ordered.insert(bisect_left(starts, table.at), Piece("table", table.table.caption, table.page, table=table.table))
    return with_markers_cut(_joined_over_breaks([_unmarked(p) for p in ordered], layout.plain_lines)), figure_text, warnings


def layout_candidates(layout: Layout, furniture: Furniture, placed: list[PlacedTable]) -> tuple[list[Candidate], list[Piece]]:
    """The candidate blocks in reading order (furniture and tables' lines left out), and the figure text."""
    taken = set(furniture.lines).union(*(t.consumed for t in placed))
    positions = [(p, k) for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines)
                 if (p, k) not in taken and line.text.strip()]
    lines = [layout.pages[p].lines[k] for p, k in positions]
    words = vocabulary(line.text for line in lines)
    if layout.has_geometry:
        candidates, figure_text = _printed_candidates(lines, dict(zip(map(id, lines), positions)), words)
    elif layout.plain_lines:
        candidates, figure_text = _plain_candidates(list(zip(positions, lines)), words), []
    else:
        candidates, figure_text = [_flow_candidate(at, line) for at, line in zip(positions, lines)], []
    return [part for c in candidates for part in _attribution_cut(c)], figure_text


def _attribution_cut(candidate: Candidate) -> tuple[Candidate, ...]:
    """A quote with its attribution printed after its closing mark ('...records” (Hospital F, Consultant 1)')
    as two candidates: the model decides whether the words after the mark are an attribution."""
    closing = re.search(r"[”\"]\s*(\S[^”\"]*)$", candidate.text)
    if candidate.named or not closing or len(closing.group(1).split()) > ATTRIBUTION_WORDS or ends_sentence(closing.group(1)):
        return (candidate,)
    head, tail = _cut(candidate.text, candidate.lines, candidate.spans, closing.start(1))
    return (replace(candidate, text=head[0], lines=head[1], spans=head[2]),
            replace(candidate, text=tail[0], lines=tail[1], spans=tail[2], at=candidate.at))


def decide_roles(candidates: list[Candidate], layout: Layout, model: StructureModel) -> list[str]:
    """Each candidate's role: the one its format names, else the block model's most probable role among those
    its evidence allows. Two roles are defined by something outside the block, which the model's linear
    features can outweigh: a contents entry names a part printed elsewhere (its words repeat there, or it
    ends in a dot leader), and an attribution stands only after a quote. A PDF printed in one style is read
    by the model for layouts without geometry: the printed model learned roles from reports whose fonts set
    headings and quotes apart, and has no evidence where none does."""
    printed = layout.has_geometry and not prints_one_style(candidates)
    roles_model = model.block_roles(printed)
    rows = candidate_features(candidates, layout)
    if layout.has_geometry and not printed:
        rows = [as_plain_text(row) for row in rows]
    probabilities = roles_model.probabilities(rows)
    contents = roles_model.classes.index("contents") if "contents" in roles_model.classes else None
    roles: list[str] = []
    for candidate, row, chances in zip(candidates, rows, probabilities):
        if contents is not None and not (row.get("repeats") or row.get("dot_leader")):
            chances = chances.copy()
            chances[contents] = 0.0
        role = candidate.named or roles_model.classes[int(chances.argmax())]
        roles.append("paragraph" if role == "attribution" and (not roles or roles[-1] != "quote") else role)
    return roles


def _printed_candidates(lines: list[Line], at: dict[int, Position], words: set[str]) -> tuple[list[Candidate], list[Piece]]:
    body = body_style(lines) if lines else None
    candidates, figure_text = [], []
    for group in printed_groups(lines):
        text, spans = joined(group, words)
        beside = beside_text(group, body)
        if beside == "figure_text":
            figure_text.append(Piece("figure_text", text, group[0].page, tuple(group), spans))
        else:
            candidates.append(Candidate(tuple(group), at[id(group[0])], text, spans, named=beside))
    return candidates, figure_text


def _flow_candidate(at: Position, line: Line) -> Candidate:
    """A paragraph of Word, HTML or Markdown, with the role its format names."""
    text = " ".join(line.text.split())
    return Candidate((line,), at, text, ((0, len(text)),), named=FORMAT_ROLES.get(line.style, ""), level=line.level)


def _plain_candidates(lines: list[tuple[Position, Line]], words: set[str]) -> list[Candidate]:
    """Plain text's runs of lines (a blank line, a furniture line or a table parts them), cut into candidates."""
    runs: list[list[tuple[Position, Line]]] = []
    for at, line in lines:
        if runs and runs[-1][-1][0] == (at[0], at[1] - 1):
            runs[-1].append((at, line))
        else:
            runs.append([(at, line)])
    candidates = []
    for run in runs:
        for start, end, joins in _plain_cuts([line for _, line in run]):
            group = [line for _, line in run[start:end]]
            text, spans = joined(group, words)
            named = FORMAT_ROLES.get(group[0].style, "")  # '#' and a bullet opening a paragraph mark their lines
            candidates.append(Candidate(tuple(group), run[start][0], text, spans, named=named, level=group[0].level,
                                        joins_previous=joins))
    return candidates


def _plain_cuts(run: list[Line]) -> list[tuple[int, int, bool]]:
    """(start, end, cut from the candidate before without a paragraph break) for each candidate of a run:
    cut before a '#' heading or a bullet, after a '#' heading or a title-shaped first line, and before an
    indented line after a finished sentence."""
    cuts = [(0, False)]
    for k in range(1, len(run)):
        line, before = run[k], run[k - 1]
        if line.style in ("heading", "list") or before.style == "heading" or (line.x0 > 0 and ends_sentence(before.text)):
            cuts.append((k, False))
        elif k - 1 == cuts[-1][0] and _title_shaped(before) and not line.text[:1].islower():
            cuts.append((k, True))
    bounds = [k for k, _ in cuts] + [len(run)]
    return [(start, end, joins) for (start, joins), end in zip(cuts, bounds[1:])]


def _title_shaped(line: Line) -> bool:
    text = line.text.strip()
    return line.style == "" and len(text) <= TITLE_MAX_CHARS and text[:1].isupper() and text[-1:] not in ".,;:!-–"


def _levels(candidates: list[Candidate], roles: list[str], layout: Layout) -> list[int]:
    if layout.has_geometry and candidates:
        groups = [list(c.lines) for c in candidates]
        return heading_levels(groups, [r == "heading" for r in roles])
    return [max(1, c.level) if role in ("heading", "list_item") else 0 for c, role in zip(candidates, roles)]


def _assembled(candidates: list[Candidate], roles: list[str], levels: list[int]) -> list[tuple[Position, Piece]]:
    """The candidates as pieces: a title-shaped cut that is no heading joined back to its paragraph, a quote's
    attribution printed in brackets after its closing mark made a piece of its own."""
    pieces: list[tuple[Position, Piece]] = []
    for k, (candidate, role) in enumerate(zip(candidates, roles)):
        piece = Piece(role, candidate.text, candidate.lines[0].page, candidate.lines, candidate.spans, level=levels[k],
                      links=tuple(n for line in candidate.lines for n in line.notes))
        if candidate.joins_previous and role == "paragraph" and pieces and pieces[-1][1].role == "paragraph":
            pieces[-1] = (pieces[-1][0], merged(pieces[-1][1], piece))
            continue
        attributed = k + 1 < len(roles) and roles[k + 1] == "attribution"
        cut = _trailing_attribution(piece.text) if role == "quote" and not attributed else None
        pieces.extend((candidate.at, p) for p in (_split(piece, cut) if cut else (piece,)))
    return pieces


def _trailing_attribution(text: str) -> int | None:
    """Where an attribution printed at a quote's end begins: the words after its closing mark ('” QB31',
    '” (Hospital C, Consultant 2)'), or a bracket closing a quote printed without marks ('... (York juror)');
    None when none is printed."""
    closing = re.search(r"[”\"’]\s*(\S[^”\"]*)$", text)
    if closing and len(closing.group(1).split()) <= ATTRIBUTION_WORDS and not ends_sentence(closing.group(1)):
        return closing.start(1)
    found = TRAILING_PARENTHESIS.search(text)
    if found and re.search(r"[A-Za-z]{3}", found.group(1)) and len(found.group(1).split()) <= ATTRIBUTION_WORDS:
        return found.start()
    return None


def _split(piece: Piece, at: int) -> tuple[Piece, Piece]:
    """The piece as a quote up to `at` and an attribution from there."""
    head, tail = _cut(piece.text, piece.lines, piece.spans, at)
    return (replace(piece, text=head[0], lines=head[1], spans=head[2]),
            Piece("attribution", tail[0], tail[1][0].page, tail[1], tail[2]))


def _cut(text: str, lines: tuple[Line, ...], spans: tuple[tuple[int, int], ...], at: int):
    """(text, lines, spans) before offset `at` and from the next word on; a line holding both belongs to both."""
    head = text[:at].rstrip()
    start = at + len(text[at:]) - len(text[at:].lstrip())
    before = [(line, (s, min(e, len(head)))) for line, (s, e) in zip(lines, spans) if s < len(head)]
    after = [(line, (max(s, start) - start, e - start)) for line, (s, e) in zip(lines, spans) if e > start]
    return ((head, tuple(l for l, _ in before), tuple(s for _, s in before)),
            (text[start:], tuple(l for l, _ in after), tuple(s for _, s in after)))


def _unmarked(piece: Piece) -> Piece:
    """A list item or quote without the bullet it was printed with (rendering gives every item one '• ')."""
    bullet = BULLET_GLYPH.match(piece.text) if piece.role in ("list_item", "quote") else None
    if not bullet:
        return piece
    cut = bullet.end()
    return replace(piece, text=piece.text[cut:], label="•",
                   spans=tuple((max(0, s - cut), max(0, e - cut)) for s, e in piece.spans))


def _joined_over_breaks(pieces: list[Piece], plain: bool) -> list[Piece]:
    """A paragraph or item left unfinished at a page's end (or, in plain text, before a table or a page
    break the text does not mark) continues in the next paragraph. Asides printed between stay after it."""
    out: list[Piece] = []
    for piece in pieces:
        previous = next((k for k in range(len(out) - 1, -1, -1) if not _aside(out[k])), None)
        if previous is not None and _continues_over_break(out[previous], piece, plain):
            out[previous] = merged(out[previous], piece)
            continue
        out.append(piece)
    return out


def _aside(piece: Piece) -> bool:
    return piece.role in ASIDES or (piece.role == "paragraph" and bool(CAPTION.match(piece.text)))


def _continues_over_break(before: Piece, piece: Piece, plain: bool) -> bool:
    if _aside(piece) or ends_sentence(before.text) or before.text.endswith(":"):
        return False
    if plain:
        return before.role in ("paragraph", "list_item") and piece.role == "paragraph" and piece.text[:1].islower()
    last_page = before.lines[-1].page if before.lines else before.page
    same_kind = piece.role == "paragraph" or (before.role == "quote" and piece.role == "quote")
    tail = before.text.rstrip()[-1:]
    return (before.role in ("paragraph", "list_item", "quote") and same_kind and piece.page != last_page
            and (piece.text[:1].islower() or tail.isalnum() or tail in ",;"))
