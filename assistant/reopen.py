"""Keeping a long-running reader on the store as it is now: a question waits for no reload but its own.

The page, `citebrief chat` and a script's `Assistant` may live across a `citebrief ingest` run by another
process. Before each question the assistant compares the store's version with its library's (one stat
call); when they differ, one thread opens the library again while the others go on answering from the
one they have, and the new one takes over once no question is in flight.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager


class Reopening:
    """Questions in flight on one library, and the swap to a newer one that waits for them."""

    def __init__(self):
        self.loading = threading.Lock()  # held by the one thread opening the newer library
        self._state = threading.Condition()
        self._asking = 0
        self._swapping = False

    @contextmanager
    def asking(self):
        """A question: waits only while a swap is under way."""
        with self._state:
            self._state.wait_for(lambda: not self._swapping)
            self._asking += 1
        try:
            yield
        finally:
            with self._state:
                self._asking -= 1
                self._state.notify_all()

    @contextmanager
    def swapping(self):
        """The swap: new questions wait, and it starts once the questions in flight have finished."""
        with self._state:
            self._state.wait_for(lambda: not self._swapping)
            self._swapping = True
            self._state.wait_for(lambda: self._asking == 0)
        try:
            yield
        finally:
            with self._state:
                self._swapping = False
                self._state.notify_all()
