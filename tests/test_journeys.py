"""Journeys in the browser: for each of the five types, a cooperation walked from registration
to in force, each step clicked by the person who takes it in real life, with the papers each
step needs put on file through the screens; then an addendum extends its term; then it ends.

The expected stages are written here by hand, in Indonesian as the record page shows them, from
the domain reference (KERJASAMA_DAERAH.md §5.1–§5.3 for KSDD and KSDPK, §6.1 for KSDPL and
KSDLL, §6.2 for sinergi, §6.3 for addenda, §6.4 for the end) — not from
`agreements/lifecycle.py`. Who acts (§2, §5.3, §6.1):

- `pupr.singkawang` / `pariwisata.singkawang` — the OPD pemrakarsa: proposes, writes the KAK
  (and for KSDPK the mapping and the feasibility study), later carries the agreement out;
- `sekda.singkawang` — the Sekda, chair of the TKKSD and leadership: recommends the offer,
  decides that the DPRD is not needed, explores foreign cooperation for the regional head,
  ends a cooperation;
- `sec.singkawang` — the Bagian Kerja Sama, secretariat of the TKKSD: files the letters and the
  signed agreements, records what the partner, the DPRD and the Ministers decided;
- `sec.bengkayang` — the partner region's secretariat records its own acceptance of the offer.

Screenshots: `test-output/test_journeys.<test>/NN-*.png`, numbered in order.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from kerjasama.agreements.models import Cooperation
from tests.journeys_support import Journey, tanggal, years_later

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPD_PUPR = "pupr.singkawang"
OPD_TOURISM = "pariwisata.singkawang"
SEKDA = "sekda.singkawang"
SECRETARIAT = "sec.singkawang"
BENGKAYANG = "sec.bengkayang"


@pytest.fixture
def journey(browser, live_server, screenshot_dir, browser_context_args, cast):
    walk = Journey(browser, live_server.url, screenshot_dir, browser_context_args)
    yield walk
    walk.close()


def _open_details(page: Page, index: int) -> None:
    summary = page.locator("main form details > summary").nth(index)
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


def _tick_affairs(page: Page, *codes: str) -> None:
    for code in codes:
        page.locator("label", has_text=re.compile(rf"^\s*{re.escape(code)} ")).locator(
            "input"
        ).check()


def _fill_substance(page: Page, *, title: str) -> None:
    page.locator("#id_title").fill(title)
    page.locator("#id_background").fill("Kebutuhan layanan yang melintasi batas wilayah.")
    page.locator("#id_purpose").fill("Meningkatkan mutu dan jangkauan pelayanan publik.")
    page.locator("#id_targets").fill("Terlayaninya 5.000 rumah tangga pada tahun kedua.")
    page.locator("#id_scope").fill("Perencanaan, pelaksanaan, pemantauan dan pelaporan.")
    page.locator("#id_object_description").fill("Objek kerja sama sesuai kewenangan daerah.")
    page.locator("#id_plan_reference").fill("RPJMD Kota Singkawang 2025–2029")


def _assess_dprd(page: Page, *, burdens: bool, budgeted: bool, apbd: str = "") -> None:
    page.locator("#id_burdens_community").select_option("true" if burdens else "false")
    page.locator("#id_budgeted_in_apbd").select_option("true" if budgeted else "false")
    if apbd:
        page.locator("#id_apbd_reference").fill(apbd)


def _dprd_dates(on: dt.date):
    def fill(page: Page) -> None:
        page.locator("#id_requested_on").fill(on.isoformat())
        page.locator("#id_received_on").fill(on.isoformat())

    return fill


def _dprd_decision(reference: str):
    def fill(page: Page) -> None:
        page.locator("#id_decision_reference").fill(reference)

    return fill


def _terminate(reason_value: str, reason_text: str):
    def fill(page: Page) -> None:
        page.locator("#id_termination_reason").select_option(reason_value)
        page.locator("#id_reason").fill(reason_text)

    return fill


def _extend_by_addendum(
    journey: Journey, *, parent: str, start: dt.date, old_end: dt.date, new_end: dt.date
) -> None:
    """§6.3: an extension is an addendum under the agreement, changing its end date."""
    page = journey.open_record(SECRETARIAT)
    assert journey.fact(page, "Akhir jangka waktu") == tanggal(old_end)
    # §6.3 ❓ (issue 7): by default an addendum passes the TKKSD again, whose minutes come first.
    journey.add_document(
        SECRETARIAT,
        kind="tkksd_minutes",
        title=f"Notulen TKKSD: kajian adendum {parent}",
        signed_on=start,
    )
    journey.add_document(
        SECRETARIAT,
        kind="addendum",
        parent=parent,
        title=f"Adendum I {parent}",
        status="signed",
        signed_on=start,
        place="Singkawang",
        start=start,
        end=new_end,
        numbers=["180/ADD/2026", "119/ADD/2026"],
        pdf="adendum-1.pdf",
        shot="addendum",
    )
    page = journey.open_record(SECRETARIAT)
    assert journey.fact(page, "Akhir jangka waktu") == tanggal(new_end)
    journey.shot(page, "addendum-extended")


def _end_by_the_daily_job(journey: Journey, ends: dt.date) -> Page:
    """§6.4 "jangka waktu berakhir": the daily job (`kerjasama send_reminders`) run the day
    after the extended term ends."""
    call_command("send_reminders", "--today", (ends + dt.timedelta(days=1)).isoformat())
    journey.changed_elsewhere()
    page = journey.open_record(SECRETARIAT)
    journey.stages.append(journey.stage_shown(page))
    expect(page.locator("section[aria-labelledby='facts-h']")).to_contain_text(
        "Jangka waktu berakhir"
    )
    _no_way_on(page)
    journey.shot(page, "ended-by-the-daily-job")
    return page


def _no_way_on(page: Page) -> None:
    """An ended cooperation offers no further step (§5.2: BERAKHIR is terminal)."""
    expect(page.locator(".page-header .badge-stage")).to_have_text("Berakhir")
    expect(page.locator(".step-list a")).to_have_count(0)


def _finish(journey: Journey, expected: list[str]) -> None:
    assert journey.stages == expected
    assert journey.console_errors == []
    shots = sorted(journey.screenshot_dir.glob("*.png"))
    assert len(shots) >= len(expected)
    assert all(s.stat().st_size > 10_000 for s in shots)


# --- KSDD ------------------------------------------------------------------------------------

# §5.1 letters a–g and §5.2: proposal, preparation, offer, drafting and signing the KB; the DPRD
# is skipped because the plan burdens nobody and is budgeted (§7); drafting and signing the PKS;
# in force; ended when the term (as extended) has passed (§6.4).
KSDD_STAGES = [
    "Usulan",
    "Persiapan",
    "Penawaran",
    "Penyusunan Kesepakatan Bersama",
    "Kesepakatan Bersama ditandatangani",
    "Penyusunan Perjanjian Kerja Sama",
    "Perjanjian Kerja Sama ditandatangani",
    "Berlaku",
    "Berakhir",
]


@pytest.mark.long
def test_ksdd_from_an_opd_proposal_to_its_expiry(journey, cast):
    today = timezone.localdate()
    title = "Pengelolaan air bersih lintas batas Singkawang–Bengkayang"

    def fill(page: Page) -> None:
        page.locator("#id_kind").select_option("ksdd")
        _open_details(page, 0)
        page.locator("#id_ksdd_category").select_option("sukarela")
        page.locator("#id_parties-1-partner").fill("61.07")
        page.locator("#id_parties-1-signatory_name").fill("Sebastianus Darwis")
        page.locator("#id_parties-1-signatory_position").fill("Bupati Bengkayang")
        _fill_substance(page, title=title)
        _tick_affairs(page, "1.03")
        _assess_dprd(page, burdens=False, budgeted=True, apbd="DPA Dinas PUPR 2026")

    # a. The OPD pemrakarsa proposes and writes the KAK (§5.3 USULAN → PERSIAPAN).
    journey.register(OPD_PUPR, fill, name="registered-by-pupr")
    journey.add_document(
        OPD_PUPR, kind="kak", title="KAK Air Bersih Lintas Batas", pdf="kak.pdf", shot="kak"
    )
    journey.step(OPD_PUPR, "prepare")
    # b. The TKKSD reviews; the offer letter is signed by the regional head; the Sekda, chair of
    # the TKKSD, sends the offer (§5.3 PERSIAPAN → PENAWARAN).
    journey.add_document(SECRETARIAT, kind="tkksd_minutes", title="Notulen Rapat TKKSD")
    journey.upload(SECRETARIAT, document="Notulen Rapat TKKSD", pdf="notulen-tkksd.pdf")
    journey.add_document(
        SECRETARIAT, kind="offer_letter", title="Surat Penawaran Wali Kota", pdf="penawaran.pdf"
    )
    journey.step(SEKDA, "offer")
    # c. The partner accepts in writing; Bengkayang's own secretariat records it.
    journey.add_document(
        BENGKAYANG, kind="reply_letter", title="Surat Jawaban Bupati Bengkayang", pdf="jawaban.pdf"
    )
    journey.step(BENGKAYANG, "accept_offer")
    # d. Both heads sign the KB, each party numbers it in its own register (§5.3, §8.3).
    kb_end = years_later(today, 2)
    journey.add_document(
        SECRETARIAT,
        kind="kb",
        title="Kesepakatan Bersama Air Bersih",
        status="signed",
        signed_on=today,
        place="Singkawang",
        start=today,
        end=kb_end,
        numbers=["180/KB/2026", "119/KB-BKY/2026"],
        pdf="kb.pdf",
        shot="kb",
    )
    journey.step(SECRETARIAT, "sign_kb")
    # e. No DPRD: not burdensome and budgeted (§7); the TKKSD (its chair) decides.
    journey.step(SEKDA, "skip_dprd")
    # f–g. The Kepala Dinas signs the PKS for the Wali Kota under a power of attorney, which
    # must be on file (PP 28/2018 Pasal 2(2), 13(2)).
    journey.add_document(
        SECRETARIAT,
        kind="power_of_attorney",
        title="Surat Kuasa Wali Kota kepada Kepala Dinas PUPR",
        # It counts only when signed and dated on or before the PKS (§9 item 9, issue 7).
        status="signed",
        signed_on=today,
        place="Singkawang",
        pdf="surat-kuasa.pdf",
    )
    journey.add_document(
        SECRETARIAT,
        kind="pks",
        parent="Kesepakatan Bersama Air Bersih",
        title="PKS Air Bersih Lintas Batas",
        status="signed",
        signed_on=today,
        place="Bengkayang",
        start=today,
        end=kb_end,
        numbers=["180/PKS/2026", "119/PKS-BKY/2026"],
        signatories=[("Ir. Hendra Wijaya", "Kepala Dinas PUPR Kota Singkawang"), ("", "")],
        power_of_attorney=[True, False],
        pdf="pks.pdf",
        shot="pks",
    )
    journey.step(SECRETARIAT, "sign_pks")
    # h. The executing OPD starts the implementation once the term has begun.
    journey.step(OPD_PUPR, "start")
    # §6.3: an addendum extends the PKS by a year; §6.4: the term passes.
    new_end = years_later(today, 3)
    _extend_by_addendum(
        journey, parent="PKS Air Bersih Lintas Batas", start=today, old_end=kb_end, new_end=new_end
    )
    _end_by_the_daily_job(journey, new_end)

    _finish(journey, KSDD_STAGES)
    record = Cooperation.objects.get(title=title)
    assert (record.stage, record.termination_reason) == ("ended", "term_expired")
    assert list(record.transitions.values_list("by__username", flat=True)) == [
        OPD_PUPR,
        SEKDA,
        BENGKAYANG,
        SECRETARIAT,
        SEKDA,
        SECRETARIAT,
        OPD_PUPR,
        None,  # the daily job
    ]


# --- KSDPK -----------------------------------------------------------------------------------

# §5.1 applied to KSDPK by PP 28/2018 Pasal 19(1); this plan burdens the community and is not
# budgeted, so the DPRD must approve before the PKS (§7, PP 28/2018 Pasal 6(2)); the parties
# then agree to end it (§6.4, Pasal 9(1) via 22(1)).
KSDPK_STAGES = [
    "Usulan",
    "Persiapan",
    "Penawaran",
    "Penyusunan Kesepakatan Bersama",
    "Kesepakatan Bersama ditandatangani",
    "Menunggu persetujuan DPRD",
    "Penyusunan Perjanjian Kerja Sama",
    "Perjanjian Kerja Sama ditandatangani",
    "Berlaku",
    "Berakhir",
]


@pytest.mark.long
def test_ksdpk_with_a_bumd_through_the_dprd_to_its_termination(journey, cast):
    today = timezone.localdate()
    title = "Penyediaan air minum kawasan Singkawang Timur bersama Perumda"

    def fill(page: Page) -> None:
        page.locator("#id_kind").select_option("ksdpk")
        _open_details(page, 1)
        page.locator("#id_ksdpk_kind").select_option("public_service")
        page.locator("#id_parties-1-partner").fill(cast.perumda.name)
        page.locator("#id_parties-1-signatory_name").fill("Direktur Utama Perumda")
        page.locator("#id_parties-1-signatory_position").fill("Direktur Utama")
        _fill_substance(page, title=title)
        _tick_affairs(page, "1.03")
        _assess_dprd(page, burdens=True, budgeted=False)

    # a. The OPD proposes; the region initiates, so the mapping of affairs and the feasibility
    # study come first (PP 28/2018 Pasal 17; UU 23/2014 Pasal 366(3)).
    journey.register(OPD_PUPR, fill, name="registered-by-pupr")
    journey.add_document(OPD_PUPR, kind="kak", title="KAK SPAM Singkawang Timur", pdf="kak.pdf")
    journey.add_document(
        OPD_PUPR, kind="mapping_result", title="Hasil Pemetaan Urusan Air Minum", pdf="peta.pdf"
    )
    journey.add_document(
        OPD_PUPR,
        kind="feasibility_study",
        title="Studi Kelayakan SPAM Singkawang Timur",
        pdf="studi-kelayakan.pdf",
        shot="feasibility-study",
    )
    journey.step(OPD_PUPR, "prepare")
    # b. TKKSD recommends, the Sekda sends the offer.
    journey.add_document(SECRETARIAT, kind="tkksd_minutes", title="Rekomendasi TKKSD SPAM")
    journey.upload(SECRETARIAT, document="Rekomendasi TKKSD SPAM", pdf="rekomendasi-tkksd.pdf")
    journey.add_document(SECRETARIAT, kind="offer_letter", title="Surat Penawaran kepada Perumda")
    journey.step(SEKDA, "offer")
    # c. The third party is no tenant: the secretariat files its written acceptance.
    journey.add_document(
        SECRETARIAT, kind="reply_letter", title="Surat Persetujuan Perumda", pdf="jawaban.pdf"
    )
    journey.step(SECRETARIAT, "accept_offer")
    # d. KB.
    kb_end = years_later(today, 2)
    journey.add_document(
        SECRETARIAT,
        kind="kb",
        title="Kesepakatan Bersama SPAM",
        status="signed",
        signed_on=today,
        place="Singkawang",
        start=today,
        end=kb_end,
        numbers=["180/KB-SPAM/2026", "01/PERUMDA/2026"],
        pdf="kb.pdf",
    )
    journey.step(SECRETARIAT, "sign_kb")
    # e. DPRD: the regional head's request, then the DPRD's decision (§7).
    journey.add_document(
        SECRETARIAT, kind="dprd_request", title="Surat Permohonan Persetujuan DPRD"
    )
    journey.step(SECRETARIAT, "request_dprd", fill=_dprd_dates(today))
    journey.add_document(
        SECRETARIAT, kind="dprd_approval", title="Keputusan DPRD Kota Singkawang", pdf="dprd.pdf"
    )
    journey.step(
        SECRETARIAT, "dprd_approves", fill=_dprd_decision("Keputusan DPRD No. 7 Tahun 2026")
    )
    # f–g. The PKS contains the four clauses of PP 28/2018 Pasal 19(2), confirmed on the
    # document and again when the step is taken (issue 6 item 8).
    journey.add_document(
        SECRETARIAT,
        kind="pks",
        parent="Kesepakatan Bersama SPAM",
        title="PKS SPAM Singkawang Timur",
        status="signed",
        signed_on=today,
        place="Singkawang",
        start=today,
        end=kb_end,
        numbers=["180/PKS-SPAM/2026", "02/PERUMDA/2026"],
        clauses_confirmed=True,
        pdf="pks.pdf",
        shot="pks",
    )

    def four_clauses(page: Page) -> None:
        for box in page.locator("input[name=clauses]").all():
            box.check()

    journey.step(SECRETARIAT, "sign_pks", fill=four_clauses)
    journey.step(OPD_PUPR, "start")
    new_end = years_later(today, 3)
    _extend_by_addendum(
        journey, parent="PKS SPAM Singkawang Timur", start=today, old_end=kb_end, new_end=new_end
    )
    # §6.4: the parties agree to end it; the Sekda records it.
    page = journey.step(
        SEKDA,
        "terminate",
        fill=_terminate("mutual_agreement", "Para pihak sepakat mengakhiri kerja sama."),
        name="terminated",
    )
    expect(page.locator("section[aria-labelledby='facts-h']")).to_contain_text(
        "Para pihak sepakat mengakhiri"
    )
    _no_way_on(page)

    _finish(journey, KSDPK_STAGES)
    record = Cooperation.objects.get(title=title)
    assert record.dprd_approvals.get().decision == "approved"
    assert list(record.transitions.values_list("by__username", flat=True)) == [
        OPD_PUPR,  # prepare
        SEKDA,  # offer
        *[SECRETARIAT] * 5,  # acceptance, KB, DPRD request and decision, PKS
        OPD_PUPR,  # start
        SEKDA,  # terminate
    ]


# --- Foreign cooperation (KSDPL, KSDLL) --------------------------------------------------------

# §6.1 (PP 28/2018 Pasal 28–33): initiative, exploration, consultation before the letter of
# intent, the signed letter of intent, the cooperation plan, the DPRD (always, Pasal 30), the
# Minister's consideration (Pasal 31), drafting the text, the Minister's approval after the
# inter-ministerial meeting (Pasal 32), discussion with the foreign party through the Foreign
# Minister and his confirmation letter (Pasal 33), signing, implementation, end.
FOREIGN_STAGES = [
    "Prakarsa",
    "Penjajakan",
    "Konsultasi sebelum pernyataan kehendak",
    "Pernyataan kehendak ditandatangani",
    "Penyusunan rencana kerja sama",
    "Menunggu persetujuan DPRD",
    "Menunggu pertimbangan Menteri",
    "Penyusunan naskah kerja sama",
    "Menunggu persetujuan Menteri atas naskah",
    "Pembahasan dengan pihak luar negeri",
    "Surat konfirmasi diterima",
    "Naskah kerja sama ditandatangani",
    "Berlaku",
    "Berakhir",
]


def _walk_the_foreign_pathway(journey: Journey, *, partner_number: str, executing_opd: str):
    """From the initiative to the signed text, with the papers of §3.4 in order."""
    today = timezone.localdate()
    # Pasal 28(3): the regional head explores; the Sekda acts for the leadership.
    journey.step(SEKDA, "explore")
    # Pasal 28(4): consultation with the Home and Foreign Ministers before the letter of intent.
    journey.step(SECRETARIAT, "consult_loi")
    journey.add_document(
        SECRETARIAT,
        kind="loi",
        title="Pernyataan Kehendak (Letter of Intent)",
        status="signed",
        signed_on=today,
        place="Singkawang",
        numbers=["180/LOI/2026", partner_number],
        pdf="loi.pdf",
    )
    journey.step(SECRETARIAT, "sign_loi")
    journey.step(SECRETARIAT, "draft_plan")
    # Pasal 30(3): the plan states its funding and its period (the rest was registered).
    journey.add_financing(SECRETARIAT, source="apbd", amount="Rp 350.000.000", year=today.year)
    journey.add_document(
        SECRETARIAT,
        kind="cooperation_plan",
        title="Rencana Kerja Sama",
        start=today,
        end=years_later(today, 2),
        pdf="rencana.pdf",
        shot="cooperation-plan",
    )
    journey.add_document(SECRETARIAT, kind="dprd_request", title="Surat Wali Kota kepada DPRD")
    journey.upload(SECRETARIAT, document="Surat Wali Kota kepada DPRD", pdf="surat-dprd.pdf")
    journey.step(SECRETARIAT, "request_dprd", fill=_dprd_dates(today))
    journey.add_document(SECRETARIAT, kind="dprd_approval", title="Persetujuan DPRD")
    journey.step(SECRETARIAT, "dprd_approves", fill=_dprd_decision("Keputusan DPRD No. 9/2026"))
    journey.add_document(
        SECRETARIAT,
        kind="minister_consideration",
        title="Pertimbangan Tertulis Menteri Dalam Negeri",
        pdf="pertimbangan.pdf",
    )
    journey.step(SECRETARIAT, "minister_approves_plan")
    journey.step(SECRETARIAT, "submit_text")
    journey.add_document(
        SECRETARIAT, kind="minister_text_approval", title="Persetujuan Menteri atas Naskah"
    )
    journey.step(SECRETARIAT, "minister_approves_text")
    journey.add_document(
        SECRETARIAT,
        kind="confirmation_letter",
        title="Surat Konfirmasi Menteri Luar Negeri",
        pdf="konfirmasi.pdf",
    )
    journey.step(SECRETARIAT, "receive_confirmation")
    text_end = years_later(today, 2)
    journey.add_document(
        SECRETARIAT,
        kind="foreign_text",
        title="Naskah Kerja Sama",
        status="signed",
        signed_on=today,
        place="Singkawang",
        start=today,
        end=text_end,
        numbers=["180/NKS/2026", partner_number],
        pdf="naskah.pdf",
        shot="foreign-text",
    )
    journey.step(SECRETARIAT, "sign_text")
    # The executing OPD starts the implementation.
    journey.step(executing_opd, "start")
    return text_end


def _confirm_pasal_27(page: Page, *objects: str, ksdpl: bool = False) -> None:
    """The objects (PP 28/2018 Pasal 23(2)) and the requirements of Pasal 27, confirmed on the
    registration form before the letter of intent (§3.3; issue 7)."""
    for value in objects:
        page.locator(f"input[name=foreign_objects][value={value}]").check()
    for name in (
        "foreign_no_representative_office",
        "foreign_no_interference",
        "foreign_consistent_with_plans",
        *(["ksdpl_equal_status", "ksdpl_people_ties"] if ksdpl else []),
    ):
        page.locator(f"#id_{name}").check()


@pytest.mark.long
def test_ksdpl_sister_city_from_the_initiative_to_its_expiry(journey, cast):
    today = timezone.localdate()

    def fill(page: Page) -> None:
        page.locator("#id_kind").select_option("ksdpl")
        _open_details(page, 2)
        page.locator("#id_ksdpl_form").select_option("sister_city")
        _confirm_pasal_27(page, "culture", "promotion", ksdpl=True)
        page.locator("#id_parties-1-partner").fill(cast.kuching.name)
        page.locator("#id_own_initiating_opd").select_option(label="Dinas Pariwisata")
        page.locator("#id_own_executing_opd").select_option(label="Dinas Pariwisata")
        _fill_substance(page, title="Kota kembar Singkawang–Kuching Utara")
        _tick_affairs(page, "3.26", "2.22")

    # The secretariat registers the initiative of the region (§6.1 row 1).
    journey.register(SECRETARIAT, fill, name="registered-by-secretariat")
    text_end = _walk_the_foreign_pathway(
        journey, partner_number="DBKU/SC/2026/01", executing_opd=OPD_TOURISM
    )
    new_end = years_later(today, 3)
    _extend_by_addendum(
        journey, parent="Naskah Kerja Sama", start=today, old_end=text_end, new_end=new_end
    )
    _end_by_the_daily_job(journey, new_end)

    _finish(journey, FOREIGN_STAGES)
    record = Cooperation.objects.get(kind="ksdpl")
    assert list(record.transitions.values_list("by__username", flat=True)) == [
        SEKDA,  # exploration
        *[SECRETARIAT] * 10,  # from the consultation to the signed text
        OPD_TOURISM,  # start
        None,  # the daily job
    ]


@pytest.mark.long
def test_ksdll_with_jica_from_an_opd_initiative_to_its_termination(journey, cast):
    today = timezone.localdate()

    def fill(page: Page) -> None:
        page.locator("#id_kind").select_option("ksdll")
        _open_details(page, 2)
        page.locator("#id_ksdll_basis").select_option("continuation")
        _confirm_pasal_27(page, "capacity")
        page.locator("#id_parties-1-partner").fill(cast.jica.name)
        _fill_substance(page, title="Peningkatan kapasitas pengelolaan air minum bersama JICA")
        _tick_affairs(page, "1.03")

    # The OPD proposes a technical cooperation continuing a central-government one (Pasal 25).
    journey.register(OPD_PUPR, fill, name="registered-by-pupr")
    text_end = _walk_the_foreign_pathway(
        journey, partner_number="JICA/IDN/2026/117", executing_opd=OPD_PUPR
    )
    new_end = years_later(today, 3)
    _extend_by_addendum(
        journey, parent="Naskah Kerja Sama", start=today, old_end=text_end, new_end=new_end
    )
    page = journey.step(
        SEKDA,
        "terminate",
        fill=_terminate("purpose_achieved", "Seluruh keluaran kerja sama telah tercapai."),
        name="terminated",
    )
    expect(page.locator("section[aria-labelledby='facts-h']")).to_contain_text("Tujuan tercapai")
    _no_way_on(page)

    _finish(journey, FOREIGN_STAGES)
    record = Cooperation.objects.get(kind="ksdll")
    assert (record.stage, record.termination_reason) == ("ended", "purpose_achieved")
    assert list(record.transitions.values_list("by__username", flat=True)) == [
        SEKDA,
        *[SECRETARIAT] * 10,
        OPD_PUPR,
        SEKDA,
    ]


# --- Sinergi ---------------------------------------------------------------------------------

# §6.2: proposal (initiation letter and KAK to the Sekda as TKKSD chair), TKKSD review, drafting
# the Nota Kesepakatan with its Rencana Kerja, the signed NK, implementation, end.
SINERGI_STAGES = [
    "Usulan",
    "Kajian TKKSD",
    "Penyusunan Nota Kesepakatan dan Rencana Kerja",
    "Nota Kesepakatan ditandatangani",
    "Berlaku",
    "Berakhir",
]


@pytest.mark.long
def test_sinergi_with_a_ministry_from_an_opd_proposal_to_its_expiry(journey, cast):
    today = timezone.localdate()

    def fill(page: Page) -> None:
        page.locator("#id_kind").select_option("sinergi")
        page.locator("#id_parties-1-partner").fill(cast.kemenpar.name)
        _fill_substance(page, title="Sinergi pengembangan destinasi wisata Singkawang")
        _tick_affairs(page, "3.26")

    journey.register(OPD_TOURISM, fill, name="registered-by-pariwisata")
    journey.add_document(OPD_TOURISM, kind="kak", title="KAK Destinasi Wisata", pdf="kak.pdf")
    journey.add_document(
        OPD_TOURISM,
        kind="offer_letter",
        title="Surat Prakarsa kepada Kementerian Pariwisata",
        pdf="prakarsa.pdf",
    )
    journey.step(OPD_TOURISM, "submit_for_review")
    journey.add_document(SECRETARIAT, kind="tkksd_minutes", title="Kajian TKKSD Sinergi")
    journey.upload(SECRETARIAT, document="Kajian TKKSD Sinergi", pdf="kajian-tkksd.pdf")
    journey.step(SEKDA, "approve_review")
    nk_end = years_later(today, 2)
    journey.add_document(
        SECRETARIAT,
        kind="nk",
        title="Nota Kesepakatan Destinasi Wisata",
        status="signed",
        signed_on=today,
        place="Jakarta",
        start=today,
        end=nk_end,
        numbers=["180/NK/2026", "NK.12/KEMENPAR/2026"],
        pdf="nk.pdf",
        shot="nk",
    )
    journey.add_document(
        SECRETARIAT,
        kind="rk",
        parent="Nota Kesepakatan Destinasi Wisata",
        title="Rencana Kerja 2026–2028",
        pdf="rencana-kerja.pdf",
    )
    journey.step(SECRETARIAT, "sign_nk")
    journey.step(OPD_TOURISM, "start")
    new_end = years_later(today, 3)
    _extend_by_addendum(
        journey,
        parent="Nota Kesepakatan Destinasi Wisata",
        start=today,
        old_end=nk_end,
        new_end=new_end,
    )
    _end_by_the_daily_job(journey, new_end)

    _finish(journey, SINERGI_STAGES)
    record = Cooperation.objects.get(kind="sinergi")
    assert list(record.transitions.values_list("by__username", flat=True)) == [
        OPD_TOURISM,  # submit to the TKKSD
        SEKDA,  # the TKKSD recommends
        SECRETARIAT,  # the signed NK with its RK
        OPD_TOURISM,  # start
        None,  # the daily job
    ]


# --- A proposal reaches the secretariat's action list -----------------------------------------


def _action_list(page: Page):
    """The dashboard's "Perlu tindakan saya" (needs my action) section."""
    heading = page.get_by_role("heading", name=re.compile(r"perlu tindakan saya", re.IGNORECASE))
    return page.locator("section", has=heading).first


