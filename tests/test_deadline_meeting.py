"""Issue 6, fresh-eyes walk (M1, L8, L10): which document may be recorded as meeting which
deadline, what undoing that record says, and where a case's first reporting period starts.

Expected values are written by hand from the domain reference: §12 (an implementation or monev
report per reporting period while in force; a report covers its own period), §7 (the DPRD
decides on the plan), PP 12/2017 Pasal 27 (the follow-up of a supervision finding).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kerjasama.agreements.models import DeadlineKind, Transition
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import DeadlineStatus
from kerjasama.deadlines.services import deadline_mark_met, deadlines_refresh
from tests.factories import CooperationFactory, DocumentFactory, report_deadline

pytestmark = pytest.mark.django_db

PERIOD_2025 = {"start": "2025-01-01", "end": "2025-12-31"}


def _doc(world, kind, title, **extra):
    values = {"status": "final", "signed_on": dt.date(2026, 1, 20), "start_date": None}
    values.update(end_date=None, **extra)
    return DocumentFactory(cooperation=world.local, kind=kind, title=title, **values)


def _refused(world, deadline, document) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        deadline_mark_met(
            actor=world.sec_singkawang,
            deadline=deadline,
            document=document,
            met_on=dt.date(2026, 1, 20),
        )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by, deadline.met_manually) == ("open", None, False)
    assert not AuditEvent.objects.filter(action="deadline.mark_met").exists()
    return refused.value.message_dict["document"]


def _met(world, deadline, document):
    deadline_mark_met(
        actor=world.sec_singkawang,
        deadline=deadline,
        document=document,
        met_on=dt.date(2026, 1, 20),
    )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by) == ("met", document)


# --- M1: only a document that can meet a deadline meets it -----------------------------------


def test_a_pks_or_a_kak_does_not_meet_a_report_deadline(world):
    deadline = report_deadline(world.local)
    kak = _doc(world, "kak", "KAK pilar batas")
    for document in (world.document, kak):
        with translation.override("id"):
            messages = _refused(world, deadline, document)
        assert "laporan" in " ".join(messages).lower()


def test_a_report_meets_a_report_deadline_unless_it_states_another_period(world):
    deadline = report_deadline(world.local)
    later = _doc(
        world,
        "implementation_report",
        "Laporan pelaksanaan 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    with translation.override("id"):
        messages = _refused(world, deadline, later)
    assert "periode lain" in " ".join(messages)

    # A monev report that states no period, or states 2025, may be recorded.
    monev = _doc(world, "monev_report", "Laporan monev")
    _met(world, deadline, monev)


def test_a_report_stating_its_own_period_meets_it(world):
    deadline = report_deadline(world.local)
    report = _doc(
        world,
        "implementation_report",
        "Laporan pelaksanaan 2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    _met(world, deadline, report)


def test_a_dprd_decision_deadline_is_met_only_by_the_dprd_decision(world):
    deadline = world.local.deadlines.create(
        subject_type="agreements.cooperation",
        subject_id=str(world.local.pk),
        key="dprd:1",
        kind=DeadlineKind.DPRD_DECISION,
        due_on=dt.date(2026, 3, 1),
        title="DPRD",
    )
    request = _doc(world, "dprd_request", "Surat permohonan persetujuan DPRD")
    for document in (world.document, request):
        _refused(world, deadline, document)
    _met(world, deadline, _doc(world, "dprd_approval", "Keputusan DPRD"))


def test_a_finding_follow_up_is_met_by_a_follow_up_document_not_by_an_agreement(world):
    deadline = world.local.deadlines.create(
        subject_type="agreements.cooperation",
        subject_id=str(world.local.pk),
        key="finding:1",
        kind=DeadlineKind.FINDING_FOLLOW_UP,
        due_on=dt.date(2026, 3, 1),
        title="Tindak lanjut",
        params={"date": "2026-01-05"},
    )
    power = _doc(world, "power_of_attorney", "Surat kuasa")
    for document in (world.document, power):
        _refused(world, deadline, document)
    _met(world, deadline, _doc(world, "other", "Laporan tindak lanjut temuan"))


def _met_form(page: str, cooperation, deadline) -> str:
    action = reverse("agreements:deadline_met", args=[cooperation.pk, deadline.pk])
    start = page.index(f'action="{action}"')
    return page[start : page.index("</form>", start)]


def test_the_record_page_offers_only_the_reports_of_the_period(client, world):
    deadline = report_deadline(world.local)
    report = _doc(world, "implementation_report", "Laporan pelaksanaan tanpa periode")
    later = _doc(
        world,
        "monev_report",
        "Laporan monev 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    kak = _doc(world, "kak", "KAK pilar batas")
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    form = _met_form(
        client.get(world.local.get_absolute_url()).content.decode(), world.local, deadline
    )

    assert f'value="{report.pk}"' in form
    for other in (world.document, later, kak):
        assert f'value="{other.pk}"' not in form
    assert "Hanya laporan pelaksanaan atau laporan monitoring dan evaluasi" in form


def test_posting_a_pks_for_a_report_answers_in_indonesian_and_changes_nothing(client, world):
    deadline = report_deadline(world.local)
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    response = client.post(
        reverse("agreements:deadline_met", args=[world.local.pk, deadline.pk]),
        {"document": world.document.pk, "met_on": "2026-01-20"},
    )

    assert response.status_code == 422
    assert (
        "Hanya laporan pelaksanaan atau laporan monitoring dan evaluasi"
        in response.content.decode()
    )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by) == ("open", None)


# --- L8: undoing says that the record was undone and the deadline is open again --------------


@pytest.mark.parametrize(
    ("language", "said", "button"),
    [
        ("id", "dibuka kembali", "Batalkan pencatatan"),
        ("en", "open again", "Undo the record"),
    ],
)
def test_undoing_a_record_says_the_deadline_is_open_again(client, world, language, said, button):
    today = timezone.localdate()
    deadline = report_deadline(world.local)
    # Undated: no rule makes it meet the period by itself once the record is undone.
    report = _doc(world, "implementation_report", "Laporan tanpa tanggal", signed_on=None)
    deadline_mark_met(actor=world.sec_singkawang, deadline=deadline, document=report, met_on=today)
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(world.local.get_absolute_url()).content.decode()
    assert button in page
    response = client.post(
        reverse("agreements:deadline_reopen", args=[world.local.pk, deadline.pk]), follow=True
    )

    text = response.content.decode()
    assert said in text
    assert "Dibatalkan:" not in text
    assert "Undone:" not in text
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN


# --- L10: the first reporting period starts when the case came into force --------------------


def _id_label(deadline) -> str:
    with translation.override("id"):
        return str(deadline.label)


def test_the_first_period_of_a_case_in_force_since_december_starts_in_december(world):
    record = CooperationFactory(title="Kerja sama baru", party_codes=("61.72", "61.07"))
    Transition.objects.create(
        cooperation=record,
        action="start",
        from_stage="pks_signed",
        to_stage="in_force",
        on=dt.date(2026, 12, 1),
        interface="web",
    )

    deadlines_refresh(record, today=dt.date(2026, 12, 6))

    reports = list(record.deadlines.filter(kind=DeadlineKind.REPORT))
    assert [(d.key, d.due_on, d.params["start"], d.params["end"]) for d in reports] == [
        ("report:internal:2026-01-01", dt.date(2026, 12, 31), "2026-12-01", "2026-12-31")
    ]
    assert re.search(r"1 Desember 2026 – 31 Desember 2026", _id_label(reports[0]))
    assert "1 Januari 2026" not in _id_label(reports[0])


def test_a_case_registered_in_force_reports_from_the_start_of_its_pks(world):
    record = CooperationFactory(title="Kerja sama tercatat", party_codes=("61.72", "61.07"))
    DocumentFactory(
        cooperation=record,
        kind="pks",
        title="PKS baru",
        signed_on=dt.date(2026, 11, 20),
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2029, 11, 30),
    )

    deadlines_refresh(record, today=dt.date(2026, 12, 6))

    report = record.deadlines.get(kind=DeadlineKind.REPORT)
    assert (report.key, report.params["start"]) == ("report:internal:2026-01-01", "2026-12-01")
    assert "1 Desember 2026 – 31 Desember 2026" in _id_label(report)


def test_a_case_whose_pks_starts_next_year_has_no_report_due_this_year(world):
    record = CooperationFactory(title="Kerja sama mendatang", party_codes=("61.72", "61.07"))
    DocumentFactory(
        cooperation=record,
        kind="pks",
        title="PKS mulai 2027",
        signed_on=dt.date(2026, 11, 20),
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2029, 12, 31),
    )

    deadlines_refresh(record, today=dt.date(2026, 12, 6))

    assert not record.deadlines.filter(kind=DeadlineKind.REPORT).exists()
