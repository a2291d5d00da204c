"""Issue 8, the dashboard at scale: its query count does not depend on how many cases the user
sees nor on what they hold (a city secretariat and a province), "needs my action" reads a page
of recently changed cases, and the columns the dashboard counts from (the urusan groups, the
last change, the first open deadline and end of term on the access rows) follow random writes.

The expected values are recounted here by hand from the rules, not from the code's tables:
- a case counts in an urusan group when one of its bidang urusan belongs to that group
  (UU 23/2014 Pasal 11–12, KERJASAMA_DAERAH.md §10);
- "deadlines overdue" counts the open deadlines due before today in the cases the user sees;
- "expiring" is a case not ended whose agreement has an open end of term due from today to
  today + EXPIRING_WITHIN_DAYS (§6.3, §12).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerjasama.agreements import action_items, services
from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.enums import TERMINAL_STAGES, Stage
from kerjasama.agreements.models import CaseAccess, Cooperation, Party
from kerjasama.agreements.selectors import dashboard_for
from kerjasama.deadlines.models import Deadline
from kerjasama.deadlines.services import deadlines_refresh
from kerjasama.partners.enums import PartnerKind
from kerjasama.reference.models import GovernmentAffair
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    ThirdPartyFactory,
    ksdpk_at_pks_drafting,
)
from tests.test_case_access import OPS, TENANTS, cast, old_visible_to, op_create  # noqa: F401

pytestmark = pytest.mark.django_db


# --- the query count --------------------------------------------------------------------------


def _shapes(n: int, today: dt.date) -> None:
    """`n` of each kind of case the dashboard reads differently, each with Singkawang as a party
    (so Kalimantan Barat oversees it; Kalimantan Barat is a party to the first and the last
    too): a proposal with its KAK (a step to take), a KSDPK whose
    signed PKS awaits signing with the DPRD needed (party entries, overrides, DPRD decisions),
    a KSDPL with a foreign partner (the foreign checks read parties and urusan), and a signed
    KB ending within the window with a supervision finding's follow-up overdue."""
    for i in range(n):
        proposal = CooperationFactory(
            title=f"Usulan {i}", stage=Stage.PROPOSAL, party_codes=("61.72", "61", "61.07")
        )
        DocumentFactory(cooperation=proposal, kind="kak", title=f"KAK {i}")

        pks_case = ksdpk_at_pks_drafting(clauses_ticked=True)
        Cooperation.objects.filter(pk=pks_case.pk).update(burdens_community=True)

        foreign = CooperationFactory(
            kind="ksdpl",
            ksdd_category="",
            title=f"Kota kembar {i}",
            stage=Stage.INITIATIVE,
            party_codes=("61.72",),
            affair_codes=("3.26", "1.03"),
        )
        Party.objects.create(
            cooperation=foreign,
            partner=ThirdPartyFactory(
                kind=PartnerKind.FOREIGN_GOVERNMENT,
                third_party_type="",
                name=f"Kota Mitra {i}",
                country="MY",
            ),
            order=2,
        )

        ending = CooperationFactory(title=f"Berakhir {i}", party_codes=("61.72", "61"))
        end = today + dt.timedelta(days=20 + i)
        DocumentFactory(cooperation=ending, start_date=end - dt.timedelta(days=700), end_date=end)
        deadlines_refresh(ending)
        ending.deadlines.create(
            subject_type="agreements.cooperation",
            subject_id=str(ending.pk),
            key=f"late:{i}",
            kind="finding_follow_up",
            due_on=today - dt.timedelta(days=10),
            title="Tindak lanjut temuan",
            rule="§12",
        )


