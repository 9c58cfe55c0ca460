"""Read an HTML page (a saved gov.uk or think-tank report) into the layout model with BeautifulSoup.

Lines in document order: h1-h6 are headings (level 1-6); p, li, dt, dd, pre, figcaption and text
standing loose in a section are body lines, li a list item (level = its list's nesting), and what
stands inside a blockquote a quote. Page furniture is dropped by its element: header, footer, nav,
aside, form, script, style, noscript, template, and anything hidden (`hidden`, `aria-hidden="true"`).
`<table>` becomes a Grid: a cell with colspan is repeated in each column it covers, a cell with rowspan
is printed once, in its first row; heading rows are those in <thead> or made only of <th>, else the
rows above the first row holding a figure; <caption> is the grid's caption. A table nested in a cell
is read as that cell's text. There is no geometry: `top` numbers lines and tables in reading order.
What the page says of itself: the title from Dublin Core or citation <meta> tags, else the first <h1>
outside the page furniture, else <title>; the author, publisher and date from <meta> (author, dc.creator,
dc.publisher, og:site_name, dc.date, article:published_time, citation_publication_date), the year
else as the page's opening text prints it.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import IngestError
from ..layout import Grid, Layout, Line, Page
from ..grid_rows import heading_levels, heading_rows, holds_figures
from .metadata import document_metadata, printed_year, year_of

DROPPED = {"header", "footer", "nav", "aside", "form", "script", "style", "noscript", "template", "svg", "button"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BODY = {"p", "li", "dt", "dd", "pre", "figcaption", "address"}
LISTS = {"ul", "ol"}
INLINE = {"a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "label", "mark", "q", "s", "small",
          "span", "strong", "sub", "sup", "time", "u", "var"}
CELLS = ("td", "th")
BREAK = "\u2028"  # stands for a line break inside a cell while its white space is collapsed
OPENING_CHARS = 2000  # a page's masthead and title block, where it prints its date
# <meta> names for each bibliographic field, the most specific first
META = {"title": ("dc.title", "citation_title", "og:title"), "author": ("author", "dc.creator", "citation_author"),
        "publisher": ("dc.publisher", "citation_publisher", "og:site_name"),
        "date": ("dc.date.issued", "dc.date", "citation_publication_date", "article:published_time", "date")}


def read_html(path: Path, text: str) -> Layout:
    """The page's lines and tables in reading order; IngestError when nothing readable is in it."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(text, "html.parser")
    except Exception as exc:  # html.parser is lenient; a failure here means the file is not HTML at all
        raise IngestError(f"{path}: not a readable HTML page ({exc.__class__.__name__}: {exc})") from exc
    reader = _Reader()
    reader.walk(soup.body or soup)
    reader.flush(False)
    return Layout((Page(None, tuple(reader.lines), tuple(reader.grids)),), file_metadata=_metadata(soup))


def _metadata(soup) -> dict:
    """Title, author, publisher and date as the page's <meta> tags, first <h1> and <title> say them."""
    metas = {(m.get("name") or m.get("property") or "").lower(): m.get("content") or "" for m in soup.find_all("meta")}
    found = {key: next((metas[name] for name in names if metas.get(name, "").strip()), "") for key, names in META.items()}
    heading = next((h for h in soup.find_all("h1") if not h.find_parent(list(DROPPED))), None)
    title = found["title"] or (heading.get_text(" ", strip=True) if heading else "") or \
        (soup.title.get_text(" ", strip=True) if soup.title else "")
    opening = soup.body.get_text(" ", strip=True)[:OPENING_CHARS] if soup.body else ""
    return document_metadata(title=title, author=found["author"], publisher=found["publisher"], date=found["date"],
                             year=year_of(found["date"]) or printed_year(opening))


