"""Repairs of the import found by the fresh-eyes walk of issue 11: a row the registry refuses
after the import proposed a new OPD for it leaves the rows after it proposing that OPD again (the
preview used to crash on the OPD that was rolled back), and background work that stops on an
unforeseen error marks its run failed instead of leaving the page waiting for ever."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.utils import translation

from kerjasama.accounts.models import Opd
from kerjasama.agreements.models import Cooperation
from kerjasama.imports import services, tasks
from kerjasama.imports.models import ImportRun, Outcome, RunState
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db

NEW_OPD = "Dinas Baru Sekali"


def _preview(world, data: bytes) -> ImportRun:
    run = services.run_create(
        actor=world.sec_singkawang, tenant=world.singkawang, data=data, name="register.xlsx"
    )
    return services.run_read(run)


def test_a_row_refused_after_proposing_an_opd_leaves_the_next_row_proposing_it_again(world):
    data = workbook(
        [
            HEADER,
            # A KSDD with Kota Pontianak as a kerja sama wajib (the file's setting for every
            # row): the registry refuses it — after its new OPD was added.
            row(
                B="REG/2/2024",
                E="Pengelolaan sampah",
                F="Kota Pontianak",
                H=NEW_OPD,
                I="1.03",
                O="Usulan",
            ),
            row(
                B="REG/3/2024",
                E="Pilar batas",
                F="PT Sinar Terang Abadi",
                H=NEW_OPD,
                I="1.03",
                O="Usulan",
            ),
        ]
    )
    run = services.run_create(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data=data,
        name="register.xlsx",
        defaults={"ksdd_category": "wajib"},
    )
    run = services.run_read(run)

    assert run.state == RunState.PREVIEWED, run.error
    refused, proposed = run.rows.get(number=2), run.rows.get(number=3)
    assert refused.outcome == Outcome.INVALID
    assert proposed.outcome == Outcome.NEW
    with translation.override("id"):
        texts = [services.reason_text(r) for r in proposed.reasons]
    assert any(NEW_OPD in text and "ditambahkan" in text for text in texts), texts
    assert not Opd.objects.filter(name=NEW_OPD).exists()  # the preview wrote nothing

    services.run_exclude(actor=world.sec_singkawang, run=run, numbers=[2], excluded=True)
    run = services.run_commit(actor=world.sec_singkawang, run=run)

    assert run.state == RunState.COMMITTED, run.error
    opd = Opd.objects.get(name=NEW_OPD, tenant=world.singkawang)
    case = Cooperation.objects.get(title="Pilar batas")
    assert case.parties.get(partner__region=world.singkawang.region).executing_opd == opd


def test_reading_that_stops_on_an_unforeseen_error_marks_the_run_failed(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    data = workbook([HEADER, row(B="REG/2/2024", E="Pilar", F="Kabupaten Bengkayang", O="Usulan")])
    run = services.run_create(
        actor=world.sec_singkawang, tenant=world.singkawang, data=data, name="register.xlsx"
    )
    run.file.storage.delete(run.file.name)  # the stored upload is gone before the worker reads it

    # The worker records the error too; what matters is what the run says.
    with contextlib.suppress(FileNotFoundError):
        tasks.read_run_task.enqueue(run.pk)

    run.refresh_from_db()
    assert run.state == RunState.FAILED
    with translation.override("id"):
        assert run.error == (
            "Impor terhenti karena kesalahan yang tidak terduga; tidak ada yang ditulis. Coba "
            "lagi, dan jika terjadi lagi, kirim berkasnya kepada administrator Anda."
        )
    assert not Cooperation.objects.filter(title="Pilar").exists()


def test_a_stale_preview_is_refused_at_commit_and_writes_nothing(world):
    """Two previews of one file: the first committed, the second's "new" rows are cases now. And
    a preview whose "unchanged" rows lost their cases to an undo. Each commit is refused, naming
    the row, and nothing is written (the walk found rows silently dropped)."""
    data = workbook(
        [
            HEADER,
            row(B="REG/2/2024", E="Pilar batas", F="Kabupaten Bengkayang", I="1.03", O="Usulan"),
        ]
    )
    first, second = _preview(world, data), _preview(world, data)
    assert first.rows.get(number=2).outcome == second.rows.get(number=2).outcome == Outcome.NEW
    first = services.run_commit(actor=world.sec_singkawang, run=first)
    assert first.state == RunState.COMMITTED, first.error

    second = services.run_commit(actor=world.sec_singkawang, run=second)

    assert second.state == RunState.FAILED
    with translation.override("id"):
        assert second.error == (
            "Baris 2: register berubah setelah pratinjau (baris ini sekarang “Tidak berubah”, "
            "pratinjau menyebut “Baru”). Baca ulang berkasnya, lalu impor."
        )
    assert Cooperation.objects.filter(title="Pilar batas").count() == 1

    third = _preview(world, data)
    assert third.rows.get(number=2).outcome == Outcome.UNCHANGED
    services.run_undo(actor=world.sec_singkawang, run=first)
    assert not Cooperation.objects.filter(title="Pilar batas").exists()

    third = services.run_commit(actor=world.sec_singkawang, run=third)

    assert third.state == RunState.FAILED
    assert "Baris 2" in third.error
    assert not Cooperation.objects.filter(title="Pilar batas").exists()


def test_a_status_chosen_for_one_file_is_proposed_for_the_next_without_a_commit(world):
    """The walk chose "Dalam proses" → a stage, read again, and the next upload asked again:
    what the user chose is remembered when the file is read with it, not only at commit."""
    data = workbook(
        [
            HEADER,
            row(B="REG/2/2024", E="Pilar", F="Kabupaten Bengkayang", I="1.03", O="Dalam proses"),
        ]
    )
    first = _preview(world, data)
    assert first.status_mapping["dalam proses"] is None

    services.run_choose(
        actor=world.sec_singkawang, run=first, status_mapping={"dalam proses": "preparation"}
    )

    second = _preview(world, data)
    assert second.status_mapping["dalam proses"] == "preparation"
    assert second.rows.get(number=2).outcome == Outcome.NEW


def test_the_preview_says_what_each_row_that_is_not_data_is(client, world):
    """The walk found "Bukan data" rows listed without content: one could not tell a totals
    row from a footnote."""
    data = workbook(
        [
            ["DAFTAR KERJA SAMA DAERAH KOTA SINGKAWANG"],
            [],
            HEADER,
            row(B="REG/4/2024", E="Pilar", F="Kabupaten Bengkayang", I="1.03", O="Usulan"),
            ["JUMLAH", None, 1],
        ]
    )
    run = _preview(world, data)
    client.force_login(world.sec_singkawang)

    page = client.get(
        f"/impor/{run.pk}/", {"hasil": "non_data"}, headers={"accept-language": "id"}
    ).content.decode()

    assert 'data-row="1" data-outcome="non_data"' in page
    assert "Blok judul" in page
    assert "<div>Jumlah</div>" in page


def test_the_registrys_refusals_are_written_in_the_uploaders_language(
    client, world, django_capture_on_commit_callbacks
):
    """The reasons are words of the reader's language, but a refusal of the registry is text
    the background reading writes: in the language of the person who uploaded the file (the
    walk found Indonesian refusals on English pages)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kerjasama.imports.models import RememberedMapping

    # A kerja sama wajib with a region the registry refuses as such (the file's setting).
    RememberedMapping.objects.create(tenant=world.singkawang, defaults={"ksdd_category": "wajib"})
    data = workbook(
        [
            HEADER,
            row(B="REG/2/2024", E="Pengelolaan sampah", F="Kota Pontianak", I="1.03", O="Usulan"),
        ]
    )
    client.force_login(world.sec_singkawang)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            "/impor/",
            {"upload": SimpleUploadedFile("register.xlsx", data)},
            headers={"accept-language": "en"},
        )
    with translation.override("id"):  # the worker, outside any request: the site's language
        for callback in callbacks:
            callback()

    run = ImportRun.objects.get()
    refused = run.rows.get(number=2)
    assert refused.outcome == Outcome.INVALID
    text = " ".join(r["params"].get("text", "") for r in refused.reasons)
    assert "A mandatory KSDD is only between adjacent regions" in text, text


