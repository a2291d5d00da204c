"""The dashboard's "needs my action" list and the secretariat's notice of an OPD's proposal
(issue 6 item 12): proposals to review, steps the user may take now (for leadership: what
awaits its decision), deadlines the user owns."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kerjasama.agreements import action_items, services
from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline
from kerjasama.notifications.models import Notification
from kerjasama.reference.models import GovernmentAffair
from tests.factories import CooperationFactory, DocumentFactory, UserFactory, region_partner

pytestmark = pytest.mark.django_db


def _register_proposal(actor, title="Penataan kawasan wisata Pasir Panjang") -> Cooperation:
    return services.cooperation_create(
        actor=actor,
        data={
            "kind": "ksdd",
            "ksdd_category": "sukarela",
            "title": title,
            "in_plan": True,
            "initiative": "region",
            "legal_regime": "pp28_2018",
        },
        parties=[services.PartyInput(region_partner(c)) for c in ("61.72", "61.07")],
        affairs=list(GovernmentAffair.objects.filter(code="1.03")),
    )


def _step_url(record: Cooperation, action: str) -> str:
    return reverse("agreements:step", args=[record.pk, action])


# --- The secretariat hears of an OPD's proposal ------------------------------------------------


def test_opd_proposal_notifies_its_regions_secretariat_in_the_app_and_by_email(
    world, django_capture_on_commit_callbacks
):
    world.sec_singkawang.email = "tkksd@singkawangkota.go.id"
    world.sec_singkawang.save()
    world.pupr_officer.first_name, world.pupr_officer.last_name = "Budi", "Santoso"
    world.pupr_officer.save()

    with django_capture_on_commit_callbacks(execute=True):
        record = _register_proposal(world.pupr_officer)

    notified = Notification.objects.filter(cooperation=record)
    assert {n.user for n in notified} == {world.sec_singkawang}
    notice = notified.get()
    assert notice.url == record.get_absolute_url()
    assert "Penataan kawasan wisata Pasir Panjang" in notice.title
    assert "Budi Santoso (Dinas Pekerjaan Umum dan Penataan Ruang)" in notice.body
    assert [m.to for m in mail.outbox] == [["tkksd@singkawangkota.go.id"]]
    assert "Usulan baru untuk ditelaah" in mail.outbox[0].subject
    assert record.get_absolute_url() in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="proposal.notified", cooperation=record).count() == 1


def test_secretariat_registering_itself_notifies_nobody(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = _register_proposal(world.sec_singkawang)

    assert not Notification.objects.filter(cooperation=record).exists()
    assert mail.outbox == []


def test_a_refused_registration_leaves_no_notification(world):
    # Bengkayang's secretariat is told nothing of a proposal in which Singkawang is no party.
    from kerjasama.core.exceptions import DomainError

    with pytest.raises(DomainError):
        services.cooperation_create(
            actor=world.pupr_officer,
            data={"kind": "ksdd", "ksdd_category": "sukarela", "title": "X", "in_plan": True},
            parties=[services.PartyInput(region_partner(c)) for c in ("61", "61.07")],
            affairs=list(GovernmentAffair.objects.filter(code="1.03")),
        )

    assert not Notification.objects.exists()


# --- The list on the dashboard ---------------------------------------------------------------


def test_opd_proposal_reaches_the_secretariats_action_list_with_a_link_to_the_step(client, world):
    record = _register_proposal(world.pupr_officer)
    DocumentFactory(cooperation=record, kind="kak", title="KAK Pasir Panjang")
    client.force_login(world.sec_singkawang)

    page = client.get(reverse("agreements:dashboard")).content.decode()

    section = page[
        page.index('id="needs-action"') : page.index("</section>", page.index("needs-action"))
    ]
    assert "Usulan untuk ditelaah" in section
    assert f'href="{record.get_absolute_url()}"' in section
    assert "pupr.singkawang" in section
    assert f'href="{_step_url(record, "prepare")}"' in section
    assert f'href="{_step_url(record, "reject")}"' not in section  # a way out, not an action


def test_proposal_of_the_secretariat_itself_is_not_a_review(world):
    _register_proposal(world.sec_singkawang)

    items = action_items.action_items_for(world.sec_singkawang)

    assert items.reviews == []


def test_leadership_sees_what_awaits_its_decision_and_nothing_else(client, world):
    # §5.2: the offer goes out on the TKKSD's recommendation (secretariat or leadership decide);
    # recording the partner's reply is the secretariat's work.
    to_offer = CooperationFactory(title="Pengembangan pariwisata", stage=Stage.PREPARATION)
    DocumentFactory(cooperation=to_offer, kind="tkksd_minutes", title="Notulen TKKSD")
    DocumentFactory(cooperation=to_offer, kind="offer_letter", title="Surat penawaran")
    offered = CooperationFactory(title="Jalan poros", stage=Stage.OFFER)
    DocumentFactory(cooperation=offered, kind="reply_letter", title="Surat jawaban")
    blocked = CooperationFactory(title="Belum lengkap", stage=Stage.PREPARATION)
    client.force_login(world.sekda)

    items = action_items.action_items_for(world.sekda)
    page = client.get(reverse("agreements:dashboard")).content.decode()

    assert [(i.cooperation, [a.step.action for a in i.steps]) for i in items.steps] == [
        (to_offer, ["offer"])
    ]
    assert items.reviews == []
    assert items.deadlines == []
    assert "Menunggu keputusan Anda" in page
    assert f'href="{_step_url(to_offer, "offer")}"' in page
    assert f'href="{_step_url(offered, "accept_offer")}"' not in page
    assert blocked.title not in page


def test_opd_officer_sees_steps_of_its_own_cases_and_deadlines_of_its_own_opd(world):
    today = dt.date(2026, 11, 2)
    ours = CooperationFactory(title="Air bersih", stage=Stage.PROPOSAL)
    party = ours.parties.get(partner__region__code="61.72")
    party.initiating_opd = world.pupr
    party.save()
    access_refresh(ours)  # written past the services (issue 8)
    DocumentFactory(cooperation=ours, kind="kak", title="KAK air bersih")
    theirs = CooperationFactory(title="Festival", stage=Stage.PROPOSAL)
    DocumentFactory(cooperation=theirs, kind="kak", title="KAK festival")

    def deadline(record, key, opd, due, status="open"):
        return Deadline.objects.create(
            cooperation=record,
            subject_type="agreements.cooperation",
            subject_id=str(record.pk),
            key=key,
            kind="report",
            due_on=due,
            title=f"Laporan {key}",
            rule="§10",
            opd=opd,
            status=status,
        )

    overdue = deadline(world.local, "late", world.pupr, today - dt.timedelta(days=3))
    soon = deadline(world.local, "soon", world.pupr, today + dt.timedelta(days=20))
    deadline(world.local, "later", world.pupr, today + dt.timedelta(days=45))
    deadline(world.local, "met", world.pupr, today - dt.timedelta(days=1), status="met")
    deadline(world.local, "tourism", world.tourism, today + dt.timedelta(days=2))

    items = action_items.action_items_for(world.pupr_officer, today=today)

    assert [(i.cooperation, [a.step.action for a in i.steps]) for i in items.steps] == [
        (ours, ["prepare"])
    ]
    assert items.deadlines == [overdue, soon]


def test_secretariat_owns_its_regions_deadlines_but_not_the_other_partys(world):
    today = dt.date(2026, 11, 2)
    bengkayang_opd = world.sec_bengkayang.tenant.opds.create(name="Dinas PUPR Bengkayang")
    ours = Deadline.objects.create(
        cooperation=world.local,
        subject_type="agreements.cooperation",
        subject_id=str(world.local.pk),
        key="a",
        kind="report",
        due_on=today,
        title="A",
        rule="r",
    )
    Deadline.objects.create(
        cooperation=world.local,
        subject_type="agreements.cooperation",
        subject_id=str(world.local.pk),
        key="b",
        kind="report",
        due_on=today,
        title="B",
        rule="r",
        opd=bengkayang_opd,
    )

    assert action_items.action_items_for(world.sec_singkawang, today=today).deadlines == [ours]
    assert [
        d.title for d in action_items.action_items_for(world.sec_bengkayang, today=today).deadlines
    ] == [
        "A",
        "B",
    ]


def test_empty_action_list_says_so(client, world):
    loner = UserFactory(username="sekda.pontianak", tenant=world.pontianak, roles=["leadership"])
    client.force_login(loner)

    page = client.get(reverse("agreements:dashboard")).content.decode()

    assert "Tidak ada yang perlu Anda tindak lanjuti" in page


def test_action_list_costs_the_same_queries_for_one_case_or_many(
    world, django_assert_max_num_queries
):
    def proposal(n):
        record = CooperationFactory(title=f"Usulan {n}", stage=Stage.PROPOSAL)
        DocumentFactory(cooperation=record, kind="kak", title=f"KAK {n}")
        return record

    proposal(0)
    user = type(world.sec_singkawang).objects.get(pk=world.sec_singkawang.pk)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert len(action_items.action_items_for(user).steps) == 1
    for n in range(1, 8):
        proposal(n)
    user = type(world.sec_singkawang).objects.get(pk=world.sec_singkawang.pk)

    with django_assert_max_num_queries(len(one.captured_queries)):
        items = action_items.action_items_for(user)

    assert len(items.steps) == 8
    assert all([a.step.action for a in i.steps] == ["prepare"] for i in items.steps)


def test_today_is_the_default(world):
    assert action_items.action_items_for(world.sec_singkawang).today == timezone.localdate()


def test_dashboard_shows_eight_deadlines_and_points_to_the_agenda_for_the_rest(client, world):
    today = timezone.localdate()
    for n in range(10):
        Deadline.objects.create(
            cooperation=world.local,
            subject_type="agreements.cooperation",
            subject_id=str(world.local.pk),
            key=f"r{n}",
            kind="report",
            due_on=today + dt.timedelta(days=n),
            title=f"Laporan nomor {n}",
            rule="§10",
        )
    client.force_login(world.sec_singkawang)

    page = client.get(reverse("agreements:dashboard")).content.decode()

    assert [n for n in range(10) if re.search(rf"Laporan nomor {n}\b", page)] == list(range(8))
    assert "dan 2 tenggat lainnya: buka agenda" in page
    assert f'href="{reverse("agreements:agenda")}"' in page


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    dates=st.lists(
        st.lists(st.tuples(st.integers(0, 4), st.booleans()), min_size=1, max_size=3),
        min_size=2,
        max_size=6,
    ),
    limit=st.integers(1, 3),
    order=st.randoms(use_true_random=False),
)
def test_first_due_deadlines_are_the_first_by_date_whatever_the_cases_order(
    world, dates, limit, order
):
    """`_first_due` reads the cases in the order of their first open deadline and stops when
    the rest cannot come earlier (issue 8); what it returns is always the first `limit`
    deadlines the filter keeps, by (date, id), among those cases — recounted here by sorting
    them all. Some deadlines count in a case's first date but not in the filter (a stage time
    limit not yet due, left out of "needs my action"), and the rows are written in a random
    order, so ids do not follow the cases."""
    from kerjasama.agreements.access import CaseAccess

    start = dt.date(2030, 1, 1)
    with transaction.atomic():
        cases = [
            CooperationFactory(title=f"Urut {i}", party_codes=("61.72",)) for i in range(len(dates))
        ]
        rows = [
            (case, j, day, hidden)
            for case, days in zip(cases, dates, strict=True)
            for j, (day, hidden) in enumerate(days)
        ]
        order.shuffle(rows)
        for case, j, day, hidden in rows:
            case.deadlines.create(
                subject_type="agreements.cooperation",
                subject_id=str(case.pk),
                key=f"t:{j}",
                kind="stage_time" if hidden else "report",
                due_on=start + dt.timedelta(days=day),
                title="t",
            )
        mine = Deadline.objects.filter(
            cooperation__title__startswith="Urut ", status="open"
        ).exclude(kind="stage_time")
        access = CaseAccess.objects.filter(
            region__code="61.72", cooperation__title__startswith="Urut "
        )
        expected = list(mine.order_by("due_on", "id").values_list("id", flat=True)[:limit])

        assert action_items._first_due(mine, access, limit, first_read=limit) == expected
        assert action_items._first_due(mine, access, limit) == expected
        transaction.set_rollback(True)
