"""The validation rules of KERJASAMA_DAERAH.md §9.

✅ rules (statute) are errors: the write is refused with a message naming the rule.
❓ rules (§9 items 13–18, configurable defaults) are warnings: the secretariat may go on after
recording a reason, which is kept as a `WarningOverride` and in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kerjasama.agreements.enums import (
    EARLY_STAGES,
    FOREIGN_KINDS,
    STAGES_BY_KIND,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Initiative,
    KsddCategory,
    KsdpkKind,
    MandatoryFormPMDN22,
    MandatoryFormUU23,
    Stage,
    TerminationReason,
)
from kerjasama.agreements.foreign import countries_without_relations, ksdll_partner_errors
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner
from kerjasama.reference.lists import affairs_not_held_by_kabkota
from kerjasama.reference.models import GovernmentAffair, Region, RegionLevel

if TYPE_CHECKING:
    from kerjasama.agreements.models import Cooperation, Document

# §9 item 18 ❓: the administrative regencies/cities of Jakarta are not autonomous daerah.
JAKARTA_ADMINISTRATIVE = {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}


# The warning given for a PKS recorded although no Kesepakatan Bersama is on file; a PKS recorded
# with this warning overridden counts as signed for the lifecycle (lifecycle._pks_signed).
PKS_WITHOUT_KB = "pks_without_kb"


@dataclass(frozen=True)
class RuleWarning:
    code: str
    message: str


Errors = dict[str, list[str]]
# What a form cleaned (or a service was given): each field's value in that field's own type.
FormData = dict[str, Any]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def validate_cooperation(
    *, data: FormData, partners: Sequence[Partner], affair_codes: Sequence[str]
) -> tuple[Errors, list[RuleWarning]]:
    """Check a cooperation's facts and its parties (in order) against §9."""
    errors: Errors = {}
    warnings: list[RuleWarning] = []
    kind = data.get("kind")
    kinds = [p.kind for p in partners]
    regions: list[Region] = [p.region for p in partners if p.region is not None]

    if len(partners) < 2:
        _add(errors, "parties", _("A cooperation has at least two parties."))
    if len({p.pk for p in partners}) != len(partners):
        _add(errors, "parties", _("The same partner is listed twice."))

    if kind == CooperationKind.KSDD:
        # §9 item 1 (PP 28/2018 Pasal 1 angka 2).
        if any(k != PartnerKind.REGION for k in kinds):
            _add(errors, "parties", _("In a KSDD every party is a region (PP 28/2018 Pasal 1)."))
        if not data.get("ksdd_category"):
            _add(errors, "ksdd_category", _("Choose whether this KSDD is mandatory or voluntary."))
        if data.get("ksdd_category") == KsddCategory.MANDATORY:
            # §9 item 2 (UU 23/2014 Pasal 364(1)): adjacency cannot be derived from codes.
            if not data.get("adjacency_confirmed"):
                _add(
                    errors,
                    "adjacency_confirmed",
                    _(
                        "A mandatory KSDD is only between adjacent regions: confirm that they are "
                        "(UU 23/2014 Pasal 364(1))."
                    ),
                )
            if not (data.get("mandatory_form_uu23") or data.get("mandatory_form_pmdn22")):
                _add(errors, "mandatory_form_uu23", _("Choose the form of mandatory cooperation."))
            if len(regions) == len(partners) >= 2:
                _check_mandatory_form(data, regions, errors)
    elif kind == CooperationKind.KSDPK:
        # §9 item 3 (PP 28/2018 Pasal 14).
        if PartnerKind.REGION not in kinds or PartnerKind.THIRD_PARTY not in kinds:
            _add(
                errors,
                "parties",
                _("A KSDPK has at least one region and one third party (PP 28/2018 Pasal 14)."),
            )
        if any(p.kind == PartnerKind.THIRD_PARTY and not p.third_party_type for p in partners):
            _add(errors, "parties", _("Record the third party's type of PP 28/2018 Pasal 14."))
        if not data.get("ksdpk_kind"):
            _add(errors, "ksdpk_kind", _("Choose the kind of KSDPK (PP 28/2018 Pasal 15)."))
        if data.get("ksdpk_kind") != KsdpkKind.OTHER and data.get("ksdpk_other_form"):
            _add(errors, "ksdpk_other_form", _("This form applies only to 'other cooperation'."))
        # §9 item 4 (PP 28/2018 Pasal 18(1)): checked once the proposal goes beyond the
        # preparation stage, so that a proposal can be registered (and rejected) as it came.
        if (
            data.get("initiative") == Initiative.PARTNER
            and data.get("stage") not in EARLY_STAGES
            and not (
                data.get("proposal_fits_master_plan")
                and data.get("proposal_feasible")
                and data.get("proposer_able_to_fund")
            )
        ):
            _add(
                errors,
                "initiative",
                _(
                    "A third party's own proposal must meet the three criteria of PP 28/2018 "
                    "Pasal 18(1): record them as met."
                ),
            )
    elif kind in FOREIGN_KINDS:
        foreign = (
            PartnerKind.FOREIGN_GOVERNMENT
            if kind == CooperationKind.KSDPL
            else PartnerKind.FOREIGN_INSTITUTION
        )
        if PartnerKind.REGION not in kinds or foreign not in kinds:
            _add(
                errors,
                "parties",
                _("A KSDPL has a region and a foreign local government as parties.")
                if kind == CooperationKind.KSDPL
                else _("A KSDLL has a region and a foreign institution as parties."),
            )
        if kind == CooperationKind.KSDPL and not data.get("ksdpl_form"):
            _add(errors, "ksdpl_form", _("Choose the form of KSDPL (PP 28/2018 Pasal 24)."))
        if kind == CooperationKind.KSDLL and not data.get("ksdll_basis"):
            _add(errors, "ksdll_basis", _("Choose the basis of KSDLL (PP 28/2018 Pasal 25)."))
    elif kind == CooperationKind.SINERGI and (
        PartnerKind.REGION not in kinds or PartnerKind.CENTRAL_GOVERNMENT not in kinds
    ):
        _add(
            errors,
            "parties",
            _(
                "A sinergi has a region and a central-government body as parties "
                "(PP 28/2018 Pasal 46)."
            ),
        )

    if kind != CooperationKind.KSDD and (
        data.get("ksdd_category")
        or data.get("mandatory_form_uu23")
        or data.get("mandatory_form_pmdn22")
    ):
        _add(errors, "ksdd_category", _("Category and form apply to a KSDD only."))

    # §9 item 5: at least one bidang urusan (not for sinergi), codes of groups 1–3 only.
    if kind != CooperationKind.SINERGI and not affair_codes:
        _add(errors, "affairs", _("Choose at least one government affair (bidang urusan)."))
    # §9 item 6 (PP 28/2018 Pasal 4(3), 16(3)).
    if not data.get("in_plan", True) and not data.get("out_of_plan_reason"):
        _add(
            errors,
            "out_of_plan_reason",
            _(
                "An object outside the RPJMD/RKPD needs one of the reasons of PP 28/2018 Pasal "
                "4(3): emergency, national strategic programme or co-administration task."
            ),
        )
    if data.get("in_plan", True) and data.get("out_of_plan_reason"):
        _add(errors, "out_of_plan_reason", _("Give a reason only for an object outside the plan."))

    # §6.4: why and when a case ended; a change of regional head is never a reason (§5.4).
    reason, ended_on = data.get("termination_reason"), data.get("terminated_on")
    if data.get("stage") == Stage.ENDED and not reason:
        _add(
            errors,
            "termination_reason",
            _("Record why the cooperation ended (PP 28/2018 Pasal 9, 22)."),
        )
    if reason and data.get("stage") not in (Stage.ENDED, None):
        _add(errors, "termination_reason", _("Only an ended cooperation has a reason it ended."))
    if reason in (TerminationReason.COURT_DECISION, TerminationReason.THIRD_PARTY_BANKRUPT) and (
        kind != CooperationKind.KSDPK
    ):
        _add(
            errors,
            "termination_reason",
            _(
                "This reason applies to cooperation with a third party only (PP 28/2018 Pasal 22(2))."
            ),
        )
    if ended_on and ended_on > timezone.localdate():
        _add(
            errors,
            "terminated_on",
            _("The end date of a terminated cooperation cannot be in the future."),
        )

    # §9 item 18 ❓.
    for region in regions:
        if region.code in JAKARTA_ADMINISTRATIVE:
            warnings.append(
                RuleWarning(
                    "jakarta_administrative",
                    _(
                        "%(name)s is an administrative regency/city of Jakarta, not an autonomous "
                        "region; it may not be able to be a party."
                    )
                    % {"name": region},
                )
            )
        if region.retired:
            warnings.append(
                RuleWarning(
                    "retired_region",
                    _("The code %(code)s of %(name)s is no longer in the current Kemendagri list.")
                    % {"code": region.code, "name": region.name},
                )
            )
    _issue7_rules(data, partners, regions, affair_codes, errors, warnings)
    return errors, warnings


