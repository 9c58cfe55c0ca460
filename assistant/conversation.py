"""A conversation: the turns so far, which a follow-up is read against."""
from __future__ import annotations

import dataclasses
import threading

from .types import Answer, Turn

KEPT_TURNS = 20  # a follow-up reads against the last turn; a few more are kept for whoever shows them


class Conversation:
    """One person's turns, in order. `Assistant.ask(question, conversation=c)` reads the question against
    the last turn and adds its own; a conversation is not meant to be shared between people."""

    def __init__(self, id: str = ""):
        self.id = id
        self._turns: list[Turn] = []
        self._lock = threading.Lock()

    @property
    def last(self) -> Turn | None:
        with self._lock:
            return self._turns[-1] if self._turns else None

    def add(self, answer: Answer) -> None:
        """Keep the answer's turn; an answer with none (an empty question) leaves the conversation as it was."""
        if answer.turn is None:
            return
        turn = turn_of(answer)
        with self._lock:
            self._turns = (self._turns + [turn])[-KEPT_TURNS:]

    def __len__(self) -> int:
        return len(self._turns)


def turn_of(answer: Answer) -> Turn:
    """The answer's turn with what it showed: its text and its quotes, which a follow-up's 'she' or 'that' may mean."""
    return dataclasses.replace(answer.turn, answer=answer.answer, quotes=tuple((q.text, q.speaker) for q in answer.quotes))
