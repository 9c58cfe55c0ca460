"""Word files read as the document now reads: tracked changes, text boxes, headings from styles and outline
levels (or bold short paragraphs), footnotes as notes, and the title from the core properties.

Each file is made here with python-docx, with raw OOXML where python-docx cannot write it (revision marks,
text boxes, the footnotes part), ingested once by the real `citebrief ingest`, and read back from the store.
"""
from __future__ import annotations

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from ingest.settings import Settings
from ingest.store import Store
from ui.cli import main

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BOX_NAMESPACES = (f'{W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
                  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
BODY = "Schools in the pilot reported steadier attendance and fewer exclusions than their neighbours."


def run(text: str) -> str:
    return f'<w:r {W}><w:t xml:space="preserve">{text}</w:t></w:r>'


def revised_paragraph(document) -> None:
    """'The pilot had a budget of £2.4 million over two school years.', with £2.4 million inserted and
    £1.8 million deleted as tracked changes."""
    paragraph = document.add_paragraph()
    for xml in (run("The pilot had a budget of "),
                f'<w:ins {W} w:id="1" w:author="Editor" w:date="2024-03-01T10:00:00Z">{run("£2.4 million")}</w:ins>',
                f'<w:del {W} w:id="2" w:author="Editor" w:date="2024-03-01T10:00:00Z"><w:r><w:delText '
                'xml:space="preserve">£1.8 million</w:delText></w:r></w:del>',
                run(" over two school years.")):
        paragraph._p.append(parse_xml(xml))


def box_paragraph(document, anchor: str, modern: str, legacy: str) -> None:
    """A paragraph anchoring a modern text box (with its legacy copy as mc:Fallback) and a legacy-only one."""
    content = (f'<w:txbxContent {W}><w:p><w:r><w:t>{modern}</w:t></w:r></w:p></w:txbxContent>')
    modern_box = (f'<w:r {BOX_NAMESPACES}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
                  '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                  f'<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
                  f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox>'
                  '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    legacy_box = (f'<w:r {BOX_NAMESPACES}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{legacy}'
                  '</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    paragraph = document.add_paragraph(anchor)
    paragraph._p.append(parse_xml(modern_box))
    paragraph._p.append(parse_xml(legacy_box))


def add_notes(document, kind: str, notes: dict[int, str]) -> None:
    """The footnotes (or endnotes) part python-docx cannot write, with Word's two separator notes."""
    separators = "".join(f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
                         for i, t in ((-1, "separator"), (0, "continuationSeparator")))
    bodies = "".join(f'<w:{kind} w:id="{i}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}'
                     f'</w:t></w:r></w:p></w:{kind}>' for i, text in notes.items())
    xml = f'<w:{kind}s {W}>{separators}{bodies}</w:{kind}s>'.encode()
    part = Part(PackURI(f"/word/{kind}s.xml"), FOOTNOTES_TYPE if kind == "footnote" else ENDNOTES_TYPE, xml,
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)


def noted_paragraph(document, before: str, kind: str, note_id: int, after: str) -> None:
    paragraph = document.add_paragraph(before)
    paragraph._p.append(parse_xml(f'<w:r {W}><w:{kind}Reference w:id="{note_id}"/></w:r>'))
    paragraph._p.append(parse_xml(run(after)))


def styled_report(path) -> None:
    """Headings by style, by a custom style based on Heading 2, and by an outline level in the paragraph."""
    document = Document()
    document.core_properties.title = "Evaluation of the Attendance Pilot"
    document.add_paragraph("Evaluation of the attendance pilot", style="Title")
    document.add_heading("Findings", level=1)
    revised_paragraph(document)
    custom = document.styles.add_style("Report Subheading", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Attendance by term", style="Report Subheading")
    noted_paragraph(document, "Attendance rose by 3 per cent in the first term", "footnote", 1,
                    " and held in the second.")
    box_paragraph(document, BODY, "Case study: a school in Leeds cut exclusions by half.",
                  "Legacy box: attendance officers visited 412 families.")
    outlined = document.add_paragraph("Costs and value")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="0"/>'))
    noted_paragraph(document, "Each pupil reached cost £320", "endnote", 1, " over the year.")
    add_notes(document, "footnote", {1: "Department for Education, attendance statistics, 2023."})
    add_notes(document, "endnote", {1: "Unit costs include staff time."})
    document.save(path)


def bold_report(path) -> None:
    """A report typed all in Normal, its headings set as short bold paragraphs."""
    document = Document()
    for heading, body in (("Summary", "The pilot ran in 40 schools across three regions."),
                          ("What changed for families", "Families were visited within two days of an absence."),
                          ("Next steps", "The department will extend the pilot to 120 schools next year.")):
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(body)
    document.save(path)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("word")
    styled_report(folder / "attendance-pilot.docx")
    bold_report(folder / "bold-headings.docx")
    home = tmp_path_factory.mktemp("store")
    code = main(["--home", str(home), "ingest", str(folder)])
    store = Store(Settings.from_env(home=home, chroma_url=""))
    return code, {name: store.load_source(name) for name in ("attendance-pilot", "bold-headings")}


def test_the_word_files_ingest_without_an_error(ingested):
    assert ingested[0] == 0


def test_tracked_insertions_are_read_and_deletions_are_not(ingested):
    text = ingested[1]["attendance-pilot"].source.text
    assert "The pilot had a budget of £2.4 million over two school years." in text
    assert "£1.8 million" not in text


def test_text_boxes_modern_and_legacy_are_read_once_after_their_anchor(ingested):
    text = ingested[1]["attendance-pilot"].source.text
    modern, legacy = "Case study: a school in Leeds cut exclusions by half.", "Legacy box: attendance officers visited 412"
    assert text.count(modern) == 1 and text.count(legacy) == 1
    assert text.index(BODY) < text.index(modern) < text.index(legacy) < text.index("Costs and value")


def test_headings_come_from_styles_custom_styles_and_outline_levels(ingested):
    sections = {s.heading: s.path for s in ingested[1]["attendance-pilot"].sections}
    assert sections["Attendance by term"][-2:] == ("Findings", "Attendance by term")
    assert sections["Costs and value"][-1] == "Costs and value" and "Findings" not in sections["Costs and value"]


def test_footnotes_and_endnotes_are_notes_after_their_sentence_not_digits_in_it(ingested):
    text = ingested[1]["attendance-pilot"].source.text
    assert "in the first term and held in the second." in text
    assert "1 Department for Education, attendance statistics, 2023." in text
    assert "Each pupil reached cost £320 over the year." in text and "i Unit costs include staff time." in text
    assert text.index("held in the second.") < text.index("1 Department for Education")


def test_every_chunk_of_a_word_report_has_a_section(ingested):
    for parsed in ingested[1].values():
        assert parsed.chunks and all(chunk.section for chunk in parsed.chunks), parsed.source.id


def test_bold_short_paragraphs_are_headings_where_no_heading_style_is_used(ingested):
    headings = [s.heading for s in ingested[1]["bold-headings"].sections if s.heading]
    assert headings == ["Summary", "What changed for families", "Next steps"]


def test_the_title_comes_from_the_core_properties_and_else_from_the_file_name(ingested):
    assert ingested[1]["attendance-pilot"].source.title == "Evaluation of the Attendance Pilot"
    assert ingested[1]["bold-headings"].source.title == "Bold headings"
