"""Service permission tests (issue 6, items 13–16): every public service called directly — no
view, as the coming API, import and command line will — as every persona. It succeeds for the
roles its rule allows and raises the one permission error, `core.exceptions.NotPermitted`, for
the others, writing nothing.

The allowed personas are written by hand from the rules in docs/ARCHITECTURE.md ("Visibility
and editing") and the domain reference (§2 actors, §6.6 take-over), not from the permission
functions. The services are found by `tests.test_audit.discovered_services`: a new public
service without an entry in `CASES` or `NO_ACTOR_CHECK` makes
`test_every_service_has_a_permission_rule` fail.

The record under test is `world.local` (Singkawang–Bengkayang, in force, executed by
Singkawang's PUPR, with a signed PKS); `_draft` is a proposal of the same parties initiated by
PUPR, before anything is signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kerjasama.accounts import services as account_services
from kerjasama.accounts.models import ContentChecklistItem, Role, User
from kerjasama.agreements import lifecycle
from kerjasama.agreements import services as agreement_services
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation, Document, SupervisionFinding
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines import services as deadline_services
from kerjasama.imports import services as import_services
from kerjasama.meetings import services as meeting_services
from kerjasama.monitoring import services as monitoring_services
from kerjasama.notifications import services as notification_services
from kerjasama.notifications.models import Notification
from kerjasama.partners import services as partner_services
from kerjasama.reference.models import GovernmentAffair
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    UserFactory,
    make_pdf,
    monev_indicator,
    party_asked_to_leave,
    rapat_meeting,
    region,
    report_deadline,
    tkksd_formation,
)
from tests.test_audit import discovered_services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

PERSONAS = [
    "owner",  # Singkawang's secretariat (registered the record)
    "partner",  # Bengkayang's secretariat (the other party region)
    "involved_opd",  # Singkawang's PUPR officer (the executing OPD)
    "uninvolved_opd",  # Singkawang's tourism officer
    "leadership",  # Singkawang's Sekda
    "oversight",  # Kalbar's province oversight (reads only)
    "takeover",  # Kalbar's governor's office: take-over authority for its kab/kota
    "central",  # the central government's take-over authority (no region)
    "unrelated",  # Pontianak's secretariat
    "anonymous",  # no user
]
SECRETARIATS = {"owner", "partner"}
INVOLVED = SECRETARIATS | {"involved_opd"}


def _people(w) -> dict[str, User | None]:
    oversight = UserFactory(
        username="pengawas.kalbar", tenant=w.kalbar, roles=[Role.PROVINCE_OVERSIGHT]
    )
    governor = UserFactory(
        username="biro.pemerintahan.kalbar", tenant=w.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )
    central = UserFactory(username="kemendagri", tenant=None, roles=[Role.TAKEOVER_AUTHORITY])
    return {
        "owner": w.sec_singkawang,
        "partner": w.sec_bengkayang,
        "involved_opd": w.pupr_officer,
        "uninvolved_opd": w.tourism_officer,
        "leadership": w.sekda,
        "oversight": oversight,
        "takeover": governor,
        "central": central,
        "unrelated": w.sec_pontianak,
        "anonymous": None,
    }


# --- Records the calls work on ----------------------------------------------------------------


def _owned_local(w) -> Cooperation:
    """`world.local` as the screens would have registered it (services' full_clean needs
    `created_by`), with its PKS owned too."""
    Cooperation.objects.filter(pk=w.local.pk).update(created_by=w.sec_singkawang)
    Document.objects.filter(pk=w.document.pk).update(created_by=w.sec_singkawang)
    w.local.refresh_from_db()
    w.document.refresh_from_db()
    return w.local


def _draft(w) -> Cooperation:
    """A proposal of Singkawang and Bengkayang initiated by PUPR: nothing signed yet."""
    record = CooperationFactory(
        title="Usulan air bersih Singkawang–Bengkayang",
        stage=Stage.PROPOSAL,
        party_codes=("61.72", "61.07"),
        created_by=w.sec_singkawang,
        created_by_tenant=w.singkawang,
    )
    own = record.parties.get(partner__region__code="61.72")
    own.initiating_opd = w.pupr
    own.save()
    return record


def _kak(w, cooperation: Cooperation) -> Document:
    return DocumentFactory(
        cooperation=cooperation,
        kind="kak",
        title="KAK air bersih",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
        created_by=w.sec_singkawang,
    )


def _opd_kak(w, cooperation: Cooperation) -> Document:
    """A supporting paper that the executing OPD (PUPR) reports for."""
    kak = _kak(w, cooperation)
    kak.executing_opd = w.pupr
    kak.save()
    return kak


def _report(w) -> Document:
    """An undated implementation report of `world.local`, which may meet a report deadline."""
    return w.local.documents.filter(kind="implementation_report").first() or DocumentFactory(
        cooperation=w.local,
        kind="implementation_report",
        title="Laporan pelaksanaan",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )


def _parties(cooperation: Cooperation) -> list[agreement_services.PartyInput]:
    return [agreement_services.PartyInput(p.partner) for p in cooperation.parties.order_by("order")]


def _ksdd_data(**extra) -> dict[str, Any]:
    return {
        "kind": "ksdd",
        "ksdd_category": "sukarela",
        "title": "Kerja sama air bersih",
        "in_plan": True,
        "initiative": "region",
        "legal_regime": "pp28_2018",
        **extra,
    }


def _create(w, actor):
    own = actor.tenant.region if actor is not None and actor.tenant_id else region("61.72")
    other = region("61.07") if own.code != "61.07" else region("61.72")
    return agreement_services.cooperation_create(
        actor=actor,
        data=_ksdd_data(),
        parties=[agreement_services.PartyInput(own), agreement_services.PartyInput(other)],
        affairs=list(GovernmentAffair.objects.filter(code="1.03")),
        override_reason="Uji izin layanan",
    )


def _update(w, actor, record, **extra):
    return agreement_services.cooperation_update(
        actor=actor,
        cooperation=record,
        expected_version=record.version,
        data=_ksdd_data(title=f"{record.title} (ubah)"),
        parties=_parties(record),
        affairs=list(record.affairs.all()),
        **extra,
    )


def _finding(w) -> SupervisionFinding:
    return SupervisionFinding.objects.create(
        cooperation=w.local,
        received_on=TODAY - dt.timedelta(days=10),
        source="Inspektorat",
        summary="Pilar belum dipasang",
    )


def _transition(actor, record, action, facts):
    return lifecycle.cooperation_transition(
        actor=actor,
        cooperation=record,
        action=action,
        expected_stage=record.stage,
        facts=facts,
    )


def _take_over_ready(w) -> Cooperation:
    """`world.local` as a kerja sama wajib of two kab/kota of Kalimantan Barat (§6.6)."""
    Cooperation.objects.filter(pk=w.local.pk).update(ksdd_category="wajib")
    w.local.refresh_from_db()
    return w.local


TAKE_OVER_FACTS = {
    "guidance_given": True,
    "obstacles_evaluated": True,
    "minister_approved": True,
    "reason": "Kewajiban tidak dilaksanakan",
}


@dataclass
class Case:
    """`call(world, actor, prepared)` calls the service as `actor`; `allowed` are the personas
    the rule lets do it, written from the rule (not from the code)."""

    call: Callable[[Any, User | None, Any], Any]
    allowed: frozenset[str]
    rule: str
    prepare: Callable[[Any], Any] = lambda w: None


def _case(call, allowed, rule, prepare=lambda w: None) -> Case:
    return Case(call, frozenset(allowed), rule, prepare)


TEAM_RULE = (
    "§2.1: the TKKSD's decrees, seats and holders are recorded by the region's own secretariat "
    "(the Setda unit that serves the team); the Sekda and OPD officers read them; other "
    "regions nothing."
)

RAPAT_RULE = (
    "§2.1: the region's TKKSD secretariat (the Setda unit that serves the team) plans its "
    "meetings, builds their agendas, holds them and records the attendance; the Sekda chairs "
    "and reads, OPD officers read what concerns them, other regions nothing (issue 9)."
)


def _rapat_plan(**extra):
    return {
        "kind": "pleno",
        "title": "Rapat TKKSD",
        "date": dt.date(2021, 1, 14),
        "start_time": dt.time(9, 0),
        "place": "Kantor Wali Kota Singkawang",
        **extra,
    }


MONEV_KEEP_RULE = (
    "§12, issue 10: indicators and their targets are shared facts of the case, kept by a party "
    "region's secretariat; OPD officers report, leadership and oversight read."
)
MONEV_VERIFY_RULE = (
    "§12, issue 10: the secretariat of the reporting party's region verifies, returns and "
    "reconciles (Singkawang reports the indicator of `world.local`)."
)


def _monev_submitted(w):
    """Singkawang's submitted realisation of 2021 of an indicator of `world.local`'s PKS."""
    return monitoring_services.realisation_save(
        actor=w.pupr_officer,
        indicator=monev_indicator(w),
        party=w.local_party,
        year=2021,
        quarter=0,
        data={"state": "value", "value": Decimal("80")},
        submit=True,
    )


def _monev_both_verified(w):
    """An indicator both parties report, with both values of 2021 verified."""
    indicator = monev_indicator(w, both_report=True)
    for party, officer, secretariat, value in (
        (w.local_party, w.pupr_officer, w.sec_singkawang, "120"),
        (w.bengkayang_party, w.bengkayang_officer, w.sec_bengkayang, "100"),
    ):
        row = monitoring_services.realisation_save(
            actor=officer,
            indicator=indicator,
            party=party,
            year=2021,
            quarter=0,
            data={"state": "value", "value": Decimal(value)},
            submit=True,
        )
        monitoring_services.realisation_verify(actor=secretariat, realisation=row)
    return indicator


IMPORT_RULE = (
    "Issue 11: only the region's own secretariat imports a register into its registry, "
    "chooses its mapping, commits and undoes it; no one else, not even its leadership or "
    "a partner region's secretariat."
)


def _import_with_a_possible_duplicate(w):
    """Row 2 resembles `w.kb` (tests/test_imports_duplicates.py)."""
    from tests.test_audit import _import_run_with_a_possible_duplicate

    return _import_run_with_a_possible_duplicate(w)


def _import_previewed(w):
    """Singkawang's register uploaded and previewed by its secretariat (issue 11)."""
    from tests.test_imports_commit import register

    run = import_services.run_create(
        actor=w.sec_singkawang, tenant=w.singkawang, data=register(), name="register.xlsx"
    )
    return import_services.run_read(run)


