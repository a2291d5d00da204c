"""The chair confirms decisions without a quorum in a real browser (run 11 item 1, ❓ §2.1): the
panel names the item lacking the quorum, the chair ticks the confirmation and writes the
reason, the minutes are final and their version shows the reason; then the case page names the
meeting on the step's history entry (item 2). Screenshots of both."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.enums import Stage
from kerjasama.meetings import minutes
from kerjasama.meetings.enums import MeetingState, OutcomeKind
from kerjasama.meetings.models import Holding, Invitee, Meeting, Seat
from tests.notulen_support import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unlock_for_flush(world):
    """Final minutes refuse deletion: set back to held before the flush, as reopening would."""
    yield
    Meeting.objects.filter(state=MeetingState.FINAL).update(state=MeetingState.HELD)


def test_the_chair_confirms_decisions_without_quorum(
    live_server, page, world, screenshot_dir, unlock_for_flush
):
    held = held_meeting(world)
    decree = held.chair.seat.decree
    for n, name in enumerate(("Budi Santoso Lim", "Citra Dewi", "Dedi Kurnia"), start=2):
        seat = Seat.objects.create(
            decree=decree, role="anggota", position=f"Kepala Dinas {n}", order=n,
            valid_from=dt.date(2020, 3, 1),
        )  # fmt: skip
        holding = Holding.objects.create(
            seat=seat, name=name, decree=decree, starts_on=dt.date(2020, 3, 1)
        )
        Invitee.objects.create(
            meeting=held.meeting, kind="seat", seat=seat, holding=holding, name=name, order=10 + n
        )
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.DECISION, text="Diteruskan."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(world.sekda.username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/rapat/{held.meeting.pk}/notulen/")

    panel = page.locator("#minutes-panel")
    expect(panel).to_contain_text("Butir 1 (Usulan kerja sama air bersih) diputuskan tanpa kuorum")
    expect(panel).to_contain_text("1 dari 4 kursi hadir, kuorum 3")
    page.screenshot(path=str(screenshot_dir / "quorum-warning.png"), full_page=True)
    panel.get_by_label("Saya mengonfirmasi keputusan ini meskipun kuorum tidak tercapai").check()
    panel.get_by_label("Alasan memutuskan tanpa kuorum").fill("Keadaan mendesak.")
    panel.get_by_role("button", name="Finalkan notulen").click()

    expect(page.get_by_text("Notulen sudah final (versi 1)")).to_be_visible()
    expect(page.locator("#minutes-panel")).to_contain_text(
        "Diputuskan tanpa kuorum; alasan: Keadaan mendesak."
    )
    page.screenshot(path=str(screenshot_dir / "quorum-confirmed.png"), full_page=True)
    held.case.refresh_from_db()
    assert held.case.stage == Stage.OFFER

    page.goto(f"{live_server.url}{held.case.get_absolute_url()}")
    expect(page.locator(".step-source").first).to_contain_text(
        "Berdasarkan keputusan Rapat TKKSD No. 005/TKKSD/2026 tanggal"
    )
    page.locator(".step-source").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "case-history.png"), full_page=True)
