"""Every write to the registry. Each function runs in one transaction, validates against §9,
and leaves an audit event; views, the admin, commands and (later) the API call these and
nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from kerjasama.accounts.models import ContentChecklistItem, Opd, Role, Tenant, User
from kerjasama.agreements import access, completeness, search, selectors, signals
from kerjasama.agreements.deadlines import REPORT_KINDS, default_report_period
from kerjasama.agreements.enums import (
    AGREEMENT_KINDS,
    BEFORE_PKS_STAGES,
    FIRST_STAGE,
    PARENT_KINDS,
    STAGES_BY_KIND,
    TERM_KINDS,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    FinancingSource,
    Initiative,
    ReportAddressee,
    Stage,
    TerminationReason,
)
from kerjasama.agreements.models import (
    Cooperation,
    Document,
    DocumentFile,
    DocumentParty,
    FinancingLine,
    Party,
    PartyChangeRequest,
    PartyChangeStatus,
    SupervisionFinding,
    WarningOverride,
)
from kerjasama.agreements.pathways import needs_power_of_attorney, power_of_attorney_valid
from kerjasama.agreements.permissions import (
    can_add_document,
    can_create_cooperation,
    can_decide_party_change,
    can_edit_cooperation,
    can_edit_document,
    can_edit_party,
    can_request_party_change,
    can_work_on_cooperation,
    cooperation_is_signed,
    region_is_tenant,
)
from kerjasama.agreements.validation import (
    PKS_WITHOUT_KB,
    RuleWarning,
    validate_cooperation,
    validate_document,
    validate_document_order,
)
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError as DomainError  # still importable from here
from kerjasama.core.exceptions import (  # the services' errors keep their names here (issue 7)
    NotPermitted,
    RuleViolation,
    StaleWrite,
    WarningsNeedReason,
)
from kerjasama.core.uploads import StoredUpload, stored_upload
from kerjasama.deadlines.services import deadlines_refresh
from kerjasama.partners.models import Partner
from kerjasama.partners.services import partner_for_region
from kerjasama.reference.models import GovernmentAffair, PublicService, Region


def _require_edit(actor: User, cooperation: Cooperation) -> None:
    """Every write on a case checks the actor here too, not only in the screens (the API and
    the command line call these services directly). The shared facts: see
    `permissions.can_edit_cooperation`."""

    if not can_edit_cooperation(actor, cooperation):
        if cooperation_is_signed(cooperation) and can_work_on_cooperation(actor, cooperation):
            raise NotPermitted(
                _(
                    "An agreement of this cooperation is signed: its shared facts are changed "
                    "only by the secretariat (or by an addendum)."
                )
            )
        raise NotPermitted(_("You may read this cooperation but not change it."))


def _require_work(actor: User, cooperation: Cooperation) -> None:
    """Reporting progress (supporting documents, findings): `can_work_on_cooperation`."""
    if not can_work_on_cooperation(actor, cooperation):
        raise NotPermitted(_("You may read this cooperation but not change it."))


def _require_document_edit(actor: User, document: Document) -> None:

    if not can_edit_document(actor, document):
        if (
            document.kind in AGREEMENT_KINDS
            and document.status == DocumentStatus.SIGNED
            and can_work_on_cooperation(actor, document.cooperation)
        ):
            raise NotPermitted(
                _(
                    "This agreement is signed: only the secretariat changes it (or records an "
                    "addendum)."
                )
            )
        if can_work_on_cooperation(actor, document.cooperation):
            raise NotPermitted(
                _(
                    "This case is signed: you change only the documents your OPD reports for "
                    "(those you added or that it executes); the others are the secretariat's."
                )
            )
        raise NotPermitted(_("You may read this cooperation but not change it."))


def _signed_change_reason(cooperation: Cooperation, reason: str, *, field: str) -> str:
    """Once an agreement is signed, a change of the shared facts needs a recorded reason."""

    reason = (reason or "").strip()
    if cooperation_is_signed(cooperation) and not reason:
        raise RuleViolation(
            {
                field: [
                    _(
                        "An agreement of this cooperation is signed: say why this change is "
                        "made (it is recorded with the change)."
                    )
                ]
            }
        )
    return reason


@dataclass
class PartyInput:
    """A party as chosen on a form: a partner, or a region whose partner row is made (inside
    the service's transaction) on first use."""

    partner: Partner | Region
    signatory_name: str = ""
    signatory_position: str = ""


@dataclass
class ResolvedParty:
    """A `PartyInput` whose region has its partner row (`_resolve_parties`)."""

    partner: Partner
    signatory_name: str = ""
    signatory_position: str = ""


def _resolve_parties(parties: Sequence[PartyInput], actor: User) -> list[ResolvedParty]:
    return [
        ResolvedParty(
            partner=partner_for_region(p.partner, actor=actor)
            if isinstance(p.partner, Region)
            else p.partner,
            signatory_name=p.signatory_name,
            signatory_position=p.signatory_position,
        )
        for p in parties
    ]


@dataclass
class DocumentEntryInput:
    number: str = ""
    signatory_name: str = ""
    signatory_position: str = ""
    under_power_of_attorney: bool = False


# Issue 7: a kerja sama wajib's coordination before the offer (§5.3, PP 28/2018 Pasal 5(2)–(3))
# and the objects and Pasal 27 requirements of foreign cooperation (§3.3).
WAJIB_FIELDS = [
    "technical_coordination_on",
    "technical_coordination_reference",
    "heads_agreement_on",
    "heads_agreement_reference",
]
FOREIGN_FIELDS = [
    "foreign_objects",
    "foreign_no_representative_office",
    "foreign_no_interference",
    "foreign_consistent_with_plans",
    "foreign_technology_transfer",
    "ksdpl_equal_status",
    "ksdpl_complementary",
    "ksdpl_people_ties",
]
COOPERATION_FIELDS = [
    "kind",
    "ksdd_category",
    "mandatory_form_uu23",
    "mandatory_form_pmdn22",
    "adjacency_confirmed",
    "ksdpk_kind",
    "ksdpk_other_form",
    "ksdpl_form",
    "ksdll_basis",
    "initiative",
    "proposal_fits_master_plan",
    "proposal_feasible",
    "proposer_able_to_fund",
    "title",
    "background",
    "purpose",
    "targets",
    "scope",
    "object_description",
    "in_plan",
    "plan_reference",
    "out_of_plan_reason",
    "legal_regime",
    "burdens_community",
    "burden_justification",
    "budgeted_in_apbd",
    "apbd_reference",
    *WAJIB_FIELDS,
    *FOREIGN_FIELDS,
    "addendum_tkksd_review",
    # For a case registered after it ended; the lifecycle sets them on termination (issue 3).
    "termination_reason",
    "terminated_on",
]
# Facts that belong to one type only are cleared when another type is chosen.
_KIND_SPECIFIC = {
    "ksdd": [
        "ksdd_category",
        "mandatory_form_uu23",
        "mandatory_form_pmdn22",
        "adjacency_confirmed",
    ],
    "ksdpk": [
        "ksdpk_kind",
        "ksdpk_other_form",
        "proposal_fits_master_plan",
        "proposal_feasible",
        "proposer_able_to_fund",
    ],
    "ksdpl": ["ksdpl_form"],
    "ksdll": ["ksdll_basis"],
}


def _normalise_issue7(clean: dict[str, Any]) -> None:
    """The wajib facts mean nothing for a voluntary KSDD, the foreign ones for a domestic case,
    the KSDPL extras for a KSDLL."""
    empty: dict[str, Any] = {"foreign_objects": []}
    cleared = []
    if clean.get("ksdd_category") != "wajib":
        cleared += WAJIB_FIELDS
    if clean.get("kind") not in ("ksdpl", "ksdll"):
        cleared += FOREIGN_FIELDS
    elif clean.get("kind") != "ksdpl":
        cleared += ["ksdpl_equal_status", "ksdpl_complementary", "ksdpl_people_ties"]
    for name in cleared:
        if name in clean:
            value = clean[name]
            clean[name] = empty.get(name, False if isinstance(value, bool) else "")
            if name.endswith("_on"):
                clean[name] = None


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    clean = {name: data[name] for name in COOPERATION_FIELDS if name in data}
    for kind, names in _KIND_SPECIFIC.items():
        if clean.get("kind") != kind:
            for name in names:
                if name in clean:
                    clean[name] = False if isinstance(clean[name], bool) else ""
    if clean.get("ksdd_category") != "wajib":
        for name in ("mandatory_form_uu23", "mandatory_form_pmdn22"):
            if name in clean:
                clean[name] = ""
    _normalise_issue7(clean)
    # The criteria of PP 28/2018 Pasal 18(1) judge a third party's own proposal (§3.2); they
    # mean nothing when the region initiates.
    if "initiative" in clean and clean["initiative"] != Initiative.PARTNER:
        for name in ("proposal_fits_master_plan", "proposal_feasible", "proposer_able_to_fund"):
            if name in clean:
                clean[name] = False
    return clean


def _record_overrides(
    *,
    actor: User,
    cooperation: Cooperation,
    warnings: Sequence[RuleWarning],
    reason: str,
    document: Document | None = None,
) -> None:
    if not warnings:
        return
    if not reason.strip():
        raise WarningsNeedReason(warnings)
    for warning in warnings:
        override = WarningOverride.objects.create(
            cooperation=cooperation,
            document=document,
            code=warning.code,
            message=warning.message,
            reason=reason.strip(),
            by=actor,
        )
        audit.record(
            actor=actor,
            action="warning.override",
            obj=override,
            cooperation=cooperation,
            data={"code": warning.code, "message": warning.message, "reason": reason.strip()},
        )


def _check(
    *,
    actor: User,
    data: dict[str, Any],
    parties: Sequence[ResolvedParty],
    affairs: Sequence[GovernmentAffair],
) -> list[RuleWarning]:
    partners = [p.partner for p in parties]
    errors, warnings = validate_cooperation(
        data=data, partners=partners, affair_codes=[a.code for a in affairs]
    )
    own_region = actor.tenant.region_id if actor.tenant else None
    if own_region not in {p.region_id for p in partners}:
        errors.setdefault("parties", []).append(_("Your region must be one of the parties."))
    stage = data.get("stage")
    if stage is not None and stage not in STAGES_BY_KIND.get(data.get("kind", ""), []):
        errors.setdefault("kind" if "stage" not in data else "stage", []).append(
            _("The current stage is not on the pathway of this type.")
        )
    if errors:
        raise RuleViolation(errors)
    return warnings


@transaction.atomic
def cooperation_create(
    *,
    actor: User,
    data: dict[str, Any],
    parties: Sequence[PartyInput],
    affairs: Sequence[GovernmentAffair],
    public_services: Sequence[PublicService] = (),
    stage: str | None = None,
    own_party: dict[str, Any] | None = None,
    override_reason: str = "",
    registration_reason: str = "",
    source: dict[str, Any] | None = None,
) -> Cooperation:
    """Register a cooperation with its parties (in order: first party first).

    `source` names the act that registers it when it is not the actor's own (issue 11: an
    import, {"type": "imports.importrun", "id": …, "label": "Impor … tanggal …"}); the audit
    event records it as a transition records its source (issue 9).

    `stage` may be given when registering a case that is already under way; otherwise it
    starts at the first stage of its type's pathway. Registered beyond its first stage without
    the evidence of the steps before it (`completeness.missing_evidence`), it needs a
    `registration_reason`, recorded on the audit event and as a `WarningOverride`; the case
    then shows itself incomplete until the evidence is on file (issue 7). `own_party` sets the actor's region's
    own data (initiating/executing OPD, register number); an OPD officer's OPD is the
    initiating OPD unless given. Only the secretariat and OPD officers register
    (`permissions.can_create_cooperation`), and only with their own region as a party.
    """

    if not can_create_cooperation(actor) or actor.tenant is None:
        raise NotPermitted(_("Only the secretariat and OPD officers register cooperation."))
    first = FIRST_STAGE.get(data.get("kind", ""), "")
    ended = data.get("termination_reason") or data.get("terminated_on")
    if ((stage and stage != first) or ended) and not actor.has_role(Role.SECRETARIAT):
        raise RuleViolation(
            {
                "stage": [
                    _("Only the secretariat registers a cooperation that is already under way.")
                ]
            }
        )
    resolved = _resolve_parties(parties, actor)
    fields = _normalise(data)
    fields["stage"] = stage or first
    warnings = _check(actor=actor, data=fields, parties=resolved, affairs=affairs)
    cooperation = Cooperation(
        **fields,
        registered_stage=fields["stage"],
        created_by=actor,
        created_by_tenant=actor.tenant,
    )
    cooperation.full_clean(exclude=["affairs", "public_services"])
    cooperation.save()
    cooperation.affairs.set(affairs)
    cooperation.public_services.set(public_services)
    own_region = actor.tenant.region_id
    own = dict(own_party or {})
    if actor.has_role(Role.OPD_OFFICER) and actor.opd_id and not own.get("initiating_opd"):
        own["initiating_opd"] = actor.opd
    _validate_own_opds(actor, own)
    for order, item in enumerate(resolved, start=1):
        extra = own if item.partner.region_id == own_region else {}
        Party.objects.create(
            cooperation=cooperation,
            partner=item.partner,
            order=order,
            signatory_name=item.signatory_name,
            signatory_position=item.signatory_position,
            **{k: v for k, v in extra.items() if k in _OWN_PARTY_FIELDS},
        )
    missing = completeness.missing_evidence(cooperation)
    registration_reason = _registration_reason(missing, registration_reason)
    audit.record(
        actor=actor,
        action="cooperation.create",
        obj=cooperation,
        cooperation=cooperation,
        data={
            **(
                {
                    "registration_reason": registration_reason,
                    "missing_evidence": [m.code for m in missing],
                }
                if missing
                else {}
            ),
            **(
                {
                    "source": source.get("label", ""),
                    "source_object": f"{source.get('type')}:{source.get('id')}",
                }
                if source
                else {}
            ),
        }
        or None,
        changes={
            **{
                name: [None, value]
                for name, value in audit.snapshot(cooperation, [*fields]).items()
            },
            "affairs": [None, sorted(a.code for a in affairs)],
            "public_services": [None, sorted(s.name for s in public_services)],
            "parties": [None, [str(p.partner) for p in parties]],
        },
    )
    _record_overrides(
        actor=actor, cooperation=cooperation, warnings=warnings, reason=override_reason
    )
    if missing:
        WarningOverride.objects.create(
            cooperation=cooperation,
            code=completeness.REGISTERED_INCOMPLETE,
            message="\n".join(f"{m.message} ({m.section})" for m in missing),
            reason=registration_reason,
            by=actor,
        )
    completeness.evidence_refresh(cooperation)
    access.access_refresh(cooperation)  # who may read it (issue 8)
    search.search_refresh(cooperation)
    if (
        cooperation.stage == first
        and actor.has_role(Role.OPD_OFFICER)
        and not actor.has_role(Role.SECRETARIAT)
    ):
        # The secretariat reviews what an OPD proposes (§5.2); notifications tells it.
        signals.proposal_registered.send(sender=Cooperation, cooperation=cooperation, actor=actor)
    return cooperation


def _registration_reason(missing: Sequence[completeness.Missing], reason: str) -> str:
    """Issue 7: registering beyond the first stage without the evidence of the steps before it
    is allowed (every secretariat registers its old cases), but only with a recorded reason."""
    reason = (reason or "").strip()
    if missing and not reason:
        raise RuleViolation(
            {
                "registration_reason": [
                    _(
                        "This cooperation is registered at a later stage, but %(count)s "
                        "statutory documents or facts of the earlier steps are not on file "
                        "(for example: %(first)s). Say why it is registered without them (for "
                        "example, an agreement made before Kerjasama was used); the record "
                        "then shows what is missing until it is added."
                    )
                    % {"count": len(missing), "first": missing[0].message}
                ]
            }
        )
    return reason if missing else ""


_OWN_PARTY_FIELDS = {
    "initiating_opd",
    "executing_opd",
    "register_number",
    "contact_name",
    "contact_email",
    "contact_phone",
}


def _validate_own_opds(actor: User, own: dict[str, Any]) -> None:
    for name in ("initiating_opd", "executing_opd"):
        opd: Opd | None = own.get(name)
        if opd is not None and opd.tenant_id != actor.tenant_id:
            raise RuleViolation({name: [_("Choose an OPD of your own region.")]})


@transaction.atomic
def cooperation_update(
    *,
    actor: User,
    cooperation: Cooperation,
    expected_version: int,
    data: dict[str, Any],
    parties: Sequence[PartyInput],
    affairs: Sequence[GovernmentAffair],
    public_services: Sequence[PublicService] = (),
    override_reason: str = "",
    change_reason: str = "",
) -> Cooperation:
    """Change the shared facts of a case and its list of parties.

    Refuses a write made on an out-of-date copy (`expected_version`), so that two
    secretariats editing at once cannot overwrite each other's changes unseen. A party that
    already has document numbers cannot be removed, nor a region that uses Kerjasama other
    than the actor's own. Once an agreement is signed, only the secretariat changes the facts,
    with a `change_reason` that the audit event records.
    """
    _require_edit(actor, cooperation)
    reason = _signed_change_reason(cooperation, change_reason, field="change_reason")
    resolved = _resolve_parties(parties, actor)
    claimed = Cooperation.objects.filter(pk=cooperation.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleWrite(
            _(
                "Someone else saved this cooperation while you were editing it. Open it again to "
                "see their changes, then make yours."
            )
        )
    cooperation.refresh_from_db()
    fields = _normalise(data)
    # The pathway depends on these facts; once a case has left its first stage they change
    # only by registering it again, so no step's preconditions can be skipped by an edit.
    if cooperation.stage != FIRST_STAGE.get(cooperation.kind):
        frozen = [
            name
            for name in ("kind", "ksdd_category", "initiative")
            if name in fields and fields[name] != getattr(cooperation, name)
        ]
        if frozen:
            raise RuleViolation(
                {
                    name: [_("This cannot change once the cooperation has left its first stage.")]
                    for name in frozen
                }
            )
    # Why and when an ended case ended are the ending step's facts (§6.4), not the edit form's:
    # checked as they stand unless the caller gives them.
    ending: dict[str, Any] = {
        "termination_reason": cooperation.termination_reason,
        "terminated_on": cooperation.terminated_on,
    }
    warnings = _check(
        actor=actor,
        data={**ending, **fields, "stage": cooperation.stage},
        parties=resolved,
        affairs=affairs,
    )
    # A warning already answered with a reason for this case is not asked again on every later
    # edit (same warning, same text); a new or changed one is.
    answered = set(
        cooperation.overrides.filter(document__isnull=True).values_list("code", "message")
    )
    warnings = [w for w in warnings if (w.code, str(w.message)) not in answered]
    tracked = [*fields, "affairs", "public_services"]
    before = audit.snapshot(cooperation, tracked)
    before_parties = [str(p.partner) for p in cooperation.parties.order_by("order")]
    for name, value in fields.items():
        setattr(cooperation, name, value)
    cooperation.full_clean(exclude=["affairs", "public_services"])
    cooperation.save(update_fields=[*fields, "version", "updated_at"])
    cooperation.affairs.set(affairs)
    cooperation.public_services.set(public_services)
    _sync_parties(cooperation, resolved, actor=actor)
    after = audit.snapshot(cooperation, tracked)
    changes = audit.diff(before, after)
    after_parties = [str(p.partner) for p in resolved]
    if before_parties != after_parties:
        changes["parties"] = [before_parties, after_parties]
    audit.record(
        actor=actor,
        action="cooperation.update",
        obj=cooperation,
        cooperation=cooperation,
        changes=changes,
        data={"reason": reason} if reason else None,
    )
    _record_overrides(
        actor=actor, cooperation=cooperation, warnings=warnings, reason=override_reason
    )
    completeness.evidence_refresh(cooperation)
    access.access_refresh(cooperation)  # parties, OPDs, title, kind (issue 8)
    search.search_refresh(cooperation)
    return cooperation


def _sync_parties(
    cooperation: Cooperation, parties: Sequence[ResolvedParty], *, actor: User | None = None
) -> None:

    existing = {p.partner_id: p for p in cooperation.parties.select_related("partner")}
    wanted = {item.partner.pk for item in parties}
    own_region = actor.tenant.region_id if actor is not None and actor.tenant else None
    for partner_id, party in existing.items():
        if partner_id not in wanted:
            if party.document_entries.exclude(number="").exists() or party.financing.exists():
                raise RuleViolation(
                    {
                        "parties": [
                            _(
                                "%(party)s has document numbers or financing in this cooperation and "
                                "cannot be removed."
                            )
                            % {"party": party.partner}
                        ]
                    }
                )
            region_id = party.partner.region_id
            if region_id and region_id != own_region and region_is_tenant(region_id):
                # Issue 6/15: the region would silently lose the case. Its withdrawal needs
                # its own acceptance: `party_change_request` from the record page.
                raise RuleViolation(
                    {
                        "parties": [
                            _(
                                "%(party)s uses Kerjasama and keeps this cooperation with you: "
                                "it leaves only with its own secretariat's agreement. Ask it "
                                "to leave from the record page; until it accepts, it stays a "
                                "party."
                            )
                            % {"party": party.partner}
                        ]
                    }
                )
            party.delete()
    # Orders are renumbered in two passes so the unique (cooperation, order) never collides.
    Party.objects.filter(cooperation=cooperation).update(order=F("order") + 1000)
    for order, item in enumerate(parties, start=1):
        kept = existing.get(item.partner.pk)
        if kept is None:
            Party.objects.create(
                cooperation=cooperation,
                partner=item.partner,
                order=order,
                signatory_name=item.signatory_name,
                signatory_position=item.signatory_position,
            )
        else:
            kept.order = order
            kept.signatory_name = item.signatory_name
            kept.signatory_position = item.signatory_position
            kept.save(update_fields=["order", "signatory_name", "signatory_position"])


@transaction.atomic
def party_update(
    *, actor: User, party: Party, data: dict[str, Any], expected_version: int | None = None
) -> Party:
    """A party's own data: register number, initiating and executing OPD, contact person.
    Only that party's secretariat may change it (permissions.can_edit_party). With
    `expected_version` (the screens always pass it) an edit made on an older copy is refused."""

    if not can_edit_party(actor, party):
        raise NotPermitted(_("Only this party's own secretariat changes its data."))
    fields = {k: v for k, v in data.items() if k in _OWN_PARTY_FIELDS}
    region_tenant = (
        getattr(party.partner.region, "tenant", None) if party.partner.region_id else None
    )
    for name in ("initiating_opd", "executing_opd"):
        opd = fields.get(name)
        if opd is not None and (region_tenant is None or opd.tenant_id != region_tenant.pk):
            raise RuleViolation({name: [_("Choose an OPD of this party's region.")]})
    # The stored row, locked: a form may already have copied its input onto `party`.
    stored = Party.objects.select_for_update().get(pk=party.pk)
    if expected_version is not None and stored.version != expected_version:
        raise StaleWrite(
            _(
                "Someone else saved this party's data while you were editing it. Open it again "
                "to see their changes, then make yours."
            )
        )
    before = audit.snapshot(stored, fields)
    for name, value in fields.items():
        setattr(party, name, value)
    party.version = stored.version + 1
    party.full_clean()
    party.save(update_fields=[*fields, "version"])
    audit.record(
        actor=actor,
        action="party.update",
        obj=party,
        cooperation=party.cooperation,
        changes=audit.diff(before, audit.snapshot(party, fields)),
    )
    access.access_refresh(party.cooperation)  # its OPDs (issue 8)
    search.search_refresh(party.cooperation_id)  # its register number is searched
    return party


def _tenant_cap(cooperation: Cooperation) -> int | None:
    caps: list[int] = []
    for p in cooperation.parties.select_related("partner__region__tenant"):
        region = p.partner.region
        if region is None:
            continue
        try:
            tenant = region.tenant
        except Tenant.DoesNotExist:  # the region does not use Kerjasama
            continue
        if tenant.max_term_months:
            caps.append(tenant.max_term_months)
    return min(caps) if caps else None


DOCUMENT_FIELDS = [
    "kind",
    "parent",
    "number",
    "title",
    "status",
    "signed_on",
    "signed_place",
    "start_date",
    "end_date",
    "notice_period_days",
    "mandatory_clauses_confirmed",
    "executing_opd",
    "summary",
    "period_start",
    "period_end",
    "addressee",
    "sent_on",
]


def _report_period_fields(
    fields: dict[str, Any], document: Document | None, cooperation: Cooperation
) -> None:
    """§12: a report says to whom it is addressed and which period it covers, and meets only
    that recipient's deadline of that period. A report that names no recipient is internal
    (§8.4; never guessed). When its author gives no period, it is the oldest one still
    awaiting its report to that recipient, else the one it was written after
    (`default_report_period`). Other documents have neither."""

    def get(name: str) -> Any:
        return fields[name] if name in fields else getattr(document, name, None)

    if get("kind") not in REPORT_KINDS:
        for name in ("addressee", "sent_on"):
            if get(name):
                fields[name] = "" if name == "addressee" else None
        return
    if not get("addressee"):
        fields["addressee"] = ReportAddressee.REGIONAL_HEAD
    sent_on, dated = get("sent_on"), get("signed_on")
    if sent_on and dated and sent_on < dated:
        raise RuleViolation({"sent_on": [_("A report is sent on or after its own date.")]})
    start, end = get("period_start"), get("period_end")
    if (start is None) != (end is None):
        missing = "period_end" if end is None else "period_start"
        raise RuleViolation(
            {missing: [_("Give both dates of the period the report covers, or neither.")]}
        )
    if start and end and end < start:
        raise RuleViolation({"period_end": [_("The period cannot end before it starts.")]})
    if start is None and get("signed_on"):
        fields["period_start"], fields["period_end"] = default_report_period(
            get("signed_on"), cooperation, get("addressee")
        )


BEFORE_PKS = BEFORE_PKS_STAGES  # the name callers used


def _check_document(
    *,
    cooperation: Cooperation,
    data: dict[str, Any],
    entries: dict[int, DocumentEntryInput],
    document: Document | None,
) -> list[RuleWarning]:
    parent: Document | None = data.get("parent")
    errors: dict[str, list[str]] = {}
    allowed_parents = PARENT_KINDS.get(data.get("kind", ""), frozenset())
    if parent is not None:
        if parent.cooperation_id != cooperation.pk:
            errors["parent"] = [_("Choose a document of this cooperation.")]
        elif parent.kind not in allowed_parents or (document and parent.pk == document.pk):
            errors["parent"] = [_("A document of this kind cannot be placed under that one.")]
    elif data.get("kind") in (DocumentKind.ADDENDUM,):
        errors["parent"] = [_("Choose the agreement this addendum amends.")]
    parties = list(cooperation.parties.select_related("partner"))
    if set(entries) - {p.pk for p in parties}:
        errors["parties"] = [_("A number was given for someone who is not a party.")]
    opd: Opd | None = data.get("executing_opd")
    party_regions = {p.partner.region_id for p in parties if p.partner.region_id}
    if opd is not None and opd.tenant.region_id not in party_regions:
        errors["executing_opd"] = [_("Choose an OPD of a region that is a party.")]
    if data.get("kind") == DocumentKind.PKS and data.get("status") == DocumentStatus.SIGNED:
        errors.update(_pks_signing_errors(cooperation, data, entries, document))
    rule_errors, warnings = validate_document(
        data=data,
        cooperation_kind=cooperation.kind,
        parent_end_date=parent.effective_end() if parent is not None else None,
        max_term_months=_tenant_cap(cooperation),
        under_power_of_attorney=any(e.under_power_of_attorney for e in entries.values()),
    )
    for name, messages in rule_errors.items():
        errors.setdefault(name, []).extend(messages)
    parent_errors, parent_warnings = _pks_parent_check(cooperation, data, document)
    for name, messages in parent_errors.items():
        errors.setdefault(name, []).extend(messages)
    # Issue 7 (gap 3): dates and stages in the law's order.
    order_errors, order_warnings = validate_document_order(
        data=data, cooperation=cooperation, document=document
    )
    for name, messages in order_errors.items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise RuleViolation(errors)
    return [*warnings, *parent_warnings, *order_warnings]


def _pks_parent_check(
    cooperation: Cooperation, data: dict[str, Any], document: Document | None
) -> tuple[dict[str, list[str]], list[RuleWarning]]:
    """A PKS implements a Kesepakatan Bersama signed before it (§3.4, §5.1: PP 28/2018 Pasal
    6(1) c–g and 6(3); for KSDPK Pasal 19(1)), and only a PKS under its KB counts for the next
    stage. So a PKS names its KB when the case has one; when none is on file (e.g. an agreement
    made before PP 28/2018, which stays valid, Pasal 48, §5.4), it is recorded only with a
    reason (❓), and then counts (lifecycle._pks_signed). Asked at entry: when a PKS is added,
    or a document becomes a PKS or loses its parent; an old PKS is not asked again on each edit.
    """
    kind = data.get("kind", document.kind if document else None)
    parent = data.get("parent", document.parent if document else None)
    if kind != DocumentKind.PKS or parent is not None:
        return {}, []
    kbs = cooperation.documents.filter(kind=DocumentKind.KB)
    if document is not None:
        kbs = kbs.exclude(pk=document.pk)
    if kbs.exists():
        return {
            "parent": [
                _(
                    "Choose the Kesepakatan Bersama this PKS implements (PP 28/2018 Pasal 6): a PKS "
                    "without it does not count for the next stage."
                )
            ]
        }, []
    unchanged = (
        document is not None and document.kind == DocumentKind.PKS and document.parent_id is None
    )
    if unchanged or (document and document.overrides.filter(code=PKS_WITHOUT_KB).exists()):
        return {}, []
    return {}, [
        RuleWarning(
            PKS_WITHOUT_KB,
            _(
                "No Kesepakatan Bersama of this cooperation is on file, but a PKS implements a KB "
                "signed before it (PP 28/2018 Pasal 6(1) and (3); for KSDPK Pasal 19(1)). Put the "
                "KB on file first, or write why there is none (for example, an agreement made "
                "before PP 28/2018)."
            ),
        )
    ]


def _pks_signing_errors(
    cooperation: Cooperation,
    data: dict[str, Any],
    entries: dict[int, DocumentEntryInput],
    document: Document | None,
) -> dict[str, list[str]]:
    """The gates of §5.3 for every PKS, not only the first one the case's stage records."""
    errors: dict[str, list[str]] = {}
    domestic = cooperation.kind in (CooperationKind.KSDD, CooperationKind.KSDPK)
    if domestic and cooperation.stage in BEFORE_PKS:
        errors["status"] = [
            _(
                "A PKS can be recorded as signed only after the Kesepakatan Bersama is signed and, "
                "when it is needed, the DPRD has approved (the cooperation is at “%(stage)s”)."
            )
            % {"stage": cooperation.get_stage_display()}
        ]
    if domestic and cooperation.stage in PKS_REFUSED_AFTER:
        # §6.4: a KB that ended carries no new PKS (issue 7).
        errors["status"] = [
            _(
                "This cooperation has ended (“%(stage)s”): no new Perjanjian Kerja Sama can be "
                "recorded as signed under it."
            )
            % {"stage": cooperation.get_stage_display()}
        ]
    if _power_of_attorney_missing(cooperation, data, entries, document):
        errors["parties"] = [
            _(
                "A signatory who is not the regional head (Gubernur, Bupati, Wali Kota) signs "
                "under a power of attorney: put the signed surat kuasa, dated on or before this "
                "agreement, on file first (PP 28/2018 Pasal 2(2), 13(2))."
            )
        ]
    if cooperation.kind == CooperationKind.KSDPK and not data.get("mandatory_clauses_confirmed"):
        errors["mandatory_clauses_confirmed"] = [
            _(
                "A KSDPK contract is signed only with the four mandatory clauses of PP 28/2018 "
                "Pasal 19(2): confirm that it contains them."
            )
        ]
    return errors


# §6.4: once the case (its KB) has ended, no PKS is signed under it.
PKS_REFUSED_AFTER = frozenset({Stage.ENDED, Stage.TAKEN_OVER})


def _power_of_attorney_missing(
    cooperation: Cooperation,
    data: dict[str, Any],
    entries: dict[int, DocumentEntryInput],
    document: Document | None,
) -> bool:
    """§9 item 9 (PP 28/2018 Pasal 2(2), 13(2)): a region's signatory who is not its regional
    head, or anyone whose power-of-attorney box is ticked, needs a surat kuasa of this case,
    signed and dated on or before the agreement (`pathways.power_of_attorney_valid`)."""
    parties = {p.pk: p for p in cooperation.parties.select_related("partner")}
    signers: dict[int, tuple[str, bool]] = {}
    if document is not None:
        for row in document.party_entries.all():
            signers[row.party_id] = (row.signatory_position, row.under_power_of_attorney)
    for party_id, entry in entries.items():
        signers[party_id] = (entry.signatory_position, entry.under_power_of_attorney)
    given = [(pos, ticked, parties.get(pid)) for pid, (pos, ticked) in signers.items()]
    needed = any(
        needs_power_of_attorney(
            position=position,
            ticked=ticked,
            party_is_region=bool(party is not None and party.partner.region_id),
        )
        for position, ticked, party in given
    )
    signed_on = data.get("signed_on", document.signed_on if document else None)
    return needed and not power_of_attorney_valid(cooperation, signed_on, document)


# --- Issue 7: content checklist (§5.5), addenda as dated facts (§6.3, §5.4) -------------------

# Warnings of document writes added by issue 7 (❓/🟡 rules; `RuleWarning` + `WarningsNeedReason`).
CONTENT_CHECKLIST = "content_checklist"
ADDENDUM_AFTER_EXPIRY = "addendum_after_expiry"
ADDENDUM_WITHOUT_TKKSD = "addendum_without_tkksd"
# What an addendum may change besides the end of the term (§6.3: "end date, scope, financing"),
# read from the form's `amend_<fact>` fields; the old value of the scope is the effective one.
AMENDABLE_FACTS = ("scope", "financing", "parties", "obligations")


def _content_items(
    cooperation: Cooperation, data: dict[str, Any], document: Document | None
) -> list[ContentChecklistItem] | None:
    """The checklist rows ticked on the form (None when the form does not send them). Only rows
    of a party region's checklist for this kind of agreement may be ticked."""
    if "content_items" not in data:
        return None
    kind = data.get("kind") or (document.kind if document else "")
    items = list(data.get("content_items") or [])
    regions = {
        p.partner.region_id
        for p in cooperation.parties.select_related("partner")
        if p.partner.region_id is not None
    }
    allowed = set(
        ContentChecklistItem.objects.filter(
            tenant__region_id__in=regions, document_kind=kind
        ).values_list("pk", flat=True)
    )
    if any(item.pk not in allowed for item in items):
        raise RuleViolation(
            {"content_items": [_("Tick only rows of a party's checklist for this agreement.")]}
        )
    return items


def _overridden(document: Document | None, code: str) -> bool:
    """A warning overridden once for this document is not asked again on each later edit."""
    return document is not None and document.overrides.filter(code=code).exists()


def _issue7_warnings(
    cooperation: Cooperation,
    fields: dict[str, Any],
    document: Document | None,
    content_items: list[ContentChecklistItem] | None,
) -> list[RuleWarning]:
    """❓/🟡 warnings of a document write (issue 7): the content checklist on signing a KB/PKS
    (§5.5 ❓), an addendum to an expired agreement (§5.4 🟡: renewal is a new run through the
    procedure) and an addendum signed without a new TKKSD review (§6.3 ❓, per-case setting)."""

    def get(name: str) -> Any:
        return fields[name] if name in fields else getattr(document, name, None)

    warnings: list[RuleWarning] = []
    kind, status = get("kind"), get("status")
    # Asked when the agreement is recorded or becomes signed, not again on each later edit of
    # an agreement signed before (e.g. one recorded before these rules).
    becoming_signed = status == DocumentStatus.SIGNED and (
        document is None or document.status != DocumentStatus.SIGNED
    )
    if (
        kind in (DocumentKind.KB, DocumentKind.PKS)
        and becoming_signed
        and not _overridden(document, CONTENT_CHECKLIST)
    ):
        if content_items is None:
            content_items = list(document.content_items.all()) if document else []
        ticked = {item.pk for item in content_items}
        missing = [
            i.label
            for i in selectors.content_checklist_for(cooperation, kind)
            if i.pk not in ticked
        ]
        if missing:
            warnings.append(
                RuleWarning(
                    CONTENT_CHECKLIST,
                    _(
                        "Not ticked on the content checklist of the Bagian Kerja Sama (§5.5): "
                        "%(rows)s."
                    )
                    % {"rows": "; ".join(missing)},
                )
            )
    if kind != DocumentKind.ADDENDUM:
        return warnings
    parent: Document | None = get("parent")
    signed_on = get("signed_on")
    parent_end = parent.effective_end(excluding=document) if parent is not None else None
    expired = (
        cooperation.stage == Stage.ENDED
        and cooperation.termination_reason == TerminationReason.TERM_EXPIRED
    ) or bool(parent_end and signed_on and signed_on > parent_end)
    if (
        expired
        and (document is None or becoming_signed)
        and not _overridden(document, ADDENDUM_AFTER_EXPIRY)
    ):
        warnings.append(
            RuleWarning(
                ADDENDUM_AFTER_EXPIRY,
                _(
                    "The agreement this addendum amends has already expired. An expired agreement "
                    "is renewed by a new run through the procedure (§5.4), not by an addendum."
                ),
            )
        )
    if (
        becoming_signed
        and cooperation.addendum_tkksd_review
        and not _overridden(document, ADDENDUM_WITHOUT_TKKSD)
    ):
        # TKKSD minutes of a review of the change: dated on or after the day the agreement it
        # amends was signed and not after the addendum (the day a draft is typed in is not its drafting
        # date for agreements recorded afterwards).
        minutes = cooperation.documents.filter(
            kind=DocumentKind.TKKSD_MINUTES, signed_on__isnull=False
        )
        if parent is not None and parent.signed_on:
            minutes = minutes.filter(signed_on__gte=parent.signed_on)
        if signed_on:
            minutes = minutes.filter(signed_on__lte=signed_on)
        if not minutes.exists():
            warnings.append(
                RuleWarning(
                    ADDENDUM_WITHOUT_TKKSD,
                    _(
                        "This cooperation asks for the TKKSD's review of an addendum (§6.3), and "
                        "no TKKSD minutes dated between the signing of the amended agreement and "
                        "the addendum's are on file."
                    ),
                )
            )
    return warnings


def _addendum_amendments(
    cooperation: Cooperation,
    data: dict[str, Any],
    fields: dict[str, Any],
    document: Document | None,
) -> dict[str, Any]:
    """§6.3: an addendum records which facts it changes, old → new (issue 7, item 9): the end of
    the term (old = the amended agreement's end as extended by the other addenda), the scope
    (old = the scope in effect before it), and what it says about financing, parties and
    obligations. Returns `{"amendments": {...}}` for the document's fields, or nothing for
    other kinds or when the form sends none of these."""
    kind = fields.get("kind", document.kind if document else None)
    if kind != DocumentKind.ADDENDUM:
        return {}
    sent = [name for name in AMENDABLE_FACTS if f"amend_{name}" in data]
    if not sent and "end_date" not in fields and "parent" not in fields:
        return {}
    parent: Document | None = fields.get("parent", document.parent if document else None)
    end = fields.get("end_date", document.end_date if document else None)
    changes: dict[str, Any] = dict(document.amendments) if document else {}
    changes.pop("end_date", None)
    if end is not None and parent is not None:
        old = parent.effective_end(excluding=document)
        changes["end_date"] = {"old": old.isoformat() if old else None, "new": end.isoformat()}
    signed_on = fields.get("signed_on", document.signed_on if document else None)
    for name in sent:
        text = (data.get(f"amend_{name}") or "").strip()
        if not text:
            changes.pop(name, None)
            continue
        change: dict[str, Any] = {"new": text}
        if name == "scope":
            others = [
                d
                for d in selectors.signed_addenda(cooperation)
                if document is None or d.pk != document.pk
            ]
            before = cooperation.scope
            for other in others:
                if signed_on is None or other.signed_on <= signed_on:
                    before = other.amendments.get("scope", {}).get("new") or before
            change["old"] = before
        changes[name] = change
    return {"amendments": changes}


def _save_entries(document: Document, entries: dict[int, DocumentEntryInput]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if document.kind not in AGREEMENT_KINDS:
        return changes
    current = {e.party_id: e for e in document.party_entries.select_related("party__partner")}
    for party_id, entry in entries.items():
        row = current.get(party_id)
        values = {
            "number": entry.number.strip(),
            "signatory_name": entry.signatory_name.strip(),
            "signatory_position": entry.signatory_position.strip(),
            "under_power_of_attorney": entry.under_power_of_attorney,
        }
        if row is None:
            row = DocumentParty.objects.create(document=document, party_id=party_id, **values)
            changes[f"number[{row.party.partner}]"] = [None, values["number"]]
            continue
        if row.number != values["number"]:
            changes[f"number[{row.party.partner}]"] = [row.number, values["number"]]
        for name, value in values.items():
            setattr(row, name, value)
        row.save(update_fields=list(values))
    return changes


def document_create(
    *,
    actor: User,
    cooperation: Cooperation,
    data: dict[str, Any],
    entries: dict[int, DocumentEntryInput] | None = None,
    upload: UploadedFile[bytes] | None = None,
    override_reason: str = "",
    filed_by: dict[str, Any] | None = None,
) -> Document:
    """Add a document (a KB, a PKS under a KB, an addendum, a KAK …) with each party's number,
    and optionally its first file. The cooperation's signing and end dates follow. The file is
    checked and stored before the transaction and removed if the write fails (item 20).

    An agreement is a shared fact (`permissions.can_add_document`): after signing only the
    secretariat adds one (e.g. an addendum); any other paper is a progress report.

    `filed_by` names the act that files a paper which is not an agreement on the case (issue 9:
    a TKKSD meeting files the extract of its minutes when its chair makes them final); the
    caller's service has checked its own authority (the chair's), so no party role is asked,
    and the audit event records the act."""
    if upload is None:
        return _document_create(
            actor=actor,
            cooperation=cooperation,
            data=data,
            entries=entries,
            override_reason=override_reason,
            filed_by=filed_by,
        )
    if filed_by is None or (data.get("kind") or "") in AGREEMENT_KINDS:
        _require_add_document(actor, cooperation, data)  # refuse before storing anything
    with stored_upload(
        upload, storage=DocumentFile.file.field.storage, folder=f"documents/{cooperation.pk}"
    ) as pending:
        return _document_create(
            actor=actor,
            cooperation=cooperation,
            data=data,
            entries=entries,
            pending=pending,
            override_reason=override_reason,
            filed_by=filed_by,
        )


def _require_add_document(actor: User, cooperation: Cooperation, data: dict[str, Any]) -> None:

    if not can_add_document(actor, cooperation, data.get("kind") or ""):
        if can_work_on_cooperation(actor, cooperation):
            raise NotPermitted(
                _(
                    "An agreement of this cooperation is signed: only the secretariat adds "
                    "agreements to it (such as an addendum)."
                )
            )
        raise NotPermitted(_("You may read this cooperation but not change it."))


@transaction.atomic
def _document_create(
    *,
    actor: User,
    cooperation: Cooperation,
    data: dict[str, Any],
    entries: dict[int, DocumentEntryInput] | None = None,
    pending: StoredUpload | None = None,
    override_reason: str = "",
    filed_by: dict[str, Any] | None = None,
) -> Document:
    if filed_by is None or (data.get("kind") or "") in AGREEMENT_KINDS:
        _require_add_document(actor, cooperation, data)
    entries = entries or {}
    fields = {k: data.get(k) for k in DOCUMENT_FIELDS if k in data}
    _report_period_fields(fields, None, cooperation)
    content_items = _content_items(cooperation, data, None)
    fields.update(_addendum_amendments(cooperation, data, fields, None))
    warnings = _check_document(cooperation=cooperation, data=fields, entries=entries, document=None)
    warnings += _issue7_warnings(cooperation, fields, None, content_items)
    document = Document(cooperation=cooperation, created_by=actor, **fields)
    document.full_clean()
    document.save()
    changes = {name: [None, value] for name, value in audit.snapshot(document, fields).items()}
    if content_items is not None:
        document.content_items.set(content_items)
        changes["content_items"] = [None, sorted(i.label for i in content_items)]
    changes.update(_save_entries(document, entries))
    audit.record(
        actor=actor,
        action="document.create",
        obj=document,
        cooperation=cooperation,
        changes=changes,
        data={"source": filed_by.get("label", "")} if filed_by else None,
    )
    _record_overrides(
        actor=actor,
        cooperation=cooperation,
        warnings=warnings,
        reason=override_reason,
        document=document,
    )
    if pending is not None:
        _document_file_row(actor=actor, document=document, pending=pending)
    _refresh_dates(cooperation)
    completeness.evidence_refresh(cooperation)
    access.access_refresh(cooperation)  # dates, executing OPD (issue 8)
    search.search_refresh(cooperation)
    return document


@transaction.atomic
def document_update(
    *,
    actor: User,
    document: Document,
    data: dict[str, Any],
    entries: dict[int, DocumentEntryInput] | None = None,
    override_reason: str = "",
    expected_version: int | None = None,
    change_reason: str = "",
) -> Document:
    """Change a document and the actor's parties' entries. With `expected_version` (the
    screens always pass it) an edit made on an older copy is refused.

    A signed agreement is changed only by the secretariat (`permissions.can_edit_document`),
    with a `change_reason` that the audit event records, and it stays signed (issue 6/17): a
    signature is a fact; what changes after it is recorded by an addendum."""
    entries = entries or {}
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_document_edit(actor, document)
    new_kind = data.get("kind") or document.kind
    if new_kind != document.kind and not can_add_document(actor, document.cooperation, new_kind):
        # A report cannot be turned into an agreement by whoever may not add one.
        raise NotPermitted(
            _(
                "An agreement of this cooperation is signed: only the secretariat adds "
                "agreements to it (such as an addendum)."
            )
        )
    reason = ""
    if document.status == DocumentStatus.SIGNED:
        if "status" in data and data["status"] != DocumentStatus.SIGNED:
            raise RuleViolation(
                {
                    "status": [
                        _(
                            "A signed document stays signed. Record what changed by an "
                            "addendum, or add the new document."
                        )
                    ]
                }
            )
        if document.kind in AGREEMENT_KINDS:
            reason = (change_reason or "").strip()
            if not reason:
                raise RuleViolation(
                    {
                        "change_reason": [
                            _(
                                "This agreement is signed: say why its record is changed (it is "
                                "recorded with the change)."
                            )
                        ]
                    }
                )
    if expected_version is not None and document.version != expected_version:
        raise StaleWrite(
            _(
                "Someone else saved this document while you were editing it. Open it again to "
                "see their changes, then make yours."
            )
        )

    foreign = [
        party
        for party in document.cooperation.parties.filter(pk__in=list(entries))
        if not can_edit_party(actor, party)
    ]
    if foreign:
        raise RuleViolation(
            {
                "parties": [
                    _("Only %(party)s's own secretariat changes its number.")
                    % {"party": foreign[0].partner}
                ]
            }
        )
    fields = {k: data.get(k) for k in DOCUMENT_FIELDS if k in data}
    if fields.get("kind", document.kind) != document.kind and document.children.exists():
        raise RuleViolation(
            {"kind": [_("Documents are placed under this one; its kind cannot change.")]}
        )
    _report_period_fields(fields, document, document.cooperation)
    content_items = _content_items(document.cooperation, data, document)
    fields.update(_addendum_amendments(document.cooperation, data, fields, document))
    warnings = _check_document(
        cooperation=document.cooperation, data=fields, entries=entries, document=document
    )
    warnings += _issue7_warnings(document.cooperation, fields, document, content_items)
    before = audit.snapshot(document, fields)
    before_items = sorted(i.label for i in document.content_items.all())
    for name, value in fields.items():
        setattr(document, name, value)
    document.version += 1
    document.full_clean()
    document.save(update_fields=[*fields, "version", "updated_at"])
    changes = audit.diff(before, audit.snapshot(document, fields))
    if content_items is not None:
        document.content_items.set(content_items)
        after_items = sorted(i.label for i in content_items)
        if after_items != before_items:
            changes["content_items"] = [before_items, after_items]
    changes.update(_save_entries(document, entries))
    audit.record(
        actor=actor,
        action="document.update",
        obj=document,
        cooperation=document.cooperation,
        changes=changes,
        data={"reason": reason} if reason else None,
    )
    _record_overrides(
        actor=actor,
        cooperation=document.cooperation,
        warnings=warnings,
        reason=override_reason,
        document=document,
    )
    _refresh_dates(document.cooperation)
    completeness.evidence_refresh(document.cooperation)
    access.access_refresh(document.cooperation)  # dates, executing OPD (issue 8)
    search.search_refresh(document.cooperation)
    return document


def document_file_add(
    *, actor: User, document: Document, upload: UploadedFile[bytes]
) -> DocumentFile:
    """Store a new version of the document's file. Earlier versions stay, untouched. A signed
    agreement's file is the secretariat's (`permissions.can_edit_document`).

    The file is checked and written before the transaction, which then writes only the row; a
    failed write removes the file again (issue 6, item 20)."""
    _require_document_edit(actor, document)
    with stored_upload(
        upload,
        storage=DocumentFile.file.field.storage,
        folder=f"documents/{document.cooperation_id}/{document.pk}",
    ) as pending:
        return _document_file_row(actor=actor, document=document, pending=pending)


@transaction.atomic
def _document_file_row(*, actor: User, document: Document, pending: StoredUpload) -> DocumentFile:
    # Lock the document so that two uploads at once get different version numbers.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    last = document.files.aggregate(last=Max("version"))["last"] or 0
    checked = pending.checked
    stored = DocumentFile(
        document=document,
        version=last + 1,
        file=pending.name,
        original_name=pending.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    stored.save()
    audit.record(
        actor=actor,
        action="document.upload",
        obj=stored,
        cooperation=document.cooperation,
        data={
            "document": str(document),
            "version": stored.version,
            "file": stored.original_name,
            "size": stored.size,
            "sha256": stored.sha256,
        },
    )
    return stored


@transaction.atomic
def financing_add(*, actor: User, cooperation: Cooperation, data: dict[str, Any]) -> FinancingLine:
    """Financing is a shared fact: `permissions.can_edit_cooperation`."""
    _require_edit(actor, cooperation)
    party: Party | None = data.get("party")
    if party is not None and party.cooperation_id != cooperation.pk:
        raise RuleViolation({"party": [_("Choose a party of this cooperation.")]})
    if data.get("source") == FinancingSource.APBD:
        if party is None:
            raise RuleViolation({"party": [_("Choose the region whose APBD funds this.")]})
        if not party.partner.region_id:
            raise RuleViolation({"party": [_("APBD funding comes from a party that is a region.")]})
    line = FinancingLine(
        cooperation=cooperation,
        source=data["source"],
        party=party,
        amount=data["amount"],
        fiscal_year=data.get("fiscal_year"),
        note=data.get("note", ""),
    )
    line.full_clean()
    line.save()
    audit.record(
        actor=actor,
        action="financing.add",
        obj=line,
        cooperation=cooperation,
        changes={
            "source": [None, line.get_source_display()],
            "party": [None, str(party) if party else ""],
            "amount": [None, line.amount],
            "fiscal_year": [None, line.fiscal_year],
        },
    )
    completeness.evidence_refresh(cooperation)  # the plan's funding (Pasal 30(3))
    access.access_refresh(cooperation)  # the evidence count (issue 8)
    return line


@transaction.atomic
def financing_remove(*, actor: User, line: FinancingLine, reason: str = "") -> None:
    """Remove a financing line. Once an agreement is signed only the secretariat removes one,
    and says why (the screen asks for it on a confirmation page; the audit event keeps it)."""
    _require_edit(actor, line.cooperation)
    cooperation = line.cooperation
    reason = _signed_change_reason(cooperation, reason, field="reason")
    audit.record(
        actor=actor,
        action="financing.remove",
        obj=line,
        cooperation=cooperation,
        changes={"amount": [line.amount, None], "source": [line.get_source_display(), None]},
        data={"reason": reason} if reason else None,
    )
    line.delete()
    completeness.evidence_refresh(cooperation)
    access.access_refresh(cooperation)  # the evidence count (issue 8)


def _refresh_dates(cooperation: Cooperation) -> None:
    """Keep `signed_on` (first signature of a principal agreement) and `ends_on` (latest end of
    any agreement that is not a draft) in step with the documents."""
    documents = Document.objects.filter(cooperation=cooperation, kind__in=TERM_KINDS)
    signed = (
        documents.exclude(kind=DocumentKind.ADDENDUM)
        .filter(status=DocumentStatus.SIGNED)
        .aggregate(first=Min("signed_on"))["first"]
    )
    ends = documents.exclude(status=DocumentStatus.DRAFT).aggregate(last=Max("end_date"))["last"]
    Cooperation.objects.filter(pk=cooperation.pk).update(signed_on=signed, ends_on=ends)
    cooperation.signed_on, cooperation.ends_on = signed, ends
    deadlines_refresh(cooperation)


@transaction.atomic
def finding_add(
    *, actor: User, cooperation: Cooperation, data: dict[str, Any]
) -> SupervisionFinding:
    """Record a supervision finding; its follow-up is due within 60 working days (§12).
    Progress reporting: `permissions.can_work_on_cooperation`."""
    _require_work(actor, cooperation)
    finding = SupervisionFinding(
        cooperation=cooperation, **{k: data.get(k) or "" for k in ("source", "summary")}
    )
    finding.received_on = data["received_on"]
    if finding.received_on > timezone.localdate():
        raise RuleViolation({"received_on": [_("The date cannot be in the future.")]})
    finding.full_clean()
    finding.save()
    audit.record(
        actor=actor,
        action="finding.add",
        obj=finding,
        cooperation=cooperation,
        changes={
            k: [None, v]
            for k, v in audit.snapshot(finding, ["received_on", "source", "summary"]).items()
        },
    )
    deadlines_refresh(cooperation)
    return finding


@transaction.atomic
def finding_follow_up(
    *, actor: User, finding: SupervisionFinding, data: dict[str, Any]
) -> SupervisionFinding:
    _require_work(actor, finding.cooperation)
    on = data.get("followed_up_on")
    if on is None or on > timezone.localdate() or on < finding.received_on:
        raise RuleViolation(
            {
                "followed_up_on": [
                    _("Give the date of the follow-up, between the finding and today.")
                ]
            }
        )
    before = audit.snapshot(finding, ["followed_up_on", "follow_up"])
    finding.followed_up_on, finding.follow_up = on, data.get("follow_up", "")
    finding.save(update_fields=["followed_up_on", "follow_up", "updated_at"])
    audit.record(
        actor=actor,
        action="finding.follow_up",
        obj=finding,
        cooperation=finding.cooperation,
        changes=audit.diff(before, audit.snapshot(finding, ["followed_up_on", "follow_up"])),
    )
    deadlines_refresh(finding.cooperation)
    return finding


# --- Withdrawing a party region that uses Kerjasama (issue 6/15) --------------------------------


def _check_parties_left(cooperation: Cooperation, *, field: str) -> None:
    """A cooperation keeps at least two parties (§9): a region is replaced by adding the new
    party first (an edit), then asking the old one to leave."""
    if cooperation.parties.count() <= 2:
        raise RuleViolation(
            {
                field: [
                    _(
                        "A cooperation has at least two parties: add the party that takes its "
                        "place first (Edit), then ask this one to leave."
                    )
                ]
            }
        )


@transaction.atomic
def party_change_request(*, actor: User, party: Party, reason: str) -> PartyChangeRequest:
    """Ask a party region that uses Kerjasama to leave a shared cooperation. Another party's
    secretariat asks (`permissions.can_request_party_change`); nothing changes until the
    region's own secretariat accepts (`party_change_decide`). Both are notified."""
    allowed = can_request_party_change(actor, party)
    region_id, tenant = party.partner.region_id, actor.tenant if allowed else None
    if not allowed or region_id is None or tenant is None:
        raise NotPermitted(
            _("Only the secretariat of another party asks a party to leave a cooperation.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation({"reason": [_("Say why this party should leave.")]})
    if party.pk in selectors.committed_party_ids(party.cooperation):
        raise RuleViolation(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "%(party)s has numbered documents or financing in this cooperation: it "
                        "does not simply leave. Record its withdrawal in an addendum, or end the "
                        "cooperation."
                    )
                    % {"party": party.partner}
                ]
            }
        )
    if party.change_requests.filter(status=PartyChangeStatus.PENDING).exists():
        raise RuleViolation({"reason": [_("A request for this party is already waiting.")]})
    _check_parties_left(party.cooperation, field="reason")
    request = PartyChangeRequest.objects.create(
        cooperation=party.cooperation,
        party=party,
        party_name=str(party.partner)[:250],
        party_region_id=region_id,
        reason=reason,
        requested_by=actor,
        requested_by_tenant=tenant,
    )
    audit.record(
        actor=actor,
        action="party_change.request",
        obj=request,
        cooperation=party.cooperation,
        data={"party": request.party_name, "reason": reason},
    )
    signals.party_change.send(sender=PartyChangeRequest, request=request, event="requested")
    return request


@transaction.atomic
def party_change_decide(
    *, actor: User, request: PartyChangeRequest, accept: bool, answer: str = ""
) -> PartyChangeRequest:
    """The withdrawn region's own secretariat accepts (the party leaves the cooperation, and
    with it the region's access) or refuses. Both sides are notified."""
    request = PartyChangeRequest.objects.select_for_update().get(pk=request.pk)
    if not can_decide_party_change(actor, request):
        raise NotPermitted(_("Only the secretariat of the party asked to leave answers."))
    party = request.party
    if request.status != PartyChangeStatus.PENDING or party is None:
        raise RuleViolation({"answer": [_("This request has already been answered.")]})
    cooperation = Cooperation.objects.select_for_update().get(pk=request.cooperation_id)
    if accept:
        _check_parties_left(cooperation, field="answer")
        if party.document_entries.exclude(number="").exists() or party.financing.exists():
            raise RuleViolation(
                {
                    "answer": [
                        _(
                            "%(party)s has document numbers or financing in this cooperation "
                            "and cannot be removed."
                        )
                        % {"party": party.partner}
                    ]
                }
            )
        before = [str(p.partner) for p in cooperation.parties.order_by("order")]
        party.delete()
        remaining = list(cooperation.parties.order_by("order"))
        Party.objects.filter(cooperation=cooperation).update(order=F("order") + 1000)
        for order, item in enumerate(remaining, start=1):
            Party.objects.filter(pk=item.pk).update(order=order)
        Cooperation.objects.filter(pk=cooperation.pk).update(version=F("version") + 1)
        # The region leaves, and with it its access, before anyone is told (issue 8).
        access.access_refresh(cooperation)
        audit.record(
            actor=actor,
            action="cooperation.update",
            obj=cooperation,
            cooperation=cooperation,
            changes={"parties": [before, [str(p.partner) for p in remaining]]},
            data={"reason": request.reason},
        )
    if accept:
        request.party = None  # the row was removed (SET_NULL in the database too)
    request.status = PartyChangeStatus.ACCEPTED if accept else PartyChangeStatus.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.answer = (answer or "").strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "answer", "updated_at"])
    audit.record(
        actor=actor,
        action="party_change.decide",
        obj=request,
        cooperation=cooperation,
        changes={"status": [PartyChangeStatus.PENDING, request.status]},
        data={"answer": request.answer} if request.answer else None,
    )
    signals.party_change.send(
        sender=PartyChangeRequest, request=request, event="accepted" if accept else "refused"
    )
    if accept:
        completeness.evidence_refresh(cooperation)  # the KB's numbers are per party
        access.access_refresh(cooperation)  # and the count the registry copies
        search.search_refresh(cooperation)  # the party's name and numbers are gone
    return request
