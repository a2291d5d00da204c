"""The lifecycle screens and the "perlu tindakan saya" list in a real browser (issue 6 items 8,
10, 12): a KSDPK records its signed PKS once the four clauses are ticked on the PKS; a step
submitted from a stale tab says where the case stands; an OPD officer's proposal reaches the
secretariat; each demo persona's dashboard, with a screenshot each."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kerjasama.agreements import lifecycle
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation
from kerjasama.notifications.models import Notification
from tests.demo_support import demo_committed
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    ksdpk_at_pks_drafting,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


TEST_PASSWORD = "secret-password"
DEMO_PASSWORD = "kerjasama-demo"


def _login(page, live_server, username: str, password: str = TEST_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_ksdpk_ticks_the_clauses_on_its_pks_then_records_it_signed(
    live_server, page, world, screenshot_dir
):
    # The PKS was entered before the clauses were asked for.
    record = ksdpk_at_pks_drafting(clauses_ticked=False)
    pks = record.documents.get(kind="pks")
    errors = _console_errors(page)
    _login(page, live_server, "sec.singkawang")
    # Signing is a step of the PKS's own road (issue 7).
    step_link = page.locator(".pks-step-list a[href$='/langkah/sign_pks/']")

    # The record says what is missing, and where to tick it.
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    expect(step_link).to_have_count(0)
    expect(page.locator(".pks-step-list .blockers", has_text="empat klausul wajib")).to_be_visible()
    page.screenshot(path=screenshot_dir / "01-clauses-missing.png", full_page=True)

    # Tick them on the PKS.
    page.goto(f"{live_server.url}{reverse('agreements:document_edit', args=[record.pk, pks.pk])}")
    page.locator("#id_mandatory_clauses_confirmed").check()
    # The PKS is signed: its record changes only with a reason (issue 6/14).
    page.locator("#id_change_reason").fill("Klausul wajib terlewat saat pencatatan.")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".alert-success")).to_be_visible()
    pks.refresh_from_db()
    assert pks.mandatory_clauses_confirmed

    # Now the step is offered, its button is enabled, and it moves the case.
    expect(step_link).to_be_visible()
    page.screenshot(path=screenshot_dir / "02-step-offered.png", full_page=True)
    step_link.click()
    button = page.locator("form.card button[type=submit]")
    expect(button).to_be_enabled()
    expect(button).to_have_text("Catat Perjanjian Kerja Sama yang ditandatangani")
    page.screenshot(path=screenshot_dir / "03-step-form.png", full_page=True)
    button.click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.screenshot(path=screenshot_dir / "04-pks-signed.png", full_page=True)

    record.refresh_from_db()
    assert record.stage == Stage.PKS_SIGNED
    assert list(record.transitions.values_list("action", flat=True)) == ["sign_pks"]
    assert errors == []


def test_a_step_submitted_from_a_stale_tab_says_where_the_case_stands(
    live_server, page, world, screenshot_dir
):
    record = CooperationFactory(
        title="Pengelolaan sampah Singkawang–Bengkayang",
        stage=Stage.PROPOSAL,
        party_codes=("61.72", "61.07"),
    )
    DocumentFactory(cooperation=record, kind="kak", title="KAK pengelolaan sampah")
    world.sec_bengkayang.first_name, world.sec_bengkayang.last_name = "Rina", "Bengkayang"
    world.sec_bengkayang.save()
    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}{reverse('agreements:step', args=[record.pk, 'prepare'])}")
    expect(page.locator("form.card button[type=submit]")).to_be_enabled()

    lifecycle.cooperation_transition(  # the other party's secretariat, in another office
        actor=world.sec_bengkayang,
        cooperation=record,
        action="prepare",
        expected_stage=Stage.PROPOSAL,
    )
    page.locator("form.card button[type=submit]").click()

    expect(page.locator("h1")).to_have_text(record.title)
    expect(page.locator(".alert-warning")).to_contain_text(
        "Kerja sama ini sudah berpindah ke tahap “Persiapan” (oleh Rina Bengkayang"
    )
    expect(page.locator(".pathway [aria-current=step]")).to_contain_text("Persiapan")
    page.screenshot(path=screenshot_dir / "stale-tab.png", full_page=True)
    assert record.transitions.count() == 1


def test_an_opd_proposal_reaches_the_secretariats_action_list(
    live_server, page, world, screenshot_dir
):
    errors = _console_errors(page)
    # The PUPR officer registers a proposal through the form.
    _login(page, live_server, "pupr.singkawang")
    page.locator("main a", has_text="Daftarkan kerja sama").first.click()
    page.locator("#id_kind").select_option("ksdd")
    page.locator("summary", has_text="KSDD").click()
    page.locator("#id_ksdd_category").select_option("sukarela")
    page.locator("#id_parties-1-partner").fill("61.07")
    page.locator("#id_title").fill("Penataan kawasan wisata Pasir Panjang")
    page.locator("label", has_text="Pekerjaan Umum dan Penataan Ruang").first.click()
    page.screenshot(path=screenshot_dir / "01-officer-registers.png", full_page=True)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".alert-success")).to_be_visible()
    record = Cooperation.objects.get(title="Penataan kawasan wisata Pasir Panjang")
    assert record.stage == Stage.PROPOSAL
    DocumentFactory(cooperation=record, kind="kak", title="KAK Pasir Panjang")

    # The secretariat finds it on its dashboard and in its notifications.
    _login(page, live_server, "sec.singkawang")
    section = page.locator("#needs-action")
    expect(section).to_contain_text("Usulan untuk ditelaah")
    expect(section.locator(f"a[href='{record.get_absolute_url()}']")).to_be_visible()
    page.screenshot(path=screenshot_dir / "02-secretariat-dashboard.png", full_page=True)
    assert Notification.objects.filter(user=world.sec_singkawang, cooperation=record).count() == 1
    page.goto(f"{live_server.url}{reverse('notifications:list')}")
    expect(page.locator("main table")).to_contain_text(
        "Usulan baru untuk ditelaah: Penataan kawasan wisata Pasir Panjang"
    )
    page.screenshot(path=screenshot_dir / "03-notification.png", full_page=True)
    page.locator("main table button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text(record.title)

    page.goto(f"{live_server.url}/")
    section.locator("a[href$='/langkah/prepare/']").click()
    page.locator("form.card button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    record.refresh_from_db()
    assert record.stage == Stage.PREPARATION
    page.goto(f"{live_server.url}/")
    expect(page.locator("#needs-action")).not_to_contain_text(record.title)
    page.screenshot(path=screenshot_dir / "04-taken-up.png", full_page=True)
    assert errors == []


DEMO_PERSONAS = [
    "sekretariat.singkawang",
    "sekda.singkawang",
    "pupr.singkawang",
    "sekretariat.kalbar",
    "sekretariat.bengkayang",
    "sekretariat.pontianak",
]


@pytest.mark.long
def test_each_demo_persona_sees_its_action_list(live_server, page, reference, screenshot_dir):
    demo_committed()
    errors = _console_errors(page)
    seen: dict[str, str] = {}

    for number, username in enumerate(DEMO_PERSONAS, start=1):
        _login(page, live_server, username, DEMO_PASSWORD)
        section = page.locator("#needs-action")
        expect(section.locator("h2")).to_have_text("Perlu tindakan saya")
        page.screenshot(path=screenshot_dir / f"{number:02d}-{username}.png", full_page=True)
        seen[username] = section.inner_text()
        page.set_viewport_size({"width": 360, "height": 740})
        assert section.evaluate("e => e.scrollWidth <= e.clientWidth"), username
        page.screenshot(path=screenshot_dir / f"{number:02d}-{username}-360.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 720})
        for href in section.locator("a[href*='/langkah/']").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        ):
            response = page.request.get(f"{live_server.url}{href}")
            assert response.status == 200, (username, href)

    assert errors == []
    # Leadership's list is about decisions; a persona without anything pending is told so.
    assert all(text.strip() for text in seen.values())
    assert Cooperation.objects.exists()
