"""The answer as the public JSON contract, and as text for people."""
from __future__ import annotations

from .types import Answer


def answer_to_dict(answer: Answer) -> dict:
    """The documented `citebrief ask --json` object; fields are only ever added, never changed."""
    return {
        "question": answer.question,
        "answer": answer.answer,
        "abstained": answer.abstained,
        "route": answer.route,
        "citations": [{"n": c.n, "source": c.source, "title": c.title, "section": c.section, "page": c.page,
                       "kind": c.kind, "text": c.text, "start": c.start, "end": c.end, "publisher": c.publisher,
                       "year": c.year, "highlights": [list(h) for h in c.highlights],
                       "page_label": c.page_label, "page_pdf": c.page_pdf, "speaker": c.speaker} for c in answer.citations],
        "figures": [{"table": f.figure.table, "row": f.figure.row, "group": f.figure.group,
                     "measure": f.figure.measure, "value": f.figure.value, "base": f.figure.base,
                     "rank": f.figure.rank, "source": f.figure.source, "citation": f.citation,
                     "notes": list(f.figure.notes)} for f in answer.figures],
        "quotes": [{"text": q.text, "speaker": q.speaker, "section": q.section, "citation": q.citation,
                    "source": q.source} for q in answer.quotes],
        "notices": list(answer.notices),
        "timings_ms": answer.timings_ms,
        "read_as": answer.read_as or answer.question,
    }


def answer_to_text(answer: Answer) -> str:
    """How it read the question (when not as typed), the answer, notes, then the cited passages."""
    reading = [n for n in answer.notices if n.startswith("Read ")]
    lines = reading + [answer.answer, ""]
    for notice in answer.notices:
        if notice not in reading:
            lines.append(f"Note: {notice}")
    for note in dict.fromkeys(n for f in answer.figures for n in f.figure.notes):
        lines.append(f"Data note: {note}")
    if answer.citations:
        lines.append("Closest passages (not an answer):" if answer.abstained else "Sources:")
    for c in answer.citations:
        where = ", ".join(x for x in (c.title, c.section, f"p. {c.page_label}" if c.page_label else "") if x)
        passage = c.text if len(c.text) <= 300 else c.text[:297] + "..."
        lines.append(f"[{c.n}] {where}\n    {passage}")
    return "\n".join(lines).rstrip()
