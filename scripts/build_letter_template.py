"""Build the default DOCX template of official letters (`kerjasama/core/letters/default.docx`).

The template is a docxtpl (Jinja in Word) document made once with python-docx; it is committed,
and this script is kept so that it can be made again after a change. It also writes the four
shipped templates of a meeting's letters (`kerjasama/meetings/letter_templates/<kind>.docx`:
undangan, daftar_hadir, notulen, petikan), each with only the parts its kind uses:

    .venv/bin/python scripts/build_letter_template.py

A region may upload a template of its own instead (the region's letter settings); it may use
the same variables (docs/ARCHITECTURE.md, "Letters"):

    kop_logo, kop_lines, kop_unit, kop_contact, tempat_tanggal, surat (a letter, not only a
    titled naskah), nomor, sifat, lampiran, hal, yth, tujuan_tempat, judul, isi (the body: a
    subdocument of paragraphs and tables, placed with {{p isi }}), jabatan, nama, pangkat, nip,
    keterangan_ttd (a line above the jabatan, e.g. "Pimpinan Rapat"), tembusan, tanda_air
    ("DRAFT" while a notulen is not final, else empty), ttd2 (true when a second signature
    block stands at the left: a notulen's notulis), ttd2_keterangan, ttd2_jabatan, ttd2_nama,
    ttd2_pangkat, ttd2_nip, lampiran_isi (the appendices: a subdocument placed with
    {{p lampiran_isi }} after the signature and the tembusan; each begins on a new page with
    "LAMPIRAN" and the letter's number, date and subject. A template without it still gets
    them: the renderer adds them at the end of the document)
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

OUTPUT = Path(__file__).resolve().parent.parent / "kerjasama" / "core" / "letters" / "default.docx"
FONT = "Arial"


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _double_rule(paragraph) -> None:
    """The double line under the kop surat (a paragraph's bottom border)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thinThickSmallGap")
    bottom.set(qn("w:sz"), "18")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.append(borders)


def _para(container, text: str = "", *, bold=False, size=None, align=None, space_after=0):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills when it lays the document out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build(
    path: Path = OUTPUT,
    *,
    title: str = "Naskah dinas",
    letter: bool = True,
    titled: bool = True,
    pair: bool = True,
    single: bool = True,
    copies: bool = True,
) -> Path:
    """A template with the parts asked for: the letter's heading (Nomor/Sifat/Lampiran/Hal,
    Yth.), a titled paper's heading (DRAFT, title, number), two signature blocks side by side,
    one at the right, the tembusan. With both of a pair of parts, a variable chooses (`surat`,
    `ttd2`); with one, it is always there."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(25)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)

    # Footer: "Halaman x dari y".
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Halaman ").font.size = Pt(9)
    _field(footer, "PAGE")
    footer.add_run(" dari ").font.size = Pt(9)
    _field(footer, "NUMPAGES")

    # Kop surat: the logo at the left, the name lines centred.
    kop = document.add_table(rows=1, cols=2)
    kop.alignment = WD_TABLE_ALIGNMENT.CENTER
    kop.autofit = False
    _no_borders(kop)
    logo_cell, text_cell = kop.rows[0].cells
    logo_cell.width, text_cell.width = Cm(2.8), Cm(13.7)
    logo_cell.paragraphs[0].add_run("{{ kop_logo }}")
    first = text_cell.paragraphs[0]
    first.add_run("{%p for line in kop_lines %}")
    _para(text_cell, "{{ line }}", bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(text_cell, "{%p endfor %}")
    _para(text_cell, "{%p if kop_unit %}")
    _para(text_cell, "{{ kop_unit }}", bold=True, size=17, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(text_cell, "{%p endif %}")
    _para(text_cell, "{%p for line in kop_contact %}")
    _para(text_cell, "{{ line }}", size=9, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(text_cell, "{%p endfor %}")
    rule = _para(document, space_after=8)
    _double_rule(rule)

    if letter:
        _letter_heading(document, conditional=titled)
    if titled:
        _titled_heading(document, conditional=letter)

    # The body: paragraphs and tables, built per letter (a docxtpl subdocument).
    _para(document, "{{p isi }}")

    # The date line of a titled paper stands above its signature.
    if titled:
        if letter:
            _para(document, "{%p if not surat %}")
        _para(document, "{{ tempat_tanggal }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
        if letter:
            _para(document, "{%p endif %}")

    if pair and single:
        _para(document, "{%p if ttd2 %}")
    if pair:
        _signature_pair(document)
    if pair and single:
        _para(document, "{%p else %}")
    if single:
        _signature(document)
    if pair and single:
        _para(document, "{%p endif %}")

    if copies:
        # Tembusan, numbered.
        _para(document, "{%p if tembusan %}")
        _para(document, "", space_after=6)
        _para(document, "Tembusan:", size=10)
        _para(document, "{%p for copy in tembusan %}")
        _para(document, "{{ loop.index }}. {{ copy }}", size=10)
        _para(document, "{%p endfor %}")
        _para(document, "{%p endif %}")

    # The appendices (lampiran), after the signature and the tembusan, each on a new page:
    # a subdocument built per letter, empty when the letter has none.
    _para(document, "{{p lampiran_isi }}")

    document.core_properties.title = title
    document.core_properties.author = "Kerjasama"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _letter_heading(document, *, conditional: bool) -> None:
    """Place and date, Nomor/Sifat/Lampiran/Hal and the addressee (a letter only)."""
    if conditional:
        _para(document, "{%p if surat %}")
    _para(document, "{{ tempat_tanggal }}", align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=6)
    heading = document.add_table(rows=1, cols=2)
    heading.autofit = False
    _no_borders(heading)
    fields_cell, to_cell = heading.rows[0].cells
    fields_cell.width, to_cell.width = Cm(9.5), Cm(7)
    for index, (label, name) in enumerate(
        (("Nomor", "nomor"), ("Sifat", "sifat"), ("Lampiran", "lampiran"), ("Hal", "hal"))
    ):
        paragraph = fields_cell.paragraphs[0] if index == 0 else fields_cell.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(2.2))
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(2.6))
        paragraph.add_run(f"{label}\t:\t{{{{ {name} }}}}")
    to_cell.paragraphs[0].add_run("{%p if yth %}")
    _para(to_cell, "Yth. {{ yth[0] }}")
    _para(to_cell, "{%p for line in yth[1:] %}")
    _para(to_cell, "{{ line }}")
    _para(to_cell, "{%p endfor %}")
    place = _para(to_cell, "{{ tujuan_tempat }}")
    place.paragraph_format.left_indent = Cm(0.6)
    _para(to_cell, "{%p endif %}")
    if conditional:
        _para(document, "{%p endif %}")
    _para(document, space_after=6)


def _titled_heading(document, *, conditional: bool) -> None:
    """ "DRAFT" while the paper is not final, the title and the number under it."""
    _para(document, "{%p if tanda_air %}")
    mark = _para(document, "{{ tanda_air }}", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    mark.runs[0].font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
    _para(document, "{%p endif %}")
    _para(document, "{%p if judul %}")
    title = _para(document, "{{ judul }}", bold=True, size=12.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.runs[0].underline = True
    _para(document, "{%p if not surat and nomor %}" if conditional else "{%p if nomor %}")
    _para(document, "Nomor {{ nomor }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8)
    _para(document, "{%p endif %}")
    _para(document, "{%p endif %}")


def _signature_pair(document) -> None:
    """Two blocks side by side (a notulen: the notulis at the left, the chair at the right),
    one row per line, so that both names stand on one line however long either jabatan is."""

    def line(prefix: str, part: str) -> str:
        if part == "keterangan":
            return "{{ ttd2_keterangan }}" if prefix else "{{ keterangan_ttd }}"
        if part == "jabatan":
            return "{{ " + prefix + "jabatan }},"
        if part == "nip":
            return "{% if " + prefix + "nip %}NIP {{ " + prefix + "nip }}{% endif %}"
        return "{{ " + prefix + part + " }}"

    parts = ("keterangan", "jabatan", "", "nama", "pangkat", "nip")
    pair = document.add_table(rows=len(parts), cols=2)
    pair.autofit = False
    _no_borders(pair)
    for row, part in zip(pair.rows, parts, strict=True):
        if not part:
            row.height = Cm(2.2)  # the room for the signatures
        for cell, prefix in zip(row.cells, ("ttd2_", ""), strict=True):
            cell.width = Cm(8.25)
            if part:
                run = cell.paragraphs[0].add_run(line(prefix, part))
                run.bold = run.underline = part == "nama"


def _signature(document) -> None:
    """The signature block at the right: caption, jabatan, space, nama, pangkat, NIP."""
    _para(document, "{%p if keterangan_ttd %}")
    caption = _para(document, "{{ keterangan_ttd }}")
    caption.paragraph_format.left_indent = Cm(8.5)
    _para(document, "{%p endif %}")
    indent = Cm(8.5)
    for text, bold in (
        ("", False),
        ("{{ jabatan }},", False),
        ("", False),
        ("", False),
        ("", False),
        ("{{ nama }}", True),
    ):
        paragraph = _para(document, text, bold=bold)
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.keep_with_next = True
        if bold:
            paragraph.runs[0].underline = True
    for text, condition in (("{{ pangkat }}", "pangkat"), ("NIP {{ nip }}", "nip")):
        _para(document, f"{{%p if {condition} %}}")
        paragraph = _para(document, text)
        paragraph.paragraph_format.left_indent = indent
        _para(document, "{%p endif %}")


# The shipped templates of a meeting's letters (issue 9 item 5), one per kind, each with only
# the parts its kind uses; a region replaces any of them at /rapat/templat/.
MEETING_TEMPLATES = OUTPUT.parent.parent.parent / "meetings" / "letter_templates"
MEETING_KINDS = {
    "undangan": {"title": "Undangan rapat", "titled": False, "pair": False},
    "daftar_hadir": {
        "title": "Daftar hadir rapat",
        "letter": False,
        "pair": False,
        "copies": False,
    },
    "notulen": {"title": "Notulen rapat", "letter": False, "single": False, "copies": False},
    "petikan": {"title": "Petikan notulen rapat", "letter": False, "pair": False, "copies": False},
}


def build_all() -> list[Path]:
    """The general template of letters and the four templates of a meeting's letters."""
    paths = [build(OUTPUT)]
    for kind, parts in MEETING_KINDS.items():
        paths.append(build(MEETING_TEMPLATES / f"{kind}.docx", **parts))  # type: ignore[arg-type]
    return paths


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(build(Path(sys.argv[1])))
    else:
        for built in build_all():
            print(built)
