"""Errors and warnings in the reader's language (issue 7 follow-up, texts409).

An overridden warning keeps the text its writer saw, but reads in the reader's language where
the warning can be re-rendered; the history names a warning, never its raw code; a skipped DPRD
step reads "DPRD approval not needed" once, in the reader's language.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from kerjasama.agreements import lifecycle, services
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import WarningOverride
from tests.factories import CooperationFactory

pytestmark = pytest.mark.django_db

PKS_WITHOUT_KB_ID = "Belum ada Kesepakatan Bersama kerja sama ini dalam berkas"
PKS_WITHOUT_KB_EN = "No Kesepakatan Bersama of this cooperation is on file"


def _pks_without_kb_overridden(world):
    """A PKS put on file without a KB, its warning overridden by an Indonesian user."""
    case = CooperationFactory(
        title="Kerja sama lama tanpa KB di berkas",
        party_codes=("61.72", "61.07"),
        stage=Stage.PKS_DRAFTING,
        created_by_tenant=world.singkawang,
    )
    services.document_create(
        actor=world.sec_singkawang,
        cooperation=case,
        data={
            "kind": "pks",
            "title": "PKS tanpa KB",
            "status": "signed",
            "signed_on": dt.date(2021, 3, 1),
            "start_date": dt.date(2021, 3, 1),
            "end_date": dt.date(2024, 3, 1),
        },
        override_reason="KB lama tidak ada di berkas.",
    )
    return case


def _page(world, case, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.sec_singkawang)
    response = client.get(reverse("agreements:detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_overridden_warning_reads_in_an_english_readers_language(world):
    case = _pks_without_kb_overridden(world)
    override = WarningOverride.objects.get(cooperation=case)
    # The stored text is what its writer saw (Indonesian).
    assert override.message.startswith(PKS_WITHOUT_KB_ID)

    page = _page(world, case, "en")

    overridden = page.split('id="overrides-h"', 1)[1].split("</section>", 1)[0]
    assert PKS_WITHOUT_KB_EN in overridden
    assert PKS_WITHOUT_KB_ID not in overridden
    assert "PKS without a Kesepakatan Bersama on file" in overridden
    assert "KB lama tidak ada di berkas." in overridden
    # The history names the warning, never the raw code.
    history = page.split('id="timeline-h"', 1)[1]
    assert "Overrode a warning — PKS without a Kesepakatan Bersama on file" in history
    assert "pks_without_kb" not in page


def test_an_overridden_warning_reads_in_an_indonesian_readers_language(world):
    case = _pks_without_kb_overridden(world)

    page = _page(world, case, "id")

    overridden = page.split('id="overrides-h"', 1)[1].split("</section>", 1)[0]
    assert PKS_WITHOUT_KB_ID in overridden
    assert PKS_WITHOUT_KB_EN not in overridden
    assert "PKS tanpa Kesepakatan Bersama di berkas" in overridden
    history = page.split('id="timeline-h"', 1)[1]
    assert "Mengesampingkan peringatan — PKS tanpa Kesepakatan Bersama di berkas" in history
    assert "pks_without_kb" not in page


def test_a_warning_with_parameters_keeps_its_stored_text_under_a_label():
    override = WarningOverride(
        code="level_affair", message="Kota Singkawang adalah kota, tetapi ...", reason="Alasan"
    )

    assert override.shown_message == "Kota Singkawang adalah kota, tetapi ..."
    assert "level_affair" not in str(override)
    assert str(override) == "Urusan pemerintahan yang dipegang provinsi: Alasan"


def _skipped_dprd_case(world, reason: str):
    record = CooperationFactory(
        kind="ksdd",
        stage=Stage.KB_SIGNED,
        party_codes=("61", "61.72"),
        ksdd_category="sukarela",
        burdens_community=True,
        budgeted_in_apbd=False,
    )
    lifecycle.cooperation_transition(
        actor=world.sekda,
        cooperation=record,
        action="skip_dprd",
        expected_stage=Stage.KB_SIGNED,
        facts={"on": dt.date(2026, 11, 2)},
        override_reason=reason,
        today=dt.date(2026, 11, 2),
    )
    return record


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("en", "DPRD approval not needed: beban kecil", "Persetujuan DPRD tidak diperlukan"),
        ("id", "Persetujuan DPRD tidak diperlukan: beban kecil", "DPRD approval not needed"),
    ],
)
@pytest.mark.parametrize(
    "reason",
    ["Persetujuan DPRD tidak diperlukan: beban kecil", "DPRD approval not needed: beban kecil"],
)
def test_a_skipped_dprd_step_reads_once_in_the_readers_language(
    world, language, expected, absent, reason
):
    record = _skipped_dprd_case(world, reason)

    page = _page(world, record, language)

    bar = page.split('class="pathway"', 1)[1].split("</ol>", 1)[0]
    assert expected in bar
    assert absent not in bar
    assert bar.count("beban kecil") == 1
