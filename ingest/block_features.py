"""Named features of candidate blocks, from which the block model (ingest.block_model) decides their roles.

A candidate is a group of printed lines that may be one block (ingest.blocks groups them). Its features
are computable on any report in any format: where a format has no geometry (plain text, Word, HTML),
size ratios are 1, positions neutral, and a blank line stands for a paragraph's gap. The old hand rules
(a style shaped like headings, a block set apart like a quote, a line shaped like an attribution, a
numbered series) are features here, weighed by the model with everything else, never decisions.
A candidate's neighbours' main features are its features too (prefixed prev_ and next_; the first and the
last candidate count as their own neighbours, so that no made-up value stands out).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .block_quotes import CLOSING, OPENING, attribution, is_block_quote
from .contents import DOT_LEADER
from .headings import CAPTION, SIZE_STEP, Style, body_style, heading_styles, numbering_depth, plain_heading, style_of
from .layout import Layout, Line
from .layout_blocks import body_edges, numbered_series, side_by_side
from .speakers import introduces_speech
from .textutil import BULLET_GLYPH, CONTRACTION, FIRST_PERSON, ITEM_MARK, ends_sentence

Position = tuple[int, int]  # (page index, line index) in the layout
QUOTED = re.compile(r"“[^”]*”|(?<!\w)‘.*?’(?!\w)|\"[^\"]*\"")
TRAILING_PARENTHESIS = re.compile(r"\(([^()]{2,80})\)\s*[.]?$")
RUN_CAP = 10
MAX_GAP_EMS = 5.0  # gaps are measured in body font sizes, up to this (a page break counts as this)
OWN = ("size_ratio", "bold", "italic", "indent", "words", "marks_both", "ends_sentence", "body_style", "bullet")
# The printed features as a layout without geometry gives them (no fonts, no places, a blank line around).
# prev_same_style keeps its printed value: set to 1 as plain text gives it, the King's Fund text left out found
# headings at F1 0.91 instead of 0.67 but 10 of its 26 quotes instead of 13 (measured at 73e247c).
PLAIN_TEXT = {"geometry": 0.0, "size_ratio": 1.0, "larger": 0.0, "smaller": 0.0, "bold": 0.0, "italic": 0.0,
              "colour": 0.0, "body_style": 1.0, "heading_style": 0.0, "style_share": 1.0, "style_pages": 1.0,
              "side_by_side": 0.0, "indent": 0.0, "centred": 0.0, "page_top": 0.5, "gap_before": 1.0,
              "gap_after": 1.0, "first_on_page": 0.0, "last_on_page": 0.0, "set_apart_quote": 0.0,
              "attribution_shape": 0.0, "same_style_run": 0.0}


@dataclass(frozen=True)
class Candidate:
    """Printed lines that may be one block, where the first stands, and the role its format names ('' when none)."""

    lines: tuple[Line, ...]
    at: Position
    text: str
    spans: tuple[tuple[int, int], ...]
    named: str = ""  # "heading", "list_item", "quote": Word, HTML and Markdown styles, '#' in plain text
    level: int = 0  # the level the format names
    joins_previous: bool = False  # plain text: cut from the previous candidate with no blank line between


def candidate_features(candidates: list[Candidate], layout: Layout) -> list[dict[str, float]]:
    """One dict of named features per candidate, in order."""
    context = _Context(candidates, layout)
    own = [_own(k, c, context) for k, c in enumerate(candidates)]
    rows = []
    for k, features in enumerate(own):
        row = dict(features)
        for prefix, j in (("prev_", k - 1), ("next_", k + 1)):
            other = own[j] if 0 <= j < len(own) else features  # the first and last blocks stand beside their like
            row.update({prefix + name: other[name] for name in OWN})
        rows.append(row)
    return rows


class _Context:
    """What the features of one candidate are measured against: the document's body style, its styles'
    use, each page's body edge, and the texts that repeat."""

    def __init__(self, candidates: list[Candidate], layout: Layout):
        self.candidates, self.layout = candidates, layout
        lines = [line for c in candidates for line in c.lines]
        self.geometry = layout.has_geometry and bool(lines)
        groups = [list(c.lines) for c in candidates]
        self.body = body_style(lines) if lines else Style(0.0, False, False, "")
        self.heading_styles = heading_styles(groups, self.body) if self.geometry else {}
        series = numbered_series(groups, self.body) if self.geometry else set()
        self.series = {k for k, group in enumerate(groups) if id(group) in series}
        self.side_by_side = side_by_side(lines) if self.geometry else set()
        self.edges = body_edges(lines, self.body) if self.geometry else {}
        chars, pages = Counter(), {}
        for line in lines:
            chars[style_of(line)] += len(line.text)
            pages.setdefault(style_of(line), set()).add(line.page)
        self.style_share = {s: n / max(1, sum(chars.values())) for s, n in chars.items()}
        self.style_pages = {s: len(p) / max(1, len(layout.pages)) for s, p in pages.items()}
        self.repeats = Counter(_key(c.text) for c in candidates)


