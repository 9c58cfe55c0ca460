"""Several files read at once, one process per core.

Reading a PDF is pure Python (pdfplumber lays out every character: about 0.3 s a page on this 2-core machine), so
threads would take turns; processes use every core. On the nine reports of ../shared/reports (476 pages) reading
took 54 s instead of about 150 s (docs/measurements.md, "Ingest speed").
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def outcomes(function: Callable, calls: Sequence[tuple], in_processes: bool = True) -> Iterator[tuple[object, Exception | None]]:
    """function(*call) for each call, yielded in the calls' order as (result, None) or (None, the exception it
    raised). In worker processes when asked, with two calls or more and two cores or more; else in this one.

    Workers are started fresh ("spawn"), not forked: a fork of a process whose torch and Chroma threads hold
    locks hung in the reader (seen in the test suite). So `function` must be importable at a module's top level,
    and a script that reaches this must guard its own top level with `if __name__ == "__main__":`, Python's
    rule for any program starting processes this way (citebrief's command, page and tests do)."""
    workers = min(cores(), len(calls)) if in_processes else 1
    if workers < 2:
        for call in calls:
            try:
                yield function(*call), None
            except Exception as exc:  # noqa: BLE001 - the caller says what failed, call by call
                yield None, exc
        return
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
    try:
        futures = [pool.submit(function, *call) for call in calls]
        for future in futures:
            try:
                yield future.result(), None
            except Exception as exc:  # noqa: BLE001 - raised in the worker, or the worker died
                yield None, exc
    finally:
        pool.shutdown(cancel_futures=True)
