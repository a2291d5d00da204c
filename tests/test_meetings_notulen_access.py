"""Who may open the minutes' URLs (issue 9, the persona × URL matrix for the `notulen` part).

`NOTULEN_MATRIX` has the shape of `tests/test_access_matrix.MATRIX` (name → kwargs builder,
method, expectations per persona, marker text) so that it can be merged into it; until then it
runs here with the same personas. The meeting is Singkawang's, held, with PUPR's officer
invited and an item about a case of no OPD; a version of its minutes exists (made final and
reopened), and PUPR owns an action item of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kerjasama.meetings import actions, minutes
from kerjasama.meetings.models import MinutesVersion
from tests.notulen_support import held_meeting

pytestmark = pytest.mark.django_db

PERSONAS = {
    "owner": "sec_singkawang",
    "partner": "sec_bengkayang",
    "involved_opd": "pupr_officer",
    "other_opd": "tourism_officer",
    "leadership": "sekda",
    "unrelated": "sec_pontianak",
    "oversight": "sec_kalbar",
    "anonymous": None,
}
OTHER_REGIONS = {"partner": "404", "unrelated": "404", "oversight": "404", "anonymous": "login"}
# The meeting: the region-wide roles, and the invited PUPR officer; not the tourism officer.
MEETING_READ = {
    "owner": "ok",
    "leadership": "ok",
    "involved_opd": "ok",
    "other_opd": "404",
} | OTHER_REGIONS
KEEP_MINUTES = MEETING_READ | {"leadership": "403", "involved_opd": "403"}
KEEP_MINUTES_POST = KEEP_MINUTES | {"owner": "done"}
CHAIR = MEETING_READ | {"owner": "403", "involved_opd": "403"}
ACTION_READ = MEETING_READ  # the owner OPD's officer, the secretariat and leadership
LIST = dict.fromkeys(PERSONAS, "ok") | {"anonymous": "login"}


def _setup(world):
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
        title="Laporan air bersih",
        due_on=timezone.localdate() + dt.timedelta(days=9),
        owner_opd=world.pupr,
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    minutes.meeting_reopen(actor=world.sekda, meeting=held.meeting, reason="Salah ketik.")
    spare = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind="information", text="Info."
    )
    world.n = {
        "meeting": held.meeting.pk,
        "item": held.other_item.pk,
        "decision": decision.pk,
        "action_outcome": task.pk,
        "spare": spare.pk,
        "step": step.pk,
        "action": action.pk,
        "version": MinutesVersion.objects.get().pk,
    }


def _pk(key):
    return lambda w: {"pk": w.n[key]}


NOTULEN_MATRIX = {
    "rapat:minutes": (_pk("meeting"), "get", MEETING_READ, "Pembukaan dan penutupan"),
    "rapat:decisions": (_pk("meeting"), "get", MEETING_READ, "Keputusan dan tindak lanjut"),
    "rapat:minutes_version": (_pk("version"), "get", MEETING_READ, "Notulen, versi 1"),
    # Held (reopened) minutes: the chair's reopening form goes back to the meeting (run 11).
    "rapat:minutes_reopen": (_pk("meeting"), "get", CHAIR | {"leadership": "done"}, ""),
    "rapat:step_create": (_pk("decision"), "get", KEEP_MINUTES, "Tampilkan langkahnya"),
    "rapat:action_create": (_pk("action_outcome"), "get", KEEP_MINUTES, "Yang harus dikerjakan"),
    "rapat:action_list": (lambda w: {}, "get", LIST, "Tindak lanjut terbuka saya"),
    "rapat:action_detail": (_pk("action"), "get", ACTION_READ, "Laporan air bersih"),
    "rapat:action_evidence": (
        _pk("action"),
        "get",
        ACTION_READ | dict.fromkeys(["owner", "leadership", "involved_opd"], "404"),
        "",
    ),
    "rapat:minutes_notes": (_pk("meeting"), "post", KEEP_MINUTES_POST, ""),
    "rapat:item_minutes": (_pk("item"), "post", KEEP_MINUTES_POST, ""),
    "rapat:outcome_create": (_pk("item"), "post", KEEP_MINUTES_POST, ""),
    "rapat:outcome_delete": (_pk("spare"), "post", KEEP_MINUTES_POST, ""),
    "rapat:step_delete": (_pk("step"), "post", KEEP_MINUTES | {"owner": "done"}, ""),
    "rapat:action_delete": (_pk("action"), "post", KEEP_MINUTES | {"owner": "done"}, ""),
    "rapat:minutes_final": (_pk("meeting"), "post", CHAIR | {"leadership": "done"}, ""),
}


def test_every_minutes_url_is_in_the_matrix():
    from kerjasama.meetings.urls_minutes import urlpatterns

    assert {f"rapat:{p.name}" for p in urlpatterns} == set(NOTULEN_MATRIX)


CASES = [(name, persona) for name in NOTULEN_MATRIX for persona in PERSONAS]


@pytest.fixture(scope="module")
def _minutes_ready(_module_world, django_db_blocker, shared_world_media_root):
    """`_setup` once, on the world built once for the module (`conftest.shared_world`)."""
    from django.test.utils import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=shared_world_media_root):
        _setup(_module_world)


@pytest.fixture
def world(_minutes_ready, shared_world):
    """The held meeting of `_setup` and its minutes, made once: each test only reads them or
    writes inside its own savepoint."""
    return shared_world


@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_minutes_url_access(client, world, name, persona):
    build, method, expectations, marker = NOTULEN_MATRIX[name]
    user = getattr(world, PERSONAS[persona]) if PERSONAS[persona] else None
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=build(world))

    response = client.get(url) if method == "get" else client.post(url, {})

    expected = expectations[persona]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if expected == "ok":
        assert response.status_code == 200, text[:300]
        assert marker in text
    elif expected == "done":
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("accounts:login"))
    elif expected == "404":
        assert response.status_code == 404
        assert "Laporan air bersih" not in text
    elif expected == "403":
        assert response.status_code == 403
    elif expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:  # pragma: no cover
        raise AssertionError(expected)
