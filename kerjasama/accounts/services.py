"""Writes of tenants' OPDs and people."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kerjasama.accounts.letters import sample_letter
from kerjasama.accounts.models import (
    ContentChecklistItem,
    LetterCounter,
    Opd,
    RoleGrant,
    Tenant,
    User,
)
from kerjasama.accounts.permissions import can_manage_checklist, can_manage_opds, can_set_roles
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotPermitted, StaleWrite
from kerjasama.core.letters import render_docx
from kerjasama.core.letters.numbering import number_format, pattern_check
from kerjasama.core.uploads import check_docx, check_image, stored_upload

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


# --- Official letters: the region's layout, numbering and signer (issue 9, item 5) ----------

LETTER_FIELDS = [
    "letterhead",
    "letter_unit",
    "address",
    "phone",
    "email",
    "website",
    "letter_place",
    "letter_number_pattern",
    "letter_unit_code",
    "letter_code_invitation",
    "letter_code_attendance",
    "letter_code_minutes",
    "letter_code_extract",
    "signer_position",
    "signer_name",
    "signer_rank",
    "signer_nip",
]
LETTER_FILE_FIELDS = ["logo", "letter_template"]


def _letters_storage() -> Storage:
    """Where the logos and templates are kept: the storage of the uploaded documents."""
    return Tenant.logo.field.storage


def tenant_letters_update(
    *,
    actor: User,
    tenant: Tenant,
    data: dict[str, Any],
    logo: UploadedFile[Any] | None = None,
    template: UploadedFile[Any] | None = None,
    remove_logo: bool = False,
    remove_template: bool = False,
) -> Tenant:
    """Change the region's letter settings (kop surat, logo, template, numbering pattern, place,
    default signer): only that region's secretariat. A new logo (PNG/JPEG/SVG) or template
    (DOCX) is checked and stored before the transaction and removed again if the write is
    refused; nothing is half-saved. Audited."""
    if not can_manage_opds(actor, tenant):
        raise NotPermitted(_("Only the TKKSD secretariat keeps its region's letter settings."))
    pattern = data.get("letter_number_pattern")
    if pattern is not None:
        try:
            pattern_check(pattern)
        except DomainError as error:
            raise DomainError({"letter_number_pattern": error.messages}) from None
    storage = _letters_storage()
    folder = f"letters/{tenant.pk}"
    with contextlib.ExitStack() as stack:
        files: dict[str, str] = {}
        for field, upload, check in (
            ("logo", logo, check_image),
            ("letter_template", template, check_docx),
        ):
            if upload is None:
                continue
            try:
                pending = stack.enter_context(
                    stored_upload(upload, storage=storage, folder=folder, check=check)
                )
            except DomainError as error:
                raise DomainError({field: error.messages}) from None
            files[field] = pending.name
        if template is not None:  # a template that cannot make a letter is refused now
            template.seek(0)
            sample = sample_letter(tenant, day=timezone.localdate(), number="1/2021")
            try:
                render_docx(sample, template.read())
            except DomainError as error:
                raise DomainError({"letter_template": error.messages}) from None
        return _tenant_letters_write(
            actor=actor,
            tenant=tenant,
            data=data,
            files=files,
            remove={
                name
                for name, wanted in (("logo", remove_logo), ("letter_template", remove_template))
                if wanted and name not in files
            },
        )


@transaction.atomic
def _tenant_letters_write(
    *, actor: User, tenant: Tenant, data: dict[str, Any], files: dict[str, str], remove: set[str]
) -> Tenant:
    stored = Tenant.objects.select_for_update().get(pk=tenant.pk)
    before = audit.snapshot(stored, [*LETTER_FIELDS, *LETTER_FILE_FIELDS])
    replaced = [getattr(stored, name).name for name in [*files, *remove] if getattr(stored, name)]
    for name in LETTER_FIELDS:
        if name in data:
            setattr(stored, name, data[name] if data[name] is not None else "")
    for name, path in files.items():
        setattr(stored, name, path)
    for name in remove:
        setattr(stored, name, "")
    stored.full_clean(exclude=["region"])
    stored.save(update_fields=[*LETTER_FIELDS, *LETTER_FILE_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="tenant.letters",
        obj=stored,
        changes=audit.diff(before, audit.snapshot(stored, [*LETTER_FIELDS, *LETTER_FILE_FIELDS])),
    )
    for name in replaced:
        if name not in files.values():
            transaction.on_commit(functools.partial(_letters_storage().delete, name))
    for name in [*LETTER_FIELDS, *LETTER_FILE_FIELDS]:
        setattr(tenant, name, getattr(stored, name))
    return stored


@transaction.atomic
def letter_number_take(*, actor: User | None, tenant: Tenant, day: dt.date, code: str = "") -> str:
    """Give the region's next letter number for the year of `day`, formatted with its pattern
    (e.g. 005/12/KS-Pem/2021). Call it inside the transaction of the write that issues the
    letter: the year's counter row is read with a row lock (SELECT … FOR UPDATE) and kept
    locked until that transaction ends, so two letters never get one number; a rolled-back
    write gives its number back. A new year starts again at 1."""
    # The row exists before it is locked; two first letters of a year may both try to create
    # it, and the loser of that race simply reads the winner's row.
    if not LetterCounter.objects.filter(tenant=tenant, year=day.year).exists():
        try:
            with transaction.atomic():
                LetterCounter.objects.create(tenant=tenant, year=day.year)
        except IntegrityError:
            pass
    counter = LetterCounter.objects.select_for_update().get(tenant=tenant, year=day.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    number = number_format(
        tenant.letter_number_pattern,
        number=counter.last_number,
        year=day.year,
        month=day.month,
        code=code,
        unit=tenant.letter_unit_code,
    )
    audit.record(
        actor=actor,
        action="letter.number",
        obj=tenant,
        data={"number": number, "year": day.year, "counter": counter.last_number},
    )
    return number


def letter_number_preview(*, tenant: Tenant, day: dt.date, code: str = "", ahead: int = 0) -> str:
    """The number the next letter of `day`'s year would get, without taking it (the sample
    letter shows it); with `ahead`, the one `ahead` letters later (several letters rendered
    before the one transaction that numbers them all, as a finalisation's extracts)."""
    last = (
        LetterCounter.objects.filter(tenant=tenant, year=day.year)
        .values_list("last_number", flat=True)
        .first()
    ) or 0
    return number_format(
        tenant.letter_number_pattern,
        number=last + 1 + ahead,
        year=day.year,
        month=day.month,
        code=code,
        unit=tenant.letter_unit_code,
    )
