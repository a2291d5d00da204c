"""Official letters from the data (issue 9, item 5): one `Letter` of plain data, rendered to
DOCX (docxtpl; the region may replace the template) and to PDF (WeasyPrint; a print stylesheet
of its own). Core imports no data app: callers build the `Letter` from their records."""

from kerjasama.core.letters.model import (
    MONTHS_ID,
    Appendix,
    Block,
    Fields,
    Heading,
    Letter,
    Letterhead,
    Logo,
    Signer,
    Table,
    count_in_words,
    indonesian_date,
)
from kerjasama.core.letters.pdf import render_pdf
from kerjasama.core.letters.word import render_docx

__all__ = [
    "MONTHS_ID",
    "Appendix",
    "Block",
    "Fields",
    "Heading",
    "Letter",
    "Letterhead",
    "Logo",
    "Signer",
    "Table",
    "count_in_words",
    "indonesian_date",
    "render_docx",
    "render_pdf",
]