def _dashboard(client, user) -> tuple[int, object]:
    client.force_login(user)
    client.get("/")  # the region's counts, cached from then on until the next write
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("persona", ["sec_singkawang", "sec_kalbar"])
def test_dashboard_costs_the_same_queries_for_one_case_of_each_kind_or_many(client, world, persona):
    user = getattr(world, persona)
    today = timezone.localdate()
    _shapes(1, today)
    few, _ = _dashboard(client, user)

    _shapes(11, today)  # 48 cases more than the page of 30 that "needs my action" reads
    many, response = _dashboard(client, user)

    assert many == few
    board = response.context["dashboard"]
    actions = response.context["actions"]
    # By hand: 12 of each of the four kinds, and the world's Singkawang–Kalbar case (its KB too).
    assert board.total == 4 * 12 + 2
    assert board.expiring_count == 12  # each "Berakhir" KB ends 20..31 days from today
    expected = _old_counts(user)
    assert board.overdue == expected["overdue"] >= 12  # a finding follow-up late in each
    assert [c.pk for c in board.expiring] == expected["expiring"]
    assert {g: n for g, _label, n in board.by_group} == expected["groups"]
    assert actions.steps
    assert actions.deadlines
    assert actions.cases_limited == (persona == "sec_singkawang")  # 48 + 2 cases, or 24 + 1
    assert ('id="action-cases-limited"' in response.content.decode()) == actions.cases_limited


def test_action_list_reads_the_most_recently_changed_cases_first(world):
    def proposal(title: str, **extra: object) -> Cooperation:
        record = CooperationFactory(title=title, stage=Stage.PROPOSAL, **extra)
        DocumentFactory(cooperation=record, kind="kak", title=f"KAK {title}")  # "prepare" is open
        return record

    old = proposal(
        "Usulan lama",
        created_by=world.sec_singkawang,
        created_by_tenant=world.sec_singkawang.tenant,
    )
    for n in range(action_items.ACTION_CASES_LIMIT):
        proposal(f"Usulan baru {n}")

    first = action_items.action_items_for(world.sec_singkawang)

    titles = {item.cooperation.title for item in first.steps}
    assert len(titles) == action_items.ACTION_CASES_LIMIT  # the newer ones, each "prepare"
    assert "Usulan lama" not in titles
    assert first.cases_limited

    # A change to the old proposal (its title, through the service) brings it back in.
    services.cooperation_update(
        actor=world.sec_singkawang,
        cooperation=old,
        expected_version=old.version,
        data={
            "kind": "ksdd",
            "ksdd_category": "sukarela",
            "title": "Usulan lama (diubah)",
            "in_plan": True,
            "initiative": "region",
            "legal_regime": "pp28_2018",
        },
        parties=[services.PartyInput(p.partner) for p in old.parties.order_by("order")],
        affairs=list(old.affairs.all()),
        override_reason="Uji",
        change_reason="Uji",
    )
    again = action_items.action_items_for(world.sec_singkawang)

    assert "Usulan lama (diubah)" in {item.cooperation.title for item in again.steps}


def test_province_oversight_alone_does_not_act_on_its_kab_kota_cases(world):
    """§6.6: a province reads the cases of its kabupaten/kota (oversight) but takes no step on
    them unless it is a party: its action list has none of them, whatever their number."""
    for n in range(3):
        record = CooperationFactory(
            title=f"Usulan Bengkayang {n}", stage=Stage.PROPOSAL, party_codes=("61.72", "61.07")
        )
        DocumentFactory(cooperation=record, kind="kak", title=f"KAK {n}")

    items = action_items.action_items_for(world.sec_kalbar)

    assert not any(i.cooperation.title.startswith("Usulan Bengkayang") for i in items.steps)
    assert any(
        i.cooperation.title.startswith("Usulan Bengkayang")
        for i in action_items.action_items_for(world.sec_singkawang).steps
    )


# --- the kept columns follow random writes --------------------------------------------------


def _recount_groups(case: Cooperation) -> int:
    bits = 0
    for group in case.affairs.values_list("group", flat=True):
        bits |= 1 << (group - 1)
    return bits


def _first(deadlines) -> dt.date | None:
    dates = [d.due_on for d in deadlines]
    return min(dates) if dates else None


def assert_dashboard_columns_in_step() -> None:
    for row in CaseAccess.objects.select_related("cooperation"):
        case = row.cooperation
        open_ = list(Deadline.objects.filter(cooperation=case, status="open"))
        assert row.affair_groups == _recount_groups(case), case.title
        assert row.changed_at == case.updated_at, case.title
        assert row.due_first == _first(open_), case.title
        assert row.expiry_first == _first(d for d in open_ if d.kind == "expiry"), case.title


