"""The requirements of foreign cooperation (KSDPL, KSDLL): KERJASAMA_DAERAH.md §3.3 ✅, §9
item 8; PP 28/2018 Pasal 23(2), 24–27, 35–37.

- Objects (Pasal 23(2); UU 23/2014 Pasal 367(1)): at least one of the five (`ForeignObject`).
- Requirements (Pasal 27), recorded as facts of the case and checked **before the letter of
  intent is signed** — the first commitment to the foreign party, prepared in the
  consultation with the Minister of Home Affairs and the Minister of Foreign Affairs that
  precedes it (§6.1 states 3–4, Pasal 28(4)–(5)) — and again **before the text is signed**
  (Pasal 33(4)), for a case registered later or whose partner changed:
  (a) the partner's country has diplomatic relations with Indonesia (derived from
  `Partner.country` and the shipped list `reference.lists`); (b) the subject is a regional
  affair (at least one bidang urusan, §10); (c) the region opens no representative office
  abroad; (d) the foreign party does not interfere in domestic affairs; (e) consistent with
  national and regional policy and development plans. A science-and-technology cooperation
  transfers it to Indonesian human resources. A KSDPL also needs equal status and/or
  territory, complementarity and/or stronger ties between the peoples — read as "at least one
  of the three", the list being joined by "dan/atau".
- The KSDLL basis against the partner's type (Pasal 25, 36): a continuation of a
  central-government cooperation is with an intergovernmental organisation, a foreign
  non-profit legal entity (never a political party: the type list has none) or a foreign
  development partner (36(1)–(2)); another form approved by the centre is with another foreign
  institution, e.g. an education institution (36(4)). A KSDPL is with a foreign local
  government (Pasal 24; `validation` checks the party kinds).

This module imports no service and no lifecycle: the lifecycle builds its `Check`s from
`CHECKS` (code, message, test, applies).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from django.db.models import Field
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kerjasama.agreements.check_context import CheckContext
from kerjasama.agreements.enums import FOREIGN_KINDS, CooperationKind, ForeignObject, KsdllBasis
from kerjasama.agreements.models import Cooperation
from kerjasama.agreements.prefetch import is_prefetched
from kerjasama.partners.enums import ForeignInstitutionType, PartnerKind
from kerjasama.partners.models import Partner
from kerjasama.reference.lists import countries_without_diplomatic_relations

# Pasal 36: which foreign institutions each KSDLL basis of Pasal 25 is with.
PARTNER_TYPES_BY_BASIS: dict[str, frozenset[str]] = {
    KsdllBasis.CONTINUATION: frozenset(
        {
            ForeignInstitutionType.INTERNATIONAL_ORGANISATION,
            ForeignInstitutionType.NONPROFIT,
            ForeignInstitutionType.DEVELOPMENT_PARTNER,
        }
    ),
    KsdllBasis.CENTRAL_APPROVAL: frozenset({ForeignInstitutionType.OTHER}),
}


def foreign_partners(partners: Iterable[Partner]) -> list[Partner]:
    return [p for p in partners if p.is_foreign]


def countries_without_relations(partners: Iterable[Partner]) -> list[str]:
    """The foreign partners' countries with which Indonesia has no diplomatic relations."""
    listed = countries_without_diplomatic_relations()
    return [listed[str(p.country)] for p in foreign_partners(partners) if str(p.country) in listed]


def ksdll_partner_errors(basis: str, partners: Iterable[Partner]) -> list[str]:
    """What is wrong with a KSDLL's foreign institutions for its basis (Pasal 25, 36)."""
    errors = []
    for partner in partners:
        if partner.kind != PartnerKind.FOREIGN_INSTITUTION:
            continue
        if not partner.foreign_institution_type:
            errors.append(
                str(
                    _("Record the type of the foreign institution %(name)s (PP 28/2018 Pasal 36).")
                    % {"name": partner.name}
                )
            )
        elif basis in PARTNER_TYPES_BY_BASIS and (
            partner.foreign_institution_type not in PARTNER_TYPES_BY_BASIS[basis]
        ):
            errors.append(
                str(
                    _(
                        "%(name)s is of the type “%(type)s”, which does not fit the basis “%(basis)s”: "
                        "a continuation of a central-government cooperation is with an "
                        "intergovernmental organisation, a foreign non-profit legal entity or a "
                        "foreign development partner; another form approved by the central "
                        "government is with another foreign institution (PP 28/2018 Pasal 25, 36)."
                    )
                    % {
                        "name": partner.name,
                        "type": ForeignInstitutionType(partner.foreign_institution_type).label,
                        "basis": KsdllBasis(basis).label,
                    }
                )
            )
    return errors


def _partners(ctx: CheckContext) -> list[Partner]:
    parties = ctx.cooperation.parties
    if is_prefetched(ctx.cooperation, "parties"):  # the dashboard's page of cases (issue 8)
        return [p.partner for p in parties.all()]
    return [p.partner for p in parties.select_related("partner")]


def _is_foreign(ctx: CheckContext) -> bool:
    return ctx.cooperation.kind in FOREIGN_KINDS


