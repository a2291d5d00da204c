"""The region's year in the demo (issue 10, items 5–6): Singkawang's Sekda chooses the headline
indicators the region follows every year — clean water (piped coverage), flood handling
(households affected by floods) and tourist visits (domestic) — so that `/monev/2021/` and the
dashboard show them, 2021 against 2020. Through the service, as the Sekda; idempotent."""

from __future__ import annotations

from django.db import transaction

from kerjasama.accounts.models import User
from kerjasama.core import audit
from kerjasama.core.models import Interface
from kerjasama.monitoring.models import IndicatorDefinition
from kerjasama.monitoring.services_year import headline_indicators_set

HEADLINE_CODES = (
    "air_minum.cakupan_pelayanan",
    "banjir.kk_terdampak",
    "pariwisata.kunjungan_nusantara",
)


def monev_year_load() -> int:
    """Choose Singkawang's headline indicators (once); returns how many were chosen now."""
    sekda = User.objects.select_related("tenant").get(username="sekda.singkawang")
    tenant = sekda.tenant
    if tenant is None or tenant.headline_indicators.exists():
        return 0
    found = {d.code: d for d in IndicatorDefinition.objects.filter(code__in=HEADLINE_CODES)}
    with audit.interface(Interface.CLI), transaction.atomic():
        chosen = headline_indicators_set(
            actor=sekda, tenant=tenant, definitions=[found[code] for code in HEADLINE_CODES]
        )
    return len(chosen)
