"""The meeting screens of the run 11 "fixscr" walk in a real browser: the projected view of a
meeting with a closed item and an item whose quorum was lost, the printed meeting, a meeting of
next week without its open button, the letters panel with its links, the two template pages,
and the meeting number on one line at 360 px. A screenshot per screen (also copied to
/work/shots-fixscr/ when that folder can be written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kerjasama.meetings.models import AgendaItem, Invitee, ItemAbsence
from tests.notulen_support import held_meeting, planned_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots-fixscr")
INTERNAL = "Penawaran KSDPK pengelolaan parkir (rahasia dagang)"
PUBLIC = "Penawaran kerja sama dari badan usaha"


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_the_fixed_meeting_screens(live_server, page, world, screenshot_dir):
    held = held_meeting(world)
    AgendaItem.objects.create(
        meeting=held.meeting, order=3, title=INTERNAL, public_title=PUBLIC, closed=True
    )
    Invitee.objects.create(
        meeting=held.meeting,
        kind="mitra",
        name="Hendra Wijaya",
        institution="PT Parkir Sejahtera",
        presence="hadir",
        order=3,
    )
    chair_invitee = held.meeting.invitees.get(seat=held.chair.seat)
    ItemAbsence.objects.create(item=held.item, invitee=chair_invitee)
    later = planned_meeting(world, days_ahead=7)
    pk = held.meeting.pk

    def shot(name):
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        try:
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)
        except OSError:
            pass

    _login(page, live_server, world.sec_singkawang.username)
    page.set_viewport_size({"width": 1366, "height": 800})

    page.goto(f"{live_server.url}/rapat/{pk}/tayang/")
    expect(page.locator(".projected-agenda")).to_contain_text(PUBLIC)
    expect(page.locator("body")).not_to_contain_text("rahasia dagang")
    shot("1-projected-agenda")
    page.goto(f"{live_server.url}/rapat/{pk}/tayang/?butir=3")
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLIC)
    shot("2-projected-closed-item")
    page.goto(f"{live_server.url}/rapat/{pk}/tayang/?butir=1")
    expect(page.locator(".quorum")).to_contain_text("tidak tercapai")
    shot("3-projected-item-quorum")

    page.goto(f"{live_server.url}/rapat/{pk}/cetak/")
    expect(page.locator(".print-item").first).to_contain_text("tidak tercapai")
    shot("4-print-item-quorum")

    page.goto(f"{live_server.url}/rapat/{later.pk}/")
    expect(page.locator("#opens-on")).to_contain_text("Rapat dapat dibuka pada harinya")
    expect(page.get_by_role("button", name="Buka rapat (beri nomor)")).to_have_count(0)
    shot("5-next-week-no-open-button")

    page.goto(f"{live_server.url}/rapat/{pk}/")
    expect(page.locator("#letters-layout")).to_contain_text("Pengaturan surat")
    page.locator("#letters").screenshot(path=screenshot_dir / "6-letters-panel.png")
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(screenshot_dir / "6-letters-panel.png", SHOTS / "6-letters-panel.png")

    page.goto(f"{live_server.url}/akun/surat/")
    expect(page.locator("#template-note")).to_contain_text("templat surat rapat")
    shot("7-letter-settings")
    page.goto(f"{live_server.url}/rapat/templat/")
    expect(page.locator("#settings-note")).to_contain_text("pengaturan surat")
    shot("8-letter-templates")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/rapat/{pk}/")
    number = page.locator(".meeting-facts .nowrap")
    expect(number).to_have_text("005/TKKSD/2026")
    assert number.evaluate("el => el.getClientRects().length") == 1  # one line
    shot("9-meeting-360")
    page.locator(".meeting-header").screenshot(path=screenshot_dir / "10-number-360.png")
    shutil.copy(screenshot_dir / "10-number-360.png", SHOTS / "10-number-360.png")
