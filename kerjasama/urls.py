from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("kerjasama.agreements.urls")),
    path("akun/", include("kerjasama.accounts.urls")),
    path("mitra/", include("kerjasama.partners.urls")),
    path("notifikasi/", include("kerjasama.notifications.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
