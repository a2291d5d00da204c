"""The letters of a TKKSD meeting (issue 9, item 5): undangan, daftar hadir, notulen and petikan
built from the meeting's data, rendered to DOCX and PDF, stored and versioned, and read back here
with python-docx and pypdf.

Every expected text is written by hand from the Indonesian official-letter layout and from the
meeting made below: "Kamis, 14 Januari 2021" (14 January 2021 was a Thursday), "09.00 WIB s.d.
selesai" (Kota Singkawang is in Kalimantan Barat: WIB), the chair's NIP 196601011990031001
printed as "19660101 199003 1 001", the number 005/1/KS-Pem/2021 from the pattern
{kode}/{nomor}/{unit}/{tahun} (005: undangan; the region's first letter of 2021).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image

from kerjasama.accounts.models import LetterCounter, Role, Tenant
from kerjasama.core.exceptions import DomainError, NotFound, NotPermitted
from kerjasama.core.models import AuditConcern, AuditEvent
from kerjasama.meetings import letter_services
from kerjasama.meetings.models import (
    ActionItem,
    AgendaItem,
    DecisionStep,
    Decree,
    Holding,
    Invitee,
    ItemAbsence,
    Meeting,
    MeetingLetter,
    MeetingLetterTemplate,
    Outcome,
    Seat,
)
from tests.factories import UserFactory
from tests.test_letters import SETTINGS, custom_template, docx_paragraphs, pdf_pages

WIB = ZoneInfo("Asia/Pontianak")
TEST_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output" / "letters"
FROM = dt.date(2020, 3, 1)
MEETING_DAY = dt.date(2021, 1, 14)

# The team of the synthetic world: (role, position, holder, NIP, rank).
TEAM = [
    (
        "ketua",
        "Sekretaris Daerah Kota Singkawang",
        "Drs. Ahmad Fauzi, M.Si.",
        "196601011990031001",
        "Pembina Utama Madya (IV/d)",
    ),
    ("wakil_ketua", "Asisten Pemerintahan", "Marhadi, S.Sos.", "196810041990031005", "IV/c"),
    (
        "sekretaris",
        "Kepala Bagian Kerja Sama",
        "Yuliana Sari, S.H., M.H.",
        "197507222000032004",
        "Pembina (IV/a)",
    ),
    ("anggota", "Kepala Dinas PUPR", "Budi Santoso Lim, S.T.", "197103281997031003", "IV/b"),
    ("anggota", "Kepala Dinas Pariwisata", "Fransiska Ayu Lestari", "197209092000032006", "IV/b"),
    ("sekretariat", "Analis Kerja Sama", "Rina Wulandari, S.IP.", "198805172011012009", "III/c"),
]


def letter_settings(world) -> Tenant:
    tenant = Tenant.objects.get(pk=world.singkawang.pk)
    for name, value in SETTINGS.items():
        setattr(tenant, name, value)
    tenant.save()
    world.singkawang = tenant
    return tenant


def surat_team(world) -> dict[str, Holding]:
    """The TKKSD of Singkawang from 1 March 2020; the chair's seat is held by the Sekda's user."""
    decree = Decree.objects.create(
        tenant=world.singkawang,
        kind="formation",
        number="100/45/HK-2020",
        signed_on=FROM,
        title="Pembentukan TKKSD",
        valid_from=FROM,
    )
    holdings = {}
    for order, (role, position, name, nip, rank) in enumerate(TEAM, start=1):
        seat = Seat.objects.create(
            decree=decree, role=role, position=position, order=order, valid_from=FROM
        )
        holdings[name] = Holding.objects.create(
            seat=seat,
            name=name,
            nip=nip,
            rank=rank,
            position=position,
            decree=decree,
            starts_on=FROM,
            user=world.sekda if role == "ketua" else None,
        )
    return holdings


def surat_meeting(
    world,
    *,
    state: str = "held",
    guests: int = 1,
    closed: bool = True,
    invite_pupr_officer: bool = False,
) -> Meeting:
    """The meeting of Thursday 14 January 2021, 09.00 WIB, chaired by the Sekda: every seat
    invited (attendance recorded), `guests` partner guests, an item on the Kalbar KB with a
    decision (a lifecycle step) and two action items, an item on the PUPR border pillars and,
    when `closed`, a closed item."""
    letter_settings(world)
    holdings = getattr(world, "surat_holdings", None) or surat_team(world)
    world.surat_holdings = holdings
    chair = holdings["Drs. Ahmad Fauzi, M.Si."]
    meeting = Meeting.objects.create(
        tenant=world.singkawang,
        kind="pleno",
        title="Evaluasi Kerja Sama Daerah Tahun 2020",
        state=state,
        starts_at=dt.datetime(2021, 1, 14, 9, 0, tzinfo=WIB),
        place="Ruang Rapat Kantor Wali Kota Singkawang",
        chair=chair,
        number="TKKSD/1/2021" if state != "planned" else "",
    )
    presences = ["hadir", "hadir", "hadir", "diwakili", "izin", "hadir"]
    for order, (holding, presence) in enumerate(
        zip(holdings.values(), presences, strict=True), start=1
    ):
        extra = (
            {
                "delegate_name": "Ir. Yohanes Bong",
                "delegate_position": "Sekretaris Dinas PUPR",
                "delegation_letter": "800/37/PUPR-2021",
            }
            if presence == "diwakili"
            else {}
        )
        Invitee.objects.create(
            meeting=meeting,
            kind="seat",
            seat=holding.seat,
            holding=holding,
            user=holding.user,
            name=holding.name,
            position=holding.position,
            order=order,
            presence=presence if state != "planned" else "",
            **extra,
        )
    for n in range(1, guests + 1):
        Invitee.objects.create(
            meeting=meeting,
            kind="partner",
            name=f"Tamu Undangan Nomor {n}",
            position="Kepala Biro Pemerintahan",
            institution="Pemerintah Provinsi Kalimantan Barat",
            order=100 + n,
            presence="hadir" if state != "planned" else "",
        )
    if invite_pupr_officer:
        Invitee.objects.create(
            meeting=meeting,
            kind="opd",
            user=world.pupr_officer,
            opd=world.pupr,
            name="Petugas PUPR",
            institution="Dinas PUPR",
            order=200,
        )
    kb_item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title="Evaluasi Kesepakatan Bersama dengan Provinsi Kalimantan Barat",
        cooperation=world.kb,
        minutes="Kerja sama tahun 2020 ditinjau; kualitas kerja sama tahun 2021 harus meningkat.",
    )
    decision = Outcome.objects.create(
        item=kb_item, kind="decision", text="Kesepakatan Bersama dilanjutkan.", order=1
    )
    DecisionStep.objects.create(
        outcome=decision, cooperation=world.kb, action="sign_kb", expected_stage="kb_drafting"
    )
    action = Outcome.objects.create(
        item=kb_item, kind="action", text="Perhatian pada air bersih dan wisata.", order=2
    )
    ActionItem.objects.create(
        meeting=meeting,
        outcome=action,
        cooperation=world.kb,
        title="Kajian penyediaan air bersih dan penanganan banjir",
        owner_opd=world.pupr,
        due_on=dt.date(2021, 3, 31),
    )
    ActionItem.objects.create(
        meeting=meeting,
        outcome=action,
        title="Data kenaikan jumlah kunjungan wisatawan",
        owner_opd=world.tourism,
        due_on=dt.date(2021, 2, 26),
    )
    local_item = AgendaItem.objects.create(
        meeting=meeting, order=2, title="Pilar batas Singkawang–Bengkayang", cooperation=world.local
    )
    Outcome.objects.create(item=local_item, kind="information", text="Pemasangan pilar berjalan.")
    if closed:
        secret = AgendaItem.objects.create(
            meeting=meeting,
            order=3,
            title="Penawaran KSDPK air minum oleh PT Rahasia Dagang",
            closed=True,
            public_title="Penawaran kerja sama pihak ketiga",
            minutes="Nilai penawaran Rp12 miliar dibahas.",
        )
        ItemAbsence.objects.create(
            item=secret, invitee=meeting.invitees.get(name="Marhadi, S.Sos.")
        )
    return meeting


def generate(world, meeting, kind, cooperation=None, **kwargs) -> MeetingLetter:
    return letter_services.letter_generate(
        actor=world.sec_singkawang, meeting=meeting, kind=kind, cooperation=cooperation, **kwargs
    )


def files(letter: MeetingLetter) -> tuple[list[str], list[str]]:
    with letter.docx.open("rb") as docx, letter.pdf.open("rb") as pdf:
        return docx_paragraphs(docx.read()), pdf_pages(pdf.read())


CHAIR_BLOCK = (
    "Sekretaris Daerah Kota Singkawang,",
    "Drs. Ahmad Fauzi, M.Si.",
    "Pembina Utama Madya (IV/d)",
    "NIP 19660101 199003 1 001",
)


# --- The four letters, read back ---------------------------------------------------------------


def test_the_undangan_addresses_the_invitees_with_day_time_zone_place_and_public_agenda(world):
    meeting = surat_meeting(world, state="planned", guests=1)
    letter = generate(world, meeting, "undangan")
    assert letter.number == "005/1/KS-Pem/2021"
    text, pages = files(letter)
    joined = "\n".join(text)
    pdf = " ".join(pages)
    for content in (joined, pdf):
        assert "PEMERINTAH KOTA SINGKAWANG" in content
        assert "SEKRETARIAT DAERAH" in content
        assert "005/1/KS-Pem/2021" in content
        assert "Undangan Rapat Tim Koordinasi Kerja Sama Daerah" in content
        assert "Kamis, 14 Januari 2021" in content
        assert "09.00 WIB s.d. selesai" in content
        assert "Ruang Rapat Kantor Wali Kota Singkawang" in content
        assert "Evaluasi Kesepakatan Bersama dengan Provinsi Kalimantan Barat" in content
        # A closed item shows its public title only.
        assert "Penawaran kerja sama pihak ketiga" in content
        assert "Rahasia Dagang" not in content
        assert "Rp12 miliar" not in content
        assert "Wali Kota Singkawang (sebagai laporan)" in content
        assert "dimohon kehadiran" in content
    # Seven invitees: more than four, so they are listed in an attachment.
    assert "Yth. Bapak/Ibu/Saudara sebagaimana tercantum dalam lampiran" in text
    assert "DAFTAR UNDANGAN" in text  # the attachment, after the signature (its own test)
    assert "Kepala Dinas Pariwisata" in text
    assert (
        "Tamu Undangan Nomor 1, Kepala Biro Pemerintahan, Pemerintah Provinsi Kalimantan Barat"
        in (text)
    )
    # The letter's date: the day it was made, never after the meeting (here: the meeting's).
    assert "Singkawang, 14 Januari 2021" in text
    tail = text[text.index(CHAIR_BLOCK[0]) :]
    assert tuple(tail[:4]) == CHAIR_BLOCK
    assert " ".join(CHAIR_BLOCK) in pdf


def test_a_small_undangan_lists_its_addressees_after_yth(world):
    meeting = surat_meeting(world, state="planned", guests=0)
    meeting.invitees.exclude(name__in=["Budi Santoso Lim, S.T.", "Fransiska Ayu Lestari"]).delete()
    text, pages = files(generate(world, meeting, "undangan"))
    assert "Yth. 1. Kepala Dinas PUPR" in text
    assert "2. Kepala Dinas Pariwisata" in text
    assert "DAFTAR UNDANGAN" not in text
    assert "Lampiran : -" in pages[0]


def test_the_daftar_hadir_lists_the_composition_of_the_day_with_attendance_and_signature_cells(
    world,
):
    meeting = surat_meeting(world, guests=1)
    letter = generate(world, meeting, "daftar_hadir")
    document = WordDocument(io.BytesIO(letter.docx.open("rb").read()))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    header = [c.text for c in table.rows[0].cells]
    assert header == ["No.", "Nama", "Jabatan/Instansi", "Keterangan", "Tanda tangan"]
    names = [row.cells[1].text for row in table.rows[1:]]
    assert names == [
        "Drs. Ahmad Fauzi, M.Si.",
        "Marhadi, S.Sos.",
        "Yuliana Sari, S.H., M.H.",
        "Budi Santoso Lim, S.T.",
        "Fransiska Ayu Lestari",
        "Rina Wulandari, S.IP.",
        "Tamu Undangan Nomor 1",
    ]
    rows = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert rows["Drs. Ahmad Fauzi, M.Si."][2] == "Sekretaris Daerah Kota Singkawang (Ketua TKKSD)"
    assert rows["Drs. Ahmad Fauzi, M.Si."][3] == "Hadir"
    assert rows["Budi Santoso Lim, S.T."][3] == (
        "Diwakili oleh Ir. Yohanes Bong, Sekretaris Dinas PUPR (surat nomor 800/37/PUPR-2021)"
    )
    assert rows["Fransiska Ayu Lestari"][3] == "Izin"
    assert rows["Tamu Undangan Nomor 1"][2] == (
        "Kepala Biro Pemerintahan, Pemerintah Provinsi Kalimantan Barat"
    )
    # Numbered signature cells, alternating left and right; the header row repeats.
    assert [row.cells[4].text for row in table.rows[1:3]] == ["1. ……………", "2. ……………"]
    alignments = [row.cells[4].paragraphs[0].alignment for row in table.rows[1:5]]
    assert alignments == [
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    text, pages = files(letter)
    assert "DAFTAR HADIR RAPAT TIM KOORDINASI KERJA SAMA DAERAH" in text
    pdf = " ".join(pages)
    assert "Kamis, 14 Januari 2021" in pdf
    assert "No. Nama Jabatan/Instansi Keterangan Tanda tangan" in pdf
    assert "Rahasia Dagang" not in pdf  # the daftar hadir lists no agenda
    assert "Pimpinan Rapat Sekretaris Daerah Kota Singkawang, Drs. Ahmad Fauzi, M.Si." in pdf


def test_the_notulen_has_header_attendance_quorum_items_decisions_action_items_and_two_signers(
    world,
):
    meeting = surat_meeting(world, guests=1)
    letter = generate(world, meeting, "notulen")
    text, pages = files(letter)
    pdf = " ".join(pages)
    joined = "\n".join(text)
    for content in (joined, pdf):
        assert "NOTULEN RAPAT TIM KOORDINASI KERJA SAMA DAERAH" in content
        assert "DRAFT" in content  # the minutes are not final
        assert "TKKSD/1/2021" in content  # the meeting's number
        assert "Kamis, 14 Januari 2021" in content
        assert "Drs. Ahmad Fauzi, M.Si., Sekretaris Daerah Kota Singkawang" in content
        # Five team seats (the secretariat does not count): present the chair, the vice
        # chair and the secretary, PUPR represented = 4; majority of 5 is 3: reached.
        assert "4 dari 5 kursi; kuorum 3 kursi tercapai" in content
        assert "Kesepakatan Bersama dilanjutkan." in content
        assert (
            "Langkah: Catat Kesepakatan Bersama yang ditandatangani pada Kesepakatan Bersama "
            "Provinsi Kalimantan Barat dan Kota Singkawang (dari tahap Penyusunan Kesepakatan "
            "Bersama; diterapkan saat notulen final)."
        ) in content
        assert (
            "Kajian penyediaan air bersih dan penanganan banjir — penanggung jawab Dinas "
            "Pekerjaan Umum dan Penataan Ruang, batas waktu 31 Maret 2021"
        ) in content
        assert "Data kenaikan jumlah kunjungan wisatawan" in content
        assert "26 Februari 2021" in content
        # The closed item's content: the notulen is the meeting's own paper.
        assert "Penawaran KSDPK air minum oleh PT Rahasia Dagang (tertutup)" in content
        assert "Nilai penawaran Rp12 miliar dibahas." in content
        assert "Tidak berada di ruangan saat pembahasan: Marhadi, S.Sos." in content
        assert "S.Sos.." not in content
    assert "Notulis" in text
    assert "Yuliana Sari, S.H., M.H." in text
    assert "NIP 19660101 199003 1 001" in text
    assert "NIP 19750722 200003 2 004" in text
    # Side by side, line by line: the notulis at the left, the chair at the right.
    assert (
        "Notulis Pimpinan Rapat Kepala Bagian Kerja Sama, Sekretaris Daerah Kota Singkawang, "
        "Yuliana Sari, S.H., M.H. Drs. Ahmad Fauzi, M.Si. Pembina (IV/a) Pembina Utama Madya "
        "(IV/d) NIP 19750722 200003 2 004 NIP 19660101 199003 1 001"
    ) in pdf


def test_the_notulen_made_final_loses_its_draft_mark_and_keeps_its_number(world):
    meeting = surat_meeting(world)
    draft = generate(world, meeting, "notulen")
    Meeting.objects.filter(pk=meeting.pk).update(state="final")
    final = generate(world, meeting, "notulen")
    assert (draft.version, final.version) == (1, 2)
    assert draft.number == final.number == "000/1/KS-Pem/2021"
    draft_text, _ = files(draft)
    final_text, final_pages = files(final)
    assert "DRAFT" in draft_text
    assert "DRAFT" not in final_text
    assert "DRAFT" not in " ".join(final_pages)
    assert draft.pdf_sha256 != final.pdf_sha256


def test_the_petikan_of_a_decided_case_and_the_files_for_its_record(world):
    meeting = surat_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(
        state="final", finalised_at=dt.datetime(2021, 1, 15, 10, 0, tzinfo=WIB)
    )
    docx, pdf = letter_services.extract_files(meeting, world.kb, actor=world.sekda)
    stored = MeetingLetter.objects.get(meeting=meeting, kind="petikan", cooperation=world.kb)
    assert stored.version == 1
    text = docx_paragraphs(docx)
    page = " ".join(pdf_pages(pdf))
    for content in ("\n".join(text), page):
        assert "PETIKAN NOTULEN RAPAT TIM KOORDINASI KERJA SAMA DAERAH" in content
        assert "Kesepakatan Bersama dilanjutkan." in content
        assert "Petikan sesuai dengan aslinya." in content
        assert "DRAFT" not in content
        # Only the items about the case.
        assert "Pilar batas" not in content
        assert "Rahasia Dagang" not in content
    assert "Singkawang, 15 Januari 2021" in text  # the day the minutes were made final
    assert tuple(text[text.index(CHAIR_BLOCK[0]) :][:4]) == CHAIR_BLOCK
    # No petikan for a case the meeting decided nothing on.
    with pytest.raises(DomainError, match="keputusan"):
        generate(world, meeting, "petikan", cooperation=world.local)


def test_the_signer_is_the_holder_of_the_chairs_seat_on_the_letters_date_acting_as_plh(world):
    meeting = surat_meeting(world)
    chair = world.surat_holdings["Drs. Ahmad Fauzi, M.Si."]
    Holding.objects.create(
        seat=chair.seat,
        capacity="plh",
        name="Marhadi, S.Sos.",
        nip="196810041990031005",
        rank="Pembina Utama Muda (IV/c)",
        position="Sekretaris Daerah Kota Singkawang",
        letter_number="800/1/2021",
        starts_on=dt.date(2021, 1, 13),
        ends_on=dt.date(2021, 1, 15),
    )
    text, _ = files(generate(world, meeting, "daftar_hadir"))
    assert "Plh. Sekretaris Daerah Kota Singkawang," in text
    assert "NIP 19681004 199003 1 005" in text


# --- PDF quality -------------------------------------------------------------------------------------


def test_a_three_page_notulen_repeats_its_table_header_on_every_page_and_splits_no_row(world):
    meeting = surat_meeting(world, guests=70)
    pages = pdf_pages(generate(world, meeting, "notulen").pdf.open("rb").read())
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    header = "No. Nama Jabatan/Instansi Kehadiran"
    table_pages = [p for p in pages if "Tamu Undangan Nomor" in p]
    assert len(table_pages) >= 2
    assert header in pages[1]
    assert all(header in page for page in table_pages)
    # Every guest's row whole on exactly one page.
    for n in range(1, 71):
        row = (
            f"Tamu Undangan Nomor {n} Kepala Biro Pemerintahan, Pemerintah Provinsi "
            "Kalimantan Barat Hadir"
        )
        assert len([p for p in pages if row in p]) == 1, n
    # The decisions' table starts with its own header too.
    assert any(
        "No. Agenda Keputusan/Tindak lanjut Penanggung jawab Batas waktu" in p for p in pages
    )


def test_page_one_of_each_letter_as_png_for_a_human_to_look_at(world):
    """Written to test-output/letters/meeting-<kind>-halaman-1.png."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed: no PNG of the letters")
    meeting = surat_meeting(world, guests=3)
    TEST_OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    letters = [
        generate(world, meeting, kind) for kind in ("undangan", "daftar_hadir", "notulen")
    ] + [generate(world, meeting, "petikan", cooperation=world.kb)]
    for letter in letters:
        pdf = TEST_OUTPUT_DIR / f"meeting-{letter.kind}.pdf"
        pdf.write_bytes(letter.pdf.open("rb").read())
        stem = TEST_OUTPUT_DIR / f"meeting-{letter.kind}-halaman-1"
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
                str(stem),
            ],
            check=True,
            timeout=60,
        )
        with Image.open(f"{stem}.png") as image:
            width, height = image.size
            assert abs(height / width - 297 / 210) < 0.01  # A4


