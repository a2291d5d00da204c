"""The TKKSD meeting of the demo's story (issue 9 item 7): on Thursday 14 January 2021 Sekda
Sumastro chaired, at the Kantor Wali Kota Singkawang, the meeting on the Kesepakatan Bersama
with the Pemerintah Provinsi Kalimantan Barat. It reviewed 2020's cooperation, asked that 2021's
improve, named what to watch (clean water, flood handling, tourist numbers), and decided that
the DPRD's approval was not needed so that the PKS could be drafted: that step of the KB is
taken by the meeting's decision when the minutes are made final, with the meeting as its
source. PUPR (clean water, floods) and the tourism office (visitor numbers) got action items,
which they closed in 2021. The undangan, daftar hadir, notulen and petikan are generated.

Called by the loader when the KB's walk reaches the step (`demo_data.Act.meeting`). A second
run finds the meeting final and adds nothing. Also plans the region's next meeting, a week or
so from the demo's day, so that the Sekda's dashboard shows it."""

from __future__ import annotations

import datetime as dt

from kerjasama.accounts.models import Opd, Tenant, User
from kerjasama.agreements.models import Cooperation
from kerjasama.demo.meeting_notulen import meeting_minutes_load
from kerjasama.demo.meeting_rapat import load_meeting_rapat
from kerjasama.demo.meeting_surat import load_meeting_letters
from kerjasama.meetings import actions, letter_services, services
from kerjasama.meetings.enums import ActionStatus, LetterKind, MeetingKind, MeetingState
from kerjasama.meetings.models import ActionItem, Meeting
from kerjasama.meetings.selectors import agenda_proposals

# What the owners reported when they closed the action items (invented, plausible).
CLOSED = {
    "Rencana aksi penyediaan air bersih tahun 2021": (
        "Rencana aksi disusun bersama Dinas PUPR Provinsi: pipa transmisi dari SPAM Gunung Poteng "
        "oleh Provinsi, jaringan distribusi dan sambungan rumah oleh Kota; dituangkan dalam PKS "
        "Penyediaan Air Bersih."
    ),
    "Rencana aksi penanganan banjir tahun 2021": (
        "Rencana aksi disusun: normalisasi saluran dan pemetaan titik genangan; kejadian banjir "
        "tahun 2020 dicatat sebagai pembanding."
    ),
    "Data dan proyeksi jumlah kunjungan wisatawan tahun 2021": (
        "Data kunjungan wisatawan tahun 2020 dari Disparpora dan proyeksi tahun 2021 "
        "disampaikan kepada Sekretariat TKKSD."
    ),
}
NEXT_TITLE = "Rapat TKKSD Kota Singkawang: evaluasi kerja sama daerah tahun {year}"


def load_meeting_of_14_january(
    *,
    tenant: Tenant,
    secretariat: User,
    chair: User,
    cooperation: Cooperation,
    action: str,
    reason: str,
    officers: list[User],
    pupr: Opd,
    tourism: Opd,
) -> Meeting:
    """Plan, hold and record the meeting; its final minutes take `action` on `cooperation` (the
    KB). Returns the meeting."""
    meeting = load_meeting_rapat(
        tenant=tenant, secretariat=secretariat, cooperation=cooperation, officers=officers
    )
    if meeting.state != MeetingState.FINAL:
        for kind in (LetterKind.INVITATION, LetterKind.ATTENDANCE_LIST):  # before the minutes
            if not meeting.letters.filter(kind=kind).exists():
                letter_services.letter_generate(actor=secretariat, meeting=meeting, kind=kind)
        review, about_kb, watch = list(meeting.items.order_by("order", "id"))
        meeting = meeting_minutes_load(
            meeting=meeting,
            item=about_kb,
            review_item=review,
            watch_item=watch,
            secretariat=secretariat,
            chair=chair,
            case=cooperation,
            pupr=pupr,
            tourism=tourism,
            step_action=action,
            step_reason=reason,
        )
    load_meeting_letters(meeting=meeting, secretariat=secretariat)  # notulen, petikan
    return meeting


def close_action_items(*, meeting: Meeting, owners: list[User]) -> int:
    """The owners close the meeting's action items with what they did; returns how many."""
    closed = 0
    for action in ActionItem.objects.filter(meeting=meeting, status=ActionStatus.OPEN):
        owner = next((u for u in owners if u.opd_id == action.owner_opd_id), None)
        note = CLOSED.get(action.title)
        if owner is None or note is None:
            continue
        actions.action_item_close(actor=owner, action=action, note=note)
        closed += 1
    return closed


def plan_next_meeting(*, tenant: Tenant, secretariat: User, today: dt.date) -> Meeting:
    """The region's next meeting: the year's evaluation, on the Thursday a week or more after
    `today`, at 09.00 in the region's zone; its agenda from what the system proposes (the first
    few) — planned, not held."""
    title = NEXT_TITLE.format(year=today.year)
    existing = Meeting.objects.filter(tenant=tenant, title=title).first()
    if existing is not None:
        return existing
    day = today + dt.timedelta(days=7 + (3 - today.weekday()) % 7)  # a Thursday
    meeting = services.meeting_create(
        actor=secretariat,
        tenant=tenant,
        data={
            "kind": MeetingKind.EVALUATION,
            "title": title,
            "date": day,
            "start_time": dt.time(9, 0),
            "end_time": dt.time(12, 0),
            "place": "Ruang Rapat Sekretariat Daerah Kota Singkawang",
        },
    )
    services.agenda_item_add(
        actor=secretariat,
        meeting=meeting,
        data={"title": f"Evaluasi pelaksanaan kerja sama daerah tahun {today.year}"},
    )
    for proposal in agenda_proposals(meeting)[:3]:
        services.agenda_proposal_take(actor=secretariat, meeting=meeting, key=proposal.key)
    return meeting
