"""A Word paragraph's text as the document now reads, from its XML runs.

Tracked changes: inserted runs (w:ins, w:moveTo) are read, deleted ones (w:del, w:moveFrom) are not.
Runs inside hyperlinks, smart tags, simple fields and content controls are read; hidden runs (w:vanish)
and field codes (w:instrText) are not. A footnote or endnote reference is no text: it is returned as a
mark, to link the note. A text box anchored in the paragraph (modern wps:txbx and legacy v:textbox,
both holding w:txbxContent) is returned whole, to be read after the paragraph; where a file carries both
forms of one box (mc:AlternateContent), the mc:Fallback copy is skipped.
Not handled: equations (m:oMath), symbol characters (w:sym).
"""
from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Elements whose runs are the paragraph's text; w:del and w:moveFrom hold what the document no longer says.
CONTAINERS = {W + name for name in ("ins", "moveTo", "hyperlink", "smartTag", "fldSimple", "customXml", "sdt",
                                    "sdtContent", "dir", "bdo")}
SIGNS = {W + "tab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}
NOTE_REFERENCES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
FALSE = ("0", "false", "off")


@dataclass
class ParagraphContent:
    text: str = ""
    bold_chars: int = 0  # printed (non-space) characters in runs set bold directly
    notes: list[tuple[str, str]] = field(default_factory=list)  # ("footnote" | "endnote", the note's w:id)
    boxes: list = field(default_factory=list)  # w:txbxContent elements anchored in the paragraph

    @property
    def bold(self) -> bool:
        """Every visible character bold."""
        printed = _printed(self.text)
        return printed > 0 and self.bold_chars >= printed


def paragraph_content(paragraph) -> ParagraphContent:
    """The text, bold share, note references and text boxes of a w:p element."""
    content = ParagraphContent()
    _walk(paragraph, content)
    return content


def _walk(element, content: ParagraphContent) -> None:
    for child in element:
        if child.tag == W + "r":
            _run(child, content)
        elif child.tag in CONTAINERS:
            _walk(child, content)


def _run(run, content: ParagraphContent) -> None:
    props = run.find(W + "rPr")
    if _on(props, "vanish"):
        return
    text = ""
    for part in run:
        if part.tag == W + "t":
            text += part.text or ""
        elif part.tag in SIGNS:
            text += SIGNS[part.tag]
        elif part.tag == W + "br":
            text += "" if part.get(W + "type") in ("page", "column") else "\n"
        elif part.tag in NOTE_REFERENCES:
            content.notes.append((NOTE_REFERENCES[part.tag], part.get(W + "id")))
        elif part.tag != W + "rPr":
            content.boxes.extend(_boxes(part))
    content.text += text
    content.bold_chars += _printed(text) if _on(props, "b") else 0


def _printed(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def _on(props, name: str) -> bool:
    """Whether a run property (w:b, w:vanish) is switched on directly."""
    found = props.find(W + name) if props is not None else None
    return found is not None and (found.get(W + "val") or "true").lower() not in FALSE


def _boxes(element) -> list:
    """The outermost text boxes inside a run's drawing or picture, without mc:Fallback copies."""
    found = []
    for box in element.iter(W + "txbxContent"):
        ancestors = []
        parent = box.getparent()
        while parent is not None and parent is not element:
            ancestors.append(parent.tag)
            parent = parent.getparent()
        if MC + "Fallback" not in ancestors and W + "txbxContent" not in ancestors:
            found.append(box)
    return found
