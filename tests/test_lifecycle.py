"""The pathways, table-driven: for every type, each allowed step succeeds when its
preconditions hold and is refused with its own reason when one does not; every other step is
refused; the DPRD table of §7 row by row.

The parametrised tests take their cases from `lifecycle.PATHWAYS` itself, so they check that the
machinery obeys the table, not that the table obeys the law: they do not count as a rule's
test. The rules, stated by hand from the domain reference, are in `tests/test_rules_by_hand.py`;
the pathways walked through the screens in `tests/test_journeys.py`."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import pytest
from django.utils import translation

from kerjasama.accounts.models import Role
from kerjasama.agreements import lifecycle
from kerjasama.agreements.enums import (
    PKS_STAGES,
    STAGES_BY_KIND,
    TERMINAL_STAGES,
    CooperationKind,
    Stage,
)
from kerjasama.agreements.models import Cooperation, DprdApproval, Transition
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    FinancingLineFactory,
    ThirdPartyFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class _People:
    """Only the people these tests act as, each made on first use: not the demo world of
    conftest (two cooperations, their documents, an uploaded file, a partner), which every one
    of the ~1,000 table-driven cases below would otherwise build and never read (issue 6)."""

    def _user(self, username: str, code: str, roles, opd_name: str = ""):
        from tests.factories import OpdFactory, TenantFactory, UserFactory, region

        tenant = TenantFactory(region=region(code))
        opd = OpdFactory(tenant=tenant, name=opd_name) if opd_name else None
        return UserFactory(username=username, tenant=tenant, opd=opd, roles=roles)

    @cached_property
    def sec_singkawang(self):
        return self._user("sec.singkawang", "61.72", [Role.SECRETARIAT])

    @cached_property
    def sekda(self):
        return self._user("sekda.singkawang", "61.72", [Role.LEADERSHIP, Role.TKKSD_MEMBER])

    @cached_property
    def pupr_officer(self):
        return self._user(
            "pupr.singkawang",
            "61.72",
            [Role.OPD_OFFICER],
            "Dinas Pekerjaan Umum dan Penataan Ruang",
        )

    @cached_property
    def sec_kalbar(self):
        return self._user("sec.kalbar", "61", [Role.SECRETARIAT, Role.PROVINCE_OVERSIGHT])

    @cached_property
    def sec_pontianak(self):
        return self._user("sec.pontianak", "61.71", [Role.SECRETARIAT])


@pytest.fixture
def world(reference):
    """Overrides conftest's `world` in this module with `_People`."""
    return _People()


PARTIES = {
    CooperationKind.KSDD: ("61", "61.72"),
    CooperationKind.KSDPK: ("61.72",),
    CooperationKind.KSDPL: ("61.72",),
    CooperationKind.KSDLL: ("61.72",),
    CooperationKind.SINERGI: ("61.72",),
}


def make(kind: str, stage: str, **fields) -> Cooperation:
    from kerjasama.agreements.models import Party
    from kerjasama.partners.enums import PartnerKind

    fields.setdefault("party_codes", PARTIES[kind])
    fields.setdefault("ksdd_category", "sukarela" if kind == CooperationKind.KSDD else "")
    record = CooperationFactory(kind=kind, stage=stage, **fields)
    other = {
        CooperationKind.KSDPK: dict(kind=PartnerKind.THIRD_PARTY),
        CooperationKind.KSDPL: dict(
            kind=PartnerKind.FOREIGN_GOVERNMENT, third_party_type="", country="TW"
        ),
        CooperationKind.KSDLL: dict(
            kind=PartnerKind.FOREIGN_INSTITUTION,
            third_party_type="",
            country="KR",
            foreign_institution_type="development_partner",
        ),
        CooperationKind.SINERGI: dict(kind=PartnerKind.CENTRAL_GOVERNMENT, third_party_type=""),
    }.get(kind)
    if other is not None:
        Party.objects.create(cooperation=record, partner=ThirdPartyFactory(**other), order=2)
    return record


