"""Writes of the region's year (issue 10, item 5): the leadership chooses its headline
indicators. One transaction, one audit event, permission checked here."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Tenant, User
from kerjasama.core import audit
from kerjasama.core.exceptions import NotPermitted, RuleViolation
from kerjasama.monitoring.models import HeadlineIndicator, IndicatorDefinition
from kerjasama.monitoring.year import can_choose_headlines

MAX_HEADLINES = 6


@transaction.atomic
def headline_indicators_set(
    *, actor: User, tenant: Tenant, definitions: Sequence[IndicatorDefinition]
) -> list[HeadlineIndicator]:
    """Replace the region's headline indicators by `definitions`, in this order."""
    if not can_choose_headlines(actor, tenant):
        raise NotPermitted(_("Only the region's leadership chooses its headline indicators."))
    codes = [d.code for d in definitions]
    if len(codes) != len(set(codes)):
        raise RuleViolation(_("Choose each indicator once."))
    if len(codes) > MAX_HEADLINES:
        raise RuleViolation(
            _("Choose at most %(count)s headline indicators.") % {"count": MAX_HEADLINES}
        )
    if any(not d.active for d in definitions):
        raise RuleViolation(_("This library indicator is no longer used."))
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()
    before = list(
        tenant.headline_indicators.order_by("order", "id").values_list(
            "definition__code", flat=True
        )
    )
    tenant.headline_indicators.all().delete()
    chosen = HeadlineIndicator.objects.bulk_create(
        HeadlineIndicator(tenant=tenant, definition=d, order=n, chosen_by=actor)
        for n, d in enumerate(definitions, start=1)
    )
    audit.record(
        actor=actor,
        action="headline.set",
        obj=tenant,
        # In order, as text: the audit keeps a list sorted.
        changes={"headline_indicators": [", ".join(before), ", ".join(codes)]}
        if before != codes
        else None,
        data={"codes": ", ".join(codes)},
    )
    return chosen
