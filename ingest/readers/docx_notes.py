"""A Word file's footnotes and endnotes (word/footnotes.xml, word/endnotes.xml), numbered as Word prints them.

Word numbers notes by the order of their references in the text, footnotes 1, 2, 3 and endnotes i, ii,
iii (its defaults). A note is read as a line "N text", placed after the paragraph that refers to it, and
that paragraph keeps the number as the link (Line.notes) instead of a digit glued into its sentence.
Not handled: numbering formats a file sets for itself (w:numFmt in its settings), custom marks.
"""
from __future__ import annotations

from .docx_runs import W, paragraph_content

PARTS = {"footnote": "/footnotes", "endnote": "/endnotes"}
ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50), ("xl", 40),
         ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


class Notes:
    """The file's notes by kind and id, handing out each note's printed number at its first reference."""

    def __init__(self, document_part) -> None:
        self.texts: dict[tuple[str, str], str] = {}
        for kind, suffix in PARTS.items():
            for rel in document_part.rels.values():
                if rel.reltype.endswith(suffix) and not rel.is_external:
                    self.texts.update(_note_texts(kind, rel.target_part.blob))
        self.numbers: dict[tuple[str, str], str] = {}

    def mark(self, note: tuple[str, str]) -> str | None:
        """The note's printed number; None for a reference to a note the file does not hold."""
        if note not in self.texts:
            return None
        if note not in self.numbers:
            count = 1 + sum(1 for kind, _ in self.numbers if kind == note[0])
            self.numbers[note] = str(count) if note[0] == "footnote" else _roman(count)
        return self.numbers[note]


def _note_texts(kind: str, blob: bytes) -> dict[tuple[str, str], str]:
    from docx.oxml.parser import parse_xml

    texts = {}
    for note in parse_xml(blob).iter(W + kind):
        if note.get(W + "type") in (None, "normal"):  # not the separator lines
            paragraphs = (paragraph_content(p).text.strip() for p in note.iter(W + "p"))
            texts[(kind, note.get(W + "id"))] = " ".join(t for t in paragraphs if t)
    return texts


def _roman(number: int) -> str:
    out = ""
    for letters, value in ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out
