"""Sideways pages: a landscape table or chart printed turned a quarter on a portrait page.

pdfplumber gives such characters with upright=False, and reading them as they lie would give one
letter per line. A page whose characters mostly run up (or down, or upside down) the page is read
in their own orientation: the page is seen turned (`TurnedPage`, a pdfplumber page whose characters,
rules and boxes are all turned with it), so that the text runs left to right and the lines stack
downwards, and the page is read like any other, its ruled and unruled tables too. A few turned
characters on an upright page (a chart's axis label) are left out, as before; so are the characters
a sideways page prints at another turn.
Not handled: text at angles other than quarter turns; an upright page number on a sideways page
(left out, like the axis labels: the page's label then comes from its neighbours).
"""
from __future__ import annotations

import math
from collections import Counter

from pdfplumber.page import DerivedPage

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


class TurnedPage(DerivedPage):
    """A pdfplumber page seen turned so that text printed at `turn` reads upright: a quarter turn gives a
    page of (height x width). Its characters at other turns are left out; rules, boxes and images turn
    with it."""

    def __init__(self, parent, turn: int):
        self.turn, self.upright_size = turn, (float(parent.width), float(parent.height))
        width, height = self.upright_size
        self.bbox = (0, 0, height, width) if turn in (90, 270) else (0, 0, width, height)
        super().__init__(parent)

    @property
    def objects(self) -> dict[str, list[dict]]:
        if not hasattr(self, "_objects"):
            kept = {kind: [o for o in found if kind != "char" or turn_of(o) == self.turn]
                    for kind, found in self.parent_page.objects.items()}
            self._objects = {kind: [_turned(o, self.turn, *self.upright_size) for o in found]
                             for kind, found in kept.items()}
        return self._objects


def _turned(obj: dict, turn: int, width: float, height: float) -> dict:
    """The object as it stands on the page turned by `turn` (its box, points and, for a character, size)."""
    x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
    if turn == 90:  # runs up the page; its lines stack to the right
        box, point = (height - bottom, height - top, x0, x1), lambda x, y: (height - y, x)
    elif turn == 270:  # runs down the page; its lines stack to the left
        box, point = (top, bottom, width - x1, width - x0), lambda x, y: (y, width - x)
    else:  # upside down
        box, point = (width - x1, width - x0, height - bottom, height - top), lambda x, y: (width - x, height - y)
    new_height = width if turn in (90, 270) else height
    turned = {**obj, "x0": box[0], "x1": box[1], "top": box[2], "bottom": box[3], "doctop": box[2],
              "y0": new_height - box[3], "y1": new_height - box[2], "width": box[1] - box[0], "height": box[3] - box[2]}
    if "pts" in obj:
        turned["pts"] = [point(x, y) for x, y in obj["pts"]]
    if obj.get("object_type") == "char":
        # pdfminer measures a character's size along the page's vertical, which for turned text is its advance
        turned.update(upright=True, size=box[3] - box[2])
    return turned
