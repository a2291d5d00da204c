from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """Dated obligations of any subject (a case, a meeting, an indicator), computed by the rule
    providers that the apps above contribute (`registry`), stored in one table that the agenda,
    the reminders and the calendar feed read."""

    name = "kerjasama.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines")
