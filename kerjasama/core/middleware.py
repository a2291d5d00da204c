from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
