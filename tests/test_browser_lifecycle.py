"""One KSDD walked from proposal to a signed PKS in a real browser, clicking the stage actions.
The papers each step needs are put on file between the clicks, as the secretariat would."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation, Transition
from tests.factories import CooperationFactory, DocumentFactory, DocumentPartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _papers_for(record: Cooperation, action: str) -> None:
    if action == "prepare":
        DocumentFactory(cooperation=record, kind="kak", title="KAK Pengelolaan Air Bersih")
    elif action == "offer":
        DocumentFactory(cooperation=record, kind="tkksd_minutes", title="Notulen Rapat TKKSD")
        DocumentFactory(cooperation=record, kind="offer_letter", title="Surat Penawaran")
    elif action == "accept_offer":
        DocumentFactory(cooperation=record, kind="reply_letter", title="Surat Jawaban Kalbar")
    elif action == "sign_kb":
        kb = DocumentFactory(cooperation=record, kind="kb", title="Naskah KB Air Bersih")
        for party in record.parties.all():
            DocumentPartyFactory(document=kb, party=party, number=f"{party.order}/KB/2026")
    elif action == "skip_dprd":
        Cooperation.objects.filter(pk=record.pk).update(
            burdens_community=False, budgeted_in_apbd=True, apbd_reference="APBD 2026"
        )
    elif action == "sign_pks":
        kb = record.documents.get(kind="kb")
        DocumentFactory(
            cooperation=record,
            kind="pks",
            parent=kb,
            title="PKS Air Bersih",
            start_date=dt.date(2026, 2, 1),
            end_date=dt.date(2028, 1, 31),
        )


def test_ksdd_walks_from_proposal_to_signed_pks(live_server, page, world, screenshot_dir):
    record = CooperationFactory(
        title="Kerja sama pengelolaan air bersih Kalbar–Singkawang",
        stage=Stage.PROPOSAL,
        party_codes=("61", "61.72"),
    )
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()

    steps = [
        ("prepare", Stage.PREPARATION),
        ("offer", Stage.OFFER),
        ("accept_offer", Stage.KB_DRAFTING),
        ("sign_kb", Stage.KB_SIGNED),
        ("skip_dprd", Stage.PKS_DRAFTING),
        ("sign_pks", Stage.PKS_SIGNED),
    ]
    for number, (action, stage) in enumerate(steps, start=1):
        _papers_for(record, action)
        page.goto(f"{live_server.url}{record.get_absolute_url()}")
        # Signing a PKS is a step of that PKS's own road, in its own box (issue 7).
        where = ".pks-step-list" if action == "sign_pks" else ".step-list"
        action_link = page.locator(f"{where} a[href$='/langkah/{action}/']")
        expect(action_link).to_be_visible()
        action_link.click()
        page.locator("form.card button[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()
        record.refresh_from_db()
        assert record.stage == stage, action
        page.screenshot(path=screenshot_dir / f"{number:02d}-{action}.png", full_page=True)

    assert list(Transition.objects.filter(cooperation=record).values_list("action", flat=True)) == [
        a for a, _stage in steps
    ]
    expect(page.locator(".pathway li.skipped")).to_contain_text("APBD 2026")
    assert console_errors == []
