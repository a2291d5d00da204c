"""Issue 9 items 2, 3, 6 in a real browser: the secretariat plans the meeting of 14 January
2021, builds its agenda from a proposal (a case awaiting the TKKSD's recommendation), opens it
(number, frozen agenda), records the attendance and sees the quorum change without a page load;
the meeting page at 360 px and the projected view. A screenshot per step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.enums import Stage
from kerjasama.demo import data as demo_data
from kerjasama.demo.team import load_team
from kerjasama.meetings.models import Meeting
from tests.factories import CooperationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_the_secretariat_plans_builds_the_agenda_holds_and_records_attendance(
    live_server, page, world, screenshot_dir
):
    load_team(
        tenant=world.singkawang,
        secretariat=world.sec_singkawang,
        users={"sekda.singkawang": world.sekda},
        opds={demo_data.SKW_PUPR: world.pupr, demo_data.SKW_PARPORA: world.tourism},
    )
    CooperationFactory(
        title="Pengelolaan air bersih Singkawang–Bengkayang",
        stage=Stage.PREPARATION,
        party_codes=("61.72", "61.07"),
    )
    _login(page, live_server, "sec.singkawang")

    # 1. Plan: the date and time in WIB; the team of 14 January 2021 is invited.
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Rapat TKKSD"
    ).click()
    page.get_by_role("link", name="Rencanakan rapat").click()
    page.get_by_label("Judul", exact=True).fill("Rapat TKKSD evaluasi kerja sama 2020")
    page.get_by_label("Tanggal", exact=True).fill("2021-01-14")
    page.get_by_label("Mulai (WIB)").fill("09:00")
    page.get_by_label("Selesai (WIB)").fill("12:00")
    page.get_by_label("Tempat", exact=True).fill("Kantor Wali Kota Singkawang")
    page.screenshot(path=screenshot_dir / "1-plan.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()

    # 2. The agenda from a proposal.
    expect(page.get_by_role("heading", name="Usulan acara")).to_be_visible()
    proposal = page.locator("#proposals li").filter(
        has_text="Pengelolaan air bersih Singkawang–Bengkayang"
    )
    expect(proposal).to_contain_text("rekomendasi TKKSD")
    page.screenshot(path=screenshot_dir / "2-proposals.png", full_page=True)
    proposal.get_by_role("button", name="Masukkan ke acara").click()
    items = page.locator("#agenda-items")
    expect(items).to_contain_text("Pengelolaan air bersih Singkawang–Bengkayang")
    expect(page.locator("#proposals")).not_to_contain_text("Pengelolaan air bersih")
    page.get_by_label("Judul acara").fill("Evaluasi kerja sama 2020")
    page.get_by_role("button", name="Tambahkan acara").click()
    page.locator("#agenda-items").get_by_role(
        "button", name="Naikkan “Evaluasi kerja sama 2020”"
    ).click()
    expect(page.locator("#agenda-items li").first).to_contain_text("Evaluasi kerja sama 2020")
    page.screenshot(path=screenshot_dir / "3-agenda.png", full_page=True)

    # 3. Hold it: the number, and the agenda is frozen.
    page.get_by_role("link", name="Kembali ke rapat").click()
    expect(page.locator("#meeting-when")).to_have_text("Kamis, 14 Januari 2021, 09:00–12:00 WIB")
    expect(page.locator("#kehadiran")).to_contain_text("Dr. Riyanto Widodo, S.T., M.Eng.")
    page.get_by_role("button", name="Buka rapat (beri nomor)").click()
    expect(page.get_by_role("heading", name="Kehadiran saat pembukaan")).to_be_visible()
    expect(page.get_by_text("001/TKKSD/2021").first).to_be_visible()
    meeting = Meeting.objects.get()
    assert (meeting.state, meeting.number) == ("held", "001/TKKSD/2021")
    expect(page.locator("#quorum")).to_contain_text("0 dari 8 kursi hadir, kuorum 5")
    page.screenshot(path=screenshot_dir / "4-held.png", full_page=True)

    # 4. Attendance: four present, quorum not reached; a fifth represented, reached (htmx swap).
    for name in (
        "Sumastro",
        "Marhadi, S.Sos., M.Si.",
        "Yuliana Sari, S.H., M.H.",
        "Dr. Riyanto Widodo, S.T., M.Eng.",
    ):
        page.get_by_label(f"Kehadiran {name}").select_option("hadir")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator("#quorum")).to_contain_text(
        "4 dari 8 kursi hadir, kuorum 5: tidak tercapai"
    )
    expect(page.locator("#attendance")).to_contain_text(
        "Kuorum tidak tercapai. Rapat tetap dapat dicatat"
    )
    page.screenshot(path=screenshot_dir / "5-quorum-not-reached.png", full_page=True)
    url_before = page.url
    page.get_by_label("Kehadiran Budi Santoso Lim, S.T., M.T.").select_option("diwakili")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator("#attendance")).to_contain_text("Tulis nama wakil.")
    row = page.locator("#attendance tr").filter(has_text="Budi Santoso Lim")
    row.get_by_label("Diwakili oleh").fill("Ir. Hendra Wijaya")
    row.get_by_label("Jabatan wakil").fill("Sekretaris Dinas PUPR")
    row.get_by_label("Nomor surat pendelegasian").fill("800/12/PUPR-2021")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator("#quorum")).to_contain_text("5 dari 8 kursi hadir, kuorum 5: tercapai")
    assert page.url == url_before  # swapped in place
    page.screenshot(path=screenshot_dir / "6-quorum-reached.png", full_page=True)

    # 5. The meeting page at 360 px; the agenda can no longer be reordered; projected view.
    page.set_viewport_size({"width": 360, "height": 800})
    page.get_by_role("link", name="Kembali ke rapat").click()
    expect(page.locator("#quorum")).to_contain_text("5 dari 8 kursi hadir")
    page.screenshot(path=screenshot_dir / "7-meeting-360px.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/agenda/")
    expect(page.locator("#agenda-items")).not_to_contain_text("Naik")
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/tayang/?butir=1")
    expect(page.locator("h1")).to_have_text("Evaluasi kerja sama 2020")
    page.get_by_role("link", name="Acara berikutnya").click()
    expect(page.locator("h1")).to_have_text("Pengelolaan air bersih Singkawang–Bengkayang")
    page.screenshot(path=screenshot_dir / "8-projected.png", full_page=True)
