"""Reference data shipped with Kerjasama and loaded by `kerjasama load_reference`.

Regions and urusan are read-only in the screens; admins see them in the Django admin.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kerjasama.reference.timezones import RegionTimeZone, time_zone_of


class RegionLevel(models.TextChoices):
    PROVINCE = "provinsi", _("province")
    REGENCY = "kabupaten", _("regency")
    CITY = "kota", _("city")


class Region(models.Model):
    """A daerah: provinsi, kabupaten or kota, by its Kemendagri code (KERJASAMA_DAERAH.md §11).

    Codes are dotted strings (`61`, `61.72`), never integers. Kemendagri re-issues the list from
    time to time: a code missing from a newer list is marked retired, never deleted, so records
    that name it keep working.
    """

    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"level": RegionLevel.PROVINCE},
    )
    source = models.CharField(_("source"), max_length=120, blank=True)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level=RegionLevel.PROVINCE, province__isnull=True)
                    | (~models.Q(level=RegionLevel.PROVINCE) & models.Q(province__isnull=False))
                ),
                name="region_province_iff_not_province",
                violation_error_message=_(
                    "A province belongs to no province; a regency or city belongs to one."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def time_zone(self) -> RegionTimeZone:
        """WIB, WITA or WIT by its province (`reference.timezones`, Keppres 41/1987)."""
        return time_zone_of(self.code)

    @property
    def display_name(self) -> str:
        """Provinces carry no prefix in the source list; add it so "Kalimantan Barat" reads as
        a province wherever regions of all levels are listed together."""
        if self.level == RegionLevel.PROVINCE:
            return f"Provinsi {self.name}"
        return self.name

    @property
    def government_name(self) -> str:
        """The party's name as written on a KB: "Pemerintah Kota Singkawang"."""
        return f"Pemerintah {self.display_name}"

    @property
    def is_province(self) -> bool:
        return self.level == RegionLevel.PROVINCE


class AffairGroup(models.IntegerChoices):
    """The three groups of concurrent affairs a daerah holds (UU23 Pasal 11–12, §10)."""

    BASIC_SERVICES = 1, _("Mandatory, basic services (wajib pelayanan dasar)")
    NON_BASIC = 2, _("Mandatory, non-basic services (wajib non pelayanan dasar)")
    OPTIONAL = 3, _("Optional (pilihan)")


class GovernmentAffair(models.Model):
    """A bidang urusan pemerintahan, code `1.01` … `3.32` (KERJASAMA_DAERAH.md §10)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=150)
    statutory_name = models.CharField(_("wording in UU 23/2014"), max_length=150, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=60, blank=True)
    group = models.PositiveSmallIntegerField(_("group"), choices=AffairGroup.choices)

    class Meta:
        verbose_name = _("government affair (urusan)")
        verbose_name_plural = _("government affairs (urusan)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PublicService(models.Model):
    """A public service a cooperation concerns (air bersih, penanganan banjir …).

    A managed list, seeded by `load_reference`; each service may point to the urusan it
    usually falls under (§10.1), as a hint, not a rule.
    """

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    affairs = models.ManyToManyField(
        GovernmentAffair, verbose_name=_("usual government affairs"), blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HolidayKind(models.TextChoices):
    NATIONAL = "libur_nasional", _("National holiday")
    COLLECTIVE_LEAVE = "cuti_bersama", _("Collective leave (cuti bersama)")


class Holiday(models.Model):
    """A day off for the whole civil service: a national holiday or a cuti bersama day, as set
    each year by the joint decree of three ministers (SKB 3 Menteri). Working-day deadlines
    (§7: 45 working days for the DPRD; §12: 60 working days for supervision findings) skip
    them. Shipped for 2018–2027 and editable by admins, because the government moves days.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=HolidayKind.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)
    observed = models.BooleanField(
        _("observed"),
        default=True,
        help_text=_("Untick when the government cancels the day; the loader never brings it back."),
    )

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
