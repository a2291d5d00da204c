from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(ValidationError):
    """A write refused by a business rule; its message is for the user, in the user's language.

    It is a ValidationError so that forms show it next to the field it names (`add_error`).
    """


class StaleWrite(DomainError):
    """Someone else saved the record after this user loaded it (its `version` moved on)."""


class NotPermitted(PermissionDenied):
    """The actor's role may not make this write (a service's permission check).

    The one permission error of every service, whichever interface calls it. It is Django's
    `PermissionDenied`, so a view that lets it through answers 403 with its message (shown by
    `403.html`, in the user's language); it is not a `ValidationError`, so forms never swallow
    it as a field error.
    """
