"""Formatting shared by every template: Rupiah, bar widths, stage badges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

from kerjasama.core.audit import action_label, change_rows
from kerjasama.core.models import AuditEvent

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """`Rp 1.250.000.000` in Indonesian, `Rp 1,250,000,000` in English; cents only if any."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    places = 0 if amount == amount.to_integral_value() else 2
    return "Rp\u00a0" + number_format(amount, decimal_pos=places, force_grouping=True)


@register.filter
def bar_width(value: Any, total: Any) -> str:
    """A CSS class `w-0` … `w-100` (steps of 5) for a bar of `value` out of `total`."""
    try:
        share = 0 if not total else int(value) * 100 / int(total)
    except (TypeError, ValueError, ZeroDivisionError):
        share = 0
    step = round(share / 5.0) * 5
    if value and step == 0:
        step = 5
    return f"w-{min(max(step, 0), 100)}"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def audit_action(event: AuditEvent) -> str:
    return action_label(event.action)


@register.filter
def audit_rows(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """(field label, old, new) for an audit event's changes, with field and choice labels."""
    return change_rows(event)


@register.filter
def iso_date(value: Any) -> dt.date | None:
    """A date stored as ISO text in JSON ("2021-01-14") as a date, for the `date` filter to
    show it in the reader's language; None when absent or malformed."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
