"""Issue 10, items 1–2: indicators bound to a PKS, their targets and target versions, the
realisations entered at /monev/, verified or returned, reconciled, and their reporting windows
as deadlines. Expected values are computed by hand in the comments.

The record is `world.local` (Singkawang–Bengkayang), whose PKS `world.document` was signed on
14 January 2021 and runs to 13 January 2026; Singkawang's PUPR is the responsible OPD.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kerjasama.core.exceptions import DomainError, NotPermitted, RuleViolation
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline
from kerjasama.monitoring import selectors, services
from kerjasama.monitoring.enums import RealisationState, Undefined, Verification
from kerjasama.monitoring.models import Evidence, Realisation
from kerjasama.monitoring.values import parse_number
from tests.factories import DocumentFactory, make_pdf, monev_indicator

pytestmark = pytest.mark.django_db


def _report(world, indicator, year, *, party=None, actor=None, submit=True, **data):
    data = {"state": RealisationState.VALUE} | data
    return services.realisation_save(
        actor=actor or world.pupr_officer,
        indicator=indicator,
        party=party or world.local_party,
        year=year,
        quarter=0,
        data=data,
        submit=submit,
    )


def _verified(world, indicator, year, value, *, verifier=None, **kwargs):
    row = _report(world, indicator, year, value=Decimal(value), **kwargs)
    verifier = verifier or world.sec_singkawang
    return services.realisation_verify(actor=verifier, realisation=row)


def _figure(indicator, year):
    return selectors.indicator_achievement(indicator, year).year_figure


# --- Blank, zero and not applicable ---------------------------------------------------------


def test_blank_zero_and_not_applicable_are_stored_shown_and_counted_differently(client, world):
    indicator = monev_indicator(world, targets={2021: "100", 2022: "200", 2023: "50"})
    zero = _report(world, indicator, 2021, value=Decimal("0"))
    blank = _report(world, indicator, 2022, state=RealisationState.BLANK)
    not_applicable = _report(
        world,
        indicator,
        2023,
        state=RealisationState.NOT_APPLICABLE,
        not_applicable_reason="Pipa transmisi belum selesai dibangun",
    )
    for row in (zero, blank, not_applicable):
        services.realisation_verify(actor=world.sec_singkawang, realisation=row)

    stored = {
        r.year: (r.state, r.value, r.not_applicable_reason)
        for r in Realisation.objects.filter(indicator=indicator)
    }
    assert stored == {
        2021: ("value", Decimal("0"), ""),
        2022: ("blank", None, ""),
        2023: ("not_applicable", None, "Pipa transmisi belum selesai dibangun"),
    }
    # Zero is a value: 0 ÷ 100 × 100 = 0 %, counted (and not met).
    assert (_figure(indicator, 2021).achievement, _figure(indicator, 2021).met) == (
        Decimal("0.00"),
        False,
    )
    # Blank: nothing counted, the figure says no verified value.
    assert (_figure(indicator, 2022).achievement, _figure(indicator, 2022).reason) == (
        None,
        Undefined.NO_VALUE,
    )
    # Not applicable: nothing counted, and the reason is "not applicable", not "missing".
    assert (_figure(indicator, 2023).achievement, _figure(indicator, 2023).reason) == (
        None,
        Undefined.NOT_APPLICABLE,
    )
    client.force_login(world.sec_singkawang)
    url = reverse("monitoring:pks", args=[world.document.pk])
    page = client.get(f"{url}?tahun=0").content.decode()  # every year
    assert '<span class="value state-value">0</span>' in page
    assert '<span class="value state-blank">kosong (belum dilaporkan)</span>' in page
    assert (
        '<span class="value state-not_applicable">tidak berlaku: Pipa transmisi belum selesai '
        "dibangun</span>" in page
    )


# --- Validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),  # Indonesian: dots group thousands, comma decimals
        ("1234.5", Decimal("1234.5")),  # plain
        ("1234,5", Decimal("1234.5")),
        ("1.250.000", Decimal("1250000")),
        ("0", Decimal("0")),
        ("12.5", Decimal("12.5")),  # not a group of three: a decimal point
    ],
)
def test_numbers_are_read_in_indonesian_and_plain_notation(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["N/A", "-", "dua", "1,2,3", "-5", "1.23.4"])
def test_text_is_not_a_number(text):
    with pytest.raises(ValueError, match=re.escape(text)):  # the refused text is named
        parse_number(text)


def _post_value(client, world, indicator, year, data):
    client.force_login(world.pupr_officer)
    url = reverse(
        "monitoring:realisation_enter", args=[indicator.pk, world.local_party.pk, year, 0]
    )
    return client.post(url, {"state": "value", "kirim": "1"} | data)


def test_text_in_a_number_is_refused_in_indonesian_and_nothing_is_saved(client, world):
    indicator = monev_indicator(world)

    response = _post_value(client, world, indicator, 2021, {"value": "N/A"})

    assert response.status_code == 422
    assert "Tulis angka, misalnya 1.234,5 — bukan teks seperti" in response.content.decode()
    assert not Realisation.objects.filter(indicator=indicator).exists()


def test_an_indonesian_decimal_comma_is_stored_as_a_decimal(client, world):
    indicator = monev_indicator(world)

    _post_value(client, world, indicator, 2021, {"value": "1.234,5"})

    assert Realisation.objects.get(indicator=indicator).value == Decimal("1234.5")


def test_a_percentage_needs_a_denominator_above_zero(client, world):
    indicator = monev_indicator(
        world, name="Kehilangan air", unit="%", measure="percentage", direction="lower"
    )

    response = _post_value(client, world, indicator, 2021, {"value": "10", "denominator": "0"})

    assert response.status_code == 422
    assert "Penyebut harus lebih dari nol." in response.content.decode()
    assert not Realisation.objects.filter(indicator=indicator).exists()


def test_a_scale_level_must_be_within_the_scale(client, world):
    indicator = monev_indicator(
        world,
        name="Kualitas koordinasi",
        unit="tingkat",
        measure="scale",
        scale_max=5,
        period_rule="latest",
        reporter_rule="max",
        targets={2021: "4"},
    )

    response = _post_value(client, world, indicator, 2021, {"value": "6"})

    assert response.status_code == 422
    assert "Pilih tingkat skala, dari 1 sampai 5." in response.content.decode()
    assert not Realisation.objects.filter(indicator=indicator).exists()


def test_a_yes_no_value_is_only_yes_or_no(client, world):
    indicator = monev_indicator(
        world,
        name="SOP bersama ditetapkan",
        unit="ya/tidak",
        measure="yes_no",
        period_rule="latest",
        reporter_rule="max",
        targets={2021: "1"},
    )

    response = _post_value(client, world, indicator, 2021, {"value": "2"})

    assert response.status_code == 422
    assert "Indikator ya/tidak hanya dijawab ya atau tidak." in response.content.decode()
    assert not Realisation.objects.filter(indicator=indicator).exists()


def test_not_applicable_needs_its_reason(world):
    indicator = monev_indicator(world)

    with pytest.raises(RuleViolation) as refused:
        _report(world, indicator, 2021, state=RealisationState.NOT_APPLICABLE)

    assert "not_applicable_reason" in refused.value.message_dict
    assert not Realisation.objects.filter(indicator=indicator).exists()


# --- Only verified values count --------------------------------------------------------------


def test_only_verified_values_reach_the_achievement(client, world):
    indicator = monev_indicator(world)  # target 2021: 100
    row = _report(world, indicator, 2021, value=Decimal("40"))  # wrong unit: m³, not SR

    # Submitted: nothing counts yet.
    assert selectors.verified_realisations(indicator).items == ()
    assert _figure(indicator, 2021).achievement is None

    services.realisation_return(
        actor=world.sec_singkawang, realisation=row, reason="Satuan salah: m³, bukan SR"
    )
    # Returned: never counts.
    assert _figure(indicator, 2021).achievement is None

    row = _report(world, indicator, 2021, value=Decimal("80"))  # corrected and resubmitted
    assert _figure(indicator, 2021).achievement is None
    services.realisation_verify(actor=world.sec_singkawang, realisation=row)

    # Verified: 80 ÷ 100 × 100 = 80 %.
    assert _figure(indicator, 2021).achievement == Decimal("80.00")
    row.refresh_from_db()
    assert (row.status, row.verified_by, row.version) == (
        Verification.VERIFIED,
        world.sec_singkawang,
        2,
    )
    assert list(row.steps.values_list("action", "reason")) == [
        ("submitted", ""),
        ("returned", "Satuan salah: m³, bukan SR"),
        ("submitted", ""),
        ("verified", ""),
    ]
    actions = list(
        AuditEvent.objects.filter(object_type="monitoring.realisation", object_id=str(row.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "realisation.submit",
        "realisation.return",
        "realisation.submit",
        "realisation.verify",
    ]


def test_a_verified_value_cannot_be_changed(world):
    indicator = monev_indicator(world)
    _verified(world, indicator, 2021, "80")

    with pytest.raises(RuleViolation):
        _report(world, indicator, 2021, value=Decimal("90"))

    assert Realisation.objects.get(indicator=indicator).value == Decimal("80")


def test_a_period_cannot_be_reported_before_it_ends(world):
    indicator = monev_indicator(world)

    with pytest.raises(RuleViolation):
        _report(world, indicator, dt.date.today().year + 1, value=Decimal("5"))


def test_evidence_is_checked_and_stored(world):
    indicator = monev_indicator(world)

    row = services.realisation_save(
        actor=world.pupr_officer,
        indicator=indicator,
        party=world.local_party,
        year=2021,
        quarter=0,
        data={"state": "value", "value": Decimal("80")},
        submit=True,
        uploads=[SimpleUploadedFile("bukti.pdf", make_pdf(), content_type="application/pdf")],
    )
    with pytest.raises(DomainError):  # not a PDF, whatever its name says
        services.realisation_save(
            actor=world.pupr_officer,
            indicator=indicator,
            party=world.local_party,
            year=2022,
            quarter=0,
            data={"state": "value", "value": Decimal("80")},
            submit=True,
            uploads=[SimpleUploadedFile("bukti.pdf", b"not a pdf", content_type="application/pdf")],
        )

    assert list(Evidence.objects.values_list("realisation", "original_name")) == [
        (row.pk, "bukti.pdf")
    ]
    assert not Realisation.objects.filter(indicator=indicator, year=2022).exists()


# --- Targets and versions ---------------------------------------------------------------------


def test_a_target_version_by_addendum_keeps_earlier_periods_targets(world):
    indicator = monev_indicator(world, targets={2021: "100", 2022: "200"})
    _verified(world, indicator, 2021, "80")
    _verified(world, indicator, 2022, "120")
    # The PKS is signed: changing a target needs the addendum.
    with pytest.raises(RuleViolation) as refused:
        services.indicator_targets_set(
            actor=world.sec_singkawang,
            indicator=indicator,
            targets=[{"year": 2022, "quarter": 0, "value": Decimal("150")}],
        )
    assert "addendum" in refused.value.message_dict
    addendum = DocumentFactory(
        cooperation=world.local,
        kind="addendum",
        parent=world.document,
        title="Addendum I PKS pilar batas",
        signed_on=dt.date(2022, 6, 20),
        start_date=dt.date(2022, 7, 1),
        end_date=dt.date(2026, 1, 13),
    )
    # A period that ended before the addendum keeps its target: 2021 cannot be changed by it.
    with pytest.raises(RuleViolation):
        services.indicator_targets_set(
            actor=world.sec_singkawang,
            indicator=indicator,
            addendum=addendum,
            targets=[{"year": 2021, "quarter": 0, "value": Decimal("50")}],
        )

    services.indicator_targets_set(
        actor=world.sec_singkawang,
        indicator=indicator,
        addendum=addendum,
        targets=[{"year": 2022, "quarter": 0, "value": Decimal("150")}],
    )

    # 2021 keeps the PKS's 100: 80 ÷ 100 = 80 %. 2022 takes the addendum's 150 (the version
    # from 1 July 2022 is in force on 31 December 2022): 120 ÷ 150 = 80 %, not 120 ÷ 200 = 60 %.
    assert (_figure(indicator, 2021).target, _figure(indicator, 2021).achievement) == (
        Decimal("100"),
        Decimal("80.00"),
    )
    assert (_figure(indicator, 2022).target, _figure(indicator, 2022).achievement) == (
        Decimal("150"),
        Decimal("80.00"),
    )
    assert _figure(indicator, 2022).target_version.source == "Addendum I PKS pilar batas"
    assert [v.valid_from for v in indicator.target_versions.all()] == [
        dt.date(2021, 1, 14),
        dt.date(2022, 7, 1),
    ]


def test_a_library_indicator_keeps_its_code_and_rules(world):
    from kerjasama.monitoring.models import IndicatorDefinition

    definition = IndicatorDefinition.objects.get(code="air_minum.kehilangan_air")

    indicator = monev_indicator(world, definition=definition, targets={})

    assert (indicator.code, indicator.measure, indicator.direction, indicator.frequency) == (
        "air_minum.kehilangan_air",
        "percentage",
        "lower",
        "quarterly",
    )
    assert indicator.name == "Sambungan rumah baru"  # a name given overrides the library's


# --- Both parties report: side by side, reconciliation ------------------------------------


def test_both_parties_values_side_by_side_and_the_reconciliation_decides(client, world):
    indicator = monev_indicator(world, both_report=True, targets={2021: "200"})
    _verified(world, indicator, 2021, "120")
    _verified(
        world,
        indicator,
        2021,
        "100",
        party=world.bengkayang_party,
        actor=world.bengkayang_officer,
        verifier=world.sec_bengkayang,
    )
    # Not reconciled: the reporter rule (sum) adds both: 220 ÷ 200 = 110 %.
    assert _figure(indicator, 2021).achievement == Decimal("110.00")
    client.force_login(world.sec_singkawang)
    page = client.get(
        reverse("monitoring:pks", args=[world.document.pk]), {"tahun": 2021}
    ).content.decode()
    assert '<span class="value state-value">120</span>' in page
    assert '<span class="value state-value">100</span>' in page
    assert '<td class="difference"><span class="nowrap">20</span>' in page  # 120 − 100
    # Only the responsible party's secretariat reconciles.
    with pytest.raises(NotPermitted):
        services.reconciliation_record(
            actor=world.sec_bengkayang,
            indicator=indicator,
            year=2021,
            quarter=0,
            chosen_party=world.bengkayang_party,
            agreed_value=None,
            reason="Data Bengkayang",
        )

    response = client.post(
        reverse("monitoring:reconcile", args=[indicator.pk, 2021, 0]),
        {"choice": str(world.local_party.pk), "reason": "Data PDAM Singkawang lebih lengkap"},
    )

    assert response.status_code == 302
    # Singkawang's 120 counts alone: 120 ÷ 200 = 60 %.
    assert _figure(indicator, 2021).achievement == Decimal("60.00")
    page = client.get(
        reverse("monitoring:pks", args=[world.document.pk]), {"tahun": 2021}
    ).content.decode()
    assert "Data PDAM Singkawang lebih lengkap" in page

    services.reconciliation_record(
        actor=world.sec_singkawang,
        indicator=indicator,
        year=2021,
        quarter=0,
        chosen_party=None,
        agreed_value=Decimal("110"),
        reason="Disepakati dalam rapat koordinasi",
    )
    # The agreed 110 counts: 110 ÷ 200 = 55 %.
    assert _figure(indicator, 2021).achievement == Decimal("55.00")
    assert (
        AuditEvent.objects.filter(
            action="realisation.reconcile", object_id=str(indicator.pk)
        ).count()
        == 2
    )


# --- Reporting windows as deadlines ---------------------------------------------------------


def test_the_reporting_window_is_a_deadline_on_the_opds_agenda_met_by_a_submission(client, world):
    indicator = monev_indicator(world)
    # 2021 ends on 31 December 2021; the window stays open 90 days: due 31 March 2022.
    deadline = Deadline.objects.get(
        subject_type="monitoring.indicator", key=f"monev:{world.local_party.pk}:2021:0"
    )
    assert (deadline.due_on, deadline.status, deadline.opd, deadline.cooperation) == (
        dt.date(2022, 3, 31),
        "open",
        world.pupr,
        world.local,
    )
    client.force_login(world.pupr_officer)
    agenda = client.get(reverse("agreements:agenda")).content.decode()
    assert "Laporkan indikator “Sambungan rumah baru” untuk 2021" in agenda

    row = _report(world, indicator, 2021, value=Decimal("80"))

    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == ("met", dt.date.today())
    services.realisation_return(actor=world.sec_singkawang, realisation=row, reason="Satuan")
    deadline.refresh_from_db()
    assert deadline.status == "open"  # returned: to be reported again


def test_the_reporting_window_follows_the_setting(world, settings):
    settings.KERJASAMA = settings.KERJASAMA | {"MONEV_REPORTING_DAYS": 30}

    monev_indicator(world)

    deadline = Deadline.objects.get(key=f"monev:{world.local_party.pk}:2021:0")
    assert deadline.due_on == dt.date(2022, 1, 30)  # 31 December 2021 + 30 days


# --- Permissions -------------------------------------------------------------------------------


def test_the_responsible_opds_officer_enters_and_another_opd_does_not(client, world):
    indicator = monev_indicator(world)
    url = reverse(
        "monitoring:realisation_enter", args=[indicator.pk, world.local_party.pk, 2021, 0]
    )

    client.force_login(world.tourism_officer)
    assert client.post(url, {"state": "value", "value": "5"}).status_code == 404
    with pytest.raises(NotPermitted):
        _report(world, indicator, 2021, value=Decimal("5"), actor=world.tourism_officer)
    client.force_login(world.sec_singkawang)  # the secretariat verifies; it does not enter
    assert client.post(url, {"state": "value", "value": "5"}).status_code == 403
    assert not Realisation.objects.exists()

    client.force_login(world.pupr_officer)
    client.post(url, {"state": "value", "value": "5", "kirim": "1"})
    assert Realisation.objects.get().value == Decimal("5")


def test_the_secretariat_verifies_and_the_officer_does_not(client, world):
    indicator = monev_indicator(world)
    row = _report(world, indicator, 2021, value=Decimal("80"))
    url = reverse("monitoring:realisation_verify", args=[row.pk])

    client.force_login(world.pupr_officer)
    assert client.post(url).status_code == 403
    client.force_login(world.sec_bengkayang)  # another party's secretariat: not its value
    assert client.post(url).status_code == 403
    row.refresh_from_db()
    assert row.status == Verification.SUBMITTED

    client.force_login(world.sec_singkawang)
    client.post(url)
    row.refresh_from_db()
    assert (row.status, row.verified_by) == (Verification.VERIFIED, world.sec_singkawang)


def test_the_partner_regions_officer_enters_its_own_partys_value_only(world):
    indicator = monev_indicator(world, both_report=True)

    own = _report(
        world,
        indicator,
        2021,
        value=Decimal("100"),
        party=world.bengkayang_party,
        actor=world.bengkayang_officer,
    )
    with pytest.raises(NotPermitted):
        _report(world, indicator, 2021, value=Decimal("1"), actor=world.bengkayang_officer)

    assert list(Realisation.objects.values_list("party", "value")) == [
        (world.bengkayang_party.pk, Decimal("100"))
    ]
    assert own.party == world.bengkayang_party


def test_an_unrelated_region_sees_nothing(client, world):
    indicator = monev_indicator(world)
    row = _report(world, indicator, 2021, value=Decimal("80"))
    client.force_login(world.sec_pontianak)

    for url in (
        reverse("monitoring:pks", args=[world.document.pk]),
        reverse("monitoring:targets", args=[indicator.pk]),
        reverse("monitoring:realisation_return", args=[row.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert indicator.name not in response.content.decode()
    monev = client.get(reverse("monitoring:index")).content.decode()
    assert indicator.name not in monev


# --- The forms of the secretariat ------------------------------------------------------------


def test_the_secretariat_adds_a_library_indicator_found_by_search(client, world):
    from kerjasama.monitoring.models import Indicator, IndicatorDefinition

    client.force_login(world.sec_singkawang)
    url = reverse("monitoring:indicator_create", args=[world.document.pk])
    found = client.get(url, {"cari": "genangan"}).content.decode()
    definition = IndicatorDefinition.objects.get(code="banjir.luas_genangan")
    assert definition.name_id in found
    assert "Kunjungan wisatawan nusantara" not in found  # the search narrows the choice

    client.post(
        url,
        {
            "definition": definition.pk,
            "responsible_party": world.local_party.pk,
            "responsible_opd": world.pupr.pk,
            "baseline_value": "12,5",
            "baseline_year": "2020",
            "obligation_clause": "  Pasal 6 ayat (2) huruf b ",
        },
    )

    indicator = Indicator.objects.get()
    assert (indicator.code, indicator.unit, indicator.direction, indicator.baseline_value) == (
        "banjir.luas_genangan",
        "ha",
        "lower",
        Decimal("12.5"),
    )
    # Bound to an obligation clause of the responsible party (issue 10 item 1), shown on the
    # PKS's page with the party it binds.
    assert indicator.obligation_clause == "Pasal 6 ayat (2) huruf b"
    page = client.get(reverse("monitoring:pks", args=[world.document.pk])).content.decode()
    shown = re.sub(r"\s+", " ", page)
    assert f"Pasal 6 ayat (2) huruf b pada PKS ({world.local_party.partner})" in shown


def test_a_custom_indicator_needs_its_measure_and_rules(client, world):
    from kerjasama.monitoring.models import Indicator

    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("monitoring:indicator_create", args=[world.document.pk]),
        {
            "name": "Kehilangan air",
            "unit": "%",
            "measure": "percentage",
            "direction": "lower",
            "period_rule": "average",  # a percentage is never averaged
            "reporter_rule": "sum",
            "frequency": "annual",
            "responsible_party": world.local_party.pk,
        },
    )

    assert response.status_code == 422
    assert "Persentase tidak pernah dirata-ratakan antarperiode." in response.content.decode()
    assert not Indicator.objects.exists()


def test_the_targets_form_makes_a_version_by_addendum_of_the_changed_periods(client, world):
    indicator = monev_indicator(world, targets={2021: "100", 2022: "200"})
    addendum = DocumentFactory(
        cooperation=world.local,
        kind="addendum",
        parent=world.document,
        title="Addendum I PKS pilar batas",
        signed_on=dt.date(2022, 6, 20),
        start_date=dt.date(2022, 7, 1),
        end_date=dt.date(2026, 1, 13),
    )
    client.force_login(world.sec_singkawang)
    url = reverse("monitoring:targets", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert 'value="200"' in page  # the targets in force are shown

    refused = client.post(url, {"t_2021_0": "100", "t_2022_0": "150"})
    assert refused.status_code == 422
    assert "hanya berubah melalui adendum" in refused.content.decode()

    client.post(url, {"addendum": addendum.pk, "t_2021_0": "100", "t_2022_0": "1.500,5"})

    version = indicator.target_versions.get(addendum=addendum)
    # Only 2022 changed: the addendum's version holds it alone, from the addendum's start.
    assert (version.valid_from, [(t.year, t.value) for t in version.targets.all()]) == (
        dt.date(2022, 7, 1),
        [(2022, Decimal("1500.5"))],
    )


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (Decimal("200"), "200"),
        (Decimal("1500.5"), "1.500,5"),
        (Decimal("200.125"), "200,125"),
        (Decimal("33000"), "33.000"),
        (Decimal("1234567.89"), "1.234.567,89"),
    ],
)
def test_a_stored_number_is_shown_in_a_form_as_it_reads_back(stored, shown):
    from kerjasama.monitoring.forms import NumberField

    field = NumberField()

    assert field.prepare_value(stored) == shown  # never "2E+2"
    assert field.clean(shown) == stored


def test_the_officer_is_offered_to_report_ended_periods_only(client, world):
    indicator = monev_indicator(world)
    type(world.document).objects.filter(pk=world.document.pk).update(end_date=dt.date(2099, 1, 1))
    client.force_login(world.pupr_officer)
    this_year = dt.date.today().year  # shown (within the term), not yet ended

    url = reverse("monitoring:pks", args=[world.document.pk])
    page = client.get(f"{url}?tahun=0").content.decode()
    default = client.get(url).content.decode()

    enter = "monitoring:realisation_enter"
    assert reverse(enter, args=[indicator.pk, world.local_party.pk, 2021, 0]) in page
    assert reverse(enter, args=[indicator.pk, world.local_party.pk, this_year, 0]) not in page
    # The default page shows the recent years; 2021, unreported, is named with its link.
    pending = default.split('id="years-pending"')[1].split("</p>")[0]
    assert 'href="?tahun=2021"' in pending


def test_a_percentage_target_is_kept_with_its_numerator_and_denominator(world):
    indicator = monev_indicator(
        world, name="Cakupan layanan", unit="%", measure="percentage", targets={}
    )

    services.indicator_targets_set(
        actor=world.sec_singkawang,
        indicator=indicator,
        targets=[
            {"year": 2021, "quarter": 0, "numerator": Decimal("300"), "denominator": Decimal("400")}
        ],
    )

    target = indicator.target_versions.get().targets.get()
    # 300 ÷ 400 × 100 = 75 %.
    assert (target.value, target.numerator, target.denominator) == (
        Decimal("75"),
        Decimal("300"),
        Decimal("400"),
    )
    _verified(world, indicator, 2021, "240", denominator=Decimal("400"))
    # 240 ÷ 400 = 60 %; 60 ÷ 75 × 100 = 80 %.
    assert _figure(indicator, 2021).achievement == Decimal("80.00")


def test_the_case_page_links_each_pks_to_its_indicators(client, world):
    client.force_login(world.sec_singkawang)

    page = client.get(world.local.get_absolute_url()).content.decode()

    assert f'href="{reverse("monitoring:pks", args=[world.document.pk])}"' in page
