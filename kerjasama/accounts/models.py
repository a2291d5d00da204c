"""Regions as tenants, their OPDs, and the people who work in them with their roles."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kerjasama.core.letters.numbering import (
    CODE_PATTERN,
    DEFAULT_CODE_GENERAL,
    DEFAULT_CODE_INVITATION,
    DEFAULT_PATTERN,
    pattern_validator,
)
from kerjasama.core.models import TimeStampedModel

CODE_VALIDATOR = RegexValidator(
    CODE_PATTERN,
    _("A classification code has only digits, letters, dots and hyphens, e.g. 000.5.2."),
)


class Tenant(TimeStampedModel):
    """A region (provinsi, kabupaten or kota) that runs Kerjasama, with its own settings.

    A cooperation is not owned by one tenant: every tenant whose region is a party sees it
    (see agreements.selectors.cooperation_visible_to).
    """

    region = models.OneToOneField(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="tenant",
    )
    letterhead = models.TextField(
        _("letterhead (kop surat)"),
        max_length=1000,
        blank=True,
        help_text=_("The heading printed on letters and reports, one line per row."),
    )
    address = models.TextField(_("address"), max_length=500, blank=True)
    email = models.EmailField(_("secretariat e-mail"), blank=True)
    max_term_months = models.PositiveSmallIntegerField(
        _("default cap on a term, in months"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the national default of 60 months."),
    )
    reminder_days = models.CharField(
        _("expiry reminders, days before"),
        max_length=60,
        default="90,60,30,7,0",
        help_text=_("Comma-separated; 0 is the day itself."),
        validators=[
            RegexValidator(
                r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$",
                _("Write whole numbers of days separated by commas, e.g. 90,60,30,7,0."),
            )
        ],
    )
    # The TKKSD's quorum (issue 9; §2.1: the composition rules are ❓, so a setting): empty is a
    # simple majority of the seats in force (more than half), a number is that percentage of
    # them, rounded up (`meetings.selectors.quorum_needed`).
    tkksd_quorum_percent = models.PositiveSmallIntegerField(
        _("TKKSD quorum, percent of the seats"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Leave empty for a simple majority (more than half of the seats)."),
    )
    active = models.BooleanField(_("active"), default=True)
    # Official letters (issue 9, item 5): the kop surat beside `letterhead`, `address` and
    # `email`, the numbering of letters, the place of the date line and the default signer.
    letter_unit = models.CharField(
        _("unit line of the letterhead"),
        max_length=150,
        blank=True,
        help_text=_("Printed under the region's name, e.g. SEKRETARIAT DAERAH."),
    )
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    website = models.CharField(_("website"), max_length=120, blank=True)
    logo = models.FileField(_("logo"), max_length=300, blank=True)
    letter_template = models.FileField(
        _("letter template (DOCX)"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty for the template shipped with Kerjasama."),
    )
    letter_number_pattern = models.CharField(
        _("pattern of letter numbers"),
        max_length=100,
        default=DEFAULT_PATTERN,
        validators=[pattern_validator],
        help_text=_(
            "{kode} is the letter's classification code, {nomor} the running number (it "
            "restarts every year), {unit} the unit code below, {tahun} the year and {bulan} "
            "the month in Roman numerals. E.g. {kode}/{nomor}/{unit}/{tahun} gives "
            "005/12/KS-Pem/2021."
        ),
    )
    letter_unit_code = models.CharField(
        _("unit code in letter numbers"),
        max_length=30,
        blank=True,
        help_text=_("Replaces {unit} in the pattern, e.g. KS-Pem."),
    )
    # The classification code ({kode}) of each kind of a meeting's letters: ❓ configurable
    # defaults (`core.letters.numbering`).
    letter_code_invitation = models.CharField(
        _("classification code of invitations"),
        max_length=20,
        blank=True,
        default=DEFAULT_CODE_INVITATION,
        validators=[CODE_VALIDATOR],
        help_text=_("Replaces {kode} in the pattern; leave empty for none."),
    )
    letter_code_attendance = models.CharField(
        _("classification code of attendance lists"),
        max_length=20,
        blank=True,
        default=DEFAULT_CODE_GENERAL,
        validators=[CODE_VALIDATOR],
        help_text=_("Replaces {kode} in the pattern; leave empty for none."),
    )
    letter_code_minutes = models.CharField(
        _("classification code of minutes"),
        max_length=20,
        blank=True,
        default=DEFAULT_CODE_GENERAL,
        validators=[CODE_VALIDATOR],
        help_text=_("Replaces {kode} in the pattern; leave empty for none."),
    )
    letter_code_extract = models.CharField(
        _("classification code of extracts of minutes"),
        max_length=20,
        blank=True,
        default=DEFAULT_CODE_GENERAL,
        validators=[CODE_VALIDATOR],
        help_text=_("Replaces {kode} in the pattern; leave empty for none."),
    )
    letter_place = models.CharField(
        _("place on the date line"),
        max_length=80,
        blank=True,
        help_text=_('e.g. Singkawang, as in "Singkawang, 7 Januari 2021".'),
    )
    signer_position = models.CharField(_("signer's position (jabatan)"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_rank = models.CharField(
        _("signer's rank (pangkat/golongan)"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Pembina Utama Madya (IV/d)."),
    )
    signer_nip = models.CharField(
        _("signer's NIP"),
        max_length=24,
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*(\d\s*){18}$",
                _("A NIP has 18 digits, e.g. 19650101 199003 1 001."),
            )
        ],
    )

    class Meta:
        verbose_name = _("tenant region")
        verbose_name_plural = _("tenant regions")
        ordering = ["region__code"]

    def __str__(self) -> str:
        return str(self.region)

    @property
    def reminder_tiers(self) -> list[int]:
        """The configured expiry reminder days, largest first; bad entries are ignored."""
        days = {int(p) for p in self.reminder_days.split(",") if p.strip().isdigit()}
        return sorted(days, reverse=True) or [90, 60, 30, 7, 0]


class Opd(TimeStampedModel):
    """A perangkat daerah (dinas, badan, bagian) of a tenant region."""

    tenant = models.ForeignKey(
        Tenant, verbose_name=_("region"), on_delete=models.PROTECT, related_name="opds"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Increases with every edit; an edit made on an older copy is refused (issue 6/18).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("OPD (regional agency)")
        verbose_name_plural = _("OPDs (regional agencies)")
        ordering = ["tenant", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"],
                name="opd_unique_name_per_tenant",
                violation_error_message=_("Your region already has an OPD with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("TKKSD secretariat")
    TKKSD_MEMBER = "tkksd_member", _("TKKSD member")
    OPD_OFFICER = "opd_officer", _("OPD officer")
    LEADERSHIP = "leadership", _("Leadership (Sekda / regional head)")
    PROVINCE_OVERSIGHT = "province_oversight", _("Province oversight")
    # The legal act of taking over an unperformed kerja sama wajib (§6.6, PP 28/2018 Pasal
    # 10–11): granted to a province tenant's user (the governor's office, for the kab/kota of
    # its province) or to a platform user without a region (the central government).
    TAKEOVER_AUTHORITY = (
        "takeover_authority",
        _("Take-over authority (governor / central government)"),
    )


class User(AbstractUser):
    """A person who signs in. Belongs to one tenant region and optionally one OPD of it.

    Platform administrators (superusers) may have no tenant; they work in the Django admin.
    """

    tenant = models.ForeignKey(
        Tenant,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    opd = models.ForeignKey(
        Opd,
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("position (jabatan)"), max_length=150, blank=True)
    # The language of what is sent to this user without a request (e-mails, the calendar
    # feed); empty = the site's language (Indonesian).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    objects: ClassVar[UserManager[Any]] = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")  # type: ignore[assignment]  # the stubs want str, not lazy
        verbose_name_plural = _("users")  # type: ignore[assignment]

    @property
    def language_or_default(self) -> str:
        return self.language or settings.LANGUAGE_CODE

    def clean(self) -> None:
        super().clean()
        if self.opd is not None and self.opd.tenant_id != self.tenant_id:
            raise ValidationError({"opd": _("The OPD must belong to the user's region.")})

    @cached_property
    def roles(self) -> frozenset[str]:
        if self.pk is None:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class RoleGrant(models.Model):
    """A role held by a user; a user may hold several."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                name="role_grant_unique",
                violation_error_message=_("This user already has this role."),
            )
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class ChecklistDocumentKind(models.TextChoices):
    """The agreements a region's content checklist applies to (§5.5 `muatan_wajib`). The values
    are those of `agreements.enums.DocumentKind` (not imported: accounts is below agreements)."""

    KB = "kb", _("Kesepakatan Bersama (KB)")
    PKS = "pks", _("Perjanjian Kerja Sama (PKS)")


