"""The TKKSD meeting of Thursday 14 January 2021 as planned and held (issue 9 items 2, 3), for
the lead to call from `load_demo` after the merge: the Sekda, Sumastro, chairs it at the Kantor
Wali Kota Singkawang; the team of that date is invited (after the amendment of 5 January 2021),
with the OPD officers of PUPR and of the tourism office; the agenda reviews 2020's cooperation,
the Kesepakatan Bersama with the Province of Kalimantan Barat, and what to watch in 2021 (clean
water, flood handling, rising tourist numbers). The meeting is held (number 001/TKKSD/2021) and
the whole team attends. The minutes, outcomes and letters are the other parts' to add.

Written through the services as the region's secretariat; a second run finds the meeting by
its title and adds nothing."""

from __future__ import annotations

import datetime as dt

from kerjasama.accounts.models import Tenant, User
from kerjasama.agreements.models import Cooperation
from kerjasama.meetings import services
from kerjasama.meetings.enums import InviteeKind, MeetingKind, Presence
from kerjasama.meetings.models import Meeting

TITLE = "Rapat TKKSD Kota Singkawang: evaluasi kerja sama daerah tahun 2020"
DAY = dt.date(2021, 1, 14)  # a Thursday
PLACE = "Kantor Wali Kota Singkawang"
ITEMS = [
    ("Evaluasi pelaksanaan kerja sama daerah tahun 2020", False),
    (
        "Kesepakatan Bersama dengan Pemerintah Provinsi Kalimantan Barat: peningkatan kualitas "
        "kerja sama tahun 2021",
        True,
    ),
    ("Perhatian tahun 2021: air bersih, penanganan banjir dan kenaikan kunjungan wisatawan", False),
]


def load_meeting_rapat(
    *, tenant: Tenant, secretariat: User, cooperation: Cooperation | None, officers: list[User]
) -> Meeting:
    """Plan, build and hold the meeting of 14 January 2021; returns it (the existing one on a
    second run). `cooperation` is the Kalbar–Singkawang KB (its item is about it); `officers`
    are invited OPD officers (e.g. PUPR's and the tourism office's)."""
    existing = Meeting.objects.filter(tenant=tenant, title=TITLE).first()
    if existing is not None:
        return existing
    meeting = services.meeting_create(
        actor=secretariat,
        tenant=tenant,
        data={
            "kind": MeetingKind.PLENARY,
            "title": TITLE,
            "date": DAY,
            "start_time": dt.time(9, 0),
            "end_time": dt.time(12, 0),
            "place": PLACE,
        },
    )
    for officer in officers:
        services.invitee_add(
            actor=secretariat,
            meeting=meeting,
            data={"kind": InviteeKind.OPD_OFFICER, "user": officer},
        )
    for title, about_the_kb in ITEMS:
        services.agenda_item_add(
            actor=secretariat,
            meeting=meeting,
            data={"title": title, "cooperation": cooperation if about_the_kb else None},
        )
    meeting = services.meeting_hold(actor=secretariat, meeting=meeting)
    services.attendance_record(
        actor=secretariat,
        meeting=meeting,
        rows={
            pk: {"presence": Presence.PRESENT}
            for pk in meeting.invitees.values_list("pk", flat=True)
        },
    )
    return meeting