def _issue7_rules(
    data: FormData,
    partners: Sequence[Partner],
    regions: list[Region],
    affair_codes: Sequence[str],
    errors: Errors,
    warnings: list[RuleWarning],
) -> None:
    """The rules of issue 7 on the case's facts: the KSDLL basis against the partner's type,
    a kerja sama wajib's coordination dates, and the level/urusan warning."""
    if data.get("kind") == CooperationKind.KSDLL and data.get("ksdll_basis"):
        for message in ksdll_partner_errors(data["ksdll_basis"], partners):
            _add(errors, "ksdll_basis", message)
    if data.get("kind") in FOREIGN_KINDS:
        # §3.3, PP 28/2018 Pasal 27(a): no foreign cooperation at all with a country without
        # diplomatic relations — refused at registration, whatever stage is claimed (a case
        # registered mid-way must not pass by the step that checks it).
        for country in countries_without_relations(partners):
            _add(
                errors,
                "parties",
                _(
                    "Indonesia has no diplomatic relations with %(country)s: regional cooperation "
                    "abroad requires them (PP 28/2018 Pasal 27)."
                )
                % {"country": country},
            )
    for message in wajib_date_errors(data):
        _add(errors, "heads_agreement_on", message)
    warnings.extend(level_affair_warnings(regions, affair_codes))