def _import_committed(w):
    return import_services.run_commit(actor=w.sec_singkawang, run=_import_previewed(w))


# Per service: one or more situations (the rule differs before and after signing).
CASES: dict[str, dict[str, Case]] = {
    "kerjasama.imports.services.run_create": {
        "upload": _case(
            lambda w, a, p: import_services.run_create(
                actor=a, tenant=w.singkawang, data=b"No;Judul\n1;A\n", name="register.csv"
            ),
            {"owner"},
            IMPORT_RULE,
        )
    },
    "kerjasama.imports.services.run_choose": {
        "previewed": _case(
            lambda w, a, run: import_services.run_choose(actor=a, run=run, read=False),
            {"owner"},
            IMPORT_RULE,
            _import_previewed,
        )
    },
    "kerjasama.imports.services.run_exclude": {
        "previewed": _case(
            lambda w, a, run: import_services.run_exclude(
                actor=a, run=run, numbers=[run.rows.first().number], excluded=True
            ),
            {"owner"},
            IMPORT_RULE,
            _import_previewed,
        )
    },
    "kerjasama.imports.services.run_decide": {
        "previewed": _case(
            lambda w, a, run: import_services.run_decide(
                actor=a, run=run, numbers=[2], decision="new", read=False
            ),
            {"owner"},
            IMPORT_RULE,
            _import_with_a_possible_duplicate,
        )
    },
    "kerjasama.imports.services.run_commit_start": {
        "previewed": _case(
            lambda w, a, run: import_services.run_commit_start(actor=a, run=run),
            {"owner"},
            IMPORT_RULE,
            _import_previewed,
        )
    },
    "kerjasama.imports.services.run_commit": {
        "previewed": _case(
            lambda w, a, run: import_services.run_commit(actor=a, run=run),
            {"owner"},
            IMPORT_RULE,
            _import_previewed,
        )
    },
    "kerjasama.imports.services.run_undo": {
        "committed": _case(
            lambda w, a, run: import_services.run_undo(actor=a, run=run),
            {"owner"},
            IMPORT_RULE,
            _import_committed,
        )
    },
    "kerjasama.monitoring.services.indicator_create": {
        "signed PKS": _case(
            lambda w, a, p: monitoring_services.indicator_create(
                actor=a,
                document=w.document,
                data={
                    "name": "Pilar batas terpasang",
                    "unit": "pilar",
                    "measure": "number",
                    "direction": "higher",
                    "period_rule": "sum",
                    "reporter_rule": "sum",
                    "frequency": "annual",
                    "responsible_party": w.local_party,
                    "responsible_opd": w.pupr,
                },
            ),
            SECRETARIATS,
            MONEV_KEEP_RULE,
        )
    },
    "kerjasama.monitoring.services.indicator_targets_set": {
        "first targets": _case(
            lambda w, a, indicator: monitoring_services.indicator_targets_set(
                actor=a,
                indicator=indicator,
                targets=[{"year": 2021, "quarter": 0, "value": Decimal("9")}],
            ),
            SECRETARIATS,
            MONEV_KEEP_RULE,
            prepare=lambda w: monev_indicator(w, targets={}),
        )
    },
    "kerjasama.monitoring.services.realisation_save": {
        "responsible OPD": _case(
            lambda w, a, indicator: monitoring_services.realisation_save(
                actor=a,
                indicator=indicator,
                party=w.local_party,
                year=2021,
                quarter=0,
                data={"state": "blank"},
                submit=True,
            ),
            {"involved_opd"},
            "§12, issue 10: the responsible OPD's officer enters its party's value; the "
            "secretariat verifies it and does not enter it.",
            prepare=monev_indicator,
        )
    },
    "kerjasama.monitoring.services.realisation_verify": {
        "submitted": _case(
            lambda w, a, row: monitoring_services.realisation_verify(actor=a, realisation=row),
            {"owner"},
            MONEV_VERIFY_RULE,
            prepare=_monev_submitted,
        )
    },
    "kerjasama.monitoring.services.realisation_return": {
        "submitted": _case(
            lambda w, a, row: monitoring_services.realisation_return(
                actor=a, realisation=row, reason="Satuan salah"
            ),
            {"owner"},
            MONEV_VERIFY_RULE,
            prepare=_monev_submitted,
        )
    },
    "kerjasama.monitoring.services.reconciliation_record": {
        "both verified": _case(
            lambda w, a, indicator: monitoring_services.reconciliation_record(
                actor=a,
                indicator=indicator,
                year=2021,
                quarter=0,
                chosen_party=w.local_party,
                agreed_value=None,
                reason="Data PDAM",
            ),
            {"owner"},
            "§12, issue 10: the responsible party's secretariat records which value counts.",
            prepare=_monev_both_verified,
        )
    },
    # --- accounts -------------------------------------------------------------------------
    "kerjasama.accounts.services.opd_create": {
        "own region": _case(
            lambda w, a, p: account_services.opd_create(
                actor=a, tenant=w.singkawang, data={"name": "Badan Perencanaan"}
            ),
            {"owner"},
            "A region's OPDs are kept by its own secretariat.",
        )
    },
    "kerjasama.accounts.services.opd_update": {
        "own region": _case(
            lambda w, a, p: account_services.opd_update(
                actor=a, opd=w.pupr, data={"short_name": "PUPR"}
            ),
            {"owner"},
            "A region's OPDs are kept by its own secretariat.",
        )
    },
    "kerjasama.accounts.services.checklist_item_create": {
        "own region": _case(
            lambda w, a, p: account_services.checklist_item_create(
                actor=a, tenant=w.singkawang, data={"document_kind": "kb", "label": "Tujuan"}
            ),
            {"owner"},
            "§5.5: the content checklist is kept by the region's Bagian Kerja Sama (secretariat).",
        )
    },
    "kerjasama.accounts.services.checklist_item_update": {
        "own region": _case(
            lambda w, a, row: account_services.checklist_item_update(
                actor=a, item=row, data={"label": "Hak dan kewajiban para pihak"}
            ),
            {"owner"},
            "§5.5: the content checklist is kept by the region's Bagian Kerja Sama (secretariat).",
            prepare=lambda w: ContentChecklistItem.objects.create(
                tenant=w.singkawang, document_kind="pks", label="Hak dan kewajiban"
            ),
        )
    },
    "kerjasama.accounts.services.tenant_letters_update": {
        "own region": _case(
            lambda w, a, p: account_services.tenant_letters_update(
                actor=a, tenant=w.singkawang, data={"signer_name": "HENDRA WIJAYA"}
            ),
            {"owner"},
            "Issue 9: a region's letter settings are kept by its own secretariat, as its OPDs.",
        )
    },
    "kerjasama.accounts.services.user_set_roles": {
        "grant": _case(
            lambda w, a, p: account_services.user_set_roles(
                actor=a, user=w.pupr_officer, roles={Role.OPD_OFFICER, Role.TKKSD_MEMBER}
            ),
            {"anonymous"},
            "Roles are granted by a platform administrator (or the system itself, e.g. the "
            "demo loader); no region's user grants roles, least of all the take-over authority.",
        )
    },
    # --- agreements -----------------------------------------------------------------------
    "kerjasama.agreements.services.cooperation_create": {
        "own region a party": _case(
            lambda w, a, p: _create(w, a),
            {"owner", "partner", "involved_opd", "uninvolved_opd", "unrelated"},
            "The secretariat registers cooperation; an OPD officer registers its proposal.",
        )
    },
    "kerjasama.agreements.services.cooperation_update": {
        "signed": _case(
            lambda w, a, p: _update(w, a, p, change_reason="Disepakati dalam rapat TKKSD"),
            SECRETARIATS,
            "Once an agreement is signed its shared facts change only by a party's "
            "secretariat, with a recorded reason.",
            prepare=_owned_local,
        ),
        "proposal": _case(
            lambda w, a, p: _update(w, a, p),
            INVOLVED,
            "A proposal is drafted by the party secretariats and the OPD it names.",
            prepare=_draft,
        ),
    },
    "kerjasama.agreements.services.party_update": {
        "own party": _case(
            lambda w, a, p: agreement_services.party_update(
                actor=a, party=w.local_party, data={"register_number": "KS/07/2021"}
            ),
            {"owner"},
            "A party's own data only by that party's secretariat.",
        )
    },
    "kerjasama.agreements.services.document_create": {
        "report on a signed case": _case(
            lambda w, a, p: agreement_services.document_create(
                actor=a,
                cooperation=w.local,
                data={"kind": "implementation_report", "title": "Laporan 2025", "status": "final"},
            ),
            INVOLVED,
            "The involved OPD reports progress; the secretariats too.",
            prepare=_owned_local,
        ),
        "agreement on a signed case": _case(
            lambda w, a, p: agreement_services.document_create(
                actor=a,
                cooperation=w.local,
                data={
                    "kind": "addendum",
                    "parent": w.document,
                    "title": "Adendum I PKS pilar batas",
                    "status": "draft",
                },
            ),
            SECRETARIATS,
            "After signing, agreements (an addendum) are the secretariat's.",
            prepare=_owned_local,
        ),
    },
    "kerjasama.agreements.services.document_update": {
        "signed agreement": _case(
            lambda w, a, p: agreement_services.document_update(
                actor=a,
                document=w.document,
                data={"title": "PKS pilar batas (sesuai naskah)"},
                change_reason="Judul mengikuti naskah yang ditandatangani",
            ),
            SECRETARIATS,
            "A signed agreement is changed only by a party's secretariat, with a reason.",
            prepare=_owned_local,
        ),
        "supporting document": _case(
            lambda w, a, kak: agreement_services.document_update(
                actor=a, document=kak, data={"title": "KAK (revisi)"}
            ),
            SECRETARIATS,
            "After signing, a supporting paper the secretariat added for no OPD stays the "
            "secretariat's (issue 6, L6).",
            prepare=lambda w: _kak(w, w.local),
        ),
        "supporting document of the OPD": _case(
            lambda w, a, kak: agreement_services.document_update(
                actor=a, document=kak, data={"title": "KAK (revisi)"}
            ),
            INVOLVED,
            "A supporting paper by whoever reports progress for it: the secretariat or the "
            "OPD that executes it.",
            prepare=lambda w: _opd_kak(w, w.local),
        ),
    },
    "kerjasama.agreements.services.document_file_add": {
        "signed agreement": _case(
            lambda w, a, p: agreement_services.document_file_add(
                actor=a,
                document=w.document,
                upload=SimpleUploadedFile("pks.pdf", make_pdf(2), content_type="application/pdf"),
            ),
            SECRETARIATS,
            "The file of a signed agreement is the secretariat's.",
        ),
        "supporting document": _case(
            lambda w, a, kak: agreement_services.document_file_add(
                actor=a,
                document=kak,
                upload=SimpleUploadedFile("kak.pdf", make_pdf(1), content_type="application/pdf"),
            ),
            SECRETARIATS,
            "After signing, the file of a supporting paper the secretariat added for no OPD "
            "is the secretariat's (issue 6, L6).",
            prepare=lambda w: _kak(w, w.local),
        ),
        "supporting document of the OPD": _case(
            lambda w, a, kak: agreement_services.document_file_add(
                actor=a,
                document=kak,
                upload=SimpleUploadedFile("kak.pdf", make_pdf(1), content_type="application/pdf"),
            ),
            INVOLVED,
            "A supporting paper's file by whoever reports progress for it.",
            prepare=lambda w: _opd_kak(w, w.local),
        ),
    },
    "kerjasama.agreements.services.financing_add": {
        "signed": _case(
            lambda w, a, p: agreement_services.financing_add(
                actor=a, cooperation=w.local, data={"source": "apbn", "amount": 500_000_000}
            ),
            SECRETARIATS,
            "Financing is a shared fact: after signing, the secretariat's.",
        ),
        "proposal": _case(
            lambda w, a, draft: agreement_services.financing_add(
                actor=a, cooperation=draft, data={"source": "apbn", "amount": 500_000_000}
            ),
            INVOLVED,
            "A proposal's financing is drafted by the secretariats and the OPD it names.",
            prepare=_draft,
        ),
    },
    "kerjasama.agreements.services.financing_remove": {
        "signed": _case(
            lambda w, a, p: agreement_services.financing_remove(
                actor=a, line=w.line, reason="Dicatat ganda"
            ),
            SECRETARIATS,
            "Removing financing after signing: the secretariat, with a reason.",
        ),
    },
    "kerjasama.agreements.services.finding_add": {
        "signed": _case(
            lambda w, a, p: agreement_services.finding_add(
                actor=a,
                cooperation=w.local,
                data={"received_on": TODAY, "source": "Inspektorat", "summary": "Laporan"},
            ),
            INVOLVED,
            "Supervision findings are progress reports.",
        ),
    },
    "kerjasama.agreements.services.finding_follow_up": {
        "signed": _case(
            lambda w, a, finding: agreement_services.finding_follow_up(
                actor=a,
                finding=finding,
                data={"followed_up_on": TODAY, "follow_up": "Pilar dipasang"},
            ),
            INVOLVED,
            "Supervision findings are progress reports.",
            prepare=_finding,
        ),
    },
    "kerjasama.agreements.services.party_change_request": {
        "ask Bengkayang to leave": _case(
            lambda w, a, party: agreement_services.party_change_request(
                actor=a, party=party, reason="Tidak lagi terlibat"
            ),
            {"owner"},
            "Another party's secretariat asks a region that uses Kerjasama to leave.",
            prepare=lambda w: party_asked_to_leave(w.local),
        )
    },
    "kerjasama.agreements.services.party_change_decide": {
        "Bengkayang answers": _case(
            lambda w, a, request: agreement_services.party_change_decide(
                actor=a, request=request, accept=False, answer="Kami tetap"
            ),
            {"partner"},
            "Only the secretariat of the region asked to leave answers.",
            prepare=lambda w: agreement_services.party_change_request(
                actor=w.sec_singkawang,
                party=party_asked_to_leave(w.local),
                reason="Tidak lagi terlibat",
            ),
        )
    },
    "kerjasama.agreements.lifecycle.cooperation_transition": {
        "terminate (decision)": _case(
            lambda w, a, p: _transition(
                a,
                w.local,
                "terminate",
                {"termination_reason": "mutual_agreement", "reason": "Tujuan tercapai"},
            ),
            SECRETARIATS | {"leadership"},
            "Ending a cooperation is decided by a party's secretariat or leadership (§6.4).",
        ),
        # Issue 7: ending one PKS on its own road is the same decision, for that PKS only.
        "terminate a PKS (decision)": _case(
            lambda w, a, p: lifecycle.cooperation_transition(
                actor=a,
                cooperation=w.local,
                action="terminate",
                expected_stage=w.document.stage,
                facts={"termination_reason": "purpose_achieved", "reason": "Pilar terpasang"},
                document=w.document,
            ),
            SECRETARIATS | {"leadership"},
            "Ending a PKS is decided by a party's secretariat or leadership (§6.4).",
        ),
        "prepare (proposal)": _case(
            lambda w, a, draft: _transition(a, draft, "prepare", {}),
            INVOLVED,
            "The secretariats and the OPD the proposal names prepare it (§5.2).",
            prepare=lambda w: _kak(w, _draft(w)).cooperation,
        ),
        "take over (kerja sama wajib)": _case(
            lambda w, a, record: _transition(
                a,
                record,
                "take_over",
                TAKE_OVER_FACTS
                | {"failed_party": record.parties.get(partner__region__code="61.72").pk},
            ),
            # A kota failed: the governor of its province takes over, not the centre (PP 28/2018
            # Pasal 10(2); issue 7).
            {"takeover"},
            "A take-over is the governor's act for a kab/kota of the province, or the "
            "central government's (§6.6): not a party's, not oversight's.",
            prepare=_take_over_ready,
        ),
    },
    # --- partners -------------------------------------------------------------------------
    "kerjasama.partners.services.partner_create": {
        "third party": _case(
            lambda w, a, p: partner_services.partner_create(
                actor=a,
                data={
                    "kind": "third_party",
                    "name": "PT Air Bersih Khatulistiwa",
                    "third_party_type": "private_company",
                },
            ),
            SECRETARIATS | {"unrelated"},
            "Any region's secretariat registers a partner.",
        )
    },
    "kerjasama.partners.services.partner_update": {
        "registered by Singkawang": _case(
            lambda w, a, p: partner_services.partner_update(
                actor=a, partner=w.third_party, data={"address": "Jl. Gunung Poteng"}
            ),
            {"owner"},
            "A partner is kept by the secretariat of the region that registered it or works "
            "with it (Bengkayang does neither here).",
        )
    },
    # --- deadlines (deadlines.services) --------------------------------------------------------
    "kerjasama.deadlines.services.deadline_mark_met": {
        "signed": _case(
            lambda w, a, p: deadline_services.deadline_mark_met(
                actor=a, deadline=p, document=_report(w), met_on=TODAY
            ),
            SECRETARIATS,
            "Which document met a deadline of a signed case is recorded by a party's "
            "secretariat, which keeps the register (issue 6/9, 6/14).",
            prepare=lambda w: report_deadline(w.local),
        )
    },
    "kerjasama.deadlines.services.deadline_reopen": {
        "signed": _case(
            lambda w, a, p: deadline_services.deadline_reopen(actor=a, deadline=p),
            SECRETARIATS,
            "Only who records what met a deadline undoes it: a party's secretariat.",
            prepare=lambda w: report_deadline(w.local, met_by=w.document),
        )
    },
    # --- meetings (issue 9) ------------------------------------------------------------------
    "kerjasama.meetings.services.decree_create": {
        "own region": _case(
            lambda w, a, p: meeting_services.decree_create(
                actor=a,
                tenant=w.singkawang,
                data={
                    "kind": "formation",
                    "number": "100/45/HK-2020",
                    "signed_on": dt.date(2020, 2, 10),
                    "title": "Pembentukan TKKSD",
                    "valid_from": dt.date(2020, 2, 10),
                },
            ),
            {"owner"},
            TEAM_RULE,
        )
    },
    "kerjasama.meetings.services.decree_scan_add": {
        "own region": _case(
            lambda w, a, team: meeting_services.decree_scan_add(
                actor=a,
                decree=team[0],
                upload=SimpleUploadedFile("sk.pdf", make_pdf(), content_type="application/pdf"),
            ),
            {"owner"},
            TEAM_RULE,
            prepare=lambda w: tkksd_formation(w.singkawang),
        )
    },
    "kerjasama.meetings.services.seat_add": {
        "own region": _case(
            lambda w, a, team: meeting_services.seat_add(
                actor=a, decree=team[0], data={"role": "anggota", "position": "Kepala Bappeda"}
            ),
            {"owner"},
            TEAM_RULE,
            prepare=lambda w: tkksd_formation(w.singkawang),
        )
    },
    "kerjasama.meetings.services.holding_add": {
        "own region": _case(
            lambda w, a, team: meeting_services.holding_add(
                actor=a,
                seat=team[1],
                data={
                    "capacity": "plh",
                    "name": "Plh Sekda",
                    "letter_number": "800/1/2024",
                    "starts_on": dt.date(2024, 1, 1),
                },
            ),
            {"owner"},
            TEAM_RULE,
            prepare=lambda w: tkksd_formation(w.singkawang),
        )
    },
    "kerjasama.meetings.services.holding_end": {
        "own region": _case(
            lambda w, a, team: meeting_services.holding_end(
                actor=a, holding=team[2], ends_on=dt.date(2024, 12, 31)
            ),
            {"owner"},
            TEAM_RULE,
            prepare=lambda w: tkksd_formation(w.singkawang),
        )
    },
    "kerjasama.meetings.services.team_quorum_set": {
        "own region": _case(
            lambda w, a, p: meeting_services.team_quorum_set(
                actor=a, tenant=w.singkawang, percent=60
            ),
            {"owner"},
            TEAM_RULE + " The quorum is the region's setting (❓ §2.1).",
        )
    },
    # --- meetings planned and held (issue 9 items 2, 3) -------------------------------------
    "kerjasama.meetings.services.meeting_create": {
        "own region": _case(
            lambda w, a, p: meeting_services.meeting_create(
                actor=a, tenant=w.singkawang, data=_rapat_plan()
            ),
            {"owner"},
            RAPAT_RULE,
        )
    },
    "kerjasama.meetings.services.meeting_update": {
        "planned": _case(
            lambda w, a, m: meeting_services.meeting_update(
                actor=a, meeting=m, data=_rapat_plan(title="Rapat teknis"), expected_version=1
            ),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang),
        )
    },
    "kerjasama.meetings.services.meeting_cancel": {
        "planned": _case(
            lambda w, a, m: meeting_services.meeting_cancel(actor=a, meeting=m, reason="Ditunda"),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang),
        )
    },
    "kerjasama.meetings.services.invitee_add": {
        "planned": _case(
            lambda w, a, m: meeting_services.invitee_add(
                actor=a, meeting=m, data={"kind": "other", "name": "Tamu undangan"}
            ),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang),
        )
    },
    "kerjasama.meetings.services.invitee_remove": {
        "planned": _case(
            lambda w, a, inv: meeting_services.invitee_remove(actor=a, invitee=inv),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang).invitees.create(
                kind="other", name="Tamu undangan"
            ),
        )
    },
    "kerjasama.meetings.services.agenda_item_add": {
        "planned": _case(
            lambda w, a, m: meeting_services.agenda_item_add(
                actor=a, meeting=m, data={"title": "Evaluasi"}
            ),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang),
        )
    },
    "kerjasama.meetings.services.agenda_item_update": {
        "planned": _case(
            lambda w, a, item: meeting_services.agenda_item_update(
                actor=a, item=item, data={"title": "Evaluasi 2020"}
            ),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang).items.get(),
        )
    },
    "kerjasama.meetings.services.agenda_item_remove": {
        "planned": _case(
            lambda w, a, item: meeting_services.agenda_item_remove(actor=a, item=item),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang).items.get(),
        )
    },
    "kerjasama.meetings.services.agenda_item_move": {
        "planned": _case(
            lambda w, a, item: meeting_services.agenda_item_move(actor=a, item=item, up=True),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang, items=2).items.get(order=2),
        )
    },
    "kerjasama.meetings.services.agenda_proposal_take": {
        "planned": _case(
            lambda w, a, p: meeting_services.agenda_proposal_take(
                actor=a, meeting=p[0], key=f"deadline-{p[1].pk}"
            ),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: (
                rapat_meeting(w.singkawang, day=dt.date(2026, 1, 8)),
                report_deadline(w.local),
            ),
        )
    },
    "kerjasama.meetings.services.meeting_hold": {
        "planned": _case(
            lambda w, a, m: meeting_services.meeting_hold(actor=a, meeting=m),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang),
        )
    },
    "kerjasama.meetings.services.attendance_record": {
        "held": _case(
            lambda w, a, m: meeting_services.attendance_record(
                actor=a, meeting=m, rows={m.invitees.get().pk: {"presence": "hadir"}}
            ),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang, state="held"),
        )
    },
    "kerjasama.meetings.services.item_absences_set": {
        "held": _case(
            lambda w, a, m: meeting_services.item_absences_set(
                actor=a, item=m.items.get(), invitee_ids=[m.invitees.get().pk]
            ),
            {"owner"},
            RAPAT_RULE,
            prepare=lambda w: rapat_meeting(w.singkawang, state="held", present=True),
        )
    },
    # --- notifications --------------------------------------------------------------------
    "kerjasama.notifications.services.notification_mark_read": {
        "Singkawang's notification": _case(
            lambda w, a, note: notification_services.notification_mark_read(
                user=a, notification=note
            ),
            {"owner"},
            "A user reads only their own notifications.",
            prepare=lambda w: Notification.objects.create(
                user=w.sec_singkawang, cooperation=w.local, title="Pengingat", body="Isi", url="/"
            ),
        )
    },
}

