"""The visibility table (issue 8): random writes through the services, then the table equals a
recount from scratch and `cooperation_visible_to` equals the old definition for every persona.

The recount is written here from docs/ARCHITECTURE.md, "Visibility and editing", not from
`agreements.access`: a party region reads the case; the province of a party kabupaten/kota
reads it too (oversight); an OPD is named on the case when it is the initiating or executing
OPD of a party or the executing OPD of a document. The oracle of who sees what is the
definition of `cooperation_visible_to` before issue 8 (OR-ed EXISTS over the parties), copied
below unchanged.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerjasama.accounts.models import Role
from kerjasama.agreements import lifecycle, services
from kerjasama.agreements.access import access_rebuild
from kerjasama.agreements.models import (
    CaseAccess,
    CaseOpd,
    CaseTag,
    Cooperation,
    Document,
    Party,
    PartyChangeRequest,
)
from kerjasama.agreements.pathways import Fact
from kerjasama.agreements.selectors import cooperation_visible_to, dashboard_for
from kerjasama.core.exceptions import DomainError
from kerjasama.reference.models import GovernmentAffair
from tests.factories import OpdFactory, TenantFactory, UserFactory, region, region_partner

pytestmark = pytest.mark.django_db

# Two provinces, each with kabupaten/kota that use Kerjasama and one that does not.
TENANTS = ("61", "61.72", "61.07", "64", "64.71")
OTHERS = ("61.01", "64.72")  # Sambas, Samarinda: parties without a secretariat of their own
STAGES = ("", "proposal", "kb_signed", "pks_drafting", "in_force", "ended")
TODAY = dt.date(2026, 6, 1)
# The agreements whose signatures count as "signed in a year" (the registry's year filter):
# the KB, NK and foreign text, every PKS and every addendum — not letters, minutes or reports.
TERM_KIND_VALUES = ("kb", "nk", "foreign_text", "pks", "addendum")


# --- the oracle: `cooperation_visible_to` as it was before issue 8 -----------------------------


def _old_involves_opd(opd_id):
    return Q(
        Exists(
            Party.objects.filter(cooperation=OuterRef("pk")).filter(
                Q(initiating_opd_id=opd_id) | Q(executing_opd_id=opd_id)
            )
        )
    ) | Q(Exists(Document.objects.filter(cooperation=OuterRef("pk"), executing_opd_id=opd_id)))


def _old_has_party_region(region_q):
    return Q(Exists(Party.objects.filter(region_q, cooperation=OuterRef("pk")).values("pk")))


def old_visible_to(user):
    tenant = user.tenant if user.is_authenticated else None
    if tenant is None or not tenant.active:
        return Cooperation.objects.none()
    region_id = tenant.region_id
    own = _old_has_party_region(Q(partner__region_id=region_id))
    if user.has_role(Role.SECRETARIAT, Role.LEADERSHIP, Role.TKKSD_MEMBER):
        condition = own
    elif user.has_role(Role.OPD_OFFICER) and user.opd_id:
        condition = own & _old_involves_opd(user.opd_id)
    else:
        condition = None
    if (
        user.has_role(Role.PROVINCE_OVERSIGHT, Role.TAKEOVER_AUTHORITY)
        and tenant.region.is_province
    ):
        oversight = _old_has_party_region(Q(partner__region__province_id=region_id))
        condition = oversight if condition is None else (condition | oversight)
    if condition is None:
        return Cooperation.objects.none()
    return Cooperation.objects.filter(condition)


# --- the recount, by hand from the rules ---------------------------------------------------------


def recount():
    """{(case, region): via} and {(case, opd)} from the parties and documents as stored."""
    party_regions: dict[int, set[int]] = {}
    provinces: dict[int, set[int]] = {}
    opds: set[tuple[int, int]] = set()
    for party in Party.objects.select_related("partner__region"):
        case = party.cooperation_id
        party_regions.setdefault(case, set())
        provinces.setdefault(case, set())
        place = party.partner.region
        if place is not None:
            party_regions[case].add(place.pk)
            if place.province_id is not None:  # a kabupaten/kota: its province oversees
                provinces[case].add(place.province_id)
        for opd in (party.initiating_opd_id, party.executing_opd_id):
            if opd is not None:
                opds.add((case, opd))
    for case, opd in Document.objects.filter(executing_opd__isnull=False).values_list(
        "cooperation_id", "executing_opd_id"
    ):
        opds.add((case, opd))
    access = {}
    for case in party_regions:
        for place in party_regions[case] | provinces[case]:
            if place in party_regions[case] and place in provinces[case]:
                access[(case, place)] = "both"
            elif place in party_regions[case]:
                access[(case, place)] = "party"
            else:
                access[(case, place)] = "oversight"
    return access, opds


def assert_table_in_step():
    access, opds = recount()
    assert {
        (row.cooperation_id, row.region_id): row.via for row in CaseAccess.objects.all()
    } == access
    assert set(CaseOpd.objects.values_list("cooperation_id", "opd_id")) == opds
    # The copied columns are the case's own (undated cases sort last both ways).
    for row in CaseAccess.objects.select_related("cooperation"):
        case = row.cooperation
        assert (row.kind, row.stage, row.title, row.evidence_missing) == (
            case.kind,
            case.stage,
            case.title,
            case.evidence_missing,
        )
        assert row.signed_asc == (case.signed_on or dt.date(9999, 12, 31))
        assert row.signed_desc == (case.signed_on or dt.date(1, 1, 1))
        assert row.ends_asc == (case.ends_on or dt.date(9999, 12, 31))
        assert row.ends_desc == (case.ends_on or dt.date(1, 1, 1))
        signed = [
            d.signed_on
            for d in case.documents.all()
            if d.status == "signed" and d.signed_on and d.kind in TERM_KIND_VALUES
        ]
        assert row.signed_first == (min(signed) if signed else dt.date(9999, 12, 31))
        assert row.signed_last == (max(signed) if signed else dt.date(1, 1, 1))
    # The filter tags of each case, under every region that reads it.
    expected = set()
    for row in CaseAccess.objects.select_related("cooperation"):
        for tag in expected_tags(row.cooperation):
            expected.add((row.region_id, tag, row.cooperation_id))
    assert set(CaseTag.objects.values_list("region_id", "tag", "cooperation_id")) == expected


def expected_tags(case) -> set[str]:
    """By hand: the urusan codes and groups, every year one of its agreements (KB, NK, foreign
    text, PKS, addendum) was signed, and the stage of a PKS awaiting the DPRD, drafting or
    signed while a KSDD/KSDPK case is past its KB and not ended (issue 7's stage filter)."""
    tags = {f"a:{a.code}" for a in case.affairs.all()} | {
        f"g:{a.group}" for a in case.affairs.all()
    }
    documents = list(case.documents.all())
    tags |= {
        f"y:{d.signed_on.year}"
        for d in documents
        if d.status == "signed" and d.signed_on and d.kind in TERM_KIND_VALUES
    }
    if case.signed_on:
        tags.add(f"y:{case.signed_on.year}")
        # A year before the case's own first signature: also "yx:" (by hand: only an
        # agreement dated before the case's principal one, e.g. an addendum without it).
        tags |= {
            f"yx:{d.signed_on.year}"
            for d in documents
            if d.status == "signed"
            and d.signed_on
            and d.kind in TERM_KIND_VALUES
            and d.signed_on.year < case.signed_on.year
        }
    if case.kind in ("ksdd", "ksdpk") and case.stage in (
        "kb_signed",
        "awaiting_dprd",
        "pks_drafting",
        "pks_signed",
        "in_force",
    ):
        tags |= {
            f"p:{d.stage}"
            for d in documents
            if d.kind == "pks" and d.stage in ("awaiting_dprd", "pks_drafting", "pks_signed")
        }
    return tags


# --- the world ------------------------------------------------------------------------------------


class Cast:
    pass


@pytest.fixture
def cast(reference):
    c = Cast()
    c.tenants = {code: TenantFactory(region=region(code)) for code in TENANTS}
    c.opds = {
        code: [OpdFactory(tenant=c.tenants[code], name=f"Dinas {i} {code}") for i in range(2)]
        for code in TENANTS
    }
    c.secretariat = {
        code: UserFactory(
            username=f"sek.{code}",
            tenant=c.tenants[code],
            roles=[Role.SECRETARIAT, Role.PROVINCE_OVERSIGHT]
            if region(code).is_province
            else [Role.SECRETARIAT],
        )
        for code in TENANTS
    }
    personas = list(c.secretariat.values())
    for code in TENANTS:
        for opd in c.opds[code]:
            personas.append(UserFactory(tenant=c.tenants[code], opd=opd, roles=[Role.OPD_OFFICER]))
        personas.append(UserFactory(tenant=c.tenants[code], roles=[Role.LEADERSHIP]))
        if region(code).is_province:
            personas.append(UserFactory(tenant=c.tenants[code], roles=[Role.PROVINCE_OVERSIGHT]))
            personas.append(UserFactory(tenant=c.tenants[code], roles=[Role.TAKEOVER_AUTHORITY]))
            personas.append(
                UserFactory(
                    tenant=c.tenants[code],
                    opd=c.opds[code][0],
                    roles=[Role.OPD_OFFICER, Role.PROVINCE_OVERSIGHT],
                )
            )
            personas.append(
                UserFactory(tenant=c.tenants[code], roles=[Role.SECRETARIAT])  # no oversight
            )
    c.personas = personas
    c.affairs = list(GovernmentAffair.objects.filter(code="1.03"))
    for code in (*TENANTS, *OTHERS):
        region_partner(code)
    return c


def _data(title):
    return {
        "kind": "ksdd",
        "ksdd_category": "sukarela",
        "title": title,
        "in_plan": True,
        "initiative": "region",
        "legal_regime": "pp28_2018",
    }


def _party_codes(case):
    return [p.partner.region.code for p in case.parties.select_related("partner__region")]


def _tenant_party_codes(case):
    return [code for code in _party_codes(case) if code in TENANTS]


# --- the writes -----------------------------------------------------------------------------------


def op_create(c, a, b, d):
    own = TENANTS[a % len(TENANTS)]
    others = [code for i, code in enumerate((*TENANTS, *OTHERS)) if b >> i & 1 and code != own]
    stage = STAGES[d % len(STAGES)]
    opd = c.opds[own][d % 2] if d % 3 else None
    data = _data(f"Kerja sama {a}-{b}-{d}")
    if stage == "ended":
        data |= {"termination_reason": "mutual_agreement", "terminated_on": TODAY}
    services.cooperation_create(
        actor=c.secretariat[own],
        data=data,
        parties=[services.PartyInput(region_partner(code)) for code in [own, *others[:3]]],
        affairs=c.affairs,
        stage=stage or None,
        own_party={"executing_opd": opd} if opd else None,
        override_reason="Uji acak",
        registration_reason="Didaftarkan dari arsip lama" if stage else "",
    )


def op_toggle_other_party(c, case, b, d):
    """Add or remove a party without a secretariat (an ordinary edit), or add a tenant."""
    codes = _party_codes(case)
    actor = c.secretariat[_tenant_party_codes(case)[0]]
    pick = (*OTHERS, *TENANTS)[b % (len(OTHERS) + len(TENANTS))]
    wanted = [x for x in codes if x != pick] if pick in codes else [*codes, pick]
    services.cooperation_update(
        actor=actor,
        cooperation=case,
        expected_version=case.version,
        data=_data(case.title + ("" if d % 2 else " (ubah)")),
        parties=[services.PartyInput(region_partner(code)) for code in wanted],
        affairs=c.affairs,
        override_reason="Uji acak",
        change_reason="Uji acak",
    )


def op_party_opds(c, case, b, d):
    code = _tenant_party_codes(case)[b % len(_tenant_party_codes(case))]
    party = case.parties.get(partner__region__code=code)
    choices = [None, *c.opds[code]]
    services.party_update(
        actor=c.secretariat[code],
        party=party,
        data={
            "initiating_opd": choices[b % 3],
            "executing_opd": choices[d % 3],
        },
    )


def op_document(c, case, b, d):
    code = _tenant_party_codes(case)[b % len(_tenant_party_codes(case))]
    opd = c.opds[code][d % 2] if d % 3 else None
    if b % 2:
        data = {
            "kind": "kb",
            "title": "Kesepakatan Bersama",
            "status": "signed",
            "signed_on": dt.date(2020 + d % 5, 1, 14),
            "signed_place": "Pontianak",
            "start_date": dt.date(2020 + d % 5, 1, 14),
            "end_date": dt.date(2025 + d % 5, 1, 13),
        }
        entries = {
            p.pk: services.DocumentEntryInput(number=f"{p.order}/KB/{d}")
            for p in case.parties.all()
        }
    else:
        data = {"kind": "kak", "title": "Kerangka acuan kerja", "executing_opd": opd}
        entries = None
    services.document_create(
        actor=c.secretariat[code],
        cooperation=case,
        data=data,
        entries=entries,
        override_reason="Uji acak",
    )


def op_document_opd(c, case, b, d):
    document = case.documents.order_by("pk").first()
    if document is None:
        return
    code = _tenant_party_codes(case)[0]
    services.document_update(
        actor=c.secretariat[code],
        document=document,
        data={
            "kind": document.kind,
            "title": document.title,
            "status": document.status,
            "signed_on": document.signed_on,
            "signed_place": document.signed_place,
            "start_date": document.start_date,
            "end_date": document.end_date,
            "executing_opd": [None, *c.opds[code]][d % 3],
        },
        override_reason="Uji acak",
        change_reason="Uji acak",
        expected_version=document.version,
    )


def op_withdraw(c, case, b, d):
    """A tenant party leaves with its own consent (request, then acceptance)."""
    tenants = _tenant_party_codes(case)
    if len(tenants) < 2:
        return
    asked = tenants[b % len(tenants)]
    asker = next(code for code in tenants if code != asked)
    request = services.party_change_request(
        actor=c.secretariat[asker],
        party=case.parties.get(partner__region__code=asked),
        reason="Tidak lagi terlibat",
    )
    services.party_change_decide(actor=c.secretariat[asked], request=request, accept=bool(d % 4))


def op_step(c, case, b, d):
    """A step open to a party's secretariat (the `b`-th of those), dated today, with a reason
    for the steps that need one (rejecting, cancelling, ending)."""
    for code in _tenant_party_codes(case):
        actor = c.secretariat[code]
        steps = [a for a in lifecycle.available_steps(case, actor, today=TODAY) if a.open_now]
        if steps:
            lifecycle.cooperation_transition(
                actor=actor,
                cooperation=case,
                action=steps[b % len(steps)].step.action,
                expected_stage=case.stage,
                facts={
                    Fact.ON: TODAY,
                    Fact.REASON: "Uji acak",
                    Fact.TERMINATION_REASON: "mutual_agreement",
                },
                override_reason="Uji acak",
                today=TODAY,
            )
            return


OPS = (op_toggle_other_party, op_party_opds, op_document, op_document_opd, op_withdraw, op_step)

writes = st.lists(
    st.tuples(
        st.integers(0, len(OPS)),  # 0 registers a case, 1.. act on one
        st.integers(0, 40),
        st.integers(0, 127),
        st.integers(0, 60),
    ),
    min_size=1,
    max_size=12,
)


def run(c, program):
    applied = 0
    for op, a, b, d in program:
        cases = list(Cooperation.objects.order_by("pk"))
        try:
            if op == 0 or not cases:
                op_create(c, a, b, d)
            else:
                OPS[op - 1](c, cases[a % len(cases)], b, d)
            applied += 1
        except DomainError:
            pass  # a refused write changes nothing; the table must still be right
    return applied


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=writes)
def test_access_table_follows_random_writes(cast, program):
    with transaction.atomic():
        run(cast, program)

        assert_table_in_step()
        for user in cast.personas:
            assert set(cooperation_visible_to(user).values_list("pk", flat=True)) == set(
                old_visible_to(user).values_list("pk", flat=True)
            ), user.username
            # The dashboard counts on the access rows: the same as counting the cases.
            seen = list(old_visible_to(user).values_list("stage", "kind", "evidence_missing"))
            board = dashboard_for(user)
            assert board.total == len(seen)
            assert {s: n for s, _label, n in board.by_stage} == dict(
                Counter(stage for stage, _k, _e in seen)
            )
            assert {k: n for k, _label, n in board.by_kind if n} == dict(
                Counter(kind for _s, kind, _e in seen)
            )
            assert board.incomplete == sum(1 for _s, _k, missing in seen if missing)
        transaction.set_rollback(True)


