"""Issue 10, QA walk (fixmon): the demo's monitoring as its users see it — the quarterly flood
indicator's year on the PKS page, who reports tourism, the overdue reporting windows. Expected
values by hand in the comments (§12 of KERJASAMA_DAERAH.md)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from kerjasama.accounts.models import User
from kerjasama.deadlines.models import Deadline
from kerjasama.demo.monev import PKS_TITLE
from kerjasama.monitoring import selectors
from kerjasama.monitoring.deadlines import KIND
from kerjasama.monitoring.models import Indicator
from kerjasama.monitoring.permissions import can_report

pytestmark = pytest.mark.django_db


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def _section(page: str, indicator: Indicator) -> str:
    start = page.index(f'id="indicator-{indicator.pk}"')
    return page[start : page.index("</section>", start)]


def _indicator(code: str) -> Indicator:
    return Indicator.objects.get(document__title=PKS_TITLE, code=code)


@override_settings(DEMO_MODE=True)
def test_the_quarterly_flood_indicator_shows_its_year_on_the_pks_page(demo_world, client):
    floods = _indicator("banjir.kk_terdampak")
    client.force_login(User.objects.get(username="sekretariat.singkawang"))
    page = client.get(f"/monev/pks/{floods.document_id}/?tahun=2020").content.decode()
    section = _section(page, floods)
    # The year's row of the table, after the quarters: 620 + 410 + 90 + 540 = 1.660 KK against
    # the yearly target 1.500, lower is better: (2 − 1.660 ÷ 1.500) × 100 = 89,33 %.
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", section, re.S)
    year_rows = [_text(r) for r in rows if "Tahun 2020" in _text(r)]
    assert len(year_rows) == 1
    for shown in ("1.500", "1.660", "89,33 %"):
        assert shown in year_rows[0]
    assert "realisasi 1.660 ÷ target 1.500" in year_rows[0]
    # The quarters have no target of their own: listed with their value, counted in the year.
    text = _text(section)
    assert "belum ada target untuk periode ini" not in text
    assert text.count("target tahunan: dihitung pada baris tahun") == 4
    # The target's date in words, not ISO.
    assert "2020-01-01" not in text
    assert "berlaku sejak 1 Januari 2020" in text


@override_settings(DEMO_MODE=True)
def test_the_flood_year_on_the_year_page_and_in_the_evaluation(demo_world, client):
    floods = _indicator("banjir.kk_terdampak")
    client.force_login(User.objects.get(username="sekda.singkawang"))
    # The same 89,33 % (see above) on the region's year and in the signed-off evaluation.
    year = _text(client.get("/monev/2020/").content.decode())
    assert "Kepala keluarga terdampak banjir" in year
    assert "89,33" in year
    evaluation = _text(
        client.get(f"/monev/pks/{floods.document_id}/evaluasi/2020/").content.decode()
    )
    row = evaluation[evaluation.index("Kepala keluarga terdampak banjir") :][:400]
    for shown in ("1.500", "1.660", "89,33 %"):
        assert shown in row


def test_the_tourism_office_reports_tourism_not_the_secretariat(demo_world):
    tourism = _indicator("pariwisata.kunjungan_nusantara")
    officer = User.objects.get(username="pariwisata.singkawang")
    secretariat = User.objects.get(username="sekretariat.singkawang")
    assert tourism.responsible_opd_id == officer.opd_id
    assert officer.opd.name == "Dinas Pariwisata Pemuda dan Olahraga"
    party = tourism.responsible_party
    assert can_report(officer, tourism, party)
    assert not can_report(secretariat, tourism, party)
    assert not [t for t in selectors.to_report(secretariat, year=None) if t.indicator == tourism]
    # The demo's reports of tourism were made by the tourism office's officer.
    assert set(tourism.realisations.values_list("entered_by__username", flat=True)) == {
        "pariwisata.singkawang"
    }


def test_only_the_current_reporting_windows_are_open_and_none_is_overdue(demo_world):
    today = timezone.localdate()
    rows = Deadline.objects.filter(kind=KIND)
    overdue = rows.filter(status="open", due_on__lt=today)
    assert list(overdue.values_list("title", flat=True)) == []
    # Every open window is one that has opened (its period ended) and not yet closed.
    for deadline in rows.filter(status="open"):
        assert deadline.due_on >= today, deadline.title


def test_a_later_years_clean_water_value_counts_against_its_target(demo_world):
    """2022: both parties report 32.100 of 46.800 households (68,59 %) against the target 68:
    68,5897 ÷ 68 × 100 = 100,87 %, counted (not "no target")."""
    water = _indicator("air_minum.cakupan_pelayanan")
    figure = selectors.indicator_achievement(water, 2022).year_figure
    assert (figure.value, figure.target, figure.achievement) == (
        Decimal("68.59"),
        Decimal("68"),
        Decimal("100.87"),
    )


@override_settings(DEMO_MODE=True)
def test_the_sekdas_dashboard_counts_no_overdue_monitoring_report(demo_world, client):
    today = timezone.localdate()
    client.force_login(User.objects.get(username="sekda.singkawang"))
    page = client.get("/").content.decode()
    shown = re.search(
        r'stat-value">(\d+)</span></a><span class="stat-label">tenggat terlewat', page
    )
    assert shown is not None
    overdue = Deadline.objects.filter(status="open", due_on__lt=today)
    # What the dashboard counts overdue is none of the monitoring's reporting windows.
    assert not overdue.filter(kind=KIND).exists()
    assert int(shown.group(1)) <= overdue.exclude(kind=KIND).count()
