"""Question and document text as inert Markdown: special characters escaped, never HTML.

On the page every character with a meaning is escaped. In an exported file (page=False) only what would
otherwise change the text is: emphasis and code marks, a tag's '<', a link's '](' , an entity's '&', and
line-start markers (a table cell's '|' is escaped by whoever writes the table); 'executive[s]' stays as printed.
"""
from __future__ import annotations

import re

# Characters with a meaning anywhere in a line: emphasis, code, links, HTML, entities, tables, strike-
# through, and Streamlit's LaTeX ($...$).
INLINE = re.compile(r"[\\`*_\[\]<>$~|&]")
# In a file: only the characters that would start markup there (intraword '_' and a lone '[' do not).
EXPORT_INLINE = re.compile(r"[`*]|\\(?=[!-/:-@\[-`{-~])|(?<!\w)_|_(?!\w)|<(?=[A-Za-z/!?])|&(?=#?\w+;)"
                           r"|\](?=[(\[:])|~(?=~)")
# Streamlit turns :smile: into an emoji even when the colon is escaped; a zero-width space after the
# colon stops it. Only on the page: exports keep the text verbatim.
SHORTCODE = re.compile(r":(?=[A-Za-z])")
# Characters with a meaning only where a line starts: headings, lists, quotes, setext underlines.
LINE_START = re.compile(r"^([ \t]*)(?:([#+=>-])|(\d+)([.)]))", re.M)
NON_SPACE_RUN = re.compile(r"\S(?:[^\n]*\S)?")

Parts = tuple[tuple[str, bool], ...]


def escape(text: str, page: bool = True) -> str:
    """Text that renders as itself: no emphasis, links, HTML, maths (nor emoji codes on the page)."""
    return _lines(_inline(text, page), page)


def emphasised(parts: Parts, page: bool = True) -> str:
    """Escaped Markdown of a passage with its marked pieces in bold (the spans an answer used)."""
    return _lines("".join(_strong(text, page) if used else _inline(text, page) for text, used in parts), page)


def blockquote(markdown: str) -> str:
    return "\n".join(f"> {line}" for line in markdown.split("\n"))


def spans(text: str, start: int, highlights) -> Parts:
    """Split a passage at `text` (source offsets from `start`) into (piece, highlighted) pairs."""
    cuts = sorted((max(a, start) - start, min(b, start + len(text)) - start) for a, b in highlights)
    parts, at = [], 0
    for a, b in cuts:
        if b <= max(a, at):
            continue
        a = max(a, at)
        parts += [(text[at:a], False), (text[a:b], True)]
        at = b
    parts.append((text[at:], False))
    return tuple(p for p in parts if p[0])


def _strong(text: str, page: bool) -> str:
    # '**' must touch non-space text on both sides and cannot span lines, so bold each line's text.
    return NON_SPACE_RUN.sub(lambda m: f"**{_inline(m.group(), page)}**", text)


def _inline(text: str, page: bool = True) -> str:
    return (INLINE if page else EXPORT_INLINE).sub(lambda m: "\\" + m.group(0), text)


def _lines(markdown: str, page: bool) -> str:
    """Line starts made inert, and a single newline kept as a hard line break (table rows, verse)."""
    markdown = LINE_START.sub(_inert_start, markdown).replace("\n", "  \n")
    return SHORTCODE.sub(":\u200b", markdown) if page else markdown


def _inert_start(match: re.Match) -> str:
    indent, marker, number, dot = match.groups()
    return indent + (f"\\{marker}" if marker else f"{number}\\{dot}")
