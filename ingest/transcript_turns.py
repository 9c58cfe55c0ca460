"""Read an interview transcript's header and speaker turns from plain text or WebVTT captions.

Plain text: 'Label: words' opens a turn (Interviewer, Q/A, a role such as 'Clinical director (acute
trust)', a code such as MD3, or any label that opens two lines or more); lines and paragraphs after it
without a label continue it. A '[00:04:12]' before the label, or '(00:04:12)' after it, times the turn;
'**Label:**' (Markdown bold) is read as a label. 'Key: value' lines before the first turn (title, date,
interviewee role, organisation type...) are the header. WebVTT: '<v Speaker>' voice tags (or a
'Label:' opening a cue) name the speaker; consecutive cues of one speaker make one turn, timed by its
first cue; NOTE blocks may hold the header.
Not handled: a named interviewer ('Jane Smith: ...') is taken for an interviewee; a speaker's name on
a line of its own without a colon; a label that opens only one line and names no role.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from .quotes import DEFAULT_SPEAKER
from .textutil import join_lines

TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
LABEL_LINE = re.compile(
    rf"^\s*(?:[\[(]?(?P<lead>{TIME})[\])]?\s+)?(?:\*\*|__)?"
    r"(?P<label>[^\W\d_][^:\n*_\[\]()]{0,40}?(?:\s*\([^():\n]{1,40}\))?)"
    rf"\s*(?:[\[(](?P<trail>{TIME})[\])])?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?(?:\s+(?P<text>.*))?$")
HEADER_LINE = re.compile(
    r"^\s*(?:\*\*|__)?(?P<key>title|date|interview date|date of interview|interviewee role|respondent role|"
    r"participant role|role|organi[sz]ation type|type of organi[sz]ation|organi[sz]ation|setting|sector|"
    r"location|duration|length|reference|ref|interview id|transcript id)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?"
    r"\s*(?P<value>.*\S)", re.IGNORECASE)
ROLE_KEYS = ("interviewee role", "respondent role", "participant role", "role")
INTERVIEWER = re.compile(r"^(interviewer|int|i|q|question|moderator|facilitator|researcher)\.?\s*\d*$", re.I)
GENERIC = re.compile(r"^(a|ans|answer|respondent|interviewee|participant|speaker)\.?\s*[a-z]?\d*$", re.I)
CODE = re.compile(r"^(md|cd|ceo|ce|fd)\s*-?\s*\d*$", re.I)
# Roles a transcript's speaker labels spell out ("Medical Director 3:"), read as that role; reports' quotes
# take their speaker as printed instead (ingest.speakers).
ROLE = re.compile(
    r"\b(medical director|clinical director|medical leader|clinical leader|clinical lead|respondent|"
    r"interviewee|participant|chief executive|finance director|consultant|clinician|doctor|nurse|"
    r"manager|director)(s)?\b", re.IGNORECASE)
CODE_ROLES = {"md": "medical director", "cd": "clinical director", "ceo": "chief executive",
              "ce": "chief executive", "fd": "finance director"}
MAX_LABEL_WORDS = 7
VTT_TIMING = re.compile(rf"^\s*(?P<start>{TIME})\s+-->\s+")
VTT_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
VTT_TAG = re.compile(r"</?[^>]*>")


@dataclass(frozen=True)
class Turn:
    label: str  # as written, spaces collapsed: "Clinical director (acute trust)", "MD3", "A"
    paragraphs: tuple[str, ...]  # each re-flowed onto one line, words and punctuation as given
    timestamp: str = ""  # hh:mm:ss when the transcript gives one

    @property
    def interviewer(self) -> bool:
        return bool(INTERVIEWER.match(self.label))


@dataclass(frozen=True)
class Transcript:
    header: tuple[tuple[str, str], ...]  # (key as written, value), in order
    preamble: tuple[str, ...]  # paragraphs before the first turn that are not header lines
    turns: tuple[Turn, ...]

    def header_value(self, *keys: str) -> str:
        wanted = {k.lower() for k in keys}
        return next((value for key, value in self.header if key.lower() in wanted), "")

    @property
    def has_interviewee(self) -> bool:
        return any(not t.interviewer for t in self.turns)


@dataclass
class _Draft:
    label: str
    timestamp: str
    paragraphs: list[list[str]]


def role_of(label: str, default: str = DEFAULT_SPEAKER) -> str:
    """The label's role as the report's quotes name roles ('medical director'); generic labels get default."""
    code = CODE.match(label.strip())
    if code:
        return CODE_ROLES[code.group(1).lower()]
    found = ROLE.search(label)
    if found and not GENERIC.match(found.group(1)):
        return found.group(1).lower()
    return default


def default_role(transcript: Transcript) -> str:
    """The interviewee role the header gives, for turns labelled 'A', 'Respondent' or by name."""
    return role_of(transcript.header_value(*ROLE_KEYS))


def clock(stamp: str) -> str:
    """'4:12' or '00:04:12.500' as '00:04:12'."""
    parts = re.split(r"[.,]", stamp)[0].split(":")
    return ":".join(p.zfill(2) for p in (["0"] * (3 - len(parts)) + parts))


def read_text(text: str) -> Transcript:
    """The turns of a plain-text (or Markdown, or Word) transcript."""
    lines = text.replace("\r\n", "\n").split("\n")
    labels = _accepted_labels(lines)
    header: list[tuple[str, str]] = []
    preamble: list[list[str]] = [[]]
    turns: list[_Draft] = []
    for line in lines:
        match = LABEL_LINE.match(line)
        if match and _key(match["label"]) in labels:
            stamp = match["lead"] or match["trail"]
            turns.append(_Draft(" ".join(match["label"].split()), clock(stamp) if stamp else "", [[match["text"] or ""]]))
        elif not turns and HEADER_LINE.match(line):
            header.append(_header_item(HEADER_LINE.match(line)))
        else:
            paragraphs = turns[-1].paragraphs if turns else preamble
            if line.strip():
                paragraphs[-1].append(line)
            elif paragraphs[-1]:
                paragraphs.append([])
    return Transcript(tuple(header), _joined(preamble), tuple(_turns(turns)))


def _header_item(match: re.Match) -> tuple[str, str]:
    return " ".join(match["key"].split()), match["value"].strip()


def _accepted_labels(lines: list[str]) -> set[str]:
    """Labels that name a speaker: interviewer, generic, coded or role labels, or any opening two lines."""
    found = [m["label"] for m in map(LABEL_LINE.match, lines) if m and not HEADER_LINE.match(m.group(0))]
    counts = Counter(_key(label) for label in found)
    return {_key(label) for label in found
            if len(label.split()) <= MAX_LABEL_WORDS
            and (counts[_key(label)] >= 2 or INTERVIEWER.match(label.strip()) or GENERIC.match(label.strip())
                 or CODE.match(label.strip()) or ROLE.search(label))}


def _key(label: str) -> str:
    return " ".join(label.split()).lower()


def _joined(paragraphs: list[list[str]]) -> tuple[str, ...]:
    return tuple(p for p in (join_lines(lines) for lines in paragraphs) if p)


def _turns(drafts: list[_Draft]) -> list[Turn]:
    turns = [Turn(d.label, _joined(d.paragraphs), d.timestamp) for d in drafts]
    return [t for t in turns if t.paragraphs]  # a label with nothing said is no turn


def is_vtt(text: str) -> bool:
    return text.lstrip("\ufeff \n").startswith("WEBVTT")


def read_vtt(text: str) -> Transcript:
    """The turns of WebVTT captions: voice-tagged cues merged while the speaker stays the same."""
    header: list[tuple[str, str]] = []
    cues = []  # (timestamp, label or "", words)
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            header.extend(_header_item(m) for m in map(HEADER_LINE.match, lines) if m)
            continue
        timing = next((i for i, line in enumerate(lines) if VTT_TIMING.match(line)), None)
        if timing is not None:
            stamp = clock(VTT_TIMING.match(lines[timing])["start"])
            cues.extend((stamp, *_cue_line(line)) for line in lines[timing + 1:] if line.strip())
    preamble, turns = _merged_cues(cues)
    return Transcript(tuple(header), preamble, tuple(turns))


def _cue_line(line: str) -> tuple[str, str]:
    """(voice or '', the words with tags removed) of one caption line."""
    voice = VTT_VOICE.search(line)
    words = " ".join(html.unescape(VTT_TAG.sub("", line)).split())
    return (" ".join(voice.group(1).split()) if voice else "", words)


def _merged_cues(cues: list[tuple[str, str, str]]) -> tuple[tuple[str, ...], list[Turn]]:
    """Cue lines into (words before any speaker, turns); a 'Label:' opening an untagged line names a speaker too."""
    labels = _accepted_labels([words for _, voice, words in cues if not voice])
    before: list[str] = []
    drafts: list[_Draft] = []
    for stamp, voice, words in cues:
        match = None if voice else LABEL_LINE.match(words)
        if match and _key(match["label"]) in labels:
            voice, words = " ".join(match["label"].split()), match["text"] or ""
        if voice and (not drafts or drafts[-1].label != voice):
            drafts.append(_Draft(voice, stamp, [[]]))
        if words:
            (drafts[-1].paragraphs[-1] if drafts else before).append(words)
    return _joined([before]), _turns(drafts)


def vtt_plain(text: str) -> str:
    """The words of WebVTT captions without timings, cue numbers or tags, one cue a line."""
    lines = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())[1:]:
        block_lines = block.split("\n")
        timing = next((i for i, line in enumerate(block_lines) if VTT_TIMING.match(line)), None)
        if timing is not None and not block_lines[0].startswith("NOTE"):
            lines.extend(_cue_line(line)[1] for line in block_lines[timing + 1:] if line.strip())
    return "\n".join(lines)
