"""Put a page's line pieces in reading order: down the page, and column by column where it has columns.

A gutter is a vertical strip of the page that few pieces cross. Between pieces that do cross it
(a heading or paragraph spanning the page), the pieces left of the gutter are read before those to
its right. A page whose pieces mostly cross every strip is one column, read top to bottom.
Not handled: three or more columns (read as two, the left one possibly holding two).
"""
from __future__ import annotations

from dataclasses import dataclass

GUTTER_MIN_WIDTH = 8.0  # points: narrower white strips are word gaps, not gutters
GUTTER_MAX_CROSSING = 0.2  # a strip crossed by more than this share of pieces is not a gutter
MIN_COLUMN_PIECES = 3


@dataclass(frozen=True)
class Segment:
    """A run of words on one baseline with no wide gap inside: a line of one column or one cell."""

    words: list
    x0: float
    top: float
    x1: float
    bottom: float


def reading_order(segments: list[Segment], page_width: float) -> list[Segment]:
    by_top = sorted(segments, key=lambda s: (round(s.top), s.x0))
    gutter = _gutter(by_top, page_width)
    if gutter is None:
        return by_top
    ordered: list[Segment] = []
    region: list[Segment] = []
    for segment in by_top:
        if segment.x0 < gutter < segment.x1:
            ordered.extend(_columns(region, gutter))
            region = []
            ordered.append(segment)
        else:
            region.append(segment)
    return ordered + _columns(region, gutter)


def _columns(region: list[Segment], gutter: float) -> list[Segment]:
    return [s for s in region if s.x1 <= gutter] + [s for s in region if s.x0 >= gutter]


def _gutter(segments: list[Segment], page_width: float) -> float | None:
    """The middle of the widest rarely-crossed strip in the page's middle half, or None."""
    if len(segments) < 2 * MIN_COLUMN_PIECES:
        return None
    best: tuple[float, float] | None = None  # (width, middle)
    start = None
    x = page_width * 0.25
    while x <= page_width * 0.75:
        crossing = sum(1 for s in segments if s.x0 < x < s.x1)
        if crossing <= GUTTER_MAX_CROSSING * len(segments):
            start = x if start is None else start
        elif start is not None:
            best = max(best or (0, 0), (x - start, (start + x) / 2))
            start = None
        x += 2.0
    if start is not None:
        best = max(best or (0, 0), (x - start, (start + x) / 2))
    if best is None or best[0] < GUTTER_MIN_WIDTH:
        return None
    middle = _least_crossed(segments, best[1] - best[0] / 2, best[1] + best[0] / 2)
    left = sum(1 for s in segments if s.x1 <= middle)
    right = sum(1 for s in segments if s.x0 >= middle)
    return middle if left >= MIN_COLUMN_PIECES and right >= MIN_COLUMN_PIECES else None


def _least_crossed(segments: list[Segment], start: float, end: float) -> float:
    """The middle of the strip's widest run crossed by the fewest pieces. The strip tolerates a few crossing
    pieces, so its own middle may fall inside lines beside the gutter (a heading set in a circle left of a
    column: each of its lines crossing the middle was read as spanning the page, between the column's lines)."""
    xs = [start + 2.0 * k for k in range(int((end - start) / 2.0) + 1)]
    counts = [sum(1 for s in segments if s.x0 < x < s.x1) for x in xs]
    fewest = min(counts)
    best, run_start = (0.0, (start + end) / 2), None
    for x, count in zip(xs + [end + 2.0], counts + [fewest + 1]):
        if count == fewest:
            run_start = x if run_start is None else run_start
        elif run_start is not None:
            best = max(best, (x - run_start, (run_start + x - 2.0) / 2))
            run_start = None
    return best[1]
