"""Template filters of the monitoring pages: numbers in the reader's notation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from kerjasama.monitoring.achievement import _fmt
from kerjasama.monitoring.enums import RealisationState
from kerjasama.monitoring.values import shown

register = template.Library()


@register.filter
def monev_number(value: Decimal | None) -> str:
    """A decimal as the reader's language writes it ("1.234,5"), without trailing zeros."""
    return _fmt(value) if isinstance(value, Decimal) or value is None else str(value)


@register.filter
def realisation_value(row: Any) -> str:
    """A stored realisation as the page shows it: its value by measure, "blank" or "not
    applicable: reason" — three states never confused."""
    if row is None:
        return "—"
    if row.state == RealisationState.BLANK:
        return _("blank (not reported)")
    if row.state == RealisationState.NOT_APPLICABLE:
        return _("not applicable: %(reason)s") % {"reason": row.not_applicable_reason}
    return shown(row.indicator.measure, row.value, row.denominator)


@register.filter
def computed_value(item: Any, measure: str) -> str:
    """A realisation of the computation (`achievement.Realisation`) as the page shows it."""
    if item.state == RealisationState.BLANK:
        return _("blank (not reported)")
    if item.state == RealisationState.NOT_APPLICABLE:
        return _("not applicable: %(reason)s") % {"reason": item.not_applicable_reason}
    return shown(measure, item.value, item.denominator)
