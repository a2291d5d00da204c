"""Kinds of partner, from PP 28/2018 (KERJASAMA_DAERAH.md §3, §8.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    REGION = "region", _("Regional government (daerah)")
    THIRD_PARTY = "third_party", _("Third party (pihak ketiga)")
    FOREIGN_GOVERNMENT = "foreign_government", _("Foreign local government")
    FOREIGN_INSTITUTION = "foreign_institution", _("Foreign institution")
    CENTRAL_GOVERNMENT = "central_government", _("Central government ministry or agency")


class ThirdPartyType(models.TextChoices):
    """PP 28/2018 Pasal 14 and its Penjelasan (§3.2, §8.2)."""

    INDIVIDUAL = "individual", _("Individual (perseorangan)")
    BUMN = "bumn", _("Legal-entity business: BUMN")
    BUMD = "bumd", _("Legal-entity business: BUMD")
    COOPERATIVE = "cooperative", _("Legal-entity business: cooperative (koperasi)")
    PRIVATE_COMPANY = "private_company", _("Legal-entity business: private company")
    ORGANISATION_LEGAL = "organisation_legal", _("Organisation with legal-entity status")
    ORGANISATION_NON_LEGAL = "organisation_non_legal", _("Organisation without legal-entity status")


class ForeignInstitutionType(models.TextChoices):
    """PP 28/2018 Pasal 36 (§3.3). Political parties are never partners (Pasal 36(2))."""

    INTERNATIONAL_ORGANISATION = "international_organisation", _("Intergovernmental organisation")
    NONPROFIT = "nonprofit", _("Foreign non-profit legal entity")
    DEVELOPMENT_PARTNER = "development_partner", _("Foreign development partner")
    OTHER = "other", _("Other foreign institution (e.g. education)")