def wajib_date_errors(data: FormData) -> list[str]:
    """§3.1, §5.3 (PP 28/2018 Pasal 5(2)–(3)): the heads agree on the result of the technical
    coordination, so not before it; neither lies in the future."""
    coordinated, agreed = data.get("technical_coordination_on"), data.get("heads_agreement_on")
    today = timezone.localdate()
    messages = []
    if any(day and day > today for day in (coordinated, agreed)):
        messages.append(
            _("The dates of the coordination and of the agreement cannot be in the future.")
        )
    if coordinated and agreed and agreed < coordinated:
        messages.append(
            _(
                "The regional heads agree on the result of the technical coordination: their "
                "agreement cannot be dated before it (PP 28/2018 Pasal 5(3))."
            )
        )
    return messages


def level_affair_warnings(
    regions: Sequence[Region], affair_codes: Sequence[str]
) -> list[RuleWarning]:
    """§9 item 17 ❓ (§4; UU 23/2014 Lampiran): a kabupaten or kota party on a bidang whose
    regional part sits with the province (shipped list `reference.lists`)."""
    provincial = affairs_not_held_by_kabkota()
    chosen = [code for code in affair_codes if code in provincial]
    local = [r for r in regions if not r.is_province]
    if not chosen or not local:
        return []
    names = dict(GovernmentAffair.objects.filter(code__in=chosen).values_list("code", "name"))
    return [
        RuleWarning(
            "level_affair",
            _(
                "%(region)s is a regency/city, but under UU 23/2014 Lampiran the regional part of "
                "%(code)s %(affair)s sits with the province (a regency/city holds at most a small "
                "part of it). Check that this region holds what the cooperation is about."
            )
            % {"region": region, "code": code, "affair": names.get(code, code)},
        )
        for region in local
        for code in chosen
    ]


