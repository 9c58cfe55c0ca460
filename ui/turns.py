"""Asking in turns from the command line: `citebrief ask --jsonl` conversation lines and `citebrief chat`.
Thin: reading lines and printing answers; the conversation itself is the assistant's."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from assistant.conversation import Conversation
from assistant.render import answer_to_dict, answer_to_text
from ingest.errors import StoreError


@dataclass(frozen=True)
class QuestionLine:
    """One `ask --jsonl` line: the question, the conversation it joins and the report it asks ("" for none)."""

    question: str
    conversation: str = ""
    source: str = ""


class LineError(ValueError):
    """A line that is no question as written (a JSON object without a "question" string, an unknown source)."""


def ask_lines(assistant, k: int, source: str, mode: str) -> int:
    """One JSON answer per stdin line: a plain line is a question of its own; a JSON object line
    {"question": ..., "conversation": "ID", "source": "ID"} joins the conversation of that ID, in order,
    and asks that one report. A line that fails gets its own error object; the others are still answered."""
    conversations: dict[str, Conversation] = {}
    status = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            answer = _answer_line(assistant, question_line(line.rstrip("\n")), k, source, mode, conversations)
        except Exception as exc:  # said on its line and on stderr; the other lines are still answered
            message = str(exc) if isinstance(exc, (LineError, StoreError)) else (
                f"this question could not be answered ({exc.__class__.__name__}: {exc}); please report it")
            print(f"citebrief: line {number}: {message}", file=sys.stderr)
            answer, status = {"error": message, "line": number}, 1
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    return status


def _answer_line(assistant, asked: QuestionLine, k: int, source: str, mode: str,
                 conversations: dict[str, Conversation]) -> dict:
    source = asked.source or source
    known = [p.source.id for p in assistant.library.parsed]
    if source and source not in known:
        raise LineError(f"no source '{source}' in the store; sources: {', '.join(known)}")
    conversation = (conversations.setdefault(asked.conversation, Conversation(asked.conversation))
                    if asked.conversation else None)
    answer = answer_to_dict(assistant.ask(asked.question, k=k, source=source, mode=mode, conversation=conversation))
    if asked.conversation:
        answer["conversation"] = asked.conversation
    return answer


def question_line(line: str) -> QuestionLine:
    """The question a line asks: a JSON object with a "question" string (and optionally a "conversation"
    id and a "source" id), or else the line itself. Raises LineError for a JSON object without a
    "question" string (it is meant as a question line, and its text is none) or with a "source" that is no id."""
    if line.lstrip().startswith("{"):
        try:
            data = json.loads(line)
        except ValueError:
            return QuestionLine(line)
        if isinstance(data, dict):
            if not isinstance(data.get("question"), str):
                raise LineError('a JSON line needs a "question" string, e.g. {"question": "...", "conversation": "a"}')
            if not isinstance(data.get("source", ""), str):
                raise LineError('"source" is a source id as \'citebrief ingest\' names it, e.g. "source": "report-2024"')
            conversation = data.get("conversation")
            return QuestionLine(data["question"], "" if conversation is None else str(conversation),
                                data.get("source", ""))
    return QuestionLine(line)


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
