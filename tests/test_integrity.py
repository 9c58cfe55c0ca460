"""Figure integrity: the report's tables are checked against themselves and against its prose."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.integrity import relation
from ingest.load import load
from ingest.structure import parse
from ingest.types import parsed_from_dict, to_dict
from ui.cli import main

# Worked out by hand from corpus/kings-fund-2010-leadership-needs.txt before the checks were written:
# - Tables 1 and 2: every "Responses (percentage)" is the row's total over the answered base (105, 95) at one
#   decimal; medical + clinical director counts give the total in every row; 105 + 3 and 95 + 13 are both the
#   108 respondents of the methods appendix. Nothing to report.
# - Table 3: every percentage is its count over n=44 or n=63 at two decimals; the averages are the means of
#   their columns (63.637 -> 63.64, 49.046 -> 49.05). Nothing to report.
# - Table 4: medical directors fit n=44 and the averages are the column means (81.06, 80.65), but no clinical
#   director percentage follows from n=63 (58/63 = 92.06, printed 93.55; 42/63 = 66.67, printed 67.74); all six
#   fit 62 and only 62.
# - Group sizes: n=44 + n=63 = 107, the appendix says 108 directors. It says clinical directors were 57 per
#   cent and medical directors 43 per cent: of 108 that is 62 and 46 people, while 63/108 = 58.33 and
#   44/108 = 40.74 per cent.
# - Prose: "only 35 per cent said that they were confident in using financial data to inform decisions"
#   (clinical directors) is Table 3's 34.92 rounded. "78 per cent and 22 per cent" (England), "about 80 per cent"
#   (acute trusts) and "15 per cent less" state nothing about a table row.
FINANCIAL_ROW = "I have a firm understanding of how to use financial data to inform decisions"
REPORT_FINDINGS = {
    ("base", "inconsistent", ("Table 4",), "Clinical directors", "", "percentage", "n=63", "n=62"),
    ("group_sizes", "inconsistent", ("Table 3", "Table 4"), "", "", "", "44 + 63 = 107", "108"),
    ("group_share", "inconsistent", ("Table 3", "Table 4"), "Clinical directors", "", "", "57 per cent", "58.33"),
    ("group_share", "inconsistent", ("Table 3", "Table 4"), "Medical directors", "", "", "43 per cent", "40.74"),
    ("prose", "rounded", ("Table 3",), "Clinical directors", FINANCIAL_ROW, "percentage", "35 per cent", "34.92"),
}
RESPONDENTS_SENTENCE = ("We received valid, completed surveys from 108 clinical and medical directors representing "
                        "all strategic health authorities.")
SHARES_SENTENCE = ("Clinical directors comprised 57 per cent of the respondents, and medical directors the remaining "
                   "43 per cent.")
FINANCIAL_SENTENCES = ("Among clinical directors, however, there is some lack of confidence about using financial "
                       "data. For example, only 35 per cent said that they were confident in using financial data "
                       "to inform decisions.")


def summary(finding) -> tuple:
    return (finding.check, finding.verdict, finding.tables, finding.group, finding.row, finding.measure,
            finding.printed, finding.recomputed)


def found(parsed, check: str, group: str = ""):
    return next(f for f in parsed.findings if f.check == check and f.group == group)


# ---- the real report ---------------------------------------------------------------------------

def test_the_report_yields_exactly_the_findings_recomputed_by_hand(parsed):
    assert {summary(f) for f in parsed.findings} == REPORT_FINDINGS
    assert len(parsed.findings) == len(REPORT_FINDINGS)


def test_no_check_of_tables_1_to_3_against_themselves_fails(parsed):
    own_checks = {"percentage", "base", "row_total", "average", "answered_skipped"}
    flagged = [f for f in parsed.findings if f.check in own_checks and set(f.tables) & {"Table 1", "Table 2", "Table 3"}]
    assert flagged == []


def test_every_passage_a_finding_cites_is_verbatim_with_its_section(parsed):
    text = parsed.source.text
    for finding in parsed.findings:
        assert finding.passages and finding.message
        for passage in finding.passages:
            assert text[passage.start:passage.end] == passage.text
            assert passage.source == parsed.source.id and passage.section


def test_the_shifted_base_cites_the_six_clinical_director_rows_of_table_4(parsed):
    finding = found(parsed, "base", "Clinical directors")
    assert len(finding.passages) == 6
    assert all("Clinical directors (n=63)" in p.text and p.text.startswith("Table 4") for p in finding.passages)
    assert "93.55" in finding.message and "92.06" in finding.message and "62" in finding.message


def test_the_group_sizes_cite_the_methods_appendix_and_both_tables(parsed):
    sizes = found(parsed, "group_sizes")
    texts = [p.text for p in sizes.passages]
    assert RESPONDENTS_SENTENCE in texts
    assert {p.section for p in sizes.passages if p.text == RESPONDENTS_SENTENCE} == {"Appendix A: survey methods"}
    assert any(t.startswith("Table 3") and "(n=63)" in t for t in texts)
    assert any(t.startswith("Table 4") and "(n=44)" in t for t in texts)
    share = found(parsed, "group_share", "Clinical directors")
    assert SHARES_SENTENCE in [p.text for p in share.passages] and RESPONDENTS_SENTENCE in [p.text for p in share.passages]
    assert "62" in share.message


def test_the_rounded_prose_figure_cites_its_sentences_and_its_cell(parsed):
    link = found(parsed, "prose", "Clinical directors")
    texts = [p.text for p in link.passages]
    assert FINANCIAL_SENTENCES in texts
    assert any(t.startswith("Table 3") and t.endswith("Number 22; Percentage 34.92") for t in texts)


def test_cells_of_a_flagged_column_carry_a_data_note_and_clean_tables_do_not(parsed):
    tables = {t.id: t for t in parsed.tables}
    top = next(f for f in tables["Table 4"].figures if f.value == "93.55")
    assert any("n=62" in note for note in top.notes)
    assert all(not f.notes for t in ("Table 1", "Table 2") for f in tables[t].figures)
    medical = next(f for f in tables["Table 4"].figures if f.value == "90.91")
    assert not any("n=62" in note for note in medical.notes)


def test_findings_survive_the_round_trip_through_the_stored_json(parsed):
    assert parsed_from_dict(json.loads(json.dumps(to_dict(parsed)))) == parsed
    assert parsed_from_dict({k: v for k, v in to_dict(parsed).items() if k != "findings"}).findings == ()


def test_audit_json_lists_every_finding_with_cited_passages(ingested, settings, capsys):
    assert main(["--home", str(settings.home), "audit", "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert {(f["check"], f["verdict"], tuple(f["tables"]), f["printed"], f["recomputed"]) for f in findings} == {
        (s[0], s[1], s[2], s[6], s[7]) for s in REPORT_FINDINGS}
    passage = findings[0]["passages"][0]
    assert {"source", "title", "section", "page", "start", "end", "text"} <= set(passage)


def test_audit_for_people_names_the_table_the_values_and_the_passages(ingested, settings, capsys):
    assert main(["--home", str(settings.home), "audit"]) == 0
    out = capsys.readouterr().out
    assert "4 inconsistencies" in out
    assert "Table 4" in out and "printed n=63" in out and "recomputed n=62" in out
    assert RESPONDENTS_SENTENCE in out and "Appendix A: survey methods" in out


def test_a_figure_answer_on_a_flagged_column_carries_the_data_note(assistant):
    from assistant.render import answer_to_dict

    answer = answer_to_dict(assistant.ask("Which skill were clinical directors most confident in?"))
    top = next(f for f in answer["figures"] if f["value"] == "93.55")
    assert any("n=62" in note for note in top["notes"])


# ---- generated reports ---------------------------------------------------------------------------

GRID = """Nurse

