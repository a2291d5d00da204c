from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders of deadlines by e-mail and in the application, and the calendar feed."""

    name = "kerjasama.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Inside `ready`: the receivers import models, which load after the apps.
        from kerjasama.notifications import receivers  # noqa: F401  (connects the receivers)
