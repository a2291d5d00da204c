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
