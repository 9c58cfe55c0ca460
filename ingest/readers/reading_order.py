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
    """In the widest rarely-crossed strip of the page's middle half, the middle of its widest run crossed by the
    fewest pieces; or None. The strip tolerates a few crossing pieces, so its own middle may fall inside lines
    beside the gutter (a heading set in a circle left of a column: each of its lines crossing the middle was read
    as spanning the page, between the column's lines)."""
    if len(segments) < 2 * MIN_COLUMN_PIECES:
        return None
    xs = [page_width * 0.25 + 2.0 * k for k in range(int(page_width * 0.25) + 2)]  # the middle half, one step past
    crossing = [sum(1 for s in segments if s.x0 < x < s.x1) for x in xs]
    rare = [c <= GUTTER_MAX_CROSSING * len(segments) for c in crossing[:-1]] + [False]
    first, end = _widest_run(xs, rare)
    if first == end or xs[end] - xs[first] < GUTTER_MIN_WIDTH:
        return None
    fewest = min(crossing[first:end])
    least, past = _widest_run(xs, [first <= k < end and c == fewest for k, c in enumerate(crossing)])
    middle = (xs[least] + xs[past - 1]) / 2
    left = sum(1 for s in segments if s.x1 <= middle)
    right = sum(1 for s in segments if s.x0 >= middle)
    return middle if left >= MIN_COLUMN_PIECES and right >= MIN_COLUMN_PIECES else None


def _widest_run(xs: list[float], flags: list[bool]) -> tuple[int, int]:
    """(first, end) indices of the widest run of true flags, the later of two as wide; (0, 0) when none. The
    last flag is false, so every run ends before the last x."""
    best, first = (0.0, 0, 0), None
    for k, flag in enumerate(flags):
        if flag and first is None:
            first = k
        elif not flag and first is not None:
            best, first = max(best, (xs[k] - xs[first], first, k)), None
    return best[1], best[2]
