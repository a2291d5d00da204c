from django.urls import path

from kerjasama.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/pemetaan/", views.mapping, name="mapping"),
    path("<int:pk>/kecualikan/", views.exclude, name="exclude"),
    path("<int:pk>/duplikat/", views.decide, name="decide"),
    path("<int:pk>/simpan/", views.commit, name="commit"),
    path("<int:pk>/batalkan/", views.undo, name="undo"),
    path("<int:pk>/alasan.xlsx", views.report, name="report"),
]