def _check_mandatory_form(data: FormData, regions: list[Region], errors: Errors) -> None:
    """§9 item 2: the level checks that can be derived from codes."""
    provinces = [r for r in regions if r.level == RegionLevel.PROVINCE]
    locals_ = [r for r in regions if r.level != RegionLevel.PROVINCE]
    local_provinces = {r.province_id for r in locals_}
    form = data.get("mandatory_form_uu23")
    ok = {
        MandatoryFormUU23.A: len(provinces) >= 2 and not locals_,
        MandatoryFormUU23.B: len(provinces) == 1
        and bool(locals_)
        and local_provinces == {provinces[0].pk if provinces else None},
        MandatoryFormUU23.C: len(provinces) == 1
        and bool(locals_)
        and provinces[0].pk not in local_provinces,
        MandatoryFormUU23.D: not provinces and len(local_provinces) > 1,
        MandatoryFormUU23.E: not provinces and len(local_provinces) == 1,
    }
    if form and not ok.get(form, True):
        _add(
            errors,
            "mandatory_form_uu23",
            _("The parties' region codes do not fit form %(form)s of UU 23/2014 Pasal 364(2).")
            % {"form": MandatoryFormUU23(form).label},
        )
    form22 = data.get("mandatory_form_pmdn22")
    ok22 = {
        MandatoryFormPMDN22.A: not provinces and len(local_provinces) == 1,
        MandatoryFormPMDN22.B: not provinces and len(local_provinces) > 1,
        MandatoryFormPMDN22.C: len(provinces) >= 2 and not locals_,
        MandatoryFormPMDN22.D: len(provinces) == 1
        and bool(locals_)
        and local_provinces == {provinces[0].pk if provinces else None},
    }
    if form22 and not ok22.get(form22, True):
        _add(
            errors,
            "mandatory_form_pmdn22",
            _(
                "The parties' region codes do not fit form %(form)s of Permendagri 22/2020 Pasal "
                "3(2)."
            )
            % {"form": MandatoryFormPMDN22(form22).label},
        )


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def validate_document(
    *,
    data: FormData,
    cooperation_kind: str,
    parent_end_date: dt.date | None,
    max_term_months: int | None,
    under_power_of_attorney: bool = False,
) -> tuple[Errors, list[RuleWarning]]:
    """Dates and terms of a document (§9 items 12, 13, 15, 16)."""
    errors: Errors = {}
    warnings: list[RuleWarning] = []
    today = timezone.localdate()
    start, end, signed_on = data.get("start_date"), data.get("end_date"), data.get("signed_on")
    kind, status = data.get("kind"), data.get("status")

    if signed_on and signed_on > today:
        _add(errors, "signed_on", _("The signing date cannot be in the future."))
    if status == DocumentStatus.SIGNED and not signed_on:
        _add(errors, "signed_on", _("A signed document needs its signing date."))
    if start and end and end < start:
        _add(errors, "end_date", _("The end of the term must be on or after its start."))
    if bool(start) != bool(end) and kind in (DocumentKind.KB, DocumentKind.PKS, DocumentKind.NK):
        _add(errors, "end_date", _("Give both the start and the end of the term, or neither."))
    # §9 item 12 (PP 28/2018 Pasal 19(2)(b)): a KSDPK contract states its duration.
    if (
        cooperation_kind == CooperationKind.KSDPK
        and kind == DocumentKind.PKS
        and status == DocumentStatus.SIGNED
        and not (start and end)
    ):
        _add(
            errors,
            "end_date",
            _("A signed KSDPK contract must state its term (PP 28/2018 Pasal 19(2)(b))."),
        )
    # §9 item 13 ❓: term cap, default 60 months.
    cap = max_term_months or settings.KERJASAMA["MAX_TERM_MONTHS"]
    if start and end and end >= start and end > _add_months(start, cap):
        warnings.append(
            RuleWarning(
                "term_over_cap",
                _(
                    "The term is longer than %(months)s months, the configured cap. "
                    "Record the legal basis if a sector regulation allows it."
                )
                % {"months": cap},
            )
        )
    # §9 item 15 ❓: a PKS ending after its KB.
    if kind == DocumentKind.PKS and end and parent_end_date and end > parent_end_date:
        warnings.append(
            RuleWarning(
                "pks_after_kb",
                _("This PKS ends after the Kesepakatan Bersama it implements."),
            )
        )
    # §9 item 16 🟡: the KB is signed by the heads themselves.
    if kind == DocumentKind.KB and under_power_of_attorney:
        warnings.append(
            RuleWarning(
                "kb_power_of_attorney",
                _(
                    "A Kesepakatan Bersama is normally signed by the regional heads themselves, not "
                    "under a power of attorney."
                ),
            )
        )
    return errors, warnings


