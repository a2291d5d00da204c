"""The meeting screens of a final meeting in a real browser (issue 9 walk, run 11): the printed
meeting readable at 360 px (its tables stacked, nothing scrolling sideways) and at 1366 px and
on A4, the meeting page with its lock notice and the chair's reopen form, in Indonesian and
English, passing axe. A screenshot per page and width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.meetings import actions, minutes
from kerjasama.meetings.enums import MeetingState, OutcomeKind
from kerjasama.meetings.models import Meeting
from tests.notulen_support import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unlock_for_flush(world):
    """Final minutes refuse deletion (`0005_notulen_final_guard`); a transactional test ends
    with a flush: the meeting is set back to held first, as reopening would."""
    yield
    Meeting.objects.filter(state=MeetingState.FINAL).update(state=MeetingState.HELD)


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_the_final_meetings_print_and_page_at_360_and_1366_px(
    live_server, browser, browser_context_args, world, screenshot_dir, unlock_for_flush
):
    from tests.test_browser_a11y import axe_violations

    held = held_meeting(world)
    held.item.minutes = "Usulan air bersih dibahas; PUPR menyiapkan kajian."
    held.item.save()
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.DECISION, text="Diteruskan."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    task = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind=OutcomeKind.ACTION, text="Kajian."
    )
    actions.action_item_add(
        actor=world.sec_singkawang,
        outcome=task,
        title="Kajian penyediaan air bersih dan penanganan banjir Kota Singkawang",
        due_on=minutes.meeting_day(held.meeting),
        owner_opd=world.pupr,
        cooperation=held.case,
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    pk = held.meeting.pk

    context = browser.new_context(**{**browser_context_args, "bypass_csp": True})
    page = context.new_page()
    _login(page, live_server, world.sekda.username)
    found = {}
    for lang in ("id", "en"):
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
        for width in (1366, 360):
            page.set_viewport_size({"width": width, "height": 800})
            for name, path in (("meeting", f"/rapat/{pk}/"), ("print", f"/rapat/{pk}/cetak/")):
                page.goto(f"{live_server.url}{path}")
                violations = axe_violations(page)
                if violations:
                    found[f"{name}-{lang}@{width}"] = violations
                if page.evaluate(
                    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
                ):
                    found[f"{name}-{lang}@{width}"] = ["the page scrolls sideways"]
                page.screenshot(
                    path=screenshot_dir / f"{name}-{lang}-{width}px.png", full_page=True
                )
            # At 360 px the print view's tables are stacked: each cell on its own line.
            if width == 360:
                display = page.evaluate(
                    "getComputedStyle(document.querySelector('.print-tasks td')).display"
                )
                assert display != "table-cell"
    page.goto(f"{live_server.url}/rapat/{pk}/")
    expect(page.get_by_text("Minutes final — locked")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen the final minutes")).to_be_visible()
    page.goto(f"{live_server.url}/rapat/{pk}/cetak/")
    expect(page.get_by_text("Chair of the meeting")).to_be_visible()
    page.emulate_media(media="print")
    page.screenshot(path=screenshot_dir / "print-a4.png", full_page=True)
    page.pdf(path=str(screenshot_dir / "print-a4.pdf"), format="A4")
    context.close()
    assert found == {}
