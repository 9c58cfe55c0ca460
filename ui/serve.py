"""`citebrief ui` (and so `make run`): make sure the library holds corpus/, then serve the page, saying what
it does at each step."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ingest.settings import Settings

from .cli import DEFAULT_CORPUS
# The page's Streamlit settings, passed as flags so that they hold from any working folder
# (.streamlit/config.toml says the same for a plain `streamlit run ui/app.py` from the repository).
STREAMLIT_FLAGS = ("--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--client.toolbarMode", "viewer")


def serve(settings: Settings, port: int, ingest_command) -> int:
    """Ingest corpus/ when the library lacks it (with its progress bar), then run the page until Ctrl-C."""
    from ingest.pipeline import needs_ingest

    say(f"Library: {settings.home.resolve()}")
    if DEFAULT_CORPUS.is_dir() and needs_ingest([DEFAULT_CORPUS], settings):
        say(f"Reading the reports in {DEFAULT_CORPUS.resolve()} into the library (once; the model loads first)…")
        ingest_command(argparse.Namespace(paths=[DEFAULT_CORPUS], rebuild=False, home=str(settings.home),
                                          model=settings.model))
    else:
        say("The library is up to date.")
    say(f"Starting the page at http://localhost:{port} (Ctrl-C stops it). Add your own reports on its Reports page.")
    app = Path(__file__).with_name("app.py")
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port), *STREAMLIT_FLAGS]
    env = {**os.environ, "CITEBRIEF_HOME": str(settings.home), "CITEBRIEF_MODEL": settings.model}
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def say(message: str) -> None:
    print(f"citebrief: {message}", file=sys.stderr, flush=True)
