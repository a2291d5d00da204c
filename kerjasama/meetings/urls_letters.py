"""Patterns of a meeting's generated letters (under /rapat/, namespace "rapat"; included by
`urls_rapat`)."""

from django.urls import URLPattern, path

from kerjasama.meetings import views_letters

urlpatterns: list[URLPattern] = [
    path("<int:pk>/surat/", views_letters.meeting_letters, name="letters"),
    path("<int:pk>/surat/<slug:kind>/buat/", views_letters.letter_generate, name="letter_generate"),
    path(
        "<int:pk>/surat/petikan/<int:cooperation>/buat/",
        views_letters.letter_generate_extract,
        name="letter_generate_extract",
    ),
    path("surat/<int:pk>.pdf", views_letters.letter_pdf, name="letter_pdf"),
    path("surat/<int:pk>.docx", views_letters.letter_docx, name="letter_docx"),
    path("templat/", views_letters.letter_templates, name="letter_templates"),
    path(
        "templat/<slug:kind>.docx", views_letters.letter_template_file, name="letter_template_file"
    ),
    path(
        "templat/<slug:kind>/hapus/",
        views_letters.letter_template_remove,
        name="letter_template_remove",
    ),
]
