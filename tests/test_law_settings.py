"""Issue 7, item 12: ❓ rules of KERJASAMA_DAERAH.md become settings or warnings.

Every expected outcome below is written by hand from the reference (§5.5 defaults, §7, §1/§14
item 14), not read from the code's tables.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from kerjasama.accounts.models import ContentChecklistItem
from kerjasama.agreements import services
from kerjasama.agreements.lifecycle import TransitionRefused, cooperation_transition
from kerjasama.agreements.models import SupervisionFinding, Transition, WarningOverride
from kerjasama.agreements.selectors import RegistryFilters, cooperation_list
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline
from kerjasama.deadlines.services import deadlines_refresh
from tests.factories import CooperationFactory, DocumentFactory, ksdpk_at_pks_drafting
from tests.test_law_practices import SINERGI_PARTNER, _with_partner

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _moved_on(record, on: dt.date, to_stage: str) -> None:
    """The case reached `to_stage` on `on` (a step recorded then)."""
    Transition.objects.create(
        cooperation=record,
        action="step",
        from_stage="proposal",
        to_stage=to_stage,
        on=on,
        interface="web",
    )


def _stage_deadlines(record) -> list[Deadline]:
    return list(record.deadlines.filter(kind="stage_time", status="open"))


# --- §5.5: time at a stage -------------------------------------------------------------------


def test_law_stage_without_movement_is_reminded_after_30_days(world):
    """§5.5 (PMDN 22/2020 not read, ❓): no per-stage deadline by default, "only a reminder after
    30 days without movement". A case drafting its KB since 1 October 2026 is reminded on
    31 October 2026; the text says 30 days."""
    record = CooperationFactory(stage="kb_drafting", party_codes=("61.72", "61.07"))
    _moved_on(record, dt.date(2026, 10, 1), "kb_drafting")

    deadlines_refresh(record, today=TODAY)

    [deadline] = _stage_deadlines(record)
    assert deadline.due_on == dt.date(2026, 10, 31)
    assert "30 days without movement" in deadline.rule_label
    assert "Kesepakatan Bersama" in deadline.label  # the stage's name


def test_law_stage_reminder_days_come_from_the_setting(world, settings):
    """§5.5: the 30 days are a setting. Set to 10, the same case is reminded on 11 October and
    the text says 10, not 30."""
    settings.KERJASAMA = {**settings.KERJASAMA, "STALE_STAGE_DAYS": 10}
    record = CooperationFactory(stage="kb_drafting", party_codes=("61.72", "61.07"))
    _moved_on(record, dt.date(2026, 10, 1), "kb_drafting")

    deadlines_refresh(record, today=TODAY)

    [deadline] = _stage_deadlines(record)
    assert deadline.due_on == dt.date(2026, 10, 11)
    assert "10 days" in deadline.rule_label
    assert "30" not in deadline.rule_label


def test_law_stage_time_limit_in_working_days(world, settings):
    """§5.5: a per-stage `batas_waktu_hari` with its unit. "Answer to an offer" within 5 working
    days, from Monday 5 October 2026 (no holiday that week): Monday 12 October 2026."""
    settings.KERJASAMA = {**settings.KERJASAMA, "STAGE_TIME_LIMITS": {"offer": (5, "working")}}
    record = CooperationFactory(stage="offer", party_codes=("61.72", "61.07"))
    _moved_on(record, dt.date(2026, 10, 5), "offer")

    deadlines_refresh(record, today=TODAY)

    [deadline] = _stage_deadlines(record)
    assert deadline.due_on == dt.date(2026, 10, 12)
    assert "5 working days" in deadline.rule_label
    assert "time limit" in deadline.rule_label


def test_law_no_stage_reminder_once_in_force_and_the_old_one_closes(world):
    """§5.5: the reminder is for the stages before "in force"; when the case moves on, the
    reminder of the stage it left is no longer open."""
    record = CooperationFactory(stage="kb_drafting", party_codes=("61.72", "61.07"))
    _moved_on(record, dt.date(2026, 10, 1), "kb_drafting")
    deadlines_refresh(record, today=TODAY)
    assert len(_stage_deadlines(record)) == 1

    record.stage = "in_force"
    record.save()
    deadlines_refresh(record, today=TODAY)

    assert _stage_deadlines(record) == []


def test_law_stage_reminder_reaches_the_action_list_only_when_due(world):
    """§5.5: "only a reminder after 30 days without movement" — the secretariat's list of its
    deadlines shows it once the 30 days have passed, not while the case is moving."""
    from kerjasama.agreements.action_items import action_items_for

    fresh = CooperationFactory(
        title="Baru bergerak", stage="kb_drafting", party_codes=("61.72", "61.07")
    )
    _moved_on(fresh, TODAY - dt.timedelta(days=5), "kb_drafting")
    stale = CooperationFactory(
        title="Lama diam", stage="kb_drafting", party_codes=("61.72", "61.07")
    )
    _moved_on(stale, TODAY - dt.timedelta(days=31), "kb_drafting")
    deadlines_refresh(fresh, today=TODAY)
    deadlines_refresh(stale, today=TODAY)

    items = action_items_for(world.sec_singkawang, today=TODAY)

    listed = [d.cooperation for d in items.deadlines if d.kind == "stage_time"]
    assert listed == [stale]


# --- Deadline texts take their numbers from the settings ------------------------------------


def test_law_deadline_texts_use_the_configured_days(world, settings):
    """§7 (PP 28/2018 Pasal 30(4): 45 working days) and §12 (PP 12/2017 Pasal 27: 60 working
    days) are settings; with 40 and 30 configured the texts say 40 and 30."""
    settings.KERJASAMA = {
        **settings.KERJASAMA,
        "FINDING_WORKING_DAYS": 30,
        "DPRD_WORKING_DAYS": {"ksdpl": 40, "ksdll": 40},
    }
    record = world.local
    SupervisionFinding.objects.create(
        cooperation=record, received_on=dt.date(2026, 10, 1), source="Inspektorat", summary="x"
    )
    foreign = CooperationFactory(kind="ksdpl", ksdd_category="", stage="awaiting_dprd")
    foreign.dprd_approvals.create(
        requested_on=dt.date(2026, 10, 1),
        received_on=dt.date(2026, 10, 2),
        due_on=dt.date(2026, 11, 27),
    )

    deadlines_refresh(record, today=TODAY)
    deadlines_refresh(foreign, today=TODAY)

    finding = record.deadlines.get(kind="finding_follow_up")
    dprd = foreign.deadlines.get(kind="dprd_decision")
    assert finding.rule_label.startswith("30 working days")
    assert dprd.rule_label.startswith("40 working days")
    assert "60" not in finding.rule_label
    assert "45" not in dprd.rule_label


# --- §7: sinergi and the DPRD ----------------------------------------------------------------


def test_law_sinergi_needs_no_dprd_by_default(world):
    """§7: for sinergi the DPRD's role is "not stated" (❓); the default is "not needed", even
    when the plan burdens the community."""
    record = _with_partner("sinergi", "nk_drafting", SINERGI_PARTNER)
    record.burdens_community, record.budgeted_in_apbd = True, False

    assert record.dprd_approval_required is False


def test_law_sinergi_dprd_setting_asks_for_the_decision_before_the_nk(world, settings):
    """§7 ❓ as a setting: when a region's operator says a sinergi needs the DPRD like a KSDD,
    the §7 test applies (burdens → needed), and signing the NK without the DPRD's decision asks
    for a reason (a ❓ rule: never a hard block)."""
    settings.KERJASAMA = {**settings.KERJASAMA, "SINERGI_NEEDS_DPRD": True}
    record = _with_partner("sinergi", "nk_drafting", SINERGI_PARTNER)
    record.burdens_community, record.budgeted_in_apbd = True, False
    record.save()
    DocumentFactory(cooperation=record, kind="nk", title="NK", end_date=dt.date(2029, 1, 13))
    DocumentFactory(cooperation=record, kind="rk", title="RK", start_date=None, end_date=None)
    assert record.dprd_approval_required is True

    with pytest.raises(TransitionRefused) as refused:
        cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="sign_nk",
            expected_stage="nk_drafting",
            today=TODAY,
        )
    assert "DPRD" in " ".join(refused.value.messages)

    transition = cooperation_transition(
        actor=world.sec_singkawang,
        cooperation=record,
        action="sign_nk",
        expected_stage="nk_drafting",
        override_reason="Program pusat, DPRD diberi tahu",
        today=TODAY,
    )
    assert transition.to_stage == "nk_signed"
    assert transition.overrides[0]["reason"] == "Program pusat, DPRD diberi tahu"


# --- §5.5: the content checklist of KB and PKS -----------------------------------------------


def _kb_data(**extra):
    return {
        "kind": "kb",
        "title": "Kesepakatan Bersama air minum",
        "status": "signed",
        "signed_on": dt.date(2026, 10, 1),
        "start_date": dt.date(2026, 10, 1),
        "end_date": dt.date(2029, 9, 30),
        **extra,
    }


@pytest.fixture
def checklist(world):
    """Singkawang's Bagian Kerja Sama lists two things every KB should contain."""
    return [
        ContentChecklistItem.objects.create(
            tenant=world.singkawang, document_kind="kb", label="Maksud dan tujuan", order=1
        ),
        ContentChecklistItem.objects.create(
            tenant=world.singkawang, document_kind="kb", label="Ruang lingkup", order=2
        ),
    ]