def _diplomatic_relations(ctx: CheckContext) -> bool:
    foreign = foreign_partners(_partners(ctx))
    return all(p.country for p in foreign) and not countries_without_relations(foreign)


def _objects_chosen(ctx: CheckContext) -> bool:
    valid = {o.value for o in ForeignObject}
    return any(o in valid for o in ctx.cooperation.foreign_objects or [])


def _requirements_confirmed(ctx: CheckContext) -> bool:
    c = ctx.cooperation
    return (
        c.affairs.exists()
        and c.foreign_no_representative_office
        and c.foreign_no_interference
        and c.foreign_consistent_with_plans
    )


def _transfers_technology(ctx: CheckContext) -> bool:
    return ctx.cooperation.foreign_technology_transfer


def _science(ctx: CheckContext) -> bool:
    return _is_foreign(ctx) and ForeignObject.SCIENCE_TECHNOLOGY in (
        ctx.cooperation.foreign_objects or []
    )


def _ksdpl_extra(ctx: CheckContext) -> bool:
    c = ctx.cooperation
    return c.ksdpl_equal_status or c.ksdpl_complementary or c.ksdpl_people_ties


def _ksdll_partner_fits(ctx: CheckContext) -> bool:
    basis = ctx.cooperation.ksdll_basis
    return basis in PARTNER_TYPES_BY_BASIS and not ksdll_partner_errors(basis, _partners(ctx))


# (code, message, test, applies)
CHECKS = (
    (
        "foreign_diplomatic_relations",
        _(
            "Indonesia has no diplomatic relations with the foreign party's country, or its "
            "country is not recorded: foreign cooperation needs them (PP 28/2018 Pasal 27)."
        ),
        _diplomatic_relations,
        _is_foreign,
    ),
    (
        "foreign_objects",
        _(
            "Choose the objects of the foreign cooperation: science and technology, cultural "
            "exchange, technical and government-management capacity, promotion of the region's "
            "potential, or other lawful cooperation (PP 28/2018 Pasal 23(2))."
        ),
        _objects_chosen,
        _is_foreign,
    ),
    (
        "foreign_requirements",
        _(
            "Confirm on the cooperation the requirements of PP 28/2018 Pasal 27: a regional "
            "affair (a bidang urusan), no representative office abroad, no interference of the "
            "foreign party in domestic affairs, consistency with national and regional plans."
        ),
        _requirements_confirmed,
        _is_foreign,
    ),
    (
        "foreign_technology_transfer",
        _(
            "A cooperation in science and technology must transfer it to Indonesian human "
            "resources: confirm it on the cooperation (PP 28/2018 Pasal 27)."
        ),
        _transfers_technology,
        _science,
    ),
    (
        "ksdpl_requirements",
        _(
            "A KSDPL also needs equal status and/or territory, complementarity and/or stronger "
            "ties between the peoples: confirm at least one on the cooperation (PP 28/2018 "
            "Pasal 27)."
        ),
        _ksdpl_extra,
        lambda ctx: ctx.cooperation.kind == CooperationKind.KSDPL,
    ),
    (
        "ksdll_partner_type",
        _(
            "The foreign institution's type does not fit the KSDLL's basis, or is not recorded "
            "(PP 28/2018 Pasal 25, 36)."
        ),
        _ksdll_partner_fits,
        lambda ctx: ctx.cooperation.kind == CooperationKind.KSDLL,
    ),
)


class ForeignFacts(TypedDict):
    objects: list[str | Promise]
    # (requirement, met)
    requirements: list[tuple[str | Promise, bool]]


def record_facts(cooperation: Cooperation) -> ForeignFacts | None:
    """What the record page shows of a foreign case: its objects, and each Pasal 27
    requirement with whether it is met (diplomatic relations from the partners' countries)."""
    if cooperation.kind not in FOREIGN_KINDS:
        return None
    partners = [p.partner for p in cooperation.parties.select_related("partner")]
    missing = countries_without_relations(partners)
    names = [
        "foreign_no_representative_office",
        "foreign_no_interference",
        "foreign_consistent_with_plans",
    ]
    if ForeignObject.SCIENCE_TECHNOLOGY in (cooperation.foreign_objects or []):
        names.append("foreign_technology_transfer")
    if cooperation.kind == CooperationKind.KSDPL:
        names += ["ksdpl_equal_status", "ksdpl_complementary", "ksdpl_people_ties"]
    requirements: list[tuple[str | Promise, bool]] = [
        (
            _("diplomatic relations with Indonesia")
            if not missing
            else _("no diplomatic relations with Indonesia: %(countries)s")
            % {"countries": ", ".join(missing)},
            not missing and all(p.country for p in foreign_partners(partners)),
        ),
        *[(_verbose_name(name), bool(getattr(cooperation, name))) for name in names],
    ]
    objects: list[str | Promise] = [
        ForeignObject(o).label
        for o in cooperation.foreign_objects or []
        if o in ForeignObject.values
    ]
    return ForeignFacts(objects=objects, requirements=requirements)


def _verbose_name(name: str) -> str | Promise:
    field = Cooperation._meta.get_field(name)
    assert isinstance(field, Field)  # the names above are concrete fields of Cooperation
    return field.verbose_name
