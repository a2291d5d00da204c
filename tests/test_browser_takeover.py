"""The take-over form in a real browser (§6.6, issue 7): the governor's office chooses which
party did not carry out the kerja sama wajib, ticks the conditions of PP 28/2018 Pasal 11(2),
and the record's history names the failed party."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.accounts.models import Role
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation
from tests.factories import CooperationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_governor_takes_over_naming_the_failed_party(live_server, page, world, screenshot_dir):
    record = CooperationFactory(
        title="Pengendalian banjir Singkawang–Bengkayang",
        stage=Stage.IN_FORCE,
        ksdd_category="wajib",
        party_codes=("61.72", "61.07"),
    )
    UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("biro.pemerintahan.kalbar")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}/kerjasama/{record.pk}/langkah/take_over/")
    select = page.locator("#id_failed_party")
    expect(select).to_be_visible()
    expect(select.locator("option")).to_have_text(
        ["---------", "Pemerintah Kota Singkawang", "Pemerintah Kabupaten Bengkayang"]
    )
    select.select_option(label="Pemerintah Kabupaten Bengkayang")
    page.get_by_label("Pembinaan telah dilakukan terlebih dahulu").check()
    page.get_by_label("Kendala telah dievaluasi").check()
    page.screenshot(path=screenshot_dir / "01-take-over-form.png", full_page=True)
    page.locator("main form button[type=submit]").click()

    # Without the Minister's approval the governor's take-over is refused (Pasal 11(2)).
    expect(page.locator("main")).to_contain_text("persetujuan Menteri")
    page.screenshot(path=screenshot_dir / "02-refused.png", full_page=True)
    assert Cooperation.objects.get(pk=record.pk).stage == Stage.IN_FORCE
    page.locator("#id_failed_party").select_option(label="Pemerintah Kabupaten Bengkayang")
    page.get_by_label("Pembinaan telah dilakukan terlebih dahulu").check()
    page.get_by_label("Kendala telah dievaluasi").check()
    page.get_by_label("Menteri telah memberikan persetujuan", exact=False).check()
    page.locator("main form button[type=submit]").click()

    expect(page.locator("main")).to_contain_text(
        "Pihak yang tidak melaksanakan: Pemerintah Kabupaten Bengkayang"
    )
    page.screenshot(path=screenshot_dir / "03-record.png", full_page=True)
    assert Cooperation.objects.get(pk=record.pk).stage == Stage.TAKEN_OVER
