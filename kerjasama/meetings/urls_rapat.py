"""The meetings at /rapat/ (issue 9 items 2–6). The minutes' and the letters' screens keep their
patterns in `urls_minutes` and `urls_letters`; all share the namespace "rapat"."""

from django.urls import path  # noqa: F401

from kerjasama.meetings import urls_letters, urls_minutes

app_name = "rapat"
urlpatterns = [
    *urls_minutes.urlpatterns,
    *urls_letters.urlpatterns,
]
