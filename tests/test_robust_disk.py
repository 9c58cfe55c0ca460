"""A disk that refuses the store's writes: full, or read-only. One line saying which, and nothing lost.

Each test builds a small store, makes its disk refuse writes (a simulated ENOSPC from the real write
call, a real full tmpfs, a read-only bind mount, or file modes for a user they bind), runs the real
commands, and checks the one-line message, the exit code, that the old store still answers, and that
nothing on disk changed.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.settings import Settings
from small_stores import HOUSING, SCHOOLS, cli_store
from ui.cli import main

# Runs commands through the real CLI in a process of its own and prints each one's exit code and output.
COMMANDS = """
import contextlib, io, json, sys
from ui.cli import main
home, docs, runs = sys.argv[1], sys.argv[2], []
for command in (["ingest", docs], ["ask", "What budget did the pilot have?"], ["tables", "--json"],
                ["quotes", "--all", "--json"]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--home", home, *command])
    runs.append({"command": command[0], "code": code, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(runs))
"""


@pytest.fixture
def store(tmp_path) -> tuple[Settings, Path]:
    """A store holding the schools report; the housing report is then added to its folder, not ingested."""
    settings, docs = cli_store(tmp_path, {"schools.md": SCHOOLS})
    (docs / "housing.md").write_text(HOUSING, encoding="utf-8")
    return settings, docs


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file of the store but Chroma's database (which SQLite may touch on a read) and the lock."""
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*"))
            if p.is_file() and "chroma" not in p.parts and p.name != ".lock"}


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_full_disk_during_ingest_says_so_in_one_line_and_the_old_store_keeps_answering(store, capsys, monkeypatch):
    settings, docs = store
    before = snapshot(settings.home)
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(settings.home)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    capsys.readouterr()
    monkeypatch.setattr(os, "fsync", full_disk)
    assert main(["--home", str(settings.home), "ingest", str(docs)]) == 2
    monkeypatch.setattr(os, "fsync", real_fsync)
    line = one_line(capsys.readouterr().err)
    assert "disk" in line and "is full" in line and str(settings.home) in line
    assert snapshot(settings.home) == before  # no half-written source, no temporary file left behind
    assert main(["--home", str(settings.home), "ask", "--json", "What budget did the pilot have?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "£2.4 million" in answer["answer"] and answer["citations"][0]["source"] == "schools"
    assert main(["--home", str(settings.home), "ingest", str(docs)]) == 0  # space again: the file goes in
    assert "housing" in json.loads((settings.home / "manifest.json").read_text(encoding="utf-8"))["sources"]


def can_mount() -> bool:
    """Whether this process may mount in a private mount namespace (root with unshare)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not can_mount(), reason="needs root and unshare to mount a small tmpfs")
def test_on_a_really_full_disk_ingest_says_so_and_ask_still_answers(store, tmp_path):
    settings, docs = store
    disk = tmp_path / "disk"
    disk.mkdir()
    script = ('mount -t tmpfs -o size=4m none "$0" && cp -a "$1" "$0/home" && cp -a "$2" "$0/docs" '
              '&& (dd if=/dev/zero of="$0/filler" bs=64k 2>/dev/null; true) '
              '&& "$3" -c "$4" "$0/home" "$0/docs"')
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, str(disk), str(settings.home), str(docs),
                           sys.executable, COMMANDS], capture_output=True, text=True,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stderr
    runs = {run["command"]: run for run in json.loads(done.stdout)}
    assert runs["ingest"]["code"] == 2
    assert "is full" in one_line(runs["ingest"]["err"]) and f"{disk}/home" in runs["ingest"]["err"]
    assert runs["ask"]["code"] == 0 and "£2.4 million" in runs["ask"]["out"]


def read_only(home: Path) -> list[str]:
    """A command prefix under which the store folder is read-only: a read-only bind mount for root (who
    ignores file modes), the folder's modes for anyone else."""
    if os.geteuid() != 0:
        for path in [home, *home.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        return []
    if not can_mount():
        pytest.skip("root without unshare: no way to make a folder read-only for this process")
    return ["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"',
            str(home)]


@pytest.mark.slow
def test_a_read_only_store_is_read_by_ask_tables_and_quotes_and_ingest_says_why_it_cannot_write(store):
    settings, docs = store
    before = snapshot(settings.home)
    prefix = read_only(settings.home)
    try:
        done = subprocess.run([*prefix, sys.executable, "-c", COMMANDS, str(settings.home), str(docs)],
                              capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    finally:
        for path in [settings.home, *settings.home.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
    assert done.returncode == 0, done.stderr
    runs = {run["command"]: run for run in json.loads(done.stdout)}
    assert runs["ingest"]["code"] == 2
    line = one_line(runs["ingest"]["err"])
    assert "read-only" in line and str(settings.home) in line
    assert runs["ask"]["code"] == 0 and "£2.4 million" in runs["ask"]["out"], runs["ask"]["err"]
    assert runs["tables"]["code"] == 0 and ["2022", "18", "5,100"] in json.loads(runs["tables"]["out"])[0]["rows"]
    assert runs["quotes"]["code"] == 0 and json.loads(runs["quotes"]["out"])[0]["text"].startswith("The training")
    assert snapshot(settings.home) == before
