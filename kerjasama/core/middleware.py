from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

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
