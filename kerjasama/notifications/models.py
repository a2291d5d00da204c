"""Reminders of deadlines: what was sent to whom (so that nothing is sent twice), the in-app
notifications with their read state, and the secret tokens of the personal calendar feeds."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kerjasama.notifications import texts


class Notification(models.Model):
    """A message for one user in the application (the bell in the header). Unread while
    `read_at` is empty; never deleted by the application."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    deadline = models.ForeignKey(
        "deadlines.Deadline",
        verbose_name=_("deadline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What happened, as facts (e.g. kind "reminder" with the deadline's kind and facts, the due
    # date and the days left): the text is rendered when shown, in the reader's language
    # (`label`, `text`). `title` and `body` keep the text of rows written before that, and of
    # kinds without a renderer.
    kind = models.CharField(_("kind"), max_length=30, blank=True)
    params = models.JSONField(_("facts"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Not stored: set for a page by `selectors.notifications_mark_openable`.
    opens: bool

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The unread count in every page header: WHERE user_id = ? AND read_at IS NULL.
            models.Index(fields=["user", "read_at"], name="notification_user_read"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The notification's heading in the active language."""
        return texts.notification_label(self)

    @property
    def text(self) -> str:
        """The notification's message in the active language."""
        return texts.notification_text(self)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    APP = "app", _("in the application")


# The tier of the reminder sent after the due date has passed (tiers >= 0 are days before it).
OVERDUE_TIER = -1


class ReminderSent(models.Model):
    """One reminder of one deadline, at one tier, to one user, through one channel.

    The unique constraint is what makes the job idempotent: a second run (or a concurrent one)
    cannot insert the same row again, and only the run that inserted it sends the message.
    """

    deadline = models.ForeignKey(
        "deadlines.Deadline",
        verbose_name=_("deadline"),
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    tier = models.SmallIntegerField(
        _("tier"), help_text=_("Days before the due date; -1 = overdue.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    # The due date the reminder was about: when an addendum moves the deadline, the tiers of
    # the new date are reminders of their own (§6.3).
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "due_on", "tier", "user", "channel"],
                name="reminder_sent_once",
                violation_error_message=_("This reminder was already sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} / {self.tier} / {self.user_id} / {self.channel}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in the URL of a user's calendar feed. Creating a new one revokes the old one;
    a revoked token is kept (with `revoked_at`) so that the audit trail can name it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            # At most one live token per user.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_token_one_active",
                violation_error_message=_("This user already has a calendar link in use."),
            )
        ]

    def __str__(self) -> str:
        # Never the secret itself (admin lists, audit events).
        return f"{self.user} ({self.created_at:%Y-%m-%d})" if self.created_at else str(self.user)
