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
CLOSING = "Rapat ditutup oleh Ketua TKKSD."


def meeting_minutes_load(
    *,
    meeting: Meeting,
    item: AgendaItem,
    secretariat: User,
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
    minutes.item_minutes_update(actor=secretariat, item=item, minutes=REVIEW)
    minutes.outcome_add(
        actor=secretariat,
        item=item,
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
            actor=secretariat, outcome=decision, cooperation=case, action=step_action
        )
    tasks = minutes.outcome_add(
        actor=secretariat,
        item=item,
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