def doc(record, kind, *, signed=False, parent=None, start=None, end=None, numbers=False, poa=False):
    document = DocumentFactory(
        cooperation=record,
        kind=kind,
        parent=parent,
        status="signed" if signed else "final",
        signed_on=dt.date(2026, 1, 5) if signed else None,
        start_date=start,
        end_date=end,
    )
    if numbers or poa:
        for party in record.parties.all():
            DocumentPartyFactory(
                document=document,
                party=party,
                number=f"{party.order}/X",
                under_power_of_attorney=poa,
            )
    return document


def satisfy(record: Cooperation, code: str, facts: dict) -> None:
    """Make one precondition hold (documents on file, facts recorded)."""
    if code.startswith("doc_"):
        kind = code.removeprefix("doc_")
        doc(
            record,
            kind,
            signed=kind in ("loi", "foreign_text", "nk"),
            start=dt.date(2026, 1, 5) if kind in ("foreign_text", "nk") else None,
            end=dt.date(2028, 1, 4) if kind in ("foreign_text", "nk") else None,
        )
    elif code == "kb_signed":
        doc(record, "kb", signed=True, numbers=True)
    elif code in ("dprd_assessed", "dprd_needed"):
        record.burdens_community, record.budgeted_in_apbd = True, False
        record.save()
    elif code == "dprd_not_needed":
        record.burdens_community, record.budgeted_in_apbd = False, True
        record.apbd_reference = "APBD 2026"
        record.save()
    elif code == "pks_signed":
        kb = doc(record, "kb", signed=True, numbers=True)
        doc(
            record,
            "pks",
            signed=True,
            parent=kb,
            start=dt.date(2026, 1, 5),
            end=dt.date(2028, 1, 4),
        )
    elif code in ("power_of_attorney", "kb_numbers", "sinergi_dprd"):
        # Hold unless a party signed under a power of attorney / a signed KB lacks a number /
        # the setting asks for the DPRD on a sinergi.
        pass
    elif code == "dprd_decided_at_signing":
        record.burdens_community, record.budgeted_in_apbd = False, True  # §7: not needed
        record.save()
    elif code == "four_clauses":
        record.documents.filter(kind="pks").update(mandatory_clauses_confirmed=True)
    elif code == "partner_criteria":
        record.proposal_fits_master_plan = record.proposal_feasible = True
        record.proposer_able_to_fund = True
        record.save()
    elif code == "start_reached":
        kind = {"ksdpl": "foreign_text", "ksdll": "foreign_text", "sinergi": "nk"}.get(
            record.kind, "pks"
        )
        doc(record, kind, signed=True, start=dt.date(2026, 1, 5), end=dt.date(2028, 1, 4))
    elif code == "plan_complete":
        record.background = record.purpose = record.targets = "x"
        record.object_description = record.scope = "x"
        record.save()
        FinancingLineFactory(cooperation=record)
        doc(record, "cooperation_plan", start=dt.date(2026, 6, 1), end=dt.date(2029, 5, 31))
    elif code == "mandatory":
        record.ksdd_category = "wajib"
        record.save()
    elif code == "take_over_conditions":
        facts.update(
            taken_over_by="central_government", guidance_given=True, obstacles_evaluated=True
        )
    elif code == "take_over_failed_party":
        # The province failed: the central government (the actor here) takes over (§6.6).
        facts["failed_party"] = record.parties.get(partner__region__code="61").pk
    elif code == "take_over_authority":
        pass  # holds for the province chosen above
    elif code == "foreign_diplomatic_relations":
        from kerjasama.partners.models import Partner

        Partner.objects.filter(parties__cooperation=record, country="TW").update(country="MY")
    elif code == "foreign_objects":
        record.foreign_objects = ["culture"]
        record.save()
    elif code == "foreign_requirements":
        record.foreign_no_representative_office = record.foreign_no_interference = True
        record.foreign_consistent_with_plans = True
        record.save()
    elif code == "foreign_technology_transfer":
        record.foreign_technology_transfer = True
        record.save()
    elif code == "ksdpl_requirements":
        record.ksdpl_complementary = True
        record.save()
    elif code == "ksdll_partner_type":
        record.ksdll_basis = "continuation"
        record.save()
    elif code == "wajib_technical_coordination":
        record.technical_coordination_on = dt.date(2026, 3, 2)
        record.technical_coordination_reference = "Notulen rapat koordinasi teknis"
        record.save()
    elif code == "wajib_heads_agreement":
        record.heads_agreement_on = dt.date(2026, 4, 6)
        record.heads_agreement_reference = "Berita acara kesepakatan kepala daerah"
        record.save()
    else:  # pragma: no cover
        raise AssertionError(f"no satisfier for {code}")


