"""Who reads and who keeps a region's TKKSD (issue 9, item 1). The services check these."""

from __future__ import annotations

from kerjasama.accounts.models import Role, Tenant, User

READERS = (Role.SECRETARIAT, Role.LEADERSHIP, Role.TKKSD_MEMBER, Role.OPD_OFFICER)


def _own_region(user: User | None, tenant: Tenant) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.tenant_id is not None
        and user.tenant_id == tenant.pk
    )


def can_read_team(user: User | None, tenant: Tenant) -> bool:
    """The region's own people read its team: the secretariat, leadership (the Sekda chairs
    it, §2), TKKSD members and OPD officers (the members come from the OPDs, §2.1). Other
    regions read nothing of it."""
    return _own_region(user, tenant) and user is not None and user.has_role(*READERS)


def can_keep_team(user: User | None, tenant: Tenant) -> bool:
    """The decrees, seats and holders are recorded by the region's secretariat (the Setda
    unit that serves the team, §2.1)."""
    return _own_region(user, tenant) and user is not None and user.has_role(Role.SECRETARIAT)
