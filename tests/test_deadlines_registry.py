"""Issue 7 (structure): deadlines are their own app with a registry of rule providers that
other apps contribute to. Agreements contributes the deadlines of a case; the TKKSD's meetings
and monitoring will contribute theirs. These tests contribute a second provider, as the meetings
app will, and check that the engine, the texts, the agenda, recording what met a deadline and
the audit trail all work for it without a line of `deadlines` or `agreements` changing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy

from kerjasama.accounts.models import Opd
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines import registry
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.deadlines.registry import DeadlineProvider, Wanted
from kerjasama.deadlines.selectors import deadlines_of
from kerjasama.deadlines.services import (
    deadline_mark_met,
    deadline_reopen,
    deadlines_refresh,
    deadlines_refresh_all,
)
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _in_language(texts: dict[str, str]) -> str:
    """The text of the active language (a test provider brings no catalogue of its own)."""
    return texts[translation.get_language()[:2]]


class OpdTasks(DeadlineProvider):
    """A provider of another app: an OPD's follow-up tasks, each due on a day and (optionally)
    concerning a case — the shape of a TKKSD action item (issue 9). Its rules are the `tasks`
    the test sets, as a meeting's minutes will set them."""

    subject_type = "accounts.opd"
    kinds = {
        "opd_task": lazy(_in_language, str)({"id": "Tugas tindak lanjut", "en": "Follow-up task"})
    }
    markable = frozenset({"opd_task"})

    def __init__(self) -> None:
        self.tasks: dict[int, list[dict[str, Any]]] = {}

    def load(self, subject_id: Any) -> Opd:
        return Opd.objects.select_for_update().get(pk=subject_id)

    def wanted(self, subject: Any, today: dt.date) -> list[Wanted]:
        return [
            Wanted(
                key=f"task:{task['n']}",
                kind="opd_task",
                due_on=task["due_on"],
                title=f"Tugas {task['n']}",
                rule="TKKSD",
                case_id=task.get("case"),
                opd_id=subject.pk,
                params={"what": task["what"]},
            )
            for task in self.tasks.get(subject.pk, [])
        ]

    def subjects_to_refresh(self) -> list[int]:
        return list(self.tasks)

    def label(self, kind: str, params: dict[str, Any]) -> str:
        text = _in_language({"id": "Tindak lanjut: %(what)s", "en": "Follow up: %(what)s"})
        return text % {"what": params["what"]}

    def rule(self, kind: str, params: dict[str, Any]) -> str:
        return _in_language({"id": "Keputusan rapat TKKSD", "en": "Decision of the TKKSD meeting"})

    def check_record(self, actor: Any, deadline: Any) -> None:
        if getattr(actor, "opd_id", None) != int(deadline.subject_id):
            raise NotPermitted("not this OPD's task")

    def check_met(self, deadline: Any, document: Any) -> dict[str, list[str]]:
        if document.kind != "tkksd_minutes":
            return {"document": ["only the minutes"]}
        return {}


@pytest.fixture
def tasks():
    provider = OpdTasks()
    registry.register(provider)
    yield provider
    registry._PROVIDERS.pop(provider.subject_type)
    registry._BY_KIND.pop("opd_task")


def test_another_apps_provider_makes_updates_and_cancels_its_deadlines(world, tasks):
    tasks.tasks[world.pupr.pk] = [
        {"n": 1, "due_on": TODAY + dt.timedelta(days=10), "what": "survei lokasi pilar"},
        {
            "n": 2,
            "due_on": TODAY + dt.timedelta(days=20),
            "what": "laporan",
            "case": world.local.pk,
        },
    ]

    opened = deadlines_refresh(world.pupr)

    assert [(d.key, d.kind, d.cooperation_id, d.opd_id) for d in opened] == [
        ("task:1", "opd_task", None, world.pupr.pk),
        ("task:2", "opd_task", world.local.pk, world.pupr.pk),
    ]
    assert {(d.subject_type, d.subject_id) for d in opened} == {
        ("accounts.opd", str(world.pupr.pk))
    }

    # The rule moves one task and drops the other: the same row moves, the other is cancelled.
    tasks.tasks[world.pupr.pk] = [
        {"n": 2, "due_on": TODAY + dt.timedelta(days=30), "what": "laporan", "case": world.local.pk}
    ]
    deadlines_refresh(world.pupr)

    rows = {d.key: d for d in deadlines_of(world.pupr)}
    assert rows["task:1"].status == DeadlineStatus.CANCELLED
    assert (rows["task:2"].status, rows["task:2"].due_on) == ("open", TODAY + dt.timedelta(days=30))
    assert Deadline.objects.filter(subject_type="accounts.opd").count() == 2
    # The case's own deadlines are untouched by another subject's refresh, and vice versa.
    deadlines_refresh(world.local)
    assert rows["task:2"].pk in set(
        Deadline.objects.filter(cooperation=world.local).values_list("pk", flat=True)
    )
    assert deadlines_of(world.pupr).get(key="task:2").status == DeadlineStatus.OPEN


