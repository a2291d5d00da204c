"""The screens changed by QA walk 2 of the TKKSD meetings (issue 9, fix3), in a real browser,
a screenshot each: the step refused without the reason to go on, the attendance error naming
the invitee, the action item due before the meeting, the finalise form kept after its error,
the case's history with the reasons, the letters panel after a second finalisation, the
owner's agenda linking the action item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kerjasama.meetings import actions, letter_services, minutes
from kerjasama.meetings.enums import LetterKind, MeetingState, OutcomeKind
from kerjasama.meetings.models import Meeting
from tests.notulen_support import held_meeting
from tests.test_meetings_fix3 import _case_without_offer_letter
from tests.test_meetings_fixmin import _three_more_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unlock_for_flush(world):
    yield
    Meeting.objects.filter(state=MeetingState.FINAL).update(state=MeetingState.HELD)


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_the_screens_of_qa_walk_2(
    live_server, browser, browser_context_args, world, screenshot_dir, unlock_for_flush
):
    held = held_meeting(world)
    _three_more_members(held)
    case = _case_without_offer_letter()
    decision = minutes.outcome_add(
        actor=world.sec_singkawang,
        item=held.item,
        kind=OutcomeKind.DECISION,
        text="Usulan diteruskan ke penawaran.",
    )
    task = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.ACTION, text="Kajian."
    )
    context = browser.new_context(**browser_context_args, viewport={"width": 1366, "height": 900})
    page = context.new_page()

    def shot(name: str) -> None:
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)

    _login(page, live_server, world.sec_singkawang.username)
    # 1. The offer without its letter, without the reason to go on: refused, input kept.
    url = reverse("rapat:step_create", args=[decision.pk])
    page.goto(f"{live_server.url}{url}?kerja_sama={case.pk}")
    page.get_by_label("Langkah yang diputuskan").select_option("offer")
    page.locator("textarea[name=reason]").fill("Alasan keputusan yang diketik.")
    page.get_by_role("button", name="Tambahkan langkah").click()
    expect(page.get_by_text("Surat penawaran belum tersedia dalam berkas").first).to_be_visible()
    expect(page.locator("textarea[name=reason]")).to_have_value("Alasan keputusan yang diketik.")
    shot("1-step-needs-reason")
    page.locator("textarea[name=override_reason]").fill("Surat menyusul minggu depan.")
    page.get_by_role("button", name="Tambahkan langkah").click()
    expect(page.get_by_text("Langkah ditambahkan pada keputusan.")).to_be_visible()

    # 7. The attendance error names the invitee; the action item due before the meeting.
    page.goto(f"{live_server.url}{reverse('rapat:attendance', args=[held.meeting.pk])}")
    page.get_by_label("Kehadiran Sumastro").select_option("diwakili")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator(".error-summary")).to_contain_text("Sumastro, Diwakili oleh")
    shot("7-attendance-error-names-the-invitee")
    page.goto(f"{live_server.url}{reverse('rapat:action_create', args=[task.pk])}")
    page.locator("input[name=title]").fill("Kajian debit air baku")
    page.get_by_label("Penanggung jawab (OPD)").select_option(label=str(world.pupr))
    day = minutes.meeting_day(held.meeting)
    page.locator("input[name=due_on]").fill((day - dt.timedelta(days=3)).isoformat())
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_text("Tenggat tidak boleh sebelum tanggal rapat").first).to_be_visible()
    shot("7-action-due-before-the-meeting")
    actions.action_item_add(
        actor=world.sec_singkawang,
        outcome=task,
        title="Kajian debit air baku",
        due_on=day + dt.timedelta(days=20),
        owner_opd=world.pupr,
        cooperation=case,
    )

    # 2. The chair ticks the box without a reason: the form comes back ticked, with the error.
    _login(page, live_server, world.sekda.username)
    page.goto(f"{live_server.url}{reverse('rapat:minutes', args=[held.meeting.pk])}")
    page.locator("input[name=confirm_quorum]").check()
    page.get_by_role("button", name="Finalkan notulen").click()
    expect(page.locator("input[name=confirm_quorum]")).to_be_checked()
    shot("2-finalise-form-kept")
    page.locator("textarea[name=quorum_reason]").fill("Keadaan mendesak.")
    page.get_by_role("button", name="Finalkan notulen").click()
    held.meeting.refresh_from_db()
    assert held.meeting.state == MeetingState.FINAL

    # 3. The case's history with the reasons.
    _login(page, live_server, world.sec_singkawang.username)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(
        page.get_by_text("Tanpa kuorum, dikonfirmasi ketua: Keadaan mendesak.").first
    ).to_be_visible()
    shot("3-case-history-reasons")

    # 4. Reopened and made final again: the old letters are marked.
    letter_services.letter_generate(
        actor=world.sec_singkawang, meeting=held.meeting, kind=LetterKind.MINUTES
    )
    minutes.meeting_reopen(actor=world.sekda, meeting=held.meeting, reason="Salah ketik.")
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting, quorum_reason="Mendesak.")
    page.goto(f"{live_server.url}{reverse('rapat:letters', args=[held.meeting.pk])}")
    expect(page.get_by_text("dibuat dari notulen versi 1 — buat ulang").first).to_be_visible()
    shot("4-letters-marked")

    # 6. The owner's agenda links the action item's page.
    _login(page, live_server, world.pupr_officer.username)
    page.goto(f"{live_server.url}{reverse('agreements:agenda')}")
    link = page.get_by_role("link", name="Tindak lanjut: Kajian debit air baku")
    expect(link.first).to_be_visible()
    shot("6-agenda-links-the-action-item")
    context.close()
