"""Issue 9, item 1 in a real browser: the secretariat records the 2021 amendment of its
TKKSD decree that changes a member from its date, and the team page shows the team change on
that date (and not before it), also at 360 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kerjasama.meetings import services
from kerjasama.meetings.models import Decree, Holding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def _formation(world) -> Decree:
    sec = world.sec_singkawang
    decree = services.decree_create(
        actor=sec,
        tenant=world.singkawang,
        data={
            "kind": "formation",
            "number": "100/45/HK-2020",
            "signed_on": dt.date(2020, 2, 10),
            "title": "Pembentukan Tim Koordinasi Kerja Sama Daerah Kota Singkawang",
            "valid_from": dt.date(2020, 2, 10),
        },
    )
    for order, (role, position, name) in enumerate(
        [
            ("ketua", "Sekretaris Daerah", "Sumastro"),
            ("anggota", "Kepala Bappeda", "Ir. Agus Salim Hutapea, M.T."),
            ("anggota", "Kepala Dinas PUPR", "Budi Santoso Lim, S.T., M.T."),
        ],
        start=1,
    ):
        seat = services.seat_add(
            actor=sec, decree=decree, data={"role": role, "position": position, "order": order}
        )
        services.holding_add(
            actor=sec,
            seat=seat,
            data={"name": name, "decree": decree, "starts_on": dt.date(2020, 2, 10)},
        )
    return decree


def test_the_secretariat_records_an_amendment_and_sees_the_team_change(
    live_server, page, world, screenshot_dir
):
    formation = _formation(world)
    _login(page, live_server, "sec.singkawang")

    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="TKKSD", exact=True
    ).click()
    page.get_by_label("Tim pada tanggal").fill("2021-01-14")
    page.get_by_role("button", name="Tampilkan tim pada tanggal ini").click()
    composition = page.locator("#composition")
    expect(composition).to_contain_text("Tim pada 14 Januari 2021")
    expect(composition).to_contain_text("Ir. Agus Salim Hutapea, M.T.")
    expect(composition).to_contain_text("2 dari 3 kursi")
    page.screenshot(path=screenshot_dir / "1-team-before-the-amendment.png", full_page=True)

    page.locator("#decrees").get_by_role("link", name="Keputusan Nomor 100/45/HK-2020").click()
    page.get_by_role("link", name="Catat perubahan").click()
    expect(page.get_by_label("Jenis")).to_have_value("amendment")
    page.get_by_label("Nomor", exact=True).fill("100/2/HK-2021")
    page.get_by_label("Tanggal ditetapkan").fill("2021-01-05")
    page.get_by_label("Judul").fill("Perubahan atas Keputusan Nomor 100/45/HK-2020")
    page.get_by_label("Berlaku mulai").fill("2021-01-05")
    page.screenshot(path=screenshot_dir / "2-amendment-form.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Keputusan telah dicatat.")).to_be_visible()

    page.get_by_role("link", name="Catat pemegang kursi").click()
    page.get_by_label("Kursi", exact=True).select_option(
        label="Anggota — Kepala Bappeda (100/45/HK-2020)"
    )
    page.get_by_label("Nama", exact=True).fill("Dr. Riyanto Widodo, S.T., M.Eng.")
    page.get_by_label("NIP").fill("19740611 200112 1 004")
    page.get_by_label("Pangkat/golongan").fill("Pembina Tingkat I (IV/b)")
    expect(page.get_by_label("Mulai", exact=True)).to_have_value("2021-01-05")
    # Without ending the current holder, the terms would overlap: a message, nothing saved.
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".errorlist").first).to_contain_text("tumpang tindih")
    page.screenshot(path=screenshot_dir / "3-overlap-refused.png", full_page=True)
    assert Holding.objects.filter(name__startswith="Dr. Riyanto").count() == 0
    page.get_by_label("Akhiri pemegang kursi ini sehari sebelumnya").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pemegang kursi telah dicatat.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "4-amendment-page.png", full_page=True)

    page.get_by_role("link", name="Tim pada hari pertama keputusan ini berlaku").click()
    composition = page.locator("#composition")
    expect(composition).to_contain_text("Tim pada 5 Januari 2021")
    expect(composition).to_contain_text("Dr. Riyanto Widodo, S.T., M.Eng.")
    expect(composition).not_to_contain_text("Agus Salim")
    expect(page.locator("#decrees")).to_contain_text(
        "Mengakhiri Ir. Agus Salim Hutapea, M.T. (Kepala Bappeda) pada 4 Januari 2021"
    )
    page.screenshot(path=screenshot_dir / "5-team-after-the-amendment.png", full_page=True)

    page.get_by_label("Tim pada tanggal").fill("2021-01-04")
    page.get_by_role("button", name="Tampilkan tim pada tanggal ini").click()
    expect(page.locator("#composition")).to_contain_text("Ir. Agus Salim Hutapea, M.T.")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/tkksd/?tanggal=2021-01-14")
    expect(page.locator("#composition")).to_contain_text("Dr. Riyanto Widodo")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=screenshot_dir / "6-team-360px.png", full_page=True)
    assert overflow is False

    amendment = Decree.objects.get(number="100/2/HK-2021")
    assert (amendment.kind, amendment.amends) == ("amendment", formation)
    new = Holding.objects.get(name__startswith="Dr. Riyanto")
    assert (new.decree, new.starts_on, new.nip) == (
        amendment,
        dt.date(2021, 1, 5),
        "197406112001121004",
    )
