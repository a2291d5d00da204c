"""Password pages in a real browser: a forgotten password, then a change (issue 6, item 25)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_forgotten_password_then_change_it(live_server, page, world, screenshot_dir):
    user = world.sec_singkawang
    user.email = "sekretariat@singkawang.go.id"
    user.save()

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    expect(page.get_by_role("heading", name="Lupa kata sandi?")).to_be_visible()
    page.screenshot(path=screenshot_dir / "1-forgot.png", full_page=True)
    page.get_by_label("Email").fill(user.email)
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_role("heading", name="Periksa surel Anda")).to_be_visible()
    page.screenshot(path=screenshot_dir / "2-sent.png", full_page=True)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/akun/sandi/atur/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Atur kata sandi baru")).to_be_visible()
    page.screenshot(path=screenshot_dir / "3-set.png", full_page=True)
    page.get_by_label("Sandi baru", exact=True).fill("Sandi-Lupa-Diganti-77")
    page.get_by_label("Konfirmasi sandi baru").fill("Sandi-Lupa-Diganti-77")
    page.get_by_role("button", name="Atur kata sandi").click()
    expect(page.get_by_role("heading", name="Kata sandi sudah diatur")).to_be_visible()

    page.get_by_role("link", name="Masuk").last.click()
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("Sandi-Lupa-Diganti-77")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()

    page.get_by_role("link", name="Ubah kata sandi").click()
    page.get_by_label("Sandi lama").fill("Sandi-Lupa-Diganti-77")
    page.get_by_label("Sandi baru", exact=True).fill("Sandi-Kedua-Lebih-Baru-88")
    page.get_by_label("Konfirmasi sandi baru").fill("Sandi-Kedua-Lebih-Baru-88")
    page.screenshot(path=screenshot_dir / "4-change.png", full_page=True)
    page.get_by_role("button", name="Ubah kata sandi").click()
    expect(page.get_by_role("heading", name="Kata sandi diubah")).to_be_visible()
    page.screenshot(path=screenshot_dir / "5-changed.png", full_page=True)

    user.refresh_from_db()
    assert user.check_password("Sandi-Kedua-Lebih-Baru-88")
