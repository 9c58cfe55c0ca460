"""Property tests and a bounded fuzz: invariants that must hold for any text, table or bytes."""
from __future__ import annotations

import string
from collections import Counter
from pathlib import Path

from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.furniture import find_furniture
from ingest.load import RawDocument, load
from ingest.readers.text import read_text
from ingest.structure import parse
from ingest.tables import find_tables

QUOTE_CHARACTERS = "‘’“”'\"«»"
PROPERTY = settings(max_examples=100, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# ---- tables: generated in the two printed layouts, parsed back cell-exact -----------------------------------

LETTER_WORD = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=9)
PERCENTAGE = st.one_of(st.tuples(st.integers(0, 100), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]:02d}"),
                       st.tuples(st.integers(0, 100), st.integers(0, 9)).map(lambda p: f"{p[0]}.{p[1]}"))
NUMBER = st.one_of(st.integers(0, 999).map(str), st.integers(1000, 99_999).map(lambda n: f"{n:,}"), PERCENTAGE)
CAPTION = st.lists(LETTER_WORD, min_size=2, max_size=8).map(lambda w: " ".join(w).capitalize())
# A row label may hold numbers ('Aged 16 to 18 years') but ends with a word, as printed labels do.
ROW_LABEL = st.tuples(st.lists(st.one_of(LETTER_WORD, NUMBER), max_size=4), LETTER_WORD).map(
    lambda parts: " ".join(parts[0] + [parts[1]]).capitalize())


def wrap(words: list[str], width: int) -> list[str]:
    """Words into printed lines of at most `width` characters (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


@st.composite
def grid_tables(draw):
    """A grid as printed: wrapped column names in blank-separated blocks, rows, summary rows, the caption under it."""
    width = draw(st.integers(2, 5))
    names = [draw(st.lists(LETTER_WORD, min_size=1, max_size=3)) + draw(st.sampled_from([[], ["(percentage)"]]))
             for _ in range(width)]
    labels = draw(st.lists(ROW_LABEL, min_size=2, max_size=8))
    rows = [(label,) + tuple(draw(st.lists(NUMBER, min_size=width, max_size=width))) for label in labels]
    rows += [(label, draw(NUMBER)) for label in draw(st.sampled_from([[], ["Answered question", "Skipped question"]]))]
    caption = draw(CAPTION)
    number = draw(st.integers(1, 99))
    header = [line for name in names for line in wrap(name, 16) + [""]]
    body = [line for row in rows for line in (" ".join(row), "")]
    lines = ["We asked respondents which of these they had received in the last year.", ""] + header + body
    lines += [f"Table {number} {caption}", "The next paragraph of the report starts here and runs on."]
    expected = (("Row",) + tuple(" ".join(name) for name in names), tuple(rows))
    return lines, number, caption, expected


@st.composite
def ranked_tables(draw):
    """Two groups' ranked statements side by side: each label wrapped, the next group's label starting
    on the line of the previous values, an 'Average' row under both (as the report's Tables 3 and 4)."""
    names = draw(st.lists(st.lists(LETTER_WORD, min_size=1, max_size=2).map(lambda w: " ".join(w).capitalize()),
                          min_size=2, max_size=2, unique=True))  # two groups of one name cannot be told apart
    groups = [(name, draw(st.integers(1, 999))) for name in names]
    count = draw(st.integers(2, 8))
    statement = st.lists(st.one_of(LETTER_WORD, st.sampled_from(["patients’", "non-clinical", "1+"])),
                         min_size=2, max_size=16).map(lambda w: ["I"] + w)
    entries = [[(" ".join(words), words, str(draw(st.integers(0, 999))), draw(PERCENTAGE))
                for words in draw(st.lists(statement, min_size=count, max_size=count))] for _ in groups]
    averages = [draw(PERCENTAGE) for _ in groups]
    lines = ["Which of these skills are respondents most confident in?", "",
             f"Table 7 {draw(CAPTION)}", "", " ".join(f"{name} (n={n})" for name, n in groups), "",
             "Number Percentage Number Percentage", ""]
    for first, second in zip(*entries):
        first_lines, second_lines = wrap(first[1], 30), wrap(second[1], 30)
        lines += first_lines + ["", f"{first[2]} {first[3]} {second_lines[0]}"] + second_lines[1:]
        lines += ["", f"{second[2]} {second[3]}", ""]
    lines += [f"Average {averages[0]} {averages[1]}", "The text of the report carries on after the table."]
    names = [f"{name} (n={n})" for name, n in groups]
    rows = [(names[g], str(rank), label, n, pct) for g in range(2)
            for rank, (label, _, n, pct) in enumerate(entries[g], start=1)]
    rows += [(names[g], "", "Average", "", averages[g]) for g in range(2)]
    return lines, tuple(groups), tuple(rows)


@PROPERTY
@given(table=grid_tables())
def test_a_grid_table_with_wrapped_column_names_parses_back_cell_for_cell(table):
    lines, number, caption, (columns, rows) = table
    [found] = find_tables(lines)
    assert (found.id, found.caption, found.layout) == (f"Table {number}", caption, "grid")
    assert found.columns == columns and found.rows == rows


@PROPERTY
@given(table=ranked_tables())
def test_a_ranked_side_by_side_table_with_wrapped_labels_parses_back_cell_for_cell(table):
    lines, groups, rows = table
    [found] = find_tables(lines)
    assert found.layout == "ranked" and found.groups == groups
    assert found.columns == ("Group", "Rank", "Statement", "Number", "Percentage")
    assert found.rows == rows


# ---- documents: arbitrary text mixed with the shapes the parser looks for ------------------------------

SHAPED_LINES = st.sampled_from([
    "", "", "Introduction", "Findings", "## Methods and data", "• A bullet about budgets", "n Another bullet point",
    "Table 1 Types of support being received", "Coaching 8 7 15 14.3", "Answered question 105",
    "Medical directors (n=44) Clinical directors (n=63)", "Number Percentage Number Percentage",
    "40 90.91 I use benchmarking and best", "Average 63.64 49.05", "© The King’s Fund 2010", "12",
    "One medical director said: ‘It’s easy to talk the quality game when you have money.’",
    "A clinical director said:", "‘These are skills that are learnable by clinicians.’", "non-", "clinical settings.",
])
WORDS = st.text(alphabet=string.ascii_letters + "’'‘“”0123456789.,;:?!()[]-–", min_size=1, max_size=12)
SENTENCE_LINES = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)
ANY_LINES = st.text(max_size=60).map(lambda s: s.replace("\n", " "))
LINES = st.one_of(SHAPED_LINES, SENTENCE_LINES, ANY_LINES).map(lambda line: [line])
TABLE_LINES = st.one_of(grid_tables().map(lambda t: t[0]), ranked_tables().map(lambda t: t[0]))
DOCUMENT = st.lists(st.one_of(LINES, LINES, LINES, TABLE_LINES), max_size=30).map(
    lambda blocks: "\n".join(line for block in blocks for line in block))


