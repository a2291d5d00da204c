"""The ✅ rules of the shipped reference data (§10), registered in `kerjasama.core.rules` (see
`kerjasama/agreements/rules.py` for how to add one and for the completeness notes)."""

from __future__ import annotations

from kerjasama.core.rules import enforced, register

register(
    enforced(
        "10-thirty-two-bidang-urusan",
        "§4, §10",
        "UU 23/2014 Pasal 11–12; Permendagri 22/2020 Pasal 4(1)",
        "The objects to choose from are the 32 bidang urusan in three groups: 6 basic-service, "
        "18 other mandatory and 8 optional affairs.",
        "kerjasama.reference.services.affairs_load",
    ),
)
