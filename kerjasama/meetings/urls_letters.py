"""Patterns of a meeting's generated letters (under /rapat/, namespace "rapat"; included by
`urls_rapat`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
