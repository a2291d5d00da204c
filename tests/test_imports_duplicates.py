"""A possible duplicate can be answered for (issue 11, item 5: rows that resemble a case "are
offered as possible duplicates"; the third walk found that the user could only exclude them).
The user says of the chosen rows: new cases after all, or the cases they resemble; the file is
read again, and the commit writes what was said."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kerjasama.agreements.models import Cooperation
from kerjasama.core.models import AuditEvent
from kerjasama.imports import services
from kerjasama.imports.models import Decision, Outcome, RunState
from tests.test_imports_commit import outcomes, preview, reasons
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db

KB_TITLE = "Kesepakatan Bersama Provinsi Kalimantan Barat dan Kota Singkawang"


def _register():
    """Row 2 resembles `world.kb`: its title, Kalbar as partner, the KB's signing date (the
    factory's 14 January 2021), no number, and a remark the case does not have. Row 3 is new."""
    return workbook(
        [
            HEADER,
            row(
                D="Kesepakatan Bersama",
                E=KB_TITLE,
                F="Pemprov Kalimantan Barat",
                I="1.03",
                K="14/01/2021",
                O="Berlaku",
                P="Dievaluasi setiap tahun",
            ),
            row(
                C="12/PKS/2024",
                D="PKS",
                E="Pengembangan Destinasi Wisata Pantai Pasir Panjang",
                F="Pemkab Bengkayang",
                H="Dinas Pariwisata",
                I="Pariwisata",
                K="3 April 2024",
                L="3 April 2024",
                M="2 April 2027",
                O="Berlaku",
            ),
        ]
    )


@pytest.fixture
def kb_on_file(world):
    from tests.factories import DocumentFactory

    return DocumentFactory(cooperation=world.kb, kind="kb", title="KB Kalbar")


def test_a_possible_duplicate_taken_as_new_is_imported_as_a_second_case(world, kb_on_file):
    run = preview(world, _register())
    assert outcomes(run) == {1: Outcome.NON_DATA, 2: Outcome.DUPLICATE, 3: Outcome.NEW}

    decided = services.run_decide(
        actor=world.sec_singkawang, run=run, numbers=[2, 3], decision=Decision.NEW
    )

    assert decided == 1  # row 3 is no possible duplicate: nothing to say of it
    run.refresh_from_db()
    assert run.state == RunState.PREVIEWED
    assert outcomes(run) == {1: Outcome.NON_DATA, 2: Outcome.NEW, 3: Outcome.NEW}
    assert run.rows.get(number=2).decision == Decision.NEW
    assert run.rows.get(number=3).decision == ""
    assert reasons(run, 2)[-1] == (
        f"2: mungkin sama dengan kerja sama yang sudah terdaftar sebagai “{KB_TITLE}”; Anda "
        "memilih mengimpornya sebagai kerja sama baru"
    )
    event = AuditEvent.objects.get(action="import.decide")
    assert event.data == {"rows": ["2"], "decision": "new"}  # as the audit trail keeps them

    services.run_commit(actor=world.sec_singkawang, run=run)

    assert Cooperation.objects.filter(title=KB_TITLE).count() == 2
    created = run.rows.get(number=2).cooperation
    assert created is not None
    assert created.pk != world.kb.pk


def test_a_possible_duplicate_taken_as_the_case_updates_that_case(world, kb_on_file):
    run = preview(world, _register())

    services.run_decide(actor=world.sec_singkawang, run=run, numbers=[2], decision=Decision.SAME)

    run.refresh_from_db()
    assert outcomes(run) == {1: Outcome.NON_DATA, 2: Outcome.UPDATE, 3: Outcome.NEW}
    stored = run.rows.get(number=2)
    assert stored.cooperation_id == world.kb.pk
    assert reasons(run, 2)[-1] == (
        f"2: mirip kerja sama “{KB_TITLE}” (judul, mitra dan tanggal sama); Anda memilih "
        "menganggapnya kerja sama itu"
    )

    services.run_commit(actor=world.sec_singkawang, run=run)

    assert Cooperation.objects.filter(title=KB_TITLE).count() == 1
    kb_on_file.refresh_from_db()
    assert kb_on_file.summary == "Dievaluasi setiap tahun"  # the row's remark, on its agreement


