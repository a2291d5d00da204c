from django.contrib import admin
from django.urls import include, path

from kerjasama.accounts.views import language_set

urlpatterns = [
    path("", include("kerjasama.agreements.urls")),
    path("", include("kerjasama.imports.urls_export")),
    path("akun/", include("kerjasama.accounts.urls")),
    path("mitra/", include("kerjasama.partners.urls")),
    path("tkksd/", include("kerjasama.meetings.urls")),
    path("rapat/", include("kerjasama.meetings.urls_rapat")),
    path("monev/", include("kerjasama.monitoring.urls")),
    path("notifikasi/", include("kerjasama.notifications.urls")),
    path("impor/", include("kerjasama.imports.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("admin/", admin.site.urls),
]