# --- Dates in the law's order (issue 7, gap 3) ---------------------------------------------

# A signed agreement exists only from the stage whose step records it: the step that needs it
# on file starts from that stage. Before it, the case has not got that far (a mid-way
# registration may add an old document, but the check applies to the case's current stage).
# The PKS's own gate is `services._pks_signing_errors` (§5.3).
SIGNED_FROM_STAGE: dict[str, tuple[str, str]] = {
    # §5.1 PP 28/2018 Pasal 6(1) c–d: the KB is drafted, then signed.
    DocumentKind.KB: (Stage.KB_DRAFTING, "§5.1"),
    # §6.1 states 3–4, PP 28/2018 Pasal 28(4)–(5): the LoI after consulting the Ministries.
    DocumentKind.LOI: (Stage.LOI_CONSULTATION, "§6.1"),
    # §6.1 states 12–13, Pasal 33(4): the text is signed on the basis of the confirmation.
    DocumentKind.FOREIGN_TEXT: (Stage.CONFIRMATION_RECEIVED, "§6.1"),
    # §6.2: the NK is drafted after the TKKSD's review.
    DocumentKind.NK: (Stage.NK_DRAFTING, "§6.2"),
}
_NOT_ON_THE_ROAD = frozenset({Stage.REJECTED, Stage.CANCELLED})
_DOMESTIC = frozenset({CooperationKind.KSDD, CooperationKind.KSDPK})
_FOREIGN = FOREIGN_KINDS


@dataclass(frozen=True)
class OrderRule:
    """A document of `kind` is not dated before the earliest document of `after` on file
    (✅ rules of the reference: the write is refused)."""

    kind: str
    after: frozenset[str]
    cooperation_kinds: frozenset[str]
    section: str
    only_signed: bool = False  # the rule concerns this document only once signed
    after_signed: bool = False  # only signed predecessors count (an agreement, not its draft)


