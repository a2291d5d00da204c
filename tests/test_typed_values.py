"""Typed values read and shown the Indonesian way (issue 6, fresh-eyes walk L7, L2): a Rupiah
amount where the dot groups thousands and the comma marks cents, and an NPWP in its printed
form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kerjasama.agreements.models import FinancingLine
from kerjasama.partners.models import Partner
from tests.factories import ThirdPartyFactory

pytestmark = pytest.mark.django_db

HOW_TO_WRITE = "Gunakan titik untuk ribuan dan koma untuk sen, mis. 1.250.000 atau 1.250.000,50"


def _new_amounts(world) -> list[Decimal]:
    """The amounts of the lines added by the test (the world has one already)."""
    lines = FinancingLine.objects.filter(cooperation=world.local).exclude(pk=world.line.pk)
    return list(lines.values_list("amount", flat=True))


def _add_line(client, world, amount: str):
    return client.post(
        reverse("agreements:financing_add", args=[world.local.pk]),
        {"language": "id", "source": "apbn", "amount": amount, "fiscal_year": "2026"},
    )


# --- L7: the financing amount --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("1.250", Decimal("1250")),
        ("1.250.000", Decimal("1250000")),
        ("1250000", Decimal("1250000")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("1250000,5", Decimal("1250000.50")),
        ("Rp 1.250.000", Decimal("1250000")),
    ],
)
def test_financing_amount_reads_dots_as_thousands_and_the_comma_as_cents(
    client, world, typed, saved
):
    client.force_login(world.sec_singkawang)

    _add_line(client, world, typed)

    assert _new_amounts(world) == [saved]


@pytest.mark.parametrize("typed", ["2.5", "1.25", "1250000.50"])
def test_financing_amount_with_an_ambiguous_dot_is_refused_with_how_to_write_it(
    client, world, typed
):
    client.force_login(world.sec_singkawang)

    response = _add_line(client, world, typed)

    assert _new_amounts(world) == []
    assert HOW_TO_WRITE in response.content.decode()


def test_negative_financing_amount_gets_its_own_message(client, world):
    client.force_login(world.sec_singkawang)

    response = _add_line(client, world, "-5")

    text = response.content.decode()
    assert _new_amounts(world) == []
    assert "Jumlah tidak boleh negatif" in text
    assert HOW_TO_WRITE not in text
    assert "Tulis jumlah dalam Rupiah" not in text


# --- L2: the NPWP as printed ----------------------------------------------------------------

PRINTED_NPWP = "01.234.567.8-701.000"


def test_npwp_typed_as_printed_is_kept_as_digits_and_shown_as_printed(client, world):
    client.force_login(world.sec_singkawang)
    client.post(
        "/mitra/baru/",
        {
            "kind": "third_party",
            "name": "PT Cahaya Khatulistiwa Nusantara",
            "third_party_type": "private_company",
            "npwp": PRINTED_NPWP,
        },
    )
    partner = Partner.objects.get(name="PT Cahaya Khatulistiwa Nusantara")

    detail = client.get(reverse("partners:detail", args=[partner.pk])).content.decode()
    listed = client.get(reverse("partners:list"), {"q": "Khatulistiwa"}).content.decode()
    edit = client.get(reverse("partners:edit", args=[partner.pk])).content.decode()

    assert partner.npwp == "012345678701000"
    for page in (detail, listed):
        assert PRINTED_NPWP in page
        assert "012345678701000" not in page
    assert f'value="{PRINTED_NPWP}"' in edit


def test_sixteen_digit_npwp_is_shown_as_it_is(client, world):
    partner = ThirdPartyFactory(name="PT Enam Belas Digit", npwp="3171012345678901")
    client.force_login(world.sec_singkawang)

    detail = client.get(reverse("partners:detail", args=[partner.pk])).content.decode()
    listed = client.get(reverse("partners:list"), {"q": "Enam Belas"}).content.decode()

    assert "3171012345678901" in detail
    assert "3171012345678901" in listed


def test_apbd_financing_without_its_party_asks_which_region(client, world):
    from kerjasama.agreements.models import FinancingLine

    client.force_login(world.sec_singkawang)
    before = FinancingLine.objects.count()

    response = client.post(
        reverse("agreements:financing_add", args=[world.kb.pk]),
        {"source": "apbd", "party": "", "amount": "1.250.000", "fiscal_year": "2026"},
    )

    assert FinancingLine.objects.count() == before
    assert "Pilih daerah yang APBD-nya mendanai ini." in response.content.decode()
