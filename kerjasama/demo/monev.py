"""Monitoring in the demo (issue 10): indicators of the Kalimantan Barat–Singkawang PKS on clean
water with targets and verified realisations for 2020 and 2021, so that the Sekda can see what
2021 achieved over 2020 ("Melihat Kerja Sama Daerah 2020, saya minta agar Kerja Sama Daerah
tahun 2021 lebih ditingkatkan").

`monev_load()` runs after `load_demo` (the lead wires it in), through the services and as the
demo's people: the PUPR officer of Singkawang reports, the secretariats verify. Idempotent: a
PKS that already has indicators is left as it is.

- Clean water (`air_minum.cakupan_pelayanan`, %): both parties report; 2021 differs (Singkawang
  from the PDAM's customer register, the province from its SPAM Gunung Poteng transmission
  data) and the difference is reconciled in favour of Singkawang's value.
- Flood handling (`banjir.kk_terdampak`, households affected, lower is better, quarterly): the
  report of Q4 2021 was first made in hectares of inundated area and returned for the wrong
  unit, then corrected.
- River basin (`das.lahan_kritis_direhabilitasi`, ha).
- Tourism (`pariwisata.kunjungan_nusantara`, quarterly): the demo has no officer of Singkawang's
  tourism office, so Singkawang's secretariat reports it (a party without a reporting OPD).

The PKS was signed on 22 March 2021; its targets were agreed for 2020 (the KB's first year, the
base of the comparison) and 2021, so the PKS's target version is valid from 1 January 2020.
The figures are invented for the demo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from kerjasama.accounts.models import Opd, User
from kerjasama.agreements.enums import DocumentKind
from kerjasama.agreements.models import Document, Party
from kerjasama.core import audit
from kerjasama.core.models import Interface
from kerjasama.monitoring import services
from kerjasama.monitoring.models import Indicator, IndicatorDefinition

PKS_TITLE = "PKS Penyediaan Air Bersih bagi Masyarakat Kota Singkawang"
SINGKAWANG, KALBAR = "61.72", "61"

D = Decimal


def _pks() -> Document | None:
    return (
        Document.objects.filter(
            kind=DocumentKind.PKS,
            title=PKS_TITLE,
            cooperation__parties__partner__region__code=KALBAR,
        )
        .filter(cooperation__parties__partner__region__code=SINGKAWANG)
        .select_related("cooperation")
        .first()
    )


def _party(document: Document, code: str) -> Party:
    return document.cooperation.parties.select_related("partner").get(partner__region__code=code)


def _indicator(
    *,
    actor: User,
    document: Document,
    code: str,
    party: Party,
    opd: Opd | None,
    targets: dict[tuple[int, int], str],
    baseline: tuple[str, int] | None = None,
    both_report: bool = False,
) -> Indicator:
    definition = IndicatorDefinition.objects.get(code=code)
    indicator = services.indicator_create(
        actor=actor,
        document=document,
        data={
            "definition": definition,
            "name": "",
            "unit": "",
            "responsible_party": party,
            "responsible_opd": opd,
            "both_report": both_report,
            "baseline_value": D(baseline[0]) if baseline else None,
            "baseline_year": baseline[1] if baseline else None,
        },
    )
    services.indicator_targets_set(
        actor=actor,
        indicator=indicator,
        valid_from=dt.date(2020, 1, 1),
        targets=[
            {"year": year, "quarter": quarter, "value": D(value)}
            for (year, quarter), value in targets.items()
        ],
    )
    return indicator


def _verified(
    *,
    reporter: User,
    verifier: User,
    indicator: Indicator,
    party: Party,
    year: int,
    quarter: int = 0,
    value: str,
    denominator: str | None = None,
    note: str = "",
) -> None:
    row = services.realisation_save(
        actor=reporter,
        indicator=indicator,
        party=party,
        year=year,
        quarter=quarter,
        data={
            "state": "value",
            "value": D(value),
            "denominator": D(denominator) if denominator else None,
            "note": note,
        },
        submit=True,
    )
    services.realisation_verify(actor=verifier, realisation=row)


def monev_load() -> dict[str, Any]:
    """Add the demo's indicators, targets and realisations; returns what it created."""
    document = _pks()
    if document is None:
        raise LookupError(f"{PKS_TITLE!r} is missing: run load_demo first")
    if document.indicators.exists():
        return {"indicators": 0}
    users = {u.username: u for u in User.objects.filter(username__contains=".")}
    sec_skw, sec_kalbar = users["sekretariat.singkawang"], users["sekretariat.kalbar"]
    officer = users["pupr.singkawang"]
    with audit.interface(Interface.CLI), transaction.atomic():
        return _load(document, sec_skw, sec_kalbar, officer)


