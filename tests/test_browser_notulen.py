"""Issue 9 items 3–5 in a real browser: on a held meeting (made with the ORM), the secretariat
records the minutes, a decision that moves a case and an action item for PUPR; the Sekda, who
chairs, makes the minutes final; the case's stage has changed with the meeting named in its
history, and the action item is on PUPR's agenda. A screenshot per step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kerjasama.agreements.enums import Stage
from kerjasama.meetings.enums import MeetingState
from kerjasama.meetings.models import Meeting
from tests.notulen_support import held_meeting, planned_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unlock_for_flush(world):
    """The database refuses deleting the rows of final minutes (migration
    `0005_notulen_final_guard`), and a transactional test ends by deleting every row on SQLite
    (`flush`): the meeting is set back to held first, as reopening would."""
    yield
    Meeting.objects.filter(state=MeetingState.FINAL).update(state=MeetingState.HELD)


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_minutes_decision_final_and_the_action_item_on_the_owners_agenda(
    live_server, page, world, screenshot_dir, unlock_for_flush
):
    held = held_meeting(world)
    due = timezone.localdate() + dt.timedelta(days=21)
    minutes_url = f"{live_server.url}/rapat/{held.meeting.pk}/notulen/"

    # 1. The secretariat records the item's minutes and a decision with its lifecycle step.
    _login(page, live_server, "sec.singkawang")
    page.goto(minutes_url)
    item = page.locator(f"#item-{held.item.pk}")
    item.get_by_label("Notulen butir agenda").fill(
        "TKKSD mengkaji usulan penyediaan air bersih; KAK dan surat penawaran lengkap."
    )
    item.get_by_role("button", name="Simpan notulen butir").click()
    expect(page.get_by_text("Notulen butir agenda disimpan.")).to_be_visible()
    item = page.locator(f"#item-{held.item.pk}")
    item.get_by_label("Jenis hasil").select_option("decision")
    item.get_by_label("Hasil", exact=True).fill("Usulan diteruskan ke tahap penawaran.")
    item.get_by_role("button", name="Catat hasil").click()
    expect(page.get_by_text("Hasil dicatat.")).to_be_visible()
    page.get_by_role("link", name="Tambahkan langkah tahapan pada keputusan ini").click()
    page.get_by_label("Langkah yang diputuskan").select_option("offer")
    page.screenshot(path=screenshot_dir / "1-decision-step-form.png", full_page=True)
    page.get_by_role("button", name="Tambahkan langkah").click()
    expect(page.get_by_text("Langkah ditambahkan pada keputusan.")).to_be_visible()
    item = page.locator(f"#item-{held.item.pk}")
    expect(item).to_contain_text("prasyarat terpenuhi saat ini")
    expect(item).to_contain_text("Rekomendasi TKKSD diarsipkan oleh rapat ini")
    held.case.refresh_from_db()
    assert held.case.stage == Stage.PREPARATION  # drafted: nothing moved

    # 2. An action item for PUPR on the other item.
    other = page.locator(f"#item-{held.other_item.pk}")
    other.get_by_label("Jenis hasil").select_option("action")
    other.get_by_label("Hasil", exact=True).fill("PUPR mengkaji air bersih dan banjir.")
    other.get_by_role("button", name="Catat hasil").click()
    page.locator(f"#item-{held.other_item.pk}").get_by_role(
        "link", name="Tambahkan tindak lanjut"
    ).click()
    page.get_by_label("Yang harus dikerjakan").fill("Kajian penanganan banjir dan air bersih")
    page.get_by_label("Penanggung jawab (OPD)").select_option(label=str(world.pupr))
    page.get_by_label("Jatuh tempo").fill(due.isoformat())
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tindak lanjut dicatat.")).to_be_visible()
    expect(page.locator("#minutes-panel")).to_contain_text("Rancangan")
    page.screenshot(path=screenshot_dir / "2-minutes-drafted.png", full_page=True)

    # 3. The Sekda, chairing, makes the minutes final.
    _login(page, live_server, "sekda.singkawang")
    page.goto(minutes_url)
    page.get_by_role("button", name="Finalkan notulen").click()
    expect(page.get_by_text("Notulen sudah final (versi 1)")).to_be_visible()
    expect(page.locator("#minutes-panel")).to_contain_text("Final dan terkunci")
    expect(page.get_by_role("button", name="Catat hasil")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "3-minutes-final.png", full_page=True)

    # The Sekda's dashboard: the next meeting and the open action items of what he chairs.
    later = planned_meeting(world)
    page.goto(f"{live_server.url}/")
    dashboard = page.locator("#tkksd-dashboard")
    expect(dashboard).to_contain_text(later.title)
    expect(dashboard).to_contain_text("WIB")
    expect(dashboard).to_contain_text("Kajian penanganan banjir dan air bersih")
    page.screenshot(path=screenshot_dir / "3b-sekda-dashboard.png", full_page=True)

    # 4. The case moved, and its history names the meeting.
    page.goto(f"{live_server.url}{held.case.get_absolute_url()}")
    # On the step itself (issue 9: "the meeting named in its history").
    expect(page.locator(".step-source")).to_contain_text(
        "Berdasarkan keputusan Rapat TKKSD No. 005/TKKSD/2026"
    )
    page.screenshot(path=screenshot_dir / "4-case-history.png", full_page=True)
    held.case.refresh_from_db()
    held.meeting.refresh_from_db()
    assert (held.case.stage, held.meeting.state) == (Stage.OFFER, MeetingState.FINAL)

    # 5. The action item is on PUPR's agenda, and its page closes it.
    _login(page, live_server, "pupr.singkawang")
    page.goto(f"{live_server.url}/agenda/")
    expect(
        page.get_by_text("Tindak lanjut: Kajian penanganan banjir dan air bersih")
    ).to_be_visible()
    page.screenshot(path=screenshot_dir / "5-owners-agenda.png", full_page=True)
    page.goto(f"{live_server.url}/rapat/tindak-lanjut/")
    page.get_by_role("link", name="Kajian penanganan banjir dan air bersih").click()
    page.get_by_label("Yang telah dikerjakan").fill("Kajian selesai, diserahkan ke Bappeda.")
    page.get_by_role("button", name="Tutup sebagai selesai").click()
    expect(page.get_by_text("Tindak lanjut selesai.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "6-action-item-done.png", full_page=True)

    # 6. The minutes read at 360 px without sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(minutes_url)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=screenshot_dir / "7-minutes-360px.png", full_page=True)
    assert overflow is False
