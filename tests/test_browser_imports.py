"""Issue 11 in the browser: the secretariat uploads its register, sees a bad row with its
reason, fixes it by mapping the row's status to a stage, excludes nothing else, imports, opens
an imported case, and undoes the import. A screenshot per step in test-output/ (copied to
/work/shots-commit11/ when that folder exists)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.models import Cooperation
from kerjasama.imports.models import ImportRun, RunState
from tests.test_imports_commit import TITLE_KB, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/work/shots-commit11")


def _login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()


def test_upload_map_preview_fix_commit_see_the_cases_and_undo(
    live_server, page, world, screenshot_dir, tmp_path
):
    path = tmp_path / "register-singkawang.xlsx"
    path.write_bytes(register())
    _login(page, live_server, "sec.singkawang")

    # 1. Upload: checked in the request, read by the task; the preview follows.
    page.goto(f"{live_server.url}/impor/")
    page.screenshot(path=str(screenshot_dir / "1-upload.png"), full_page=True)
    page.get_by_label("Register (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan baca").click()
    expect(page.locator("dd[data-state]")).to_have_text("Dipratinjau")

    # 2. The bad row says why: its status is not mapped to a stage.
    bad = page.locator('tr[data-row="8"]')
    expect(bad).to_have_attribute("data-outcome", "invalid")
    expect(bad).to_contain_text("O8: status “dalam proses” belum dipetakan ke tahap")
    expect(page.locator('tr[data-row="7"]')).to_contain_text("Kabupaten Antah Berantah")
    page.screenshot(path=str(screenshot_dir / "2-preview-bad-row.png"), full_page=True)

    # 3. Fix it: map “dalam proses” to Persiapan and read again.
    page.get_by_label("Status “dalam proses” (1 baris)").select_option("preparation")
    page.get_by_role("button", name="Baca ulang dengan pilihan ini").click()
    expect(page.locator('tr[data-row="8"]')).to_have_attribute("data-outcome", "new")
    page.screenshot(path=str(screenshot_dir / "3-fixed.png"), full_page=True)

    # 4. Import: three cases; the invalid row 7 is left out.
    page.get_by_role("button", name=re.compile(r"^Impor sekarang \(\d+ baris\)$")).click()
    expect(page.locator(".alert-success")).to_contain_text("Diimpor: 3 baris ditulis.")
    expect(page.locator(".alert-info")).to_contain_text("Register sedang diimpor.")
    expect(page.locator("dd[data-state]")).to_have_text("Diimpor")
    page.screenshot(path=str(screenshot_dir / "4-committed.png"), full_page=True)
    assert Cooperation.objects.filter(title=TITLE_KB, stage="in_force").exists()

    # 5. See an imported case: its history names the import.
    page.locator('tr[data-row="5"] a').click()
    expect(page.locator("h1")).to_contain_text(TITLE_KB)
    expect(page.locator(".import-source").first).to_contain_text(
        "Sumber: Impor register-singkawang.xlsx tanggal"
    )
    expect(page.locator("#timeline-h ~ ol.timeline")).to_contain_text("Mengimpor register")
    page.screenshot(path=str(screenshot_dir / "5-case.png"), full_page=True)

    # 6. Undo.
    page.go_back()
    page.get_by_label("Ya: hapus kerja sama yang dibuat impor ini").check()
    page.get_by_role("button", name="Batalkan impor ini").click()
    expect(page.locator(".alert-success")).to_contain_text("Impor telah dibatalkan.")
    page.screenshot(path=str(screenshot_dir / "6-undone.png"), full_page=True)
    assert ImportRun.objects.get().state == RunState.UNDONE
    assert not Cooperation.objects.filter(title=TITLE_KB).exists()

    if SHOTS.is_dir():
        for shot in screenshot_dir.glob("*.png"):
            shutil.copy(shot, SHOTS / shot.name)


def test_the_import_pages_have_no_wcag_violations(
    live_server, browser, browser_context_args, world, tmp_path
):
    """axe-core (WCAG 2.1 A/AA, as tests/test_browser_a11y.py) over the upload page and a
    previewed run's page with its table and mapping form."""
    from tests.test_browser_a11y import axe_violations

    path = tmp_path / "register-singkawang.xlsx"
    path.write_bytes(register())
    # bypass_csp: only so that axe can be injected (see tests/test_browser_a11y.py).
    context = browser.new_context(**{**browser_context_args, "bypass_csp": True})
    try:
        page = context.new_page()
        _login(page, live_server, "sec.singkawang")
        page.goto(f"{live_server.url}/impor/")
        assert axe_violations(page) == []
        page.get_by_label("Register (.xlsx atau .csv)").set_input_files(str(path))
        page.get_by_role("button", name="Unggah dan baca").click()
        expect(page.locator("dd[data-state]")).to_have_text("Dipratinjau")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_a_possible_duplicate_is_taken_as_a_new_case_then_imported(
    live_server, page, world, screenshot_dir, tmp_path
):
    """The third walk: a possible duplicate could only be excluded. Row 2 resembles the
    Kalbar–Singkawang KB on file (tests/test_imports_duplicates.py); the secretariat checks it
    and says it is a new case."""
    from tests.factories import DocumentFactory
    from tests.test_imports_duplicates import KB_TITLE, _register

    DocumentFactory(cooperation=world.kb, kind="kb", title="KB Kalbar")
    path = tmp_path / "register-duplikat.xlsx"
    path.write_bytes(_register())
    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}/impor/")
    page.get_by_label("Register (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan baca").click()
    expect(page.locator("dd[data-state]")).to_have_text("Dipratinjau")
    duplicate = page.locator('tr[data-row="2"]')
    expect(duplicate).to_have_attribute("data-outcome", "duplicate")
    expect(duplicate).to_contain_text("Dievaluasi setiap tahun")  # what it says, to compare
    expect(page.locator("#decide-duplicates")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "1-possible-duplicate.png"), full_page=True)

    page.get_by_label("Baris 2", exact=True).check()
    page.get_by_role("button", name="Impor sebagai kerja sama baru").click()
    expect(page.locator(".alert-success")).to_contain_text("1 baris diputuskan")
    expect(page.locator("dd[data-state]")).to_have_text("Dipratinjau")
    expect(duplicate).to_have_attribute("data-outcome", "new")
    expect(duplicate).to_contain_text("Anda memilih mengimpornya sebagai kerja sama baru")
    page.screenshot(path=str(screenshot_dir / "2-taken-as-new.png"), full_page=True)

    page.get_by_role("button", name=re.compile(r"^Impor sekarang \(2 baris\)$")).click()
    expect(page.locator(".alert-success")).to_contain_text("Diimpor: 2 baris ditulis.")
    assert Cooperation.objects.filter(title=KB_TITLE).count() == 2
    page.screenshot(path=str(screenshot_dir / "3-imported.png"), full_page=True)
