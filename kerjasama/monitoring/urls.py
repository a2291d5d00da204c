from django.urls import path

from kerjasama.monitoring import views, views_year

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("pks/<int:pk>/", views.pks, name="pks"),
    path("pks/<int:pk>/indikator/tambah/", views.indicator_create, name="indicator_create"),
    path("indikator/<int:pk>/target/", views.targets, name="targets"),
    path(
        "indikator/<int:pk>/realisasi/<int:party>/<int:year>/<int:quarter>/",
        views.realisation_enter,
        name="realisation_enter",
    ),
    path(
        "indikator/<int:pk>/rekonsiliasi/<int:year>/<int:quarter>/",
        views.reconcile,
        name="reconcile",
    ),
    path("realisasi/<int:pk>/verifikasi/", views.realisation_verify, name="realisation_verify"),
    path("realisasi/<int:pk>/kembalikan/", views.realisation_return, name="realisation_return"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
]

# The region's year (issue 10, items 5–6): monitoring/views_year.py.
urlpatterns += [
    path("<int:year>/", views_year.year, name="year"),
    path("<int:year>/ekspor.<str:fmt>", views_year.year_export_view, name="year_export"),
    path("<int:year>/wilayah/<int:region>/", views_year.year, name="year_region"),
    path(
        "<int:year>/wilayah/<int:region>/ekspor.<str:fmt>",
        views_year.year_export_view,
        name="year_region_export",
    ),
    path("indikator-utama/", views_year.headlines, name="headlines"),
]

# The annual and final evaluation (issue 10, item 4): `views_evaluation` (imported here so
# that this block merges apart from the other screens' imports).
from kerjasama.monitoring import views_evaluation  # noqa: E402

urlpatterns += [
    path("evaluasi/", views_evaluation.evaluation_index, name="evaluation_index"),
    path(
        "pks/<int:pk>/evaluasi/<int:year>/",
        views_evaluation.pks_evaluation,
        name="pks_evaluation",
    ),
    path(
        "pks/<int:pk>/evaluasi/<int:year>/tulis/",
        views_evaluation.evaluation_edit,
        name="evaluation_edit",
    ),
    path("evaluasi/<int:pk>/ajukan/", views_evaluation.evaluation_submit, name="evaluation_submit"),
    path(
        "evaluasi/<int:pk>/tarik/", views_evaluation.evaluation_withdraw, name="evaluation_withdraw"
    ),
    path(
        "evaluasi/<int:pk>/sahkan/",
        views_evaluation.evaluation_sign_off,
        name="evaluation_sign_off",
    ),
    path(
        "evaluasi/<int:pk>/komentar/",
        views_evaluation.evaluation_comment,
        name="evaluation_comment",
    ),
    path(
        "evaluasi/<int:pk>/buka-kembali/",
        views_evaluation.evaluation_reopen,
        name="evaluation_reopen",
    ),
    path("kb/<int:pk>/evaluasi/", views_evaluation.kb_evaluations, name="kb_evaluations"),
]
