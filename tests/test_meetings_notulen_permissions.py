"""Every public write of `meetings.minutes` and `meetings.actions`, called directly (as the API,
an import or a command would) as every persona: it succeeds for the personas written here by
hand from the brief's rules — the region's secretariat drafts, the chair (the Sekda, leadership)
makes final and reopens, the owner OPD closes an action item, the secretariat cancels one — and
raises the one permission error for the others (NotFound for other regions), writing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from kerjasama.core.exceptions import NotFound, NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.meetings import actions, minutes
from tests.notulen_support import held_meeting

pytestmark = pytest.mark.django_db

PERSONAS = {
    "secretariat": "sec_singkawang",
    "leadership": "sekda",
    "owner_opd": "pupr_officer",
    "other_opd": "tourism_officer",
    "other_region": "sec_pontianak",
    "partner_region": "sec_bengkayang",
}
SAME_REGION = {"secretariat", "leadership", "owner_opd", "other_opd"}
# Who reads the meeting (the tourism officer is neither invited nor involved in its items):
# the others are answered as if it did not exist.
READERS = {"secretariat", "leadership", "owner_opd"}
# An action item's close and cancel answer by region: another OPD of the region is refused.
BY_REGION = {"action_item_close", "action_item_cancel"}


def _draft(world) -> dict[str, Any]:
    held = held_meeting(world)
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind="decision", text="Diteruskan."
    )
    step = minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    task = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind="action", text="Laporan."
    )
    action = actions.action_item_add(
        actor=world.sec_singkawang,
        outcome=task,
        title="Laporan",
        due_on=timezone.localdate() + dt.timedelta(days=5),
        owner_opd=world.pupr,
    )
    return {"held": held, "decision": decision, "step": step, "task": task, "action": action}


def _final(world) -> dict[str, Any]:
    found = _draft(world)
    minutes.meeting_finalise(actor=world.sekda, meeting=found["held"].meeting)
    return found


# name: (setup, call, the personas allowed)
CALLS: dict[str, tuple[Callable[..., Any], Callable[..., Any], set[str]]] = {
    "minutes_notes_update": (
        _draft,
        lambda u, f: minutes.minutes_notes_update(
            actor=u, meeting=f["held"].meeting, opening="Dibuka.", closing=""
        ),
        {"secretariat"},
    ),
    "item_minutes_update": (
        _draft,
        lambda u, f: minutes.item_minutes_update(actor=u, item=f["held"].item, minutes="x"),
        {"secretariat"},
    ),
    "outcome_add": (
        _draft,
        lambda u, f: minutes.outcome_add(
            actor=u, item=f["held"].item, kind="information", text="Info."
        ),
        {"secretariat"},
    ),
    "outcome_update": (
        _draft,
        lambda u, f: minutes.outcome_update(actor=u, outcome=f["decision"], text="Diubah."),
        {"secretariat"},
    ),
    "outcome_remove": (
        _draft,
        lambda u, f: minutes.outcome_remove(actor=u, outcome=f["task"]),
        {"secretariat"},
    ),
    "decision_step_add": (
        _draft,
        lambda u, f: minutes.decision_step_add(
            actor=u,
            outcome=f["decision"],
            cooperation=f["held"].case,
            action="reject",
            facts={"reason": "Tidak layak."},
        ),
        {"secretariat"},
    ),
    "decision_step_remove": (
        _draft,
        lambda u, f: minutes.decision_step_remove(actor=u, step=f["step"]),
        {"secretariat"},
    ),
    "action_item_add": (
        _draft,
        lambda u, f: actions.action_item_add(
            actor=u,
            outcome=f["task"],
            title="Lagi",
            due_on=timezone.localdate(),
            owner_opd=f["action"].owner_opd,
        ),
        {"secretariat"},
    ),
    "action_item_remove": (
        _draft,
        lambda u, f: actions.action_item_remove(actor=u, action=f["action"]),
        {"secretariat"},
    ),
    "meeting_finalise": (
        _draft,
        lambda u, f: minutes.meeting_finalise(actor=u, meeting=f["held"].meeting),
        {"leadership"},
    ),
    "meeting_reopen": (
        _final,
        lambda u, f: minutes.meeting_reopen(actor=u, meeting=f["held"].meeting, reason="Salah."),
        {"leadership"},
    ),
    "action_item_close": (
        _final,
        lambda u, f: actions.action_item_close(actor=u, action=f["action"], note="Selesai."),
        {"owner_opd"},
    ),
    "action_item_cancel": (
        _final,
        lambda u, f: actions.action_item_cancel(actor=u, action=f["action"], reason="Batal."),
        {"secretariat"},
    ),
}
CASES = [(name, persona) for name in CALLS for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_each_service_checks_who_calls_it(world, name, persona):
    setup, call, allowed = CALLS[name]
    found = setup(world)
    user = getattr(world, PERSONAS[persona])
    events = AuditEvent.objects.count()

    if persona in allowed:
        call(user, found)
        assert AuditEvent.objects.count() > events
        return
    knows = SAME_REGION if name in BY_REGION else READERS
    expected = NotPermitted if persona in knows else NotFound
    with pytest.raises(expected):
        call(user, found)
    assert AuditEvent.objects.count() == events
