"""Errors of the ingestion layer; the CLI and UI turn them into one-line messages."""


class IngestError(Exception):
    """A source could not be ingested; the message names the file and the reason."""


class StoreError(Exception):
    """The store cannot be used as it is."""


class StoreMismatchError(StoreError):
    """The store was built with other settings (embedding model, chunking)."""


class StoreLockedError(StoreError):
    """Another ingest holds the store."""
