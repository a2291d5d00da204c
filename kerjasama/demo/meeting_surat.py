"""The demo meeting's letters (issue 9, item 5), for the lead's demo of the meeting of Thursday
14 January 2021: once the meeting, its invitees, attendance, items and outcomes are loaded,
`load_meeting_letters` generates its undangan, daftar hadir and notulen (and a petikan per
decided case once the minutes are final) through the service, as the region's secretariat. A
second run finds the letters and adds nothing."""

from __future__ import annotations

from kerjasama.accounts.models import User
from kerjasama.meetings import letter_services, letters
from kerjasama.meetings.enums import LetterKind, MeetingState
from kerjasama.meetings.models import Meeting, MeetingLetter


def load_meeting_letters(*, meeting: Meeting, secretariat: User) -> int:
    """Generate the meeting's letters that are not stored yet; returns how many were made."""
    made = 0
    kinds = [LetterKind.INVITATION, LetterKind.ATTENDANCE_LIST]
    if meeting.state in (MeetingState.HELD, MeetingState.FINAL):
        kinds.append(LetterKind.MINUTES)
    for kind in kinds:
        if not MeetingLetter.objects.filter(meeting=meeting, kind=kind).exists():
            letter_services.letter_generate(actor=secretariat, meeting=meeting, kind=kind)
            made += 1
    if meeting.state == MeetingState.FINAL:
        for case in letters.decided_cases(meeting):
            if not MeetingLetter.objects.filter(
                meeting=meeting, kind=LetterKind.EXTRACT, cooperation=case
            ).exists():
                letter_services.letter_generate(
                    actor=secretariat, meeting=meeting, kind=LetterKind.EXTRACT, cooperation=case
                )
                made += 1
    return made
