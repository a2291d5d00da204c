"""What the third walk of issue 11 found: two identical rows in one register (the second is
the first one's possible duplicate, not a second case); remarks and a request date dropped
without a word; a draft PKS of a case at its proposal read back as "Penyusunan PKS"."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kerjasama.agreements.models import Cooperation
from kerjasama.imports import services
from kerjasama.imports.models import Outcome
from tests.test_imports_commit import preview
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db

TITLE = "Pengembangan Destinasi Wisata Pantai Pasir Panjang"


def test_the_second_of_two_identical_rows_is_a_possible_duplicate(world):
    same = dict(
        D="Perjanjian Kerja Sama",
        E=TITLE,
        F="Pemkab Bengkayang",
        H="Dinas Pariwisata",
        I="Pariwisata",
        L="3 Maret 2024",
        M="2 Maret 2026",
        O="Berlaku",
    )
    data = workbook([HEADER, row(A=1, **same), row(A=2, **same)])
    run = preview(world, data, "dua.xlsx")

    outcomes = dict(run.rows.values_list("number", "outcome"))
    assert (outcomes[2], outcomes[3]) == (Outcome.NEW, Outcome.DUPLICATE)
    services.run_commit(actor=world.sec_singkawang, run=run)
    assert Cooperation.objects.filter(title=TITLE).count() == 1


def test_two_identical_rows_of_a_csv_without_a_document_kind(world):
    """The walk's file: no kind of agreement, no number, signing and end dates."""
    data = (
        "No;Judul Kerja Sama;Pihak Kedua;Urusan;Tgl TTD;Berlaku s.d.;Keadaan\n"
        f"1;{TITLE};Pemkab Bengkayang;Perdagangan;3 April 2025;2 April 2028;Berlaku\n"
        f"2;{TITLE};Pemkab Bengkayang;Perdagangan;3 April 2025;2 April 2028;Berlaku\n"
    ).encode()
    run = preview(world, data, "dobel.csv")

    outcomes = dict(run.rows.values_list("number", "outcome"))
    assert (outcomes[2], outcomes[3]) == (Outcome.NEW, Outcome.DUPLICATE)
    services.run_commit(actor=world.sec_singkawang, run=run)
    assert Cooperation.objects.filter(title=TITLE).count() == 1


def test_remarks_are_kept_on_the_agreement_and_what_is_not_kept_is_said(world):
    """The walk of issue 11: "Keterangan" and "Tanggal Permohonan" vanished without a word.
    Remarks go on the row's agreement (its summary, where the export writes them); a request
    date, which Kerjasama does not keep, and remarks on a row without an agreement are said."""
    data = (
        "No;Nomor Naskah;Jenis Naskah;Judul;Mitra;Urusan;Tanggal Permohonan;Tgl TTD;"
        "Tanggal Mulai;Tanggal Berakhir;Status;Keterangan\n"
        f"1;12/PKS/2024;PKS;{TITLE};Pemkab Bengkayang;Pariwisata;2 Januari 2024;3 April 2024;3 April 2024;"
        "2 April 2027;Berlaku;Perlu diperpanjang\n"
        "2;;;Pasar Perbatasan;Pemkab Bengkayang;Perdagangan;;;;;Berlaku;menunggu DPRD\n"
    ).encode()
    run = preview(world, data, "ket.csv")

    rows = {row.number: row for row in run.rows.all()}
    assert (rows[2].outcome, rows[3].outcome) == (Outcome.NEW, Outcome.NEW)
    assert [r["code"] for r in rows[2].reasons] == ["request_date_not_kept"]
    assert rows[2].reasons[0]["cell"] == "G2"
    assert [(r["code"], r["cell"]) for r in rows[3].reasons] == [("kept_on_agreement", "L3")]

    services.run_commit(actor=world.sec_singkawang, run=run)
    document = Cooperation.objects.get(title=TITLE).documents.get()
    assert document.summary == "Perlu diperpanjang"
    assert not Cooperation.objects.get(title="Pasar Perbatasan").documents.exists()

    # The same file again: nothing changes (the row without a number is the other case's
    # possible duplicate); with other remarks, the agreement's summary changes.
    again = preview(world, data, "ket.csv")
    assert dict(again.rows.values_list("number", "outcome")) == {
        1: Outcome.NON_DATA,  # the header
        2: Outcome.UNCHANGED,
        3: Outcome.DUPLICATE,
    }
    changed = preview(world, data.replace(b"Perlu diperpanjang", b"Diperpanjang 2027"), "ket.csv")
    update = changed.rows.get(number=2)
    assert update.outcome == Outcome.UPDATE
    assert update.diff == {"document.summary": ["Perlu diperpanjang", "Diperpanjang 2027"]}
    services.run_commit(actor=world.sec_singkawang, run=changed)
    document.refresh_from_db()
    assert document.summary == "Diperpanjang 2027"


