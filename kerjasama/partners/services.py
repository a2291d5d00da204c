"""Writes and searches of partners: a partner is entered once and reused (search before create)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kerjasama.accounts.models import User
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotPermitted, StaleWrite
from kerjasama.partners.enums import ForeignInstitutionType, PartnerKind
from kerjasama.partners.identifiers import clean_nib, clean_npwp, identifier_digits
from kerjasama.partners.models import Partner, normalize_name
from kerjasama.partners.permissions import can_create_partner, can_edit_partner
from kerjasama.partners.signals import partner_changed
from kerjasama.reference.models import Region


class DuplicatePartner(DomainError):
    """A partner with the same identifiers or name exists; `candidates` lists them."""

    def __init__(self, message: str, candidates: list[Partner]) -> None:
        super().__init__(message)
        self.candidates = candidates


def partner_for_region(region: Region, *, actor: User | None = None) -> Partner:
    """The one partner row of a region, made (and audited) on first use."""
    found = Partner.objects.filter(region=region).first()  # nearly always: no savepoint
    return found if found is not None else _partner_for_region_create(region, actor)


@transaction.atomic
def _partner_for_region_create(region: Region, actor: User | None) -> Partner:
    partner, created = Partner.objects.get_or_create(
        region=region, defaults={"kind": PartnerKind.REGION, "name": region.government_name}
    )
    if created:
        audit.record(
            actor=actor,
            action="partner.create",
            obj=partner,
            changes={
                "kind": [None, partner.kind],
                "name": [None, partner.name],
                "region": [None, region.code],
            },
        )
    return partner


def partner_search(query: str, *, limit: int = 20) -> list[Partner | Region]:
    """Regions (by code or name) and other partners (by name, NIB, NPWP) matching `query`.

    Regions are returned as `Region` objects, so that a region need not have a partner row
    before it is first chosen.
    """
    query = query.strip()
    if not query:
        return []
    regions: QuerySet[Region] = Region.objects.filter(retired=False)
    if query.replace(".", "").isdigit():
        regions = regions.filter(code__startswith=query)
    else:
        for word in query.split()[:5]:
            regions = regions.filter(name__icontains=word)
    key = normalize_name(query)
    digits = identifier_digits(query)  # an NIB or NPWP typed as printed
    condition = Q(name_key__contains=key)
    if digits.isdigit():
        condition |= Q(nib=digits) | Q(npwp=digits)
    partners = Partner.objects.exclude(kind=PartnerKind.REGION).filter(condition)
    found: list[Partner | Region] = list(regions.order_by("code")[: limit // 2])
    found.extend(partners.order_by("name")[: limit - len(found)])
    return found


def partner_duplicates(
    *, name: str, nib: str = "", npwp: str = "", exclude: int | None = None
) -> list[Partner]:
    key = normalize_name(name)
    condition = Q(name_key=key)
    if nib:
        condition |= Q(nib=nib)
    if npwp:
        condition |= Q(npwp=npwp)
    queryset = Partner.objects.exclude(kind=PartnerKind.REGION).filter(condition)
    if exclude:
        queryset = queryset.exclude(pk=exclude)
    return list(queryset[:10])


PARTNER_FIELDS = [
    "kind",
    "name",
    "third_party_type",
    "foreign_institution_type",
    "country",
    "nib",
    "npwp",
    "address",
    "website",
]


def _check(data: dict[str, Any]) -> dict[str, list[str]]:
    """The rules of a partner's facts; NIB and NPWP in `data` are reduced to their digits."""
    errors: dict[str, list[str]] = {}
    for name, clean in (("nib", clean_nib), ("npwp", clean_npwp)):
        try:
            data[name] = clean(data.get(name) or "")
        except DomainError as error:
            errors[name] = error.messages
    kind = data.get("kind")
    if kind == PartnerKind.REGION:
        errors["kind"] = [_("Regions are chosen from the region list, not entered.")]
    if kind == PartnerKind.THIRD_PARTY and not data.get("third_party_type"):
        errors["third_party_type"] = [_("Choose the third-party type of PP 28/2018 Pasal 14.")]
    if kind != PartnerKind.THIRD_PARTY and (data.get("nib") or data.get("third_party_type")):
        errors["third_party_type"] = [_("Third-party type and NIB apply to third parties only.")]
    if kind in (PartnerKind.FOREIGN_GOVERNMENT, PartnerKind.FOREIGN_INSTITUTION):
        if not data.get("country"):
            errors["country"] = [_("A foreign partner needs its country.")]
        elif str(data.get("country")) == "ID":
            errors["country"] = [_("A foreign partner is not in Indonesia.")]
    elif data.get("country") and str(data.get("country")) != "ID":
        errors["country"] = [_("Only foreign partners have a country other than Indonesia.")]
    if kind == PartnerKind.FOREIGN_INSTITUTION and not data.get("foreign_institution_type"):
        errors["foreign_institution_type"] = [
            _("Choose the institution type of PP 28/2018 Pasal 36.")
        ]
    if kind != PartnerKind.FOREIGN_INSTITUTION and data.get("foreign_institution_type"):
        errors["foreign_institution_type"] = [_("This applies to foreign institutions only.")]
    if (
        data.get("foreign_institution_type")
        and data["foreign_institution_type"] not in ForeignInstitutionType.values
    ):
        errors["foreign_institution_type"] = [_("Unknown institution type.")]
    return errors