def _old_counts(user) -> dict[str, object]:
    """The dashboard's numbers, counted from the cases themselves as the rules define them."""
    today = timezone.localdate()
    end = today + dt.timedelta(days=django_settings.KERJASAMA["EXPIRING_WITHIN_DAYS"])
    seen = list(old_visible_to(user).prefetch_related("affairs", "deadlines"))
    groups = {g: 0 for g in (1, 2, 3)}
    for case in seen:
        for g in {a.group for a in case.affairs.all()}:
            groups[g] += 1
    expiring = []
    for case in seen:
        window = [
            d.due_on
            for d in case.deadlines.all()
            if d.kind == "expiry" and d.status == "open" and today <= d.due_on <= end
        ]
        if window and case.stage not in TERMINAL_STAGES:
            expiring.append((min(window), case.pk))
    overdue = sum(
        1 for case in seen for d in case.deadlines.all() if d.status == "open" and d.due_on < today
    )
    return {
        "groups": groups,
        "expiring_count": len(expiring),
        "expiring": [pk for _due, pk in sorted(expiring)[:20]],
        "overdue": overdue,
    }


def op_affairs(c, case, b, d):
    """Change the case's urusan (through the service), a random subset of three groups'."""
    pool = list(GovernmentAffair.objects.filter(code__in=("1.01", "1.03", "2.07", "3.26")))
    wanted = [a for i, a in enumerate(pool) if b >> i & 1]
    tenant_codes = [
        p.partner.region.code
        for p in case.parties.all()
        if p.partner.region and p.partner.region.code in TENANTS
    ]
    actor = c.secretariat[tenant_codes[0]]
    services.cooperation_update(
        actor=actor,
        cooperation=case,
        expected_version=case.version,
        data={
            "kind": case.kind,
            "ksdd_category": case.ksdd_category,
            "title": case.title,
            "in_plan": True,
            "initiative": "region",
            "legal_regime": "pp28_2018",
        },
        parties=[services.PartyInput(p.partner) for p in case.parties.order_by("order")],
        affairs=wanted,
        override_reason="Uji acak",
        change_reason="Uji acak",
    )


def op_deadline_past_the_services(c, case, b, d):
    """A deadline row written, changed or deleted directly (as a test or the admin would):
    open or met, an end of term or a report, due from 40 days ago to 120 days ahead."""
    today = timezone.localdate()
    rows = list(case.deadlines.order_by("pk"))
    if rows and b % 3 == 0:
        rows[d % len(rows)].delete()
        return
    if rows and b % 3 == 1:
        row = rows[d % len(rows)]
        row.status = "met" if row.status == "open" else "open"
        row.save()
        return
    case.deadlines.create(
        subject_type="agreements.cooperation",
        subject_id=str(case.pk),
        # Never a key used before, also after a delete (the rows' largest id is past them all).
        key=f"acak:{b}:{d}:{(rows[-1].pk if rows else 0) + 1}",
        kind="expiry" if d % 2 else "report",
        due_on=today + dt.timedelta(days=(b * 7 + d) % 160 - 40),
        title="Tenggat acak",
        status="open" if d % 5 else "met",
    )


def op_refresh(c, case, b, d):
    """The deadline service recomputes the case (it closes rows no rule wants any more)."""
    deadlines_refresh(case)


MY_OPS = (*OPS, op_affairs, op_deadline_past_the_services, op_refresh)

programs = st.lists(
    st.tuples(
        # Any write, and the three of this file more often (they change what it checks).
        st.one_of(st.integers(0, len(MY_OPS)), st.integers(len(OPS) + 1, len(MY_OPS))),
        st.integers(0, 40),
        st.integers(0, 255),
        st.integers(0, 40),
    ),
    min_size=1,
    max_size=14,
)


