"""Bad files: each is refused with one line naming it and why; the rest of the corpus still ingests."""
from __future__ import annotations

import os
import shutil
import tracemalloc
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from ingest.errors import IngestError
from ingest.load import MAX_TEXT_BYTES, load
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import Store
from test_robust_store import make_corpus, report_text  # the same two small reports
from ui.cli import main


def text_pdf(pages: int = 3) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for page in range(pages):
        pdf.add_page()
        for line in range(20):
            pdf.cell(0, 8, f"Page {page} line {line}: budgets and leadership matter.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A page holding only a picture of text: what a scanner makes."""
    picture = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(picture).text((10, 50), "The budget fell by 15 per cent.", fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=150)
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(text_pdf(1))))
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# name -> (content, words the one-line reason must contain)
BAD_FILES = {
    "empty.txt": (lambda: b"", "the file is empty"),
    "blank.md": (lambda: b"  \n\t\n   \n", "only whitespace"),
    "junk.pdf": (lambda: bytes((i * 37 + 11) % 256 for i in range(20_000)), "not a readable PDF"),
    "cut.pdf": (lambda: text_pdf()[:1500], "truncated"),
    "locked.pdf": (encrypted_pdf, "encrypted"),
    "scan.pdf": (scanned_pdf, "needs OCR"),
    "binary.txt": (lambda: b"\x00\x01\x02\x03binary" * 200, "binary file"),
}


def write_bad_files(folder: Path) -> None:
    for name, (content, _) in BAD_FILES.items():
        (folder / name).write_bytes(content())


@pytest.fixture()
def corpus(tmp_path) -> Path:
    return make_corpus(tmp_path / "corpus")


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings.from_env(home=tmp_path / "store", chroma_url="")


def assert_one_line_naming(message: str, name: str, reason: str) -> None:
    assert name in message and reason in message and "\n" not in message, message


def store_state(settings: Settings) -> tuple[dict, set[str], set[str]]:
    """The manifest, the chunk ids in Chroma and the source JSON files: all a failed file must not touch."""
    store = Store(settings)
    return store.manifest(), store.stored_ids(), {p.name for p in (settings.home / "sources").glob("*.json")}


def assert_store_is_consistent(settings: Settings) -> None:
    """Chroma holds exactly the chunks the manifest names, each once."""
    manifest, stored, _ = store_state(settings)
    named = [cid for entry in manifest["sources"].values() for cid in entry["chunks"]]
    assert len(named) == len(set(named)) and set(named) == stored


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_refused_with_one_line_naming_it_and_the_reason(tmp_path, name):
    content, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content())
    with pytest.raises(IngestError) as error:
        load(path)
    assert_one_line_naming(str(error.value), name, reason)


def test_bad_files_among_good_ones_are_each_reported_once_and_leave_no_trace(corpus, settings):
    write_bad_files(corpus)
    report = ingest([corpus], settings)
    assert report.sources == 2 and report.chunks > 0
    assert len(report.errors) == len(BAD_FILES)
    for name, (_, reason) in BAD_FILES.items():
        line = next(e for e in report.errors if name in e)
        assert_one_line_naming(line, name, reason)
    manifest, _, source_files = store_state(settings)
    assert set(manifest["sources"]) == {"alpha", "beta"} and source_files == {"alpha.json", "beta.json"}
    assert_store_is_consistent(settings)


def test_the_command_prints_one_line_per_bad_file_and_still_succeeds(corpus, settings, capsys):
    write_bad_files(corpus)
    assert main(["--home", str(settings.home), "ingest", str(corpus)]) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == len(BAD_FILES) and all(line.startswith("citebrief: ") for line in err)


def test_a_stored_source_that_turns_bad_keeps_its_stored_version(corpus, settings):
    ingest([corpus], settings)
    before = store_state(settings)
    (corpus / "alpha.txt").write_bytes(b"\x00\xff" * 500)
    report = ingest([corpus], settings)
    assert_one_line_naming(report.errors[0], "alpha.txt", "binary file")
    assert store_state(settings) == before and report.embedded == 0


def test_a_file_that_vanishes_mid_run_is_reported_and_the_rest_ingests(corpus, settings):
    (corpus / "gamma.txt").write_text(report_text("Gamma", "coaching helps"), encoding="utf-8")

    def delete_gamma_once_reading_starts(file: str, stage: str, done: int, total: int) -> None:
        if stage == "read" and file.endswith("alpha.txt"):  # found by the scan, gone before it is read
            (corpus / "gamma.txt").unlink()

    report = ingest([corpus], settings, file_progress=delete_gamma_once_reading_starts)
    assert_one_line_naming(report.errors[0], "gamma.txt", "cannot be read (No such file or directory)")
    assert set(store_state(settings)[0]["sources"]) == {"alpha", "beta"}