# --- Stored and versioned ------------------------------------------------------------------------


def test_generating_again_keeps_every_version_and_the_number_with_an_audit_event(world):
    meeting = surat_meeting(world, state="planned")
    first = generate(world, meeting, "undangan")
    second = generate(world, meeting, "undangan")
    other = generate(world, meeting, "daftar_hadir")
    assert [(v.version, v.number) for v in meeting.letters.filter(kind="undangan")] == [
        (2, "005/1/KS-Pem/2021"),
        (1, "005/1/KS-Pem/2021"),
    ]
    assert other.number == "000/2/KS-Pem/2021"  # a letter of its own: the next number
    assert LetterCounter.objects.get(tenant=world.singkawang, year=2021).last_number == 2
    assert first.docx.name != second.docx.name
    assert first.pdf.open("rb").read()[:5] == b"%PDF-"
    import hashlib

    assert hashlib.sha256(second.pdf.open("rb").read()).hexdigest() == second.pdf_sha256
    assert hashlib.sha256(second.docx.open("rb").read()).hexdigest() == second.docx_sha256
    events = AuditEvent.objects.filter(action="tkksd.letter.generate").order_by("id")
    assert [(e.object_type, e.object_id, e.data["version"]) for e in events] == [
        ("meetings.meeting", str(meeting.pk), 1),
        ("meetings.meeting", str(meeting.pk), 2),
        ("meetings.meeting", str(meeting.pk), 1),
    ]
    assert AuditConcern.objects.filter(
        event=events[0], subject_type="meetings.meeting", subject_id=str(meeting.pk)
    ).exists()


