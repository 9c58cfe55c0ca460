"""The reports with hand-typed gold that the structure models are fitted and measured on, and the labels
the gold gives each candidate block.

Ten reports: the nine in ../shared/reports (docs/<id>.pdf, gold/<id>/) and the King's Fund text in
corpus/, whose gold lives in evals/gold/ (typed from reading the text and from what the tests assert).
Labels, matched to candidates by text (the gold never names a candidate):
- heading: the candidate reads as a gold section title (on its page, where the gold gives one); the gold
  lists headings down to some depth only, so a candidate printed like a heading (in a listed heading's
  style, or bold or larger than the body; short, no sentence) or in a numbered series, that the gold does
  not list, is left unlabelled (None): it is neither a heading nor a paragraph to learn from;
- quote: it opens with most of a gold quote's words and is mostly that quote (not prose introducing or
  quoting it), or it is a part of a gold quote (a quote printed over a page break);
- attribution: it follows a quote and reads as that quote's speaker as printed;
- contents: it ends in a dot leader, or stands on a page where three or more candidates repeat headings
  printed on later pages;
- caption: it opens 'Table N' / 'Figure N' or reads as a gold table caption;
- list_item by its bullet or its letter or number ('a)', '(iv)', '3)'), paragraph otherwise (the gold does not list paragraphs).
A quoted span in prose is a quote when it holds most of a gold quote, or is most of one.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from rapidfuzz import fuzz

from ingest.block_features import Candidate
from ingest.contents import DOT_LEADER
from ingest.headings import CAPTION, SIZE_STEP, body_style, style_of
from ingest.layout_blocks import numbered_series
from ingest.textutil import BULLET_GLYPH, ITEM_MARK, ends_sentence

ROOT = Path(__file__).resolve().parents[1]
OWN_GOLD = Path(__file__).with_name("gold")
SAME_TITLE = 90  # rapidfuzz ratio at which a candidate reads as a gold title or speaker (typing slips aside)
QUOTE_COVER = 0.8  # the shared scorer's rule: a quote is found when this share of its words run in order
QUOTE_SHARE = 0.6  # a candidate is a quote block when the quote is at least this share of its words
LEAD_WORDS = 2  # words a quote block may print before its quote (a bullet read as a letter, a number)
CONTENTS_ENTRIES = 3  # a page where this many candidates repeat later headings is a contents page
WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class GoldReport:
    """One report: its file and its gold (sections, quotes, tables, furniture as typed)."""

    id: str
    document: Path
    sections: tuple[dict, ...]
    quotes: tuple[dict, ...]
    tables: tuple[dict, ...]
    furniture: dict


def shared_reports() -> Path:
    """CITEBRIEF_REPORTS, else ../shared/reports beside the repository (as CI lays it out)."""
    import os

    return Path(os.environ.get("CITEBRIEF_REPORTS") or ROOT.parent / "shared" / "reports")


def gold_reports(shared: Path | None = None) -> list[GoldReport]:
    """Every report with gold, in a stable order (the shared ones, then the project's own)."""
    shared = shared or shared_reports()
    found = []
    for folder in sorted((shared / "gold").iterdir()) if (shared / "gold").is_dir() else []:
        found.append(_report(folder, shared / "docs" / f"{folder.name}.pdf"))
    for folder in sorted(OWN_GOLD.iterdir()):
        found.append(_report(folder, ROOT / "corpus" / f"{folder.name}.txt"))
    return found


def _report(folder: Path, document: Path) -> GoldReport:
    quotes = [json.loads(line) for line in (folder / "quotes.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    read = lambda name: json.loads((folder / name).read_text(encoding="utf-8"))  # noqa: E731
    return GoldReport(folder.name, document, tuple(read("sections.json")), tuple(quotes), tuple(read("tables.json")),
                      read("furniture.json"))


def norm(text: str) -> str:
    for curly, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("\u00a0", " ")):
        text = text.replace(curly, plain)
    return " ".join(text.split()).lower()


def words(text: str) -> list[str]:
    return WORD.findall(norm(text))


def longest_run(gold: list[str], found: list[str]) -> int:
    """How many words of `gold` run in order, unbroken, in `found`."""
    return SequenceMatcher(None, gold, found, autojunk=False).find_longest_match(0, len(gold), 0, len(found)).size


def covers(gold_text: str, found_text: str) -> bool:
    """The shared scorer's rule: at least 80 per cent of the gold quote's words in one run."""
    g = words(gold_text)
    return bool(g) and longest_run(g, words(found_text)) >= QUOTE_COVER * len(g)


def speaker_core(speaker: str) -> str:
    """The speaker as printed, without the gold's notes in brackets ("York juror (printed without ...)")."""
    return speaker.split(" (")[0].strip() if not speaker.startswith("(") else ""


def block_labels(candidates: list[Candidate], report: GoldReport) -> list[str | None]:
    """The role the gold gives each candidate (None: the gold does not tell)."""
    labels = ["list_item" if BULLET_GLYPH.match(c.text) or ITEM_MARK.match(c.text) or c.lines[0].style == "list"
              else "paragraph" for c in candidates]
    for k in _caption_candidates(candidates, report):
        labels[k] = "caption"
    for k in _contents_candidates(candidates, report):
        labels[k] = "contents"
    headings = _heading_candidates(candidates, report)
    for k in headings:
        labels[k] = "heading"
    for k in _unlisted_headings(candidates, headings):
        labels[k] = None
    speakers = _quote_candidates(candidates, report)
    for k, speaker in speakers.items():
        labels[k] = "quote"
        nxt = k + 1
        if nxt < len(candidates) and nxt not in speakers and _reads_as(candidates[nxt].text, speaker):
            labels[nxt] = "attribution"
    return labels


def _page(candidate: Candidate) -> int | None:
    return candidate.lines[0].page


def _heading_candidates(candidates: list[Candidate], report: GoldReport) -> set[int]:
    found: set[int] = set()
    for section in report.sections:
        title, page = norm(section["title"]), section.get("page_pdf")
        for k, c in enumerate(candidates):
            if k not in found and (page is None or _page(c) == page) and fuzz.ratio(norm(c.text), title) >= SAME_TITLE:
                found.add(k)
                break
    return found


def _unlisted_headings(candidates: list[Candidate], headings: set[int]) -> set[int]:
    styles = {style_of(candidates[k].lines[0]) for k in headings if candidates[k].lines[0].size}
    groups = [list(c.lines) for c in candidates]
    body = body_style([line for group in groups for line in group])
    series = numbered_series(groups, body)

    def printed_as_heading(c: Candidate) -> bool:
        style = style_of(c.lines[0])
        return bool(c.lines[0].size) and (style in styles or style.bold or style.size >= body.size + SIZE_STEP)
    return {k for k, c in enumerate(candidates) if k not in headings and (id(groups[k]) in series or (
        printed_as_heading(c) and len(c.lines) <= 2 and not ends_sentence(c.text)))}


def _contents_candidates(candidates: list[Candidate], report: GoldReport) -> set[int]:
    titles = [(norm(s["title"]), s.get("page_pdf")) for s in report.sections]
    later = set()
    for k, c in enumerate(candidates):
        bare = norm(re.sub(r"(?:\s*\.){2,}\s*\d*\s*$|\s+\d+\s*$", "", c.text))
        if any(page and _page(c) and _page(c) < page and fuzz.ratio(bare, title) >= SAME_TITLE for title, page in titles):
            later.add(k)
    pages = Counter(_page(candidates[k]) for k in later)
    return {k for k in later if pages[_page(candidates[k])] >= CONTENTS_ENTRIES} | {
        k for k, c in enumerate(candidates) if DOT_LEADER.search(c.text)}


def _caption_candidates(candidates: list[Candidate], report: GoldReport) -> set[int]:
    captions = {norm(t["caption"]) for t in report.tables if t.get("caption")}
    captions |= {norm(f"{t['id']}: {t['caption']}") for t in report.tables if t.get("caption")}
    return {k for k, c in enumerate(candidates) if CAPTION.match(c.text.strip())
            or any(fuzz.ratio(caption, norm(c.text)) >= SAME_TITLE for caption in captions)}


def _quote_candidates(candidates: list[Candidate], report: GoldReport) -> dict[int, str]:
    """Candidates that are quote blocks (the quote opens the candidate: prose introducing a quote in its own
    sentence is a paragraph), with the speaker the gold gives their quote."""
    found: dict[int, str] = {}
    for quote in report.quotes:
        g = words(quote["text"])
        for k, c in enumerate(candidates):
            w = words(c.text)
            match = SequenceMatcher(None, g, w, autojunk=False).find_longest_match(0, len(g), 0, len(w))
            whole = match.size >= QUOTE_COVER * len(g) and len(g) >= QUOTE_SHARE * len(w) and match.b <= LEAD_WORDS
            part = len(w) >= 3 and longest_run(w, g) >= QUOTE_COVER * len(w) and len(w) >= 0.2 * len(g)
            if g and (whole or part):
                found.setdefault(k, quote["speaker"])
    return found


def _reads_as(text: str, speaker: str) -> bool:
    """An attribution as printed ('(Hospital C, Consultant 2)', '— Sex worker') reads as the gold speaker."""
    core = norm(speaker_core(speaker))
    printed = norm(text).strip("()-— .")
    return bool(core) and len(printed.split()) <= 15 and fuzz.ratio(printed, core) >= SAME_TITLE - 10


def span_labels(spans, texts: list[str], report: GoldReport) -> list[str]:
    """'quote' for a quoted span (ingest.quote_spans) the gold lists as a quote, 'other' for any other."""
    quotes = [words(q["text"]) for q in report.quotes]
    labels = []
    for span in spans:
        w = words(texts[span.block][span.start:span.end])
        inside = any(w and longest_run(w, g) >= QUOTE_COVER * len(w) and len(w) >= QUOTE_SHARE * len(g) for g in quotes)
        whole = any(g and longest_run(g, w) >= QUOTE_COVER * len(g) for g in quotes)
        labels.append("quote" if inside or whole else "other")
    return labels
