"""Parse a loaded file so that no single odd page costs the whole file.

Structure (ingest.structure) reads the document as a whole: a heading series, a table over a page
break or a paragraph over a page break joins pages. When it raises on a paged file, the page that
makes it raise is found by bisection on the pages read so far (the shortest run of opening pages that
still raises ends at the page at fault), left out with a warning naming it, and the rest is parsed
again; at most MAX_FAULTY_PAGES pages are left out before the file is refused as before. The search
costs about log2(pages) extra parses, and only for a file that raised. The reader's own warnings
(RawDocument.warnings) join the parsed source's.
Not handled: files without pages (Word, HTML, text), which are refused whole when structure fails.
"""
from __future__ import annotations

from dataclasses import replace

from .errors import IngestError
from .load import RawDocument
from .structure import parse
from .types import ParsedSource

MAX_FAULTY_PAGES = 3  # more pages than this raising is no odd page but a file (or a parser) at fault


def parse_by_pages(raw: RawDocument, source_id: str, chunk_size: int) -> ParsedSource:
    """ingest.structure.parse, with any page it cannot parse left out and named in a warning."""
    left_out: list[str] = []
    while True:
        try:
            parsed = parse(raw, source_id, chunk_size)
            break
        except IngestError:
            raise
        except Exception as exc:
            if len(left_out) >= MAX_FAULTY_PAGES or not _paged(raw):
                raise
            number = _faulty_page(raw, source_id, chunk_size)
            left_out.append(f"{raw.path}: page {number} could not be read ({exc.__class__.__name__}: {exc}); it was "
                            "left out, the rest of the file was read; please report this file")
            raw = _without_pages(raw, lambda page: page.number == number)
    return replace(parsed, warnings=raw.warnings + tuple(left_out) + parsed.warnings)


def _paged(raw: RawDocument) -> bool:
    return raw.layout is not None and len(raw.layout.pages) > 1 and raw.layout.pages[0].number is not None


def _faulty_page(raw: RawDocument, source_id: str, chunk_size: int) -> int:
    """The page whose addition makes the opening pages raise (the last page when none does on its own)."""
    pages = raw.layout.pages
    low, high = 1, len(pages)  # the opening `high` pages raise
    while low < high:
        middle = (low + high) // 2
        if _raises(_without_pages(raw, lambda page: page.number > pages[middle - 1].number), source_id, chunk_size):
            high = middle
        else:
            low = middle + 1
    return pages[high - 1].number


def _raises(raw: RawDocument, source_id: str, chunk_size: int) -> bool:
    try:
        parse(raw, source_id, chunk_size)
    except IngestError:  # "no text left": too few pages to tell, not the fault
        return False
    except Exception:
        return True
    return False


def _without_pages(raw: RawDocument, dropped) -> RawDocument:
    layout = replace(raw.layout, pages=tuple(page for page in raw.layout.pages if not dropped(page)))
    kept = {page.number for page in layout.pages}
    return replace(raw, layout=layout, pages=tuple((n, text) for n, text in raw.pages if n in kept))