def test_what_a_meeting_cannot_have_is_refused_with_a_message_and_nothing_is_stored(world):
    planned = surat_meeting(world, state="planned")
    with pytest.raises(DomainError, match="setelah rapat"):
        generate(world, planned, "notulen")
    Meeting.objects.filter(pk=planned.pk).update(state="cancelled")
    with pytest.raises(DomainError, match="dibatalkan"):
        generate(world, planned, "undangan")
    assert not MeetingLetter.objects.exists()
    assert not LetterCounter.objects.exists()


# --- Who may -----------------------------------------------------------------------------------------


def test_only_the_regions_secretariat_generates(world, client):
    meeting = surat_meeting(world)
    for user in (world.sekda, world.pupr_officer, world.sec_pontianak):
        with pytest.raises(NotPermitted):
            letter_services.letter_generate(actor=user, meeting=meeting, kind="undangan")
    client.force_login(world.sec_pontianak)
    url = reverse("rapat:letter_generate", args=[meeting.pk, "undangan"])
    assert client.post(url).status_code == 404
    client.force_login(world.sekda)
    assert client.post(url).status_code == 403
    assert not MeetingLetter.objects.exists()
    client.force_login(world.sec_singkawang)
    response = client.post(url)
    assert response.status_code == 302
    assert MeetingLetter.objects.get().kind == "undangan"


