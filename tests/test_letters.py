"""Official letters from the data (issue 9, item 5's foundation): the `Letter` rendered to DOCX
and PDF and read back (python-docx, pypdf), the region's own template, the numbering and the
region's letter settings with their sample letter.

Expected texts are written by hand from the Indonesian official-letter layout (tata naskah
dinas): "Singkawang, 7 Januari 2021", "Halaman 2 dari 3", "NIP 19650101 199003 1 001".
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from docx import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from PIL import Image
from pypdf import PdfReader

from kerjasama.accounts import services
from kerjasama.accounts.models import LetterCounter, Tenant
from kerjasama.core.exceptions import DomainError, NotPermitted
from kerjasama.core.letters import (
    Letter,
    Letterhead,
    Logo,
    Signer,
    Table,
    indonesian_date,
    render_docx,
    render_pdf,
)
from kerjasama.core.models import AuditEvent
from kerjasama.core.uploads import check_image

TEST_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"


def png_logo() -> bytes:
    image = Image.new("RGB", (120, 140), "white")
    for x in range(20, 100):
        for y in range(20, 120):
            image.putpixel((x, y), (190, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def singkawang_letter(*, rows: int = 3) -> Letter:
    table = Table(
        header=("No.", "Nama", "Jabatan", "Tanda tangan"),
        rows=tuple(
            (f"{i}.", f"Peserta ke-{i}", f"Jabatan peserta ke-{i}", "") for i in range(1, rows + 1)
        ),
        widths=(1, 5, 5, 3),
    )
    return Letter(
        letterhead=Letterhead(
            lines=("Pemerintah Kota Singkawang",),
            unit="Sekretariat Daerah",
            address="Jalan Firdaus Nomor 1, Singkawang 79123",
            phone="(0562) 631049",
            email="setda@singkawangkota.go.id",
            website="singkawangkota.go.id",
            logo=Logo(png_logo(), "image/png"),
        ),
        place="Singkawang",
        date=dt.date(2021, 1, 7),
        number="005/12/KS-Pem/2021",
        nature="Penting",
        attachment="1 (satu) berkas",
        subject="Undangan Rapat TKKSD",
        addressee=("Kepala Dinas PUPR Kota Singkawang",),
        body=(
            "Dengan hormat, kami mengundang Saudara menghadiri rapat TKKSD pada hari Kamis, "
            "14 Januari 2021.",
            table,
            "Demikian disampaikan, atas perhatiannya diucapkan terima kasih.",
        ),
        signer=Signer(
            position="Sekretaris Daerah",
            name="HENDRA WIJAYA",
            rank="Pembina Utama Madya (IV/d)",
            nip="19650101 199003 1 001",
        ),
        copies=("Wali Kota Singkawang (sebagai laporan)", "Arsip"),
    )


def docx_paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the document body in order, tables' cells included."""
    document = WordDocument(io.BytesIO(data))
    return [
        Paragraph(p, document).text.strip()
        for p in document.element.body.iter(qn("w:p"))
        if Paragraph(p, document).text.strip()
    ]


def pdf_pages(data: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    ]


# --- The layout ---------------------------------------------------------------------------------


def test_the_date_line_uses_indonesian_month_names_whatever_the_interface_language():
    with translation.override("en"):
        assert indonesian_date(dt.date(2021, 1, 7)) == "7 Januari 2021"
        assert indonesian_date(dt.date(2021, 8, 17)) == "17 Agustus 2021"
        assert indonesian_date(dt.date(2020, 2, 29)) == "29 Februari 2020"
        assert singkawang_letter().place_and_date == "Singkawang, 7 Januari 2021"


