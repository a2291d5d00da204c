"""Issue 9 items 2, 3, 6 in a real browser: the secretariat plans the meeting of 14 January
2021, builds its agenda from a proposal (a case awaiting the TKKSD's recommendation), opens it
(number, frozen agenda), records the attendance and sees the quorum change without a page load;
the meeting page at 360 px and the projected view. A screenshot per step."""

from __future__ import annotations

import datetime as dt

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


@pytest.mark.long
def test_the_meeting_screens_pass_axe_at_1280_and_360_px(
    live_server, browser, browser_context_args, world, screenshot_dir
):
    """axe (WCAG 2.1 A/AA) finds nothing on the meeting screens, none scrolls sideways at 360 px.
    The context bypasses the CSP only so that axe can be injected (as tests/test_browser_a11y);
    that the templates need no inline script or style is tests/test_meetings_rapat.py's."""
    from kerjasama.meetings import services
    from tests.test_browser_a11y import axe_violations

    load_team(
        tenant=world.singkawang,
        secretariat=world.sec_singkawang,
        users={"sekda.singkawang": world.sekda},
        opds={demo_data.SKW_PUPR: world.pupr},
    )
    sec = world.sec_singkawang
    planned = services.meeting_create(
        actor=sec,
        tenant=world.singkawang,
        data={
            "kind": "teknis",
            "title": "Rapat teknis air bersih",
            "date": dt.date(2021, 3, 4),
            "start_time": dt.time(10, 0),
            "online_link": "https://meet.example.go.id/tkksd",
        },
    )
    services.agenda_item_add(actor=sec, meeting=planned, data={"title": "Debit air baku"})
    held = services.meeting_create(
        actor=sec,
        tenant=world.singkawang,
        data={
            "kind": "pleno",
            "title": "Rapat pleno TKKSD",
            "date": dt.date(2021, 1, 14),
            "start_time": dt.time(9, 0),
            "place": "Kantor Wali Kota Singkawang",
        },
    )
    services.agenda_item_add(
        actor=sec, meeting=held, data={"title": "Pilar batas", "cooperation": world.local}
    )
    services.agenda_item_add(
        actor=sec,
        meeting=held,
        data={"title": "Penawaran PT X", "closed": True, "public_title": "Penawaran pihak ketiga"},
    )
    held = services.meeting_hold(actor=sec, meeting=held)
    services.attendance_record(
        actor=sec,
        meeting=held,
        rows={i.pk: {"presence": "hadir"} for i in held.invitees.all()[:3]},
    )
    context = browser.new_context(**{**browser_context_args, "bypass_csp": True})
    page = context.new_page()
    _login(page, live_server, "sec.singkawang")
    pages = {
        "list": "/rapat/",
        "new": "/rapat/baru/",
        "planned": f"/rapat/{planned.pk}/",
        "agenda": f"/rapat/{planned.pk}/agenda/",
        "edit": f"/rapat/{planned.pk}/ubah/",
        "invite": f"/rapat/{planned.pk}/undangan/tambah/",
        "held": f"/rapat/{held.pk}/",
        "attendance": f"/rapat/{held.pk}/kehadiran/",
        "absences": f"/rapat/{held.pk}/agenda/{held.items.first().pk}/keluar-ruangan/",
        "projected": f"/rapat/{held.pk}/tayang/?butir=1",
        "print": f"/rapat/{held.pk}/cetak/",
    }
    found = {}
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            violations = axe_violations(page)
            if violations:
                found[f"{name}@{width}"] = violations
            overflow = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            if overflow:
                found[f"{name}@{width}"] = ["the page scrolls sideways"]
            if width == 360 and name in ("held", "attendance", "projected", "agenda"):
                page.screenshot(path=screenshot_dir / f"{name}-360px.png", full_page=True)
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/rapat/{held.pk}/cetak/")
    page.screenshot(path=screenshot_dir / "print.png", full_page=True)

    context.close()
    assert found == {}
