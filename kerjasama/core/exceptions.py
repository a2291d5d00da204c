from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A write refused by a business rule; its message is for the user, in the user's language.

    It is a ValidationError so that forms show it next to the field it names (`add_error`).
    """
