"""Issue 7, the fresh-eyes walk after deadlines became their own app: what it found about
reports and time at a stage, each stated by hand from the reference.

- §12: a report meets its duty once it is filed; a draft (Rancangan) is not yet a report.
- §5.5 (❓, default "a reminder after 30 days without movement"): past its KB each PKS moves on
  its own road, so a PKS drafting or awaiting the DPRD is reminded of on its own; a wait for the
  DPRD that has its statutory deadline (§7: 45 working days for foreign cooperation, PP 28/2018
  Pasal 30(4)) gets no "no movement" reminder beside it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kerjasama.agreements.models import DprdApproval, Transition
from kerjasama.deadlines.services import deadlines_refresh
from tests.factories import DocumentFactory, report_deadline
from tests.test_pks_road import kb_case, pks_step
from tests.test_rules_by_hand import TODAY, People, agreement, case, paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(reference):
    return People()


def _open(record, kind: str):
    return list(record.deadlines.filter(kind=kind, status="open").order_by("key"))


def _report(record, status: str, period: tuple[dt.date, dt.date]):
    return DocumentFactory(
        cooperation=record,
        kind="monev_report",
        title=f"Laporan monev 2025 ({status})",
        status=status,
        signed_on=dt.date(2026, 1, 15),
        start_date=None,
        end_date=None,
        period_start=period[0],
        period_end=period[1],
        addressee="kepala_daerah",
    )


def test_law_a_draft_report_does_not_meet_its_reporting_deadline(people):
    """§12: the internal report of a year is due until a report of that year is filed. A
    report of that year still in draft ("Rancangan") leaves it open; the same report made final
    meets it."""
    record = case("ksdd", stage="in_force", signed_on=dt.date(2024, 6, 1))
    agreement(record, "kb", start_date=dt.date(2024, 6, 1), end_date=dt.date(2029, 5, 31))
    deadlines_refresh(record, today=TODAY)
    first = record.deadlines.filter(key__startswith="report:internal:").earliest("due_on")
    period = (
        dt.date.fromisoformat(first.params["start"]),
        dt.date.fromisoformat(first.params["end"]),
    )
    draft = _report(record, "draft", period)

    deadlines_refresh(record, today=TODAY)

    first.refresh_from_db()
    assert (first.status, first.met_by) == ("open", None)

    draft.status = "final"
    draft.save()
    deadlines_refresh(record, today=TODAY)

    first.refresh_from_db()
    assert (first.status, first.met_by) == ("met", draft)


def test_law_each_pks_in_drafting_is_reminded_of_on_its_own(people):
    """§5.5 ❓: 30 days without movement. Under one KB, PKS A has been drafted since 1 October
    2026 and PKS B since 20 October: A is reminded of on 31 October, B on 19 November, each
    naming its PKS; the case, whose stage follows them, gets no reminder of its own."""
    record, kb = kb_case()
    pks_a = agreement(record, "pks", parent=kb, title="PKS Air Bersih", stage="pks_drafting")
    pks_b = agreement(record, "pks", parent=kb, title="PKS Persampahan", stage="pks_drafting")
    for pks, day in ((pks_a, dt.date(2026, 10, 1)), (pks_b, dt.date(2026, 10, 20))):
        Transition.objects.create(
            cooperation=record,
            document=pks,
            action="step",
            from_stage="kb_signed",
            to_stage="pks_drafting",
            on=day,
            interface="web",
        )

    deadlines_refresh(record, today=TODAY)

    reminders = _open(record, "stage_time")
    assert [(d.document, d.due_on) for d in reminders] == [
        (pks_a, dt.date(2026, 10, 31)),
        (pks_b, dt.date(2026, 11, 19)),
    ]
    with translation.override("en"):
        assert "PKS Air Bersih" in reminders[0].label
        assert "30 days without movement" in reminders[0].rule_label


def test_law_a_pks_awaiting_the_dprd_without_a_statutory_period_is_reminded_of(people):
    """§7 gives the DPRD no period for a KSDD (❓, none by default): a PKS waiting for its DPRD
    decision since 2 November 2026 would sit unseen, so the 30-day reminder of §5.5 names it
    (due 2 December 2026)."""
    record, kb = kb_case(burdens_community=True)
    paper(record, "dprd_request")
    pks = agreement(record, "pks", parent=kb, title="PKS Sampah Regional", stage="pks_drafting")

    pks_step(people.secretariat, pks, "request_dprd", requested_on=TODAY, received_on=TODAY)

    assert _open(record, "dprd_decision") == []
    [reminder] = _open(record, "stage_time")
    assert (reminder.document, reminder.due_on) == (pks, dt.date(2026, 12, 2))
    assert reminder.params["stage"] == "awaiting_dprd"


def test_law_a_wait_for_the_dprd_with_its_statutory_deadline_gets_no_second_reminder(people):
    """§7, PP 28/2018 Pasal 30(4): the DPRD decides on a foreign cooperation within 45 working
    days of receipt. While that deadline runs, no "no movement after 30 days" reminder is added
    beside it (the law gives the DPRD the time)."""
    record = case("ksdpl", stage="awaiting_dprd")
    DprdApproval.objects.create(
        cooperation=record,
        requested_on=dt.date(2026, 9, 1),
        received_on=dt.date(2026, 9, 1),
        due_on=dt.date(2026, 11, 3),
    )
    Transition.objects.create(
        cooperation=record,
        action="request_dprd",
        from_stage="text_drafting",
        to_stage="awaiting_dprd",
        on=dt.date(2026, 9, 1),
        interface="web",
    )

    deadlines_refresh(record, today=TODAY)

    assert [d.due_on for d in _open(record, "dprd_decision")] == [dt.date(2026, 11, 3)]
    assert _open(record, "stage_time") == []


# --- Screens: what the walk found confusing -------------------------------------------------


def test_a_deadline_no_document_can_meet_yet_says_what_to_add(client, world):
    """An open report deadline with no report on file offers no empty list to choose from: it
    says which document meets it and to add that first."""
    report_deadline(world.local)
    client.force_login(world.sec_singkawang)

    page = client.get(world.local.get_absolute_url()).content.decode()

    assert "Dokumen seperti itu belum ada: tambahkan dulu di bagian Dokumen." in page
    assert f"/tenggat/{world.local.deadlines.get().pk}/dipenuhi/" not in page


def test_recording_what_met_a_deadline_refuses_with_its_own_reason_and_404s_unknown_ids(
    client, world
):
    """An OPD officer who may not keep the register gets the reason (not a sentence about
    editing shared facts); a deadline id that is not the case's is not found (404)."""
    deadline = report_deadline(world.local)
    DocumentFactory(
        cooperation=world.local, kind="pks", status="signed", title="PKS ditandatangani"
    )
    client.force_login(world.pupr_officer)

    refused = client.post(f"/kerjasama/{world.local.pk}/tenggat/{deadline.pk}/dipenuhi/", {})
    unknown = client.post(f"/kerjasama/{world.local.pk}/tenggat/999999/dipenuhi/", {})

    assert refused.status_code == 403
    assert "Hanya sekretariat salah satu pihak yang mencatat" in refused.content.decode()
    assert unknown.status_code == 404
    deadline.refresh_from_db()
    assert deadline.status == "open"


def test_the_agenda_filter_names_its_empty_choices_and_the_dashboard_says_how_far_it_looks(
    client, world
):
    report_deadline(world.local)  # overdue since 31 December 2025: one of "your deadlines"
    client.force_login(world.sec_singkawang)

    agenda = client.get("/agenda/").content.decode()
    dashboard = client.get("/").content.decode()

    assert ">Semua OPD</option>" in agenda
    assert "---------" not in agenda
    assert ">Semua tenggat</option>" in agenda
    assert "(terlewat atau jatuh tempo dalam 30 hari)" in dashboard
    assert "Semua tenggat, juga yang lebih jauh: agenda" in dashboard