def break_(record: Cooperation, code: str, facts: dict) -> None:
    """Undo one precondition after all were satisfied (only the few that are not documents)."""
    if code == "power_of_attorney":
        pks = record.documents.filter(kind="pks").first() or doc(record, "pks", signed=True)
        party = record.parties.order_by("order").last()
        DocumentPartyFactory(document=pks, party=party, under_power_of_attorney=True)
    elif code.startswith("doc_"):
        record.documents.filter(kind=code.removeprefix("doc_")).delete()
    elif code in ("dprd_assessed",):
        record.burdens_community = record.budgeted_in_apbd = None
        record.save()
    elif code == "dprd_needed":
        record.burdens_community, record.budgeted_in_apbd = False, True
        record.save()
    elif code in ("dprd_not_needed", "dprd_decided_at_signing"):
        record.burdens_community, record.budgeted_in_apbd = True, True
        record.save()
    elif code == "kb_numbers":
        record.documents.filter(kind="kb").first().party_entries.update(number="")


def step_facts(step) -> dict:
    facts = {"on": TODAY}
    if "reason" in step.facts:
        facts["reason"] = "Alasan yang dicatat"
    if "termination_reason" in step.facts:
        facts["termination_reason"] = "purpose_achieved"
    if "requested_on" in step.facts:
        facts.update(requested_on=dt.date(2026, 10, 1), received_on=dt.date(2026, 10, 5))
    return facts


def configure(record: Cooperation, step) -> None:
    """Set what decides which conditional preconditions apply to this step."""
    if step.action == "take_over":
        record.ksdd_category = "wajib"
        record.save()


CASES = [
    (kind, step)
    for kind, steps in lifecycle.PATHWAYS.items()
    for step in steps
    if step.roles  # job-only steps are tested with the job
]


def _ids(cases):
    return [f"{kind}-{step.action}-{'/'.join(sorted(step.sources))[:30]}" for kind, step in cases]


def actor_for(world, step):
    """The secretariat takes the steps; a take-over is the central government's act (§6.6;
    the records here are Kalbar–Singkawang: the province is a party)."""
    if step.action == "take_over":
        if not hasattr(world, "central"):
            from kerjasama.accounts.models import Role
            from tests.factories import UserFactory

            world.central = UserFactory(
                username="pusat.kemendagri", tenant=None, roles=[Role.TAKEOVER_AUTHORITY]
            )
        return world.central
    return world.sec_singkawang


@pytest.mark.parametrize(("kind", "step"), CASES, ids=_ids(CASES))
def test_each_step_succeeds_when_its_preconditions_hold(world, kind, step):
    for source in sorted(step.sources):
        record = make(kind, source)
        configure(record, step)
        facts = step_facts(step)
        ctx = lifecycle.Context(record, facts, TODAY)
        for check in step.checks:
            if check.applies(ctx):
                satisfy(record, check.code, facts)

        transition = lifecycle.cooperation_transition(
            actor=actor_for(world, step),
            cooperation=record,
            action=step.action,
            expected_stage=source,
            facts=facts,
            today=TODAY,
        )

        record.refresh_from_db()
        assert record.stage == step.target
        assert (transition.from_stage, transition.to_stage, transition.by) == (
            source,
            step.target,
            actor_for(world, step),
        )
        assert (
            AuditEvent.objects.filter(
                action="cooperation.transition",
                cooperation=record,
                changes__stage=[source, step.target],
            ).count()
            == 1
        )