def download(client, letter, which="pdf"):
    return client.get(reverse(f"rapat:letter_{which}", args=[letter.pk]))


def test_readers_download_and_closed_minutes_are_for_the_inner_circle(world, client):
    meeting = surat_meeting(world)
    undangan = generate(world, meeting, "undangan")
    notulen = generate(world, meeting, "notulen")
    # The secretariat and the leadership read everything of their region.
    for user in (world.sec_singkawang, world.sekda):
        client.force_login(user)
        response = download(client, notulen)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"
        assert response["Content-Disposition"].startswith("attachment")
    # PUPR's officer, not invited, reads the meeting (an item on a case PUPR executes) …
    client.force_login(world.pupr_officer)
    response = download(client, undangan, "docx")
    assert response.status_code == 200
    assert "Penawaran kerja sama pihak ketiga" in "\n".join(
        docx_paragraphs(b"".join(response.streaming_content))
    )
    # … but not the notulen of a meeting with a closed item.
    assert download(client, notulen).status_code == 403
    # The tourism officer: no item about a case of its OPD, not invited: not found.
    client.force_login(world.tourism_officer)
    assert download(client, undangan).status_code == 404
    # Another region: not found.
    client.force_login(world.sec_pontianak)
    assert download(client, undangan).status_code == 404
    assert client.get(reverse("rapat:letters", args=[meeting.pk])).status_code == 404


