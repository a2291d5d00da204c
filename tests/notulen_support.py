"""Meetings in the state the minutes' tests need (issue 9), written with the ORM past the
`rapat` part's services (planning, holding and attendance are tested there)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.enums import CooperationKind, DocumentKind, DocumentStatus, Stage
from kerjasama.agreements.models import Cooperation
from kerjasama.meetings.enums import InviteeKind, MeetingKind, MeetingState, Presence
from kerjasama.meetings.models import AgendaItem, Holding, Invitee, Meeting
from tests.factories import CooperationFactory, DocumentFactory, tkksd_formation


@dataclass
class Held:
    meeting: Meeting
    item: AgendaItem  # about `case`
    other_item: AgendaItem  # about nothing in the registry
    case: Cooperation  # Kalbar–Singkawang KSDD at "persiapan", its offer letter on file
    chair: Holding  # the ketua's holding, its user the Sekda


def case_in_preparation(title: str = "Penyediaan air bersih Singkawang") -> Cooperation:
    """A KSDD of Kalbar and Singkawang at "persiapan" (§5.2 state 1) with its offer letter on
    file, so that the offer (§5.3 PERSIAPAN → PENAWARAN) lacks only the TKKSD's
    recommendation."""
    case = CooperationFactory(
        title=title,
        kind=CooperationKind.KSDD,
        stage=Stage.PREPARATION,
        party_codes=("61", "61.72"),
    )
    DocumentFactory(
        cooperation=case,
        kind=DocumentKind.OFFER_LETTER,
        title="Surat penawaran",
        status=DocumentStatus.SIGNED,
        signed_on=timezone.localdate() - dt.timedelta(days=20),
        start_date=None,
        end_date=None,
    )
    access_refresh(case)
    return case


def held_meeting(world, *, number: str = "005/TKKSD/2026", days_ago: int = 1) -> Held:
    """Singkawang's plenary meeting held `days_ago` days ago, chaired by the Sekda (the user of
    the ketua's holding), with the Sekda present and PUPR's officer invited, and two items."""
    _decree, _seat, chair = tkksd_formation(world.singkawang)
    chair.user = world.sekda
    chair.save()
    starts = timezone.now() - dt.timedelta(days=days_ago)
    meeting = Meeting.objects.create(
        tenant=world.singkawang,
        kind=MeetingKind.PLENARY,
        title="Rapat pleno TKKSD Kota Singkawang",
        state=MeetingState.HELD,
        starts_at=starts,
        place="Kantor Wali Kota Singkawang",
        chair=chair,
        number=number,
        held_at=starts,
        created_by=world.sec_singkawang,
    )
    Invitee.objects.create(
        meeting=meeting,
        kind=InviteeKind.SEAT,
        seat=chair.seat,
        holding=chair,
        user=world.sekda,
        name="Sumastro",
        position="Sekretaris Daerah",
        presence=Presence.PRESENT,
        order=1,
    )
    Invitee.objects.create(
        meeting=meeting,
        kind=InviteeKind.OPD_OFFICER,
        user=world.pupr_officer,
        opd=world.pupr,
        name="Petugas PUPR",
        presence=Presence.PRESENT,
        order=2,
    )
    case = case_in_preparation()
    item = AgendaItem.objects.create(
        meeting=meeting, order=1, title="Usulan kerja sama air bersih", cooperation=case
    )
    other = AgendaItem.objects.create(
        meeting=meeting, order=2, title="Evaluasi kerja sama tahun 2025"
    )
    return Held(meeting=meeting, item=item, other_item=other, case=case, chair=chair)


def planned_meeting(world, *, days_ahead: int = 14) -> Meeting:
    return Meeting.objects.create(
        tenant=world.singkawang,
        kind=MeetingKind.PLENARY,
        title="Rapat pleno TKKSD berikutnya",
        starts_at=timezone.now() + dt.timedelta(days=days_ahead),
        place="Ruang Rapat Sekda",
        created_by=world.sec_singkawang,
    )
