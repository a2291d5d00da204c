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
- Tourism (`pariwisata.kunjungan_nusantara`, quarterly): Singkawang's tourism office
  (Disparpora) is responsible; its officer `pariwisata.singkawang` reports, the secretariat
  verifies (it is not asked to report another office's indicator).

The PKS was signed on 22 March 2021; its targets were agreed for 2020 (the KB's first year, the
base of the comparison) to 2024, so the PKS's target version is valid from 1 January 2020; the
addendum that extended the term to 2027 set the targets of 2025–2027 (a second target version,
valid from 1 April 2024).

The years after 2021 are reported and verified too, up to the periods whose reporting window
has closed (a period's window stays open `MONEV_REPORTING_DAYS` after it ends), so that only the
current window is open: the demo is loaded relative to today, and without them every later
period was overdue on PUPR's agenda and in the TKKSD's agenda proposals.

Both years' evaluations (2020 and 2021) of the PKS by Singkawang's secretariat, signed off by the
Sekda (issue 10, item 4): 2021 improved on 2020 in clean water and tourism; floods remain a
concern. The figures are invented for the demo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kerjasama.accounts.models import Opd, User
from kerjasama.agreements.enums import DocumentKind
from kerjasama.agreements.models import Document, Party
from kerjasama.core import audit
from kerjasama.core.models import Interface
from kerjasama.deadlines.services import deadlines_refresh
from kerjasama.monitoring import evaluation as evaluation_services
from kerjasama.monitoring import services
from kerjasama.monitoring.achievement import Period
from kerjasama.monitoring.deadlines import reporting_days
from kerjasama.monitoring.models import (
    Evaluation,
    EvaluationComment,
    EvaluationVersion,
    Indicator,
    IndicatorDefinition,
    Realisation,
    RealisationStep,
)

PKS_TITLE = "PKS Penyediaan Air Bersih bagi Masyarakat Kota Singkawang"
SINGKAWANG, KALBAR = "61.72", "61"
# The officer of Singkawang's tourism office (Disparpora), who reports the tourism indicator.
TOURISM_OFFICER = "pariwisata.singkawang"

D = Decimal
# The first addendum of the PKS extended its term from 1 April 2024 and set the later targets.
ADDENDUM_FROM = dt.date(2024, 4, 1)


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
    later: dict[int, str] | None = None,
    clause: str = "",
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
            "obligation_clause": clause,
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
        ]
        + [
            {"year": year, "quarter": 0, "value": D(value)}
            for year, value in (later or {}).items()
            if year <= ADDENDUM_FROM.year
        ],
    )
    by_addendum = {y: v for y, v in (later or {}).items() if y > ADDENDUM_FROM.year}
    addendum = document.children.filter(kind=DocumentKind.ADDENDUM).first()
    if by_addendum and addendum is not None:
        services.indicator_targets_set(
            actor=actor,
            indicator=indicator,
            addendum=addendum,
            valid_from=ADDENDUM_FROM,
            targets=[{"year": y, "quarter": 0, "value": D(v)} for y, v in by_addendum.items()],
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
        later={2022: "68", 2023: "71", 2024: "74", 2025: "77", 2026: "80", 2027: "82"},
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
        later={2022: "1100", 2023: "1000", 2024: "950", 2025: "900", 2026: "850", 2027: "800"},
        baseline=("1750", 2019),
        clause="Pasal 6 ayat (2) huruf b",  # the city's duty: normalise its drainage channels
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
        later={2022: "220", 2023: "240", 2024: "250", 2025: "260", 2026: "270", 2027: "280"},
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

    # Tourism: domestic visits per quarter; reported by the tourism office (Disparpora).
    tourism_officer = User.objects.get(username=TOURISM_OFFICER)
    tourism = _indicator(
        actor=sec_skw,
        document=document,
        code="pariwisata.kunjungan_nusantara",
        party=singkawang,
        opd=tourism_officer.opd,
        targets={(2020, 0): "450000", (2021, 0): "400000"},
        later={
            2022: "450000",
            2023: "500000",
            2024: "550000",
            2025: "600000",
            2026: "650000",
            2027: "700000",
        },
    )
    # 2020: 160.000 + 20.000 + 60.000 + 85.000 = 325.000; 2021: 70.000 + 45.000 + 120.000
    # + 190.000 = 425.000.
    for year, values in (
        (2020, ("160000", "20000", "60000", "85000")),
        (2021, ("70000", "45000", "120000", "190000")),
    ):
        for quarter, value in enumerate(values, start=1):
            _verified(
                reporter=tourism_officer,
                verifier=sec_skw,
                indicator=tourism,
                party=singkawang,
                year=year,
                quarter=quarter,
                value=value,
            )
    _later_years(
        document=document,
        officer=officer,
        sec_skw=sec_skw,
        sec_kalbar=sec_kalbar,
        indicators={"water": water, "floods": floods, "basin": basin, "tourism": tourism},
    )
    for indicator in (water, floods, basin, tourism):
        _in_their_windows(indicator)
    sekda = User.objects.get(username="sekda.singkawang")
    evaluations = _evaluations(document=document, sec_skw=sec_skw, sekda=sekda)
    return {"indicators": 4, "document": document.pk, "evaluations": evaluations}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _in_their_windows(indicator: Indicator) -> None:
    """Date the demo's reports in their reporting windows, as they would have been made: each
    step of a realisation three days after the one before, the first 20 days after the period
    ended (written past the services: the demo's history, not anyone's act; the audit trail
    keeps the day of loading). Without it every report is met "today", and the agenda's "met
    in the last 90 days" fills with them. The deadlines are recomputed from the dates."""
    now = timezone.now()
    for row in indicator.realisations.prefetch_related("steps"):
        period = Period(row.year, row.quarter or None)
        steps = list(row.steps.all())
        times = [_at(period.end + dt.timedelta(days=20 + 3 * i)) for i in range(len(steps))]
        if not steps or times[-1] >= now:
            continue
        for step, when in zip(steps, times, strict=True):
            RealisationStep.objects.filter(pk=step.pk).update(at=when)
        submitted = [t for st, t in zip(steps, times, strict=True) if st.action == "submitted"]
        Realisation.objects.filter(pk=row.pk).update(
            submitted_at=submitted[-1] if submitted else row.submitted_at,
            verified_at=times[-1] if row.status == "verified" else row.verified_at,
        )
    deadlines_refresh(indicator)


# --- The years after 2021 (the demo's reporting fault) ----------------------------------------

# Yearly totals after 2021 (invented, plausible): clean water (households served, households in
# the service area; the province reports the same PDAM register since the 2021 reconciliation),
# households affected by floods (still high: floods remain a concern), hectares rehabilitated,
# domestic tourist visits (growing after the pandemic, Cap Go Meh in the first quarter).
WATER_LATER = {
    2022: ("32100", "46800"),
    2023: ("33900", "47200"),
    2024: ("35400", "47600"),
    2025: ("36900", "48000"),
    2026: ("38300", "48400"),
    2027: ("39500", "48800"),
}
BASIN_LATER = {2022: "230", 2023: "245", 2024: "255", 2025: "262", 2026: "270", 2027: "280"}
QUARTERLY_LATER = {
    "floods": {2022: 1180, 2023: 1020, 2024: 1240, 2025: 940, 2026: 900, 2027: 860},
    "tourism": {
        2022: 468000,
        2023: 532000,
        2024: 571000,
        2025: 618000,
        2026: 655000,
        2027: 700000,
    },
}
FLOOD_SHARES = (Decimal("0.35"), Decimal("0.20"), Decimal("0.05"), Decimal("0.40"))
TOURISM_SHARES = (Decimal("0.30"), Decimal("0.15"), Decimal("0.25"), Decimal("0.30"))


def _closed(period: Period, today: dt.date, end: dt.date | None) -> bool:
    """Whether the period, within the PKS's term (`end`: its effective end), has its reporting
    window closed: the demo reports it, verified."""
    within = end is None or period.start <= end
    return within and period.end + dt.timedelta(days=reporting_days()) < today


def _later_years(
    *,
    document: Document,
    officer: User,
    sec_skw: User,
    sec_kalbar: User,
    indicators: dict[str, Indicator],
) -> None:
    today, end = timezone.localdate(), document.effective_end()
    singkawang, kalbar = _party(document, SINGKAWANG), _party(document, KALBAR)
    for year, (served, households) in WATER_LATER.items():
        if _closed(Period(year), today, end):
            for reporter, verifier, party in (
                (officer, sec_skw, singkawang),
                (sec_kalbar, sec_kalbar, kalbar),
            ):
                _verified(
                    reporter=reporter,
                    verifier=verifier,
                    indicator=indicators["water"],
                    party=party,
                    year=year,
                    value=served,
                    denominator=households,
                    note=f"Data pelanggan Perumda Air Minum Gunung Poteng per 31 Desember {year}.",
                )
            _verified(
                reporter=officer,
                verifier=sec_skw,
                indicator=indicators["basin"],
                party=singkawang,
                year=year,
                value=BASIN_LATER[year],
            )
        for quarter in (1, 2, 3, 4):
            if not _closed(Period(year, quarter), today, end):
                continue
            share = quarter - 1
            for key, reporter, shares in (
                ("floods", officer, FLOOD_SHARES),
                ("tourism", User.objects.get(username=TOURISM_OFFICER), TOURISM_SHARES),
            ):
                total = Decimal(QUARTERLY_LATER[key][year])
                _verified(
                    reporter=reporter,
                    verifier=sec_skw,
                    indicator=indicators[key],
                    party=singkawang,
                    year=year,
                    quarter=quarter,
                    value=str((total * shares[share]).quantize(Decimal(1))),
                )


# --- The evaluations of 2020 and 2021 (issue 10, item 4) --------------------------------------

EVALUATIONS = {
    2020: {
        "purpose": "Sambungan rumah dari SPAM Gunung Poteng bertambah, tetapi cakupan pelayanan "
        "air minum (58,50 %) belum mencapai target 60 %.",
        "purpose_level": "fair",
        "timeliness": "Pembangunan jaringan distribusi tertunda karena pembatasan kegiatan "
        "selama pandemi.",
        "timeliness_level": "poor",
        "contributions": "Provinsi menyelesaikan pipa transmisi; kota baru sebagian membangun "
        "jaringan distribusi.",
        "contributions_level": "fair",
        "coordination": "Koordinasi berjalan melalui rapat daring; data kedua pihak belum "
        "diselaraskan.",
        "coordination_level": "fair",
        "public_service": "26.910 rumah tangga terlayani air perpipaan. Kunjungan wisata turun "
        "tajam (325.000, 72,22 % dari target) akibat pandemi.",
        "public_service_level": "fair",
        "reporting": "Semua indikator dilaporkan dan diverifikasi; data banjir dilaporkan per "
        "triwulan.",
        "reporting_level": "good",
        "obstacles": "Banjir berulang (1.660 KK terdampak, di atas batas 1.500 KK) merusak "
        "jaringan di Kelurahan Roban; rehabilitasi lahan kritis DAS baru 120 ha dari 150 ha.",
        "recommendation": "improve",
        "rating": 3,
        "rating_reason": "Sebagian besar target belum tercapai; kerja sama perlu diperbaiki, "
        "terutama penanganan banjir dan percepatan jaringan distribusi.",
        "comment": "Melihat Kerja Sama Daerah 2020, saya minta agar Kerja Sama Daerah tahun "
        "2021 lebih ditingkatkan.",
    },
    2021: {
        "purpose": "Cakupan pelayanan air minum 65,17 % melampaui target 65 %; tujuan PKS "
        "tercapai untuk tahun ini.",
        "purpose_level": "good",
        "timeliness": "Jaringan distribusi selesai sesuai jadwal; laporan banjir triwulan IV "
        "sempat dikembalikan karena salah satuan.",
        "timeliness_level": "good",
        "contributions": "Kedua pihak memenuhi kewajibannya; selisih data cakupan air minum "
        "direkonsiliasi dengan data pelanggan PDAM.",
        "contributions_level": "good",
        "coordination": "Rapat koordinasi triwulanan dan rekonsiliasi data berjalan baik.",
        "coordination_level": "good",
        "public_service": "30.240 rumah tangga terlayani air perpipaan (naik dari 26.910); "
        "kunjungan wisatawan nusantara 425.000 (106,25 % dari target, naik dari 325.000).",
        "public_service_level": "good",
        "reporting": "Semua indikator dilaporkan, diverifikasi dan direkonsiliasi.",
        "reporting_level": "good",
        "obstacles": "Banjir tetap menjadi perhatian: 1.100 KK terdampak (capaian 108,33 %), "
        "410 KK di antaranya pada triwulan IV di Kelurahan Roban.",
        "recommendation": "continue",
        "rating": 4,
        "rating_reason": "Air bersih, DAS dan pariwisata membaik dibanding 2020 dan melampaui "
        "target; penanganan banjir perlu terus diperkuat.",
        "comment": "Peningkatan dibanding 2020 sudah terlihat. Penanganan banjir di Roban agar "
        "menjadi prioritas tahun 2022.",
    },
}


def _evaluations(*, document: Document, sec_skw: User, sekda: User) -> int:
    """Write, submit, comment and sign off each year's evaluation, then date them as made in
    the February after the year (past the services, like the reports' dates)."""
    for year, content in EVALUATIONS.items():
        data = {k: v for k, v in content.items() if k != "comment"}
        evaluation = evaluation_services.evaluation_save(
            actor=sec_skw, document=document, year=year, data=data
        )
        evaluation_services.evaluation_submit(actor=sec_skw, evaluation=evaluation)
        evaluation_services.evaluation_comment(
            actor=sekda, evaluation=evaluation, text=str(content["comment"])
        )
        evaluation_services.evaluation_sign_off(actor=sekda, evaluation=evaluation)
        submitted, signed = _at(dt.date(year + 1, 2, 10)), _at(dt.date(year + 1, 2, 17))
        Evaluation.objects.filter(pk=evaluation.pk).update(
            submitted_at=submitted, signed_off_at=signed
        )
        EvaluationVersion.objects.filter(evaluation=evaluation).update(signed_off_at=signed)
        EvaluationComment.objects.filter(evaluation=evaluation).update(
            at=_at(dt.date(year + 1, 2, 14))
        )
    return len(EVALUATIONS)