def _load(document: Document, sec_skw: User, sec_kalbar: User, officer: User) -> dict[str, Any]:
    singkawang, kalbar = _party(document, SINGKAWANG), _party(document, KALBAR)
    pupr = officer.opd

    # Clean water: piped coverage, % (households served ÷ households in the service area).
    water = _indicator(
        actor=sec_skw,
        document=document,
        code="air_minum.cakupan_pelayanan",
        party=singkawang,
        opd=pupr,
        targets={(2020, 0): "60", (2021, 0): "65"},
        baseline=("55", 2019),
        both_report=True,
    )
    # 2020: 26.910 of 46.000 households = 58,50 % (Singkawang only).
    _verified(
        reporter=officer,
        verifier=sec_skw,
        indicator=water,
        party=singkawang,
        year=2020,
        value="26910",
        denominator="46000",
        note="Data pelanggan Perumda Air Minum Gunung Poteng per 31 Desember 2020.",
    )
    # 2021: Singkawang 30.240 of 46.400 (65,17 %); the province 29.900 of 46.400 (64,44 %).
    _verified(
        reporter=officer,
        verifier=sec_skw,
        indicator=water,
        party=singkawang,
        year=2021,
        value="30240",
        denominator="46400",
        note="Data pelanggan Perumda Air Minum Gunung Poteng per 31 Desember 2021.",
    )
    # Kalbar has no reporting OPD on this case: its secretariat reports and verifies.
    _verified(
        reporter=sec_kalbar,
        verifier=sec_kalbar,
        indicator=water,
        party=kalbar,
        year=2021,
        value="29900",
        denominator="46400",
        note="Dihitung dari debit transmisi SPAM Gunung Poteng.",
    )
    services.reconciliation_record(
        actor=sec_skw,
        indicator=water,
        year=2021,
        quarter=0,
        chosen_party=singkawang,
        agreed_value=None,
        reason="Data pelanggan PDAM mencatat sambungan yang benar-benar aktif; angka provinsi "
        "diturunkan dari debit transmisi. Disepakati dalam rapat koordinasi 10 Februari 2022.",
    )

    # Flood handling: households affected, lower is better, per quarter.
    floods = _indicator(
        actor=sec_skw,
        document=document,
        code="banjir.kk_terdampak",
        party=singkawang,
        opd=pupr,
        targets={(2020, 0): "1500", (2021, 0): "1200"},
        baseline=("1750", 2019),
    )
    # 2020: 620 + 410 + 90 + 540 = 1.660 KK; 2021: 380 + 250 + 60 + 410 = 1.100 KK.
    for year, values in ((2020, ("620", "410", "90", "540")), (2021, ("380", "250", "60"))):
        for quarter, value in enumerate(values, start=1):
            _verified(
                reporter=officer,
                verifier=sec_skw,
                indicator=floods,
                party=singkawang,
                year=year,
                quarter=quarter,
                value=value,
            )
    # Q4 2021 was first reported as 41 — the hectares inundated, not the households — and
    # returned for the wrong unit, then corrected to 410 KK.
    wrong = services.realisation_save(
        actor=officer,
        indicator=floods,
        party=singkawang,
        year=2021,
        quarter=4,
        data={"state": "value", "value": D("41"), "note": "Genangan di Kelurahan Roban."},
        submit=True,
    )
    services.realisation_return(
        actor=sec_skw,
        realisation=wrong,
        reason="Satuan salah: 41 adalah luas genangan (ha), yang diminta jumlah KK terdampak.",
    )
    corrected = services.realisation_save(
        actor=officer,
        indicator=floods,
        party=singkawang,
        year=2021,
        quarter=4,
        data={
            "state": "value",
            "value": D("410"),
            "note": "Genangan di Kelurahan Roban; jumlah KK menurut pendataan BPBD.",
        },
        submit=True,
    )
    services.realisation_verify(actor=sec_skw, realisation=corrected)

    # River basin: critical land of the Singkawang river basin rehabilitated, ha.
    basin = _indicator(
        actor=sec_skw,
        document=document,
        code="das.lahan_kritis_direhabilitasi",
        party=singkawang,
        opd=pupr,
        targets={(2020, 0): "150", (2021, 0): "200"},
    )
    for year, value in ((2020, "120"), (2021, "210")):
        _verified(
            reporter=officer,
            verifier=sec_skw,
            indicator=basin,
            party=singkawang,
            year=year,
            value=value,
        )

    # Tourism: domestic visits per quarter; reported by the secretariat (no OPD officer).
    tourism = _indicator(
        actor=sec_skw,
        document=document,
        code="pariwisata.kunjungan_nusantara",
        party=singkawang,
        opd=None,
        targets={(2020, 0): "450000", (2021, 0): "400000"},
    )
    # 2020: 160.000 + 20.000 + 60.000 + 85.000 = 325.000; 2021: 70.000 + 45.000 + 120.000
    # + 190.000 = 425.000.
    for year, values in (
        (2020, ("160000", "20000", "60000", "85000")),
        (2021, ("70000", "45000", "120000", "190000")),
    ):
        for quarter, value in enumerate(values, start=1):
            _verified(
                reporter=sec_skw,
                verifier=sec_skw,
                indicator=tourism,
                party=singkawang,
                year=year,
                quarter=quarter,
                value=value,
            )
    return {"indicators": 4, "document": document.pk}
