"""The deadline table: every dated obligation of any subject, computed by the providers of
`registry` and written only by `services.deadlines_refresh` (and, for what a person records,
`deadline_mark_met` / `deadline_reopen`)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kerjasama.deadlines import registry
from kerjasama.deadlines.texts import met_text


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Not yet met")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")


class Deadline(models.Model):
    """A date by which something must happen, computed from a rule and stored so that the
    agenda, the reminders and the calendar feed read one table.

    The subject is whatever the rule belongs to (`subject_type`, the model label, and
    `subject_id`, as in the audit trail): a case today, a meeting or an indicator next. `key`
    identifies the rule's source within the subject (e.g. "expiry:doc:12", "dprd:3") so that
    recomputing updates the same row instead of adding another. `cooperation` is the case the
    deadline concerns (none for one of no case), an indexed foreign key: the agenda and the
    reminders select by the cases a user may see. `document` is the agreement or report it is
    about, `met_by` the document that met it. Those three are foreign keys named by string: the
    database keeps them true (a case's deadlines go with it), while this app's code imports
    nothing of `agreements` (docs/ARCHITECTURE.md).
    """

    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    key = models.CharField(_("key"), max_length=60)
    # A kind some provider registered (`registry.kind_choices`); not a fixed list here.
    kind = models.CharField(_("kind"), max_length=40)
    due_on = models.DateField(_("due on"), db_index=True)
    title = models.CharField(_("what"), max_length=300)
    rule = models.CharField(_("rule"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
    )
    # The facts its text is rendered from when shown (`label`, `rule_label`), in the reader's
    # language: e.g. {"document": title} or {"start": "2025-01-01", "end": "2025-12-31"}.
    params = models.JSONField(_("facts"), default=dict, blank=True)
    # What met it (§12: a report meets the deadline of the period it covers) and when.
    met_by = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("met by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines_met",
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    # Recorded by a person (`deadline_mark_met`): recomputing keeps it until undone.
    met_manually = models.BooleanField(_("met as recorded by a user"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "key"],
                name="deadline_unique_subject_key",
                violation_error_message=_("This deadline is already recorded for this subject."),
            )
        ]
        indexes = [
            # The agenda and the reminder job: open deadlines by date.
            models.Index(fields=["status", "due_on"], name="deadline_status_due"),
            # The agenda's "met lately": met (or, without a date of meeting, due) since a day.
            # Without it the list read every met deadline ever to find the last 90 days' (issue 8).
            models.Index(
                Coalesce("met_on", "due_on"),
                "id",
                name="deadline_met_recent",
                condition=models.Q(status="met"),
            ),
            # A case's open deadlines by date (the dashboard probes the few cases whose first
            # open deadline has come, issue 8): with what it filters on along, index-only.
            models.Index(
                fields=["cooperation", "due_on"],
                include=["opd", "kind", "params"],
                condition=models.Q(status="open"),
                name="deadline_case_open",
            ),
            # "Expiring" (the registry's filter, the dashboard, a row's `expires_on`): a case's
            # open end-of-term deadlines by date, probed once per visible case. Through the
            # index of every deadline's case it read every deadline row of each (issue 8).
            models.Index(
                fields=["cooperation", "due_on"],
                name="deadline_open_expiry",
                condition=models.Q(status="open", kind="expiry"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({date_format(self.due_on, 'DATE_FORMAT')})"

    @property
    def label(self) -> str:
        """What is due, in the active language: the one way to show a deadline's text."""
        return registry.label(self.kind, self.params, fallback=self.title)

    @property
    def own_url(self) -> str:
        """The page of its subject where it is dealt with, when not its case's ("" then)."""
        return registry.url(self.kind, self.params, self.subject_id)

    @property
    def rule_label(self) -> str:
        """The rule it comes from, in the active language."""
        return registry.rule(self.kind, self.params, fallback=self.rule)

    @property
    def kind_label(self) -> str:
        """The name of its kind, in the active language."""
        return registry.kind_name(self.kind)

    @property
    def met_label(self) -> str:
        """ "Met by <document> (<date>)" in the active language; empty while not met."""
        if self.status != DeadlineStatus.MET:
            return ""
        return met_text(self.met_by.title if self.met_by is not None else None, self.met_on)
