from django.urls import path, register_converter

from kerjasama.notifications import views


class FeedTokenConverter:
    """A calendar token as `secrets.token_urlsafe` makes it: anything else is no address of
    ours (404) and never reaches the database (issue 6, item 22)."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FeedTokenConverter, "feedtoken")

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/baca/", views.notification_read, name="read"),
    path("baca-semua/", views.notification_read_all, name="read_all"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/<feedtoken:token>.ics", views.calendar_feed, name="feed"),
]
