"""Where an evaluation item's evidence is in the corpus, written as the report prints it or as citebrief cleaned it.

A person writing a set copies evidence from the report: the PDF's text layer with its bullet glyphs
('n Clinical directors believe ...'), a table row as printed ('Coaching 8 7 15 14.3'), a row whose
wrapped cells the text layer gives a line at a time ('Technical Information and Band 6 16,407 ...').
Evidence and passages are compared in one lenient form (see `lenient`), and a printed table row is
matched to the parsed row, whose rendered line is what citebrief's passages and citations hold.
Not handled: evidence that spans a page's running header or footer, or text the file does not hold
(a chart drawn as an image).
"""
from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ingest.errors import IngestError
from ingest.types import ParsedSource

from .sets import normalise

# The glyphs a text layer or ingest.clean uses for a bullet ('n' is a Wingdings bullet as extracted),
# and a lone dash: dropped from both sides of every comparison.
GLYPHS = frozenset("n•▪■●◦‣∙·*-")
# 'decision- making' as a text layer wraps it; ingest joins the lines as 'decision-making'.
LINE_END_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z])")
# The ways a file's own text is read, cheapest first: pypdf reads a PDF's text layer alone (0.16 s a page on the
# nine reports); citebrief's reader and pdfplumber lay out every character (0.55 s a page); pypdf reads no other
# format, so a Word or text file is read by citebrief's reader.
READINGS = ("pypdf", "citebrief", "pdfplumber")
# A word broken at a line end of a text layer ('expen-\nditure'), read as one word ('expenditure').
LINE_END_BREAK = re.compile(r"(?<=[a-z])-[ \t]*\n\s*(?=[a-z])")


def lenient(text: str) -> str:
    """The form evidence and passages are compared in: Unicode compatibility forms (ligatures, no-break
    spaces), lower case, straight quotes and dashes, a line-end hyphen joined to the next word, no
    bullet glyphs, single spaces."""
    text = normalise(unicodedata.normalize("NFKC", text).replace("−", "-"))
    return " ".join(t for t in LINE_END_HYPHEN.sub("-", text).split() if t not in GLYPHS)


class Words:
    """A lenient text's words (punctuation and quote marks at their ends aside), with where each word stands."""

    def __init__(self, text: str):
        self.words = [t.strip(".,;:()'\"") for t in text.split()]
        self.at: dict[str, list[int]] = {}
        for i, word in enumerate(self.words):
            self.at.setdefault(word, []).append(i)


def occurs(wanted: str, text: str, words: Words | None = None) -> bool:
    """Whether the lenient string `wanted` is in the lenient `text`, or its words are, in order, with
    only words between them (at most half as many, never a number; punctuation at a word's ends aside):
    how a table row reads when its wrapped cells give the text layer only their first lines.
    words: Words(text), when the caller keeps it."""
    if not wanted or wanted in text:
        return bool(wanted)
    wanted_words, words = Words(wanted).words, words or Words(text)
    if not set(wanted_words) <= words.at.keys():
        return False
    return any(_in_order(wanted_words, words.words, i) for i in words.at[wanted_words[0]])


def _in_order(wanted: list[str], tokens: list[str], start: int) -> bool:
    skipped, k = 0, 0
    for token in tokens[start:]:
        if token == wanted[k]:
            k += 1
            if k == len(wanted):
                return True
        elif any(c.isdigit() for c in token) or skipped >= len(wanted) // 2:
            return False
        else:
            skipped += 1
    return False


@dataclass(frozen=True)
class Place:
    """Where evidence was found: its source, what it was found in, and the lenient forms a passage
    may hold it in (the evidence itself, and the rendered line of a table row it matched)."""

    source: str
    found_in: str  # "cleaned text", "table row" or "printed text"
    forms: tuple[str, ...]


@dataclass
class SourceText:
    """One source's texts that evidence is looked for in, each in lenient form."""

    id: str
    cleaned: str
    rows: list[tuple[list[str], str]]  # (a parsed row's words as printed, the row's line in the cleaned text)
    path: str = ""
    printed: dict = field(default_factory=dict, repr=False)  # the file's own text by each reading, read when needed

    @cached_property
    def cleaned_words(self) -> Words:
        return Words(self.cleaned)

    def place(self, wanted: str) -> Place | None:
        """The evidence as one of this source's parsed table rows as printed, or in its cleaned text."""
        lines = [line for printed, line in self.rows if _same_row(wanted.split(), printed)]
        if lines:
            return Place(self.id, "table row", (wanted, *lines))
        return Place(self.id, "cleaned text", (wanted,)) if occurs(wanted, self.cleaned, self.cleaned_words) else None