def test_the_daily_job_refreshes_every_providers_subjects(world, tasks):
    tasks.tasks[world.tourism.pk] = [{"n": 1, "due_on": TODAY, "what": "festival Cap Go Meh"}]

    deadlines_refresh_all(today=TODAY)

    with translation.override("id"):
        assert deadlines_of(world.tourism).get().label == "Tindak lanjut: festival Cap Go Meh"


def test_texts_and_kind_names_come_from_the_provider_in_the_readers_language(world, tasks):
    tasks.tasks[world.pupr.pk] = [{"n": 1, "due_on": TODAY, "what": "survei"}]
    deadline = deadlines_refresh(world.pupr)[0]

    with translation.override("id"):
        assert (deadline.label, deadline.rule_label, deadline.kind_label) == (
            "Tindak lanjut: survei",
            "Keputusan rapat TKKSD",
            "Tugas tindak lanjut",
        )
    with translation.override("en"):
        assert (deadline.label, deadline.rule_label, deadline.kind_label) == (
            "Follow up: survei",
            "Decision of the TKKSD meeting",
            "Follow-up task",
        )
        assert ("opd_task", "Follow-up task") in [(k, str(n)) for k, n in registry.kind_choices()]


def test_a_kind_or_subject_registered_by_two_providers_is_refused(tasks):
    class Other(OpdTasks):
        pass

    with pytest.raises(ValueError, match="registered twice"):
        registry.register(Other())


def test_the_agenda_shows_another_providers_deadline_of_a_visible_case(client, world, tasks):
    tasks.tasks[world.pupr.pk] = [
        {
            "n": 1,
            "due_on": TODAY + dt.timedelta(days=3),
            "what": "ukur ulang",
            "case": world.local.pk,
        }
    ]
    deadlines_refresh(world.pupr)

    client.force_login(world.sec_singkawang)
    mine = client.get(reverse("agreements:agenda"), {"kind": "opd_task"}).content.decode()
    client.force_login(world.sec_pontianak)
    theirs = client.get(reverse("agreements:agenda")).content.decode()

    assert "Tindak lanjut: ukur ulang" in mine
    assert world.local.title in mine
    assert "Tindak lanjut: ukur ulang" not in theirs  # Pontianak is no party of the case


def test_recording_what_met_it_asks_the_provider_and_is_audited(world, tasks):
    tasks.tasks[world.pupr.pk] = [
        {"n": 1, "due_on": TODAY, "what": "rapat teknis", "case": world.local.pk}
    ]
    deadline = deadlines_refresh(world.pupr)[0]
    minutes = DocumentFactory(cooperation=world.local, kind="tkksd_minutes", title="Notulen")
    letter = DocumentFactory(cooperation=world.local, kind="other", title="Surat")

    with pytest.raises(NotPermitted):
        deadline_mark_met(
            actor=world.tourism_officer, deadline=deadline, document=minutes, met_on=TODAY
        )
    with pytest.raises(ValidationError) as refused:
        deadline_mark_met(
            actor=world.pupr_officer, deadline=deadline, document=letter, met_on=TODAY
        )
    assert refused.value.message_dict["document"] == ["only the minutes"]
    assert not AuditEvent.objects.filter(action="deadline.mark_met").exists()

    deadline_mark_met(actor=world.pupr_officer, deadline=deadline, document=minutes, met_on=TODAY)
    deadlines_refresh(world.pupr)  # a recomputation keeps what a person recorded
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by, deadline.met_manually) == ("met", minutes, True)
    event = AuditEvent.objects.get(action="deadline.mark_met")
    assert (event.object_type, event.object_id) == ("deadlines.deadline", str(deadline.pk))
    assert AuditEvent.objects.concerning(world.local).filter(pk=event.pk).exists()

    deadline_reopen(actor=world.pupr_officer, deadline=deadline)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by, deadline.met_manually) == ("open", None, False)
