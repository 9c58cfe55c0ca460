"""Small reports written by a test and ingested through the real CLI into a store of their own."""
from __future__ import annotations

from pathlib import Path

from ingest.settings import Settings
from ui.cli import main

SCHOOLS = """# School pilot evaluation

The pilot had a budget of £2.4 million over two school years. Schools in Leeds joined the pilot in 2021.

Table 1: Schools taking part, by year

| Year | Schools | Pupils |
|---|---|---|
| 2021 | 12 | 3,400 |
| 2022 | 18 | 5,100 |

One head teacher said: “The training changed how our staff teach reading, and the pupils noticed it first.”
"""
HOUSING = """# City housing review

The council built 340 new homes in 2022. Rents rose by 6% over the year in the city centre.
Tenants said repairs were slow and asked for a named contact at the council.
"""


def cli_store(root: Path, reports: dict[str, str]) -> tuple[Settings, Path]:
    """The reports (file name -> text) written to root/docs and ingested by `citebrief ingest` into root/home."""
    docs = root / "docs"
    docs.mkdir()
    for name, text in reports.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = Settings.from_env(home=root / "home", chroma_url="")
    assert main(["--home", str(settings.home), "ingest", str(docs)]) == 0
    return settings, docs
