"""Issue 10, items 5–6 on the demo: `/monev/2021/` as Singkawang's Sekda shows the headline
indicators the Sekda chose, 2021 against 2020, and the dashboard shows them too. Expected
values by hand (the demo's figures are in `kerjasama/demo/monev.py`)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from kerjasama.core.models import AuditEvent
from kerjasama.demo.monev_year import HEADLINE_CODES, monev_year_load
from kerjasama.monitoring.models import HeadlineIndicator

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@override_settings(DEMO_MODE=True)
def test_the_sekda_chose_singkawangs_headline_indicators(demo_world):
    chosen = HeadlineIndicator.objects.filter(tenant__region__code="61.72").order_by("order")
    assert [h.definition.code for h in chosen] == list(HEADLINE_CODES)
    assert {h.chosen_by.username for h in chosen} == {"sekda.singkawang"}
    assert AuditEvent.objects.filter(
        action="headline.set", actor__username="sekda.singkawang"
    ).exists()
    assert monev_year_load() == 0  # idempotent


@override_settings(DEMO_MODE=True)
def test_the_year_2021_compares_with_2020_for_the_sekda(demo_world, client):
    client.force_login(get_user_model().objects.get(username="sekda.singkawang"))
    html = client.get("/monev/2021/").content.decode()
    text = _text(html)
    table = _text(html.split('id="headline-table"')[1].split("</table>")[0])
    # Clean water: 58,5 % (2020, 97,5 % of 60) → 65,17 % (2021, 100,27 % of 65): improved.
    assert "Cakupan pelayanan air minum perpipaan" in table
    assert "58,5" in table
    assert "65,17" in table
    assert "100,27 %" in table
    # Floods, lower is better: 1.660 KK (89,33 %) → 1.100 KK (108,33 %): fewer is improved.
    assert "1.660" in table
    assert "1.100" in table
    assert "108,33 %" in table
    # Tourist visits: 325.000 (72,22 %) → 425.000 (106,25 %).
    assert "325.000" in table
    assert "425.000" in table
    assert "106,25 %" in table
    assert table.count("membaik") == 3
    assert "memburuk" not in table
    assert "2020" in text
    assert "Indikator utama" in text
    # The charts are on the page.
    assert html.count("<svg") >= 3


@override_settings(DEMO_MODE=True)
def test_the_dashboard_shows_the_headline_indicators(demo_world, client):
    client.force_login(get_user_model().objects.get(username="sekda.singkawang"))
    html = client.get("/").content.decode()
    panel = _text(html.split('id="dashboard-headlines"')[1].split("</section>")[0])
    # The last complete year against the year before (the demo reports every year up to the
    # last one), named in the heading.
    last = timezone.localdate().year - 1
    assert f"Indikator utama: {last} dibanding {last - 1}" in panel
    if last == 2025:
        # Clean water 2025: 36.900 ÷ 48.000 households = 76,875 % → "76,88"; 2024: 35.400 ÷
        # 47.600 = 74,37 %. Floods 2025: 940 households (2024: 1.240). Tourist visits 2025:
        # 618.000 (2024: 571.000).
        for figure in ("76,88", "74,37", "940", "1.240", "618.000", "571.000"):
            assert figure in panel, figure
