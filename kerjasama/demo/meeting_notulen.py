"""The minutes of the demo's TKKSD meeting of Thursday 14 January 2021 (issue 9 item 7, the
`notulen` part), for the lead to call after the meeting (planned and held by the `rapat` part's
demo) exists: the story's points as minutes — the review of 2020's cooperation with the
Pemerintah Provinsi Kalimantan Barat, the request that 2021's improve in quality, attention to
clean water, flood handling and rising tourist numbers — turned into a decision that moves the
Kesepakatan Bersama along its lifecycle and action items for PUPR (clean water, floods) and the
tourism office (visitor numbers). Everything goes through the services, as the secretariat and
then the chair (Sekda Sumastro); the minutes are made final.
"""

from __future__ import annotations

import datetime as dt

from kerjasama.accounts.models import Opd, User
from kerjasama.agreements.models import Cooperation
from kerjasama.meetings import actions, minutes
from kerjasama.meetings.enums import MeetingState, OutcomeKind
from kerjasama.meetings.models import AgendaItem, Meeting

OPENING = (
    "Rapat dibuka oleh Sekretaris Daerah Kota Singkawang selaku Ketua TKKSD. Rapat membahas "
    "evaluasi pelaksanaan kerja sama dengan Pemerintah Provinsi Kalimantan Barat tahun 2020 dan "
    "rencana kerja sama tahun 2021."
)
REVIEW = (
    "TKKSD mengevaluasi pelaksanaan Kesepakatan Bersama dengan Pemerintah Provinsi Kalimantan "
    "Barat selama tahun 2020. Ketua meminta agar kerja sama tahun 2021 ditingkatkan kualitasnya, "
    "dengan perhatian khusus pada penyediaan air bersih, penanganan banjir dan jumlah kunjungan "
    "wisatawan yang terus meningkat."
)
KB_MINUTES = (
    "Kesepakatan Bersama ditandatangani pada 26 November 2020. Pendanaan kegiatan tahun 2021 "
    "telah dianggarkan dalam APBD Kota Singkawang Tahun Anggaran 2021 pada DPA perangkat daerah "
    "teknis, dan kerja sama tidak membebani masyarakat dan daerah. TKKSD berpendapat persetujuan "
    "DPRD tidak diperlukan dan meminta perangkat daerah teknis menyusun Perjanjian Kerja Sama."
)
WATCH = (
    "Ketua meminta Pemerintah Kota mencermati ketersediaan air bersih, penanganan banjir dan "
    "jumlah kunjungan wisatawan yang terus meningkat, dengan data tahun 2020 sebagai "
    "pembanding."
)
CLOSING = "Rapat ditutup oleh Ketua TKKSD."


def meeting_minutes_load(
    *,
    meeting: Meeting,
    item: AgendaItem,
    secretariat: User,
    review_item: AgendaItem | None = None,
    watch_item: AgendaItem | None = None,
    step_reason: str = "",
    chair: User,
    case: Cooperation,
    pupr: Opd,
    tourism: Opd,
    step_action: str | None = None,
) -> Meeting:
    """Record and finalise the minutes of the held `meeting` on its `item` about `case` (the
    Kalbar–Singkawang KB). `step_action` is the lifecycle step the decision applies to the KB
    (one of `minutes.steps_choosable(case)`); without it the decision is recorded without a
    step. Idempotent: a meeting already final is left as it is."""
    if meeting.state == MeetingState.FINAL:
        return meeting
    minutes.minutes_notes_update(
        actor=secretariat, meeting=meeting, opening=OPENING, closing=CLOSING
    )
    review_item = review_item or item
    watch_item = watch_item or item
    minutes.item_minutes_update(actor=secretariat, item=review_item, minutes=REVIEW)
    if item != review_item:
        minutes.item_minutes_update(actor=secretariat, item=item, minutes=KB_MINUTES)
    if watch_item != item:
        minutes.item_minutes_update(actor=secretariat, item=watch_item, minutes=WATCH)
    minutes.outcome_add(
        actor=secretariat,
        item=review_item,
        kind=OutcomeKind.INFORMATION,
        text="Pelaksanaan kerja sama tahun 2020 telah dievaluasi.",
    )
    decision = minutes.outcome_add(
        actor=secretariat,
        item=item,
        kind=OutcomeKind.DECISION,
        text=(
            "Kerja sama dengan Pemerintah Provinsi Kalimantan Barat dilanjutkan pada tahun 2021 "
            "dengan peningkatan kualitas."
        ),
    )
    if step_action:
        minutes.decision_step_add(
            actor=secretariat,
            outcome=decision,
            cooperation=case,
            action=step_action,
            facts={"reason": step_reason} if step_reason else None,
        )
    tasks = minutes.outcome_add(
        actor=secretariat,
        item=watch_item,
        kind=OutcomeKind.ACTION,
        text="OPD terkait menyiapkan tindak lanjut sesuai arahan Ketua.",
    )
    day = minutes.meeting_day(meeting)
    for title, owner, days in (
        ("Rencana aksi penyediaan air bersih tahun 2021", pupr, 60),
        ("Rencana aksi penanganan banjir tahun 2021", pupr, 60),
        ("Data dan proyeksi jumlah kunjungan wisatawan tahun 2021", tourism, 45),
    ):
        actions.action_item_add(
            actor=secretariat,
            outcome=tasks,
            title=title,
            due_on=day + dt.timedelta(days=days),
            owner_opd=owner,
            cooperation=case,
        )
    minutes.meeting_finalise(actor=chair, meeting=meeting)
    meeting.refresh_from_db()
    return meeting
