"""Small predicates: may this user do this now? Used by the services (which raise
`core.exceptions.NotPermitted` when one says no), views, templates and (later) the API.

Reading is decided by `selectors.cooperation_visible_to`; these decide writing. The rules are
written out in docs/ARCHITECTURE.md ("Visibility and editing").
"""

from __future__ import annotations

from kerjasama.accounts.models import Role, Tenant, User
from kerjasama.agreements import takeover
from kerjasama.agreements.enums import AGREEMENT_KINDS, SIGNED_STAGES, DocumentStatus
from kerjasama.agreements.models import Cooperation, Document, Party, PartyChangeRequest
from kerjasama.agreements.selectors import cooperation_involves_opd, cooperation_is_party
from kerjasama.partners import permissions as partner_rules
from kerjasama.partners.models import Partner


def cooperation_is_signed(cooperation: Cooperation) -> bool:
    """Whether the parties have signed an agreement of this case (by its stage, or by a signed
    agreement on file: a case registered at a later stage has both)."""
    return cooperation.stage in SIGNED_STAGES or cooperation.signed_on is not None


def _is_party_secretariat(user: User | None, cooperation: Cooperation) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.has_role(Role.SECRETARIAT)
        and cooperation_is_party(user, cooperation)
    )


def can_create_cooperation(user: User | None) -> bool:
    """The secretariat registers cooperation; an OPD officer may register its OPD's proposal."""
    return (
        user is not None
        and user.is_authenticated
        and user.tenant_id is not None
        and user.has_role(Role.SECRETARIAT, Role.OPD_OFFICER)
    )


def can_work_on_cooperation(user: User | None, cooperation: Cooperation) -> bool:
    """Reporting progress on a case (supporting documents and their files, supervision
    findings and their follow-up): the secretariat of any party region, or an OPD officer of a
    party region whose OPD the case names. Leadership and province oversight only read."""
    if user is None or not user.is_authenticated or not cooperation_is_party(user, cooperation):
        return False
    if user.has_role(Role.SECRETARIAT):
        return True
    return user.has_role(Role.OPD_OFFICER) and cooperation_involves_opd(cooperation, user.opd_id)


def can_edit_cooperation(user: User | None, cooperation: Cooperation) -> bool:
    """The shared facts of a case (title, scope, parties, financing, agreements): the
    secretariat of any party region; an involved OPD officer only while the case is a proposal
    being drafted, before any agreement is signed. Province oversight alone never edits."""
    if _is_party_secretariat(user, cooperation):
        return True
    return not cooperation_is_signed(cooperation) and can_work_on_cooperation(user, cooperation)


def can_add_document(user: User | None, cooperation: Cooperation, kind: str) -> bool:
    """An agreement (KB, PKS, addendum …) is a shared fact; any other paper is a report."""
    if kind in AGREEMENT_KINDS:
        return can_edit_cooperation(user, cooperation)
    return can_work_on_cooperation(user, cooperation)


def can_edit_document(user: User | None, document: Document) -> bool:
    """A signed agreement (its data or a new file version) only by a party's secretariat; a
    draft agreement like the shared facts; any other document by whoever reports progress,
    except that once the case is signed an OPD officer edits only the supporting documents it
    reports for (it created them, or its OPD executes them)."""
    cooperation = document.cooperation
    if document.kind in AGREEMENT_KINDS:
        if document.status == DocumentStatus.SIGNED:
            return _is_party_secretariat(user, cooperation)
        return can_edit_cooperation(user, cooperation)
    if not can_work_on_cooperation(user, cooperation):
        return False
    if _is_party_secretariat(user, cooperation) or not cooperation_is_signed(cooperation):
        return True
    # After signing an OPD officer edits only the supporting documents it reports for: those
    # it created or whose executing OPD is its own; the rest stay the secretariat's (issue 6).
    return user is not None and (
        document.created_by_id == user.pk
        or (document.executing_opd_id is not None and document.executing_opd_id == user.opd_id)
    )


def can_take_over(
    user: User | None, cooperation: Cooperation, failed_party: Party | None = None
) -> bool:
    """The take-over of an unperformed kerja sama wajib is a legal act (§6.6; PP 28/2018 Pasal
    10–11) of the authority over the party that failed: the central government (a
    `TAKEOVER_AUTHORITY` user without a region, at platform level) when a province failed, the
    governor as representative of the central government (a `TAKEOVER_AUTHORITY` user of the
    province's tenant) when a kab/kota of that province failed (`takeover.may_take_over_for`;
    UU 23/2014 Pasal 364(3)–(4) differs, §14 item 4). Without `failed_party` (before the step's
    form says which): whether the user is that authority for any of the case's regions."""
    if user is None or not user.is_authenticated or not user.has_role(Role.TAKEOVER_AUTHORITY):
        return False
    if failed_party is not None:
        return takeover.may_take_over_for(user, failed_party)
    return any(takeover.may_take_over_for(user, p) for p in takeover.region_parties(cooperation))


def takeover_actor_kind(user: User) -> str:
    """Which take-over authority the user is: "central_government" or "governor"."""
    return takeover.actor_kind(user)


def can_edit_party(user: User | None, party: Party) -> bool:
    """A party's own data (register number, OPDs, contact): only that party's secretariat.
    A party that is not a region using Kerjasama is kept by the secretariats of the others."""
    if user is None or not user.is_authenticated:
        return False
    if not user.has_role(Role.SECRETARIAT) or user.tenant is None:
        return False
    party_region = party.partner.region_id
    if party_region == user.tenant.region_id:
        return True
    party_is_tenant = party_region is not None and region_is_tenant(party_region)
    return not party_is_tenant and cooperation_is_party(user, party.cooperation)


def can_edit_partner(user: User | None, partner: Partner) -> bool:
    """See `partners.permissions.can_edit_partner` (kept here for the screens' imports)."""
    return partner_rules.can_edit_partner(user, partner)


def can_request_party_change(user: User | None, party: Party) -> bool:
    """Asking a party region that uses Kerjasama to leave: the secretariat of another party
    region (issue 6/15); a party that is not a tenant is simply edited away."""
    if user is None or user.tenant is None or not _is_party_secretariat(user, party.cooperation):
        return False
    region_id = party.partner.region_id
    return (
        region_id is not None and region_id != user.tenant.region_id and region_is_tenant(region_id)
    )


def can_decide_party_change(user: User | None, request: PartyChangeRequest) -> bool:
    """Only the secretariat of the region asked to leave answers."""
    party = request.party
    return (
        party is not None
        and user is not None
        and user.is_authenticated
        and user.has_role(Role.SECRETARIAT)
        and user.tenant is not None
        and party.partner.region_id == user.tenant.region_id
    )


def region_is_tenant(region_id: int) -> bool:
    return Tenant.objects.filter(region_id=region_id, active=True).exists()
