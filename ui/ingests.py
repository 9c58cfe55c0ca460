"""Changes to the store started from the page (add reports, read one again, remove one, correct how one is
cited), run one at a time on a worker thread, so the page keeps answering while a report is read.

Every session of the server sees the same jobs and their progress, file by file and stage by stage. The
store's writer's lock keeps the page's jobs and a `citebrief ingest` in a terminal apart: a job that finds
the store locked by another process waits for it, saying so. No Streamlit here: the page polls `jobs()`.
"""
from __future__ import annotations

import logging
import hashlib
import queue
import re
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ingest import bibliography
from ingest.bibliography import Bibliography
from ingest.errors import IngestError, StoreError, StoreLockedError
from ingest.pipeline import ingest, remove
from ingest.settings import Settings

LOG = logging.getLogger("citebrief.ui")
STAGES = {"queued": "Waiting its turn", "read": "Reading", "structure": "Finding structure",
          "embed": "Embedding", "done": "Done", "failed": "Not added"}
STAGE_SHARE = {"queued": 0.0, "read": 0.05, "structure": 0.2, "embed": 0.4, "done": 1.0, "failed": 1.0}
UPLOADS = "uploads"  # the folder under the store's home where the page keeps the files users add
UNSAFE = re.compile(r"[^\w.()+ -]+")
RETRY_SECONDS = 2.0  # a job waiting for another process's ingest tries the store again this often
KEPT_JOBS = 20  # finished jobs still shown on the page, newest first


@dataclass(frozen=True)
class FileStatus:
    """One file of a job: its stage (a key of STAGES), passages embedded of its new ones, and, when it is
    done, the report it became or why it was not added."""

    path: str
    stage: str = "queued"
    done: int = 0
    total: int = 0
    message: str = ""

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def share(self) -> float:
        """How far along the file is, 0 to 1: reading and structure before embedding, which is most of it."""
        if self.stage == "embed" and self.total:
            return STAGE_SHARE["embed"] + (1 - STAGE_SHARE["embed"]) * self.done / self.total
        return STAGE_SHARE[self.stage] + (0.15 if self.stage == "structure" and self.done else 0.0)

    @property
    def label(self) -> str:
        """'report.pdf: Embedding 64 of 210 passages'."""
        words = STAGES[self.stage]
        if self.stage == "embed":
            words = f"Embedding {self.done} of {self.total} new passages" if self.total else "Nothing new to embed"
        return f"{self.name}: {self.message or words}"


@dataclass(frozen=True)
class Job:
    """What was asked (`action`: add, reread, remove or describe), its files and its state: queued, waiting
    (for another process's ingest), running, finished or failed; `message` says the outcome in plain words."""

    id: int
    action: str
    files: tuple[FileStatus, ...] = ()
    state: str = "queued"
    message: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.state in ("queued", "waiting", "running")


def uploads_folder(settings: Settings) -> Path:
    return settings.home.resolve() / UPLOADS


def save_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Keep a file the user added in the uploads folder, under its own name. The same bytes again are the same
    file; other bytes under a name already used get a numbered name, so no stored report's file is overwritten."""
    folder = uploads_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    base = Path(UNSAFE.sub("-", Path(name).name).strip(" .-") or "report")
    target, n = folder / base, 1
    while target.exists() and _digest(target.read_bytes()) != _digest(data):
        n += 1
        target = folder / f"{base.stem}-{n}{base.suffix}"
    target.write_bytes(data)
    return target


