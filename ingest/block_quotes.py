"""Printed block quotes in a laid-out document, and the attribution printed with them.

A paragraph is a block quote when it is set apart from the body the way reports set participants'
words apart:
- it opens with a quotation mark and its last line closes one, in a style or indent of its own, or
  with an attribution line after it; or
- it is printed in a non-bold style of its own (another colour or slant, same size or larger) as
  prose (sentences, not a list item), and is indented from the body's edge, or follows a paragraph
  that introduces speech (ending with ":") or a block quote in its style, or has an attribution; or
- it is prose in the body's own style, indented from the body's edge, after a paragraph whose last
  sentence reports speech and ends with ":" ("One nurse said:").
The attribution is the next line when it is one short line in the quote's style, not starting a
sentence of prose ("Liverpool, male, Workshop 1", "— Sex worker, in-depth interview").
"""
from __future__ import annotations

from .headings import SIZE_STEP, Style, style_of
from .layout import Line
from .textutil import BULLET_GLYPH as BULLET, ends_sentence

OPENING = "“‘\"'"
CLOSING = "”’\"'"
INDENT_EMS = 1.5  # indented this many font sizes or more from the body's left edge
MIN_QUOTE_WORDS = 5  # an unmarked block needs this many words; a marked one may be short ("All of them")
EDGE_POINTS = 3.0  # a marked quote set in from the body's edge by more than this is set apart
MAX_ATTRIBUTION_WORDS = 12
DASHES = "—–-"


def is_block_quote(group: list[Line], body: Style, edge: float, introduced: bool, following: list[Line] | None,
                   speech: bool = False) -> bool:
    """`edge`: the body text's left edge on the group's page; `introduced`: the paragraph before it
    ends with ":", or is a block quote in the same style; `speech`: it ends with ":" after reporting speech."""
    style = style_of(group[0])
    marked = group[0].text.lstrip()[:1] in OPENING and group[-1].text.rstrip()[-1:] in CLOSING
    if (style.bold and not marked) or style.size < body.size - SIZE_STEP:
        return False
    indent = group[0].x0 - edge
    attributed = following is not None and bool(attribution(group, following))
    if marked:
        return style != body or indent > EDGE_POINTS or attributed
    words = sum(len(line.text.split()) for line in group)
    runs_on = following is not None and following[0].page != group[-1].page  # continued on the next page
    prose = words >= MIN_QUOTE_WORDS and (ends_sentence(group[-1].text) or runs_on) and not BULLET.match(group[0].text)
    if prose and style == body:
        return speech and indent >= INDENT_EMS * body.size
    return (prose and (style.italic or style.color != body.color)
            and (indent >= INDENT_EMS * body.size or introduced or attributed))


def attribution(quote: list[Line], following: list[Line]) -> str:
    """The attribution printed after a quote (one or two short lines at the quote's size, on its page,
    dashed, set right of its edge or centred under it), as printed with a leading dash dropped; or ""."""
    first = following[0]
    text = " ".join(" ".join(line.text.split()) for line in following)
    if (len(following) > 2 or first.page != quote[-1].page or abs(first.size - quote[-1].size) > SIZE_STEP
            or not text or len(text.split()) > MAX_ATTRIBUTION_WORDS or text[-1:] in ".!?" or text[:1] in OPENING):
        return ""
    centre = (quote[0].x0 + max(line.x1 for line in quote)) / 2
    set_apart = (first.x0 > quote[0].x0 + 2 * quote[0].size or text[:1] in DASHES
                 or abs((first.x0 + first.x1) / 2 - centre) <= quote[0].size)
    return text.lstrip(DASHES + " ") if set_apart else ""

