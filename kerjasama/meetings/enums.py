"""The TKKSD's vocabularies (§2.1, §8.4 `TKKSD`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeKind(models.TextChoices):
    """How a keputusan kepala daerah acts on the team (§2.1 "legal instrument": a keputusan,
    renewed from time to time 🟡)."""

    FORMATION = "formation", _("Formation (pembentukan)")
    AMENDMENT = "amendment", _("Amendment (perubahan)")
    REPLACEMENT = "replacement", _("Replacement (penggantian)")


class TeamRole(models.TextChoices):
    """`jabatan_dalam_tim` of §8.4 (KETUA, WAKIL_KETUA, SEKRETARIS, ANGGOTA) plus the
    secretariat that a decree lists beside the team (§2.1 "secretariat / day-to-day unit")."""

    CHAIR = "ketua", _("Chair (ketua)")
    VICE_CHAIR = "wakil_ketua", _("Vice chair (wakil ketua)")
    SECRETARY = "sekretaris", _("Secretary (sekretaris)")
    MEMBER = "anggota", _("Member (anggota)")
    SECRETARIAT = "sekretariat", _("Secretariat (sekretariat)")


# The seats that count for the quorum: the team itself. The secretariat serves the team and is
# not a member of it (§2.1; the composition rules are ❓, so this is a product decision).
QUORUM_ROLES = frozenset({TeamRole.CHAIR, TeamRole.VICE_CHAIR, TeamRole.SECRETARY, TeamRole.MEMBER})


class HoldingCapacity(models.TextChoices):
    """In what capacity a person holds a seat: by the decree (definitive) or acting for the
    holder (Plt: pelaksana tugas, a vacant or long-absent post; Plh: pelaksana harian, a short
    absence), each on a letter of its own."""

    DEFINITIVE = "definitive", _("Definitive")
    PLT = "plt", _("Plt (pelaksana tugas)")
    PLH = "plh", _("Plh (pelaksana harian)")


ACTING = frozenset({HoldingCapacity.PLT, HoldingCapacity.PLH})


class MeetingKind(models.TextChoices):
    """What a TKKSD meeting is for (issue 9 item 2; §2.1 "tasks seen in practice")."""

    PLENARY = "pleno", _("Plenary (pleno)")
    TECHNICAL = "teknis", _("Technical (teknis)")
    PARTNER = "mitra", _("With a partner")
    EVALUATION = "evaluasi", _("Evaluation")


class MeetingState(models.TextChoices):
    """A meeting's road: planned (its agenda is built and invitations go out) → held (it has its
    number, its agenda order is frozen, its minutes are drafted) → final (the chair made the
    minutes final: they are locked and the decisions took effect). Reopening final minutes is
    the chair's reasoned act and returns the meeting to held, keeping the final version."""

    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held, minutes in draft")
    FINAL = "final", _("Minutes final")
    CANCELLED = "cancelled", _("Cancelled")


class InviteeKind(models.TextChoices):
    SEAT = "seat", _("TKKSD seat")
    OPD_OFFICER = "opd", _("OPD officer")
    PARTNER = "partner", _("Partner representative")
    OTHER = "other", _("Other guest")


class Presence(models.TextChoices):
    """Attendance at the opening (issue 9 item 3)."""

    PRESENT = "hadir", _("Present (hadir)")
    ABSENT = "tidak_hadir", _("Absent (tidak hadir)")
    EXCUSED = "izin", _("Excused (izin)")
    REPRESENTED = "diwakili", _("Represented (diwakili oleh)")


# Who counts as attending for the quorum: present in person, or through a delegate with a letter.
ATTENDING = frozenset({Presence.PRESENT, Presence.REPRESENTED})


class ItemSource(models.TextChoices):
    """Where an agenda item came from: typed in, or taken from what the system proposed."""

    MANUAL = "manual", _("Added by hand")
    REVIEW = "review", _("Awaiting the TKKSD's review")
    DEADLINE = "deadline", _("Deadline before the meeting")
    EVALUATION = "evaluation", _("Evaluation to discuss")
    ACTION_ITEM = "action_item", _("Open action item")
    ADJOURNED = "adjourned", _("Adjourned at an earlier meeting")


class OutcomeKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DECISION = "decision", _("Decision")
    ACTION = "action", _("Action item")
    ADJOURNED = "adjourned", _("Adjourned")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class LetterKind(models.TextChoices):
    """The letters a meeting produces from its data (issue 9 item 5)."""

    INVITATION = "undangan", _("Invitation (undangan)")
    ATTENDANCE_LIST = "daftar_hadir", _("Attendance list (daftar hadir)")
    MINUTES = "notulen", _("Minutes (notulen)")
    EXTRACT = "petikan", _("Extract of the minutes (petikan)")
