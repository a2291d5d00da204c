from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from kerjasama.core import audit
from kerjasama.core.models import Interface


class InterfaceMiddleware:
    """Marks every write made while serving a request as coming from the web or the admin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = Interface.ADMIN if request.path.startswith("/admin/") else Interface.WEB
        with audit.interface(name):
            return self.get_response(request)


NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    if any(NUL in key or NUL in value for key, values in request.GET.lists() for value in values):
        return True
    if request.method == "POST":
        if any(
            NUL in key or NUL in value for key, values in request.POST.lists() for value in values
        ):
            return True
        if any(NUL in (upload.name or "") for upload in request.FILES.values()):
            return True
    return False


class RefuseNulMiddleware:
    """Refuses, with a 400 and a message, any request whose address, query or form values hold a
    NUL character (issue 6, item 22). PostgreSQL cannot store or compare text with NUL and raised
    a 500 on the partner search and the calendar-feed address; one check here covers every
    input, now and later. Runs before anything reads the session or the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            body = render_to_string(
                "400.html",
                {
                    "message": _(
                        "The request contains a NUL character (\\0), which no field accepts. "
                        "Remove it and try again."
                    )
                },
            )
            return HttpResponseBadRequest(body)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages for a signed-in user, and the login and password pages, are never stored by the
    browser or a proxy (`Cache-Control: private, no-store`): after logging out on a shared
    computer, Back must not show the registry again (issue 6, item 23). Static files are served
    by WhiteNoise before this runs and keep their long caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (user is not None and user.is_authenticated) or (
            match is not None and match.namespace in {"accounts", "admin"}
        ):
            add_never_cache_headers(response)
        return response
