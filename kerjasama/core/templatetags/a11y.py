"""Template helpers for accessible forms."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def error_summary(
    form: Any = None, formset: Any = None, entries: Any = None
) -> list[dict[str, str]]:
    """Every field error of a page's forms, in page order, each with the `#id_<field>` link that
    takes the reader to the field (WCAG 3.3.1, 2.4.3). Hidden fields get no link."""
    items: list[dict[str, str]] = []

    def add(field: Any, where: str = "") -> None:
        # A field of a per-row form names its row itself (e.g. an invitee's name).
        where = where or str(getattr(field.field, "error_context", "") or "")
        for error in field.errors:
            label = ", ".join(str(part) for part in (where, field.label) if part)
            items.append(
                {
                    "href": "" if field.is_hidden else f"#{field.auto_id}",
                    "text": f"{label}: {error}" if label else str(error),
                }
            )

    if form is not None and hasattr(form, "errors"):
        for field in form:
            add(field)
    if formset is not None and hasattr(formset, "forms"):
        # The formset's own errors ("at least two parties") lead to its first row.
        first = next(iter(formset.forms[0]), None) if formset.forms else None
        for error in formset.non_form_errors():
            items.append({"href": f"#{first.auto_id}" if first else "", "text": str(error)})
        for row, row_form in enumerate(formset.forms, start=1):
            for field in row_form:
                add(field, _("Row %(row)s") % {"row": row})
    for party, entry in entries or ():
        for field in entry:
            add(field, party.partner.name)
    return items