def as_plain_text(row: dict[str, float]) -> dict[str, float]:
    """A printed candidate's features as plain text would give them. The plain-text model is fitted on such
    copies (they teach it what a heading or a quote is by its words alone), and a PDF printed in one style,
    whose fonts and places say nothing of roles, is read through them."""
    return {name: PLAIN_TEXT.get(name.removeprefix("prev_").removeprefix("next_"), value) for name, value in row.items()}


def prints_one_style(candidates: list[Candidate]) -> bool:
    """Whether every line is set in one font, size, weight and colour: no style sets a heading or a quote apart."""
    return len({style_of(line) for c in candidates for line in c.lines}) == 1


def _own(k: int, candidate: Candidate, context: _Context) -> dict[str, float]:
    return {**_style_features(candidate, context), **_place_features(k, candidate, context),
            **_text_features(k, candidate, context), **_rule_features(k, candidate, context)}


def _style_features(candidate: Candidate, context: _Context) -> dict[str, float]:
    first, body = candidate.lines[0], context.body
    style = style_of(first)
    geometry = context.geometry
    return {
        "geometry": float(geometry),
        "size_ratio": first.size / body.size if geometry and body.size else 1.0,
        "larger": float(geometry and style.size >= body.size + SIZE_STEP),
        "smaller": float(geometry and style.size <= body.size - SIZE_STEP),
        "bold": float(first.bold), "italic": float(first.italic),
        "colour": float(geometry and style.color != body.color),
        "body_style": float(not geometry or style == body),
        "heading_style": float(style in context.heading_styles),
        "style_share": context.style_share.get(style, 1.0) if geometry else 1.0,
        "style_pages": context.style_pages.get(style, 1.0) if geometry else 1.0,
        "side_by_side": float(any(id(line) in context.side_by_side for line in candidate.lines)),
        "named_heading": float(candidate.named == "heading"), "named_list": float(candidate.named == "list_item"),
        "named_quote": float(candidate.named == "quote"),
    }


def _place_features(k: int, candidate: Candidate, context: _Context) -> dict[str, float]:
    first, last = candidate.lines[0], candidate.lines[-1]
    page = context.layout.pages[candidate.at[0]]
    size = context.body.size or 1.0
    if not context.geometry:
        return {"indent": 0.0, "centred": 0.0, "page_top": 0.5, "gap_before": _blank_before(k, context),
                "gap_after": _blank_before(k + 1, context), "first_on_page": 0.0, "last_on_page": 0.0}
    edge = context.edges.get(first.page, first.x0)
    centre = (min(l.x0 for l in candidate.lines) + max(l.x1 for l in candidate.lines)) / 2
    before = context.candidates[k - 1].lines[-1] if k else None
    after = context.candidates[k + 1].lines[0] if k + 1 < len(context.candidates) else None
    return {
        "indent": max(-5.0, min(20.0, (first.x0 - edge) / size)),
        "centred": float(bool(page.width) and abs(centre - page.width / 2) < size and first.x0 - edge > size),
        "page_top": first.top / page.height if page.height else 0.5,
        "gap_before": _gap(before, first, size), "gap_after": _gap(last, after, size),
        "first_on_page": float(before is None or before.page != first.page),
        "last_on_page": float(after is None or after.page != last.page),
    }


def _gap(upper: Line | None, lower: Line | None, size: float) -> float:
    if upper is None or lower is None or upper.page != lower.page:
        return MAX_GAP_EMS
    return max(0.0, min(MAX_GAP_EMS, (lower.top - upper.bottom) / size))


def _blank_before(k: int, context: _Context) -> float:
    """Without geometry: a paragraph's gap (1) unless the candidate was cut from the one before it (0)."""
    if k >= len(context.candidates):
        return 1.0
    return 0.0 if context.candidates[k].joins_previous else 1.0


