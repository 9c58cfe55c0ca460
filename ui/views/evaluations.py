"""The evaluations page: run a gold set through the same assistant users get, and read the results."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from evals.runner import markdown_report, metrics_table, run_set, write_outputs
from evals.sets import SETS_DIR, EvalSetError
from ui import session
from ui.markup import escape

UPLOAD = "Upload a set…"
# Each headline metric in plain words, with what it means for someone relying on the answers.
HEADLINE = {
    "accuracy": ("Answered correctly",
                 "Share of questions whose answer holds what the expected answer says (or declines when it should)."),
    "figure_exactness": ("Figures exact",
                         "Of the questions about a number, the share answered with exactly the figure the report prints."),
    "citation_support": ("Right source cited",
                         "Share of answers that cite the passage of the report where the answer is written."),
    "evidence_recall_at_5": ("Right passage found",
                             "Share of questions where the passage holding the answer was among the first five read."),
    "abstention_recall": ("Says when the report is silent",
                          "Of the questions the report cannot answer, the share where citebrief said so "
                          "instead of guessing."),
    "unsupported_number_rate": ("Numbers not in the sources",
                                "Share of numbers in answers that no cited passage or table prints; 0 is the aim."),
}


CAVEAT = ("A score describes the report its questions were written from, and only that report. The sets listed here "
          "were written from the report bundled with citebrief (The King's Fund's *Leadership needs*, in corpus/), "
          "apart from followup-reports, written from five NHS reports: their scores say nothing about how well "
          "citebrief answers from another report. To measure it on yours, write some of its questions with the words "
          "a right answer must hold (a JSON Lines set, one question per line) and upload them.")


def render() -> None:
    st.title("Evaluations")
    st.caption("Each question goes through the same assistant as the chat page, and is scored against its gold answer.")
    st.info(CAVEAT)
    if not session.has_reports():
        st.warning("The library holds no reports to evaluate: add one on the Reports page first.")
        return
    sets = {path.name: path for path in sorted(SETS_DIR.glob("*.jsonl"))}
    choice = st.selectbox("Evaluation set", [*sets, UPLOAD], key="eval-set")
    chosen = sets.get(choice) or st.file_uploader("A JSON Lines set (one question per line)", type=["jsonl"],
                                                  key="eval-upload")
    if chosen and st.button("Run evaluation", key="run-eval", type="primary"):
        _run(chosen)
    results = st.session_state.get("eval-results")
    if results:
        _show(results)


def _run(chosen) -> None:
    """Run a packaged set (a Path) or an uploaded one; keep the results and the runner's chart."""
    bar = st.progress(0.0, text="Starting…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=f"{done} of {total} questions")

    with tempfile.TemporaryDirectory(prefix="citebrief-eval-") as folder:
        try:
            path = chosen if isinstance(chosen, Path) else _saved(chosen, Path(folder))
            result = run_set(session.assistant(), path, progress)
        except (EvalSetError, UnicodeDecodeError) as exc:
            st.session_state.pop("eval-results", None)
            st.error(escape(f"This set cannot be run: {str(exc).replace(folder + '/', '')}"))
            return
        finally:
            bar.empty()
        write_outputs([result], Path(folder) / "out")
        chart = (Path(folder) / "out" / "accuracy.png").read_bytes()
    st.session_state["eval-results"] = {"result": result, "chart": chart}


def _saved(upload, folder: Path) -> Path:
    # The set's name appears in tables and file names, so keep only plain characters of it.
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(upload.name).stem).strip("-") or "uploaded"
    path = folder / f"{name}.jsonl"
    path.write_bytes(upload.getvalue())
    return path


def _show(results: dict) -> None:
    result, metrics = results["result"], results["result"]["metrics"]
    st.subheader(escape(f"{Path(result['set']).name}: {metrics['questions']} questions"))
    _per_report(result)
    with st.container(horizontal=True):
        for name, (label, meaning) in HEADLINE.items():
            st.metric(label, _percent(metrics.get(name)), help=meaning, width=260, border=True)
    with st.expander("What these numbers mean"):
        st.markdown("\n".join(f"- **{label}**: {meaning}" for label, meaning in HEADLINE.values()))
    st.image(results["chart"], caption="Accuracy by category")
    with st.expander("All metrics"):
        st.markdown(metrics_table([result]))
    only_failures = st.toggle("Only failed questions", key="eval-failures")
    rows = [_row(q) for q in result["questions"] if not (only_failures and q["passed"])]
    st.dataframe(pd.DataFrame(rows), hide_index=True, column_config={"passed": st.column_config.CheckboxColumn()})
    st.download_button("Download the report (Markdown)", markdown_report([result]), file_name="report.md",
                       key="eval-report", icon=":material/download:")


def _per_report(result: dict) -> None:
    """Each report the set's questions were written from (the report holding their evidence), scored apart."""
    titles = {p.source.id: p.source.title for p in session.assistant().library.parsed}
    rows = [{"report": titles.get(source, source) or "(no evidence: questions to decline)", "set": Path(result["set"]).name,
             "questions": m["questions"], "answered correctly": _percent(m.get("accuracy")),
             "figures exact": _percent(m.get("figure_exactness")), "right source cited": _percent(m.get("citation_support"))}
            for source, m in result["reports"].items()]
    st.caption("By report: the scores below hold for these reports only.")
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def _row(question: dict) -> dict:
    citations = " | ".join(f"[{c['n']}] {c['section']}: {c['text'][:160]}" for c in question["citations"])
    return {"passed": question["passed"], "id": question["id"], "category": question["category"],
            "question": question["question"], "answer": question["answer"], "expected": "; ".join(question["expected"]),
            "citations": citations}


def _percent(share: float | None) -> str:
    """A share (0 to 1) as a whole percentage; '–' when the set has no question it applies to."""
    return "–" if share is None else f"{share:.0%}"


if __name__ == "__main__":
    render()