ORDER_RULES = [
    # §6.1 states 12–13, PP 28/2018 Pasal 33(4), §9 item 8: signed on the basis of the surat
    # konfirmasi.
    OrderRule(
        DocumentKind.FOREIGN_TEXT,
        frozenset({DocumentKind.CONFIRMATION_LETTER}),
        _FOREIGN,
        "§6.1, §9 item 8 (PP 28/2018 Pasal 33(4))",
        only_signed=True,
    ),
    # §5.1/§5.3, PP 28/2018 Pasal 6(1) d–e: the DPRD is asked after the KB is signed.
    OrderRule(
        DocumentKind.DPRD_REQUEST,
        frozenset({DocumentKind.KB}),
        _DOMESTIC,
        "§5.1, §5.3 (PP 28/2018 Pasal 6(1))",
        after_signed=True,
    ),
    # §6.1 state 6, PP 28/2018 Pasal 30(2): the request letter has the plan attached.
    OrderRule(
        DocumentKind.DPRD_REQUEST,
        frozenset({DocumentKind.COOPERATION_PLAN}),
        _FOREIGN,
        "§6.1 (PP 28/2018 Pasal 30(2))",
    ),
    # §7, §6.1 state 6, PP 28/2018 Pasal 30(2)–(4): the DPRD decides on the request it received.
    OrderRule(
        DocumentKind.DPRD_APPROVAL,
        frozenset({DocumentKind.DPRD_REQUEST}),
        _DOMESTIC | _FOREIGN,
        "§7 (PP 28/2018 Pasal 30)",
    ),
    # §6.1 state 7, PP 28/2018 Pasal 31(1)–(2): the DPRD-approved plan goes to the Minister.
    OrderRule(
        DocumentKind.MINISTER_CONSIDERATION,
        frozenset({DocumentKind.DPRD_APPROVAL}),
        _FOREIGN,
        "§6.1 (PP 28/2018 Pasal 31(1)–(2))",
    ),
    # §6.1 states 9–10, PP 28/2018 Pasal 31(3)(b), 32: the text follows the consideration.
    OrderRule(
        DocumentKind.MINISTER_TEXT_APPROVAL,
        frozenset({DocumentKind.MINISTER_CONSIDERATION}),
        _FOREIGN,
        "§6.1 (PP 28/2018 Pasal 31(3), 32)",
    ),
    # §6.1 states 10–12, PP 28/2018 Pasal 33(1)–(3): the approved draft is discussed abroad,
    # then confirmed.
    OrderRule(
        DocumentKind.CONFIRMATION_LETTER,
        frozenset({DocumentKind.MINISTER_TEXT_APPROVAL}),
        _FOREIGN,
        "§6.1 (PP 28/2018 Pasal 33(1)–(3))",
    ),
]


def _order_message(kind: str, after: str, day: dt.date, section: str) -> str:
    return _(
        "A %(kind)s cannot be dated before the %(after)s (%(date)s): the law sets this order "
        "(%(section)s). Check both dates."
    ) % {
        "kind": DocumentKind(kind).label,
        "after": DocumentKind(after).label,
        "date": date_format(day, "DATE_FORMAT"),
        "section": section,
    }


def validate_document_order(
    *, data: FormData, cooperation: Cooperation, document: Document | None = None
) -> tuple[Errors, list[RuleWarning]]:
    """Dates and stages in the law's order (issue 7, gap 3). `data` is the document's new
    facts (a missing key keeps the stored value of `document`). Returns (errors, warnings);
    every rule here is ✅ (or a logical impossibility), so there are no warnings yet."""
    errors: Errors = {}

    def get(name: str) -> Any:
        return data[name] if name in data else getattr(document, name, None)

    kind, status, on, parent = get("kind"), get("status"), get("signed_on"), get("parent")
    signed = status == DocumentStatus.SIGNED
    _check_stage(errors, cooperation, document, kind, signed)
    if on is None:
        return errors, []
    # §5.1, §5.3 (PP 28/2018 Pasal 6(1) c–g, 6(3)): a PKS implements a KB signed before it.
    if (
        kind == DocumentKind.PKS
        and parent is not None
        and parent.signed_on
        and on < parent.signed_on
    ):
        _add(errors, "signed_on", _order_message(kind, parent.kind, parent.signed_on, "§5.1, §5.3"))
    # §6.3 🟡: an addendum amends an agreement that exists. Refused, not warned: an addendum
    # dated before its parent is a logical impossibility, not a matter of practice.
    if (
        kind == DocumentKind.ADDENDUM
        and parent is not None
        and parent.signed_on
        and on < parent.signed_on
    ):
        _add(errors, "signed_on", _order_message(kind, parent.kind, parent.signed_on, "§6.3"))
    if document is not None and document.pk:
        # Re-dating an agreement after what was placed under it (its PKS, its addenda).
        for child in document.children.filter(
            kind__in=(DocumentKind.PKS, DocumentKind.ADDENDUM), signed_on__lt=on
        ).order_by("signed_on")[:1]:
            _add(
                errors,
                "signed_on",
                _(
                    "“%(child)s” under this document is dated %(date)s, before this date; a "
                    "document placed under another follows it (§5.1, §6.3)."
                )
                % {"child": child.title, "date": _date(child.signed_on)},
            )
    _check_order_rules(errors, cooperation, document, kind, signed, on)
    return errors, []


