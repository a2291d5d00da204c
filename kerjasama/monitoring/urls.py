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
