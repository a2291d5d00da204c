from django.urls import path

from kerjasama.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("sandi/ubah/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "sandi/ubah/selesai/", views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("sandi/lupa/", views.PasswordResetView.as_view(), name="password_reset"),
    path("sandi/lupa/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "sandi/atur/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sandi/atur/selesai/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("opd/", views.opd_list, name="opd_list"),
    path("opd/baru/", views.opd_create, name="opd_create"),
    path("opd/<int:pk>/ubah/", views.opd_edit, name="opd_edit"),
    path("muatan/", views.checklist_list, name="checklist_list"),
    path("muatan/baru/", views.checklist_create, name="checklist_create"),
    path("muatan/<int:pk>/ubah/", views.checklist_edit, name="checklist_edit"),
    path("surat/", views.letter_settings, name="letter_settings"),
    path("surat/contoh.<str:fmt>", views.letter_sample, name="letter_sample"),
]