# Configurations under which a conditional precondition applies (e.g. the mapping of affairs
# for a mandatory KSDD, the feasibility study for a KSDPK the region initiates).
VARIANTS = [
    {},
    {"ksdd_category": "wajib"},
    {"initiative": "region"},
    {"initiative": "partner"},
]


def _variant_for(kind, step, check):
    for variant in VARIANTS:
        fields = {**variant}
        if kind != CooperationKind.KSDD:
            fields.pop("ksdd_category", None)
        probe = Cooperation(kind=kind, **fields)
        if step.action == "take_over":
            probe.ksdd_category = "wajib"
        if check.applies(lifecycle.Context(probe, {}, TODAY)):
            return fields
    return None


BLOCKING = [
    (kind, step, check, variant)
    for kind, step in CASES
    for check in step.checks
    if (variant := _variant_for(kind, step, check)) is not None
]


@pytest.mark.parametrize(
    ("kind", "step", "check", "variant"),
    BLOCKING,
    ids=[f"{k}-{s.action}-{c.code}-{'-'.join(v.values()) or 'default'}" for k, s, c, v in BLOCKING],
)
def test_each_step_is_refused_with_the_reason_of_a_missing_precondition(
    world, kind, step, check, variant
):
    source = sorted(step.sources)[0]
    record = make(kind, source, **variant)
    configure(record, step)
    facts = step_facts(step)
    ctx = lifecycle.Context(record, facts, TODAY)
    applicable = [c for c in step.checks if c.applies(ctx)]
    assert check in applicable
    for other in applicable:
        if other is not check and other.code != "dprd_assessed":
            satisfy(record, other.code, facts)
    if check.code == "dprd_assessed" or check.code.startswith("doc_"):
        break_(record, check.code, facts)
    elif check.code == "mandatory":
        record.ksdd_category = "sukarela"
        record.save()
    elif check.code in (
        "power_of_attorney",
        "dprd_needed",
        "dprd_not_needed",
        "dprd_decided_at_signing",
        "kb_numbers",
    ):
        break_(record, check.code, facts)
    elif check.code == "foreign_diplomatic_relations":
        from kerjasama.partners.models import Partner

        # Indonesia has no diplomatic relations with Israel (PP 28/2018 Pasal 27; issue 7).
        Partner.objects.filter(parties__cooperation=record).exclude(country="").update(country="IL")
    elif check.code == "take_over_authority":
        # A kota failed: the governor of its province takes over, not the centre (§6.6).
        facts["failed_party"] = record.parties.get(partner__region__code="61.72").pk
    before = Transition.objects.count()

    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.cooperation_transition(
            actor=actor_for(world, step),
            cooperation=record,
            action=step.action,
            expected_stage=source,
            facts=facts,
            today=TODAY,
        )

    assert str(check.message) in refused.value.messages
    record.refresh_from_db()
    assert record.stage == source
    assert Transition.objects.count() == before


OTHER = [
    (kind, stage, action)
    for kind, steps in lifecycle.PATHWAYS.items()
    for stage in STAGES_BY_KIND[kind]
    for action in sorted({s.action for s in steps})
    if lifecycle.step_for(kind, action, stage) is None
]


# Grouped by kind and stage: one case per stage tries each step it has no way into (a refused
# step writes nothing, so the next one meets the same case). 925 tests with a world each, before.
OTHER_BY_STAGE: dict[tuple[str, str], list[str]] = {}
for _kind, _stage, _action in OTHER:
    OTHER_BY_STAGE.setdefault((_kind, _stage), []).append(_action)