Midwife

Number of
responses

Responses
(percentage)

Planning workshop 10 8 18 37.5

Coaching {coaching}

Mentoring 3 3 6 12.5

Answered question 48

Skipped question {skipped}

Table 1 Support being received
"""
RANKED = """Table 2 Confidence in managerial skills

Nurses (n=20) Midwives (n={midwives})

Number Percentage Number Percentage

I can plan and monitor 
ward budgets

15 75.00 I can lead teams through 
change

24 80.00

I can lead teams through 
change

12 60.00 I can plan and monitor 
ward budgets

21 70.00

I can write business 
cases

6 30.00 I can write business 
cases

9 30.00

Average {average} 60.00
"""
REPORT = """A survey of ward leaders

Summary

We received completed surveys from 50 nurses and midwives. Nurses made up {nurses_share} per cent of the
respondents, and midwives the remaining 60 per cent.

Findings

Support received is in Table 1 below; about 80 per cent of responses came from nurses and midwives in hospitals.

{grid}
Among midwives, budgets are well understood. For example, {budget_share} per cent said they can plan and monitor
ward budgets.

{ranked}
The end.
"""
CORRECT = dict(coaching="5 7 12 25.0", skipped="2", midwives="30", average="55.00", nurses_share="40",
               budget_share="70")


def generated(tmp_path: Path, **changes):
    values = {**CORRECT, **changes}
    text = REPORT.format(grid=GRID.format(**values), ranked=RANKED.format(**values), **values)
    path = tmp_path / "generated.txt"
    path.write_text(text, encoding="utf-8")
    return parse(load(path), "generated", 700)


def inconsistent(parsed) -> set[tuple]:
    return {summary(f) for f in parsed.findings if f.verdict == "inconsistent"}


def test_a_correct_generated_report_raises_no_finding_and_its_prose_figure_is_exact(tmp_path):
    parsed = generated(tmp_path)
    assert inconsistent(parsed) == set()
    assert {summary(f) for f in parsed.findings} == {
        ("prose", "exact", ("Table 2",), "Midwives", "I can plan and monitor ward budgets", "percentage",
         "70 per cent", "70.00")}
    assert all(not f.notes for t in parsed.tables for f in t.figures)


@pytest.mark.parametrize("change, expected", [
    (dict(coaching="5 7 12 27.0"),
     ("percentage", "inconsistent", ("Table 1",), "All respondents", "Coaching", "percentage", "27.0", "25.0")),
    (dict(coaching="5 7 13 27.1"), ("row_total", "inconsistent", ("Table 1",), "", "Coaching", "number", "13", "12")),
    (dict(average="57.00"),
     ("average", "inconsistent", ("Table 2",), "Nurses", "Average", "percentage", "57.00", "55.00")),
    (dict(skipped="3"), ("answered_skipped", "inconsistent", ("Table 1",), "", "", "", "48 + 3 = 51", "50")),
    (dict(nurses_share="45"), ("group_share", "inconsistent", ("Table 2",), "Nurses", "", "", "45 per cent", "40.00")),
    (dict(budget_share="65"), ("prose", "inconsistent", ("Table 2",), "Midwives", "I can plan and monitor ward budgets",
                               "percentage", "65 per cent", "70.00")),
], ids=["wrong percentage", "wrong total", "wrong average", "answered plus skipped", "group share", "prose figure"])
def test_one_wrong_number_in_a_generated_report_is_the_one_thing_flagged(tmp_path, change, expected):
    assert inconsistent(generated(tmp_path, **change)) == {expected}


def test_the_cell_a_failed_check_covers_carries_the_finding_as_its_note(tmp_path):
    cell = next(f for f in generated(tmp_path, coaching="5 7 12 27.0").tables[0].figures if f.value == "27.0")
    assert len(cell.notes) == 1 and "12 of 48 is 25.0 per cent" in cell.notes[0]
    table_2 = generated(tmp_path, budget_share="65").tables[1]
    assert [f.notes for f in table_2.figures if f.value == "70.00"][0][0].startswith("The report's text states “65 per cent”")
    assert not any(f.notes for f in table_2.figures if f.value != "70.00")


def test_a_shifted_base_is_flagged_with_the_base_that_fits_the_whole_column(tmp_path):
    parsed = generated(tmp_path, midwives="31")
    base = next(f for f in parsed.findings if f.check == "base")
    assert summary(base) == ("base", "inconsistent", ("Table 2",), "Midwives", "", "percentage", "n=31", "n=30")
    assert {f.check for f in parsed.findings if f.verdict == "inconsistent"} == {"base", "group_sizes", "group_share"}
    assert all(any("n=30" in n for n in f.notes) for f in parsed.tables[1].figures
               if f.group == "Midwives" and f.measure == "percentage")


@pytest.mark.parametrize("cell, stated, expected", [
    ("34.92", "35", "rounded"), ("70.00", "70", "exact"), ("34.92", "34.9", "rounded"),
    ("34.92", "34", "inconsistent"), ("50.00", "35", "inconsistent"), ("n/a", "35", ""),
])
def test_a_stated_number_is_exact_rounded_or_inconsistent_at_its_own_precision(cell, stated, expected):
    assert relation(cell, stated) == expected


def test_the_report_browser_marks_exactly_the_cells_whose_figures_carry_notes(parsed):
    from ui.views.reports import flagged_cells

    table_4 = next(t for t in parsed.tables if t.id == "Table 4")
    flagged = {table_4.rows[i][j] for i, j in flagged_cells(table_4)}
    assert flagged == {"93.55", "82.26", "80.65", "79.03", "67.74"}  # the clinical column that fits n=62
    assert not flagged_cells(next(t for t in parsed.tables if t.id == "Table 1"))
