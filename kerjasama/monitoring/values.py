"""Reading and checking the numbers of monitoring (issue 10): Indonesian notation first
("1.234,5"), plain notation too ("1234.5"); validation by measure, in the user's language.

Shared by the forms (which show the messages next to the fields) and the services (which check
again, so that every interface gets the same refusal).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kerjasama.agreements.forms import parse_rupiah
from kerjasama.monitoring.enums import (
    BINARY_MEASURES,
    Measure,
    PeriodRule,
    RealisationState,
    ReporterRule,
)

# "1.234" and "1.234,5": dots group thousands, a comma marks the decimals (Indonesian).
_ID_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
# "1234,5": a comma marks the decimals.
_ID_PLAIN = re.compile(r"^\d+,\d+$")
# "1234" and "1234.5": plain notation, a dot marks the decimals.
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
# "1,234.5": both separators, English style; unambiguous.
_EN_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+\.\d+$")

MAX_VALUE = Decimal("1e15")


def parse_number(text: str) -> Decimal:
    """A non-negative number as Indonesians write it ("1.234,5") or plainly ("1234.5");
    ValueError otherwise (text, "N/A", a negative number, two decimal marks)."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if _ID_GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _ID_PLAIN.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    elif _EN_GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif not _PLAIN.match(cleaned):
        if re.sub(r"(?i)^rp\.?", "", cleaned) != cleaned:
            return parse_rupiah(cleaned)  # "Rp 1.250.000" as the registry's amounts read it
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if value >= MAX_VALUE:
        raise ValueError(text)
    return value


def number_error(text: str, not_applicable: bool = True) -> str:
    """The message for what `parse_number` refused. `not_applicable`: the form offers "not
    applicable" (a realisation does; a baseline, a target or an agreed value do not)."""
    bare = text.strip()
    if bare.startswith("-"):
        return _("A value cannot be negative.")
    if re.search(r"[^\d.,\s]", re.sub(r"(?i)^rp\.?", "", bare)):
        if not not_applicable:
            return _("Write a number, e.g. 1.234,5.")
        return _(
            'Write a number, for example 1.234,5 — not text such as "N/A". If the indicator '
            'does not apply to this period, choose "not applicable" and give the reason.'
        )
    return _("Write the number as 1.234,5 (dots for thousands, a comma for decimals) or 1234.5.")


def value_errors(
    *,
    measure: str,
    scale_max: int | None,
    state: str,
    value: Decimal | None,
    denominator: Decimal | None,
    reason: str = "",
) -> dict[str, list[str]]:
    """The errors (by field) of a realisation's value for its measure; {} when it is right.

    Blank and not applicable carry no number; not applicable needs its reason; a value needs
    its number, a percentage a denominator above zero, a yes/no 1 or 0, a scale a whole level
    within the scale."""
    errors: dict[str, list[str]] = {}
    if state not in RealisationState.values:
        return {"state": [_("Choose whether you report a value, blank or not applicable.")]}
    if state != RealisationState.VALUE:
        if state == RealisationState.NOT_APPLICABLE and not reason.strip():
            errors["not_applicable_reason"] = [_("Say why the indicator does not apply.")]
        return errors
    if value is None:
        errors["value"] = [
            _("Give the value (zero is a value); or choose blank or not applicable.")
        ]
        return errors
    if value < 0:
        errors["value"] = [_("A value cannot be negative.")]
    if measure == Measure.PERCENTAGE:
        if denominator is None:
            errors["denominator"] = [_("Give the denominator of the percentage.")]
        elif denominator <= 0:
            errors["denominator"] = [_("The denominator must be above zero.")]
        elif value > denominator:
            errors["value"] = [_("The numerator cannot be larger than the denominator.")]
    elif denominator is not None:
        errors["denominator"] = [_("Only a percentage has a denominator.")]
    if measure == Measure.YES_NO and value not in (0, 1):
        errors["value"] = [_("A yes/no indicator is answered yes or no.")]
    if measure == Measure.SCALE and (
        value != value.to_integral_value() or not 1 <= value <= (scale_max or 0)
    ):
        errors["value"] = [
            _("Choose a level of the scale, from 1 to %(max)s.") % {"max": scale_max}
        ]
    return errors


def indicator_rules_errors(data: dict[str, Any]) -> dict[str, list[str]]:
    """The combinations of measure and rules the computation accepts, as form errors."""
    measure = data.get("measure")
    errors: dict[str, list[str]] = {}
    if measure == Measure.PERCENTAGE:
        if data.get("reporter_rule") != ReporterRule.SUM:
            errors["reporter_rule"] = [
                _("A percentage pools its numerators and denominators: choose 'sum'.")
            ]
        if data.get("period_rule") == PeriodRule.AVERAGE:
            errors["period_rule"] = [_("A percentage is never averaged across periods.")]
    if measure in BINARY_MEASURES:
        if data.get("period_rule") not in (PeriodRule.LATEST, PeriodRule.MAX):
            errors["period_rule"] = [
                _("A yes/no or scale indicator takes the latest or the highest period.")
            ]
        if data.get("reporter_rule") != ReporterRule.MAX:
            errors["reporter_rule"] = [_("A yes/no or scale indicator takes the highest reporter.")]
    if measure == Measure.SCALE and (data.get("scale_max") or 0) < 2:
        errors["scale_max"] = [_("A qualitative scale has at least two levels.")]
    return errors


def target_errors(*, measure: str, scale_max: int | None, value: Decimal) -> list[str]:
    """The errors of one target value for its measure."""
    if value < 0:
        return [_("A target cannot be negative.")]
    if measure == Measure.YES_NO and value not in (0, 1):
        return [_("The target of a yes/no indicator is yes (1) or no (0).")]
    if measure == Measure.SCALE and (
        value != value.to_integral_value() or not 1 <= value <= (scale_max or 0)
    ):
        return [_("Choose a level of the scale, from 1 to %(max)s.") % {"max": scale_max}]
    return []


def shown(measure: str, value: Decimal | None, denominator: Decimal | None) -> str:
    """A stored value as the page writes it, in the active language."""
    if value is None:
        return "—"

    def fmt(number: Decimal) -> str:
        normal = number.normalize()
        places = max(0, -int(normal.as_tuple().exponent))
        return number_format(normal, decimal_pos=places, force_grouping=True)

    if measure == Measure.YES_NO:
        return _("yes") if value == 1 else _("no")
    if measure == Measure.PERCENTAGE and denominator:
        percent = (value / denominator * 100).quantize(Decimal("0.01"))
        return f"{fmt(value)} / {fmt(denominator)} = {fmt(percent)} %"
    if measure == Measure.RUPIAH:
        return f"Rp {fmt(value)}"
    return fmt(value)