def test_a_decision_can_be_taken_back_and_is_kept_when_the_file_is_read_again(world, kb_on_file):
    run = preview(world, _register())
    services.run_decide(actor=world.sec_singkawang, run=run, numbers=[2], decision=Decision.NEW)

    # Read again with the user's choices (the same mapping): the decision stays with row 2.
    run = services.run_choose(actor=world.sec_singkawang, run=run, mapping=run.mapping)
    assert outcomes(run) == {1: Outcome.NON_DATA, 2: Outcome.NEW, 3: Outcome.NEW}

    services.run_decide(actor=world.sec_singkawang, run=run, numbers=[2], decision="")
    run.refresh_from_db()
    assert outcomes(run) == {1: Outcome.NON_DATA, 2: Outcome.DUPLICATE, 3: Outcome.NEW}
    assert reasons(run, 2)[-1].endswith("periksa, atau kecualikan baris ini")


def test_only_the_regions_secretariat_decides_and_only_on_a_preview(world, kb_on_file):
    from django.core.exceptions import PermissionDenied, ValidationError

    run = preview(world, _register())
    with pytest.raises((PermissionDenied, ValidationError)):
        services.run_decide(actor=world.sec_bengkayang, run=run, numbers=[2], decision="new")
    with pytest.raises(ValidationError):
        services.run_decide(actor=world.sec_singkawang, run=run, numbers=[2], decision="maybe")
    assert run.rows.get(number=2).decision == ""
    services.run_commit(actor=world.sec_singkawang, run=run)
    with pytest.raises(ValidationError):
        services.run_decide(actor=world.sec_singkawang, run=run, numbers=[2], decision="new")
    assert not AuditEvent.objects.filter(action="import.decide").exists()


def test_the_page_offers_the_decision_and_the_task_reads_the_file_again(
    world, kb_on_file, client, django_capture_on_commit_callbacks
):
    run = preview(world, _register())
    url = reverse("imports:run", args=[run.pk])
    client.force_login(world.sec_singkawang)
    page = client.get(url).content.decode()
    assert 'id="decide-duplicates"' in page
    # What the resembling row says is shown, to be held against the case it names.
    assert "<dd>Dievaluasi setiap tahun</dd>" in page
    # The case it resembles, one click away, to be checked.
    assert f'<a href="{world.kb.get_absolute_url()}" target="_blank" rel="noopener">Buka' in page
    assert f'formaction="{reverse("imports:decide", args=[run.pk])}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("imports:decide", args=[run.pk]), {"action": "as_new", "row": ["2"]}
        )
    assert answer["Location"] == url
    run.refresh_from_db()
    assert run.state == RunState.PREVIEWED
    assert outcomes(run) == {1: Outcome.NON_DATA, 2: Outcome.NEW, 3: Outcome.NEW}
    page = client.get(url).content.decode()
    assert "1 baris diputuskan; register dibaca lagi." in page
    assert "Anda memilih mengimpornya sebagai kerja sama baru" in page
    assert 'id="decide-duplicates"' in page  # the decided row can still be asked again

    answer = client.post(reverse("imports:decide", args=[run.pk]), {"action": "as_new"})
    page = client.get(url).content.decode()
    assert "Pilih barisnya dulu" in page


def test_a_row_resembling_one_an_earlier_row_created_links_to_no_case(world):
    """The second of two identical rows resembles the case the first one will create: in the
    preview that case is rolled back, so there is nothing to open (its id may be another's)."""
    from kerjasama.imports.selectors import resembled_cases

    same = row(
        C="",
        D="PKS",
        E="Penyediaan air bersih kawasan perbatasan",
        F="Pemkab Bengkayang",
        I="1.03",
        K="3 April 2024",
        O="Berlaku",
    )
    run = preview(world, workbook([HEADER, same, same]))

    assert outcomes(run) == {1: Outcome.NON_DATA, 2: Outcome.NEW, 3: Outcome.DUPLICATE}
    reason = next(r for r in run.rows.get(number=3).reasons if r["code"] == "duplicate")
    assert "case" not in reason["params"]
    assert resembled_cases(run, run.rows.all()) == {}
