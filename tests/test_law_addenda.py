"""Issue 7, item 9: addenda (§6.3) as dated versions of a case's facts.

Expected outcomes written by hand from KERJASAMA_DAERAH.md §6.3 (an addendum is a child document
that changes listed fields — end date, scope, financing — with its own signing date; store the
agreement's notice period and derive the reminder date from it; whether an amendment passes the
TKKSD again is ❓, "a per-case checkbox, default yes") and §5.4 (renewing an expired PKS goes
through the procedure again, 🟡 → a warning, not a refusal).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from kerjasama.agreements import services
from kerjasama.agreements.models import Cooperation, WarningOverride
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.services import deadlines_refresh
from kerjasama.notifications.models import ReminderSent
from kerjasama.notifications.services import reminders_send
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = pytest.mark.django_db
KB_SIGNED = dt.date(2020, 11, 26)
KB_END = dt.date(2025, 11, 25)
SCOPE = "Air bersih dan transportasi"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def record(world):
    """The Kalbar–Singkawang KB of 26 November 2020 for five years (to 25 November 2025)."""
    case = CooperationFactory(
        title="KB Kalbar–Singkawang", party_codes=("61", "61.72"), scope=SCOPE
    )
    case.kb = DocumentFactory(
        cooperation=case,
        kind="kb",
        title="Kesepakatan Bersama",
        signed_on=KB_SIGNED,
        start_date=KB_SIGNED,
        end_date=KB_END,
    )
    return case


def _minutes(record: Cooperation, on: dt.date):
    return DocumentFactory(
        cooperation=record,
        kind="tkksd_minutes",
        title=f"Notulen TKKSD {on}",
        status="final",
        signed_on=on,
        start_date=None,
        end_date=None,
    )


def _addendum(record, actor, **extra):
    data = {
        "kind": "addendum",
        "parent": record.kb,
        "title": "Adendum I",
        "status": "signed",
        "signed_on": dt.date(2025, 10, 1),
        "start_date": dt.date(2025, 11, 26),
        "end_date": dt.date(2030, 11, 25),
    }
    reason = extra.pop("override_reason", "")
    data.update(extra)
    return services.document_create(
        actor=actor, cooperation=record, data=data, override_reason=reason
    )


def test_law_addendum_records_each_fact_it_changes_old_and_new(world, record):
    """§6.3: the addendum of 1 October 2025 extends the KB from 25 November 2025 to
    25 November 2030 and widens the scope; both are recorded old → new, with its date."""
    _minutes(record, dt.date(2025, 9, 15))

    addendum = _addendum(
        record,
        world.sec_singkawang,
        amend_scope="Air bersih, transportasi dan pariwisata",
        amend_financing="APBD Kota Singkawang menanggung pemeliharaan",
    )

    assert addendum.amendments == {
        "end_date": {"old": "2025-11-25", "new": "2030-11-25"},
        "scope": {"old": SCOPE, "new": "Air bersih, transportasi dan pariwisata"},
        "financing": {"new": "APBD Kota Singkawang menanggung pemeliharaan"},
    }
    event = AuditEvent.objects.get(action="document.create", object_id=str(addendum.pk))
    assert "Air bersih, transportasi dan pariwisata" in str(event.changes["amendments"])


def test_law_record_shows_the_effective_facts_and_as_of_a_date(client, world, record):
    """§6.3: the record shows the scope in effect (as amended) and lists the addendum with what
    it changed; asked "as of" 1 January 2025 (before the addendum) it shows the old scope."""
    _minutes(record, dt.date(2025, 9, 15))
    _addendum(record, world.sec_singkawang, amend_scope="Air bersih dan pariwisata")
    client.force_login(world.sec_singkawang)

    today = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    before = client.get(
        record.get_absolute_url() + "?per=2025-01-01", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    effective = today[today.index('id="effective-scope"') :][:200]
    assert "Air bersih dan pariwisata" in effective
    addenda = today[today.index('id="addenda"') :]
    assert "Adendum I" in addenda
    assert SCOPE in addenda
    assert "Air bersih dan pariwisata" in addenda
    old = before[before.index('id="effective-scope"') :][:200]
    assert SCOPE in old
    assert "pariwisata" not in old
    # As of 1 January 2025 the KB still ended on 25 November 2025 (the addendum came later).
    assert "25 November 2025" in before[before.index('id="as-of-end"') :][:300]


def test_law_addendum_after_expiry_warns_and_needs_a_reason(world, record):
    """§5.4 🟡 (Yogyakarta FAQ): an expired agreement is renewed by a new run through the
    procedure — a 🟡 rule, so an addendum signed after the KB expired (25 November 2025) is a
    warning that needs a reason, not a refusal."""
    record.stage, record.termination_reason = "ended", "term_expired"
    record.terminated_on = dt.date(2025, 11, 26)
    record.save()
    _minutes(record, dt.date(2026, 1, 10))

    with pytest.raises(services.WarningsNeedReason) as pending:
        _addendum(record, world.sec_singkawang, signed_on=dt.date(2026, 2, 1))
    assert "expired" in str(pending.value)
    assert not record.documents.filter(kind="addendum").exists()

    addendum = _addendum(
        record,
        world.sec_singkawang,
        signed_on=dt.date(2026, 2, 1),
        override_reason="Disepakati para pihak sebelum berakhir; ditandatangani terlambat",
    )

    override = WarningOverride.objects.get(document=addendum)
    assert override.code == "addendum_after_expiry"
    assert AuditEvent.objects.filter(
        action="warning.override", cooperation=record, data__code="addendum_after_expiry"
    ).exists()


def test_law_addendum_needs_a_new_tkksd_review_by_default(world, record):
    """§6.3 ❓ "per-case checkbox, default yes, TKKSD review": an addendum signed without TKKSD
    minutes dated between the KB's signing and the addendum's asks for a reason; minutes of 15 September 2025 (after
    the KB, before the addendum) satisfy it."""
    assert record.addendum_tkksd_review is True
    _minutes(record, dt.date(2020, 10, 1))  # the review of the KB itself: too early

    with pytest.raises(services.WarningsNeedReason) as pending:
        _addendum(record, world.sec_singkawang)
    assert "TKKSD" in str(pending.value)

    _minutes(record, dt.date(2025, 9, 15))
    addendum = _addendum(record, world.sec_singkawang)

    assert addendum.status == "signed"
    assert not WarningOverride.objects.filter(document=addendum).exists()


def test_law_addendum_without_review_when_the_case_says_so(world, record):
    """§6.3 ❓: with the box unticked for this case, no TKKSD minutes are asked for."""
    record.addendum_tkksd_review = False
    record.save()

    addendum = _addendum(record, world.sec_singkawang)

    assert not WarningOverride.objects.filter(document=addendum).exists()


def test_law_addendum_review_default_is_a_setting(world, settings):
    """§6.3 ❓: the default of the box is the operator's setting."""
    settings.KERJASAMA = {**settings.KERJASAMA, "ADDENDUM_TKKSD_REVIEW": False}

    assert Cooperation().addendum_tkksd_review is False