def test_law_kb_signed_with_a_row_unticked_warns_and_goes_ahead_with_reason(world, checklist):
    """§5.5 `muatan_wajib` ❓ (checklist editable by the Bagian Kerja Sama): a KB signed with
    "Ruang lingkup" unticked needs a reason; the reason is kept (WarningOverride, audit)."""
    record = world.local

    with pytest.raises(services.WarningsNeedReason) as pending:
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=record,
            data=_kb_data(content_items=[checklist[0]]),
        )
    assert "Ruang lingkup" in str(pending.value)
    assert not record.documents.filter(title="Kesepakatan Bersama air minum").exists()

    kb = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data=_kb_data(content_items=[checklist[0]]),
        override_reason="Ruang lingkup diatur dalam lampiran",
    )

    assert list(kb.content_items.all()) == [checklist[0]]
    override = WarningOverride.objects.get(document=kb)
    assert (override.code, override.reason) == (
        "content_checklist",
        "Ruang lingkup diatur dalam lampiran",
    )
    assert AuditEvent.objects.filter(
        action="warning.override", cooperation=record, data__reason=override.reason
    ).exists()


def test_law_kb_with_every_row_ticked_signs_without_a_word(world, checklist):
    """§5.5: all rows ticked, nothing to warn about."""
    kb = services.document_create(
        actor=world.sec_singkawang, cooperation=world.local, data=_kb_data(content_items=checklist)
    )

    assert set(kb.content_items.all()) == set(checklist)
    assert not WarningOverride.objects.filter(document=kb).exists()


