"""Issue 10, items 5–6: the region's year at `/monev/<year>/`, its headline indicators, charts
and exports, on a small hand-built world (expected values computed by hand in the comments).

The world (Singkawang's year 2021):
- `world.local` (Singkawang–Bengkayang, urusan 1.03) signed 14 January 2021, ends 13 January
  2026: active and new in 2021;
- a waste case with Kalbar signed 2 May 2019 that ended 30 June 2021: active and ended in 2021;
- `world.kb` signed 1 February 2022: not in 2021.
Indicators on `world.local`'s PKS:
- A, custom "Sambungan rumah baru": target 2021 100, verified 80 → 80 ÷ 100 × 100 = 80,00 %;
- W, `air_minum.cakupan_pelayanan` (percentage, urusan 1.03, service air-bersih): 2020
  26.910 ÷ 46.000 = 58,50 % against 60 → 97,50 %; 2021 30.240 ÷ 46.400 = 65,1724 % → 65,17 %
  against 65 → 65,1724 ÷ 65 × 100 = 100,27 %;
- D, `das.lahan_kritis_direhabilitasi` (ha, urusan 3.28, service daerah-aliran-sungai): 2020
  verified 120 against 150 → 80,00 %; 2021 target 200 and a value 777 submitted but NOT
  verified — it must never count.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kerjasama.agreements.models import Cooperation
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.monitoring import services
from kerjasama.monitoring.models import HeadlineIndicator, IndicatorDefinition
from kerjasama.monitoring.services_year import headline_indicators_set
from kerjasama.monitoring.year import year_page
from kerjasama.monitoring.year_export import safe_cell
from tests.factories import CooperationFactory, monev_indicator

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal
UNVERIFIED = "777"


def _verified(world, indicator, year, value, denominator=None):
    row = services.realisation_save(
        actor=world.pupr_officer,
        indicator=indicator,
        party=world.local_party,
        year=year,
        quarter=0,
        data={
            "state": "value",
            "value": D(value),
            "denominator": D(denominator) if denominator else None,
        },
        submit=True,
    )
    return services.realisation_verify(actor=world.sec_singkawang, realisation=row)


def _library(world, code, targets):
    indicator = services.indicator_create(
        actor=world.sec_singkawang,
        document=world.document,
        data={
            "definition": IndicatorDefinition.objects.get(code=code),
            "name": "",
            "unit": "",
            "responsible_party": world.local_party,
            "responsible_opd": world.pupr,
        },
    )
    services.indicator_targets_set(
        actor=world.sec_singkawang,
        indicator=indicator,
        valid_from=dt.date(2020, 1, 1),
        targets=[{"year": y, "quarter": 0, "value": D(v)} for y, v in targets.items()],
    )
    return indicator


@pytest.fixture
def year_world(world):
    w = world
    Cooperation.objects.filter(pk=w.local.pk).update(
        signed_on=dt.date(2021, 1, 14), ends_on=dt.date(2026, 1, 13)
    )
    Cooperation.objects.filter(pk=w.kb.pk).update(signed_on=dt.date(2022, 2, 1))
    # A title that a spreadsheet would run as a formula (it must reach the export escaped).
    w.waste = CooperationFactory(
        title="=HYPERLINK(1) Pengelolaan sampah regional",
        party_codes=("61", "61.72"),
        created_by_tenant=w.singkawang,
    )
    Cooperation.objects.filter(pk=w.waste.pk).update(
        signed_on=dt.date(2019, 5, 2), ends_on=dt.date(2021, 6, 30)
    )
    w.a = monev_indicator(w)  # targets 2021: 100, 2022: 200
    _verified(w, w.a, 2021, "80")
    w.w = _library(w, "air_minum.cakupan_pelayanan", {2020: "60", 2021: "65"})
    _verified(w, w.w, 2020, "26910", "46000")
    _verified(w, w.w, 2021, "30240", "46400")
    w.d = _library(w, "das.lahan_kritis_direhabilitasi", {2020: "150", 2021: "200"})
    _verified(w, w.d, 2020, "120")
    w.pending = services.realisation_save(
        actor=w.pupr_officer,
        indicator=w.d,
        party=w.local_party,
        year=2021,
        quarter=0,
        data={"state": "value", "value": D(UNVERIFIED)},
        submit=True,
    )
    assert w.pending.status == "submitted"
    headline_indicators_set(
        actor=w.sekda,
        tenant=w.singkawang,
        definitions=list(
            IndicatorDefinition.objects.filter(
                code__in=["air_minum.cakupan_pelayanan", "das.lahan_kritis_direhabilitasi"]
            ).order_by("code")
        ),
    )
    return w


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, marker: str, end: str = "</table>") -> str:
    return html.split(marker, 1)[1].split(end, 1)[0]


# --- The figures of the page ---------------------------------------------------------------


def test_year_page_counts_the_agreements_of_the_year(client, year_world):
    w = year_world
    client.force_login(w.sec_singkawang)
    html = client.get(reverse("monitoring:year", kwargs={"year": 2021})).content.decode()
    # Active in 2021: world.local (signed 2021) and the waste case (ended mid-2021); the KB
    # was signed in 2022. New: world.local. Ended: the waste case.
    assert re.search(r'id="count-active">2<', html)
    assert re.search(r'id="count-new">1<', html)
    assert re.search(r'id="count-ended">1<', html)
    assert w.local.title in _section(html, 'id="list-new"', "</ul>")
    assert "Pengelolaan sampah" in _section(html, 'id="list-ended"', "</ul>")
    assert w.kb.title not in _section(html, 'id="list-active"', "</ul>")
    # The links lead to the cases.
    assert w.local.get_absolute_url() in _section(html, 'id="list-active"', "</ul>")


def test_year_page_distribution_by_group(client, year_world):
    w = year_world
    client.force_login(w.sec_singkawang)
    html = client.get(reverse("monitoring:year", kwargs={"year": 2021})).content.decode()
    # Columns: reached 2021, reached 2020 (the comparison first, visible at 1280 px), then
    # ≥100, 80–<100, <80, no target, no value.
    # Basic services (urusan 1.03): W 100,27 % (≥100) and A 80 % (80–<100).
    # Optional (urusan 3.28): D has no verified 2021 value (the 777 is only submitted).
    affair = _section(html, 'id="dist-affair"')
    assert _cells(affair, "1") == ["1 / 2 (50 %)", "0 / 1 (0 %)", "1", "1", "0", "0", "0"]
    # 2020 for group 1: W 97,50 % counted, not reached; A had no target nor value.
    # Optional (urusan 3.28): D has no verified 2021 value (the 777 is only submitted);
    # 2020: D 80 % counted, not reached.
    assert _cells(affair, "3") == ["0 / 0", "0 / 1 (0 %)", "0", "0", "0", "0", "1"]
    service = _section(html, 'id="dist-service"')
    assert _cells(service, "air-bersih") == [
        "1 / 1 (100 %)",
        "0 / 1 (0 %)",
        "1",
        "0",
        "0",
        "0",
        "0",
    ]
    # A (custom, world.local names no public service) is not classified.
    assert _cells(service, "-") == ["0 / 1 (0 %)", "0 / 0", "0", "1", "0", "0", "0"]


def _cells(table: str, group: str) -> list[str]:
    row = _section(table, f'data-group="{group}"', "</tr>")
    return [" ".join(_text(c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]


def test_year_page_figures_from_the_selector(year_world):
    w = year_world
    page = year_page(w.sec_singkawang, w.singkawang.region, 2021)
    by_indicator = {r.indicator.pk: r for r in page.indicators}
    assert by_indicator[w.a.pk].current.achievement == D("80.00")
    assert by_indicator[w.w.pk].current.achievement == D("100.27")
    assert by_indicator[w.w.pk].previous.achievement == D("97.50")
    assert by_indicator[w.d.pk].current.value is None  # 777 is not verified
    assert by_indicator[w.d.pk].previous.achievement == D("80.00")
    assert str(by_indicator[w.w.pk].comparison.trend) == "improved"
    partner = {g.key: g for g in page.by_partner_type}
    # Every indicator is on world.local, whose other party (Bengkayang) is a region.
    assert partner["region"].counts == {
        "met": 1,
        "near": 1,
        "below": 0,
        "no_target": 0,
        "no_value": 1,
    }
    assert [h.choice.definition.code for h in page.headlines] == [
        "air_minum.cakupan_pelayanan",
        "das.lahan_kritis_direhabilitasi",
    ]


# --- Unverified values never count ----------------------------------------------------------


def _everything(client, w) -> dict[str, str]:
    client.force_login(w.sekda)
    page = client.get(reverse("monitoring:year", kwargs={"year": 2021})).content.decode()
    dashboard = client.get(reverse("agreements:dashboard")).content.decode()
    exported = client.get(
        reverse("monitoring:year_export", kwargs={"year": 2021, "fmt": "csv"})
    ).content.decode("utf-8-sig")
    xlsx = client.get(reverse("monitoring:year_export", kwargs={"year": 2021, "fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = " ".join(
        str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value
    )
    pks_url = reverse("monitoring:pks", kwargs={"pk": w.document.pk})
    pks = client.get(f"{pks_url}?tahun=0").content.decode()
    # The annual evaluation's achievement table (issue 10 item 4), as the secretariat writes it.
    client.force_login(w.sec_singkawang)
    evaluation = client.get(
        reverse("monitoring:pks_evaluation", kwargs={"pk": w.document.pk, "year": 2021})
    ).content.decode()
    return {
        "evaluation": _section(evaluation, "<main", "</main>"),
        "page": page,
        "dashboard": _section(dashboard, 'id="dashboard-headlines"', "</section>"),
        "csv": exported,
        "xlsx": cells,
        "charts": " ".join(
            v
            for html in (page, pks)
            for svg in _svgs(html)
            for v in (r.get("data-value") for r in svg.iter(f"{SVG}rect"))
            if v
        ),
    }


def test_unverified_values_never_count(client, year_world):
    w = year_world
    seen = _everything(client, w)
    for where, text in seen.items():
        assert UNVERIFIED not in text, where
    # The dashboard shows D's row without a 2021 value, and the 2020 one (120).
    assert "120" in _text(seen["dashboard"])
    # Verified, the same value shows everywhere: the checks above can fail.
    services.realisation_verify(actor=w.sec_singkawang, realisation=w.pending)
    seen = _everything(client, w)
    for where, text in seen.items():
        assert UNVERIFIED in text, where


# --- Charts ------------------------------------------------------------------------------------


def _svgs(html: str) -> list[ET.Element]:
    # Our own page in a test (the issue asks for xml.etree).
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]  # noqa: S314


def _figures(html: str) -> list[tuple[ET.Element, list[Decimal], list[Decimal]]]:
    found = []
    for figure in re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S):
        svg = _svgs(figure)[0]
        drawn = [D(r.get("data-value")) for r in svg.iter(f"{SVG}rect") if r.get("data-value")]
        tabled = [D(v) for v in re.findall(r'<td class="num" data-value="([^"]+)"', figure)]
        found.append((svg, drawn, tabled))
    return found


def test_charts_parse_as_svg_with_title_desc_and_the_tables_numbers(client, year_world):
    w = year_world
    client.force_login(w.sec_singkawang)
    html = client.get(reverse("monitoring:year", kwargs={"year": 2021})).content.decode()
    figures = _figures(html)
    # Headlines: W (2020 vs 2021 + its target/realisation chart), D (the same), services,
    # achievement per agreement.
    assert len(figures) == 6
    for svg, drawn, tabled in figures:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None
        assert title.text
        assert desc is not None
        assert desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert "style" not in svg.attrib
        assert all("style" not in e.attrib for e in svg.iter())
        assert sorted(drawn) == sorted(tabled)
    achievement = next(
        f
        for f in figures
        if "agreement" in (f[0].findtext(f"{SVG}title") or "").lower()
        or "perjanjian" in (f[0].findtext(f"{SVG}title") or "").lower()
    )
    # Achievement per agreement 2021: A 80,00, W 100,27; D has none (no bar).
    assert sorted(achievement[1]) == [D("80.00"), D("100.27")]


def test_pks_page_has_the_target_and_realisation_chart(client, year_world):
    w = year_world
    client.force_login(w.sec_singkawang)
    # Every year (the default shows the recent ones and those with work open).
    url = reverse("monitoring:pks", kwargs={"pk": w.document.pk})
    html = client.get(f"{url}?tahun=0").content.decode()
    figures = _figures(html)
    assert len(figures) == 3  # one per indicator
    for _svg, drawn, tabled in figures:
        assert sorted(drawn) == sorted(tabled)
    # W's chart: targets 60 and 65 and verified 58,50 and 65,17 (2021–2022 periods shown by
    # the page; 2022 has no target nor value).
    values = {tuple(sorted(f[1])) for f in figures}
    assert (D("58.50"), D("60.0000"), D("65.0000"), D("65.17")) in values


def test_a_chart_with_one_period_zero_and_missing_values():
    from kerjasama.monitoring.charts import bar_chart

    chart = bar_chart(
        "c",
        title="t",
        desc="d",
        unit="u",
        category_header="h",
        categories=["2021"],
        series=[("target", [D(0)]), ("realisation", [None])],
    )
    # Nothing above zero: the axis runs 0–1; the zero bar has no width; the missing one is "—".
    assert chart.ticks[-1].text == "1"
    bars = chart.categories[0].bars
    assert bars[0].width == 0
    assert bars[0].text == "0"
    assert bars[1].value is None
    assert bars[1].text == "—"
    assert chart.values == [D(0)]


# --- Export ---------------------------------------------------------------------------------------


def test_export_escapes_formulas(client, year_world):
    w = year_world
    client.force_login(w.sec_singkawang)
    response = client.get(reverse("monitoring:year_export", kwargs={"year": 2021, "fmt": "csv"}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = [cell for row in rows for cell in row if "Pengelolaan sampah" in cell]
    assert titles
    assert all(t.startswith("'=HYPERLINK") for t in titles)
    xlsx = client.get(reverse("monitoring:year_export", kwargs={"year": 2021, "fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for s in book for r in s.iter_rows() for c in r if isinstance(c.value, str)]
    found = [c for c in cells if "Pengelolaan sampah" in c]
    assert found
    assert all(c.startswith("'=") for c in found)
    # The numbers stay numbers: W's 2021 achievement 100,27.
    numbers = [c.value for s in book for r in s.iter_rows() for c in r]
    assert 100.27 in [float(n) for n in numbers if isinstance(n, (int, float, Decimal))]
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}x") == f"'{start}x"
    assert safe_cell("Kota") == "Kota"
    assert safe_cell(D("-5")) == D("-5")
    assert client.get("/monev/2021/ekspor.pdf").status_code == 404


# --- Who reads which year, who chooses the headline indicators -----------------------------------


def test_law_province_oversight_reads_its_regencys_year(client, year_world):
    """§12, UU 23/2014 Pasal 368(1): the governor (as the central government's representative)
    monitors and evaluates the cooperation of the regencies and cities of the province. Expected
    by hand: Kalbar's oversight reads Kota Singkawang's year 2021 (and sees `world.local`);
    Pontianak's secretariat (another city) and Bengkayang's (a partner of one case) do not: 404.
    """
    w = year_world
    url = reverse("monitoring:year_region", kwargs={"year": 2021, "region": w.singkawang.region_id})
    client.force_login(w.sec_kalbar)
    response = client.get(url)
    assert response.status_code == 200
    assert w.local.title in response.content.decode()
    for user in (w.sec_pontianak, w.sec_bengkayang):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404
        assert w.local.title not in response.content.decode()


def test_headline_choice_by_leadership_only(client, year_world):
    w = year_world
    water = IndicatorDefinition.objects.get(code="air_minum.cakupan_pelayanan")
    for user in (w.sec_singkawang, w.pupr_officer, w.sec_kalbar):
        with pytest.raises(NotPermitted):
            headline_indicators_set(actor=user, tenant=w.singkawang, definitions=[water])
    # The Sekda of Singkawang does not choose Bengkayang's.
    with pytest.raises(NotPermitted):
        headline_indicators_set(actor=w.sekda, tenant=w.bengkayang, definitions=[water])
    url = reverse("monitoring:headlines")
    client.force_login(w.sec_singkawang)
    assert client.get(url).status_code == 403
    assert client.post(url, {"slot_1": "batas.pilar_dipasang"}).status_code == 403
    assert list(
        HeadlineIndicator.objects.filter(tenant=w.singkawang).values_list(
            "definition__code", flat=True
        )
    ) == ["air_minum.cakupan_pelayanan", "das.lahan_kritis_direhabilitasi"]
    client.force_login(w.sekda)
    response = client.post(
        url, {"slot_1": "pariwisata.kunjungan_nusantara", "slot_2": "banjir.kk_terdampak"}
    )
    assert response.status_code == 302
    assert list(
        HeadlineIndicator.objects.filter(tenant=w.singkawang)
        .order_by("order")
        .values_list("definition__code", flat=True)
    ) == ["pariwisata.kunjungan_nusantara", "banjir.kk_terdampak"]
    event = AuditEvent.objects.filter(action="headline.set").latest("id")
    assert event.actor == w.sekda
    assert event.data["codes"] == "pariwisata.kunjungan_nusantara, banjir.kk_terdampak"
    # The same indicator twice is refused with a message, nothing saved.
    response = client.post(url, {"slot_1": "banjir.kk_terdampak", "slot_2": "banjir.kk_terdampak"})
    assert response.status_code == 422
    assert "sekali" in response.content.decode() or "once" in response.content.decode()
    assert HeadlineIndicator.objects.filter(tenant=w.singkawang).count() == 2


def test_year_page_ids_are_unique_and_aria_references_resolve(client, year_world):
    from tests.test_a11y import Markup

    w = year_world
    client.force_login(w.sec_singkawang)
    for url in (
        reverse("monitoring:year", kwargs={"year": 2021}),
        reverse("monitoring:pks", kwargs={"pk": w.document.pk}),
        reverse("monitoring:headlines"),
    ):
        if url.endswith("indikator-utama/"):
            client.force_login(w.sekda)
        markup = Markup(client.get(url).content.decode())
        assert markup.duplicate_ids() == [], url
        assert markup.missing_references() == [], url
        assert markup.ids, url  # the check could fail


def test_dashboard_names_the_years_it_compares(year_world):
    from kerjasama.monitoring.year import dashboard_headlines

    w = year_world
    # In January 2022 (the reports of 2021 verified): the last complete year, 2021, against
    # 2020 — the Sekda's question of 14 January.
    found = dashboard_headlines(w.sekda, today=dt.date(2022, 1, 14))
    assert (found.year, found.current_year_empty) == (2021, False)
    # On 31 December 2021 the year 2021 is not complete yet: 2020 against 2019 (a part of a
    # year against a whole year's target would read as a fall).
    found = dashboard_headlines(w.sekda, today=dt.date(2021, 12, 31))
    assert (found.year, found.current_year_empty) == (2020, False)
    # In mid-2023 nothing of 2023 or 2022 is verified: the latest year with a verified value
    # of a headline indicator, 2021, against 2020 — and the panel says so.
    found = dashboard_headlines(w.sekda, today=dt.date(2023, 6, 1))
    assert (found.year, found.current_year_empty) == (2021, True)
    water = found.headlines[0].rows[0]
    # W: 58,50 % (2020) → 65,17 % (2021), improved by 6,67 points.
    assert (water.previous.value, water.current.value) == (D("58.50"), D("65.17"))
    assert water.comparison.change == D("6.67")
    # A region without headline indicators has no panel.
    assert dashboard_headlines(w.sec_bengkayang) is None


def test_the_provinces_year_page_leads_oversight_to_its_cities(client, year_world):
    w = year_world
    client.force_login(w.sec_kalbar)
    html = client.get(reverse("monitoring:year", kwargs={"year": 2021})).content.decode()
    links = _section(html, 'id="overseen-regions"', "</nav>")
    singkawang = reverse(
        "monitoring:year_region", kwargs={"year": 2021, "region": w.singkawang.region_id}
    )
    assert singkawang in links
    # Singkawang's own secretariat oversees nothing.
    client.force_login(w.sec_singkawang)
    html = client.get(reverse("monitoring:year", kwargs={"year": 2021})).content.decode()
    assert 'id="overseen-regions"' not in html


def test_export_names_the_pks_and_writes_decimals_as_the_page(client, year_world):
    """The "Agreement" column of the indicator and headline tables names the PKS the indicator
    is bound to (as the page links it), not the case's title; decimals carry no trailing
    zeros (58,50 % → 58.5, a target of 65 → 65, not 65.0000) and stay numbers in the XLSX."""
    w = year_world
    client.force_login(w.sec_singkawang)
    assert w.document.title != w.document.cooperation.title  # the test can tell them apart
    response = client.get(reverse("monitoring:year_export", kwargs={"year": 2021, "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    start = rows.index(["Indikator"]) if ["Indikator"] in rows else None
    assert start is not None
    indicator_rows = [r for r in rows[start + 2 :] if r]
    assert indicator_rows
    assert w.document.title in {r[0] for r in indicator_rows}
    assert w.document.cooperation.title not in {r[0] for r in indicator_rows}
    numbers = [c for r in rows for c in r if re.fullmatch(r"-?\d+\.\d+", c)]
    assert numbers
    assert [c for c in numbers if c.endswith("0")] == []
    water = next(r for r in indicator_rows if "58.5" in r)
    # 2020: 58,5 %; 2021: 65,17 % against 65 % (100,27 %).
    assert [c for c in water if c in ("58.5", "65.17", "65", "100.27")] == [
        "58.5",
        "65.17",
        "65",
        "100.27",
    ]
    xlsx = client.get(reverse("monitoring:year_export", kwargs={"year": 2021, "fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = next(s for s in book if s.title.endswith("Indikator"))
    values = [c.value for r in sheet.iter_rows(min_row=2) for c in r]
    assert w.document.title in values
    assert 65 in values
    assert 58.5 in values