def test_law_expiry_reminder_on_the_agreements_own_notice_date(world, settings):
    """§6.3, §12: "store the agreement's own notice period and derive the reminder date from it".
    A PKS ending 31 December 2026 with a notice period of 120 days is reminded on 2 September
    2026 (120 days before), besides the region's tiers (90, 60, 30, 7, 0)."""
    settings.KERJASAMA = {**settings.KERJASAMA, "REMINDER_DAYS": [7, 0]}
    record = CooperationFactory(title="PKS air minum", party_codes=("61.72", "61.07"))
    DocumentFactory(
        cooperation=record,
        kind="pks",
        title="PKS air minum",
        signed_on=dt.date(2024, 1, 2),
        start_date=dt.date(2024, 1, 2),
        end_date=dt.date(2026, 12, 31),
        notice_period_days=120,
    )
    deadlines_refresh(record, today=dt.date(2026, 8, 1))

    sent = ReminderSent.objects.filter(deadline__cooperation=record, deadline__kind="expiry")

    reminders_send(today=dt.date(2026, 9, 1))
    assert not sent.exists()
    reminders_send(today=dt.date(2026, 9, 2))

    tiers = set(sent.values_list("tier", flat=True))
    assert tiers == {120}
    assert sent.filter(user=world.sec_singkawang).exists()


def test_law_addendum_form_asks_what_it_changes(client, world, record):
    """§6.3: the addendum's form has fields for the scope, financing, parties and obligations
    it changes."""
    client.force_login(world.sec_singkawang)

    page = client.get(
        reverse("agreements:document_create", args=[record.pk]) + "?kind=addendum"
    ).content.decode()

    for name in ("amend_scope", "amend_financing", "amend_parties", "amend_obligations"):
        assert f'name="{name}"' in page