class _Reader:
    """Walks the element tree in document order, numbering lines and tables in one sequence."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.grids: list[Grid] = []
        self.loose: list[str] = []  # text standing outside any block element, gathered into one line

    def walk(self, element, quote: bool = False, depth: int = 0) -> None:
        for child in element.children:
            name = getattr(child, "name", None)
            if name is None:
                if child.__class__.__name__ == "NavigableString":  # not a comment or a doctype
                    self.loose.append(str(child))
            elif name in DROPPED or _hidden(child):
                continue
            elif name in INLINE:
                self.loose.append(child.get_text())
            elif name == "br":
                self.flush(quote)
            elif name in HEADINGS or name in BODY:
                self.flush(quote)
                heading = name in HEADINGS
                self._add(child, "heading" if heading else "list" if name == "li" else "quote" if quote else "",
                          HEADINGS[name] if heading else depth if name == "li" else 0)
                for sub in child.find_all(LISTS, recursive=False) if name == "li" else ():
                    self.walk(sub, quote, depth + 1)
            elif name == "table":
                self.flush(quote)
                self._table(child)
            else:
                self.flush(quote)
                self.walk(child, quote or name == "blockquote", depth + (name in LISTS))
                self.flush(quote or name == "blockquote")

    def _position(self) -> int:
        return len(self.lines) + len(self.grids)

    def flush(self, quote: bool) -> None:
        """The loose text gathered so far, as one line."""
        text = _spaced("".join(self.loose))
        self.loose = []
        if text:
            self.lines.append(Line(text, None, top=self._position(), bottom=self._position(), style="quote" if quote else ""))

    def _add(self, element, style: str, level: int) -> None:
        text = _spaced("".join(_text(c) for c in element.children if getattr(c, "name", None) not in LISTS))
        strong = _spaced(" ".join(b.get_text() for b in element.find_all(["b", "strong"])))
        if text:
            self.lines.append(Line(text, None, top=self._position(), bottom=self._position(),
                                   bold=style == "heading" or strong == text, style=style, level=level))

    def _table(self, element) -> None:
        grid = _grid(element, self._position())
        if grid.rows:
            self.grids.append(grid)


def _hidden(element) -> bool:
    return element.has_attr("hidden") or element.get("aria-hidden") == "true"


def _text(node) -> str:
    if getattr(node, "name", None) is None:
        return str(node) if node.__class__.__name__ == "NavigableString" else ""
    return node.get_text()


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _grid(table, position: int) -> Grid:
    rows, spans, heads = _cells(table)
    if not rows:
        return Grid(None, (), top=position, bottom=position)
    header = heads or (heading_rows(rows) if holds_figures(rows) else 0)
    title, levels = heading_levels([[(rows[r][k], spans[r][k]) for k in range(len(rows[r]))] for r in range(header)])
    caption = table.find("caption")
    caption_text = " ".join(caption.get_text(" ").split()) if caption else title
    body = tuple(tuple(row) for row in rows[header:])
    return Grid(None, tuple(levels) + body, len(levels), top=position, bottom=position, caption=caption_text)


def _cells(table) -> tuple[list[list[str]], list[list[int]], int]:
    """The table's text by row and column (colspan repeated, rowspan printed once), how many columns each
    cell covers, and how many leading rows are headings (<thead>, or rows of <th> only)."""
    placed: dict[tuple[int, int], tuple[str, int]] = {}
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    heads, in_head = 0, True
    for r, tr in enumerate(trs):
        k = 0
        cells = tr.find_all(CELLS, recursive=False)
        for cell in cells:
            while (r, k) in placed:
                k += 1
            across, down = _span(cell, "colspan"), _span(cell, "rowspan")
            text = _cell_text(cell)
            for dr in range(down):
                for dk in range(across):
                    placed[(r + dr, k + dk)] = (text if dr == 0 else "", across)
            k += across
        head = tr.find_parent("thead") is not None or (cells and all(c.name == "th" for c in cells))
        in_head = in_head and bool(head)
        heads += in_head
    width = max((k for _, k in placed), default=-1) + 1
    rows = [[placed.get((r, k), ("", 1))[0] for k in range(width)] for r in range(len(trs))]
    spans = [[placed.get((r, k), ("", 1))[1] for k in range(width)] for r in range(len(trs))]
    keep = [r for r, row in enumerate(rows) if any(row)]
    return [rows[r] for r in keep], [spans[r] for r in keep], min(heads, len(keep) - 1) if keep else 0


def _cell_text(cell) -> str:
    """A cell's words, white space collapsed as a browser does; a <br> or a paragraph in it starts a new line."""
    for br in cell.find_all("br"):
        br.replace_with(BREAK)
    for block in cell.find_all(["p", "li", "div"]):
        block.append(BREAK)
    return "\n".join(part for part in (_spaced(piece) for piece in cell.get_text().split(BREAK)) if part)


def _span(cell, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(attribute, 1)), 1000))
    except (TypeError, ValueError):
        return 1
