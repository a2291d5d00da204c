"""Two generations of one meeting letter at once (issue 9, item 5): the second waits for the
first's row lock on the meeting, then keeps the first's number and becomes the next version; no
second number is taken. On PostgreSQL only (see tests/test_letters_concurrency.py)."""

from __future__ import annotations

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections, transaction

from kerjasama.accounts.models import LetterCounter
from kerjasama.accounts.services import letter_number_take
from kerjasama.meetings import letter_services
from kerjasama.meetings.models import Meeting, MeetingLetter
from tests.test_meetings_surat import MEETING_DAY, surat_meeting

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are tested on PostgreSQL (CI runs the suite there too)",
    ),
]


def test_a_second_generation_waits_and_keeps_the_first_ones_number(world):
    meeting = surat_meeting(world)
    results: dict = {}

    def run():
        try:
            results["letter"] = letter_services.letter_generate(
                actor=world.sec_singkawang,
                meeting=Meeting.objects.get(pk=meeting.pk),
                kind="daftar_hadir",
            )
        finally:
            connections.close_all()

    second = threading.Thread(target=run)
    with transaction.atomic():
        # The first generation, in the middle of its transaction: the meeting locked, its
        # number taken, its row written.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        number = letter_number_take(
            actor=None, tenant=world.singkawang, day=MEETING_DAY, code="000"
        )
        first = MeetingLetter(meeting=meeting, kind="daftar_hadir", version=1, number=number)
        first.docx.save("d.docx", ContentFile(b"PK docx"), save=False)
        first.pdf.save("d.pdf", ContentFile(b"%PDF pdf"), save=False)
        first.save()
        second.start()
        second.join(timeout=8.0)  # rendering takes a second or two, then the lock waits
        assert second.is_alive(), "the second generation must wait for the first one's lock"
    second.join(timeout=30)
    assert not second.is_alive()
    letter = results["letter"]
    assert (letter.version, letter.number) == (2, "000/1/KS-Pem/2021")
    assert LetterCounter.objects.get(tenant=world.singkawang, year=2021).last_number == 1
    pages = letter.pdf.open("rb").read()
    assert b"%PDF" in pages[:8]
