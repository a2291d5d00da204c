"""Typed values read and shown the Indonesian way (issue 6, fresh-eyes walk L7, L2): a Rupiah
amount where the dot groups thousands and the comma marks cents, and an NPWP in its printed
form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kerjasama.agreements.models import FinancingLine

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
