"""Sideways pages: a landscape table or chart printed turned a quarter on a portrait page.

pdfplumber gives such characters with upright=False, and reading them as they lie would give one
letter per line. A page whose characters mostly run up (or down, or upside down) the page is read
in their own orientation: each character's box is turned with the page, so that the text runs left
to right and the lines stack downwards, and the page is read like any other. A few turned
characters on an upright page (a chart's axis label) are left out, as before.
Not handled: text at angles other than quarter turns; an upright page number on a sideways page
(left out, like the axis labels: the page's label then comes from its neighbours).
"""
from __future__ import annotations

import math
from collections import Counter

TURN_TOLERANCE_DEGREES = 2.0  # a baseline within this of a quarter turn is that turn (rounding in the matrix)


def turn_of(char: dict) -> int | None:
    """How far the character's baseline is turned anticlockwise: 0, 90, 180 or 270 degrees; None between."""
    a, b = char["matrix"][0], char["matrix"][1]
    angle = math.degrees(math.atan2(b, a)) % 360
    quarter = round(angle / 90) % 4 * 90
    return quarter if abs((angle - quarter + 180) % 360 - 180) <= TURN_TOLERANCE_DEGREES else None


def page_turn(chars: list[dict]) -> int:
    """The turn most of the page's printed characters share; 0 for an upright page."""
    turns = Counter(turn_of(c) for c in chars if c["text"].strip())
    turns.pop(None, None)
    return turns.most_common(1)[0][0] if turns else 0


def turned_upright(chars: list[dict], turn: int, width: float, height: float) -> list[dict]:
    """The characters printed at `turn`, their boxes turned so that they read upright on a page of
    (height x width) for a quarter turn."""
    return [_turned(c, turn, width, height) for c in chars if turn_of(c) == turn]


def _turned(char: dict, turn: int, width: float, height: float) -> dict:
    x0, x1, top, bottom = char["x0"], char["x1"], char["top"], char["bottom"]
    if turn == 90:  # runs up the page; its lines stack to the right
        box = (height - bottom, height - top, x0, x1)
    elif turn == 270:  # runs down the page; its lines stack to the left
        box = (top, bottom, width - x1, width - x0)
    else:  # upside down
        box = (width - x1, width - x0, height - bottom, height - top)
    # pdfminer measures a character's size along the page's vertical, which for turned text is its advance
    return {**char, "x0": box[0], "x1": box[1], "top": box[2], "bottom": box[3], "doctop": box[2],
            "upright": True, "size": box[3] - box[2]}
