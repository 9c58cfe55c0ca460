"""Conversation sets: items sharing a "conversation" id are asked in file order as one conversation,
and scored turn by turn; `follow_up_accuracy` is the accuracy over the turns after each first one."""
from __future__ import annotations

from assistant.answer import Assistant
from assistant.conversation import Conversation

from .sets import Item


class Turns:
    """Asks each item in the conversation it belongs to (items with none are asked on their own)."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        self.conversations: dict[str, Conversation] = {}

    def ask(self, item: Item):
        if not item.conversation:
            return self.assistant.ask(item.question)
        conversation = self.conversations.setdefault(item.conversation, Conversation(item.conversation))
        return self.assistant.ask(item.question, conversation=conversation)

    def is_follow_up(self, item: Item) -> bool:
        """The item is a later turn: its conversation had turns before it was asked."""
        conversation = self.conversations.get(item.conversation)
        return conversation is not None and len(conversation) > 1


def follow_up_metrics(follow_ups: list[bool], correct: list[bool]) -> dict:
    """{'follow_ups': n, 'follow_up_accuracy': share right} over the later turns; {} for a set without any."""
    later = [c for f, c in zip(follow_ups, correct) if f]
    return {"follow_ups": len(later), "follow_up_accuracy": round(sum(later) / len(later), 4)} if later else {}
