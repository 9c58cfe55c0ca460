"""The user's own bibliographic data for a report (title, publisher, date, author), kept with the store.

What the document says (and NAME.meta.json beside it) is what ingest reads; a correction made on the page is
stored here, in EDITS_FILE under the store's home, and wins over both, at once and at every later ingest of the
report. Applying one rewrites the stored source only: a passage's id does not depend on its report's title, so
nothing is embedded again. Not handled: a correction follows the report's id, so a report removed and added
again under another file name starts from what its document says.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from .errors import StoreError
from .settings import Settings
from .store import Store, write_json_atomic
from .types import ParsedSource, Source

EDITS_FILE = "bibliography.json"
MANIFEST_KEY = "bibliography"  # the manifest's record of the corrections (a digest), so that one changes it
YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
LIMIT = 300  # characters per field: a title longer than this is a paragraph pasted by mistake


@dataclass(frozen=True)
class Bibliography:
    """How a report is cited. `date` is as the user writes it ("March 2021", "2021"); its year is cited."""

    title: str
    publisher: str = ""
    date: str = ""
    author: str = ""

    @property
    def year(self) -> int | None:
        found = YEAR.search(self.date)
        return int(found.group()) if found else None

    def cleaned(self) -> "Bibliography":
        """Each field on one line, trimmed; ValueError naming the field when the title is blank or a field too long."""
        values = {f.name: " ".join(str(getattr(self, f.name)).split()) for f in fields(self)}
        if not values["title"]:
            raise ValueError("a report needs a title")
        for name, value in values.items():
            if len(value) > LIMIT:
                raise ValueError(f"the {name} is longer than {LIMIT} characters")
        return Bibliography(**values)


def described(source: Source, edits: dict[str, Bibliography]) -> Bibliography:
    """The report's bibliographic data as cited now: the user's correction, else what ingest read."""
    return edits.get(source.id) or Bibliography(source.title, source.publisher, source.date or str(source.year or ""),
                                                source.author)


def with_imprint(parsed: ParsedSource, metadata: dict) -> ParsedSource:
    """The source with the author and date its file's metadata gives (the readers', NAME.meta.json's)."""
    author, date = (" ".join(str(metadata.get(key) or "").split()) for key in ("author", "date"))
    return replace(parsed, source=replace(parsed.source, author=author, date=date)) if author or date else parsed


def edits(home: Path) -> dict[str, Bibliography]:
    """The corrections stored under this home, by source id ({} when there are none)."""
    path = Path(home) / EDITS_FILE
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {source: Bibliography(**values) for source, values in stored.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise StoreError(f"the store at {home} is damaged ({EDITS_FILE}: {exc.__class__.__name__}); "
                         f"delete {path} to cite every report as its document says") from exc


def applied(parsed: ParsedSource, bibliography: Bibliography) -> ParsedSource:
    """The source cited as `bibliography` says: its title, publisher and year, and every passage's title."""
    source = replace(parsed.source, title=bibliography.title, publisher=bibliography.publisher,
                     year=bibliography.year, date=bibliography.date, author=bibliography.author)
    chunks = tuple(replace(c, title=bibliography.title) for c in parsed.chunks)
    return replace(parsed, source=source, chunks=chunks)


def correct(settings: Settings, source_id: str, bibliography: Bibliography) -> None:
    """Store the user's bibliographic data for a report and apply it. The manifest records a digest of every
    correction, so it changes with one: every open library sees a new store version and reloads."""
    bibliography = bibliography.cleaned()
    store = Store(settings)
    with store.writer_lock():
        manifest = store.manifest()
        if source_id not in manifest["sources"]:
            raise StoreError(f"no report '{source_id}' in the store at {settings.home}")
        stored = {**edits(settings.home), source_id: bibliography}
        _write(settings.home, stored)
        store.save_source(applied(store.load_source(source_id), bibliography))
        store.write_manifest({**manifest, MANIFEST_KEY: _digest(stored)})


def forget(home: Path, source_ids: list[str]) -> None:
    """Drop the corrections of reports that left the store (call under the writer's lock)."""
    kept = {s: b for s, b in edits(home).items() if s not in source_ids}
    if len(kept) != len(edits(home)):
        _write(home, kept)


def _digest(stored: dict[str, Bibliography]) -> str:
    return hashlib.sha256(json.dumps({s: asdict(b) for s, b in stored.items()}, sort_keys=True).encode()).hexdigest()


def _write(home: Path, stored: dict[str, Bibliography]) -> None:
    write_json_atomic(Path(home) / EDITS_FILE, {source: asdict(b) for source, b in stored.items()})