def _date(day: dt.date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else ""


def _check_stage(
    errors: Errors,
    cooperation: Cooperation,
    document: Document | None,
    kind: str | None,
    signed: bool,
) -> None:
    if not signed or kind not in SIGNED_FROM_STAGE:
        return
    if (
        document is not None
        and document.pk
        and document.status == DocumentStatus.SIGNED
        and document.kind == kind
    ):
        return  # already recorded as signed; an edit of it is not a new signature
    required, section = SIGNED_FROM_STAGE[kind]
    stages: list[str] = list(STAGES_BY_KIND.get(cooperation.kind, []))
    if required not in stages or cooperation.stage not in stages:
        return
    if cooperation.stage in _NOT_ON_THE_ROAD:
        return
    if stages.index(cooperation.stage) < stages.index(required):
        _add(
            errors,
            "status",
            _(
                "A signed %(kind)s cannot be recorded while the cooperation is at “%(stage)s”: "
                "it is signed only from the stage “%(required)s” on (%(section)s). Take the "
                "steps before it first."
            )
            % {
                "kind": DocumentKind(kind).label,
                "stage": Stage(cooperation.stage).label,
                "required": Stage(required).label,
                "section": section,
            },
        )


def _check_order_rules(
    errors: Errors,
    cooperation: Cooperation,
    document: Document | None,
    kind: str | None,
    signed: bool,
    on: dt.date,
) -> None:
    own_pk = document.pk if document is not None else None
    papers = [d for d in cooperation.documents.all() if d.pk != own_pk and d.signed_on]

    def dates(kinds: frozenset[str], only_signed: bool) -> list[dt.date]:
        return [
            d.signed_on
            for d in papers
            if d.signed_on is not None
            and d.kind in kinds
            and (not only_signed or d.status == DocumentStatus.SIGNED)
        ]

    for rule in ORDER_RULES:
        if cooperation.kind not in rule.cooperation_kinds:
            continue
        # This document comes after its predecessors …
        if kind == rule.kind and (signed or not rule.only_signed):
            before = dates(rule.after, rule.after_signed)
            if before and min(before) > on:
                predecessor = next(iter(rule.after))
                _add(
                    errors,
                    "signed_on",
                    _order_message(kind, predecessor, min(before), rule.section),
                )
        # … and before its successors (a predecessor re-dated after them).
        if kind in rule.after and (signed or not rule.after_signed):
            for later in papers:
                if (
                    later.signed_on is None
                    or later.kind != rule.kind
                    or (rule.only_signed and later.status != DocumentStatus.SIGNED)
                ):
                    continue
                others = [d for d in dates(rule.after, rule.after_signed) if d <= later.signed_on]
                if not others and on > later.signed_on:
                    _add(
                        errors,
                        "signed_on",
                        _(
                            "“%(later)s” (%(date)s) must follow this document: the law sets "
                            "this order (%(section)s). Check both dates."
                        )
                        % {
                            "later": later.title,
                            "date": _date(later.signed_on),
                            "section": rule.section,
                        },
                    )
                    break