def test_a_draft_pks_of_a_case_at_its_proposal_reads_back_at_the_proposal(world):
    """A PKS row whose status the user maps to "Usulan": the case is registered at the
    proposal, its draft PKS at the first step of its own road; the export writes the row as
    "Usulan" (the case has not reached the PKS's road), and the same file read again is
    unchanged, without a word about the stage."""
    from kerjasama.imports.export import register_rows

    data = (
        "No;Nomor Naskah;Jenis Naskah;Judul;Mitra;Urusan;Status\n"
        f"1;7/PKS/2025;PKS;{TITLE};Pemkab Bengkayang;Pariwisata;Usulan\n"
    ).encode()

    def read():
        return preview(world, data, "u.csv")

    services.run_commit(actor=world.sec_singkawang, run=read())
    case = Cooperation.objects.get(title=TITLE)
    assert (case.stage, case.documents.get().stage) == ("proposal", "pks_drafting")
    (row,) = register_rows(Cooperation.objects.filter(pk=case.pk), world.singkawang)
    assert row.values["status"] == "Usulan"

    again = read().rows.get(number=2)
    assert (again.outcome, again.reasons) == (Outcome.UNCHANGED, [])


def test_a_new_row_shows_what_it_will_register(world):
    """The walk: a new row showed only its title, so its dates, partners and OPD could not be
    checked before the commit."""
    from django.utils import translation

    from kerjasama.imports.selectors import values_shown

    data = (
        "No;Nomor Naskah;Jenis Naskah;Judul;Mitra;Perangkat Daerah;Urusan;Tgl TTD;"
        "Tanggal Mulai;Tanggal Berakhir;Status;Keterangan\n"
        f'1;12/PKS/2024;PKS;{TITLE};"Pemkab Bengkayang\nKota Pontianak";Dinas Pariwisata;'
        "Pariwisata;3 April 2024;3 April 2024;2 April 2027;Berlaku;Perlu diperpanjang\n"
    ).encode()
    run = preview(world, data, "baru.csv")
    row = run.rows.get(number=2)
    assert row.outcome == "new", row.reasons

    with translation.override("en"):
        shown = values_shown(row)

    assert shown == [
        ("Document type", "Perjanjian Kerja Sama (PKS)"),
        ("Document number", "12/PKS/2024"),
        ("Partner(s)", "Pemkab Bengkayang, Kota Pontianak"),
        ("OPD", "Dinas Pariwisata"),
        ("Government affair (urusan)", "Pariwisata"),
        ("Signing date", "3 April 2024"),
        ("Start date", "3 April 2024"),
        ("End date", "2 April 2027"),
        ("Status", "Berlaku"),
        ("Remarks", "Perlu diperpanjang"),
    ]


def test_while_a_file_is_read_again_the_old_preview_is_not_shown(world, client):
    """The walk: the re-read screen showed "Diunggah — 0%" beside the old counts and rows."""
    from django.urls import reverse

    data = f"No;Judul;Mitra;Urusan;Status\n1;{TITLE};Pemkab Bengkayang;Pariwisata;Usulan\n"
    run = preview(world, data.encode(), "a.csv")
    client.force_login(world.sec_singkawang)
    url = reverse("imports:run", args=[run.pk])
    assert 'id="import-rows"' in client.get(url).content.decode()

    services.run_choose(
        actor=world.sec_singkawang, run=run, mapping=run.mapping, read=False
    )  # read again by the task, later

    page = client.get(url).content.decode()
    assert "Register sedang dibaca" in page
    assert 'id="import-rows"' not in page
    assert 'class="counts"' not in page


def test_a_committed_import_shows_its_mapping_and_says_what_it_added(world, client):
    """The third walk: once committed, the import hid the mapping it was read with, and its
    notes still said "akan ditambahkan" of an OPD it had added."""
    data = workbook(
        [
            HEADER,
            row(
                A=1,
                D="Perjanjian Kerja Sama",
                E=TITLE,
                F="Pemkab Bengkayang",
                H="Dinas Kelautan dan Perikanan",
                I="Pariwisata",
                L="3 Maret 2024",
                M="2 Maret 2026",
                O="Berlaku",
            ),
        ]
    )
    run = preview(world, data, "opd-baru.xlsx")
    client.force_login(world.sec_singkawang)

    before = client.get(f"/impor/{run.pk}/").content.decode()
    assert "OPD “Dinas Kelautan dan Perikanan” belum ada di daftar; akan ditambahkan" in before
    assert 'id="mapping-used"' not in before

    services.run_commit(actor=world.sec_singkawang, run=run)
    after = client.get(f"/impor/{run.pk}/").content.decode()
    assert "OPD “Dinas Kelautan dan Perikanan” belum ada di daftar; telah ditambahkan" in after
    assert "akan ditambahkan" not in after
    used = after[after.index('id="mapping-used"') : after.index("</details>")]
    assert "<td>E: Judul / Perihal</td><td>Judul / perihal</td>" in used
    assert "<td>A: No.</td><td>— tidak diimpor —</td>" in used
    assert "<td>Berlaku</td><td>Berlaku</td>" in used
    # The reasons report of the committed import says the same.
    report = load_workbook(io.BytesIO(client.get(f"/impor/{run.pk}/alasan.xlsx").content))
    reasons = [row[-1] for row in report.active.iter_rows(min_row=2, values_only=True)]
    assert any("telah ditambahkan" in (text or "") for text in reasons)
    assert not any("akan ditambahkan" in (text or "") for text in reasons)