def test_a_letter_as_docx_reads_back_with_every_part_of_the_layout():
    with translation.override("en"):  # the letter is Indonesian whatever the interface
        data = render_docx(singkawang_letter())
    text = docx_paragraphs(data)
    joined = "\n".join(text)
    # Kop surat, in capitals, above the date line.
    assert text[0] == "PEMERINTAH KOTA SINGKAWANG"
    assert text[1] == "SEKRETARIAT DAERAH"
    assert "Jalan Firdaus Nomor 1, Singkawang 79123, Telepon (0562) 631049" in text
    assert "Pos-el setda@singkawangkota.go.id, Laman singkawangkota.go.id" in text
    assert "Singkawang, 7 Januari 2021" in text
    assert re.search(r"Nomor\s*:\s*005/12/KS-Pem/2021", joined)
    assert re.search(r"Sifat\s*:\s*Penting", joined)
    assert re.search(r"Lampiran\s*:\s*1 \(satu\) berkas", joined)
    assert re.search(r"Hal\s*:\s*Undangan Rapat TKKSD", joined)
    assert "Yth. Kepala Dinas PUPR Kota Singkawang" in text
    assert any(t.startswith("Dengan hormat, kami mengundang") for t in text)
    assert text[text.index("2.") + 1 : text.index("2.") + 3] == [
        "Peserta ke-2",
        "Jabatan peserta ke-2",
    ]
    # Signature block in its order: jabatan, nama, pangkat/golongan, NIP; then the tembusan.
    tail = text[text.index("Sekretaris Daerah,") :]
    assert tail[:4] == [
        "Sekretaris Daerah,",
        "HENDRA WIJAYA",
        "Pembina Utama Madya (IV/d)",
        "NIP 19650101 199003 1 001",
    ]
    assert tail[4:] == ["Tembusan:", "1. Wali Kota Singkawang (sebagai laporan)", "2. Arsip"]
    document = WordDocument(io.BytesIO(data))
    assert len(document.inline_shapes) == 1  # the logo, in the kop
    footer = document.sections[0].footer._element.xml
    assert "Halaman" in footer
    assert "NUMPAGES" in footer
    assert "PAGE" in footer


def test_a_docx_table_repeats_its_header_row_and_keeps_rows_whole():
    data = render_docx(singkawang_letter(rows=40))
    document = WordDocument(io.BytesIO(data))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    assert len(table.rows) == 41
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows[1:])


def test_text_in_a_letter_is_escaped_not_read_as_markup():
    letter = singkawang_letter()
    risky = Letter(**{**letter.__dict__, "subject": "Rapat <b>A & B</b> {{ nomor }}"})
    assert "Rapat <b>A & B</b> {{ nomor }}" in "\n".join(docx_paragraphs(render_docx(risky)))
    assert "Rapat <b>A & B</b> {{ nomor }}" in pdf_pages(render_pdf(risky))[0]


def test_a_letter_as_pdf_reads_back_with_every_part_of_the_layout():
    with translation.override("en"):
        data = render_pdf(singkawang_letter())
    (page,) = pdf_pages(data)
    for expected in (
        "PEMERINTAH KOTA SINGKAWANG",
        "SEKRETARIAT DAERAH",
        "Jalan Firdaus Nomor 1, Singkawang 79123",
        "setda@singkawangkota.go.id",
        "Singkawang, 7 Januari 2021",
        "Nomor : 005/12/KS-Pem/2021",
        "Sifat : Penting",
        "Lampiran : 1 (satu) berkas",
        "Hal : Undangan Rapat TKKSD",
        "Yth. Kepala Dinas PUPR Kota Singkawang",
        "Dengan hormat, kami mengundang Saudara",
        "Peserta ke-3",
        "Sekretaris Daerah, HENDRA WIJAYA Pembina Utama Madya (IV/d) NIP 19650101 199003 1 001",
        "Tembusan:",
        "Wali Kota Singkawang (sebagai laporan)",
        "Halaman 1 dari 1",
    ):
        assert expected in page, expected
    # The kop comes first, the tembusan last.
    assert page.index("PEMERINTAH KOTA SINGKAWANG") < page.index("Nomor")
    assert page.index("NIP 19650101") < page.index("Tembusan:")


