"""The TKKSD as its decrees define it (issue 9, item 1; §2.1, §8.4 `TKKSD`).

A `Decree` (keputusan kepala daerah) forms, amends or replaces the team; it defines `Seat`s (a
role in the team held by a position, e.g. "Kepala Bappeda" as anggota) and the people who hold
them (`Holding`, from a date, definitive or acting). The composition on a date is read from
these rows (`selectors.team_on`), never from a list of "current members": the meetings,
invitations, attendance lists and signature blocks of the coming items read it for their date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kerjasama.core.models import TimeStampedModel
from kerjasama.meetings.enums import DecreeKind, HoldingCapacity, TeamRole


class InForceQuerySet(models.QuerySet["Decree"]):
    def in_force_on(self, day: dt.date) -> InForceQuerySet:
        """Rows whose `valid_from`–`valid_until` (inclusive; open-ended when empty) covers
        `day`."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
        )


class Decree(TimeStampedModel):
    """A keputusan kepala daerah about the region's TKKSD (§2.1: formed by a keputusan, e.g.
    Keputusan Wali Kota Yogyakarta No. 55/2020 🟡)."""

    tenant = models.ForeignKey(
        "accounts.Tenant",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="tkksd_decrees",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DecreeKind.choices)
    number = models.CharField(_("number"), max_length=100)
    signed_on = models.DateField(_("date signed"))
    title = models.CharField(_("title"), max_length=300)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends or replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_decrees",
        help_text=_("The earlier decree this one amends or replaces."),
    )
    # The signed decree's scan (optional; PDF or DOCX checked by `core.uploads`), streamed only
    # to the region's readers (`views.decree_scan`). A new upload replaces it; the audit trail
    # keeps each file's name and SHA-256.
    scan = models.FileField(_("scan"), upload_to="tkksd/", max_length=300, blank=True)
    scan_name = models.CharField(_("file name"), max_length=255, blank=True)
    scan_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    scan_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("TKKSD decree")
        verbose_name_plural = _("TKKSD decrees")
        ordering = ["tenant", "valid_from", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "number"],
                name="tkksd_decree_unique_number",
                violation_error_message=_("Your region already has a decree with this number."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="tkksd_decree_until_after_from",
                violation_error_message=_(
                    "A decree cannot stop being in force before it comes into force."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=DecreeKind.FORMATION, amends__isnull=True)
                | (~Q(kind=DecreeKind.FORMATION) & Q(amends__isnull=False)),
                name="tkksd_decree_amends_earlier",
                violation_error_message=_(
                    "An amendment or a replacement names the earlier decree; a formation "
                    "names none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Decree No. %(number)s") % {"number": self.number})


class Seat(TimeStampedModel):
    """A place in the team that a decree defines: a role (§8.4 `jabatan_dalam_tim`) held by
    a position (`jabatan_struktural`), optionally of an OPD. It is in force from its decree's
    date until a later decree ends it (`valid_until`)."""

    decree = models.ForeignKey(
        Decree, verbose_name=_("decree"), on_delete=models.PROTECT, related_name="seats"
    )
    role = models.CharField(_("role in the team"), max_length=16, choices=TeamRole.choices)
    position = models.CharField(
        _("position (jabatan struktural)"),
        max_length=200,
        help_text=_("E.g. Sekretaris Daerah, Kepala Bappeda, Kepala Bagian Hukum."),
    )
    opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_seats",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("TKKSD seat")
        verbose_name_plural = _("TKKSD seats")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="tkksd_seat_until_after_from",
                violation_error_message=_("A seat cannot end before it begins."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.position}"


class Holding(TimeStampedModel):
    """A person holding a seat from a date (and until one): definitively, on a decree, or
    acting (Plt/Plh) beside the definitive holder, on a letter. Terms of one seat in the same
    capacity never overlap: the service checks it under a row lock, and the database refuses
    it too (an exclusion constraint on PostgreSQL, triggers on SQLite; migration 0002)."""

    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="holdings"
    )
    capacity = models.CharField(
        _("capacity"),
        max_length=16,
        choices=HoldingCapacity.choices,
        default=HoldingCapacity.DEFINITIVE,
    )
    name = models.CharField(_("name"), max_length=200)
    nip = models.CharField(
        _("NIP"), max_length=18, blank=True, help_text=_("18 digits; spaces are allowed.")
    )
    rank = models.CharField(_("rank and grade (pangkat/golongan)"), max_length=100, blank=True)
    position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tkksd_holdings",
    )
    decree = models.ForeignKey(
        Decree,
        verbose_name=_("decree it rests on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holdings",
    )
    letter_number = models.CharField(_("letter number (Plt/Plh)"), max_length=100, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    ended_by = models.ForeignKey(
        Decree,
        verbose_name=_("ended by decree"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ended_holdings",
    )

    class Meta:
        verbose_name = _("TKKSD seat holder")
        verbose_name_plural = _("TKKSD seat holders")
        ordering = ["seat", "capacity", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="tkksd_holding_ends_after_start",
                violation_error_message=_("A holding cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(capacity=HoldingCapacity.DEFINITIVE, decree__isnull=False)
                | (~Q(capacity=HoldingCapacity.DEFINITIVE) & ~Q(letter_number="")),
                name="tkksd_holding_rests_on_a_paper",
                violation_error_message=_(
                    "A definitive holder rests on a decree; a Plt or Plh on the number of "
                    "the letter that appoints them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def nip_display(self) -> str:
        """The NIP as printed: birth date, appointment month, sex, number
        ("19660312 198803 1 002")."""
        n = self.nip
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if len(n) == 18 else n

    @property
    def acting(self) -> bool:
        return self.capacity != HoldingCapacity.DEFINITIVE