def test_the_stages_a_status_may_map_to_are_grouped_by_the_types_that_have_them(world, client):
    """The third walk: the status list offered the 28 stages of every type in one list. By the
    domain reference: a letter of intent (LoI) is a step of foreign cooperation only (§6.1),
    the Nota Kesepakatan of sinergi only (§6.2), the KB before a PKS of domestic cooperation
    (§5.1); in force, ended and cancelled are stages of every type."""
    data = (
        b"No;Judul;Mitra;Urusan;Status\n1;Pasar Perbatasan;Pemkab Bengkayang;Perdagangan;Rintisan\n"
    )
    run = preview(world, data, "status.csv")
    client.force_login(world.sec_singkawang)
    html = client.get(f"/impor/{run.pk}/").content.decode()
    select = html[html.index('name="status_0"') :]
    select = select[: select.index("</select>")]
    groups = dict(
        (label, body)
        for label, body in (
            (part.split('"', 1)[0], part) for part in select.split('<optgroup label="')[1:]
        )
    )
    assert next(iter(groups)) == "Semua jenis"
    assert "Berlaku" in groups["Semua jenis"]
    assert "Dibatalkan" in groups["Semua jenis"]
    assert "Pernyataan kehendak ditandatangani" in groups["KSDPL, KSDLL"]
    assert "Nota Kesepakatan ditandatangani" in groups["Sinergi"]
    assert "Kesepakatan Bersama ditandatangani" in groups["KSDD, KSDPK"]
    assert "Pernyataan kehendak" not in groups["KSDD, KSDPK"]
    assert "Nota Kesepakatan" not in groups["KSDPL, KSDLL"]


def _valid_row(number: str, title: str) -> list:
    return row(
        C=number,
        D="PKS",
        E=title,
        F="Pemkab Bengkayang",
        H="Dinas Pariwisata",
        I="Pariwisata",
        K="3 April 2024",
        L="3 April 2024",
        M="2 April 2027",
        O="Berlaku",
    )


def test_a_header_row_typed_past_the_sheets_end_is_told_so_and_can_be_chosen_again(world, client):
    """The third walk: a header row typed beyond the sheet failed the run with "no header row
    was found in the first 30 rows", which is not what happened. The register below has a
    title, a blank row, the header on row 3 and two rows: it ends at row 5."""
    from django.urls import reverse

    from kerjasama.imports.issues import FileRefused
    from kerjasama.imports.models import RunState
    from kerjasama.imports.reader import read_register

    data = workbook(
        [
            ["REGISTER KERJA SAMA KOTA SINGKAWANG"],
            [],
            HEADER,
            _valid_row("12/PKS/2024", TITLE),
            _valid_row("13/PKS/2024", "Penyediaan air bersih kawasan perbatasan"),
        ]
    )
    with pytest.raises(FileRefused) as caught:
        read_register(data, name="register.xlsx", header_row=40)
    assert caught.value.refusal == "header_past_end"
    assert str(caught.value) == (
        "Lembar “Register” berakhir pada baris 5, jadi tidak ada baris 40. Pilih baris yang "
        "sel-selnya menamai kolom (“Nomor Naskah”, “Judul / Perihal” …)."
    )
    with pytest.raises(FileRefused) as caught:
        read_register(b"", name="kosong.csv", header_row=2)
    assert caught.value.refusal != "header_past_end"  # an empty file is refused before

    run = preview(world, data)
    assert run.header_row == 3
    run = services.run_choose(actor=world.sec_singkawang, run=run, header_row=40)
    assert run.state == RunState.FAILED
    assert "berakhir pada baris 5, jadi tidak ada baris 40" in run.error
    assert not Cooperation.objects.filter(title=TITLE).exists()

    client.force_login(world.sec_singkawang)
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "berakhir pada baris 5, jadi tidak ada baris 40" in page
    assert 'name="header_row"' in page  # and the header row can be chosen again

    run = services.run_choose(actor=world.sec_singkawang, run=run, header_row=3)
    assert run.state == RunState.PREVIEWED
    assert dict(run.rows.values_list("number", "outcome")) == {
        1: Outcome.NON_DATA,
        2: Outcome.NON_DATA,
        3: Outcome.NON_DATA,
        4: Outcome.NEW,
        5: Outcome.NEW,
    }
