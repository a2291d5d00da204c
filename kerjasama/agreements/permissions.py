"""Small predicates: may this user do this now? Used by views, templates and (later) the API.

Reading is decided by `selectors.cooperation_visible_to`; these decide writing.
"""

from __future__ import annotations

from kerjasama.accounts.models import Role, User
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.agreements.selectors import cooperation_involves_opd, cooperation_is_party


def can_create_cooperation(user: User) -> bool:
    """The secretariat registers cooperation; an OPD officer may register its OPD's proposal."""
    return user.tenant_id is not None and user.has_role(Role.SECRETARIAT, Role.OPD_OFFICER)


def can_edit_cooperation(user: User, cooperation: Cooperation) -> bool:
    """The shared facts of a case: the secretariat of any party region, or an OPD officer of a
    party region whose OPD the case names. Province oversight alone never edits."""
    if not cooperation_is_party(user, cooperation):
        return False
    if user.has_role(Role.SECRETARIAT):
        return True
    return user.has_role(Role.OPD_OFFICER) and cooperation_involves_opd(cooperation, user.opd_id)


def can_edit_party(user: User, party: Party) -> bool:
    """A party's own data (register number, OPDs, contact): only that party's secretariat.
    A party that is not a region using Kerjasama is kept by the secretariats of the others."""
    if not user.has_role(Role.SECRETARIAT) or user.tenant_id is None:
        return False
    party_region = party.partner.region_id
    if party_region == user.tenant.region_id:
        return True
    party_is_tenant = party_region is not None and _region_is_tenant(party_region)
    return not party_is_tenant and cooperation_is_party(user, party.cooperation)


def can_edit_partner(user: User, partner) -> bool:
    """A partner is shared by every region: it is kept by the secretariat of the region that
    registered it, or of a region that is party to a cooperation with it — not by anyone else."""
    from kerjasama.agreements.models import Party
    from kerjasama.partners.enums import PartnerKind

    if partner.kind == PartnerKind.REGION or user.tenant_id is None:
        return False
    if not user.has_role(Role.SECRETARIAT):
        return False
    if partner.created_by_id and partner.created_by.tenant_id == user.tenant_id:
        return True
    return Party.objects.filter(
        partner=partner,
        cooperation__parties__partner__region_id=user.tenant.region_id,
    ).exists()


def _region_is_tenant(region_id: int) -> bool:
    from kerjasama.accounts.models import Tenant

    return Tenant.objects.filter(region_id=region_id, active=True).exists()
