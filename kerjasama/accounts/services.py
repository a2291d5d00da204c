"""Writes of tenants' OPDs and people."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kerjasama.accounts.models import ContentChecklistItem, Opd, RoleGrant, Tenant, User
from kerjasama.accounts.permissions import can_manage_checklist, can_manage_opds, can_set_roles
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotPermitted, StaleWrite

OPD_FIELDS = ["name", "short_name", "active"]


@transaction.atomic
def opd_create(*, actor: User, tenant: Tenant, data: dict[str, Any]) -> Opd:
    """Add an OPD to a region: only that region's secretariat."""
    if not can_manage_opds(actor, tenant):
        raise NotPermitted(_("Only the TKKSD secretariat manages its region's OPDs."))
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
def opd_update(
    *, actor: User, opd: Opd, data: dict[str, Any], expected_version: int | None = None
) -> Opd:
    """Change an OPD: only its region's secretariat. With `expected_version` (the screens
    always pass it) an edit made on an older copy is refused."""
    # The stored row, locked: a ModelForm may already have copied its input onto `opd`.
    stored = Opd.objects.select_for_update().get(pk=opd.pk)
    if not can_manage_opds(actor, stored.tenant):
        raise NotPermitted(_("Only the TKKSD secretariat manages its region's OPDs."))
    if expected_version is not None and stored.version != expected_version:
        raise StaleWrite(
            _(
                "Someone else saved this OPD while you were editing it. Open it again to see "
                "their changes, then make yours."
            )
        )
    before = audit.snapshot(stored, OPD_FIELDS)
    for name in OPD_FIELDS:
        if name in data:
            setattr(opd, name, data[name])
    opd.version = stored.version + 1
    opd.full_clean()
    if Opd.objects.filter(tenant_id=opd.tenant_id, name=opd.name).exclude(pk=opd.pk).exists():
        raise DomainError({"name": [_("Your region already has an OPD with this name.")]})
    opd.save(update_fields=[*OPD_FIELDS, "version", "updated_at"])
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
    """Grant exactly `roles`: a platform administrator's act (`permissions.can_set_roles`)."""
    if not can_set_roles(actor):
        raise NotPermitted(_("Only a platform administrator grants roles."))
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


CHECKLIST_FIELDS = ["document_kind", "label", "order", "active"]


def _checklist_duplicate(item: ContentChecklistItem) -> None:
    if (
        ContentChecklistItem.objects.filter(
            tenant_id=item.tenant_id, document_kind=item.document_kind, label=item.label
        )
        .exclude(pk=item.pk)
        .exists()
    ):
        raise DomainError({"label": [_("This row is already on the checklist.")]})


@transaction.atomic
def checklist_item_create(
    *, actor: User, tenant: Tenant, data: dict[str, Any]
) -> ContentChecklistItem:
    """Add a row to the region's content checklist of KB or PKS (§5.5 ❓): only that region's
    secretariat. Audited."""
    if not can_manage_checklist(actor, tenant):
        raise NotPermitted(_("Only the TKKSD secretariat keeps its region's content checklist."))
    item = ContentChecklistItem(
        tenant=tenant, **{k: data[k] for k in CHECKLIST_FIELDS if k in data}
    )
    item.full_clean(validate_constraints=False)
    _checklist_duplicate(item)
    item.save()
    audit.record(
        actor=actor,
        action="checklist.create",
        obj=item,
        changes={k: [None, v] for k, v in audit.snapshot(item, CHECKLIST_FIELDS).items()},
    )
    return item


@transaction.atomic
def checklist_item_update(
    *, actor: User, item: ContentChecklistItem, data: dict[str, Any]
) -> ContentChecklistItem:
    """Change a row of the region's content checklist (e.g. take it out of use: rows ticked on
    agreements stay as they were). Only that region's secretariat. Audited."""
    stored = ContentChecklistItem.objects.select_for_update().get(pk=item.pk)
    if not can_manage_checklist(actor, stored.tenant):
        raise NotPermitted(_("Only the TKKSD secretariat keeps its region's content checklist."))
    before = audit.snapshot(stored, CHECKLIST_FIELDS)
    for name in CHECKLIST_FIELDS:
        if name in data:
            setattr(stored, name, data[name])
    stored.full_clean(validate_constraints=False)
    _checklist_duplicate(stored)
    stored.save()
    audit.record(
        actor=actor,
        action="checklist.update",
        obj=stored,
        changes=audit.diff(before, audit.snapshot(stored, CHECKLIST_FIELDS)),
    )
    return stored
