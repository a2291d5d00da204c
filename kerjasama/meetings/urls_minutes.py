"""Patterns of the minutes, outcomes, decisions and action items (under /rapat/, namespace
"rapat"; included by `urls_rapat`)."""

from django.urls import URLPattern, path

from kerjasama.meetings import views_minutes as v

urlpatterns: list[URLPattern] = [
    path("<int:pk>/notulen/", v.minutes_page, name="minutes"),
    path("<int:pk>/notulen/catatan/", v.notes_save, name="minutes_notes"),
    path("<int:pk>/notulen/final/", v.finalise, name="minutes_final"),
    path("<int:pk>/notulen/buka-kembali/", v.reopen, name="minutes_reopen"),
    path("notulen/versi/<int:pk>/", v.version_detail, name="minutes_version"),
    path("<int:pk>/keputusan/", v.decisions, name="decisions"),
    path("butir/<int:pk>/notulen/", v.item_minutes_save, name="item_minutes"),
    path("butir/<int:pk>/hasil/", v.outcome_create, name="outcome_create"),
    path("hasil/<int:pk>/hapus/", v.outcome_delete, name="outcome_delete"),
    path("hasil/<int:pk>/langkah/", v.step_create, name="step_create"),
    path("langkah/<int:pk>/hapus/", v.step_delete, name="step_delete"),
    path("hasil/<int:pk>/tindak-lanjut/", v.action_create, name="action_create"),
    path("tindak-lanjut/", v.action_list, name="action_list"),
    path("tindak-lanjut/<int:pk>/", v.action_detail, name="action_detail"),
    path("tindak-lanjut/<int:pk>/hapus/", v.action_delete, name="action_delete"),
    path("tindak-lanjut/<int:pk>/bukti/", v.action_evidence, name="action_evidence"),
]
