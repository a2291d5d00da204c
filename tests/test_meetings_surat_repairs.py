"""Repairs of the meeting letters (issue 9, letters walk): the attachment after the signature,
the classification codes per kind, readable download names, and the finalisation's files.

The letters are read back as the other letter tests do: the DOCX with python-docx, the PDF's
text with pypdf."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from kerjasama.accounts.models import Tenant
from kerjasama.agreements.enums import DocumentKind, Stage
from kerjasama.agreements.models import Document, DocumentFile
from kerjasama.core.exceptions import StepRefused
from kerjasama.core.letters import (
    Appendix,
    Letter,
    Letterhead,
    Signer,
    Table,
    render_docx,
    render_pdf,
)
from kerjasama.meetings import letter_services, minutes
from kerjasama.meetings.enums import OutcomeKind
from kerjasama.meetings.models import MeetingLetter
from tests.notulen_support import Held, case_in_preparation, held_meeting
from tests.test_letters import SETTINGS, custom_template, docx_paragraphs, pdf_pages
from tests.test_meetings_surat import CHAIR_BLOCK, files, generate, surat_meeting

pytestmark = pytest.mark.django_db

SUBJECT = "Undangan Rapat Tim Koordinasi Kerja Sama Daerah"


def _page_breaks_before(data: bytes) -> list[str]:
    """The text of every paragraph of the DOCX that starts a new page."""
    document = WordDocument(io.BytesIO(data))
    found = []
    for element in document.element.body.iter(qn("w:p")):
        paragraph = Paragraph(element, document)
        if paragraph.paragraph_format.page_break_before:
            found.append(paragraph.text.strip())
    return found


def _index(lines: list[str], text: str) -> int:
    return next(n for n, line in enumerate(lines) if text in line)


# --- 1. The attachment (lampiran) follows the signature and the tembusan -----------------------


def test_the_undangans_list_of_invitees_is_an_attachment_after_signature_and_tembusan(world):
    """Tata naskah dinas: the body ends, then the signature block and the tembusan; the
    attachment follows on a new page headed LAMPIRAN with the letter's signer, number, date
    and subject; the "Lampiran" field counts it: 1 (satu) berkas."""
    meeting = surat_meeting(world, state="planned", guests=1)  # seven invitees: attached
    letter = generate(world, meeting, "undangan")
    with letter.docx.open("rb") as stored:
        docx = stored.read()
    text, pages = files(letter)
    # DOCX: the order of the parts.
    signature = _index(text, CHAIR_BLOCK[1])
    tembusan = _index(text, "Tembusan")
    lampiran = text.index("LAMPIRAN")
    listed = _index(text, "Tamu Undangan Nomor 1")
    assert signature < tembusan < lampiran < text.index("DAFTAR UNDANGAN") < listed
    assert text[lampiran + 1] == "Surat Sekretaris Daerah Kota Singkawang"
    assert text[lampiran + 2 : lampiran + 5] == [
        "Nomor\t:\t005/1/KS-Pem/2021",
        "Tanggal\t:\t14 Januari 2021",
        f"Hal\t:\t{SUBJECT}",
    ]
    assert "LAMPIRAN" in _page_breaks_before(docx)  # a page of its own
    assert "Lampiran\t:\t1 (satu) berkas" in text
    assert "Lampiran: Daftar undangan" not in text  # no more a heading of the body
    # PDF: the signature and the tembusan on one page, the attachment on the next.
    last = pages[-1]
    assert last.startswith("LAMPIRAN Surat Sekretaris Daerah Kota Singkawang")
    assert f"Nomor : 005/1/KS-Pem/2021 Tanggal : 14 Januari 2021 Hal : {SUBJECT}" in last
    assert "DAFTAR UNDANGAN" in last
    assert "Tamu Undangan Nomor 1" in last
    assert "Tembusan" not in last
    assert CHAIR_BLOCK[1] not in last
    signed = next(n for n, page in enumerate(pages) if CHAIR_BLOCK[1] in page)
    assert signed < len(pages) - 1
    assert "Tembusan" in pages[signed]
    assert "Tamu Undangan Nomor 1" not in " ".join(pages[: signed + 1])
    assert "Lampiran : 1 (satu) berkas" in pages[0]


def test_an_undangan_without_attachment_says_lampiran_dash_and_has_no_appendix(world):
    meeting = surat_meeting(world, state="planned", guests=0)
    meeting.invitees.exclude(name__in=["Budi Santoso Lim, S.T.", "Fransiska Ayu Lestari"]).delete()
    text, pages = files(generate(world, meeting, "undangan"))
    assert "Lampiran\t:\t-" in text
    assert "Lampiran : -" in pages[0]
    assert "LAMPIRAN" not in text
    assert not any("LAMPIRAN" in page for page in pages)


def test_the_other_kinds_are_titled_papers_without_an_attachment(world):
    """The daftar hadir, notulen and petikan carry no Lampiran field and nothing after their
    signature: their tables are their content, not attachments."""
    meeting = surat_meeting(world)
    for kind in ("daftar_hadir", "notulen"):
        text, pages = files(generate(world, meeting, kind))
        assert not any(line.startswith("Lampiran") for line in text), kind
        assert not any("LAMPIRAN" in page or "Lampiran :" in page for page in pages), kind
    text, pages = files(generate(world, meeting, "petikan", cooperation=world.kb))
    assert not any(line.startswith("Lampiran") for line in text)
    assert not any("LAMPIRAN" in page for page in pages)


def _letter_with(appendices: tuple[Appendix, ...]) -> Letter:
    return Letter(
        letterhead=Letterhead(lines=("PEMERINTAH KOTA SINGKAWANG",), unit="Sekretariat Daerah"),
        place="Singkawang",
        date=dt.date(2021, 1, 7),
        number="005/3/KS-Pem/2021",
        subject="Undangan",
        addressee=("Kepala Dinas PUPR",),
        body=("Isi surat.",),
        signer=Signer(position="Sekretaris Daerah Kota Singkawang", name="Sumastro"),
        copies=("Arsip",),
        appendices=appendices,
    )


def test_two_appendices_are_counted_in_words_and_numbered_each_on_its_own_page():
    appendix = Appendix
    letter = _letter_with(
        (
            appendix("Daftar undangan", (Table(("No.", "Nama"), (("1.", "Ani"),)),)),
            appendix("Peta lokasi", ("Lokasi rapat di lantai 2.",)),
        )
    )
    assert letter.attachment_text == "2 (dua) berkas"
    pages = pdf_pages(render_pdf(letter))
    assert len(pages) == 3
    assert "Lampiran : 2 (dua) berkas" in pages[0]
    assert "Sumastro" in pages[0]
    assert pages[1].startswith("LAMPIRAN I Surat Sekretaris Daerah Kota Singkawang")
    assert "DAFTAR UNDANGAN" in pages[1]
    assert "Ani" in pages[1]
    assert pages[2].startswith("LAMPIRAN II Surat Sekretaris Daerah Kota Singkawang")
    assert "PETA LOKASI" in pages[2]
    assert "Lokasi rapat di lantai 2." in pages[2]
    docx = render_docx(letter)
    assert _page_breaks_before(docx) == ["LAMPIRAN I", "LAMPIRAN II"]
    text = docx_paragraphs(docx)
    assert text.index("LAMPIRAN I") > _index(text, "Arsip")


def test_a_regions_template_without_the_appendix_block_still_prints_the_attachment(world):
    """A region's template made before appendices existed has no {{p lampiran_isi }}: the
    attachment is added at the end of its document, on a new page, rather than lost."""
    meeting = surat_meeting(world, state="planned", guests=1)
    letter_services.template_set(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        kind="undangan",
        upload=SimpleUploadedFile("undangan.docx", custom_template("TEMPLAT UNDANGAN")),
    )
    letter = generate(world, meeting, "undangan")
    with letter.docx.open("rb") as stored:
        docx = stored.read()
    text = docx_paragraphs(docx)
    assert text[0] == "TEMPLAT UNDANGAN"
    assert text.index("LAMPIRAN") > _index(text, "Demikian disampaikan")
    assert any("Tamu Undangan Nomor 1" in line for line in text[text.index("LAMPIRAN") :])
    assert "LAMPIRAN" in _page_breaks_before(docx)
    # Without an attachment the same template has none.
    assert "LAMPIRAN" not in docx_paragraphs(render_docx(_letter_with(()), custom_template("X")))


# --- 3. Downloads under readable, safe names ------------------------------------------------------


def test_a_download_is_named_by_kind_meeting_number_and_version(world, client):
    meeting = surat_meeting(world)  # held: its number is TKKSD/1/2021
    hadir = generate(world, meeting, "daftar_hadir")
    client.force_login(world.sec_singkawang)
    response = client.get(reverse("rapat:letter_pdf", args=[hadir.pk]))
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert response["Content-Disposition"] == (
        'attachment; filename="Daftar-Hadir-Rapat-TKKSD-1-2021-v1.pdf"'
    )
    notulen = generate(world, meeting, "notulen")
    notulen = generate(world, meeting, "notulen")
    response = client.get(reverse("rapat:letter_docx", args=[notulen.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="Notulen-Rapat-TKKSD-1-2021-v2.docx"'
    )
    # Before the meeting is held it has no number: its day names it.
    planned = surat_meeting(world, state="planned")
    undangan = generate(world, planned, "undangan")
    response = client.get(reverse("rapat:letter_pdf", args=[undangan.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="Undangan-Rapat-TKKSD-2021-01-14-v1.pdf"'
    )


def test_a_petikan_names_its_case_and_a_non_ascii_name_is_sent_as_utf8(world, client):
    meeting = surat_meeting(world)
    world.kb.title = 'Kerja Sama "Köln/Singkawang"'
    world.kb.save(update_fields=["title"])
    petikan = generate(world, meeting, "petikan", cooperation=world.kb)
    client.force_login(world.sec_singkawang)
    response = client.get(reverse("rapat:letter_pdf", args=[petikan.pk]))
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    # RFC 6266/5987: the UTF-8 name percent-encoded, no quote or slash of the title left.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        "Petikan-Notulen-Rapat-TKKSD-1-2021-Kerja-Sama-K%C3%B6ln-Singkawang-v1.pdf"
    )


# --- 4. The finalisation's files --------------------------------------------------------------------


def _media_files(root) -> set[str]:
    base = Path(root)
    if not base.exists():
        return set()
    return {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()}


def _two_decisions(world, *, refuse_second: bool) -> Held:
    """A held meeting deciding the offer (§5.3 PERSIAPAN → PENAWARAN) of two cases; with
    `refuse_second`, the second case has moved to "penawaran" meanwhile, so its step is
    refused when the minutes are made final."""
    held = held_meeting(world)
    first = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.DECISION, text="Air bersih."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=first, cooperation=held.case, action="offer"
    )
    second_case = case_in_preparation("Penanganan banjir Singkawang")
    second = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind=OutcomeKind.DECISION, text="Banjir."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=second, cooperation=second_case, action="offer"
    )
    if refuse_second:
        type(second_case).objects.filter(pk=second_case.pk).update(stage=Stage.OFFER)
    return held


def test_a_refused_finalisation_leaves_no_file_in_storage_and_no_row(world, settings):
    """A finalisation refused on its second case rolls back every row; the petikan files
    (the meeting's letter versions and the documents filed on the cases) it stored meanwhile
    are deleted again: the storage holds exactly what it held before."""
    held = _two_decisions(world, refuse_second=True)
    before = _media_files(settings.MEDIA_ROOT)

    with pytest.raises(StepRefused):
        minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    assert not MeetingLetter.objects.exists()
    assert not Document.objects.filter(kind=DocumentKind.TKKSD_MINUTES).exists()
    assert _media_files(settings.MEDIA_ROOT) == before


def test_a_finalisation_files_final_petikan_rendered_before_its_transaction(world, settings):
    """The petikan filed on each case is final (no DRAFT), carries the meeting's number, and
    every file left in storage belongs to a row."""
    held = _two_decisions(world, refuse_second=False)
    before = _media_files(settings.MEDIA_ROOT)

    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    filed = Document.objects.filter(kind=DocumentKind.TKKSD_MINUTES).order_by("pk")
    assert filed.count() == 2
    for document in filed:
        stored = document.files.get()
        with stored.file.open("rb") as handle:
            text = " ".join(pdf_pages(handle.read()))
        assert "PETIKAN NOTULEN RAPAT TIM KOORDINASI KERJA SAMA DAERAH" in text
        assert "Nomor rapat : 005/TKKSD/2026" in text
        assert "DRAFT" not in text
        assert document.cooperation.title in text
    letters = MeetingLetter.objects.filter(kind="petikan").order_by("pk")
    assert letters.count() == 2
    # Each petikan carries its own number (taken one after the other in the transaction), and
    # the file filed on its case is that very letter.
    assert len({letter.number for letter in letters}) == 2
    for letter in letters:
        with letter.pdf.open("rb") as handle:
            assert f"Nomor {letter.number}" in " ".join(pdf_pages(handle.read()))
        filed_file = DocumentFile.objects.get(
            document__cooperation=letter.cooperation_id, document__kind=DocumentKind.TKKSD_MINUTES
        )
        assert filed_file.sha256 == letter.pdf_sha256
    referenced = {f.file.name for f in DocumentFile.objects.filter(document__in=filed)}
    referenced |= {n for letter in letters for n in (letter.docx.name, letter.pdf.name)}
    assert _media_files(settings.MEDIA_ROOT) - before == referenced


# --- 2. The classification code of each kind is the region's setting -----------------------------


def test_each_kinds_classification_code_is_a_region_setting_edited_with_the_letter_settings(
    world, client
):
    """❓ configurable defaults (no code in KERJASAMA_DAERAH.md): 005 for the undangan, 000
    (umum) for the other papers; the secretariat sets its own per kind."""
    meeting = surat_meeting(world)
    assert generate(world, meeting, "undangan").number == "005/1/KS-Pem/2021"
    assert generate(world, meeting, "daftar_hadir").number == "000/2/KS-Pem/2021"
    client.force_login(world.sec_singkawang)
    codes = {
        "letter_code_invitation": "005.1",
        "letter_code_attendance": "000.5.2",
        "letter_code_minutes": "000.5.3",
        "letter_code_extract": "000.5.4",
    }
    page = client.get(reverse("accounts:letter_settings")).content.decode()
    assert 'name="letter_code_minutes"' in page
    response = client.post(reverse("accounts:letter_settings"), {**SETTINGS, **codes})
    assert response.status_code == 302
    tenant = Tenant.objects.get(pk=world.singkawang.pk)
    assert {name: getattr(tenant, name) for name in codes} == codes
    assert generate(world, meeting, "notulen").number == "000.5.3/3/KS-Pem/2021"
    petikan = generate(world, meeting, "petikan", cooperation=world.kb)
    assert petikan.number == "000.5.4/4/KS-Pem/2021"
    # A code that would break the number (a slash) is refused with a message, nothing saved.
    response = client.post(
        reverse("accounts:letter_settings"), {**SETTINGS, **codes, "letter_code_minutes": "0/5"}
    )
    assert response.status_code == 422
    assert (
        "kode klasifikasi"
        in " ".join(response.context["form"].errors["letter_code_minutes"]).lower()
    )
    assert Tenant.objects.get(pk=world.singkawang.pk).letter_code_minutes == "000.5.3"


# --- 5. The screens around the letters speak the reader's language -------------------------------


def test_the_letters_panel_and_the_templates_page_read_in_english_on_english_pages(world):
    """The letters themselves stay Indonesian (tata naskah dinas); the screens around them
    follow the interface language."""
    meeting = surat_meeting(world)
    generate(world, meeting, "undangan")
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(world.sec_singkawang)
    indonesian = Client(HTTP_ACCEPT_LANGUAGE="id")
    indonesian.force_login(world.sec_singkawang)
    panel_en = english.get(reverse("rapat:letters", args=[meeting.pk])).content.decode()
    panel_id = indonesian.get(reverse("rapat:letters", args=[meeting.pk])).content.decode()
    for text in ("Letters of the meeting", "Invitation (undangan)", "Generate again"):
        assert text in panel_en
        assert text not in panel_id
    templates_en = english.get(reverse("rapat:letter_templates")).content.decode()
    templates_id = indonesian.get(reverse("rapat:letter_templates")).content.decode()
    for text in ("Templates of meeting letters", "The attachments (lampiran)"):
        assert text in templates_en
        assert text not in templates_id
    assert "Lampiran, ditempatkan dengan" in templates_id