@pytest.mark.parametrize(
    ("kind", "stage"), list(OTHER_BY_STAGE), ids=[f"{k}-{s}" for k, s in OTHER_BY_STAGE]
)
def test_every_other_step_is_refused(world, kind, stage):
    record = make(kind, stage)
    transitions = Transition.objects.count()

    wrong = {}
    for action in OTHER_BY_STAGE[kind, stage]:
        try:
            lifecycle.cooperation_transition(
                actor=world.sec_singkawang,
                cooperation=record,
                action=action,
                expected_stage=stage,
                facts={"on": TODAY},
                today=TODAY,
            )
        except lifecycle.TransitionRefused as refused:
            if "is not a step from the stage" not in str(refused):
                wrong[action] = str(refused)
        else:
            wrong[action] = "not refused"
        record.refresh_from_db()
        if record.stage != stage:
            wrong[action] = f"moved the case to {record.stage}"
            break

    assert wrong == {}
    assert len(OTHER_BY_STAGE[kind, stage]) >= 1
    assert Transition.objects.count() == transitions


def test_terminal_stages_have_no_way_out():
    for kind in lifecycle.PATHWAYS:
        for stage in TERMINAL_STAGES:
            assert lifecycle.steps_from(kind, stage) == [], (kind, stage)


# --- Each PKS's own road (issue 7), table-driven from `lifecycle.PKS_STEPS` -------------------

PKS_CASES = [
    (kind, step)
    for kind in (CooperationKind.KSDD, CooperationKind.KSDPK)
    for step in lifecycle.PKS_STEPS
    if step.roles
]


def pks_on_road(kind: str, stage: str):
    """A case past its KB (in force) with one PKS at `stage` on its own road."""
    record = make(kind, Stage.IN_FORCE, burdens_community=False, budgeted_in_apbd=True)
    kb = doc(record, "kb", signed=True, numbers=True)
    pks = doc(record, "pks", parent=kb, start=dt.date(2026, 1, 5), end=dt.date(2028, 1, 4))
    pks.stage = stage
    pks.save()
    return record, pks


def satisfy_pks(record, pks, code: str, facts: dict) -> None:
    if code in ("pks_signed",):
        pks.status, pks.signed_on = "signed", dt.date(2026, 1, 5)
        pks.save()
    elif code == "four_clauses":
        pks.mandatory_clauses_confirmed = True
        pks.save()
    elif code in ("dprd_assessed", "dprd_needed"):
        facts.update(burdens_community=True, budgeted_in_apbd=False)
    elif code in ("power_of_attorney", "dprd_decided_at_signing", "start_reached"):
        pass  # hold: regional heads signed, the DPRD is not needed, the term began in January
    elif code == "pks_dprd_not_yet_approved":
        pass  # holds: the DPRD has not approved this PKS yet
    else:
        satisfy(record, code, facts)


@pytest.mark.parametrize(
    ("kind", "step"),
    PKS_CASES,
    ids=[f"{k}-pks-{s.action}-{'/'.join(sorted(s.sources))}" for k, s in PKS_CASES],
)
def test_each_pks_step_succeeds_when_its_preconditions_hold(world, kind, step):
    for source in sorted(step.sources):
        record, pks = pks_on_road(kind, source)
        facts = step_facts(step)
        ctx = lifecycle.Context(record, facts, TODAY, document=pks)
        for check in step.checks:
            if check.applies(ctx):
                satisfy_pks(record, pks, check.code, facts)

        transition = lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action=step.action,
            expected_stage=source,
            facts=facts,
            today=TODAY,
            document=pks,
        )

        pks.refresh_from_db()
        assert pks.stage == step.target
        assert (transition.document, transition.from_stage, transition.to_stage) == (
            pks,
            source,
            step.target,
        )
        assert AuditEvent.objects.filter(
            action="pks.transition", cooperation=record, changes__stage=[source, step.target]
        ).exists()


PKS_OTHER = [
    (stage, action)
    for stage in sorted(PKS_STAGES)
    for action in sorted({s.action for s in lifecycle.PKS_STEPS})
    if lifecycle.pks_step_for(action, stage) is None
]


@pytest.mark.parametrize(("stage", "action"), PKS_OTHER, ids=[f"{s}-{a}" for s, a in PKS_OTHER])
def test_every_other_pks_step_is_refused(world, stage, action):
    record, pks = pks_on_road("ksdd", stage)

    with pytest.raises(lifecycle.TransitionRefused, match="is not a step from the stage"):
        lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action=action,
            expected_stage=stage,
            facts={"on": TODAY},
            today=TODAY,
            document=pks,
        )
    pks.refresh_from_db()
    assert pks.stage == stage


