"""How long the page behind a citation takes to show: `python -m evals.page_speed PDF_OR_FOLDER ...`.

For each PDF, a few pages spread through it are rendered with an empty cache (pypdfium2 to PNG, then the page's
words read by pdfplumber for the highlight), then again from the cache. Prints a table; nothing is asserted.
"""
from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

from ui.page_image import page_words, rendered

PAGES = 5  # sampled per PDF: first, last and three between


def sampled(count: int, wanted: int = PAGES) -> list[int]:
    """Page numbers (1-based) spread evenly over the document."""
    return sorted({1 + round(n * (count - 1) / max(1, wanted - 1)) for n in range(wanted)})


def time_pdf(pdf: Path, cache: Path) -> dict:
    """Seconds to show each sampled page cold (render and read its words) and warm (from the caches)."""
    import pypdfium2

    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    document = pypdfium2.PdfDocument(str(pdf))
    count = len(document)
    document.close()
    cold, warm = [], []
    for page in sampled(count):
        for times in (cold, warm):
            started = time.perf_counter()
            rendered(pdf, sha, page, cache)
            page_words(pdf, sha, page)
            times.append(time.perf_counter() - started)
    return {"pdf": pdf.name, "pages": count, "cold": cold, "warm": warm}


def table(rows: list[dict]) -> str:
    lines = ["| PDF | pages | cold median s | cold max s | warm median s |", "|---|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['pdf']} | {row['pages']} | {statistics.median(row['cold']):.2f} | "
                     f"{max(row['cold']):.2f} | {statistics.median(row['warm']):.3f} |")
    every = [t for row in rows for t in row["cold"]]
    lines.append(f"| all ({len(every)} pages) | | {statistics.median(every):.2f} | {max(every):.2f} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="PDF files or folders of them")
    args = parser.parse_args(argv)
    pdfs = sorted(p for path in args.paths for p in ([path] if path.is_file() else path.glob("*.pdf")))
    with tempfile.TemporaryDirectory(prefix="citebrief-pages-") as cache:
        print(table([time_pdf(pdf, Path(cache)) for pdf in pdfs]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