def test_a_missing_path_beside_a_good_one_is_reported_and_the_good_one_ingests(corpus, settings, capsys):
    missing = corpus.parent / "nowhere.pdf"
    assert main(["--home", str(settings.home), "ingest", str(corpus), str(missing)]) == 0
    err = capsys.readouterr().err.strip()
    assert_one_line_naming(err, "nowhere.pdf", "no such file or folder")
    assert set(store_state(settings)[0]["sources"]) == {"alpha", "beta"}


def test_a_folder_with_no_supported_files_is_a_one_line_error_and_the_store_is_untouched(corpus, settings, capsys):
    ingest([corpus], settings)
    before = store_state(settings)
    other = corpus.parent / "scans"
    other.mkdir()
    (other / "scan-001.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    assert main(["--home", str(settings.home), "ingest", str(other)]) == 2
    assert_one_line_naming(capsys.readouterr().err.strip(), "scans", "files in this folder")
    assert store_state(settings) == before


def test_the_same_content_under_two_names_is_stored_once(corpus, settings):
    shutil.copy(corpus / "alpha.txt", corpus / "copy-of-alpha.txt")
    report = ingest([corpus], settings)
    assert report.sources == 2 and report.warnings == [f"{corpus / 'copy-of-alpha.txt'}: same content as "
                                                       f"{corpus / 'alpha.txt'}; skipped"]
    # A later copy that sorts before the stored original is still the one skipped.
    shutil.copy(corpus / "alpha.txt", corpus / "aaa-first.txt")
    again = ingest([corpus], settings)
    assert set(store_state(settings)[0]["sources"]) == {"alpha", "beta"} and again.embedded == 0
    assert {w.split(":")[0] for w in again.warnings} == {str(corpus / "aaa-first.txt"), str(corpus / "copy-of-alpha.txt")}
    assert_store_is_consistent(settings)


def test_a_copy_given_alone_later_is_recognised_as_a_stored_source(corpus, settings, tmp_path):
    ingest([corpus], settings)
    elsewhere = tmp_path / "downloads"
    elsewhere.mkdir()
    shutil.copy(corpus / "beta.md", elsewhere / "beta (1).md")
    report = ingest([elsewhere], settings)
    assert report.warnings and "same content as" in report.warnings[0] and report.sources == 2


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_text_in_older_encodings_is_read_without_losing_characters(tmp_path, encoding):
    sentence = "The café budget fell by £15 — ½ of it — to 85 per cent." if encoding != "latin-1" else \
        "The café budget fell by £15, ½ of it, to 85 per cent; naïve °C."
    path = tmp_path / f"old-{encoding}.txt"
    path.write_bytes(f"Introduction\n{sentence}\n".encode(encoding))
    assert sentence in load(path).pages[0][1]


def test_a_folder_named_like_a_file_and_a_pipe_are_refused_not_waited_on(tmp_path):
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    for path, reason in ((pipe, "not a regular file"), (folder, "not a regular file")):
        with pytest.raises(IngestError) as error:
            load(path)
        assert_one_line_naming(str(error.value), path.name, reason)


def test_metadata_of_the_wrong_shape_is_refused_naming_the_metadata_file(corpus):
    (corpus / "alpha.meta.json").write_text('{"title": "Alpha", "year": "last year"}', encoding="utf-8")
    with pytest.raises(IngestError) as error:
        load(corpus / "alpha.txt")
    assert_one_line_naming(str(error.value), "alpha.meta.json", "'year' must be a whole number")


@pytest.mark.slow
def test_a_50_mb_text_file_is_refused_without_being_read_and_the_rest_ingests(corpus, settings):
    big = corpus / "everything.txt"
    block = (report_text("Big", "the budget is tight") * 7000).encode()[:1024 * 1024]
    with open(big, "wb") as handle:
        for _ in range(50):
            handle.write(block)
    assert big.stat().st_size == 50 * 1024 * 1024 > MAX_TEXT_BYTES
    tracemalloc.start()
    report = ingest([corpus], settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert_one_line_naming(report.errors[0], "everything.txt", "too large to ingest (50.0 MB; the limit is 10.0 MB)")
    assert report.sources == 2
    assert peak < 20 * 1024 * 1024, peak  # never read: its 50 MB never passed through memory (no time bound: machines differ)