def _run(c, program) -> None:
    from kerjasama.core.exceptions import DomainError

    for op, a, b, d in program:
        cases = list(Cooperation.objects.order_by("pk"))
        try:
            if op == 0 or not cases:
                op_create(c, a, b, d)
            else:
                MY_OPS[op - 1](c, cases[a % len(cases)], b, d)
        except DomainError:
            pass  # a refused write changes nothing; the columns must still be right


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=programs)
def test_dashboard_columns_and_counts_follow_random_writes(cast, program):  # noqa: F811
    with transaction.atomic():
        _run(cast, program)

        assert_dashboard_columns_in_step()
        for user in cast.personas:
            board = dashboard_for(user)
            expected = _old_counts(user)
            assert {g: n for g, _label, n in board.by_group} == expected["groups"], user
            assert board.expiring_count == expected["expiring_count"], user
            assert [c.pk for c in board.expiring] == expected["expiring"], user
            assert board.overdue == expected["overdue"], user
        transaction.set_rollback(True)


def test_a_deadline_written_past_the_services_moves_the_dashboard(cast):  # noqa: F811
    """A deadline row created, closed or deleted directly still counts at once: an open one
    overdue is counted, met it is not, deleted it is gone."""
    op_create(cast, 1, 0b100, 1)  # Singkawang with Bengkayang, registered through the service
    case = Cooperation.objects.get()
    user = cast.secretariat["61.72"]
    before = dashboard_for(user).overdue

    late = case.deadlines.create(
        subject_type="agreements.cooperation",
        subject_id=str(case.pk),
        key="late",
        kind="report",
        due_on=timezone.localdate() - dt.timedelta(days=5),
        title="Laporan terlambat",
    )
    assert dashboard_for(user).overdue == before + 1
    assert_dashboard_columns_in_step()

    late.status = "met"
    late.save()
    assert dashboard_for(user).overdue == before
    late.status = "open"
    late.save()
    late.delete()
    assert dashboard_for(user).overdue == before
    assert_dashboard_columns_in_step()


def test_a_register_of_exactly_one_page_is_not_said_to_be_cut(world):
    user = world.sec_singkawang
    already = len(action_items._candidate_ids(user, reviews=True))  # the world's own cases
    for n in range(action_items.ACTION_CASES_LIMIT - already):
        record = CooperationFactory(title=f"Usulan {n}", stage=Stage.PROPOSAL)
        DocumentFactory(cooperation=record, kind="kak", title=f"KAK {n}")

    items = action_items.action_items_for(user)

    assert len(action_items._candidate_ids(user, reviews=True)) == action_items.ACTION_CASES_LIMIT
    assert len(items.steps) >= action_items.ACTION_CASES_LIMIT - already
    assert not items.cases_limited
    CooperationFactory(title="Usulan satu lagi", stage=Stage.PROPOSAL)
    assert action_items.action_items_for(user).cases_limited


def test_dashboard_counts_follow_a_write_and_a_deadline_at_once(client, world):
    """The dashboard's counts are cached per region (issue 8); a new case, a case's new stage
    and a deadline met show on the next visit all the same."""
    client.force_login(world.sec_singkawang)
    before = client.get("/").context["dashboard"]
    case = CooperationFactory(title="Kasus baru", party_codes=("61.72",), stage=Stage.PROPOSAL)
    after_new = client.get("/").context["dashboard"]
    Cooperation.objects.filter(pk=case.pk).update(stage=Stage.IN_FORCE)
    access_refresh(case)  # as the lifecycle's transition does
    after_stage = client.get("/").context["dashboard"]
    late = Deadline.objects.create(
        subject_type="agreements.cooperation",
        subject_id=case.pk,
        cooperation=case,
        key="test-late",
        kind="finding_follow_up",
        due_on=timezone.localdate() - dt.timedelta(days=3),
        title="Tindak lanjut",
    )
    after_late = client.get("/").context["dashboard"]
    late.status = "met"
    late.save()
    after_met = client.get("/").context["dashboard"]

    assert after_new.total == before.total + 1
    assert after_stage.in_force == after_new.in_force + 1
    assert after_late.overdue == after_stage.overdue + 1
    assert after_met.overdue == after_stage.overdue
