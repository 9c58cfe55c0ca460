"""Shared fixtures: the real report ingested once with the real model into a temporary store."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ingest.pipeline import ingest  # noqa: E402
from ingest.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REPORT = CORPUS / "kings-fund-2010-leadership-needs.txt"


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings.from_env(home=tmp_path_factory.mktemp("store"), chroma_url="")


@pytest.fixture(scope="session")
def ingested(settings, corpus_copy):
    return ingest([corpus_copy], settings)


@pytest.fixture(scope="session")
def library(settings, ingested):
    from assistant.library import Library

    return Library.open(settings)


@pytest.fixture(scope="session")
def assistant(library):
    from assistant.answer import Assistant

    return Assistant(library)


@pytest.fixture(scope="session")
def parsed(library):
    return library.parsed[0]
