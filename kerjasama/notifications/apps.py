from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders of deadlines by e-mail and in the application, and the calendar feed."""

    name = "kerjasama.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # A region asked to leave a cooperation (issue 6/15): see agreements.signals.
        from kerjasama.agreements.signals import party_change
        from kerjasama.notifications.services import _party_change_notify

        party_change.connect(_party_change_notify, dispatch_uid="notify-party-change")
