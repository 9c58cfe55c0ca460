"""The library on the Reports page: add reports (several files at once), watch them being read file by file
and stage by stage, then each report with what was found in it, its warnings, how it is cited (editable),
and buttons to read it again or remove it. The work itself runs on the server's worker (ui.ingests)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ingest.bibliography import Bibliography, described, edits
from ingest.load import SUPPORTED
from ingest.types import ParsedSource

from . import session
from .ingests import Job, save_upload, uploads_folder
from .markup import escape

POLL_SECONDS = 1.0  # how often the progress shown is brought up to date while a job runs
KINDS = "PDF, Word, HTML, Markdown, text or WebVTT transcripts"


def add_reports() -> None:
    """The upload box; the files go to the uploads folder and one job reads them all."""
    generation = st.session_state.setdefault("upload-generation", 0)
    with st.container(border=True):
        files = st.file_uploader(f"Add reports: {KINDS}", type=[s.lstrip(".") for s in SUPPORTED],
                                 accept_multiple_files=True, key=f"upload-{generation}",
                                 help="Several files at once. Each is read, its structure found, and its passages "
                                      "embedded; the chat can be used meanwhile.")
        if st.button(f"Add {len(files)} file(s) to the library" if files else "Add to the library", key="add-reports",
                     disabled=not files, type="primary", icon=":material/library_add:"):
            settings = session.settings()
            paths = [save_upload(settings, f.name, f.getvalue()) for f in files]
            session.worker().add(paths)
            st.session_state["upload-generation"] = generation + 1  # an empty upload box for the next ones
            st.rerun()
        st.caption(escape(f"Added files are kept in {uploads_folder(session.settings())}. "
                          "The command line uses the same library: `citebrief ingest FILE` adds one from a terminal."))


def progress() -> None:
    """The jobs, redrawn every POLL_SECONDS while one is running; when one ends, the whole page is redrawn so
    the library and the chat's reports are the new ones."""
    active = session.worker().busy()
    st.fragment(_jobs, run_every=POLL_SECONDS if active else None)()


def _jobs() -> None:
    jobs = session.worker().jobs()
    running = {job.id for job in jobs if job.active}
    watched = st.session_state.get("jobs-watched", set())
    st.session_state["jobs-watched"] = running
    if watched - running:
        st.rerun()  # a job this session watched has ended: the whole page shows the library as it is now
    for job in jobs[:5]:
        _job(job)


def _job(job: Job) -> None:
    if job.action == "describe" or (job.action == "remove" and not job.active):
        (st.success if job.state == "finished" else st.error if job.state == "failed" else st.info)(escape(job.message))
        return
    with st.container(border=True):
        heading = {"add": "Adding", "reread": "Reading again", "remove": "Removing"}[job.action]
        st.markdown(f"**{heading}** · {escape(_state(job))}")
        for status in job.files:
            st.progress(status.share, text=escape(status.label))
        for warning in job.warnings:
            st.warning(escape(plain(warning)))


def _state(job: Job) -> str:
    return {"queued": "waiting for the job before it", "running": "in progress"}.get(job.state, job.message)


def plain(message: str) -> str:
    """An ingest message without the full path it starts with (the file's name stays)."""
    path, colon, rest = message.partition(": ")
    return f"{Path(path).name}: {rest}" if colon and "/" in path else message


def library(parsed: list[ParsedSource]) -> None:
    """Every report in the library: what was found, its warnings, its details, read again, remove."""
    st.subheader(f"In the library ({len(parsed)})")
    if not parsed:
        st.info("No reports yet: add one above.")
        return
    corrections = edits(session.settings().home)
    busy = session.worker().busy()
    for report in parsed:
        _report(report, described(report.source, corrections), busy)


def _report(parsed: ParsedSource, details: Bibliography, busy: bool) -> None:
    source = parsed.source
    with st.container(border=True):
        st.markdown(f"**{escape(details.title)}**")
        imprint = ", ".join(x for x in (details.author, details.publisher, details.date) if x)
        st.caption(escape(" · ".join(x for x in (imprint, Path(source.path).name, found(parsed)) if x)))
        if parsed.warnings:
            with st.expander(f"{len(parsed.warnings)} thing(s) to check in how it was read"):
                for warning in parsed.warnings:
                    st.markdown(f"- {escape(plain(warning))}")
        with st.container(horizontal=True):
            st.button("Details…", key=f"details-{source.id}", icon=":material/edit:",
                      on_click=st.session_state.update, args=({"editing": source.id},))
            st.button("Read again", key=f"reread-{source.id}", icon=":material/refresh:", disabled=busy,
                      on_click=_reread, args=(source.path,), help="Read the file again with this version of citebrief.")
            st.button("Remove…", key=f"remove-{source.id}", icon=":material/delete:",
                      on_click=st.session_state.update, args=({"removing": source.id},))
        if st.session_state.get("editing") == source.id:
            _details_form(source.id, details)
        if st.session_state.get("removing") == source.id:
            _confirm_remove(source.id, details.title, Path(source.path))


def found(parsed: ParsedSource) -> str:
    """'12 pages, 8 sections, 3 tables, 5 quotes, 240 passages' (no pages for page-less files)."""
    pages = len(parsed.source.page_labels) or len({number for _, number in parsed.source.pages})
    counts = ((pages, "page"), (len(parsed.sections), "section"), (len(parsed.tables), "table"),
              (len(parsed.quotes), "quote"), (len(parsed.chunks), "passage"))
    return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n or word != "page")


def _details_form(source_id: str, details: Bibliography) -> None:
    with st.form(key=f"details-form-{source_id}", border=False):
        st.caption("How answers cite this report. What you write here is kept with the report and wins over "
                   "what the document says (and over a NAME.meta.json file beside it).")
        title = st.text_input("Title", details.title, max_chars=300)
        publisher = st.text_input("Publisher", details.publisher, max_chars=300)
        date = st.text_input("Date", details.date, max_chars=300, help="As you would cite it: 2021, or March 2021.")
        author = st.text_input("Author", details.author, max_chars=300)
        with st.container(horizontal=True):
            save = st.form_submit_button("Save details", type="primary")
            cancel = st.form_submit_button("Cancel")
        if save:
            try:
                session.worker().describe(source_id, Bibliography(title, publisher, date, author).cleaned())
            except ValueError as exc:
                st.error(escape(f"Not saved: {exc}."))
                return
        if save or cancel:
            st.session_state.pop("editing", None)
            st.rerun()


def _confirm_remove(source_id: str, title: str, path: Path) -> None:
    uploaded = path.parent == uploads_folder(session.settings())
    kept = "" if uploaded else f" The file stays at {path}; `citebrief ingest` of its folder would add it again."
    st.warning(escape(f"Remove “{title}” from the library? Answers will no longer come from it.{kept}"))
    with st.container(horizontal=True):
        st.button("Yes, remove it", key=f"remove-yes-{source_id}", on_click=_remove,
                  args=(source_id, title, path if uploaded else None))
        st.button("No, keep it", key=f"remove-no-{source_id}", on_click=st.session_state.pop, args=("removing", None))


def _remove(source_id: str, title: str, uploaded: Path | None) -> None:
    st.session_state.pop("removing", None)
    session.worker().remove(source_id, title, uploaded)


def _reread(path: str) -> None:
    session.worker().add([Path(path)], action="reread")
