"""Who may write a region's OPDs and people's roles (issue 6/13). The services check these."""

from __future__ import annotations

from kerjasama.accounts.models import Role, Tenant, User


def can_manage_opds(user: User | None, tenant: Tenant) -> bool:
    """A region's OPDs are kept by its own secretariat."""
    return (
        user is not None
        and user.is_authenticated
        and user.tenant_id is not None
        and user.tenant_id == tenant.pk
        and user.has_role(Role.SECRETARIAT)
    )


def can_set_roles(user: User | None) -> bool:
    """Roles (among them the take-over authority) are granted by a platform administrator,
    never by a region's own users. `None` is the system itself (the demo loader, a command run
    on the server), which has no user to check."""
    return user is None or (user.is_authenticated and user.is_superuser)


def can_manage_checklist(user: User | None, tenant: Tenant) -> bool:
    """A region's content checklist of KB and PKS (§5.5 `muatan_wajib`, "editable by the Bagian
    Kerja Sama") is kept by its own secretariat, as its OPDs are."""
    return can_manage_opds(user, tenant)