def test_law_ksdpk_four_clauses_stay_a_refusal_whatever_the_checklist(world):
    """§5.5, §9 item 3 ✅ (PP 28/2018 Pasal 19(2)): for KSDPK the four clauses are fixed rows
    that cannot be switched off — without them the contract is not recorded signed, reason or
    not."""
    record = ksdpk_at_pks_drafting(clauses_ticked=False)
    kb = record.documents.get(kind="kb")

    with pytest.raises(services.RuleViolation) as refused:
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=record,
            data={
                "kind": "pks",
                "parent": kb,
                "title": "PKS kedua",
                "status": "signed",
                "signed_on": dt.date(2026, 10, 1),
                "start_date": dt.date(2026, 10, 1),
                "end_date": dt.date(2028, 9, 30),
                "mandatory_clauses_confirmed": False,
            },
            override_reason="Tidak perlu",
        )

    assert "mandatory_clauses_confirmed" in refused.value.message_dict


def test_law_checklist_ticks_on_the_kb_form(client, world, checklist):
    """§5.5: the checklist is shown on a KB's form as ticks."""
    client.force_login(world.sec_singkawang)

    page = client.get(
        reverse("agreements:document_create", args=[world.local.pk]) + "?kind=kb"
    ).content.decode()

    assert 'id="content-checklist"' in page
    assert "Maksud dan tujuan" in page
    assert "Ruang lingkup" in page


# --- §1, §14 item 14: KB / KSB / MoU -----------------------------------------------------------


@pytest.mark.parametrize("word", ["MoU", "KSB", "kb"])
def test_law_registry_search_accepts_the_kb_aliases(world, word):
    """§1 (KB "also written KSB in regional practice"), §14 item 14 ("accept KSB/MoU as
    aliases"): searching "MoU" or "KSB" finds the case whose KB is on file, not the others."""
    with_kb = CooperationFactory(title="Pariwisata pesisir", party_codes=("61.72", "61.07"))
    DocumentFactory(cooperation=with_kb, kind="kb", title="Kesepakatan pariwisata")
    without_kb = CooperationFactory(title="Pilar batas", party_codes=("61.72", "61.07"))
    DocumentFactory(cooperation=without_kb, kind="pks", title="Perjanjian pilar")

    found = set(cooperation_list(user=world.sec_singkawang, filters=RegistryFilters(q=word)))

    assert with_kb in found
    assert without_kb not in found


def test_law_document_kind_help_names_the_kb_aliases(client, world):
    """§14 item 14: the form says that a KSB or MoU is recorded as a KB."""
    client.force_login(world.sec_singkawang)

    with translation.override("en"):
        page = client.get(
            reverse("agreements:document_create", args=[world.local.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode()

    assert "KSB" in page
    assert "MoU" in page
