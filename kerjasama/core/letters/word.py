"""A letter as DOCX: a docxtpl template (the shipped default, or the region's own) filled with
the letter's data.

The default template is `default.docx` beside this module, built by
`scripts/build_letter_template.py`. The body (paragraphs and tables) is built per letter as a
docxtpl subdocument: a table's header row repeats on every page (`w:tblHeader`) and no row is
split across pages (`w:cantSplit`). A PNG or JPEG logo is placed in the kop; Word (python-docx)
cannot take an SVG, so a region with an SVG logo gets it in the PDF only.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from kerjasama.core.exceptions import DomainError
from kerjasama.core.letters.model import Block, Fields, Heading, Letter, Table

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

logger = logging.getLogger(__name__)

DEFAULT_TEMPLATE = Path(__file__).with_name("default.docx")
BODY_WIDTH_CM = 16.5  # A4 less the margins of the default template


def _cell_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _row_flag(row: Any, name: str) -> None:
    """`w:tblHeader` (repeat the row on every page) or `w:cantSplit` (keep the row whole)."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _shade(cell: Any) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E8E8E8")
    cell._tc.get_or_add_tcPr().append(shading)


def _add_table(subdoc: Any, block: Table) -> None:
    table = subdoc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    _cell_borders(table)
    widths = [Cm(BODY_WIDTH_CM * share) for share in block.column_shares()]
    for index, row in enumerate(table.rows):
        _row_flag(row, "tblHeader" if index == 0 else "cantSplit")
        if index and block.row_height_mm:
            row.height = Mm(block.row_height_mm)
        values = block.header if index == 0 else block.rows[index - 1]
        for column, cell in enumerate(row.cells):
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(str(values[column]) if column < len(values) else "")
            run.font.size = Pt(10.5)
            if index == 0:
                run.bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _shade(cell)
            elif column == block.zigzag:  # numbered signature cells: left, right, left …
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.LEFT if index % 2 else WD_ALIGN_PARAGRAPH.RIGHT
                )
    subdoc.add_paragraph()


def _add_fields(subdoc: Any, block: Fields) -> None:
    """Label–value lines on tab stops: "Hari/tanggal<tab>:<tab>Kamis, 14 Januari 2021"."""
    for label, value in block.rows:
        colon = ":" if label else ""
        paragraph = subdoc.add_paragraph(f"{label}\t{colon}\t{value}")
        paragraph.paragraph_format.left_indent = Cm(4.7)
        paragraph.paragraph_format.first_line_indent = Cm(-3.7)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(4.2))
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(4.7))
        paragraph.paragraph_format.space_after = Pt(0)
    subdoc.add_paragraph()


def _body(template: DocxTemplate, letter: Letter) -> Any:
    subdoc = template.new_subdoc()
    _add_blocks(subdoc, letter.body)
    return subdoc


def _add_appendices(container: Any, letter: Letter) -> None:
    """Each appendix on a new page: the reference to its letter at the right ("LAMPIRAN",
    "Surat …", Nomor, Tanggal, Hal), its title, its body. `container` is a subdocument (the
    template's `{{p lampiran_isi }}`) or the rendered document itself (a template without it)."""
    indent = Cm(8.5)
    for index, appendix in enumerate(letter.appendices):
        label = container.add_paragraph()
        label.add_run(letter.appendix_label(index)).bold = True
        label.paragraph_format.page_break_before = True
        label.paragraph_format.left_indent = indent
        label.paragraph_format.space_after = Pt(0)
        of = container.add_paragraph(letter.appendix_of)
        of.paragraph_format.left_indent = indent
        of.paragraph_format.space_after = Pt(0)
        for name, value in letter.appendix_reference:
            row = container.add_paragraph(f"{name}\t:\t{value}")
            row.paragraph_format.left_indent = Cm(11.3)
            row.paragraph_format.first_line_indent = Cm(-2.8)
            row.paragraph_format.tab_stops.add_tab_stop(Cm(10.6))
            row.paragraph_format.tab_stops.add_tab_stop(Cm(11.3))
            row.paragraph_format.space_after = Pt(0)
        container.add_paragraph()
        if appendix.title:
            title = container.add_paragraph()
            run = title.add_run(appendix.title.upper())
            run.bold = run.underline = True
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title.paragraph_format.space_after = Pt(8)
        _add_blocks(container, appendix.body)


