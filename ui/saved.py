"""Saved briefings and conversations: one SQLite file (standard library) under the store's home.

Each save is one SQLite transaction, so a crash or a killed server leaves the last committed version
of every record, never a half-written one. A record's body is JSON; reading it back rebuilds the frozen
dataclasses it was made from (fields a newer version dropped are ignored, new fields take their defaults).
`citebrief ingest --rebuild` does not touch this file.
"""
from __future__ import annotations

import dataclasses
import json
import secrets
import sqlite3
import types
import typing
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.types import Answer

from .briefing import BriefingItem

FILE_NAME = "workspace.sqlite3"
SCHEMA = """CREATE TABLE IF NOT EXISTS saved (
    kind TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (kind, id))"""


class SavedError(Exception):
    """The saved briefings cannot be read or written; the message says which file and why."""


@dataclass(frozen=True)
class SavedBriefing:
    """A briefing as the user left it: its items in their order. Dates are ISO 8601 local times."""

    id: str
    title: str
    created: str
    updated: str
    author: str = ""
    items: tuple[BriefingItem, ...] = ()
    summary: str = ""  # the user's summary, printed under the title


@dataclass(frozen=True)
class SavedConversation:
    """A conversation on the chat page: its answers in the order they were asked; titled by the first question."""

    id: str
    title: str
    created: str
    updated: str
    answers: tuple[Answer, ...] = ()


Saved = SavedBriefing | SavedConversation
KINDS: dict[type, str] = {SavedBriefing: "briefing", SavedConversation: "conversation"}
HEAD = ("id", "title", "created", "updated")


def new_id() -> str:
    """12 URL-safe characters: short enough for a bookmark, too many to guess."""
    return secrets.token_hex(6)


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Workspace:
    """The saved records under one store home: save, load, list newest first, delete."""

    def __init__(self, home: Path):
        self.path = Path(home) / FILE_NAME

    def save(self, record: Saved) -> None:
        """Insert or replace the record (same kind and id) in one transaction."""
        body = {k: v for k, v in dataclasses.asdict(_as_saved(record)).items() if k not in HEAD}
        row = (KINDS[type(record)], record.id, record.title, record.created, record.updated,
               json.dumps(body, ensure_ascii=False))
        self._run("INSERT OR REPLACE INTO saved VALUES (?, ?, ?, ?, ?, ?)", row)

    def load(self, kind: type, record_id: str) -> Saved | None:
        """The record, or None when no record of this kind has the id."""
        rows = self._run("SELECT id, title, created, updated, body FROM saved WHERE kind = ? AND id = ?",
                         (KINDS[kind], record_id))
        return _record(kind, rows[0]) if rows else None

    def listing(self, kind: type) -> list[Saved]:
        """Every record of this kind, the most recently changed first."""
        rows = self._run("SELECT id, title, created, updated, body FROM saved WHERE kind = ? "
                         "ORDER BY updated DESC, created DESC, id", (KINDS[kind],))
        return [_record(kind, row) for row in rows]

    def delete(self, kind: type, record_id: str) -> None:
        self._run("DELETE FROM saved WHERE kind = ? AND id = ?", (KINDS[kind], record_id))

    def _run(self, sql: str, parameters: tuple) -> list[tuple]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10)) as connection:
                with connection:  # one transaction: committed whole or rolled back
                    connection.execute(SCHEMA)
                    return connection.execute(sql, parameters).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise SavedError(f"the saved briefings at {self.path} cannot be used ({exc})") from exc


def _as_saved(record: Saved) -> Saved:
    """The record as written: a conversation's answers without the turn a follow-up reads against (the
    question as parsed, not data), so a reopened conversation's next question is read on its own."""
    if isinstance(record, SavedConversation):
        return dataclasses.replace(record, answers=tuple(dataclasses.replace(a, turn=None) for a in record.answers))
    return record


def _record(kind: type, row: tuple) -> Saved:
    record_id, title, created, updated, body = row
    try:
        return rebuild(kind, {**json.loads(body), "id": record_id, "title": title, "created": created,
                              "updated": updated})
    except (ValueError, TypeError, KeyError) as exc:
        raise SavedError(f"the saved {KINDS[kind]} “{title}” cannot be read ({exc})") from exc


def rebuild(shape, data):
    """`data` (JSON: dicts, lists, scalars) turned back into `shape`: a dataclass, tuple, optional or scalar."""
    if dataclasses.is_dataclass(shape):
        hints = typing.get_type_hints(shape)
        names = {f.name for f in dataclasses.fields(shape)}
        return shape(**{k: rebuild(hints[k], v) for k, v in data.items() if k in names})
    origin, arguments = typing.get_origin(shape), typing.get_args(shape)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(rebuild(arguments[0], v) for v in data)
        return tuple(rebuild(a, v) for a, v in zip(arguments, data))
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in arguments if a is not type(None)]
        return None if data is None else rebuild(inner[0], data)
    return data