@transaction.atomic
def partner_create(
    *, actor: User, data: dict[str, Any], confirm_not_duplicate: bool = False
) -> Partner:
    """Create a partner. If one with the same NIB/NPWP exists, refuse; if one with the same
    name exists, refuse unless the user confirmed it is a different one. Only a region's
    secretariat registers partners (`permissions.can_create_partner`)."""
    if not can_create_partner(actor):
        raise NotPermitted(_("Only the TKKSD secretariat registers partners."))
    fields = {k: data.get(k, "") for k in PARTNER_FIELDS}
    errors = _check(fields)
    if errors:
        raise DomainError(errors)
    duplicates = partner_duplicates(name=fields["name"], nib=fields["nib"], npwp=fields["npwp"])
    same_id = [
        p
        for p in duplicates
        if (fields["nib"] and p.nib == fields["nib"])
        or (fields["npwp"] and p.npwp == fields["npwp"])
    ]
    if same_id:
        raise DuplicatePartner(
            _("A partner with this NIB or NPWP is already registered: use it."), same_id
        )
    if duplicates and not confirm_not_duplicate:
        raise DuplicatePartner(
            _(
                "A partner with a similar name is already registered. Use it, or confirm that "
                "this is a different one."
            ),
            duplicates,
        )
    partner = Partner(**fields, created_by=actor)
    partner.full_clean()
    partner.save()
    audit.record(
        actor=actor,
        action="partner.create",
        obj=partner,
        changes={k: [None, v] for k, v in audit.snapshot(partner, PARTNER_FIELDS).items() if v},
        data={"confirmed_not_duplicate_of": [str(p) for p in duplicates]} if duplicates else {},
    )
    return partner


@transaction.atomic
def partner_update(
    *, actor: User, partner: Partner, data: dict[str, Any], expected_version: int | None = None
) -> Partner:
    """Change a partner: only the secretariat of the region that registered it or works with it
    (`permissions.can_edit_partner`). With `expected_version` (the screens always pass it) an
    edit made on an older copy is refused."""
    if partner.kind == PartnerKind.REGION:
        raise NotPermitted(_("A region's partner entry follows the region list."))
    if not can_edit_partner(actor, partner):
        raise NotPermitted(
            _("A partner is changed by the region that registered it or works with it.")
        )
    fields = {k: data.get(k, getattr(partner, k)) for k in PARTNER_FIELDS}
    errors = _check(fields)
    if errors:
        raise DomainError(errors)
    # The stored row, locked: a ModelForm may already have copied its input onto `partner`.
    stored = Partner.objects.select_for_update().get(pk=partner.pk)
    if expected_version is not None and stored.version != expected_version:
        raise StaleWrite(
            _(
                "Someone else saved this partner while you were editing it. Open it again to "
                "see their changes, then make yours."
            )
        )
    before = audit.snapshot(stored, PARTNER_FIELDS)
    same_id = [
        p
        for p in partner_duplicates(
            name=fields["name"], nib=fields["nib"], npwp=fields["npwp"], exclude=partner.pk
        )
        if (fields["nib"] and p.nib == fields["nib"])
        or (fields["npwp"] and p.npwp == fields["npwp"])
    ]
    if same_id:
        raise DuplicatePartner(_("A partner with this NIB or NPWP is already registered."), same_id)
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.version = stored.version + 1
    partner.full_clean()
    partner.save()
    audit.record(
        actor=actor,
        action="partner.update",
        obj=partner,
        changes=audit.diff(before, audit.snapshot(partner, PARTNER_FIELDS)),
    )
    # The cases with this partner are searched by its name, NIB and NPWP (agreements listens).
    partner_changed.send(sender=Partner, partner=partner)
    return partner