class Corpus:
    """The texts of a library's sources that an evaluation set's evidence must be found in."""

    def __init__(self, sources: list[SourceText]):
        self.sources = sources
        self.unreadable: list[str] = []
        self.in_text: dict[str, list[Place]] = {}  # what in_texts found, by lenient evidence: a set's turns are located twice

    @classmethod
    def of_text(cls, text: str) -> "Corpus":
        """A plain text as the only source (no tables, no file)."""
        return cls([SourceText("", lenient(text), [])])

    @classmethod
    def of_parsed(cls, parsed: list[ParsedSource]) -> "Corpus":
        return cls([SourceText(p.source.id, lenient(p.source.text), _row_lines(p), p.source.path)
                    for p in parsed])

    def in_texts(self, evidence: str) -> list[Place]:
        """Every source holding the evidence as one of its parsed table rows as printed or in its cleaned text."""
        wanted = lenient(evidence)
        if wanted not in self.in_text:
            self.in_text[wanted] = [place for source in self.sources if (place := source.place(wanted))]
        return self.in_text[wanted]

    def places(self, evidence: str, first: Collection[str] = ()) -> list[Place]:
        """Every source holding the evidence (`in_texts`); failing those, in its file's own text (read from
        disk), by each of READINGS in turn. The files of the sources `first` names (a set's own report)
        are read before any other's, and the others only when those do not hold it: reading every file of
        a library takes minutes. [] when none holds it."""
        found, wanted = self.in_texts(evidence), lenient(evidence)
        ahead = [s for s in self.sources if s.id in first]
        for group in (ahead, [s for s in self.sources if s.id not in first]):
            for reading in READINGS:
                found = found or [Place(source.id, "printed text", (wanted,)) for source in group
                                  if occurs(wanted, *self._printed(source, reading))]
        return found

    def looked_in(self) -> str:
        """Where locate looked, for the message when it found nothing."""
        files = sum(1 for s in self.sources if s.path) - len(self.unreadable)
        rows = sum(len(s.rows) for s in self.sources)
        unread = f"; could not read {', '.join(self.unreadable)}" if self.unreadable else ""
        return (f"looked in the cleaned text of {len(self.sources)} source(s), their {rows} parsed table rows "
                f"as printed and the text of {files} file(s) as read from disk (by {', '.join(READINGS)}), "
                f"ignoring case, spacing, quote marks, bullet glyphs and line-end hyphens{unread}")

    def _printed(self, source: SourceText, reading: str) -> tuple[str, Words]:
        if reading not in source.printed:
            texts = []
            if source.path and source.path not in self.unreadable:
                try:
                    texts = _file_texts(Path(source.path), reading)
                except (IngestError, OSError, ValueError):
                    self.unreadable.append(source.path)
            text = "\n".join(lenient(form) for t in texts for form in _hyphen_forms(t))
            source.printed[reading] = (text, Words(text))
        return source.printed[reading]


def _file_texts(path: Path, reading: str) -> list[str]:
    """The file's text as one of READINGS reads it: citebrief's own reader, or, for a PDF, pypdf's or
    pdfplumber's extract_text, which read the text layer independently of our layout (a two-column page or
    a table in the order the layer stores it)."""
    if reading == "citebrief":
        from ingest.load import load

        return ["\n".join(page for _, page in load(path).pages)]
    if path.suffix.lower() != ".pdf":
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if reading == "pypdf":
            import pypdf

            return ["\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)]
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            return ["\n".join(page.extract_text() or "" for page in pdf.pages)]


def _hyphen_forms(text: str) -> list[str]:
    """A text with a word broken at a line end ('expen-\\nditure') read both hyphenated and as one word."""
    return [text, LINE_END_BREAK.sub("", text)]


def _row_lines(parsed: ParsedSource) -> list[tuple[list[str], str]]:
    """Each table row line of a source: (its cells as the report prints them, the line). A row's printed
    cells are the parsed row's, text cells too ("Band 6"); its figures say which line is the row's."""
    text, lines = parsed.source.text, {}
    for table in parsed.tables:
        for figure in table.figures:
            lines.setdefault((figure.start, figure.end), [figure.row]).append(figure.value)
        rows = list(table.rows)
        for span, cells in lines.items():
            whole = next((row for row in rows if holds_in_order(row, cells[1:])), None)
            if whole is not None and span[0] >= table.start:
                rows.remove(whole)
                lines[span] = list(whole)
    return [(lenient(" ".join(cells)).split(), lenient(text[start:end])) for (start, end), cells in lines.items()]


def holds_in_order(row: tuple[str, ...] | list[str], values: list[str]) -> bool:
    """Every value is a whole cell of the row, in this order."""
    at = 0
    for value in values:
        if value not in row[at:]:
            return False
        at = row.index(value, at) + 1
    return True


def _same_row(wanted: list[str], printed: list[str]) -> bool:
    """The same numbers in the same order, and a word of the row's label: a row as printed, perhaps
    with its group's label before it or part of a wrapped label left out."""
    numbers = [t for t in printed if any(c.isdigit() for c in t)]
    return bool(numbers) and numbers == [t for t in wanted if any(c.isdigit() for c in t)] and bool(
        {t for t in printed if t not in numbers} & set(wanted))


def holds(passage: str, forms: tuple[str, ...]) -> bool:
    """Whether a passage holds the evidence in one of its forms (each a lenient string)."""
    text = lenient(passage)
    return any(occurs(form, text) for form in forms)
