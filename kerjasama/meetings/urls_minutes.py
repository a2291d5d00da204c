"""Patterns of the minutes, outcomes, decisions and action items (under /rapat/, namespace
"rapat"; included by `urls_rapat`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