class ContentChecklistItem(TimeStampedModel):
    """One row of a region's checklist of what a KB or PKS should contain (§5.5 `muatan_wajib`
    per document type, "editable by the Bagian Kerja Sama"): PMDN 22/2020's list could not be
    read (❓), so it is the region's own. Ticked on the agreement's form; signing with a row
    unticked is a warning that needs a reason. The four clauses of a KSDPK contract (PP 28/2018
    Pasal 19(2), ✅) are not rows here: they are fixed and refuse the signing
    (`Document.mandatory_clauses_confirmed`)."""

    tenant = models.ForeignKey(
        Tenant,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="content_checklist",
    )
    document_kind = models.CharField(
        _("agreement"), max_length=8, choices=ChecklistDocumentKind.choices
    )
    label = models.CharField(_("content"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("content checklist row")
        verbose_name_plural = _("content checklist")
        ordering = ["tenant", "document_kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "document_kind", "label"],
                name="checklist_unique_label",
                violation_error_message=_("This row is already on the checklist."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class LetterCounter(models.Model):
    """The running number of a region's letters in one year (issue 9, item 5). Taken under a
    row lock inside the write that issues the letter (`services.letter_number_take`), so two
    letters never get one number; a new year starts again at 1."""

    tenant = models.ForeignKey(
        Tenant, verbose_name=_("region"), on_delete=models.CASCADE, related_name="letter_counters"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("letter counter")
        verbose_name_plural = _("letter counters")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "year"],
                name="letter_counter_unique_year",
                violation_error_message=_("Your region already counts its letters of this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant} {self.year}: {self.last_number}"