SIGNED_CONTRACT = row(
    B="REG/2/2024",
    C="1/PKS/2024",
    D="Perjanjian Kerja Sama",
    E="Pengelolaan air bersih",
    F="PT Sinar Terang Abadi",
    I="1.03",
    K=dt.datetime(2024, 3, 1),
    L=dt.datetime(2024, 3, 1),
    M=dt.datetime(2026, 2, 28),
    O="Berlaku",
)


def test_law_a_signed_ksdpk_contract_is_imported_once_its_clauses_are_checked(world):
    """§3.2, §9 item 3; PP 28/2018 Pasal 19(2): a KSDPK contract is signed only with its four
    mandatory clauses. A register never says; the walk found such rows refused with the
    registry's words and no way out. By hand: unanswered, the row is invalid naming D2 and how
    to answer; answered "checked" for the file, the contract is registered signed, the clauses
    confirmed."""
    from kerjasama.agreements.models import Document

    run = _preview(world, workbook([HEADER, SIGNED_CONTRACT]))
    row2 = run.rows.get(number=2)
    assert row2.outcome == Outcome.INVALID
    with translation.override("id"):
        texts = [services.reason_text(r) for r in row2.reasons]
    assert texts[-1] == (
        "D2: kontrak KSDPK yang ditandatangani hanya dicatat bila memuat empat klausul wajib "
        "(PP 28/2018 Pasal 19(2)); periksa kontraknya, lalu jawab “Sudah diperiksa” pada "
        "“Kontrak KSDPK yang ditandatangani” di bawah kolom-kolom dan baca ulang"
    )

    run = services.run_choose(
        actor=world.sec_singkawang, run=run, defaults={"ksdpk_clauses": "yes"}
    )
    assert run.rows.get(number=2).outcome == Outcome.NEW
    run = services.run_commit(actor=world.sec_singkawang, run=run)

    assert run.state == RunState.COMMITTED, run.error
    contract = Document.objects.get(cooperation__title="Pengelolaan air bersih", kind="pks")
    assert (contract.status, contract.mandatory_clauses_confirmed) == ("signed", True)


