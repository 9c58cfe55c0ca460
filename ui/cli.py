"""The `citebrief` command: ingest, ask, chat, quotes, tables, eval, ui."""
from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import IngestError, StoreError
from ingest.settings import Settings

DEFAULT_CORPUS = Path("corpus")
STAGES = {"parse": "Reading files", "embed": "Embedding new passages"}


def _settings(args) -> Settings:
    return Settings.from_env(home=getattr(args, "home", None), model=getattr(args, "model", None))


def cmd_ingest(args) -> int:
    from ingest.pipeline import ingest

    settings = _settings(args)
    with _ingest_progress() as progress:
        report = ingest(args.paths or [DEFAULT_CORPUS], settings, rebuild=args.rebuild, progress=progress)
    for line in report.errors + report.warnings:
        print(f"citebrief: {line}", file=sys.stderr)
    print(report.summary())
    return 1 if report.errors and not report.sources else 0


@contextmanager
def _ingest_progress():
    """A progress callback drawing on stderr: files read, then passages embedded. The embedding line appears
    when the last file is being read, so the model's loading (about 20 s) shows as a moving bar, not silence."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=_stderr_console(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES[stage], total=total)
            bar.update(tasks[stage], completed=done, total=total, description=STAGES[stage])
            if stage == "parse" and done == total and "embed" not in tasks:
                tasks["embed"] = bar.add_task("Embedding new passages (the model loads first)", total=None)

        yield progress


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _library(args):
    from assistant.library import Library

    return Library.open(_settings(args))


def cmd_tables(args) -> int:
    library = _library(args)
    tables = [t for p in library.parsed for t in p.tables]
    if args.json:
        print(json.dumps([{"id": t.id, "source": t.source, "caption": t.caption, "columns": list(t.columns),
                           "rows": [list(r) for r in t.rows], "base": t.base} for t in tables],
                         ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console()
    for t in tables:
        view = RichTable(*t.columns, title=f"{t.id} {t.caption} ({t.source}; base: {t.base})", title_justify="left")
        for row in t.rows:
            view.add_row(*(list(row) + [""] * (len(t.columns) - len(row))))
        console.print(view)
    return 0


def cmd_audit(args) -> int:
    """Every integrity finding stored at ingest; reads the store only (no model is loaded)."""
    from ingest.store import Store
    from ingest.types import to_dict

    parsed = Store(_settings(args)).load_all()
    rows = [(p.source, f) for p in parsed for f in sorted(p.findings, key=lambda f: f.verdict != "inconsistent")]
    if args.json:
        print(json.dumps([{**to_dict(f), "title": source.title,
                           "passages": [{**to_dict(x), "title": source.title} for x in f.passages]}
                          for source, f in rows], ensure_ascii=False, indent=2))
        return 0
    for p in parsed:
        bad = sum(f.verdict == "inconsistent" for f in p.findings)
        print(f"{p.source.id}: {bad} inconsistencies; figures the text states that agree with a table: {len(p.findings) - bad}")
    for n, (source, f) in enumerate(rows, start=1):
        where = " · ".join(x for x in (f.verdict, f.check, ", ".join(f.tables), f.group, f.row) if x)
        print(f"\n[{n}] {where}\n    printed {f.printed} · recomputed {f.recomputed}\n    {f.message}")
        for x in f.passages:
            page = f", p. {x.page}" if x.page else ""
            print(f"    — {source.title}, {x.section or 'untitled section'}{page}, chars {x.start}–{x.end}: “{x.text}”")
    return 0


def cmd_quotes(args) -> int:
    library = _library(args)
    sources = {p.source.id: p.source for p in library.parsed}
    if args.source and args.source not in sources:
        raise ValueError(f"no source '{args.source}' in the store; sources: {', '.join(sources)}")
    if args.all or not args.topic:
        quotes = [q for q in library.quotes if (not args.speaker or args.speaker.lower() in q.speaker)
                  and (not args.source or q.source == args.source)]
        rows = [{"text": q.text, "speaker": q.speaker, "section": q.section, "source": q.source,
                 "page": q.page, "start": q.start, "end": q.end} for q in quotes]
    else:
        from assistant.answer import find_quotes

        rows = find_quotes(library, args.topic, speaker=args.speaker, k=args.k, source=args.source or "")
    rows = [_with_origin(row, sources[row["source"]], library.quotes) for row in rows]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            where = f"{row['kind']} {row['source']}, {row['section'] or 'untitled section'}" + (f", p. {row['page']}" if row.get("page") else "")
            print(f"“{row['text']}”\n    — {row['speaker']} ({where})\n")
        if not rows:
            print("No quotes found.")
    return 0


def _with_origin(row: dict, source, quotes) -> dict:
    """The row with where it comes from: the source's title and kind (report or transcript), and a turn's
    number, timestamp and speaker label as the transcript gives them."""
    quote = next((q for q in quotes if q.source == row["source"] and q.start == row["start"]), None)
    turn = {"turn": quote.turn, "timestamp": quote.timestamp, "label": quote.label} if quote and quote.turn else {}
    return {**row, "title": source.title, "kind": source.kind, **turn}


def _assistant(args):
    from assistant.answer import Assistant
    from assistant.generate import chat_model_from_env

    assistant = Assistant(_library(args), chat_model=chat_model_from_env())
    sources = [p.source.id for p in assistant.library.parsed]
    if getattr(args, "source", "") and args.source not in sources:
        raise ValueError(f"no source '{args.source}' in the store; sources: {', '.join(sources)}")
    return assistant


def cmd_ask(args) -> int:
    from assistant.render import answer_to_dict, answer_to_text

    assistant = _assistant(args)
    if args.jsonl:
        from .turns import ask_lines

        return ask_lines(assistant, args.k, args.source, args.mode)
    question = " ".join(args.question)
    if not question.strip() and not args.json:
        print('citebrief: the question is empty; try citebrief ask "How many clinical directors got coaching?"',
              file=sys.stderr)
        return 2
    answer = assistant.ask(question, k=args.k, source=args.source, mode=args.mode)
    print(json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2) if args.json else answer_to_text(answer))
    return 0


def cmd_chat(args) -> int:
    from .turns import chat

    return chat(_assistant(args), args.k, args.source)


def cmd_eval(args) -> int:
    if args.resamples and not (args.structure and args.cross_report):
        print("citebrief: --resamples goes with --structure --cross-report", file=sys.stderr)
        return 2
    if args.structure:
        from evals.structure_eval import structure_tables

        print(structure_tables(args.cross_report, progress=_note, resamples=args.resamples))
        return 0
    if args.tatqa:
        return _eval_tatqa(args)
    from assistant.answer import Assistant
    from evals.runner import failed_thresholds, metrics_table, report_table, run_sets, set_label, write_outputs
    from evals.sets import SETS_DIR, find_sets

    sets = find_sets(args.set or [SETS_DIR / "report-gold.jsonl"])
    results = run_sets(Assistant(_library(args)), sets)
    minimums = dict(args.min or [])
    if args.out:
        written = write_outputs(results, args.out)
        print("Wrote " + ", ".join(str(p) for p in written), file=sys.stderr)
    if args.json:
        print(json.dumps([{"set": r["set"], "label": r["label"], "metrics": r["metrics"], "reports": r["reports"]}
                          for r in results], indent=2))
    else:
        print(metrics_table(results) + "\n\nBy report:\n\n" + report_table(results))
    failures = [f"{set_label(r)}: {f}" for r in results for f in failed_thresholds(r["metrics"], minimums)]
    for failure in failures:
        print(f"citebrief: below threshold: {failure}", file=sys.stderr)
    return 1 if failures else 0


def cmd_train(args) -> int:
    from evals.structure_train import train

    _note(f"Wrote {train(progress=_note)}")
    return 0


def _threshold(text: str) -> tuple[str, float]:
    name, _, value = text.partition("=")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected METRIC=NUMBER, got {text!r}") from None


def _resamples(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of rounds, 1 or more, got {text!r}")
    return int(text)


def cmd_bench(args) -> int:
    import tempfile

    from evals.bench import BenchError, bench_table, run_bench, write_outputs
    from evals.sets import SETS_DIR

    model = _settings(args).model
    with tempfile.TemporaryDirectory(prefix="citebrief-bench-") as workdir:
        try:
            result = run_bench(args.set or SETS_DIR / "report-gold.jsonl", args.corpus or [DEFAULT_CORPUS],
                               Path(workdir), model, cold_runs=args.cold_runs, isolate=not args.in_process,
                               progress=_note)
        except BenchError as exc:
            print(f"citebrief: {exc}", file=sys.stderr)
            return 2
    if args.out:
        _note("Wrote " + ", ".join(str(p) for p in write_outputs(result, args.out)))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else bench_table(result))
    return 0


def cmd_bench_scale(args) -> int:
    import tempfile

    from evals.scale import gold_questions, run_scale, scale_table, write_outputs
    from ingest.load import find_sources

    report = args.report or find_sources([DEFAULT_CORPUS])[0]
    questions = gold_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="citebrief-scale-") as workdir:
        result = run_scale(report, args.sizes, Path(workdir), _settings(args).model, questions, progress=_note)
    if args.out:
        _note("Wrote " + ", ".join(str(p) for p in write_outputs(result, args.out)))
    print(json.dumps(result, indent=2) if args.json else scale_table(result))
    return 1 if result["failure"] else 0


def cmd_bench_ingest(args) -> int:
    from evals.ingest_speed import time_ingest, timing_table

    print(timing_table(time_ingest(args.paths or [DEFAULT_CORPUS], _settings(args).model, progress=_note)))
    return 0


def _eval_tatqa(args) -> int:
    from evals.tatqa import run_tatqa, tatqa_table

    with _ingest_progress() as ingesting:
        result = run_tatqa(_settings(args), ingest_progress=ingesting,
                           progress=lambda done, total: _note(f"{done}/{total} questions") if done % 100 == 0 else None)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "tatqa.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result["questions"]) if args.json else tatqa_table(result))
    return 0


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_ui(args) -> int:
    from .serve import serve

    return serve(_settings(args), args.port, cmd_ingest)


EXAMPLES = {
    "ingest": "example:\n  citebrief ingest                 # the corpus/ folder\n  citebrief ingest reports/ x.pdf --rebuild",
    "ask": 'example:\n  citebrief ask "How many clinical directors got coaching?"\n'
           '  citebrief ask --json "What did medical directors say about time?"\n'
           '  printf "q1\\nq2\\n" | citebrief ask --jsonl\n'
           """  printf '{"question": "How many MDs got coaching?", "conversation": "a"}\\n"""
           """{"question": "And CDs?", "conversation": "a"}\\n' | citebrief ask --jsonl""",
    "chat": "example:\n  citebrief chat\n  you> How many medical directors received coaching?\n  you> And clinical directors?\n"
            "  you> /new",
    "quotes": 'example:\n  citebrief quotes "time" --speaker clinical\n  citebrief quotes "support" --source interview-cd3\n'
              '  citebrief quotes --all --json',
    "tables": "example:\n  citebrief tables\n  citebrief tables --json",
    "audit": "example:\n  citebrief audit\n  citebrief audit --json",
    "eval": "example:\n  citebrief eval --out eval-out\n"
            "  citebrief eval --set evals/sets/report-paraphrase.jsonl --min accuracy=0.95 --min unsupported_number_rate=0\n"
            "  citebrief eval --set ../shared/reports/gold --json    # every questions.jsonl below the folder\n"
            "  citebrief eval --structure --cross-report    # block roles and quotes, each report read by models fitted without it\n"
            "  citebrief --home .tatqa eval --tatqa --out tatqa-out    # 918 questions on 278 tables nobody here tuned for",
    "train": "example:\n  citebrief train --structure    # refit ingest/models/structure.json from the gold reports",
    "ui": "example:\n  citebrief ui --port 8501",
    "bench": "example:\n  citebrief bench --out bench-out\n"
             "  citebrief bench --set evals/sets/report-paraphrase.jsonl --cold-runs 1 --json",
    "bench-ingest": "example:\n  citebrief bench-ingest ../shared/reports/docs\n"
                    "  citebrief bench-ingest report.pdf other.docx",
    "bench-scale": "example:\n  citebrief bench-scale --sizes 1 10 --out scale-out\n"
                   "  citebrief bench-scale --sizes 1 5 20 --questions 10 --json",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citebrief", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Cited answers, exact figures and verbatim quotes from policy reports.",
        epilog='example:\n  citebrief ingest && citebrief ask "Which skill were clinical directors most confident in?"\n\n'
               "Store: .citebrief/ (CITEBRIEF_HOME); Chroma server: CITEBRIEF_CHROMA_URL; model: CITEBRIEF_MODEL;\n"
               "optional cross-encoder reranker: CITEBRIEF_RERANKER (a CrossEncoder folder or cached name).")
    parser.add_argument("--home", help="store folder (default: $CITEBRIEF_HOME or .citebrief)")
    parser.add_argument("--model", help="sentence-transformers model name or path (default: all-MiniLM-L6-v2, packaged)")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler, help_text: str):
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=EXAMPLES.get(name),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(handler=handler)
        return p

    p = add("ingest", cmd_ingest, "Parse and embed sources into the store (unchanged chunks are skipped).")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/)")
    p.add_argument("--rebuild", action="store_true", help="drop the store and build it again")

    p = add("ask", cmd_ask, "Answer a question from the report, with citations.")
    p.add_argument("question", nargs="*", help="the question")
    p.add_argument("--json", action="store_true", help="one JSON object (the documented contract)")
    p.add_argument("--jsonl", action="store_true",
                   help='read questions from stdin, one per line (plain text, or {"question": ..., "conversation": "ID", '
                        '"source": "ID"} to ask in turns, or one report); one JSON answer per line, and for a line '
                        'that fails {"error": ..., "line": N} in its place (the others are still answered; exit 1)')
    p.add_argument("--k", type=int, default=5, help="passages to retrieve (default 5)")
    p.add_argument("--mode", choices=("extractive", "llm"), default="",
                   help="extractive (default), or llm when CITEBRIEF_LLM names a chat model (e.g. ollama:llama3)")
    p.add_argument("--source", default="", help="answer from this source id only (as 'citebrief ingest' names it)")

    p = add("chat", cmd_chat, "Ask in turns at the terminal: follow-ups ('And clinical directors?') read against the last turn.")
    p.add_argument("--k", type=int, default=5, help="passages to retrieve (default 5)")
    p.add_argument("--source", default="", help="answer from this source id only")

    p = add("quotes", cmd_quotes, "Find verbatim quotes by topic, or list them all.")
    p.add_argument("topic", nargs="?", help="what the quote is about")
    p.add_argument("--speaker", help="speaker role, e.g. medical or clinical")
    p.add_argument("--source", default="", help="quotes from this source id only (a report or a transcript)")
    p.add_argument("--all", action="store_true", help="every extracted quote")
    p.add_argument("--json", action="store_true")
    p.add_argument("--k", type=int, default=5)

    p = add("tables", cmd_tables, "Show every parsed table, cell by cell as printed.")
    p.add_argument("--json", action="store_true")

    p = add("audit", cmd_audit, "List where the tables do not add up or disagree with the text, each finding cited.")
    p.add_argument("--json", action="store_true", help="every finding with its cited passages, as JSON")

    p = add("eval", cmd_eval, "Score the assistant on evaluation sets (default: the report's gold set).")
    p.add_argument("--set", action="append", type=Path,
                   help="a JSONL evaluation set, or a folder of them searched to any depth (repeatable)")
    p.add_argument("--json", action="store_true", help="metrics as JSON")
    p.add_argument("--out", type=Path, help="folder for results.json, report.md and accuracy.png")
    p.add_argument("--min", action="append", type=_threshold, metavar="METRIC=X",
                   help="fail (exit 1) when a metric is under X, or over X for unsupported_number_rate")

    p.add_argument("--structure", action="store_true", help="score headings, quotes and tables against the gold reports")
    p.add_argument("--cross-report", action="store_true", help="with --structure: fit without each report, score on it")
    p.add_argument("--resamples", type=_resamples, default=0, metavar="N",
                   help="with --structure --cross-report: also fit on N bootstrap resamples of the other reports and "
                        "print how far each left-out number moves (about 80 s a round on 2 cores)")
    p.add_argument("--tatqa", action="store_true",
                   help="TAT-QA's extraction questions (../shared/datasets/tatqa), each asked of its own table and "
                        "paragraphs; ingests them into --home first, which must hold nothing else")

    p = add("train", cmd_train, "Fit the structure models on the gold reports (ingest/models/structure.json).")
    p.add_argument("--structure", action="store_true", required=True, help="the block-role and quote models")

    p = add("bench", cmd_bench, "Compare citebrief with the LangChain tutorial RAG and BM25 on one evaluation set.")
    p.add_argument("--set", type=Path, help="a JSONL evaluation set (default: the report's gold set)")
    p.add_argument("--corpus", action="append", type=Path, help="files or folders (default: corpus/; repeatable)")
    p.add_argument("--json", action="store_true", help="every number as JSON")
    p.add_argument("--out", type=Path, help="folder for bench.json and bench.md")
    p.add_argument("--cold-runs", type=int, default=5, help="new processes timed for cold start (default 5; 0 skips)")
    p.add_argument("--in-process", action="store_true",
                   help="measure every system in this process: quicker, but model load and peak RSS are shared")

    p = add("bench-scale", cmd_bench_scale, "Grow the corpus from one report and time ingest and questions at each size.")
    p.add_argument("--sizes", type=int, nargs="+", default=[1, 10], help="reports per size (default: 1 10)")
    p.add_argument("--questions", type=int, default=30, help="gold-set questions timed at each size (default 30)")
    p.add_argument("--report", type=Path, help="the report to grow from (default: the first file in corpus/)")
    p.add_argument("--json", action="store_true", help="every number as JSON")
    p.add_argument("--out", type=Path, help="folder for scale.json, scale.md and scale.png")

    p = add("bench-ingest", cmd_bench_ingest, "Time ingesting each file alone, per printed page, embedding included.")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/)")

    p = add("ui", cmd_ui, "Start the chat page (ingests corpus/ first if needed).")
    p.add_argument("--port", type=int, default=8501)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (IngestError, StoreError, ValueError) as exc:
        print(f"citebrief: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader left ('citebrief audit | head'): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
