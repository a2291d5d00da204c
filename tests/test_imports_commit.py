"""Preview, commit and undo of a register (issue 11, items 6–7). The register is built here
with openpyxl (the corpus builders of `test_imports_corpus`); each row's outcome, and the cases
a commit makes, are written out by hand."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from kerjasama.accounts.models import Opd
from kerjasama.agreements.models import Cooperation
from kerjasama.core.models import AuditEvent
from kerjasama.imports import services
from kerjasama.imports.models import ImportRun, Outcome, RememberedMapping, RunState
from kerjasama.imports.selectors import error_report
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db

TITLE_KB = "Pengelolaan Sampah Regional Singkawang–Bengkayang"
TITLE_PKS = "Penyediaan Air Bersih Kawasan Wisata"


def register(**overrides) -> bytes:
    """A register of Kota Singkawang: a title block, a section row, four data rows (a KB with
    Bengkayang, a PKS with the Perumda, an unknown partner, an unmapped status), a total."""
    kb = dict(
        A=1,
        B="REG-2023-01",
        C="119/KS-BKY/2023",
        D="Kesepakatan Bersama",
        E=TITLE_KB,
        F="Pemkab  Bengkayang",
        H="Dinas Lingkungan Hidup",
        I="Pekerjaan Umum dan Penataan Ruang",
        K="17 Juli 2023",
        L="17 Juli 2023",
        M="16 Juli 2028",
        O="Berlaku",
    )
    kb.update(overrides.pop("kb", {}))
    pks = dict(
        A=2,
        C="500/7/EKON/2024",
        D="Nota Kesepakatan",
        E=TITLE_PKS,
        F="Perumda Air Minum Gunung Poteng",
        H="Dinas Pariwisata",
        I="Pariwisata",
        O="Usulan",
    )
    pks.update(overrides.pop("pks", {}))
    rows = [
        ["REGISTER KERJA SAMA DAERAH KOTA SINGKAWANG"],
        [],
        HEADER,
        ["TAHUN 2023"],
        row(**kb),
        row(**pks),
        row(A=3, E="Promosi Investasi", F="Kabupaten Antah Berantah", I="Pariwisata", O="Usulan"),
        row(A=4, E="Kerja sama pendidikan", F="Kota Pontianak", I="1.01", O="dalam proses"),
        ["Jumlah", None, None, None, "4 naskah"],
    ]
    return workbook(rows)


def preview(world, data: bytes, name: str = "register.xlsx") -> ImportRun:
    run = services.run_create(
        actor=world.sec_singkawang, tenant=world.singkawang, data=data, name=name
    )
    return services.run_read(run)


def outcomes(run: ImportRun) -> dict[int, str]:
    return dict(run.rows.values_list("number", "outcome"))


def reasons(run: ImportRun, number: int) -> list[str]:
    with translation.override("id"):
        return [services.reason_text(r) for r in run.rows.get(number=number).reasons]


def test_the_preview_gives_each_row_its_outcome_and_writes_no_case(world):
    cases_before = Cooperation.objects.count()
    opds_before = Opd.objects.count()

    run = preview(world, register())

    assert run.state == RunState.PREVIEWED
    assert outcomes(run) == {
        1: Outcome.NON_DATA,  # title
        2: Outcome.NON_DATA,  # blank
        3: Outcome.NON_DATA,  # header
        4: Outcome.NON_DATA,  # section "TAHUN 2023"
        5: Outcome.NEW,
        6: Outcome.NEW,
        7: Outcome.INVALID,
        8: Outcome.INVALID,
        9: Outcome.NON_DATA,  # total
    }
    assert run.counts["new"] == 2
    assert run.counts["invalid"] == 2
    assert run.counts["non_data"] == 5
    assert reasons(run, 7) == [
        "F7: mitra “Kabupaten Antah Berantah” bukan daerah dan tidak ada di daftar mitra; "
        "daftarkan dulu"
    ]
    assert reasons(run, 8) == ["O8: status “dalam proses” belum dipetakan ke tahap; pilih tahapnya"]
    assert "H5: OPD “Dinas Lingkungan Hidup” belum ada di daftar; akan ditambahkan" in reasons(
        run, 5
    )
    # Nothing written: no case, no OPD.
    assert Cooperation.objects.count() == cases_before
    assert Opd.objects.count() == opds_before


def test_commit_registers_the_cases_at_their_stages_with_the_import_as_source(world):
    run = preview(world, register())

    run = services.run_commit(actor=world.sec_singkawang, run=run)

    assert run.state == RunState.COMMITTED, run.error
    kb = Cooperation.objects.get(title=TITLE_KB)
    assert kb.kind == "ksdd"
    assert kb.stage == "in_force"  # "Berlaku" → berlaku (§5.2)
    assert kb.ksdd_category == "sukarela"
    assert sorted(p.partner.region.code for p in kb.parties.all()) == ["61.07", "61.72"]
    assert list(kb.affairs.values_list("code", flat=True)) == ["1.03"]
    own = kb.parties.get(partner__region__code="61.72")
    assert own.executing_opd.name == "Dinas Lingkungan Hidup"
    assert own.register_number == "REG-2023-01"
    document = kb.documents.get()
    assert document.kind == "kb"
    assert document.status == "signed"
    assert document.signed_on == dt.date(2023, 7, 17)
    assert document.end_date == dt.date(2028, 7, 16)
    assert document.party_entries.get(party=own).number == "119/KS-BKY/2023"
    assert kb.evidence_missing > 0  # registered mid-way: its missing evidence is listed
    created = AuditEvent.objects.get(action="cooperation.create", object_id=str(kb.pk))
    assert created.data["source_object"] == f"imports.importrun:{run.pk}"
    assert created.data["source"] == str(run.label)
    assert "register.xlsx" in created.data["source"]

    pks = Cooperation.objects.get(title=TITLE_PKS)
    assert pks.kind == "ksdpk"
    assert pks.stage == "proposal"  # "Usulan" → usulan
    assert pks.parties.get(order=2).partner == world.third_party
    assert pks.documents.get().kind == "nk"
    assert pks.documents.get().status == "draft"  # no signing date
    # Exactly these two cases came in; the run keeps them.
    assert set(
        run.rows.filter(cooperation__isnull=False).values_list("cooperation", flat=True)
    ) == {
        kb.pk,
        pks.pk,
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world):
    first = preview(world, register())
    services.run_commit(actor=world.sec_singkawang, run=first)
    cases = Cooperation.objects.count()
    events = AuditEvent.objects.count()

    second = preview(world, register())

    assert outcomes(second)[5] == Outcome.UNCHANGED
    assert outcomes(second)[6] == Outcome.UNCHANGED
    assert second.counts["new"] == 0
    assert second.counts["update"] == 0
    second = services.run_commit(actor=world.sec_singkawang, run=second)
    assert second.state == RunState.COMMITTED
    assert Cooperation.objects.count() == cases
    # Only the upload and the commit of the second run itself were recorded.
    assert AuditEvent.objects.count() == events + 2


def test_a_corrected_file_updates_the_case_instead_of_duplicating_it(world):
    services.run_commit(actor=world.sec_singkawang, run=preview(world, register()))
    corrected = register(kb={"E": TITLE_KB + " (Revisi)", "M": "30 Juli 2028", "I": "1.03; 3.26"})

    run = preview(world, corrected)

    assert outcomes(run)[5] == Outcome.UPDATE
    assert run.rows.get(number=5).diff == {
        "title": [TITLE_KB, TITLE_KB + " (Revisi)"],
        "affairs": [["1.03"], ["1.03", "3.26"]],
        "document.end_date": ["2028-07-16", "2028-07-30"],
    }
    assert outcomes(run)[6] == Outcome.UNCHANGED
    cases = Cooperation.objects.count()
    run = services.run_commit(actor=world.sec_singkawang, run=run)

    assert run.state == RunState.COMMITTED, run.error
    assert Cooperation.objects.count() == cases
    kb = Cooperation.objects.get(title=TITLE_KB + " (Revisi)")
    assert sorted(kb.affairs.values_list("code", flat=True)) == ["1.03", "3.26"]
    assert kb.documents.get().end_date == dt.date(2028, 7, 30)


def test_a_row_the_registry_refuses_at_commit_rolls_back_every_row(world):
    run = preview(world, register())
    cases = Cooperation.objects.count()
    # Meanwhile Bengkayang's partner row for the KB is fine, but the Perumda loses its type:
    # a KSDPK's third party must have one (PP 28/2018 Pasal 14), so row 6 is refused.
    world.third_party.third_party_type = ""
    world.third_party.save()

    run = services.run_commit(actor=world.sec_singkawang, run=run)

    assert run.state == RunState.FAILED
    assert "6" in run.error
    assert Cooperation.objects.count() == cases  # row 5's case is gone too
    assert not Cooperation.objects.filter(title=TITLE_KB).exists()
    assert not Opd.objects.filter(name="Dinas Lingkungan Hidup").exists()


def test_undo_deletes_the_cases_the_import_created(world):
    run = services.run_commit(actor=world.sec_singkawang, run=preview(world, register()))
    cases = Cooperation.objects.filter(title__in=[TITLE_KB, TITLE_PKS])
    assert cases.count() == 2

    run = services.run_undo(actor=world.sec_singkawang, run=run)

    assert run.state == RunState.UNDONE
    assert not cases.exists()
    assert Cooperation.objects.filter(pk=world.kb.pk).exists()  # others stay
    assert AuditEvent.objects.filter(action="import.undo_create").count() == 2


def test_undo_restores_the_fields_an_import_updated(world):
    services.run_commit(actor=world.sec_singkawang, run=preview(world, register()))
    update = services.run_commit(
        actor=world.sec_singkawang,
        run=preview(world, register(kb={"E": "Judul Baru", "M": "30 Juli 2028"})),
    )
    kb = Cooperation.objects.get(title="Judul Baru")
    assert kb.documents.get().end_date == dt.date(2028, 7, 30)
    # The first import's cases were changed since (by the second one): it stays.
    first = ImportRun.objects.order_by("pk").first()
    with pytest.raises(services.ImportRefused):
        services.run_undo(actor=world.sec_singkawang, run=first)

    services.run_undo(actor=world.sec_singkawang, run=update)

    kb.refresh_from_db()
    assert kb.title == TITLE_KB
    assert kb.documents.get().end_date == dt.date(2028, 7, 16)
    # The restoring write names the undo in the case's history, and carries the run.
    restored = AuditEvent.objects.filter(action="document.update").order_by("-pk").first()
    assert restored.data["reason"].endswith("(dibatalkan)")
    assert restored.data["import_undo"] == update.pk
    # The second import undone, nothing of it is left on the first one's cases: the first
    # one can be undone now (the walk of issue 11: it was refused for ever).
    first = services.run_undo(actor=world.sec_singkawang, run=first)
    assert first.state == RunState.UNDONE
    assert not Cooperation.objects.filter(title__in=[TITLE_KB, TITLE_PKS]).exists()


def test_undo_is_refused_after_a_later_change_to_one_of_its_cases(world):
    from kerjasama.agreements import services as agreements

    run = services.run_commit(actor=world.sec_singkawang, run=preview(world, register()))
    pks = Cooperation.objects.get(title=TITLE_PKS)
    own = pks.parties.get(partner__region__code="61.72")
    agreements.party_update(
        actor=world.sec_singkawang, party=own, data={"contact_name": "Ibu Rina"}
    )

    with pytest.raises(services.ImportRefused) as refused, translation.override("en"):
        services.run_undo(actor=world.sec_singkawang, run=run)

    assert TITLE_PKS in str(refused.value.message)
    assert Cooperation.objects.filter(title=TITLE_KB).exists()
    run.refresh_from_db()
    assert run.state == RunState.COMMITTED


def test_only_the_regions_secretariat_imports(world):
    from kerjasama.core.exceptions import NotPermitted

    with pytest.raises(NotPermitted):
        services.run_create(
            actor=world.pupr_officer, tenant=world.singkawang, data=register(), name="r.xlsx"
        )
    with pytest.raises(NotPermitted):
        services.run_create(
            actor=world.sec_bengkayang, tenant=world.singkawang, data=register(), name="r.xlsx"
        )


def test_the_mapping_is_remembered_for_the_regions_next_file(world):
    run = preview(world, register())
    services.run_choose(
        actor=world.sec_singkawang, run=run, status_mapping={"dalam proses": "preparation"}
    )
    run.refresh_from_db()
    assert outcomes(run)[8] == Outcome.NEW
    services.run_commit(actor=world.sec_singkawang, run=run)

    remembered = RememberedMapping.objects.get(tenant=world.singkawang)
    assert remembered.statuses["dalam proses"] == "preparation"
    assert remembered.headers["judul perihal"] == "title"
    again = preview(world, register())
    assert again.status_mapping["dalam proses"] == "preparation"


def test_the_error_report_puts_the_reason_beside_each_row(world):
    run = preview(world, register())

    with translation.override("id"):
        data = error_report(run)

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-3:] == ("Baris di berkas", "Hasil", "Alasan")
    assert rows[0][:5] == tuple(HEADER[:5])
    by_title = {r[4]: r[-1] for r in rows[1:]}
    # The row's number in the file (as its reasons' cells name it) and its outcome.
    assert {r[4]: r[-3:-1] for r in rows[1:]}["Promosi Investasi"] == (7, "Tidak valid")
    assert by_title["Promosi Investasi"].startswith("F7: mitra “Kabupaten Antah Berantah”")
    assert by_title["Kerja sama pendidikan"].startswith("O8: status “dalam proses”")
    assert by_title[TITLE_KB] is None or "H5" in by_title[TITLE_KB]


def test_a_row_like_an_existing_case_without_its_number_is_a_possible_duplicate(world):
    """`world.kb` (Kalbar–Singkawang) has a KB signed on 14 January 2021 (the factory's date);
    a row with its title, Kalbar as partner and that date, but no number, may be it."""
    from tests.factories import DocumentFactory

    DocumentFactory(cooperation=world.kb, kind="kb", title="KB Kalbar")
    data = workbook(
        [
            HEADER,
            row(
                E="Kesepakatan Bersama Provinsi Kalimantan Barat dan Kota  Singkawang",
                F="Pemprov Kalimantan Barat",
                I="1.03",
                K="14/01/2021",
                O="Berlaku",
            ),
        ]
    )

    run = preview(world, data)

    assert outcomes(run)[2] == Outcome.DUPLICATE
    assert reasons(run, 2) == [
        # No "Jenis Naskah": the signing date has no agreement to be kept on (it is said).
        "K2 tidak diimpor: nilai itu disimpan pada naskah baris ini, dan baris ini tidak "
        "menyebut jenis naskahnya (“Jenis Naskah”)",
        "2: mungkin sama dengan kerja sama yang sudah terdaftar sebagai “Kesepakatan Bersama "
        "Provinsi Kalimantan Barat dan Kota Singkawang” (judul, mitra dan tanggal sama); "
        "periksa, atau kecualikan baris ini",
    ]
    cases = Cooperation.objects.count()
    services.run_commit(actor=world.sec_singkawang, run=run)
    assert Cooperation.objects.count() == cases  # a duplicate is never written


def test_an_ended_kb_is_registered_ended_on_its_end_date(world):
    """§6.4: a cooperation whose term has passed ends by the expiry of its term (PP 28/2018
    Pasal 9(a), 22); "Habis" maps to ended, and the end date is when."""
    data = workbook(
        [
            HEADER,
            row(
                C="10/KS/2015",
                D="KB",
                E="Kerja sama lama yang sudah habis",
                F="Kabupaten Bengkayang",
                I="1.03",
                K="2 Maret 2015",
                L="2 Maret 2015",
                M="1 Maret 2020",
                O="Habis",
            ),
        ]
    )

    run = services.run_commit(actor=world.sec_singkawang, run=preview(world, data))

    assert run.state == RunState.COMMITTED, run.error
    ended = Cooperation.objects.get(title="Kerja sama lama yang sudah habis")
    assert ended.stage == "ended"
    assert ended.termination_reason == "term_expired"
    assert ended.terminated_on == dt.date(2020, 3, 2)  # the day after its term
    assert ended.documents.get().status == "signed"
    # The law's road: registered in force, then ended by the expiry of its term, the import
    # named as the step's source.
    step = ended.transitions.get()
    assert (step.action, step.from_stage, step.to_stage) == ("expire", "in_force", "ended")
    assert step.data["source"]["type"] == "imports.importrun"
    assert step.data["source"]["id"] == run.pk
    # Undone, the case goes with its step.
    services.run_undo(actor=world.sec_singkawang, run=run)
    assert not Cooperation.objects.filter(title="Kerja sama lama yang sudah habis").exists()


def test_an_ended_signed_pks_is_registered_and_ended_by_its_term(world):
    """§6.4: a PKS with Bengkayang whose term passed ("Tidak berlaku lagi") — the registry
    refuses a PKS signed under an ended case, so the import registers it in force and lets the
    term end it. (A KSDPK contract would also need its four mandatory clauses confirmed, PP
    28/2018 Pasal 19(2), which a register does not say: such a row is invalid with that reason.)
    """
    data = workbook(
        [
            HEADER,
            row(
                C="77/PKS/2017",
                D="Perjanjian Kerja Sama",
                E="Pengelolaan air bersih lama",
                F="Pemkab Bengkayang",
                I="1.03",
                K="10/04/2017",
                L="10/04/2017",
                M="09/04/2022",
                O="Tidak berlaku lagi",
            ),
        ]
    )

    run = services.run_commit(actor=world.sec_singkawang, run=preview(world, data))

    assert run.state == RunState.COMMITTED, run.error
    assert outcomes(run)[2] == Outcome.NEW, reasons(run, 2)
    case = Cooperation.objects.get(title="Pengelolaan air bersih lama")
    assert case.kind == "ksdd"
    assert case.stage == "ended"
    assert case.terminated_on == dt.date(2022, 4, 10)
    pks = case.documents.get()
    assert (pks.kind, pks.status, pks.end_date) == ("pks", "signed", dt.date(2022, 4, 9))


def test_law_a_kb_signed_while_the_status_says_proposal_is_invalid_with_the_registrys_reason(
    world,
):
    """§5.1 (PP 28/2018 Pasal 6(1)): a Kesepakatan Bersama is signed at its drafting stage, after
    the proposal, preparation and offer. A row "Usulan" with a signing date contradicts itself:
    the preview says so in the row (the registry's own refusal) and nothing is written."""
    data = workbook(
        [
            HEADER,
            row(
                C="1/KS/2024",
                D="KB",
                E="Kerja sama yang belum jelas",
                F="Kabupaten Bengkayang",
                I="1.03",
                K="5 Januari 2024",
                O="Usulan",
            ),
        ]
    )

    run = preview(world, data)

    assert outcomes(run)[2] == Outcome.INVALID
    # The registry's refusal, and the import's own warning on the status (cell O2).
    (reason,) = [text for text in reasons(run, 2) if text.startswith("2: ")]
    assert "Kesepakatan Bersama" in reason
    assert [text[:3] for text in reasons(run, 2)] == ["O2:", "2: "]
    assert not Cooperation.objects.filter(title="Kerja sama yang belum jelas").exists()


def test_the_error_report_escapes_cells_a_spreadsheet_would_run_as_formulas(world):
    data = workbook(
        [HEADER, row(E="@SUM(1+1) Kerja sama", F="-Mitra tidak dikenal", I="1.03", O="Usulan")]
    )

    report = load_workbook(io.BytesIO(error_report(preview(world, data)))).active

    cells = next(iter(report.iter_rows(min_row=2, values_only=True)))
    assert cells[4] == "'@SUM(1+1) Kerja sama"
    assert cells[5] == "'-Mitra tidak dikenal"
