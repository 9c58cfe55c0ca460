"""Words that ingest and the assistant both read reports and questions by, each defined once here: ingest
never imports the assistant, so `assistant/lexicon.py` re-exports these beside its own."""
from __future__ import annotations

import re

YEAR_DIGITS = r"(?:1[89]|20)\d\d"  # a year as printed: '2030', '1998'
YEAR = re.compile(rf"\b{YEAR_DIGITS}\b")
PERCENT_WORDS = r"percentage|per cent|percent"  # how a heading or a sentence says percentage ('%' aside)
PERCENT_VALUE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*(?:per cent|percent|%)", re.I)  # '35 per cent', '12.5%'
AVERAGE_WORDS = r"average|mean"  # a row or a question about the average of the others