def _text_features(k: int, candidate: Candidate, context: _Context) -> dict[str, float]:
    text = candidate.text.strip()
    core = TRAILING_PARENTHESIS.sub("", text).rstrip(" .")
    words = text.split()
    inside = _inside_marks(text)
    capitalised = [w for w in words if w[:1].isalpha()]
    return {
        "lines": float(min(len(candidate.lines), 10)), "words": math.log1p(len(words)),
        "words_per_line": len(words) / len(candidate.lines),
        "ends_sentence": float(ends_sentence(text) and not text.endswith(":")), "ends_colon": float(text.endswith(":")),
        "ends_open": float(text[-1:].isalnum()),
        "starts_upper": float(text[:1].isupper()), "starts_lower": float(text[:1].islower()),
        "starts_digit": float(text[:1].isdigit()),
        "numbered": float(numbering_depth(text) > 0), "numbering_depth": float(numbering_depth(text)),
        "bullet": float(bool(BULLET_GLYPH.match(text)) or candidate.lines[0].style == "list"),
        "item_mark": float(bool(ITEM_MARK.match(text))),
        "caption": float(bool(CAPTION.match(text))), "series": float(k in context.series),
        "marks_open": float(text[:1] in OPENING), "marks_close": float(core[-1:] in CLOSING),
        "marks_both": float(text[:1] in OPENING and core[-1:] in CLOSING),
        "inside_marks": inside / max(1, len(text)),
        "quotes_inside": float(bool(re.search(r"\s[‘“\"]\w", text[2:]))),  # prose quoting someone, not a quote block
        "first_person": float(bool(FIRST_PERSON.search(text))), "contractions": float(bool(CONTRACTION.search(text))),
        "trailing_parenthesis": float(bool(TRAILING_PARENTHESIS.search(text)) and len(words) > 8),
        "in_parentheses": float(text[:1] == "(" and text[-1:] == ")"),
        "dash_lead": float(text[:1] in "—–-" and not BULLET_GLYPH.match(text)),
        "dot_leader": float(bool(DOT_LEADER.search(text))),
        "ends_number": float(bool(re.search(r"\d$", text))),
        "repeats": float(min(3, context.repeats[_key(text)] - 1)),
        "all_caps": float(text.upper() == text and any(c.isalpha() for c in text)),
        "title_case": sum(w[0].isupper() for w in capitalised) / max(1, len(capitalised)),
    }


def _rule_features(k: int, candidate: Candidate, context: _Context) -> dict[str, float]:
    """The former hand rules' verdicts, as evidence."""
    group = list(candidate.lines)
    previous = context.candidates[k - 1] if k else None
    following = context.candidates[k + 1] if k + 1 < len(context.candidates) else None
    edge = context.edges.get(group[0].page, group[0].x0)
    introduced = previous is not None and previous.text.rstrip().endswith(":")
    speech = previous is not None and introduces_speech(previous.text)
    set_apart = context.geometry and is_block_quote(group, context.body, edge, introduced,
                                                    list(following.lines) if following else None, speech)
    attributes = previous is not None and context.geometry and bool(attribution(list(previous.lines), group))
    return {
        "same_style_run": float(_style_run(k, context)),
        "prev_colon": float(introduced), "prev_speech": float(speech),
        "prev_same_style": float(previous is not None and style_of(previous.lines[-1]) == style_of(group[0])),
        "set_apart_quote": float(bool(set_apart)), "attribution_shape": float(attributes),
        "plain_heading": float(plain_heading(group, list(following.lines) if following else None)),
    }


def _style_run(k: int, context: _Context) -> int:
    """How many candidates next to this one (either side, up to RUN_CAP) are short and printed in its style:
    a glossary's terms, a list of names; a heading stands alone in its style."""
    style = style_of(context.candidates[k].lines[0])
    count = 0
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(context.candidates) and count < RUN_CAP and len(context.candidates[j].lines) <= 2 \
                and style_of(context.candidates[j].lines[0]) == style:
            count, j = count + 1, j + step
    return count if context.geometry else 0


def _inside_marks(text: str) -> int:
    """How many characters stand inside quotation marks (an apostrophe inside a word closes nothing)."""
    return sum(len(m.group(0)) for m in QUOTED.finditer(text))


def _key(text: str) -> str:
    """A text without its numbers, dot leaders and case: a contents entry and its heading share one key."""
    return " ".join(re.sub(r"[\d.…]+", " ", text.lower()).split())