def test_an_invited_officer_reads_the_closed_minutes(world, client):
    meeting = surat_meeting(world, invite_pupr_officer=True)
    notulen = generate(world, meeting, "notulen")
    client.force_login(world.pupr_officer)
    response = download(client, notulen)
    assert response.status_code == 200
    assert "Rp12 miliar" in " ".join(pdf_pages(b"".join(response.streaming_content)))


def test_without_closed_items_the_minutes_are_for_every_reader(world, client):
    meeting = surat_meeting(world, closed=False)
    notulen = generate(world, meeting, "notulen")
    client.force_login(world.pupr_officer)
    assert download(client, notulen).status_code == 200
    with pytest.raises(NotFound):
        letter_services.letter_for_reader(world.tourism_officer, notulen.pk)


# --- The panel ---------------------------------------------------------------------------------------


def test_the_letters_page_lists_versions_with_sizes_and_offers_generation(world, client):
    meeting = surat_meeting(world)
    generate(world, meeting, "undangan")
    generate(world, meeting, "undangan")
    client.force_login(world.sec_singkawang)
    response = client.get(reverse("rapat:letters", args=[meeting.pk]))
    html = response.content.decode()
    assert "Surat-surat rapat" in html
    assert html.count(reverse("rapat:letter_pdf", args=[meeting.letters.get(version=2).pk])) == 1
    assert "005/1/KS-Pem/2021" in html
    assert "KB" in html or "kB" in html  # the sizes
    assert reverse("rapat:letter_generate", args=[meeting.pk, "notulen"]) in html
    assert reverse("rapat:letter_generate_extract", args=[meeting.pk, world.kb.pk]) in html
    # Generating through the panel, back to where it was posted from.
    response = client.post(
        reverse("rapat:letter_generate_extract", args=[meeting.pk, world.kb.pk]),
        {"next": reverse("rapat:letters", args=[meeting.pk])},
    )
    assert response.status_code == 302
    assert MeetingLetter.objects.filter(kind="petikan", cooperation=world.kb).count() == 1
    # The leadership sees the versions, without the buttons.
    client.force_login(world.sekda)
    html = client.get(reverse("rapat:letters", args=[meeting.pk])).content.decode()
    assert "005/1/KS-Pem/2021" in html
    assert reverse("rapat:letter_generate", args=[meeting.pk, "notulen"]) not in html


