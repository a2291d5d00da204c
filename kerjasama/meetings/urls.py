from django.urls import path

from kerjasama.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.team, name="team"),
    path("kuorum/", views.quorum, name="quorum"),
    path("sk/baru/", views.decree_create, name="decree_create"),
    path("sk/<int:pk>/", views.decree_detail, name="decree_detail"),
    path("sk/<int:pk>/pindaian/", views.decree_scan, name="decree_scan"),
    path("sk/<int:pk>/pindaian/unggah/", views.decree_scan_upload, name="decree_scan_upload"),
    path("sk/<int:pk>/kursi/baru/", views.seat_create, name="seat_create"),
    path("sk/<int:pk>/pejabat/baru/", views.holding_create, name="holding_create"),
    path("kursi/<int:pk>/plt-plh/baru/", views.acting_create, name="acting_create"),
    path("pejabat/<int:pk>/akhiri/", views.holding_end, name="holding_end"),
]