def test_access_rebuild_restores_a_damaged_table(cast):
    op_create(cast, 1, 0b0101000, 4)  # Singkawang with Kalimantan Timur and Sambas
    op_create(cast, 3, 0b0000010, 2)  # Kalimantan Timur with Singkawang
    CaseAccess.objects.all().delete()
    CaseOpd.objects.all().delete()

    assert access_rebuild() == 2

    assert_table_in_step()
    # By hand: Singkawang (61.72) is a party to both, Kalbar (61) oversees both through it,
    # Kaltim (64) is a party to both, Sambas (61.01) to the first only.
    assert set(CaseAccess.objects.values_list("region__code", "via")) == {
        ("61.72", "party"),
        ("61", "oversight"),
        ("64", "party"),
        ("61.01", "party"),
    }
    assert CaseAccess.objects.filter(region__code="61.01").count() == 1


def test_bulk_fills_of_the_migrations_write_what_the_services_write(cast):
    """`bench.data` and the migrations fill the span and the tags in bulk SQL: the same rows as
    `access_refresh` writes case by case."""
    op_create(cast, 1, 0b0101000, 4)
    op_create(cast, 3, 0b0000010, 2)
    for case in Cooperation.objects.all():
        op_document(cast, case, 1, 3)  # a signed KB
        op_document(cast, case, 0, 1)  # a KAK: no signature, no tag
    assert_table_in_step()
    assert CaseTag.objects.filter(tag__startswith="y:").exists()
    CaseTag.objects.all().delete()
    CaseAccess.objects.update(signed_first=dt.date(9999, 12, 31), signed_last=dt.date(1, 1, 1))

    for name in ("0019_years8_signature_span", "0020_tags8_case_tag"):
        importlib.import_module(f"kerjasama.agreements.migrations.{name}").fill(None, None)

    assert_table_in_step()


def test_withdrawn_party_loses_access_and_its_province_too(cast):
    op_create(cast, 1, 0b0000100, 1)  # Singkawang (61.72) with Bengkayang (61.07)
    case = Cooperation.objects.get()
    op_toggle_other_party(cast, case, 5, 1)  # adds Kalimantan Timur (64)
    case.refresh_from_db()
    assert ("64", "party") in set(CaseAccess.objects.values_list("region__code", "via"))
    case.refresh_from_db()
    request = services.party_change_request(
        actor=cast.secretariat["61.72"],
        party=case.parties.get(partner__region__code="64"),
        reason="Tidak lagi terlibat",
    )
    services.party_change_decide(actor=cast.secretariat["64"], request=request, accept=True)

    assert set(CaseAccess.objects.values_list("region__code", "via")) == {
        ("61.72", "party"),
        ("61.07", "party"),
        ("61", "oversight"),
    }
    assert PartyChangeRequest.objects.get().status == "accepted"
