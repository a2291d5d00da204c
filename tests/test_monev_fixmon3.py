"""Issue 10, QA walk (fixmon3): forms that refused only after submit, and misleading error
texts. Expected outcomes stated by hand."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kerjasama.monitoring import services
from kerjasama.monitoring.enums import RealisationState
from kerjasama.monitoring.models import Indicator, Realisation
from tests.factories import monev_indicator

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _verified(world, indicator, year, value):
    row = services.realisation_save(
        actor=world.pupr_officer,
        indicator=indicator,
        party=world.local_party,
        year=year,
        quarter=0,
        data={"state": RealisationState.VALUE, "value": Decimal(value)},
        submit=True,
    )
    return services.realisation_verify(actor=world.sec_singkawang, realisation=row)


def test_the_form_of_a_verified_value_opens_read_only(client, world):
    # 80 verified for 2021: the officer's form shows it, says it is verified, offers no submit.
    indicator = monev_indicator(world)
    _verified(world, indicator, 2021, "80")
    client.force_login(world.pupr_officer)
    url = reverse(
        "monitoring:realisation_enter", args=[indicator.pk, world.local_party.pk, 2021, 0]
    )

    page = client.get(url).content.decode()
    posted = client.post(url, {"state": "value", "value": "90", "kirim": "1"})

    assert "Nilai ini sudah diverifikasi" in _text(page)
    assert "<form" not in page.split("<main", 1)[1]
    assert 'name="kirim"' not in page
    assert "80" in _text(page)
    # A POST changes nothing either.
    assert Realisation.objects.get(indicator=indicator).value == Decimal("80")
    assert "Nilai ini sudah diverifikasi" in _text(posted.content.decode())


def test_a_yearly_period_of_a_quarterly_indicator_opens_no_form(client, world):
    indicator = monev_indicator(world)
    Indicator.objects.filter(pk=indicator.pk).update(frequency="quarterly")
    client.force_login(world.pupr_officer)
    url = reverse(
        "monitoring:realisation_enter", args=[indicator.pk, world.local_party.pk, 2021, 0]
    )

    response = client.get(url, follow=True)

    page = response.content.decode()
    assert response.redirect_chain
    assert response.redirect_chain[0][0].startswith(
        reverse("monitoring:pks", args=[indicator.document_id])
    )
    assert "dilaporkan per triwulan" in _text(page)
    assert not Realisation.objects.filter(indicator=indicator).exists()


def test_a_bad_baseline_or_target_says_write_a_number_not_not_applicable(client, world):
    # "N/A" as a baseline or a target: those forms have no "not applicable" choice, so the
    # message asks for a number and does not point to one. A realisation's value still does.
    indicator = monev_indicator(world)
    client.force_login(world.sec_singkawang)
    create = reverse("monitoring:indicator_create", args=[world.document.pk])
    targets = reverse("monitoring:targets", args=[indicator.pk])

    baseline = _text(client.post(create, {"baseline_value": "N/A"}).content.decode())
    target = _text(client.post(targets, {"t_2021_0": "N/A"}).content.decode())
    client.force_login(world.pupr_officer)
    value = _text(
        client.post(
            reverse(
                "monitoring:realisation_enter",
                args=[indicator.pk, world.local_party.pk, 2021, 0],
            ),
            {"state": "value", "value": "N/A", "kirim": "1"},
        ).content.decode()
    )

    for page in (baseline, target):
        assert "Tulis angka, mis. 1.234,5." in page
        assert "tidak berlaku" not in page.split("Tulis angka")[1][:200]
    assert 'pilih "tidak berlaku"' in value
    assert indicator.target_versions.count() == 1  # nothing saved


def test_the_english_year_subtitle_is_english():
    from django.utils import translation
    from django.utils.translation import gettext

    msgid = "Kerja sama daerah in %(year)s compared with %(previous)s. Only verified values count."
    with translation.override("en"):
        shown = gettext(msgid) % {"year": 2021, "previous": 2020}
    assert shown == "Regional cooperation in 2021 compared with 2020. Only verified values count."