# Services that take no acting user to check, and why.
SELF = "acts only on the calling user's own data (`user=`): there is no one else to check"
NO_ACTOR_CHECK = {
    "kerjasama.imports.services.can_import": "the permission rule itself; writes nothing",
    "kerjasama.imports.services.reason_text": "words a stored reason; writes nothing",
    "kerjasama.imports.services.register_of": "reads a run's stored file; writes nothing",
    "kerjasama.imports.services.current_facts": "reads a case's facts; writes nothing",
    "kerjasama.imports.services.changed_since": "reads which cases changed; writes nothing",
    "kerjasama.imports.services.region_by_code": "reads the region list; writes nothing",
    "kerjasama.imports.services.import_actor": (
        "names the region's first secretariat user for the command line; writes nothing"
    ),
    "kerjasama.imports.services.run_read": (
        "the background task's reading of a run that `run_create`/`run_choose` (which check "
        "the actor) stored; it writes only that run's rows"
    ),
    "kerjasama.imports.services.run_read_chosen": "as `run_read`, with the run's choices",
    "kerjasama.imports.services.run_preview": (
        "recomputes a run's rows inside `run_read` (the task after a checked upload); it "
        "writes no case"
    ),
    "kerjasama.imports.services.run_fail": (
        "the background task's record that its own run stopped on an unforeseen error; no "
        "person asks for it"
    ),
    "kerjasama.imports.services.tenant_add": (
        "a platform administrator's command (`kerjasama tenant_add`): whoever runs commands "
        "on the server already holds the database"
    ),
    "kerjasama.agreements.lifecycle.cooperation_stage_sync": (
        "recomputes the case's stored stage from its PKS inside `cooperation_transition`, "
        "whose actor is checked there (issue 7)"
    ),
    "kerjasama.reference.services.regions_load": "loads shipped reference data (a command)",
    "kerjasama.reference.services.affairs_load": "loads shipped reference data (a command)",
    "kerjasama.reference.services.public_services_seed": "loads shipped reference data",
    "kerjasama.reference.services.reference_load_all": "loads shipped reference data",
    "kerjasama.reference.holiday_loader.holidays_load": "loads shipped reference data",
    "kerjasama.monitoring.library.indicators_load": "loads the shipped indicator library",
    "kerjasama.partners.services.partner_search": "reads only",
    "kerjasama.partners.services.partner_duplicates": "reads only",
    "kerjasama.notifications.services.site_url": "builds a URL; writes nothing",
    "kerjasama.partners.services.partner_for_region": (
        "makes a region's partner row from the region list, inside the services that choose "
        "the region (which check the actor); no user decides anything"
    ),
    "kerjasama.notifications.services.reminders_send": "the daily job; no user acts",
    "kerjasama.agreements.lifecycle.cooperations_end_expired": "the daily job; no user acts",
    "kerjasama.deadlines.services.deadlines_refresh": (
        "recomputes a subject's deadlines from its rules inside the services that changed an "
        "input (which check the actor) and the daily job"
    ),
    "kerjasama.deadlines.services.deadlines_refresh_all": "the daily job; no user acts",
    "kerjasama.notifications.services.notifications_mark_all_read": SELF,
    "kerjasama.notifications.services.calendar_token_create": SELF,
    "kerjasama.notifications.services.calendar_token_revoke": SELF,
    "kerjasama.accounts.services.user_language_set": SELF,
    "kerjasama.accounts.services.letter_number_take": (
        "called inside the write that issues the letter (a meeting's invitation …), whose "
        "service checks the actor; it decides nothing"
    ),
    "kerjasama.accounts.services.letter_number_preview": "reads only",
    "kerjasama.notifications.services.proposal_notify": (
        "sent by `cooperation_create` (through `agreements.signals`), which checks the actor; "
        "it tells the secretariat and decides nothing"
    ),
}


