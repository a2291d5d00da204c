from django.urls import path

from kerjasama.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("opd/", views.opd_list, name="opd_list"),
    path("opd/baru/", views.opd_create, name="opd_create"),
    path("opd/<int:pk>/ubah/", views.opd_edit, name="opd_edit"),
]