def test_a_refusal_on_the_panel_is_a_message_not_an_error_page(world, client):
    meeting = surat_meeting(world, state="planned")
    client.force_login(world.sec_singkawang)
    response = client.post(
        reverse("rapat:letter_generate", args=[meeting.pk, "notulen"]), follow=True
    )
    assert response.status_code == 200
    assert "setelah rapat" in response.content.decode()
    assert not MeetingLetter.objects.exists()


# --- Templates per kind ------------------------------------------------------------------------------


def test_a_regions_own_template_of_a_kind_is_used_for_that_kind_only(world, client):
    meeting = surat_meeting(world)
    client.force_login(world.sec_singkawang)
    response = client.post(
        reverse("rapat:letter_templates"),
        {
            "kind": "notulen",
            "upload": SimpleUploadedFile(
                "notulen.docx", custom_template("TEMPLAT NOTULEN SINGKAWANG")
            ),
        },
    )
    assert response.status_code == 302
    assert MeetingLetterTemplate.objects.get().kind == "notulen"
    notulen, _ = files(generate(world, meeting, "notulen"))
    assert notulen[0] == "TEMPLAT NOTULEN SINGKAWANG"
    assert "Nomor surat: 000/1/KS-Pem/2021" in notulen
    assert "Drs. Ahmad Fauzi, M.Si. (19660101 199003 1 001)" in notulen
    assert "Keputusan: Kesepakatan Bersama dilanjutkan." in notulen  # the body, {{p isi }}
    undangan, _ = files(generate(world, meeting, "undangan"))
    assert undangan[0] == "PEMERINTAH KOTA SINGKAWANG"  # the shipped template
    page = client.get(reverse("rapat:letter_templates")).content.decode()
    assert "notulen.docx" in page
    assert "ttd2_nama" in page  # the variables are documented on the page
    # Back to the shipped template.
    client.post(reverse("rapat:letter_template_remove", args=["notulen"]))
    assert not MeetingLetterTemplate.objects.exists()
    notulen, _ = files(generate(world, meeting, "notulen"))
    assert notulen[0] == "PEMERINTAH KOTA SINGKAWANG"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (custom_template("X", broken=True), "tidak dapat diisi"),
        (b"%PDF-1.4 not a template", "Word"),
    ],
)
def test_a_broken_template_is_refused_with_an_indonesian_message(
    world, client, settings, content, message
):
    client.force_login(world.sec_singkawang)
    response = client.post(
        reverse("rapat:letter_templates"),
        {"kind": "undangan", "upload": SimpleUploadedFile("templat.docx", content)},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not MeetingLetterTemplate.objects.exists()
    folder = Path(settings.MEDIA_ROOT) / "tkksd" / "templat"
    assert not folder.exists() or not any(folder.rglob("*.*"))


def test_templates_are_the_secretariats(world, client):
    for user in (world.sekda, world.pupr_officer):
        client.force_login(user)
        assert client.get(reverse("rapat:letter_templates")).status_code == 403
    with pytest.raises(NotPermitted):
        letter_services.template_set(
            actor=world.sekda,
            tenant=world.singkawang,
            kind="undangan",
            upload=SimpleUploadedFile("t.docx", custom_template("X")),
        )
    client.force_login(world.sec_singkawang)
    response = client.get(reverse("rapat:letter_template_file", args=["undangan"]))
    assert response.status_code == 200
    assert "{{ nomor }}" in "\n".join(docx_paragraphs(b"".join(response.streaming_content)))


def test_a_tkksd_member_reads_the_meetings_of_the_region_an_opd_officer_when_invited(world):
    """One rule for meetings and their letters (`meetings.permissions`): the team's members
    read every meeting of their region; an OPD officer not otherwise concerned, once invited."""
    member = UserFactory(tenant=world.singkawang, roles=[Role.TKKSD_MEMBER])
    meeting = surat_meeting(world)
    assert letter_services.can_read_meeting(member, meeting)
    officer = world.tourism_officer
    assert not letter_services.can_read_meeting(officer, meeting)
    Invitee.objects.create(meeting=meeting, kind="other", user=officer, name="Petugas")
    assert letter_services.can_read_meeting(officer, meeting)


def test_each_kind_has_a_shipped_template_with_only_its_parts(world):
    """The undangan is a letter (Nomor, Sifat, Yth., tembusan); the daftar hadir, notulen and
    petikan are titled papers without them; only the notulen has two signature blocks."""
    meeting = surat_meeting(world)
    undangan, _ = files(generate(world, meeting, "undangan"))
    assert any(line.startswith("Sifat") for line in undangan)
    assert "Tembusan:" in undangan
    for kind in ("daftar_hadir", "notulen"):
        text, _ = files(generate(world, meeting, kind))
        assert not any(line.startswith(("Sifat", "Yth.", "Hal")) for line in text), kind
        assert "Tembusan:" not in text
    template = WordDocument(io.BytesIO(letter_services.shipped_template("notulen").read_bytes()))
    xml = template.element.xml
    assert "ttd2_nama" in xml
    assert "{{ sifat }}" not in xml
    daftar = WordDocument(io.BytesIO(letter_services.shipped_template("daftar_hadir").read_bytes()))
    assert "ttd2_nama" not in daftar.element.xml


def test_the_time_is_written_in_the_regions_zone_and_an_online_link_stands_for_the_place(world):
    """02.00 UTC is 09.00 WIB in Singkawang (UTC+7) and 10.00 WITA in Denpasar (UTC+8)."""
    from kerjasama.meetings import letters
    from tests.factories import TenantFactory, region

    start = dt.datetime(2021, 1, 14, 2, 0, tzinfo=dt.UTC)
    denpasar = TenantFactory(region=region("51.71"))
    meeting = Meeting(tenant=denpasar, starts_at=start, online_link="https://zoom.example/j/1")
    assert letters.time_text(meeting) == "10.00 WITA s.d. selesai"
    assert letters.place_text(meeting) == "Daring: https://zoom.example/j/1"
    meeting = Meeting(
        tenant=world.singkawang,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Aula Bappeda",
    )
    assert letters.time_text(meeting) == "09.00–12.00 WIB"
    assert letters.day_and_date(letters.meeting_day(meeting)) == "Kamis, 14 Januari 2021"
    assert letters.place_text(meeting) == "Aula Bappeda"


def test_the_demo_function_generates_the_meetings_letters_once(world):
    from kerjasama.demo.meeting_surat import load_meeting_letters

    meeting = surat_meeting(world)
    assert load_meeting_letters(meeting=meeting, secretariat=world.sec_singkawang) == 3
    assert load_meeting_letters(meeting=meeting, secretariat=world.sec_singkawang) == 0
    assert sorted(meeting.letters.values_list("kind", flat=True)) == [
        "daftar_hadir",
        "notulen",
        "undangan",
    ]
