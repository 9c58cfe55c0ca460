"""Asking in turns from the command line: `citebrief ask --jsonl` conversation lines and `citebrief chat`.
Thin: reading lines and printing answers; the conversation itself is the assistant's."""
from __future__ import annotations

import json
import sys

from assistant.conversation import Conversation
from assistant.render import answer_to_dict, answer_to_text
from ingest.errors import StoreError


def ask_lines(assistant, k: int, source: str, mode: str) -> int:
    """One JSON answer per stdin line: a plain line is a question of its own; a JSON object line
    {"question": ..., "conversation": "ID"} joins the conversation of that ID, in order."""
    conversations: dict[str, Conversation] = {}
    status = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            question, conversation_id = question_line(line.rstrip("\n"))
        except ValueError as exc:  # said on its line and on stderr; the other lines are still answered
            print(f"citebrief: line {number}: {exc}", file=sys.stderr)
            print(json.dumps({"error": str(exc), "line": number}, ensure_ascii=False), flush=True)
            status = 1
            continue
        conversation = conversations.setdefault(conversation_id, Conversation(conversation_id)) if conversation_id else None
        answer = answer_to_dict(assistant.ask(question, k=k, source=source, mode=mode, conversation=conversation))
        if conversation_id:
            answer["conversation"] = conversation_id
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    return status


def question_line(line: str) -> tuple[str, str]:
    """(question, conversation id) from a line: a JSON object with a "question" string (and optionally a
    "conversation" id), or else the line itself as a question. Raises ValueError for a JSON object
    without a "question" string: it is meant as a question line, and its text is none."""
    if line.lstrip().startswith("{"):
        try:
            data = json.loads(line)
        except ValueError:
            return line, ""
        if isinstance(data, dict):
            if not isinstance(data.get("question"), str):
                raise ValueError('a JSON line needs a "question" string, e.g. {"question": "...", "conversation": "a"}')
            conversation = data.get("conversation")
            return data["question"], "" if conversation is None else str(conversation)
    return line, ""


def chat(assistant, k: int, source: str) -> int:
    """Ask in turns at the terminal; a follow-up is read against the turn before. '/new' starts afresh."""
    conversation = Conversation()
    prompt = "you> " if sys.stdin.isatty() else ""
    if prompt:
        print("Ask about the reports; '/new' starts a new conversation, '/quit' or Ctrl-D ends.", file=sys.stderr)
    while True:
        try:
            line = input(prompt)
        except EOFError:
            return 0
        if line.strip() in ("/quit", "/exit"):
            return 0
        if line.strip() == "/new":
            conversation = Conversation()
            print("(new conversation)\n", flush=True)
        elif line.strip():
            try:
                answer = assistant.ask(line, k=k, source=source, conversation=conversation)
            except StoreError as exc:  # e.g. another process left the store unreadable: the next question tries again
                print(f"citebrief: {exc}", file=sys.stderr, flush=True)
                continue
            print(answer_to_text(answer) + "\n", flush=True)