def _plain(message: str) -> str:
    """An ingest's message about one file in a user's words: a duplicate names the report it repeats."""
    if message.startswith("same content as ") and message.endswith("; skipped"):
        first = Path(message.removeprefix("same content as ").removesuffix("; skipped")).name
        return f"already in the library: it is the same file as {first}"
    return message


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Worker:
    """One thread taking the jobs of one store in the order they were asked."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.uploads = uploads_folder(settings)
        self._lock = threading.Lock()
        self._jobs: dict[int, Job] = {}
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._serve, name="citebrief-ingest", daemon=True).start()

    # ---- asking ----------------------------------------------------------------------------------
    def add(self, paths: list[Path], action: str = "add") -> int:
        """Read the files into the store (new reports, or a report read again)."""
        files = tuple(FileStatus(str(p)) for p in paths)
        return self._submit(Job(0, action, files), lambda job_id: self._ingest(job_id, paths))

    def remove(self, source_id: str, title: str, uploaded: Path | None = None) -> int:
        """Take a report out of the store, and delete its uploaded copy (a file the page saved) if given."""
        return self._submit(Job(0, "remove", message=f"Removing “{title}”"),
                            lambda job_id: self._remove(job_id, source_id, title, uploaded))

    def describe(self, source_id: str, details: Bibliography) -> int:
        """Store the user's title, publisher, date and author for a report."""
        return self._submit(Job(0, "describe", message=f"Saving the details of “{details.title}”"),
                            lambda job_id: self._describe(job_id, source_id, details))

    def jobs(self) -> list[Job]:
        """Every job still shown, newest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: -j.id)

    def busy(self) -> bool:
        return any(job.active for job in self.jobs())

    # ---- the thread --------------------------------------------------------------------------------
    def _submit(self, job: Job, work: Callable[[int], None]) -> int:
        with self._lock:
            job = replace(job, id=max(self._jobs, default=0) + 1)
            self._jobs[job.id] = job
            for old in sorted(self._jobs)[:-KEPT_JOBS]:
                if not self._jobs[old].active:
                    del self._jobs[old]
        self._queue.put((job.id, work))
        return job.id

    def _serve(self) -> None:
        while True:
            job_id, work = self._queue.get()
            self._run(job_id, work)

    def _run(self, job_id: int, work: Callable[[int], None]) -> None:
        """Run the work, waiting while another process holds the store; any failure becomes the job's message."""
        while True:
            try:
                self._update(job_id, state="running")
                work(job_id)
                return
            except StoreLockedError:
                self._update(job_id, state="waiting", message="waiting for another ingest (from a terminal, say) to "
                                                              "finish writing to the library; this one starts then")
                time.sleep(RETRY_SECONDS)
            except (IngestError, StoreError, ValueError) as exc:
                self._fail(job_id, str(exc))
                return
            except Exception as exc:  # the worker must outlive any one job; the trace goes to the server log
                LOG.exception("a job on the Reports page failed")
                self._fail(job_id, f"Something went wrong ({type(exc).__name__}: {exc}); the details are in the server log")
                return

    def _ingest(self, job_id: int, paths: list[Path]) -> None:
        def on_file(path: str, stage: str, done: int, total: int) -> None:
            self._file(job_id, path, stage=stage, done=done, total=total)

        report = ingest(paths, self.settings, file_progress=on_file)
        problems = report.errors + report.warnings
        for status in self._get(job_id).files:
            said = [line for line in problems if line.startswith(f"{status.path}: ")]
            failed = any(line in report.errors or line.endswith("skipped") for line in said)
            message = _plain(said[0].removeprefix(f"{status.path}: ")) if failed else ""
            self._file(job_id, status.path, stage="failed" if failed else "done", message=message)
        self._discard_unread(job_id)
        stored = [f for f in self._get(job_id).files if f.stage == "done"]
        outcome = f"{len(stored)} of {len(paths)} file(s) read into the library" if stored else "No file was added"
        warnings = tuple(line for line in report.warnings if not line.endswith("skipped"))
        self._update(job_id, state="finished" if stored else "failed", message=outcome, warnings=warnings)

    def _discard_unread(self, job_id: int) -> None:
        """Delete the uploaded copies of files just added that did not become reports (the user keeps theirs)."""
        job = self._get(job_id)
        if job.action != "add":
            return
        for status in job.files:
            path = Path(status.path)
            if status.stage == "failed" and path.parent == self.uploads:
                path.unlink(missing_ok=True)

    def _remove(self, job_id: int, source_id: str, title: str, uploaded: Path | None) -> None:
        remove([source_id], self.settings)
        if uploaded is not None:
            uploaded.unlink(missing_ok=True)
        self._update(job_id, state="finished", message=f"Removed “{title}” from the library")

    def _describe(self, job_id: int, source_id: str, details: Bibliography) -> None:
        bibliography.correct(self.settings, source_id, details)
        self._update(job_id, state="finished", message=f"Saved: “{details.title}” is cited as you wrote it")

    # ---- state, changed under the lock -----------------------------------------------------------
    def _get(self, job_id: int) -> Job:
        with self._lock:
            return self._jobs[job_id]

    def _update(self, job_id: int, **changes) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _fail(self, job_id: int, message: str) -> None:
        job = self._get(job_id)
        files = tuple(replace(f, stage="failed", message=f.message or "not read") if f.stage != "done" else f
                      for f in job.files)
        self._update(job_id, state="failed", message=message, files=files)

    def _file(self, job_id: int, path: str, **changes) -> None:
        with self._lock:
            job = self._jobs[job_id]
            files = tuple(replace(f, **changes) if f.path == path else f for f in job.files)
            self._jobs[job_id] = replace(job, files=files)
