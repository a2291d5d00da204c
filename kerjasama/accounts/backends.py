"""Login throttling for every login over the web (issue 6, item 21)."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come with a request (the login page, the admin, the
    coming API). Code that authenticates without a request (a management command, a test of
    the demo users) has no client address to throttle: it is passed on to the model backend
    instead of failing with AxesBackendRequestParameterRequired."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
