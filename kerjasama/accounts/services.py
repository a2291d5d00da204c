"""Writes of tenants' OPDs and people."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Opd, RoleGrant, Tenant, User
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError

OPD_FIELDS = ["name", "short_name", "active"]


@transaction.atomic
def opd_create(*, actor: User, tenant: Tenant, data: dict[str, Any]) -> Opd:
    opd = Opd(tenant=tenant, **{k: data[k] for k in OPD_FIELDS if k in data})
    if Opd.objects.filter(tenant=tenant, name=opd.name).exists():
        raise DomainError({"name": [_("Your region already has an OPD with this name.")]})
    opd.full_clean()
    try:
        with transaction.atomic():
            opd.save()
    except IntegrityError:
        raise DomainError({"name": [_("Your region already has an OPD with this name.")]}) from None
    audit.record(
        actor=actor,
        action="opd.create",
        obj=opd,
        changes={k: [None, v] for k, v in audit.snapshot(opd, OPD_FIELDS).items()},
    )
    return opd


@transaction.atomic
def opd_update(*, actor: User, opd: Opd, data: dict[str, Any]) -> Opd:
    # The stored row, locked: a ModelForm may already have copied its input onto `opd`.
    before = audit.snapshot(Opd.objects.select_for_update().get(pk=opd.pk), OPD_FIELDS)
    for name in OPD_FIELDS:
        if name in data:
            setattr(opd, name, data[name])
    opd.full_clean()
    if Opd.objects.filter(tenant_id=opd.tenant_id, name=opd.name).exclude(pk=opd.pk).exists():
        raise DomainError({"name": [_("Your region already has an OPD with this name.")]})
    opd.save(update_fields=[*OPD_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="opd.update",
        obj=opd,
        changes=audit.diff(before, audit.snapshot(opd, OPD_FIELDS)),
    )
    return opd


@transaction.atomic
def user_language_set(*, user: User, language: str) -> bool:
    """Remember the language the user chose in the interface, for what reaches them without a
    request (e-mails, the calendar feed). Returns False, writing nothing, if it was already."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the languages offered."))
    with transaction.atomic():
        before = user.language
        if before == language:
            return False
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
        audit.record(
            actor=user, action="user.language", obj=user, changes={"language": [before, language]}
        )
    return True


def user_set_roles(*, actor: User | None, user: User, roles: set[str]) -> None:
    current = set(user.role_grants.values_list("role", flat=True))
    user.role_grants.exclude(role__in=roles).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles - current])
    user.__dict__.pop("roles", None)
    if current != roles:
        audit.record(
            actor=actor,
            action="user.roles",
            obj=user,
            changes={"roles": [sorted(current), sorted(roles)]},
        )