def test_a_pdf_embeds_its_fonts_and_is_a4():
    reader = PdfReader(io.BytesIO(render_pdf(singkawang_letter())))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = page["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font


def test_a_long_table_repeats_its_header_on_every_page_with_page_x_of_y():
    data = render_pdf(singkawang_letter(rows=120))
    pages = pdf_pages(data)
    assert len(pages) >= 3
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {total}" in page
    # Every page the table runs over starts its part with the header row.
    table_pages = [p for p in pages if "Peserta ke-" in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "No. Nama Jabatan Tanda tangan" in page
    # No row is split: each row's cells are on one page, and every row is somewhere.
    for i in range(1, 121):
        holding = [p for p in pages if f"Peserta ke-{i} Jabatan peserta ke-{i}" in p]
        assert len(holding) == 1, i


def test_page_one_of_a_letter_as_png_for_a_human_to_look_at():
    """Written to test-output/letters/ (the artefacts folder of the browser tests)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed: no PNG of the letter")
    folder = TEST_OUTPUT_DIR / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "surat-undangan.pdf"
    pdf.write_bytes(render_pdf(singkawang_letter(rows=120)))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(folder / "surat-undangan-halaman-1"),
        ],
        check=True,
        timeout=60,
    )
    png = folder / "surat-undangan-halaman-1.png"
    with Image.open(png) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01  # an A4 page
        # The kop's logo: red pixels in the top-left corner of the page.
        assert image.convert("RGB").getpixel((int(width * 0.16), int(height * 0.08)))[0] > 150


# --- The region's settings -------------------------------------------------------------------------


SETTINGS = {
    "letterhead": "Pemerintah Kota Singkawang",
    "letter_unit": "Sekretariat Daerah",
    "address": "Jalan Firdaus Nomor 1, Singkawang 79123",
    "phone": "(0562) 631049",
    "email": "setda@singkawangkota.go.id",
    "website": "singkawangkota.go.id",
    "letter_place": "Singkawang",
    "letter_number_pattern": "{kode}/{nomor}/{unit}/{tahun}",
    "letter_unit_code": "KS-Pem",
    # The classification codes per kind as the settings page shows them (their defaults).
    "letter_code_invitation": "005",
    "letter_code_attendance": "000",
    "letter_code_minutes": "000",
    "letter_code_extract": "000",
    "signer_position": "Sekretaris Daerah",
    "signer_name": "HENDRA WIJAYA",
    "signer_rank": "Pembina Utama Madya (IV/d)",
    "signer_nip": "19650101 199003 1 001",
}


def test_the_secretariat_sets_its_letters_and_the_sample_letter_shows_them(world, client):
    client.force_login(world.sec_singkawang)
    logo = SimpleUploadedFile("logo.png", png_logo(), content_type="image/png")
    response = client.post(reverse("accounts:letter_settings"), {**SETTINGS, "logo_upload": logo})
    assert response.status_code == 302
    tenant = Tenant.objects.get(pk=world.singkawang.pk)
    assert tenant.signer_nip == "19650101 199003 1 001"
    assert tenant.logo.name.endswith(".png")
    event = AuditEvent.objects.get(action="tenant.letters")
    assert event.changes["signer_name"] == ["", "HENDRA WIJAYA"]

    pdf = client.get(reverse("accounts:letter_sample", args=["pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    (page,) = pdf_pages(pdf.content)
    year = dt.date.today().year
    assert "PEMERINTAH KOTA SINGKAWANG SEKRETARIAT DAERAH" in page
    assert f"Nomor : 005/1/KS-Pem/{year}" in page  # the next number, not taken
    assert "Singkawang, " in page
    assert (
        "Sekretaris Daerah, HENDRA WIJAYA Pembina Utama Madya (IV/d) NIP 19650101 199003 1 001"
        in page
    )

    docx = client.get(reverse("accounts:letter_sample", args=["docx"]))
    text = docx_paragraphs(docx.content)
    assert text[:2] == ["PEMERINTAH KOTA SINGKAWANG", "SEKRETARIAT DAERAH"]
    assert "NIP 19650101 199003 1 001" in text
    assert len(WordDocument(io.BytesIO(docx.content)).inline_shapes) == 1
    assert not LetterCounter.objects.filter(tenant=tenant).exists()  # the sample takes no number


def test_letter_settings_are_the_secretariats_own(world, client):
    for user in (world.sekda, world.pupr_officer):
        client.force_login(user)
        assert client.get(reverse("accounts:letter_settings")).status_code == 403
        assert client.get(reverse("accounts:letter_sample", args=["pdf"])).status_code == 403
    with pytest.raises(NotPermitted):
        services.tenant_letters_update(
            actor=world.sec_kalbar, tenant=world.singkawang, data=SETTINGS
        )
    assert Tenant.objects.get(pk=world.singkawang.pk).signer_name == ""


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{kode}/{unit}/{tahun}", "{nomor} dan {tahun}"),
        ("{kode}/{nomor}/{unit}", "{nomor} dan {tahun}"),
        ("{kode}/{nomor}/{satuan}/{tahun}", "{satuan}"),
        ("{kode}/{nomor/{tahun}", "{nomor}"),
        ("{nomor:>5}/{tahun}", "{kode}"),
    ],
)
def test_a_bad_number_pattern_is_refused_in_indonesian_and_nothing_is_saved(
    world, client, pattern, message
):
    client.force_login(world.sec_singkawang)
    response = client.post(
        reverse("accounts:letter_settings"), {**SETTINGS, "letter_number_pattern": pattern}
    )
    assert response.status_code == 422
    errors = " ".join(response.context["form"].errors["letter_number_pattern"])
    assert message in errors
    assert "pola" in errors.lower()  # Indonesian: "Pola nomor …"
    tenant = Tenant.objects.get(pk=world.singkawang.pk)
    assert tenant.letter_number_pattern == "{kode}/{nomor}/{unit}/{tahun}"
    assert tenant.signer_name == ""
    assert not AuditEvent.objects.filter(action="tenant.letters").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"%PDF-1.4 not an image at all", "PNG, JPEG atau SVG"),
        ("logo.png", b"\x89PNG\r\n\x1a\nbroken", "PNG, JPEG atau SVG"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "skrip",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://example.com/a.png"/></svg>',
            "berkas lain",
        ),
    ],
)
def test_a_logo_that_is_not_a_safe_image_is_refused_and_nothing_is_saved(
    world, client, settings, name, content, message
):
    client.force_login(world.sec_singkawang)
    response = client.post(
        reverse("accounts:letter_settings"),
        {**SETTINGS, "logo_upload": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["logo_upload"])
    tenant = Tenant.objects.get(pk=world.singkawang.pk)
    assert not tenant.logo
    assert tenant.signer_name == ""
    letters_folder = Path(settings.MEDIA_ROOT) / "letters"
    assert not letters_folder.exists() or not any(letters_folder.rglob("*.*"))


def test_an_svg_logo_is_accepted_and_printed_in_the_pdf(world):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="120">'
        b'<rect x="10" y="10" width="80" height="100" fill="#c00"/></svg>'
    )
    assert check_image(SimpleUploadedFile("lambang.svg", svg)).content_type == "image/svg+xml"
    letter = singkawang_letter()
    with_svg = Letter(
        **{
            **letter.__dict__,
            "letterhead": Letterhead(
                lines=("Pemerintah Kota Singkawang",), logo=Logo(svg, "image/svg+xml")
            ),
        }
    )
    assert "PEMERINTAH KOTA SINGKAWANG" in pdf_pages(render_pdf(with_svg))[0]


def custom_template(marker: str, *, broken: bool = False) -> bytes:
    document = WordDocument()
    document.add_paragraph(marker)
    document.add_paragraph("Nomor surat: {{ nomor }}")
    document.add_paragraph("{{ nama }} ({{ nip }})")
    if broken:  # an "if" never closed
        document.add_paragraph("{%p if nama %}")
    document.add_paragraph("{{p isi }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_regions_own_docx_template_replaces_the_default(world, client):
    services.tenant_letters_update(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data=SETTINGS,
        template=SimpleUploadedFile("templat.docx", custom_template("TEMPLAT KHUSUS SINGKAWANG")),
    )
    client.force_login(world.sec_singkawang)
    text = docx_paragraphs(client.get(reverse("accounts:letter_sample", args=["docx"])).content)
    year = dt.date.today().year
    assert text[0] == "TEMPLAT KHUSUS SINGKAWANG"
    assert f"Nomor surat: 005/1/KS-Pem/{year}" in text
    assert "HENDRA WIJAYA (19650101 199003 1 001)" in text
    assert "Tembusan:" not in text  # the default's, not the region's
    # Back to the shipped template.
    services.tenant_letters_update(
        actor=world.sec_singkawang, tenant=world.singkawang, data={}, remove_template=True
    )
    text = docx_paragraphs(client.get(reverse("accounts:letter_sample", args=["docx"])).content)
    assert "TEMPLAT KHUSUS SINGKAWANG" not in text
    assert "Tembusan:" in text


def test_a_template_that_cannot_make_a_letter_is_refused_at_upload(world, settings):
    with pytest.raises(DomainError) as refused:
        services.tenant_letters_update(
            actor=world.sec_singkawang,
            tenant=world.singkawang,
            data=SETTINGS,
            template=SimpleUploadedFile("templat.docx", custom_template("X", broken=True)),
        )
    assert "letter_template" in refused.value.message_dict
    assert not Tenant.objects.get(pk=world.singkawang.pk).letter_template
    letters_folder = Path(settings.MEDIA_ROOT) / "letters"
    assert not letters_folder.exists() or not any(letters_folder.rglob("*.*"))


# --- Numbering -------------------------------------------------------------------------------------


def test_letter_numbers_follow_the_pattern_consecutively_and_restart_each_year(world):
    services.tenant_letters_update(
        actor=world.sec_singkawang, tenant=world.singkawang, data=SETTINGS
    )
    tenant = Tenant.objects.get(pk=world.singkawang.pk)
    take = services.letter_number_take
    assert take(actor=world.sec_singkawang, tenant=tenant, day=dt.date(2021, 1, 7), code="005") == (
        "005/1/KS-Pem/2021"
    )
    assert (
        take(actor=None, tenant=tenant, day=dt.date(2021, 1, 8), code="005") == "005/2/KS-Pem/2021"
    )
    assert (
        take(actor=None, tenant=tenant, day=dt.date(2021, 12, 31), code="180")
        == "180/3/KS-Pem/2021"
    )
    assert (
        take(actor=None, tenant=tenant, day=dt.date(2022, 1, 3), code="005") == "005/1/KS-Pem/2022"
    )
    # Another region counts on its own.
    assert take(actor=None, tenant=world.bengkayang, day=dt.date(2021, 1, 7)) == "1/2021"
    assert (
        take(actor=None, tenant=tenant, day=dt.date(2021, 2, 1), code="005") == "005/4/KS-Pem/2021"
    )
    assert AuditEvent.objects.filter(action="letter.number").count() == 6
    # A month in Roman numerals, a pattern without the unit.
    tenant.letter_number_pattern = "{kode}/{nomor}/{bulan}/{tahun}"
    assert take(actor=None, tenant=tenant, day=dt.date(2022, 9, 1), code="005") == "005/2/IX/2022"


def test_a_rolled_back_letter_gives_its_number_back(world):
    from django.db import transaction

    def failed_write():
        with transaction.atomic():
            services.letter_number_take(
                actor=None, tenant=world.singkawang, day=dt.date(2021, 1, 7)
            )
            raise RuntimeError("the letter's write failed")

    with pytest.raises(RuntimeError):
        failed_write()
    assert (
        services.letter_number_take(actor=None, tenant=world.singkawang, day=dt.date(2021, 1, 7))
        == "1/2021"
    )


def test_a_titled_naskah_has_its_title_and_no_letter_heading_in_both_formats():
    """A daftar hadir or notulen: a title (and its number under it), no Nomor/Sifat/Lampiran/Hal
    block and no addressee; the place and date stand above the signature."""
    letter = singkawang_letter(rows=2)
    naskah = Letter(
        **{
            **letter.__dict__,
            "subject": "",
            "addressee": (),
            "title": "Daftar hadir rapat TKKSD",
            "number": "005/13/KS-Pem/2021",
        }
    )
    text = docx_paragraphs(render_docx(naskah))
    assert "DAFTAR HADIR RAPAT TKKSD" in text
    assert "Nomor 005/13/KS-Pem/2021" in text
    assert not any(t.startswith(("Sifat", "Lampiran", "Hal", "Yth.")) for t in text)
    assert text.index("Singkawang, 7 Januari 2021") < text.index("Sekretaris Daerah,")
    assert text.index("DAFTAR HADIR RAPAT TKKSD") < text.index("Peserta ke-1")
    (page,) = pdf_pages(render_pdf(naskah))
    assert "DAFTAR HADIR RAPAT TKKSD Nomor 005/13/KS-Pem/2021" in page
    assert "Sifat" not in page
    assert "Yth." not in page
    assert page.index("Singkawang, 7 Januari 2021") > page.index("Peserta ke-2")