def test_an_opd_proposal_reaches_the_secretariat_and_then_the_sekda(journey, cast):
    """§5.3: the OPD pemrakarsa proposes and the Bagian Kerja Sama registers and reviews it; the
    TKKSD, chaired by the Sekda, then decides on the offer (§2.1)."""
    title = "Usulan penataan drainase perbatasan Singkawang–Bengkayang"

    def fill(page: Page) -> None:
        page.locator("#id_kind").select_option("ksdd")
        _open_details(page, 0)
        page.locator("#id_ksdd_category").select_option("sukarela")
        page.locator("#id_parties-1-partner").fill("61.07")
        _fill_substance(page, title=title)
        _tick_affairs(page, "1.03")

    journey.register(OPD_PUPR, fill, name="proposal-by-pupr")

    # The secretariat finds it on its dashboard and opens it from there.
    page = journey.desk(SECRETARIAT)
    page.goto(f"{journey.base_url}/")
    mine = _action_list(page)
    expect(mine).to_contain_text(title)
    journey.shot(page, "secretariat-dashboard")
    mine.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.url.split("#")[0].endswith(journey.record_path) or "/langkah/" in page.url

    # Once the OPD has filed its KAK and prepared the case and the secretariat has filed the
    # TKKSD's recommendation and the offer letter, the offer awaits the Sekda's decision.
    journey.add_document(OPD_PUPR, kind="kak", title="KAK Drainase Perbatasan")
    journey.step(OPD_PUPR, "prepare")
    journey.add_document(SECRETARIAT, kind="tkksd_minutes", title="Rekomendasi TKKSD Drainase")
    journey.add_document(SECRETARIAT, kind="offer_letter", title="Surat Penawaran Drainase")
    page = journey.desk(SEKDA)
    page.goto(f"{journey.base_url}/")
    expect(_action_list(page)).to_contain_text(title)
    journey.shot(page, "sekda-dashboard")
    assert journey.console_errors == []


