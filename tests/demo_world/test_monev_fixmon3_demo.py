"""Issue 10, QA walk (fixmon3): the demo's running year is not read as a finished one, the PKS
page stays bounded, the exports name the PKS. Expected values by hand in the comments (§12 of
KERJASAMA_DAERAH.md; the demo's figures are in `kerjasama/demo/monev.py`)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from kerjasama.accounts.models import User
from kerjasama.agreements.models import Document
from kerjasama.demo.monev import PKS_TITLE
from kerjasama.monitoring.models import Indicator

pytestmark = pytest.mark.django_db


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


@override_settings(DEMO_MODE=True)
def test_the_running_year_is_provisional_on_the_year_page(demo_world, client):
    client.force_login(User.objects.get(username="sekda.singkawang"))
    year = timezone.localdate().year
    page = client.get(f"/monev/{year}/").content.decode()
    table = _text(page.split('id="headline-table"')[1].split("</table>")[0])
    text = _text(page)

    assert (
        "Tahun berjalan: angka sementara; perbandingan dengan tahun lalu setelah tahun berakhir"
        in text
    )
    assert text.count("Tahun berjalan") == 1
    # No verdict and no trend for the running year: three headline rows, none compared.
    assert table.count("belum dapat dibandingkan: tahun belum lengkap") == 3
    assert "membaik" not in table
    assert "memburuk" not in table
    assert "tercapai" not in table
    if dt.date(year, 9, 29) <= timezone.localdate() <= dt.date(year, 12, 29):
        # Floods: Q1 900 × 0,35 = 315, Q2 900 × 0,20 = 180 (reported, the demo's windows of
        # 90 days closed for Q1 and Q2 only): 495 so far, not (2 − 495 ÷ 850) × 100 = 141,76 %.
        assert "495" in table
        assert "sementara (s.d. triwulan 2)" in table
        assert "141,76" not in table


@override_settings(DEMO_MODE=True)
def test_the_last_complete_year_keeps_its_verdict_and_trend(demo_world, client):
    client.force_login(User.objects.get(username="sekda.singkawang"))
    page = client.get("/monev/2021/").content.decode()
    table = _text(page.split('id="headline-table"')[1].split("</table>")[0])

    assert "Tahun berjalan" not in _text(page)
    # Floods 2021: 1.100 KK against 1.200: (2 − 1.100 ÷ 1.200) × 100 = 108,33 %, improved.
    assert "108,33 %" in table
    assert table.count("membaik") == 3
    assert "sementara" not in table


def _copy_indicator(indicator: Indicator, code: str) -> None:
    """A copy of a demo indicator with its targets and realisations (their history too)."""
    versions = list(indicator.target_versions.prefetch_related("targets"))
    realisations = list(indicator.realisations.prefetch_related("steps"))
    indicator.pk = None
    indicator._state.adding = True
    indicator.code = code
    indicator.save()
    for version in versions:
        targets = list(version.targets.all())
        version.pk, version.indicator = None, indicator
        version._state.adding = True
        version.save()
        for target in targets:
            target.pk, target.version = None, version
            target._state.adding = True
            target.save()
    for row in realisations:
        steps = list(row.steps.all())
        row.pk, row.indicator = None, indicator
        row._state.adding = True
        row.save()
        for step in steps:
            step.pk, step.realisation = None, row
            step._state.adding = True
            step.save()


@override_settings(DEMO_MODE=True)
def test_the_pks_page_is_bounded_with_eight_indicators(demo_world, client):
    document = Document.objects.get(title=PKS_TITLE)
    demo = list(Indicator.objects.filter(document=document).order_by("pk"))
    assert len(demo) == 4
    for indicator in demo:
        _copy_indicator(Indicator.objects.get(pk=indicator.pk), f"{indicator.code}.copy")
    assert Indicator.objects.filter(document=document).count() == 8
    client.force_login(User.objects.get(username="sekretariat.singkawang"))
    today = timezone.localdate()

    page = client.get(f"/monev/pks/{document.pk}/").content.decode()
    everything = client.get(f"/monev/pks/{document.pk}/?tahun=0").content.decode()

    assert len(page) < 200_000
    # The current year and the two before it are shown, with a link to every year; 2020 (the
    # PKS's first year) is only on the page of all years.
    text = _text(page)
    assert (
        f"Menampilkan tahun-tahun terakhir {today.year - 2}, {today.year - 1}, {today.year}."
        in text
    )
    assert 'href="?tahun=0"' in page
    assert f"Tahun {today.year - 1}" in text
    assert "Tahun 2020" not in text
    assert "Tahun 2020" in _text(everything)
    # The annual evaluations of every year stay linked.
    assert f"/monev/pks/{document.pk}/evaluasi/2020/" in page
