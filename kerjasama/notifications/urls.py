from django.urls import path

from kerjasama.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/baca/", views.notification_read, name="read"),
    path("baca-semua/", views.notification_read_all, name="read_all"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="feed"),
]
