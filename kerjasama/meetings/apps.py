from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "kerjasama.meetings"
    label = "meetings"
    verbose_name = _("TKKSD and its meetings")

    def ready(self) -> None:
        # Inside `ready`: the provider's module imports models, which exist only now.
        from kerjasama.deadlines.registry import register as deadlines_register
        from kerjasama.meetings.actions import ActionItemDeadlines

        # A TKKSD action item of final minutes is a deadline (issue 9; `deadlines` imports no
        # app above it).
        deadlines_register(ActionItemDeadlines())
