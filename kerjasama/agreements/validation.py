"""The validation rules of KERJASAMA_DAERAH.md §9.

✅ rules (statute) are errors: the write is refused with a message naming the rule.
❓ rules (§9 items 13–18, configurable defaults) are warnings: the secretariat may go on after
recording a reason, which is kept as a `WarningOverride` and in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from kerjasama.agreements.enums import (
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
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner
from kerjasama.reference.models import Region, RegionLevel

EARLY_STAGES = frozenset({Stage.PROPOSAL, Stage.PREPARATION, Stage.REJECTED, Stage.CANCELLED})

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


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def validate_cooperation(
    *, data: dict, partners: Sequence[Partner], affair_codes: Sequence[str]
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
    elif kind in (CooperationKind.KSDPL, CooperationKind.KSDLL):
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
    return errors, warnings


def _check_mandatory_form(data: dict, regions: list[Region], errors: Errors) -> None:
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
    data: dict,
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
