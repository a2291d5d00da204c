"""Issue 10, item 5 (demo): the Kalimantan Barat–Singkawang PKS's indicators with verified
realisations for 2020 and 2021, achievements computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test.utils import override_settings

from kerjasama.demo.monev import PKS_TITLE, monev_load
from kerjasama.monitoring import selectors
from kerjasama.monitoring.models import Indicator, Realisation

pytestmark = pytest.mark.django_db


def _year(code: str, year: int):
    return selectors.indicator_achievement(Indicator.objects.get(code=code), year).year_figure


@override_settings(DEMO_MODE=True)
def test_the_demo_shows_what_2021_achieved_over_2020(demo_world, client):
    # `load_demo` loaded them (4 indicators); loading again adds nothing.
    assert Indicator.objects.filter(document__title=PKS_TITLE).count() == 4
    assert monev_load() == {"indicators": 0}
    # Clean water, coverage: 2020 26.910 ÷ 46.000 = 58,50 %, against 60 %: 97,50.
    # 2021 reconciled to Singkawang's 30.240 ÷ 46.400 = 65,1724 %, against 65 %: 100,27
    # (pooling both parties' values would have given 60.140 ÷ 92.800 = 64,81 %).
    assert (_year("air_minum.cakupan_pelayanan", 2020).value,) == (Decimal("58.50"),)
    assert _year("air_minum.cakupan_pelayanan", 2020).achievement == Decimal("97.50")
    assert _year("air_minum.cakupan_pelayanan", 2021).value == Decimal("65.17")
    assert _year("air_minum.cakupan_pelayanan", 2021).achievement == Decimal("100.27")
    # Households affected by floods, lower is better: 2020 1.660 against 1.500:
    # (2 − 1.660 ÷ 1.500) × 100 = 89,33; 2021 1.100 against 1.200: 108,33.
    assert _year("banjir.kk_terdampak", 2020).achievement == Decimal("89.33")
    assert _year("banjir.kk_terdampak", 2021).achievement == Decimal("108.33")
    # River basin: 120 ÷ 150 = 80 %; 210 ÷ 200 = 105 %.
    assert _year("das.lahan_kritis_direhabilitasi", 2020).achievement == Decimal("80.00")
    assert _year("das.lahan_kritis_direhabilitasi", 2021).achievement == Decimal("105.00")
    # Tourist visits: 325.000 ÷ 450.000 = 72,22 %; 425.000 ÷ 400.000 = 106,25 %.
    assert _year("pariwisata.kunjungan_nusantara", 2020).achievement == Decimal("72.22")
    assert _year("pariwisata.kunjungan_nusantara", 2021).achievement == Decimal("106.25")
    returned = Realisation.objects.get(indicator__code="banjir.kk_terdampak", year=2021, quarter=4)
    assert list(returned.steps.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "verified",
    ]
    assert "Satuan salah" in returned.steps.get(action="returned").reason

    client.force_login(returned.verified_by)
    page = client.get(f"/monev/pks/{returned.indicator.document_id}/?tahun=0").content.decode()
    assert "Data pelanggan PDAM mencatat sambungan yang benar-benar aktif" in page
    assert "Satuan salah: 41 adalah luas genangan (ha)" in page
