"""The audit trail records any subject and the cases it concerns, many (issue 7, "A structure
that will carry what comes next"): a TKKSD meeting's decision moves several cases, an indicator
or an import touches many; each case's timeline shows the event. `core` names no data app."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from kerjasama.agreements import selectors
from kerjasama.core import audit
from kerjasama.core.models import AuditConcern, AuditEvent
from tests.factories import CooperationFactory


def _decision(world) -> AuditEvent:
    """An event about a subject that is not a cooperation (here a partner, as a meeting or an
    import will be) concerning two cases at once."""
    with audit.interface("web"):
        return audit.record(
            actor=world.sec_singkawang,
            action="partner.update",
            obj=world.third_party,
            concerns=[world.kb, world.local],
            data={"reason": "Keputusan rapat TKKSD 14 Januari 2021"},
        )


@pytest.mark.django_db
def test_an_event_about_another_subject_shows_on_the_timeline_of_each_case_it_concerns(world):
    event = _decision(world)
    other = CooperationFactory(party_codes=("61.72", "61.71"), created_by_tenant=world.singkawang)

    assert event in selectors.cooperation_timeline(world.kb)
    assert event in selectors.cooperation_timeline(world.local)
    assert event not in selectors.cooperation_timeline(other)
    assert (event.object_type, event.object_id) == ("partners.partner", str(world.third_party.pk))
    assert sorted(event.concerned_subjects()) == sorted(
        [
            ("agreements.cooperation", str(world.kb.pk)),
            ("agreements.cooperation", str(world.local.pk)),
        ]
    )

    client = Client()
    client.force_login(world.sec_singkawang)
    for case in (world.kb, world.local):
        page = client.get(reverse("agreements:detail", kwargs={"pk": case.pk})).content.decode()
        timeline = page[page.index('id="timeline-h"') :]
        assert "Mengubah mitra — Perumda Air Minum Gunung Poteng" in timeline
        assert "Keputusan rapat TKKSD 14 Januari 2021" in timeline


@pytest.mark.django_db
def test_the_cooperation_keyword_of_the_services_is_one_concern_and_none_is_doubled(world):
    """`audit.record(..., cooperation=...)` of today's call sites keeps working: the case is a
    concern of the event; naming it again among `concerns` stores it once."""
    event = audit.record(
        actor=world.sec_singkawang,
        action="cooperation.update",
        obj=world.local,
        cooperation=world.local,
        concerns=[world.local, world.kb],
    )
    assert sorted(event.concerned_subjects()) == sorted(
        [
            ("agreements.cooperation", str(world.local.pk)),
            ("agreements.cooperation", str(world.kb.pk)),
        ]
    )
    assert AuditEvent.objects.filter(cooperation=world.local).filter(pk=event.pk).exists()
    assert list(AuditEvent.objects.concerning(world.kb)) == [event]


@pytest.mark.django_db
def test_the_subjects_of_an_event_are_append_only(world):
    event = _decision(world)
    concern = event.concerns.first()
    concern.subject_id = "999"
    with pytest.raises(PermissionError):
        concern.save()
    with pytest.raises(PermissionError):
        concern.delete()
    with pytest.raises(PermissionError):
        AuditConcern.objects.filter(event=event).update(subject_id="999")
    with pytest.raises(PermissionError):
        AuditConcern.objects.filter(event=event).delete()
    assert sorted(
        AuditConcern.objects.filter(event=event).values_list("subject_id", flat=True)
    ) == sorted([str(world.kb.pk), str(world.local.pk)])


@pytest.mark.django_db
def test_a_timeline_reads_the_concerns_through_their_index(world):
    """At 500,000 cases the timeline of one case must not scan the trail: the query starts
    from the (subject_type, subject_id, event) index."""
    _decision(world)
    query = AuditEvent.objects.concerning(world.kb).order_by("-at", "-id")[:100]
    if connection.vendor == "sqlite":
        assert "audit_concern_subject" in query.explain()
    index = next(i for i in AuditConcern._meta.indexes if i.name == "audit_concern_subject")
    assert index.fields == ["subject_type", "subject_id", "event"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_events_cooperation_into_a_concern(world):
    """Rows written while the event had a cooperation column keep their case: the data
    migration makes one concern of each, and none for an event without a case."""
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0001_initial")])
    old = executor.loader.project_state([("core", "0001_initial")]).apps
    OldEvent = old.get_model("core", "AuditEvent")
    common = {"interface": "web", "action": "document.upload", "object_type": "agreements.document"}
    with_case = OldEvent.objects.create(**common, object_id="1", cooperation_id=world.local.pk)
    without_case = OldEvent.objects.create(**common, object_id="2", cooperation_id=None)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(
        AuditConcern.objects.filter(event_id__in=[with_case.pk, without_case.pk]).values_list(
            "event_id", "subject_type", "subject_id"
        )
    ) == [(with_case.pk, "agreements.cooperation", str(world.local.pk))]
    assert with_case.pk in {e.pk for e in selectors.cooperation_timeline(world.local)}


@pytest.mark.django_db
def test_the_admins_audit_page_shows_and_finds_the_subjects_an_event_concerns(world):
    from tests.factories import UserFactory

    event = _decision(world)
    other = audit.record(actor=None, action="partner.update", obj=world.third_party)
    admin = UserFactory(username="platform.admin", tenant=None, is_staff=True, is_superuser=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)

    page = client.get(reverse("admin:core_auditevent_change", args=[event.pk])).content.decode()
    assert "agreements.cooperation" in page
    assert f">{world.kb.pk}<" in page.replace("\n", "").replace(" ", "")

    found = client.get(reverse("admin:core_auditevent_changelist"), {"q": str(world.local.pk)})
    assert event in found.context["cl"].result_list
    assert other not in found.context["cl"].result_list
