"""The health check of a load balancer: `GET /healthz` answers 200 "ok" once the database
answers `SELECT 1`, and 503 otherwise (docs/DEPLOYMENT.md).

A middleware placed first, so that the probe costs one query and nothing else: no session, no
user, no CSRF cookie, no audit context, no template. It also answers before the host check and
the HTTPS redirect, since a load balancer probes an app server by its address over plain HTTP.
It tells nothing about the data, only that this process serves and reaches its database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PATH = "/healthz"
logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse("method not allowed\n", status=405, content_type="text/plain")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                row = cursor.fetchone()
            healthy = row is not None and row[0] == 1
        except DatabaseError:
            logger.exception("health check: the database does not answer")
            healthy = False
        response = HttpResponse(
            "ok\n" if healthy else "database unavailable\n",
            status=200 if healthy else 503,
            content_type="text/plain; charset=utf-8",
        )
        add_never_cache_headers(response)
        return response
