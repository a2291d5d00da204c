"""Who may write partners (issue 6/13). The services check these; so do the screens."""

from __future__ import annotations

from kerjasama.accounts.models import Role, User
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner


def can_create_partner(user: User | None) -> bool:
    """Any region's secretariat registers a partner (after searching for it)."""
    return (
        user is not None
        and user.is_authenticated
        and user.tenant_id is not None
        and user.has_role(Role.SECRETARIAT)
    )


def can_edit_partner(user: User | None, partner: Partner) -> bool:
    """A partner is shared by every region: it is kept by the secretariat of the region that
    registered it, or of a region that is party to a cooperation with it — not by anyone else.
    A region's own partner row follows the region list and is not edited.

    The cooperations are reached through the `parties` relation by name: `partners` does not
    import `agreements` (docs/ARCHITECTURE.md, "Who may import whom")."""
    if not can_create_partner(user) or partner.kind == PartnerKind.REGION:
        return False
    if user is None or user.tenant is None:  # both excluded above; said again for the types
        return False
    if partner.created_by is not None and partner.created_by.tenant_id == user.tenant_id:
        return True
    return Partner.objects.filter(
        pk=partner.pk,
        parties__cooperation__parties__partner__region_id=user.tenant.region_id,
    ).exists()