# --- A stale second tab ------------------------------------------------------------------------


def test_a_step_sent_again_from_a_stale_tab_says_where_the_case_stands(journey, cast):
    """Two tabs on the same step (or Back, then submit again): the second submission is told, in
    Indonesian, that the case has moved on, and sees where it stands — not a 404."""
    from tests.factories import CooperationFactory, DocumentFactory

    title = "Penataan pasar perbatasan Singkawang–Bengkayang"
    record = CooperationFactory(title=title, stage="proposal", party_codes=("61.72", "61.07"))
    DocumentFactory(
        cooperation=record,
        kind="kak",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )
    first = journey.desk(SECRETARIAT)
    second = first.context.new_page()
    for tab in (first, second):
        tab.goto(f"{journey.base_url}{record.get_absolute_url()}")
        tab.locator(".step-list a[href$='/langkah/prepare/']").click()
        expect(tab.locator("main form.card button[type=submit]")).to_be_enabled()

    first.locator("main form.card button[type=submit]").click()
    expect(first.locator(".alert-success")).to_be_visible()
    second.locator("main form.card button[type=submit]").click()

    expect(second.get_by_role("heading", level=1)).to_have_text(title)
    expect(second.locator("main")).to_contain_text("Persiapan")
    journey.shot(second, "stale-tab")
    record.refresh_from_db()
    assert record.stage == "preparation"
    assert record.transitions.count() == 1