def parsed(pages: list[str], chunk_size: int):
    numbered = tuple((n, body) for n, body in enumerate(pages, start=1)) if len(pages) > 1 else ((None, pages[0]),)
    raw = RawDocument(Path("generated.txt"), "0" * 64, numbered, {"title": "Generated report"})
    try:
        return parse(raw, "generated", chunk_size)
    except IngestError:
        return None  # nothing left to index: refused by name, which is allowed


@PROPERTY
@given(pages=st.lists(DOCUMENT, min_size=1, max_size=3), chunk_size=st.integers(200, 800))
def test_every_chunk_quote_and_table_row_slices_its_exact_text_back_out_of_the_cleaned_text(pages, chunk_size):
    result = parsed(pages, chunk_size)
    if result is None:
        return
    text = result.source.text
    for chunk in result.chunks:
        assert text[chunk.start:chunk.end] == chunk.text
    for quote in result.quotes:
        assert text[quote.start:quote.end] == quote.text
    for table in result.tables:
        for figure in table.figures:
            assert figure.value in text[figure.start:figure.end]
    ids = [c.id for c in result.chunks]
    assert len(ids) == len(set(ids)), "two chunks share an id: Chroma would refuse the batch"


# ---- the cleaner keeps every digit and quote mark ---------------------------------------------------------

def clean_lines(pages: tuple[tuple[int | None, str], ...], title: str) -> list:
    """The text's lines as read, without the lines found to be furniture."""
    layout = read_text(pages, title)
    furniture = find_furniture(layout).lines
    return [line for p, page in enumerate(layout.pages) for k, line in enumerate(page.lines) if (p, k) not in furniture]


def kept_marks(text: str) -> Counter:
    return Counter(ch for ch in text if ch.isdigit() or ch in QUOTE_CHARACTERS)


NO_COPYRIGHT = st.text(max_size=400).filter(lambda s: "©" not in s)  # a line opening with © is a footer


@PROPERTY
@given(body=st.one_of(NO_COPYRIGHT, DOCUMENT.filter(lambda s: "©" not in s)), title=st.text(max_size=30))
def test_cleaning_a_page_never_loses_a_digit_or_a_quote_mark(body, title):
    lines = clean_lines(((None, body),), title)
    assert kept_marks("\n".join(line.text for line in lines)) == kept_marks(body)


@PROPERTY
@given(pages=st.lists(st.lists(SENTENCE_LINES.map(lambda s: s.rstrip(".") + "."), min_size=1, max_size=6),
                      min_size=2, max_size=4))
def test_across_pages_only_the_page_numbers_are_dropped(pages):
    """Body lines (sentences) keep every digit; the bare number at each page's foot goes."""
    bodies = tuple((n, "\n".join(lines + [str(n)])) for n, lines in enumerate(pages, start=1))
    cleaned = clean_lines(bodies, "Generated report")
    assert kept_marks("\n".join(line.text for line in cleaned)) == kept_marks("\n".join(sum(pages, [])))


# ---- fuzzing the loader: any bytes under any supported name load or are refused by name -----------------

def small_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "Introduction: the budget fell by 15 per cent.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


PDF = small_pdf()


@st.composite
def damaged_pdfs(draw) -> bytes:
    """A real PDF with bytes overwritten, cut out or spliced in: damage that gets past the first checks."""
    data = bytearray(PDF)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["overwrite", "delete", "insert"]))
        chunk = draw(st.binary(min_size=1, max_size=40))
        if action == "overwrite":
            data[at:at + len(chunk)] = chunk
        elif action == "delete":
            del data[at:at + len(chunk)]
        else:
            data[at:at] = chunk
    return bytes(data)


@settings(max_examples=200, deadline=None, database=None,  # no time limit: a busy machine is slow, not wrong
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=3000), damaged_pdfs(), DOCUMENT.map(lambda s: s.encode("utf-8"))),
       suffix=st.sampled_from([".txt", ".md", ".pdf"]))
def test_any_bytes_named_txt_md_or_pdf_load_or_are_refused_with_an_ingest_error(tmp_path, content, suffix):
    path = tmp_path / f"fuzzed{suffix}"
    path.write_bytes(content)
    try:
        raw = load(path)
    except IngestError as error:
        assert "fuzzed" in str(error) and "\n" not in str(error)
        return
    assert raw.pages and any(text.strip() for _, text in raw.pages)
