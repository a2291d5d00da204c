"""Partners: who a party to a cooperation is. Entered once, reused by every cooperation."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from kerjasama.core.models import TimeStampedModel
from kerjasama.core.text import TEXT_ADDRESS
from kerjasama.partners.enums import ForeignInstitutionType, PartnerKind, ThirdPartyType
from kerjasama.partners.identifiers import format_npwp

_LEGAL_FORMS = re.compile(r"\b(pt|cv|tbk|persero|perum|perumda|pd|ud|yayasan|the|of|inc|ltd|co)\b")


def normalize_name(name: str) -> str:
    """A name reduced for duplicate detection: lower case, no accents, punctuation or legal form.

    "PT. Bank Kalbar (Perseroda)" and "Bank Kalbar" normalise to the same key.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    text = _LEGAL_FORMS.sub(" ", text).replace("perseroda", " ")
    return " ".join(text.split())


class Partner(TimeStampedModel):
    """A region, third party, foreign government or institution, or central body.

    Every region has exactly one partner row, created with the reference data; the others are
    entered by a secretariat, searched for before they are created, and shared by all tenants
    (a company that works with two regions is one partner).
    """

    kind = models.CharField(_("kind"), max_length=24, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=250)
    name_key = models.CharField(_("normalised name"), max_length=250, db_index=True, editable=False)
    region = models.OneToOneField(
        "reference.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner",
    )
    third_party_type = models.CharField(
        _("third-party type (PP 28/2018 Pasal 14)"),
        max_length=32,
        choices=ThirdPartyType.choices,
        blank=True,
    )
    foreign_institution_type = models.CharField(
        _("foreign institution type (PP 28/2018 Pasal 36)"),
        max_length=32,
        choices=ForeignInstitutionType.choices,
        blank=True,
    )
    country = CountryField(_("country"), blank=True)
    nib = models.CharField(
        _("NIB (business identification number)"), max_length=13, blank=True, db_index=True
    )
    npwp = models.CharField(_("NPWP (tax number)"), max_length=16, blank=True, db_index=True)
    address = models.TextField(_("address"), max_length=TEXT_ADDRESS, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Increases with every edit; an edit made on an older copy is refused (issue 6/18).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=PartnerKind.REGION, region__isnull=False)
                | (~models.Q(kind=PartnerKind.REGION) & models.Q(region__isnull=True)),
                name="partner_region_iff_kind_region",
                violation_error_message=_(
                    "A region is chosen from the region list; other partners have no region."
                ),
            ),
            models.UniqueConstraint(
                fields=["nib"],
                condition=~models.Q(nib=""),
                name="partner_unique_nib",
                # "unique" puts the message next to the field on the form.
                violation_error_code="unique",
                violation_error_message=_(
                    "This NIB is already registered for another partner: search for it and use it."
                ),
            ),
            models.UniqueConstraint(
                fields=["npwp"],
                condition=~models.Q(npwp=""),
                name="partner_unique_npwp",
                violation_error_code="unique",
                violation_error_message=_(
                    "This NPWP is already registered for another partner: search for it and use it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = normalize_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    @property
    def npwp_display(self) -> str:
        """The NPWP as printed ("01.234.567.8-701.000"), for every screen that shows it."""
        return format_npwp(self.npwp)

    @property
    def is_foreign(self) -> bool:
        return self.kind in {PartnerKind.FOREIGN_GOVERNMENT, PartnerKind.FOREIGN_INSTITUTION}
