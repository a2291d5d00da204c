"""A letter as PDF: a Django template and a print stylesheet of its own, through WeasyPrint.

A4, the kop surat on page 1, "Halaman x dari y" in every page's footer, the header row of a
body table repeated on every page and no table row split across two pages; the fonts are
embedded (subset) by WeasyPrint. Nothing is fetched while rendering: the logo comes in as a
`data:` URL and every other protocol is refused.
"""

from __future__ import annotations

import base64
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from kerjasama.core.letters.model import Block, Fields, Heading, Letter, Table

STYLESHEET = Path(__file__).with_name("letter.css")


def _logo_url(letter: Letter) -> str:
    logo = letter.letterhead.logo
    if logo is None:
        return ""
    return f"data:{logo.content_type};base64,{base64.b64encode(logo.data).decode('ascii')}"


def _blocks(body: tuple[Block, ...]) -> list[dict[str, object]]:
    """The blocks of a body (or an appendix) as the template's include reads them."""
    blocks: list[dict[str, object]] = []
    for block in body:
        if isinstance(block, Table):
            blocks.append(
                {"table": block, "shares": [round(s * 100, 2) for s in block.column_shares()]}
            )
        elif isinstance(block, Heading):
            blocks.append({"heading": block.text})
        elif isinstance(block, Fields):
            blocks.append({"fields": block.rows})
        else:
            blocks.append({"text": block})
    return blocks


def letter_html(letter: Letter) -> str:
    """The HTML the PDF is printed from (Indonesian, whatever the interface language)."""
    appendices = [
        {
            "label": letter.appendix_label(index),
            "title": appendix.title,
            "blocks": _blocks(appendix.body),
        }
        for index, appendix in enumerate(letter.appendices)
    ]
    with translation.override("id"):
        return render_to_string(
            "letters/letter.html",
            {
                "letter": letter,
                "blocks": _blocks(letter.body),
                "appendices": appendices,
                "logo_url": _logo_url(letter),
            },
        )


def render_pdf(letter: Letter) -> bytes:
    """The letter as a PDF document (bytes)."""
    # Imported here: WeasyPrint takes over a second to import, which every process (each
    # command, each test worker) would pay at start-up for a feature few requests use.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=letter_html(letter), url_fetcher=fetcher, base_url="data:,")
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
    pdf = document.write_pdf(stylesheets=[stylesheet])  # without a target: the bytes
    return bytes(pdf)