def _appendices(template: DocxTemplate, letter: Letter) -> Any:
    if not letter.appendices:
        return ""
    subdoc = template.new_subdoc()
    _add_appendices(subdoc, letter)
    return subdoc


APPENDIX_VARIABLE = "lampiran_isi"


def _places_appendices(template: DocxTemplate) -> bool:
    """Whether the template prints the appendices itself (`{{p lampiran_isi }}`). A region's
    template made before appendices existed does not: the renderer then adds them at the end
    of the document, each on a new page, so that no attachment is lost."""
    try:
        return APPENDIX_VARIABLE in template.get_undeclared_template_variables()
    except Exception:  # an unparsable template fails (with its message) in render
        return True


def _add_blocks(subdoc: Any, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Table):
            _add_table(subdoc, block)
        elif isinstance(block, Fields):
            _add_fields(subdoc, block)
        elif isinstance(block, Heading):
            paragraph = subdoc.add_paragraph()
            paragraph.add_run(block.text).bold = True
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(6)
            paragraph.paragraph_format.space_after = Pt(3)
        else:
            paragraph = subdoc.add_paragraph(block)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
            paragraph.paragraph_format.space_after = Pt(6)


def letter_context(template: DocxTemplate, letter: Letter) -> dict[str, Any]:
    """The variables a template may use (documented in scripts/build_letter_template.py)."""
    from docxtpl import InlineImage

    kop = letter.letterhead
    logo: Any = ""
    if kop.logo is not None and not kop.logo.is_svg:
        logo = InlineImage(template, io.BytesIO(kop.logo.data), height=Mm(22))
    signer = letter.signer
    second = letter.second_signer
    return {
        "kop_logo": logo,
        "kop_lines": kop.name_lines,
        "kop_unit": kop.unit_line,
        "kop_contact": kop.contact_lines,
        "tempat_tanggal": letter.place_and_date,
        "surat": letter.is_letter,
        "nomor": letter.number,
        "sifat": letter.nature,
        "lampiran": letter.attachment_text,
        "hal": letter.subject,
        "yth": list(letter.addressee),
        "tujuan_tempat": letter.addressee_place,
        "judul": letter.title.upper(),
        "isi": _body(template, letter),
        "jabatan": signer.position,
        "nama": signer.name,
        "pangkat": signer.rank,
        "nip": signer.nip,
        "tembusan": list(letter.copies),
        "keterangan_ttd": signer.caption,
        # The second signature block (a notulen's notulis), empty strings when none.
        "ttd2": second is not None,
        "ttd2_keterangan": second.caption if second else "",
        "ttd2_jabatan": second.position if second else "",
        "ttd2_nama": second.name if second else "",
        "ttd2_pangkat": second.rank if second else "",
        "ttd2_nip": second.nip if second else "",
        "tanda_air": letter.watermark,
        # The appendices after the signature and the tembusan ("" when none).
        APPENDIX_VARIABLE: _appendices(template, letter),
    }


def render_docx(letter: Letter, template: bytes | None = None) -> bytes:
    """The letter as a Word document (bytes), from `template` (a region's own DOCX) or the
    shipped default. Text is escaped (autoescape): a "<" in a title stays a "<"."""
    # Imported here, as WeasyPrint is in `pdf`: docxtpl brings jinja2 and docxcompose (babel).
    from docxtpl import DocxTemplate

    source: Any = io.BytesIO(template) if template is not None else str(DEFAULT_TEMPLATE)
    try:
        document = DocxTemplate(source)
        places_appendices = _places_appendices(document)
        document.render(letter_context(document, letter), autoescape=True)
        if letter.appendices and not places_appendices:
            _add_appendices(document, letter)
        output = io.BytesIO()
        document.save(output)
    except Exception as error:
        if template is None:
            raise  # the shipped template failing is a bug, not the user's input
        logger.info("letter template failed", exc_info=True)
        raise DomainError(
            _(
                "The region's letter template could not be filled (%(error)s). Check its "
                "{{ }} and {%% %%} tags against the variables in the documentation, or use the "
                "shipped template again."
            )
            % {"error": str(error)[:200] or error.__class__.__name__}
        ) from None
    return output.getvalue()
