"""`ask --jsonl`: a line that fails is that line's error object; every other line is answered."""
from __future__ import annotations

import json
import sys

from small_stores import SCHOOLS, cli_store
from ui.cli import main

INCOME = """# Household income review

Median household income differs widely between regions.

Table 2: Median household income by region

| Region | Median income | Households |
|---|---|---|
| North | $35791 | 1,200 |
| South | $41,250 | 1,450 |
| East | $29,900 | 980 |
| West | $38,400 | 1,100 |

Incomes rose fastest in the South over the decade.
"""


def test_failing_lines_are_their_own_error_objects_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    settings, _ = cli_store(tmp_path, {"income.md": INCOME, "schools.md": SCHOOLS})
    manifest = settings.home / "manifest.json"
    kept = manifest.read_bytes()

    def lines():
        yield "Which region had the highest median income?\n"  # a ranking over '$35791' cells
        yield json.dumps({"question": "What was the budget?", "source": "schools"}) + "\n"
        yield json.dumps({"question": "What was the budget?", "source": "no-such-report"}) + "\n"
        yield json.dumps({"conversation": "a"}) + "\n"
        manifest.write_text("{", encoding="utf-8")  # another process leaves the store damaged for a moment
        yield "Which region had the lowest median income?\n"
        manifest.write_bytes(kept)
        yield "Which region had the lowest median income?\n"

    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", lines())
    assert main(["--home", str(settings.home), "ask", "--jsonl"]) == 1
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert len(out) == 6
    assert "South" in out[0]["answer"] and "$41,250" in out[0]["answer"]
    assert "£2.4 million" in out[1]["answer"] and {c["source"] for c in out[1]["citations"]} == {"schools"}
    assert out[2] == {"error": "no source 'no-such-report' in the store; sources: income, schools", "line": 3}
    assert out[3]["line"] == 4 and '"question" string' in out[3]["error"]
    assert out[4]["line"] == 5 and "damaged" in out[4]["error"]
    assert "East" in out[5]["answer"] and "$29,900" in out[5]["answer"]
    errors = captured.err.splitlines()
    assert [e.split(":")[1].strip() for e in errors] == ["line 3", "line 4", "line 5"]