@pytest.mark.parametrize(
    ("case_stage", "pks_stages", "expected"),
    [
        # in force while any PKS is in force
        (Stage.IN_FORCE, [Stage.IN_FORCE, Stage.ENDED], Stage.IN_FORCE),
        (Stage.PKS_SIGNED, [Stage.PKS_SIGNED, Stage.IN_FORCE], Stage.IN_FORCE),
        # else the most advanced open PKS stage
        (Stage.IN_FORCE, [Stage.PKS_SIGNED, Stage.ENDED], Stage.PKS_SIGNED),
        (Stage.IN_FORCE, [Stage.AWAITING_DPRD, Stage.ENDED], Stage.PKS_DRAFTING),
        # the last PKS ended within the KB's term: back to drafting a PKS
        (Stage.IN_FORCE, [Stage.ENDED, Stage.CANCELLED], Stage.PKS_DRAFTING),
        # before any PKS moved: the case's own DPRD decision is kept
        (Stage.KB_SIGNED, [Stage.PKS_DRAFTING], Stage.KB_SIGNED),
        (Stage.AWAITING_DPRD, [], Stage.AWAITING_DPRD),
        # the KB ended: not derived
        (Stage.ENDED, [Stage.IN_FORCE], Stage.ENDED),
    ],
)
def test_the_case_stage_derived_from_its_pks(case_stage, pks_stages, expected):
    assert lifecycle.derived_case_stage(case_stage, pks_stages) == expected


# --- DPRD (§7) -------------------------------------------------------------------------------

DPRD_TABLE = [
    # kind, burdens the community, budgeted in the current APBD, approval needed
    ("ksdd", True, True, True),
    ("ksdd", True, False, True),
    ("ksdd", False, False, True),
    ("ksdd", False, True, False),
    ("ksdd", None, None, None),
    ("ksdd", False, None, None),  # half assessed: not yet known
    ("ksdd", None, True, None),
    ("ksdd", True, None, True),  # burdens: needed whatever the budget
    ("ksdd", None, False, True),  # not budgeted: needed whatever the burden
    ("ksdpk", True, True, True),
    ("ksdpk", False, False, True),
    ("ksdpk", False, True, False),
    ("ksdpl", False, True, True),
    ("ksdll", False, True, True),
    ("sinergi", True, False, False),
]


@pytest.mark.parametrize(("kind", "burdens", "budgeted", "needed"), DPRD_TABLE)
@pytest.mark.rule("7-dprd-when-burdensome-or-unbudgeted", "7-foreign-always-dprd")
def test_dprd_decision_table(world, kind, burdens, budgeted, needed):
    record = make(
        kind, STAGES_BY_KIND[kind][0], burdens_community=burdens, budgeted_in_apbd=budgeted
    )

    assert record.dprd_approval_required is needed
    if kind in ("ksdd", "ksdpk"):
        record.stage = Stage.KB_SIGNED
        record.save()
        DocumentFactory(cooperation=record, kind="dprd_request")
        steps = {
            a.step.action: a
            for a in lifecycle.available_steps(record, world.sec_singkawang, today=TODAY)
        }
        request_blocked = bool(steps["request_dprd"].blockers)
        skip_blocked = bool(steps["skip_dprd"].blockers or steps["skip_dprd"].overridable)
        assert request_blocked is (needed is not True)
        assert skip_blocked is (needed is not False)