# --- Each PKS on its own road (issue 7) -------------------------------------------------------


def _pks_step(
    journey: Journey, username: str, title: str, action: str, *, on=None, fill=None, name: str
) -> Page:
    """The person opens the record and clicks the step in that PKS's own box."""
    from kerjasama.agreements.models import Document

    pks = Document.objects.get(kind="pks", title=title)
    page = journey.open_record(username)
    page.locator(f"#pks-{pks.pk} .pks-step-list a[href$='/langkah/{action}/']").click()
    if on is not None:
        page.locator("#id_on").fill(on.isoformat())
    if fill:
        fill(page)
    page.locator("main form.card button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    journey._wrote(username)
    journey.shot(page, name)
    return page


def test_two_pks_under_one_kb_signed_on_different_dates_one_ended(journey, world):
    """DESIGN.md and §5.3, §6.4 (PP 28/2018 Pasal 9(1)): under one Kesepakatan Bersama two PKS
    are signed on different dates and each comes into force; ending one with a reason (the
    parties agree) ends that PKS only — the other stays in force, and so does the case."""
    from kerjasama.agreements.models import Document
    from tests.factories import CooperationFactory, DocumentFactory, DocumentPartyFactory

    today = timezone.localdate()
    first_day, second_day = today - dt.timedelta(days=30), today - dt.timedelta(days=10)
    record = CooperationFactory(
        kind="ksdd",
        ksdd_category="sukarela",
        stage="pks_drafting",
        party_codes=("61.72", "61.07"),
        title="Kerja Sama Layanan Perbatasan Singkawang–Bengkayang",
        burdens_community=False,
        budgeted_in_apbd=True,
    )
    kb = DocumentFactory(
        cooperation=record,
        kind="kb",
        title="Kesepakatan Bersama Layanan Perbatasan",
        status="signed",
        signed_on=today - dt.timedelta(days=60),
        start_date=today - dt.timedelta(days=60),
        end_date=years_later(today, 4),
    )
    for party in record.parties.all():
        DocumentPartyFactory(document=kb, party=party, number=f"{party.order}/KB/2026")
    journey.record_path = record.get_absolute_url()
    heads = [
        ("Tjhai Chui Mie", "Wali Kota Singkawang"),
        ("Sebastianus Darwis", "Bupati Bengkayang"),
    ]

    for title, day, numbers in (
        ("PKS Air Bersih Perbatasan", first_day, ["180/PKS-AB/2026", "119/PKS-AB/2026"]),
        ("PKS Jalan Perbatasan", second_day, ["180/PKS-JL/2026", "119/PKS-JL/2026"]),
    ):
        journey.add_document(
            SECRETARIAT,
            kind="pks",
            parent="Kesepakatan Bersama Layanan Perbatasan",
            title=title,
            status="signed",
            signed_on=day,
            place="Singkawang",
            start=day,
            end=years_later(today, 2),
            numbers=numbers,
            signatories=heads,
        )
        _pks_step(journey, SECRETARIAT, title, "sign_pks", on=day, name=f"signed-{day}")
        _pks_step(journey, SECRETARIAT, title, "start", on=day, name=f"started-{day}")

    page = _pks_step(
        journey,
        SEKDA,
        "PKS Air Bersih Perbatasan",
        "terminate",
        fill=_terminate("mutual_agreement", "Para pihak sepakat: SPAM regional mengambil alih."),
        name="one-pks-ended",
    )

    water = Document.objects.get(title="PKS Air Bersih Perbatasan")
    roads = Document.objects.get(title="PKS Jalan Perbatasan")
    expect(page.locator(f"#pks-{water.pk} .badge-stage")).to_have_text("Berakhir")
    expect(page.locator(f"#pks-{water.pk}")).to_contain_text("Para pihak sepakat mengakhiri")
    expect(page.locator(f"#pks-{roads.pk} .badge-stage")).to_have_text("Berlaku")
    assert journey.stage_shown(page) == "Berlaku"
    record.refresh_from_db()
    assert record.stage == "in_force"
    assert (water.stage, water.termination_reason) == ("ended", "mutual_agreement")
    assert roads.stage == "in_force"
    signed = record.transitions.filter(action="sign_pks").order_by("on")
    assert [(t.document.title, t.on) for t in signed] == [
        ("PKS Air Bersih Perbatasan", first_day),
        ("PKS Jalan Perbatasan", second_day),
    ]
    assert journey.console_errors == []
