"""The project's URLs plus one address per kind of domain error (tests/test_errors.py): each
raises, as a service would, the error of its kind with a message from the catalogue, and lets it
through, so that the test sees the one HTTP answer `DomainErrorMiddleware` gives it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _

from kerjasama.agreements import lifecycle, services
from kerjasama.core import exceptions
from kerjasama.urls import urlpatterns as project_urlpatterns


@dataclass
class _Warning:
    code: str
    message: str


def _raise(request: HttpRequest, kind: str) -> HttpResponse:
    if kind == "not_found":
        raise exceptions.NotFound(_("This page does not exist, or you may not see it."))
    if kind == "permission":
        raise exceptions.NotPermitted(_("Your role may not take this step."))
    if kind == "stale_write":
        raise services.StaleWrite(
            _(
                "Someone else saved this partner while you were editing it. Open it again to "
                "see their changes, then make yours."
            )
        )
    if kind == "rule":
        raise services.RuleViolation(
            {"partner": [_("No region has the code %(code)s.") % {"code": "99"}]}
        )
    if kind == "needs_reason":
        raise services.WarningsNeedReason(
            [
                _Warning(
                    "jakarta_administrative",
                    _(
                        "%(name)s is an administrative regency/city of Jakarta, not an autonomous "
                        "region; it may not be able to be a party."
                    )
                    % {"name": "Kota Administrasi Jakarta Pusat"},
                )
            ]
        )
    if kind == "refused_step":
        raise lifecycle.TransitionRefused(_("The DPRD's decision is not on file yet."))
    raise AssertionError(kind)


urlpatterns = [*project_urlpatterns, path("_test/error/<str:kind>/", _raise)]
