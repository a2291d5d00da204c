"""An import is a record (issue 11, items 6–7): who brought which file in, how it was read and
mapped, what each row became, and what undoing it would restore."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kerjasama.agreements.enums import Initiative, KsddCategory, KsdpkKind
from kerjasama.core.models import TimeStampedModel


class RunState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    READ = "read", _("Read")
    PREVIEWED = "previewed", _("Previewed")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    UNDONE = "undone", _("Undone")
    FAILED = "failed", _("Failed")


class ClausesChecked(models.TextChoices):
    """Whether the signed KSDPK contracts of a register hold the four clauses PP 28/2018 Pasal
    19(2) requires (§3.2, §9 item 3): a register never says; the user answers for the file."""

    NO = "no", _("Not checked: signed KSDPK contracts are not imported")
    YES = "yes", _("Checked: each holds the four mandatory clauses (PP 28/2018 Pasal 19(2))")


class InPlan(models.TextChoices):
    """Whether the register's cooperation is in the region's RPJMD/RKPD (§8.1; PP 28/2018
    Pasal 4(2)-(3)): a register rarely says; the user answers for the file."""

    YES = "yes", _("In the regional plan (RPJMD/RKPD)")
    NO = "no", _("Not in the regional plan: each case then needs its reason")


class Outcome(models.TextChoices):
    NEW = "new", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("Unchanged")
    INVALID = "invalid", _("Invalid")
    DUPLICATE = "duplicate", _("Possible duplicate")
    NON_DATA = "non_data", _("Not data")


def _run_file_path(instance: ImportRun, filename: str) -> str:
    return f"imports/{instance.tenant_id}/{instance.sha256[:16]}/{filename}"


class ImportRun(TimeStampedModel):
    """One file brought into one region's registry."""

    tenant = models.ForeignKey(
        "accounts.Tenant", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), upload_to=_run_file_path, max_length=300, blank=True)
    sheet = models.CharField(_("sheet"), max_length=120, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status_mapping = models.JSONField(_("status → stage mapping"), default=dict, blank=True)
    # The user's last choices (sheet, header_row, mapping, status_mapping), for the
    # background read that applies them (`services.run_choose`).
    choices = models.JSONField(_("choices"), default=dict, blank=True)
    # Facts a register does not hold, chosen for the whole import (see `services.DEFAULTS`).
    defaults = models.JSONField(_("facts for every row"), default=dict, blank=True)
    # What the commit added besides cases ({"partners": [ids], "opds": [ids]}), for undo.
    created = models.JSONField(_("added by the import"), default=dict, blank=True)
    # The whole read (`RegisterRead.as_dict`), kept for the preview and the error report.
    read = models.JSONField(_("read"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.UPLOADED
    )
    counts = models.JSONField(_("rows per outcome"), default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Impor register.xlsx tanggal 7 Desember 2026": how the cases' history names it (the
        day in the site's time zone, written as dates are read)."""
        when = self.committed_at or self.created_at
        day = formats.date_format(timezone.localtime(when).date(), "DATE_FORMAT") if when else ""
        return _("Import %(file)s of %(day)s") % {"file": self.file_name, "day": day}

    @property
    def table_read(self) -> bool:
        """Whether the file's table was read (a run whose table was not found keeps only the
        workbook's sheets, for the user to choose from)."""
        return bool((self.read or {}).get("file_name"))

    def defaults_display(self) -> list[tuple[str, str]]:
        """The facts for every row, as (label, value) in the reader's language."""
        shown = []
        for name, label, choices in (
            ("initiative", _("initiative"), Initiative),
            ("ksdd_category", _("KSDD category"), KsddCategory),
            ("ksdpk_kind", _("KSDPK kind"), KsdpkKind),
            ("ksdpk_clauses", _("signed KSDPK contracts"), ClausesChecked),
            ("in_plan", _("regional plan"), InPlan),
        ):
            value = (self.defaults or {}).get(name)
            if value in choices.values:
                shown.append((str(label), str(choices(value).label)))
        return shown

    def source(self) -> dict[str, object]:
        """The import as the source of the writes it makes (as a meeting is, issue 9)."""
        return {"type": "imports.importrun", "id": self.pk, "label": self.label}


class Decision(models.TextChoices):
    """What the user said of a row found to be a possible duplicate (issue 11, item 5: such rows
    are "offered"): a new case after all, or the case it resembles."""

    NEW = "new", _("Import as a new case")
    SAME = "same", _("The case already registered")


class ImportRow(models.Model):
    """One row of the sheet and what it became."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("sheet row"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    diff = models.JSONField(_("changes"), default=dict, blank=True)
    values = models.JSONField(_("values"), default=dict, blank=True)
    excluded = models.BooleanField(_("excluded"), default=False)
    # Kept when the file is read again, like `excluded` (`services.run_preview`).
    decision = models.CharField(
        _("decision on a possible duplicate"),
        max_length=4,
        choices=Decision.choices,
        blank=True,
        default="",
    )
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What undo needs: the fields' values before an update; the last audit event of the case
    # after the import wrote it (a later one means someone changed the case since).
    before = models.JSONField(_("before"), default=dict, blank=True)
    last_event = models.PositiveBigIntegerField(_("last audit event"), null=True, blank=True)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "number"],
                name="import_row_once",
                violation_error_message=_("This row of the register is already in the import."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.number} {self.outcome}"


class RememberedMapping(models.Model):
    """The mapping a region confirmed last (header text → field; status → stage), proposed for
    its next file."""

    tenant = models.OneToOneField(
        "accounts.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    headers = models.JSONField(_("header → field"), default=dict, blank=True)
    statuses = models.JSONField(_("status → stage"), default=dict, blank=True)
    # The facts for every row the region chose last (`services.DEFAULTS`).
    defaults = models.JSONField(_("facts for every row"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("remembered mapping")
        verbose_name_plural = _("remembered mappings")

    def __str__(self) -> str:
        return str(self.tenant_id)
