"""Who reads and who keeps a region's TKKSD (issue 9, item 1) and who plans, reads and chairs its
meetings (items 2, 3, 6). The services check these; the reading of one meeting, which needs
its invitees and items, is `can_read_meeting`."""

from __future__ import annotations

from django.db.models import Q

from kerjasama.accounts.models import Role, Tenant, User
from kerjasama.agreements.models import CaseOpd
from kerjasama.meetings.enums import InviteeKind
from kerjasama.meetings.models import Invitee, Meeting

READERS = (Role.SECRETARIAT, Role.LEADERSHIP, Role.TKKSD_MEMBER, Role.OPD_OFFICER)


def _own_region(user: User | None, tenant: Tenant) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.tenant_id is not None
        and user.tenant_id == tenant.pk
    )


def can_read_team(user: User | None, tenant: Tenant) -> bool:
    """The region's own people read its team: the secretariat, leadership (the Sekda chairs
    it, §2), TKKSD members and OPD officers (the members come from the OPDs, §2.1). Other
    regions read nothing of it."""
    return _own_region(user, tenant) and user is not None and user.has_role(*READERS)


def can_keep_team(user: User | None, tenant: Tenant) -> bool:
    """The decrees, seats and holders are recorded by the region's secretariat (the Setda
    unit that serves the team, §2.1)."""
    return _own_region(user, tenant) and user is not None and user.has_role(Role.SECRETARIAT)


# --- Meetings (issue 9 items 2, 3, 6) ---------------------------------------------------------

# Who reads every meeting of the region: the secretariat that plans them, leadership (the
# Sekda chairs the team, §2) and the TKKSD's members.
MEETING_READERS_ALL = (Role.SECRETARIAT, Role.LEADERSHIP, Role.TKKSD_MEMBER)


def can_plan_meetings(user: User | None, tenant: Tenant) -> bool:
    """The region's secretariat plans its TKKSD's meetings, builds their agendas, holds them
    and records the attendance (§2.1: the Setda unit that serves the team)."""
    return _own_region(user, tenant) and user is not None and user.has_role(Role.SECRETARIAT)


def reads_all_meetings(user: User | None, tenant: Tenant) -> bool:
    """Secretariat, leadership and TKKSD members read every meeting of their region, closed
    items included."""
    return _own_region(user, tenant) and user is not None and user.has_role(*MEETING_READERS_ALL)


def can_read_meetings(user: User | None, tenant: Tenant) -> bool:
    """Whether the meetings' list is offered at all: to the region's readers of its team (an
    OPD officer then sees only the meetings `can_read_meeting` lets it read)."""
    return can_read_team(user, tenant)


def can_chair(user: User | None, meeting: Meeting) -> bool:
    """The chair of a meeting: the user of the chair's holding, or the region's leadership
    (the Sekda, who chairs the team). Makes the minutes final and reopens them."""
    if user is None or not _own_region(user, meeting.tenant):
        return False
    if user.has_role(Role.LEADERSHIP):
        return True
    chair = meeting.chair
    return chair is not None and chair.user_id is not None and chair.user_id == user.pk


def is_invited(user: User | None, meeting: Meeting) -> bool:
    """Invited: an invitee row of the user, of a seat holding whose user it is, or of the
    user's OPD as such (an OPD officer's invitation naming the OPD and no person)."""
    if user is None or not user.is_authenticated:
        return False
    by_opd = (
        Q(kind=InviteeKind.OPD_OFFICER, user__isnull=True, opd_id=user.opd_id)
        if user.opd_id is not None
        else Q(pk__in=[])
    )
    return Invitee.objects.filter(
        Q(user=user) | Q(holding__user=user) | by_opd, meeting_id=meeting.pk
    ).exists()


def can_read_meeting(user: User | None, meeting: Meeting) -> bool:
    """Secretariat, leadership and TKKSD members read every meeting of their region; an OPD
    officer reads one it is invited to or with an item about a case its OPD is involved in
    (`CaseOpd`: initiating or executing); other regions read nothing of it."""
    if reads_all_meetings(user, meeting.tenant):
        return True
    if user is None or not _own_region(user, meeting.tenant) or not user.has_role(*READERS):
        return False
    if is_invited(user, meeting):
        return True
    if user.opd_id is None:
        return False
    involved = CaseOpd.objects.filter(opd_id=user.opd_id).values("cooperation_id")
    return meeting.items.filter(cooperation_id__in=involved).exists()


def can_read_closed_items(user: User | None, meeting: Meeting) -> bool:
    """A closed item (tertutup) shows its content to the secretariat, leadership and members
    of the region and to those invited; everyone else reads its public title only."""
    return reads_all_meetings(user, meeting.tenant) or is_invited(user, meeting)
