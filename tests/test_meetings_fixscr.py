"""The meeting screens and letters after a fresh-eyes QA walk of /rapat/ (issue 9, run 11
"fixscr"): a closed item on the projected screen, the chair's signature block, a quorum that is
not reached, opening a meeting before its day, the links to the letter settings, who generated
a letter, and three small ones (the end-time message, the meeting number, the partners offered).

Expected texts are written by hand."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kerjasama.meetings import letter_services, minutes
from kerjasama.meetings.models import AgendaItem, Invitee, ItemAbsence, MeetingLetter
from kerjasama.partners.models import Partner
from tests.notulen_support import held_meeting, planned_meeting
from tests.test_letters import docx_paragraphs, pdf_pages

pytestmark = pytest.mark.django_db

EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
ID_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip

INTERNAL = "Penawaran KSDPK pengelolaan parkir (rahasia dagang)"
PUBLIC = "Penawaran kerja sama dari badan usaha"


def _login(user, language: str = "id") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _with_closed_item(world):
    """A held meeting whose third item is closed, a partner's representative invited and
    present."""
    held = held_meeting(world)
    AgendaItem.objects.create(
        meeting=held.meeting,
        order=3,
        title=INTERNAL,
        public_title=PUBLIC,
        closed=True,
        minutes="Harga sewa lahan parkir yang ditawarkan.",
    )
    Invitee.objects.create(
        meeting=held.meeting,
        kind="mitra",
        name="Hendra Wijaya",
        institution="PT Parkir Sejahtera",
        presence="hadir",
        order=3,
    )
    return held


# --- 1. a closed item on the projected screen ------------------------------------------------


def test_the_projected_agenda_and_slide_show_a_closed_items_public_title_only(world):
    held = _with_closed_item(world)
    client = _login(world.sec_singkawang)  # may read the closed item on its own page
    url = reverse("rapat:projected", args=[held.meeting.pk])

    agenda = client.get(url).content.decode()
    slide = client.get(url, {"butir": 3}).content.decode()
    page = client.get(reverse("rapat:detail", args=[held.meeting.pk])).content.decode()

    for projected in (agenda, slide):
        assert PUBLIC in projected
        assert INTERNAL not in projected
        assert "rahasia" not in projected
    assert "Harga sewa lahan parkir" not in slide
    # The secretariat's own meeting page still shows the item's own title.
    assert INTERNAL in page


def test_an_open_item_keeps_its_title_on_the_projected_slide(world):
    held = _with_closed_item(world)
    client = _login(world.sec_singkawang)

    slide = client.get(reverse("rapat:projected", args=[held.meeting.pk]), {"butir": 1})

    assert "Usulan kerja sama air bersih" in slide.content.decode()
    assert held.case.title in slide.content.decode()


# --- 2. the chair's signature block ------------------------------------------------------------


def _chair_with_rank(held):
    held.chair.rank = "Pembina Utama Muda (IV/c)"
    held.chair.nip = "196703151992031009"
    held.chair.save()


@pytest.mark.parametrize("kind", ["undangan", "daftar_hadir", "notulen"])
def test_every_letter_signs_with_the_chairs_rank_and_nip_from_the_team(world, kind):
    held = held_meeting(world)
    _chair_with_rank(held)
    world.singkawang.signer_name = "SUMASTRO"  # the letter settings: no rank, no NIP
    world.singkawang.signer_rank = ""
    world.singkawang.signer_nip = ""
    world.singkawang.save()

    letter = letter_services.letter_generate(
        actor=world.sec_singkawang, meeting=held.meeting, kind=kind
    )
    pdf = " ".join(pdf_pages(letter.pdf.open("rb").read()))
    docx = "\n".join(docx_paragraphs(letter.docx.open("rb").read()))

    for text in (pdf, docx):
        block = text[text.rindex("Sumastro") :]
        assert "Pembina Utama Muda (IV/c)" in block
        assert "NIP 19670315 199203 1 009" in block
        assert "SUMASTRO" not in text


def test_without_a_team_the_letter_settings_signer_signs(world):
    meeting = planned_meeting(world)  # no decree: no composition on the day
    world.singkawang.signer_position = "Sekretaris Daerah"
    world.singkawang.signer_name = "SUMASTRO"
    world.singkawang.signer_rank = "Pembina Utama Muda (IV/c)"
    world.singkawang.signer_nip = "196703151992031009"
    world.singkawang.save()

    letter = letter_services.letter_generate(
        actor=world.sec_singkawang, meeting=meeting, kind="undangan"
    )
    pdf = " ".join(pdf_pages(letter.pdf.open("rb").read()))

    block = pdf[pdf.rindex("SUMASTRO") :]
    assert "Pembina Utama Muda (IV/c)" in block
    assert "196703151992031009" in block


# --- 3. a quorum not reached -------------------------------------------------------------------


def _item_quorum_lost(world):
    """The Sekda (the one seat of the team, so quorum 1 of 1) present at the opening but out of
    the room for the first item: the meeting's quorum is reached, the item's is not."""
    held = held_meeting(world)
    chair_invitee = held.meeting.invitees.get(seat=held.chair.seat)
    ItemAbsence.objects.create(item=held.item, invitee=chair_invitee)
    return held


def test_the_print_view_says_an_items_quorum_is_not_reached(world):
    held = _item_quorum_lost(world)

    page = _login(world.sec_singkawang, "en").get(reverse("rapat:print", args=[held.meeting.pk]))
    text = page.content.decode()
    first_item = text.split("Usulan kerja sama air bersih", 1)[1].split("</li>", 1)[0]

    assert "0 of 1 seats attending, quorum 1" in first_item
    assert "not reached" in first_item


def test_the_meeting_page_and_projected_slide_say_an_items_quorum_is_not_reached(world):
    held = _item_quorum_lost(world)
    client = _login(world.sec_singkawang, "en")

    page = client.get(reverse("rapat:detail", args=[held.meeting.pk])).content.decode()
    slide = client.get(reverse("rapat:projected", args=[held.meeting.pk]), {"butir": 1})

    item = page.split(f'id="butir-{held.item.pk}"', 1)[1].split("</li>", 1)[0]
    assert "not reached" in item
    assert "not reached" in slide.content.decode()


def test_the_notulen_states_an_items_quorum_not_reached(world):
    held = _item_quorum_lost(world)

    letter = letter_services.letter_generate(
        actor=world.sec_singkawang, meeting=held.meeting, kind="notulen"
    )
    pdf = " ".join(pdf_pages(letter.pdf.open("rb").read()))
    docx = "\n".join(docx_paragraphs(letter.docx.open("rb").read()))

    for text in (pdf, docx):
        assert "kuorum 1 kursi tercapai" in text  # the meeting's, at the opening
        assert (
            "Kuorum pada pembahasan butir ini tidak tercapai: 0 dari 1 kursi hadir, kuorum 1 kursi."
        ) in text
    # Only the item the Sekda left: the second item's quorum was reached.
    assert docx.count("tidak tercapai") == 1


# --- 4. opening a meeting on its day -------------------------------------------------------------


def test_a_meeting_next_week_offers_no_open_button_but_says_when(world):
    meeting = planned_meeting(world, days_ahead=7)
    day = minutes.meeting_day(meeting)

    page = _login(world.sec_singkawang).get(reverse("rapat:detail", args=[meeting.pk]))
    text = page.content.decode()

    assert reverse("rapat:hold", args=[meeting.pk]) not in text
    assert (
        f"Rapat dapat dibuka pada harinya ({day.day} {ID_MONTHS[day.month - 1]} {day.year})" in text
    )


def test_a_meeting_of_today_offers_the_open_button(world):
    meeting = planned_meeting(world, days_ahead=0)

    page = _login(world.sec_singkawang).get(reverse("rapat:detail", args=[meeting.pk]))

    assert reverse("rapat:hold", args=[meeting.pk]) in page.content.decode()
    assert "dapat dibuka pada harinya" not in page.content.decode()


# --- 5. the letter settings, linked and explained ---------------------------------------------------


def test_the_letters_panel_links_the_letter_settings_for_the_secretariat_only(world):
    held = held_meeting(world)
    url = reverse("rapat:detail", args=[held.meeting.pk])
    settings_url = reverse("accounts:letter_settings")

    secretariat = _login(world.sec_singkawang).get(url).content.decode()
    officer = _login(world.pupr_officer).get(url).content.decode()

    letters = secretariat.split('id="letters"', 1)[1]
    assert f'href="{settings_url}"' in letters
    assert f'href="{reverse("rapat:letter_templates")}"' in letters
    assert f'href="{settings_url}"' not in officer


def test_the_two_template_pages_explain_themselves_and_link_each_other(world):
    client = _login(world.sec_singkawang)

    settings_page = client.get(reverse("accounts:letter_settings")).content.decode()
    templates_page = client.get(reverse("rapat:letter_templates")).content.decode()

    assert "ARCHITECTURE" not in settings_page
    assert f'href="{reverse("rapat:letter_templates")}"' in settings_page
    assert f'href="{reverse("accounts:letter_settings")}"' in templates_page
    assert "Ketua TKKSD pada tanggal rapat" in settings_page  # who signs the meeting letters


# --- 6. who generated a letter -------------------------------------------------------------------------


def test_the_letters_table_names_the_person_not_the_username(world):
    held = held_meeting(world)
    world.sec_singkawang.first_name, world.sec_singkawang.last_name = "Rina", "Wulandari"
    world.sec_singkawang.save()
    MeetingLetter.objects.create(
        meeting=held.meeting,
        kind="undangan",
        version=1,
        number="005/1/2026",
        docx="tkksd/surat/missing.docx",
        pdf="tkksd/surat/missing.pdf",
        created_by=world.sec_singkawang,
    )

    page = _login(world.sec_singkawang).get(reverse("rapat:detail", args=[held.meeting.pk]))
    letters = page.content.decode().split('id="letters"', 1)[1]

    assert "oleh Rina Wulandari" in letters
    assert "sec.singkawang" not in letters


# --- 7. small ones ------------------------------------------------------------------------------------------


def test_an_end_before_the_start_is_told_as_an_instruction(world):
    meeting = planned_meeting(world)
    day = minutes.meeting_day(meeting)

    page = _login(world.sec_singkawang).post(
        reverse("rapat:edit", args=[meeting.pk]),
        {
            "kind": "pleno",
            "title": meeting.title,
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "09:00",
            "place": "Ruang Rapat Sekda",
            "version": meeting.version,
        },
    )

    assert "Waktu selesai harus setelah waktu mulai." in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.ends_at is None  # nothing saved


def test_the_meeting_number_never_breaks_inside(world):
    held = held_meeting(world)
    client = _login(world.sec_singkawang)

    for name in ("rapat:detail", "rapat:projected", "rapat:print"):
        text = client.get(reverse(name, args=[held.meeting.pk])).content.decode()
        assert '<span class="nowrap">005/TKKSD/2026</span>' in text or (
            'class="nowrap">005/TKKSD/2026<' in text
        ), name


def test_the_partners_offered_exclude_the_meetings_own_region(world):
    held = held_meeting(world)
    own = Partner.objects.get(region=world.singkawang.region)
    province = Partner.objects.get(region=world.kalbar.region)
    AgendaItem.objects.filter(pk=held.item.pk).update(cooperation=world.kb)

    page = _login(world.sec_singkawang).get(reverse("rapat:invitee_add", args=[held.meeting.pk]))
    select = page.content.decode().split('name="partner"', 1)[1].split("</select>", 1)[0]

    assert f'value="{province.pk}"' in select  # a partner of the region's cases is offered
    assert f'value="{own.pk}"' not in select