@pytest.mark.rule("7-skipping-the-dprd-needs-a-reason")
def test_skipping_a_needed_dprd_needs_a_recorded_reason(world):
    record = make("ksdd", Stage.KB_SIGNED, burdens_community=True, budgeted_in_apbd=False)

    with pytest.raises(lifecycle.TransitionRefused, match="DPRD's approval is needed"):
        lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="skip_dprd",
            expected_stage=Stage.KB_SIGNED,
            facts={"on": TODAY},
            today=TODAY,
        )
    transition = lifecycle.cooperation_transition(
        actor=world.sekda,
        cooperation=record,
        action="skip_dprd",
        expected_stage=Stage.KB_SIGNED,
        facts={"on": TODAY},
        override_reason="Rapat TKKSD 14 Januari 2021: beban kecil",
        today=TODAY,
    )

    assert transition.overrides[0]["reason"] == "Rapat TKKSD 14 Januari 2021: beban kecil"
    assert transition.reason == "Rapat TKKSD 14 Januari 2021: beban kecil"


@pytest.mark.rule("7-dprd-decides-in-45-working-days")
def test_foreign_dprd_request_sets_a_45_working_day_deadline(world):
    from kerjasama.reference.holiday_loader import holidays_load

    holidays_load()
    record = make("ksdpl", Stage.PLAN_DRAFTING)
    facts = {
        "on": dt.date(2025, 3, 3),
        "requested_on": dt.date(2025, 2, 27),
        "received_on": dt.date(2025, 3, 3),
    }
    for code in ("doc_cooperation_plan", "plan_complete", "doc_dprd_request"):
        satisfy(record, code, facts)

    lifecycle.cooperation_transition(
        actor=world.sec_singkawang,
        cooperation=record,
        action="request_dprd",
        expected_stage=Stage.PLAN_DRAFTING,
        facts=facts,
        today=dt.date(2025, 3, 4),
    )

    approval = DprdApproval.objects.get(cooperation=record)
    # 45 working days after Monday 3 March 2025, skipping Nyepi, Idulfitri and its cuti bersama,
    # Good Friday, 1 May, Kenaikan and Waisak with their cuti bersama: Tuesday 20 May 2025.
    assert approval.due_on == dt.date(2025, 5, 20)
    deadline = Deadline.objects.get(cooperation=record, kind="dprd_decision")
    assert (deadline.due_on, deadline.status) == (dt.date(2025, 5, 20), "open")


# --- Facts, roles, concurrency on one connection ----------------------------------------------


@pytest.mark.rule("6.4-termination-reasons", "5.4-head-change-not-a-reason")
def test_termination_reason_must_be_statutory_and_never_a_change_of_head(world):
    record = make("ksdd", Stage.IN_FORCE)

    with pytest.raises(lifecycle.TransitionRefused, match="change of regional head"):
        lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="terminate",
            expected_stage=Stage.IN_FORCE,
            facts={"on": TODAY, "termination_reason": "new_head", "reason": "Wali kota baru"},
            today=TODAY,
        )
    with pytest.raises(lifecycle.TransitionRefused, match="change of regional head"):
        lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="terminate",
            expected_stage=Stage.IN_FORCE,
            facts={"on": TODAY, "termination_reason": "third_party_bankrupt", "reason": "Pailit"},
            today=TODAY,
        )
    lifecycle.cooperation_transition(
        actor=world.sec_singkawang,
        cooperation=record,
        action="terminate",
        expected_stage=Stage.IN_FORCE,
        facts={
            "on": TODAY,
            "termination_reason": "mutual_agreement",
            "reason": "Kesepakatan para pihak",
        },
        today=TODAY,
    )

    record.refresh_from_db()
    assert (record.stage, record.termination_reason, record.terminated_on) == (
        "ended",
        "mutual_agreement",
        TODAY,
    )


