"""Screen problems found by walking the journeys, in a real browser: the dashboard's bar labels
are not cut off at 1280 or 360 px, and the screenshots of the record header (stage badge, the
to-do list of a step) and of the registration form for the two roles, to look at."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation
from tests.factories import CooperationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


CUT_OFF = """() => [...document.querySelectorAll('.bar-label')]
  .filter(el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
  .map(el => el.textContent.trim())"""


@pytest.mark.parametrize("width", [1280, 360])
def test_dashboard_bar_labels_wrap_instead_of_being_cut_off(
    live_server, page, world, screenshot_dir, width
):
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, live_server.url, "sec.singkawang")

    labels = page.locator(".bar-list .bar-label")
    expect(labels.first).to_be_visible()
    texts = [t.strip() for t in labels.all_text_contents()]
    assert any(t.startswith("KSDD — ") for t in texts), texts
    assert page.evaluate(CUT_OFF) == []
    # Every bar still has its count on the same card (nothing pushed out of view).
    assert page.evaluate(
        "() => [...document.querySelectorAll('.bar-list li')].every("
        "li => li.getBoundingClientRect().right <= li.closest('.card').getBoundingClientRect().right + 1)"
    )
    page.screenshot(path=screenshot_dir / f"dashboard-{width}.png", full_page=True)


def test_record_header_and_step_todo_list(live_server, page, world, screenshot_dir):
    ended = CooperationFactory(
        title="Kerja sama yang telah diakhiri",
        party_codes=("61.72", "61.07"),
        stage=Stage.ENDED,
        terminated_on=dt.date(2026, 3, 2),
        termination_reason="mutual_agreement",
    )
    Cooperation.objects.filter(pk=ended.pk).update(ends_on=dt.date(2026, 12, 31))
    waiting = CooperationFactory(
        title="Kerja sama menunggu kajian DPRD", party_codes=("61.72", "61.07"), stage="kb_signed"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server.url, "sec.singkawang")

    page.goto(f"{live_server.url}{ended.get_absolute_url()}")
    badge = page.locator(".page-header .badge-stage")
    expect(badge).to_have_text("Berakhir")
    colours = badge.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor,"
        " getComputedStyle(document.body).backgroundColor]"
    )
    assert colours[1] != colours[2], "the badge must not be drawn in the page's own colour"
    page.locator(".page-header").screenshot(path=screenshot_dir / "ended-header.png")
    page.locator("#facts-h").locator("xpath=..").screenshot(path=screenshot_dir / "facts.png")

    page.goto(f"{live_server.url}{waiting.get_absolute_url()}")
    expect(page.locator(".step-list")).to_contain_text("Belum dapat diambil:")
    page.locator("#pathway-h").locator("xpath=..").screenshot(path=screenshot_dir / "steps.png")


def test_registration_form_for_the_two_roles(live_server, page, world, screenshot_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server.url, "pupr.singkawang")
    page.goto(f"{live_server.url}{reverse('agreements:create')}")
    expect(page.get_by_text("Kerja sama yang sudah berjalan")).to_have_count(0)
    page.locator("form fieldset.card").first.screenshot(path=screenshot_dir / "form-opd.png")

    page.context.clear_cookies()
    _login(page, live_server.url, "sec.singkawang")
    page.goto(f"{live_server.url}{reverse('agreements:create')}")
    section = page.locator("details", has_text="Kerja sama yang sudah berjalan")
    expect(section.locator("#id_stage")).to_be_hidden()  # collapsed
    section.locator("summary").click()
    expect(section.locator("#id_stage")).to_be_visible()
    page.locator("details", has_text="KSDPK").locator("summary").first.click()
    page.locator("form fieldset.card").first.screenshot(path=screenshot_dir / "form-sec.png")
