from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError
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
        if any(
            NUL in (upload.name or "") for uploads in request.FILES.lists() for upload in uploads[1]
        ):
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


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has expired gets `HX-Redirect` to the login page.

    `login_required` answers with a 302 to the login page; the browser's XHR follows it silently
    and htmx would swap the whole login page into the results box. With `HX-Redirect` htmx
    loads the login page as a page instead, and `next` brings the user back to the page they
    were on (`HX-Current-URL`), not to the fragment's URL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") != "true" or response.status_code not in (301, 302):
            return response
        login_path = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != login_path:
            return response
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path and current.netloc in ("", request.get_host()):
            back = current.path + (f"?{current.query}" if current.query else "")
        else:
            back = request.get_full_path()
        redirect = HttpResponseClientRedirect(f"{login_path}?{urlencode({'next': back})}")
        patch_vary_headers(redirect, ["HX-Request", "HX-Current-URL"])
        return redirect


class MethodNotAllowedPageMiddleware:
    """Django answers a GET on a form's POST-only address (e.g. a bookmarked or reloaded
    `…/pendanaan/`) with an empty 405. Give it a page in the user's language with a way back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


def _error_heading(error: DomainError) -> str:
    return {
        403: _("Not allowed"),
        404: _("Not found"),
        409: _("Changed in the meantime"),
    }.get(error.http_status, _("This cannot be done"))


def domain_error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The one HTTP answer of a domain error (issue 7): its status (404, 403, 409, 422) and a
    page in the user's language with the error's messages, never a traceback; an htmx request
    gets the message box alone, to swap where its answer goes."""
    is_fragment = request.headers.get("HX-Request") == "true"
    context = {
        "heading": _error_heading(error),
        "error_messages": [str(m) for m in error.messages],
        "kind": error.kind,
        "is_fragment": is_fragment,
    }
    template = "domain_error.html#fragment" if is_fragment else "domain_error.html"
    response = HttpResponse(
        render_to_string(template, context, request=request), status=error.http_status
    )
    if is_fragment:
        patch_vary_headers(response, ["HX-Request"])
    return response


class DomainErrorMiddleware:
    """Answers every `DomainError` that a view lets through (core/exceptions.py): the one
    place that maps the domain's errors to HTTP, for the screens now and the API later."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return domain_error_response(request, exception)
        return None
