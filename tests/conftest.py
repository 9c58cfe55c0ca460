"""Shared fixtures: the real report ingested once with the real model into a temporary store."""
from __future__ import annotations

import json
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
def real_parsed(real_reports) -> dict:
    """Each real report's ParsedSource by its id, as stored."""
    from ingest.store import Store

    store = Store(real_reports)
    return {name: store.load_source(name) for name in REAL_REPORTS}


def gold(report: str, name: str):
    """A real report's gold file: .json parsed, .jsonl as a list of objects."""
    path = shared_reports() / "gold" / report / name
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def parsed(library):
    return library.parsed[0]


SURVEY = """Introduction
This survey of ward managers in the {place} region asked what support they receive. {concern}

Findings
Most ward managers said {finding}. One ward manager said: ‘{quote}’

Medical
director

Clinical
director

Number of
responses

Responses
(percentage)

Coaching {coaching[0]} {coaching[1]} {coaching_total} {coaching_share}

Mentoring {mentoring[0]} {mentoring[1]} {mentoring_total} {mentoring_share}

Answered question {answered}

Table 1 Types of support being received

Coaching and mentoring were the only support on offer.
"""


SURVEYS = {
    "northern": {"title": "Northern ward survey", "place": "northern",
                 "concern": "Budgets were the first concern of every ward manager we spoke to.",
                 "finding": "budget planning took a day each week",
                 "quote": "The budget meetings leave no time for the patients on the ward.",
                 "coaching": (9, 4), "mentoring": (3, 4)},
    "southern": {"title": "Southern ward survey", "place": "southern",
                 "concern": "Night shift rotas were the first concern of every ward manager we spoke to.",
                 "finding": "night shift rotas were rewritten every fortnight",
                 "quote": "Nobody can plan a family life around a rota that changes every fortnight.",
                 "coaching": (2, 11), "mentoring": (5, 6)},
}


def survey_report(folder: Path, name: str) -> Path:
    """One of SURVEYS as a small report (prose, one quote, one grid table) with its NAME.meta.json."""
    survey = SURVEYS[name]
    coaching, mentoring = survey["coaching"], survey["mentoring"]
    answered = sum(coaching) + sum(mentoring)
    text = SURVEY.format(**survey, answered=answered, coaching_total=sum(coaching), mentoring_total=sum(mentoring),
                         coaching_share=f"{100 * sum(coaching) / answered:.1f}",
                         mentoring_share=f"{100 * sum(mentoring) / answered:.1f}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = {"title": survey["title"], "publisher": "Test Trust", "year": 2024}
    (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder / f"{name}.txt"


@pytest.fixture(scope="session")
def write_survey():
    """Write one of the small generated survey reports: write_survey(folder, "northern" or "southern")."""
    return survey_report


@pytest.fixture(scope="session")
def two_surveys(tmp_path_factory) -> Settings:
    """Both small surveys (same table layout, different numbers and topics) ingested into one store."""
    corpus = tmp_path_factory.mktemp("surveys")
    for name in SURVEYS:
        survey_report(corpus, name)
    settings = Settings.from_env(home=tmp_path_factory.mktemp("surveys-store"), chroma_url="")
    report = ingest([corpus], settings)
    assert report.sources == 2 and not report.errors
    return settings


def shared_reports() -> Path:
    """The real reports with hand-typed gold: CITEBRIEF_REPORTS, else shared/reports beside the
    clone (where CI puts its copy of shared/, as a developer's worktree has it)."""
    return Path(os.environ.get("CITEBRIEF_REPORTS") or ROOT.parent / "shared" / "reports")


# The real reports' ids, one per gold folder, for tests parametrised by report (the reports_dir fixture fails
# the run when the folder is missing). The gold decides how many there are; no test counts them.
REAL_REPORTS = sorted(p.name for p in (shared_reports() / "gold").iterdir() if p.is_dir()) \
    if (shared_reports() / "gold").is_dir() else []


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    """The shared reports folder (docs/ and gold/); the run stops here, naming it, when it is missing."""
    folder = shared_reports()
    if not (folder / "docs").is_dir() or not (folder / "gold").is_dir():
        pytest.fail(f"the real reports are not at {folder} (docs/ and gold/); set CITEBRIEF_REPORTS to their folder")
    return folder


@pytest.fixture(scope="session")
def real_reports(reports_dir, tmp_path_factory) -> Settings:
    """Every real report ingested once per test session, with the real model, into a temporary store."""
    settings = Settings.from_env(home=tmp_path_factory.mktemp("real-reports-store"), chroma_url="")
    report = ingest([reports_dir / "docs"], settings)
    assert report.sources == len(REAL_REPORTS) and not report.errors, report.errors
    return settings


@pytest.fixture(scope="session")
def real_library(real_reports):
    """The real reports' store, opened once: every test that reads the real reports shares it."""
    from assistant.library import Library

    return Library.open(real_reports)