def test_stale_stage_is_refused(world):
    record = make("ksdd", Stage.PREPARATION)
    record.__class__.objects.filter(pk=record.pk).update(stage=Stage.REJECTED)

    with pytest.raises(lifecycle.TransitionRefused, match="Someone else moved"):
        lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="reject",
            expected_stage=Stage.PREPARATION,
            facts={"on": TODAY, "reason": "x"},
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("sec_singkawang", True),
        ("sekda", True),
        ("pupr_officer", False),
        ("sec_kalbar", False),
        ("sec_pontianak", False),
    ],
)
def test_roles_decide_who_may_reject(world, persona, allowed):
    record = make("ksdd", Stage.PROPOSAL, party_codes=("61.72", "61.07"))
    user = getattr(world, persona)

    if allowed:
        lifecycle.cooperation_transition(
            actor=user,
            cooperation=record,
            action="reject",
            expected_stage=Stage.PROPOSAL,
            facts={"on": TODAY, "reason": "Tidak layak"},
            today=TODAY,
        )
    else:
        with pytest.raises(NotPermitted, match="Your role may not"):
            lifecycle.cooperation_transition(
                actor=user,
                cooperation=record,
                action="reject",
                expected_stage=Stage.PROPOSAL,
                facts={"on": TODAY, "reason": "Tidak layak"},
                today=TODAY,
            )

    record.refresh_from_db()
    assert record.stage == (Stage.REJECTED if allowed else Stage.PROPOSAL)


def test_dates_of_steps_cannot_go_back_or_ahead(world):
    record = make("ksdd", Stage.PROPOSAL)
    satisfy(record, "doc_kak", {})
    lifecycle.cooperation_transition(
        actor=world.sec_singkawang,
        cooperation=record,
        action="prepare",
        expected_stage=Stage.PROPOSAL,
        facts={"on": dt.date(2026, 3, 1)},
        today=TODAY,
    )

    with pytest.raises(lifecycle.TransitionRefused, match="before the previous step"):
        lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="reject",
            expected_stage=Stage.PREPARATION,
            facts={"on": dt.date(2026, 2, 1), "reason": "x"},
            today=TODAY,
        )
    with pytest.raises(lifecycle.TransitionRefused, match="future"):
        lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="reject",
            expected_stage=Stage.PREPARATION,
            facts={"on": TODAY + dt.timedelta(days=1), "reason": "x"},
            today=TODAY,
        )


def test_expired_records_end_once_with_term_expired(world):
    record = make("ksdd", Stage.IN_FORCE)
    Cooperation.objects.filter(pk=record.pk).update(ends_on=dt.date(2026, 10, 31))

    first = lifecycle.cooperations_end_expired(today=TODAY)
    second = lifecycle.cooperations_end_expired(today=TODAY)

    record.refresh_from_db()
    assert [c.pk for c in first] == [record.pk]
    assert second == []
    assert (record.stage, record.termination_reason, record.terminated_on) == (
        "ended",
        "term_expired",
        dt.date(2026, 11, 1),
    )
    transition = Transition.objects.get(cooperation=record)
    assert (transition.action, transition.by, transition.interface) == ("expire", None, "job")


def test_record_page_renders_after_the_job_ended_it(client, world):
    record = make("ksdd", Stage.IN_FORCE)
    Cooperation.objects.filter(pk=record.pk).update(ends_on=dt.date(2026, 10, 31))
    lifecycle.cooperations_end_expired(today=TODAY)
    client.force_login(world.sec_singkawang)

    response = client.get(record.get_absolute_url())

    assert response.status_code == 200
    assert "sistem" in response.content.decode() or "system" in response.content.decode()


def test_previous_report_period_stays_due_until_its_report_is_filed(world):
    from kerjasama.deadlines.services import deadlines_refresh

    record = make("ksdd", Stage.IN_FORCE)
    Transition.objects.create(
        cooperation=record,
        action="start",
        from_stage=Stage.PKS_SIGNED,
        to_stage=Stage.IN_FORCE,
        on=dt.date(2024, 3, 1),
        interface="web",
    )

    deadlines_refresh(record, today=dt.date(2026, 1, 10))
    due = {d.key: d.status for d in Deadline.objects.filter(cooperation=record, kind="report")}
    DocumentFactory(
        cooperation=record,
        kind="implementation_report",
        status="signed",
        signed_on=dt.date(2026, 1, 8),
        start_date=None,
        end_date=None,
    )
    deadlines_refresh(record, today=dt.date(2026, 1, 10))
    after = {d.key: d.status for d in Deadline.objects.filter(cooperation=record, kind="report")}

    assert due == {"report:internal:2025-01-01": "open", "report:internal:2026-01-01": "open"}
    assert after["report:internal:2025-01-01"] == "met"
