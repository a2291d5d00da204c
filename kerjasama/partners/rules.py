"""The ✅ rules about who a partner is (§3.2, §3.3, §8.2), registered in `kerjasama.core.rules`
(see `kerjasama/agreements/rules.py` for how to add one and for the completeness notes)."""

from __future__ import annotations

from kerjasama.core.rules import enforced, register

register(
    enforced(
        "3.2-third-party-type-of-pasal-14",
        "§3.2, §8.2",
        "PP 28/2018 Pasal 14 + Penjelasan",
        "A third party is recorded with its type of Pasal 14: individual, legal-entity business "
        "(BUMN, BUMD, cooperative, private) or organisation with or without legal-entity status.",
        "kerjasama.partners.services._check",
    ),
    enforced(
        "9.8-no-political-party",
        "§3.3, §8.2, §9 item 8",
        "PP 28/2018 Pasal 36(1)–(2), (4)",
        "A foreign institution is one of the types of Pasal 36, never a political party.",
        "kerjasama.partners.enums.ForeignInstitutionType",
    ),
)