def test_a_term_with_a_start_and_no_end_names_its_cells(world):
    """The walk found "3: Isi awal dan akhir jangka waktu sekaligus" with no cell: the row says
    which cell to fill (the end date, or the term that gives it)."""
    run = _preview(
        world,
        workbook(
            [
                HEADER,
                row(
                    B="REG/2/2024",
                    D="Kesepakatan Bersama",
                    E="Pilar batas",
                    F="Kabupaten Bengkayang",
                    I="1.03",
                    L=dt.datetime(2024, 3, 1),
                    O="Usulan",
                ),
            ]
        ),
    )
    row2 = run.rows.get(number=2)
    assert row2.outcome == Outcome.INVALID
    with translation.override("id"):
        texts = [services.reason_text(r) for r in row2.reasons]
    assert (
        "L2: awal jangka waktu diisi tetapi akhirnya tidak; isi M2 atau jangka waktunya (Jangka Waktu)"
        in texts
    )


def test_the_clauses_answer_is_for_one_file_and_the_plan_is_a_fact_for_every_row(world):
    """The walk found "checked" carried over to the next file nobody checked, and every case
    imported "in the regional plan" though no file said so: the plan is one of the facts for
    every row (shown, chosen, remembered), the clauses' answer is never remembered."""
    from kerjasama.imports.models import RememberedMapping

    plain = row(B="REG/3/2024", E="Pilar batas", F="Kabupaten Bengkayang", I="1.03", O="Usulan")
    run = _preview(world, workbook([HEADER, SIGNED_CONTRACT, plain]))
    assert run.defaults["in_plan"] == "yes"
    run = services.run_choose(
        actor=world.sec_singkawang,
        run=run,
        defaults={"ksdpk_clauses": "yes", "in_plan": "no"},
    )
    with translation.override("id"):
        shown = dict(run.defaults_display())
    assert shown["perencanaan daerah"] == (
        "Di luar perencanaan daerah: setiap kerja sama lalu memerlukan alasannya"
    )
    assert shown["kontrak KSDPK yang ditandatangani"].startswith("Sudah diperiksa")
    # Outside the plan, a case needs a reason of PP 28/2018 Pasal 4(3) no register holds.
    assert run.rows.get(number=3).outcome == Outcome.INVALID
    remembered = RememberedMapping.objects.get(tenant=world.singkawang)
    assert remembered.defaults["in_plan"] == "no"
    assert "ksdpk_clauses" not in remembered.defaults

    following = _preview(world, workbook([HEADER, SIGNED_CONTRACT]))
    assert following.defaults["ksdpk_clauses"] == "no"  # asked again for this file
    assert following.rows.get(number=2).outcome == Outcome.INVALID


def test_a_status_before_the_signature_of_a_signed_agreement_is_warned(world):
    """The walk found a row "Dalam proses" → drafting of the KB, with a signing date, registered
    at drafting with its KB signed and no word of it: the row stays new (the register is the
    user's) but says so, naming the status and the signing cells."""
    run = _preview(
        world,
        workbook(
            [
                HEADER,
                row(
                    B="REG/2/2024",
                    C="5/KB/2023",
                    D="Kesepakatan Bersama",
                    E="Pilar batas",
                    F="Kabupaten Bengkayang",
                    I="1.03",
                    K=dt.datetime(2023, 8, 8),
                    L=dt.datetime(2023, 8, 8),
                    M=dt.datetime(2028, 8, 7),
                    O="Dalam proses",
                ),
            ]
        ),
    )
    run = services.run_choose(
        actor=world.sec_singkawang, run=run, status_mapping={"dalam proses": "kb_drafting"}
    )
    row2 = run.rows.get(number=2)
    assert row2.outcome == Outcome.NEW
    with translation.override("id"):
        texts = [services.reason_text(r) for r in row2.reasons]
    assert (
        "O2: status menempatkan kerja sama pada tahap “Penyusunan Kesepakatan Bersama”, sebelum "
        "naskahnya ditandatangani, padahal K2 berisi tanggal penandatanganan: kerja sama dicatat "
        "pada tahap itu dengan naskah yang sudah ditandatangani; periksa statusnya"
    ) in texts, texts
