from django.urls import path

from kerjasama.imports import views_export

app_name = "register_export"
urlpatterns = [
    path("kerjasama/ekspor.xlsx", views_export.export_xlsx, name="xlsx"),
    path("kerjasama/ekspor.csv", views_export.export_csv, name="csv"),
]
