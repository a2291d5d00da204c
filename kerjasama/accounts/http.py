"""The request as a view behind `login_required` sees it, for the type checker (issue 7)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kerjasama.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request of a signed-in user: `user` is one of ours, never anonymous, and django-htmx's
    `htmx` details are attached (`HtmxMiddleware`). Views behind `login_required` annotate
    `request: AuthedRequest`; Django passes its own request object, this class only types it."""

    user: User
    htmx: HtmxDetails
