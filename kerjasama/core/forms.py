from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kerjasama.core.exceptions import DomainError


def apply_domain_error(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    field_map: Mapping[Any, str | None] | None = None,
    formset_field: str | None = None,
    formset: forms.BaseFormSet[Any] | None = None,
) -> None:
    """Show a service's refusal on the form: each message next to the field it names, the
    rest at the top. `field_map` renames service fields to form fields (None = top of form);
    messages about `formset_field` go to the formset's own error list.

    The one way a view puts a domain error on a form (issue 7). The kinds that are not about
    the form (permission, not found) are raised again, for `DomainErrorMiddleware` to answer
    with their page (403, 404) rather than as a field error."""
    if isinstance(error, DomainError) and error.stops_page:
        raise error
    form.domain_error_status = status_for(error)  # type: ignore[attr-defined]
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        target = field_map.get(None)
        form.add_error(target if target in form.fields else None, error.messages)
        return
    for name, messages in error.message_dict.items():
        if formset is not None and name == formset_field:
            formset._non_form_errors = formset.error_class(  # type: ignore[attr-defined]
                [*formset.non_form_errors(), *messages], error_class="nonform"
            )
            continue
        target = field_map.get(name, name)
        if target not in form.fields:
            target = None
        form.add_error(target, messages)


def status_for(error: ValidationError) -> int:
    """The HTTP status of a form page re-rendered after this refusal: the domain error's own
    (`StaleWrite` 409, the other kinds shown on a form 422); a plain ValidationError is 422."""
    if isinstance(error, DomainError):
        return error.http_status
    return 422


def form_status(request: HttpRequest, form: forms.BaseForm) -> int:
    """The status of a form page: 200 when first shown; once posted and shown again, the
    status of the domain error on it (`apply_domain_error` records it; `status_for`), else 422
    (the form's own validation refused the input). The one rule of every form view."""
    if request.method != "POST":
        return 200
    return int(getattr(form, "domain_error_status", 422))


def flash_domain_error(request: HttpRequest, error: ValidationError) -> None:
    """Show a service's refusal as a message on the next page (for a button without a form,
    which redirects back); the kinds that stop the page are raised again, as above."""
    if isinstance(error, DomainError) and error.stops_page:
        raise error
    flash.error(request, " ".join(str(m) for m in error.messages))
