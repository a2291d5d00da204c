"""Kerja sama wajib before the offer: KERJASAMA_DAERAH.md §3.1, §5.3 (row PERSIAPAN →
PENAWARAN) ✅; PP 28/2018 Pasal 5(2)–(3).

The mapping of affairs is discussed in a technical coordination — at **provincial** level
(hosted by the governor as GWPP, §2) for kab/kota of one province, at **national** level
otherwise — and agreed by the heads of the regions; the `offer` step checks both are recorded
(date and reference) for a mandatory KSDD. The level is derived from the parties' codes
(§9 item 2: same province ⇔ same first two digits), never typed.

This module imports no service and no lifecycle: the lifecycle builds its `Check`s from
`CHECKS` (code, message, test, applies).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kerjasama.agreements.check_context import CheckContext
from kerjasama.agreements.enums import KsddCategory
from kerjasama.agreements.models import Cooperation

PROVINCIAL = "provincial"
NATIONAL = "national"
LEVEL_LABELS = {
    PROVINCIAL: _("provincial level (the governor as representative of the central government)"),
    NATIONAL: _("national level"),
}


def coordination_level(cooperation: Cooperation) -> str:
    """Pasal 5(2): provincial for kab/kota of one province only; national otherwise."""
    regions = [
        p.partner.region
        for p in cooperation.parties.select_related("partner__region")
        if p.partner.region is not None
    ]
    same_province = len({r.province_id for r in regions}) == 1
    if regions and same_province and not any(r.is_province for r in regions):
        return PROVINCIAL
    return NATIONAL


def coordination_level_label(cooperation: Cooperation) -> str:
    return str(LEVEL_LABELS[coordination_level(cooperation)])


def _mandatory(ctx: CheckContext) -> bool:
    return ctx.cooperation.ksdd_category == KsddCategory.MANDATORY


def _coordination_recorded(ctx: CheckContext) -> bool:
    c = ctx.cooperation
    return bool(c.technical_coordination_on and c.technical_coordination_reference.strip())


def _heads_agreed(ctx: CheckContext) -> bool:
    c = ctx.cooperation
    return bool(c.heads_agreement_on and c.heads_agreement_reference.strip())


# (code, message, test, applies)
CHECKS = (
    (
        "wajib_technical_coordination",
        _(
            "A mandatory cooperation is offered only after the mapping was discussed in a "
            "technical coordination (provincial level for regencies/cities of one province, "
            "national level otherwise): record its date and reference on the cooperation "
            "(PP 28/2018 Pasal 5(2))."
        ),
        _coordination_recorded,
        _mandatory,
    ),
    (
        "wajib_heads_agreement",
        _(
            "A mandatory cooperation is offered only after the regional heads agreed on the "
            "result of the technical coordination: record the date and reference of their "
            "agreement on the cooperation (PP 28/2018 Pasal 5(3))."
        ),
        _heads_agreed,
        _mandatory,
    ),
)
