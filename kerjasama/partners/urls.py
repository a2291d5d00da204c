from django.urls import path

from kerjasama.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("saran/", views.partner_suggest, name="suggest"),
    path("baru/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/ubah/", views.partner_edit, name="edit"),
]
