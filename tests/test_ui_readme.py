"""README is the user's document: short, and every command in it is run here (or by CI: `make test`).

A command in one of README's ```sh blocks that this module does not run fails the first test, so README cannot
gain a command nobody runs."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from test_ui_browser import free_port, wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CITEBRIEF = str(Path(sys.executable).with_name("citebrief"))
BY_CI = {"make test"}  # CI runs it: the whole suite, this module included
RUN_HERE = {"make run", ".venv/bin/citebrief ingest path/to/report.pdf path/to/strategy.docx",
            '.venv/bin/citebrief ask "How many clinical directors got coaching?"',
            '.venv/bin/citebrief ask --json "What did clinical directors say about time?"', ".venv/bin/citebrief chat"}
MAX_LINES = 200


def readme_commands() -> set[str]:
    """The command of each line of README's ```sh blocks, without its comment."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return {line.split("  #")[0].strip() for block in blocks for line in block.splitlines() if line.strip()}


def test_readme_is_short_and_every_command_in_it_is_run_by_a_test_or_ci():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < MAX_LINES
    assert readme_commands() == BY_CI | RUN_HERE
    for link in re.findall(r"\]\(((?:docs/)[^)#]+)", text):  # every document and image it points at exists
        assert (ROOT / link).exists(), link


def test_the_ask_commands_answer_with_citations_and_json(settings, ingested):
    env = {**os.environ, "CITEBRIEF_HOME": str(settings.home)}
    plain = subprocess.run([CITEBRIEF, "ask", "How many clinical directors got coaching?"], env=env,
                           capture_output=True, text=True, check=True)
    assert "7" in plain.stdout and "[1]" in plain.stdout
    answer = json.loads(subprocess.run([CITEBRIEF, "ask", "--json", "What did clinical directors say about time?"],
                                       env=env, capture_output=True, text=True, check=True).stdout)
    assert answer["quotes"] and answer["citations"][0]["title"] == "Leadership needs"
    chat = subprocess.run([CITEBRIEF, "chat"], env=env, input="How many medical directors got coaching?\n",
                          capture_output=True, text=True, check=True)
    assert "8" in chat.stdout


@pytest.mark.slow
def test_the_ingest_command_reads_a_pdf_and_a_word_file_given_by_path(reports_dir, tmp_path):
    strategy = tmp_path / "strategy.docx"
    document = docx.Document()
    document.add_heading("Harbour transport strategy", level=1)
    document.add_paragraph("The harbour towns will buy two electric ferries by 2030.")
    document.save(strategy)
    pdf = reports_dir / "docs" / "tphc-digital-impact-2023-24.pdf"
    done = subprocess.run([CITEBRIEF, "--home", str(tmp_path / "home"), "ingest", str(pdf), str(strategy)],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("2 sources")


@pytest.mark.slow
def test_make_run_says_what_it_does_reads_corpus_into_a_new_library_and_serves_the_page(tmp_path):
    """`make run` on a new library: each step said (reading corpus/ with its summary), then the page answers;
    run again, it finds the library up to date."""
    home = tmp_path / "home"
    first, again = (make_run(home, tmp_path / f"make-run-{n}.log") for n in (1, 2))
    for said, step in ((first, f"Reading the reports in {ROOT / 'corpus'} into the library"),
                       (again, "The library is up to date.")):
        for line in ("citebrief: installed in .venv.", f"citebrief: Library: {home.resolve()}", f"citebrief: {step}",
                     "citebrief: Starting the page at http://localhost:"):
            assert line in said, said
    assert "1 sources, " in first, "the ingest's summary"


def make_run(home: Path, log: Path) -> str:
    """What `make run` prints until its page answers (then it is stopped as Ctrl-C would)."""
    port = free_port()
    with log.open("w") as out:
        make = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "CITEBRIEF_HOME": str(home)}, start_new_session=True)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", make, seconds=300)
        finally:
            os.killpg(make.pid, signal.SIGINT)
            make.wait(timeout=30)
    return log.read_text()

