"""Errors of the ingestion layer; the CLI and UI turn them into one-line messages."""
import re

LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\u2028\u2029]+\s*")


class IngestError(Exception):
    """A source could not be ingested; the message names the file and the reason, on one line."""

    def __init__(self, message: str):
        # Library messages (pypdf's) and odd file names may hold line breaks; a report line must not.
        super().__init__(LINE_BREAKS.sub(" ", str(message)))


class StoreError(Exception):
    """The store cannot be used as it is."""


class StoreMismatchError(StoreError):
    """The store was built with other settings (embedding model, chunking)."""


class StoreLockedError(StoreError):
    """Another ingest holds the store."""