def test_every_service_has_a_permission_rule():
    discovered = set(discovered_services())

    assert not set(CASES) & set(NO_ACTOR_CHECK), "a service is listed twice"
    assert discovered == set(CASES) | set(NO_ACTOR_CHECK), (
        "Every public service needs its permission rule in CASES (the personas it allows) or "
        "an entry in NO_ACTOR_CHECK saying why it has no actor to check. Missing: "
        f"{sorted(discovered - set(CASES) - set(NO_ACTOR_CHECK))}; unknown: "
        f"{sorted((set(CASES) | set(NO_ACTOR_CHECK)) - discovered)}"
    )


MATRIX = [
    (service, situation, persona)
    for service, situations in CASES.items()
    for situation in situations
    for persona in PERSONAS
]


@pytest.fixture
def world(shared_world):
    """The world built once for the whole matrix (`conftest.shared_world`): each test only
    reads it or writes inside its own savepoint."""
    return shared_world


@pytest.mark.parametrize(
    ("service", "situation", "persona"),
    MATRIX,
    ids=[f"{s.rsplit('.', 1)[1]}-{sit}-{p}" for s, sit, p in MATRIX],
)
def test_service_permission(world, service, situation, persona):
    case = CASES[service][situation]
    actor = _people(world)[persona]
    prepared = case.prepare(world)
    before = AuditEvent.objects.count()

    if persona in case.allowed:
        case.call(world, actor, prepared)
        assert AuditEvent.objects.count() > before, f"{service} wrote nothing for {persona}"
    else:
        with pytest.raises(NotPermitted) as refused:
            case.call(world, actor, prepared)
        assert str(refused.value), "a refusal says why"
        assert AuditEvent.objects.count() == before, f"{service} wrote for {persona}"


def test_a_platform_administrator_grants_roles(world):
    admin = User.objects.create_superuser("platform.admin", password="x")

    account_services.user_set_roles(
        actor=admin, user=world.sec_kalbar, roles={Role.SECRETARIAT, Role.TAKEOVER_AUTHORITY}
    )

    assert world.sec_kalbar.role_grants.filter(role=Role.TAKEOVER_AUTHORITY).exists()
