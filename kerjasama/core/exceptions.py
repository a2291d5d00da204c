"""The one error hierarchy of the domain (issue 7).

Every refusal a service gives is a `DomainError` of one kind, and each kind has the HTTP answer
it gets wherever it escapes a view (`core.middleware.DomainErrorMiddleware`, the one mapping,
for the screens now and the API later):

| kind | class | HTTP |
|---|---|---|
| not found | `NotFound` | 404 |
| permission | `NotPermitted` (also Django's `PermissionDenied`) | 403 |
| stale write | `StaleWrite` (`StageMoved` for a step asked on a page made at another stage) | 409 |
| rule | `RuleViolation` (and plain `DomainError`) | 422 |
| needs a reason | `WarningsNeedReason` (carries the warnings to override) | 422 |
| refused step | `StepRefused` (`agreements.lifecycle.TransitionRefused`) | 422 |

A `DomainError` is a `ValidationError`, so a form shows its messages next to the fields they
name (`core.forms.apply_domain_error`). The kinds that stop the page rather than a form (not
found, permission) are re-raised by that helper, so that a service's refusal of the actor is
answered 403 whichever view called it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = [
    "DomainError",
    "NotFound",
    "NotPermitted",
    "RuleViolation",
    "StageMoved",
    "StaleWrite",
    "StepRefused",
    "WarningsNeedReason",
]


class DomainError(ValidationError):
    """A write refused by the domain; its messages are for the user, in the user's language.

    It is a ValidationError so that forms show it next to the field it names (`add_error`).
    `kind` names the kind for logs and the API; `http_status` is its HTTP answer; a kind with
    `stops_page` is not shown on a form but answered by a page of its own (403, 404).
    """

    kind: ClassVar[str] = "rule"
    http_status: ClassVar[int] = 422
    stops_page: ClassVar[bool] = False

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.messages)


class RuleViolation(DomainError):
    """One or more ✅ rules refuse the write; `message_dict` maps fields to messages."""


class NotFound(DomainError):
    """The subject of the write does not exist, or the actor may not see it."""

    kind = "not_found"
    http_status = 404
    stops_page = True


class NotPermitted(DomainError, PermissionDenied):
    """The actor's role may not make this write (a service's permission check).

    The one permission error of every service, whichever interface calls it. It is also
    Django's `PermissionDenied`, so anything that handles that (the admin, Django's 403 view)
    answers it with 403; forms never show it as a field error (`apply_domain_error` re-raises
    it).
    """

    kind = "permission"
    http_status = 403
    stops_page = True


class StaleWrite(DomainError):
    """Someone else saved the record after this user loaded it (its `version` moved on)."""

    kind = "stale_write"
    http_status = 409


class _Warning(Protocol):
    @property
    def message(self) -> str: ...


class WarningsNeedReason(DomainError):
    """❓ rules warn; the write goes ahead only with a recorded reason (`override_reason`).
    `warnings` are the warnings to override (each with its `code` and `message`)."""

    kind = "needs_reason"

    def __init__(self, warnings: Sequence[_Warning], *args: Any, **kwargs: Any) -> None:
        self.warnings = list(warnings)
        super().__init__([str(w.message) for w in self.warnings], *args, **kwargs)


class StepRefused(DomainError):
    """A step along the pathway cannot be taken now; the messages say why."""

    kind = "refused_step"


class StageMoved(StepRefused, StaleWrite):
    """The step was asked for on a page made at another stage: the case moved on meanwhile."""

    kind = "stale_write"
    http_status = 409
