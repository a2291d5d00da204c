"""The ✅ rules of the domain reference that the registry (cases, parties, documents, the
pathway, DPRD, deadlines) enforces, registered in `kerjasama.core.rules` (see that module and
docs/ARCHITECTURE.md "The rule registry"). `docs/RULES.md` is generated from this list by
`tests/test_rule_table.py` (`make rules-table`).

To add a rule: append an `enforced(...)` (or, while it is not built, an `open_rule(...)` with
its issue) under its §, naming the function, `Check` or constant that enforces it; mark the
test that proves it with `@pytest.mark.rule("<id>")` — an enforced rule without a test fails
the table test. Ids are stable: tests name them.

Completeness. Every ✅ statement of the reference is either a rule below (or in
`kerjasama/partners/rules.py`, `kerjasama/reference/rules.py`) or listed here as not a
software rule, so that a reader can audit the count:

- §0: the ✅ in the legend of markers is no statement.
- §0.1, §1: legal hierarchy, dates of promulgation, definitions. The definitions that constrain
  data are rules (types and their parties, Pasal 1 angka 2–5; Pasal 14; Pasal 46); "KSD",
  "Menteri", "GWPP", "urusan konkuren" (UU 23/2014 Pasal 9(3), 11) are vocabulary only.
- §2: who signs (Pasal 2, 13) is the power-of-attorney rule (9.9); who approves (DPRD, Minister)
  are pathway rules; Sekda (UU 23/2014 Pasal 213(2)), technical ministries (Pasal 32(3), 44(2))
  and the 2009 guideline (PMDN22-2009, historical; also §2.1: forming the TKKSD was its
  first step) are informational.
- §3.1: kerja sama sukarela may be between any regions (no check); the APBN grant and
  inter-regional financial aid (Pasal 12) are financing sources, not checks; associations of
  regions (Pasal 45) are not modelled (informational). The sekretariat kerja sama is 9.11.
- §3.2: the asset and investment kinds follow their own sector rules (Pasal 15(3)) — the PP 27
  durations are warnings (§9 item 14, amended text not re-checked ❓), not ✅ checks here.
- §3.3: grants and goods of foreign cooperation follow the grant rules (Pasal 26); disputes
  by negotiation (Pasal 34, 41): informational, the software settles nothing.
- §3.5: Pasal 49 (contracts with the centre before PP 28/2018 continue as sinergi) is the same
  transitional validity as 5.4-pre-pp28-agreements-stay-valid.
- §4: "not contrary to morality, public order, national interest or law" (Pasal 4(4), 16(4))
  is a judgement no software can make; the division of affairs by level (UU 23/2014 Lampiran)
  can only be a ❓ warning (§9 item 17, issue 7 gap 8).
- §5.1: the delegation of stage details to PMDN22 (Pasal 6(4)) and "cukup jelas" are not rules;
  the names of stages h–j are ❓.
- §5.5: what PMDN22 regulates is ❓ (settings); its ✅ facts (45 working days for foreign
  cooperation, the four KSDPK clauses, the report to the Minister) are rules below.
- §6.1 rows 1–3 and 11 (initiative, exploration, consultation, discussion by the Foreign
  Minister) are stages of the foreign pathway: 6.1-foreign-stages-in-order; row 6's form of
  the DPRD decision follows the DPRD's own rules (Pasal 30(5)): informational.
- §6.2: the sinergi stages are 🟡; their ✅ legal basis (Pasal 46) is the §3.5 rules.
- §6.3: "UU 23/2014 and PP 28/2018 contain no amendment procedure" is a finding, not a rule;
  addenda are 🟡/❓ (issue 7 gap 9).
- §6.5: dispute settlement (Pasal 8, 21, 34, 41; UU 23/2014 Pasal 370) happens outside the
  software: informational.
- §6.6: "costs are charged to the APBD of each daerah concerned" (Pasal 11(3); UU 23/2014
  Pasal 364(5)) is informational.
- §7: UU 23/2014 Pasal 207(2)(c) (DPRD approval as a form of partnership) is informational.
- §8: the ✅ data fields are stored; those that carry a check are rules here (kinds, forms,
  bases, plan contents, dates, DPRD facts, termination, legal regime, financing); `hasil`
  (Pasal 20) and `sekretariat_kerja_sama` (Pasal 7) are open rules.
- §10, §11: the 32 bidang urusan are `kerjasama/reference/rules.py`; the code scheme of §11 is
  🟡 and the level checks derived from codes are 9.2 here.
- §12: general supervision and guidance (Pasal 44, PP 12/2017 Pasal 3, 10; UU 23/2014 Pasal
  374–375) are informational; monitoring, the 60 working days and the report to the Minister
  are rules.
- §13: funding of the sekretariat (Pasal 7(4)), APBN aid, money results (Pasal 20, see
  3.2-results-to-kas-daerah-or-assets), Perda outside the programme (UU 23/2014 Pasal
  239(7)(b)) and the special regions (Pasal 47): informational.
- §14: open questions; its ✅ restate rules above (PMDN22 Pasal 3(2) forms: 3.1; the
  take-over actors of PP 28/2018 Pasal 10 followed over UU 23/2014 Pasal 364(3)–(4): 6.6).
"""

from __future__ import annotations

from kerjasama.core.rules import enforced, open_rule, register

V = "kerjasama.agreements.validation"
L = "kerjasama.agreements.lifecycle"
P = "kerjasama.agreements.pathways"
S = "kerjasama.agreements.services"

register(
    # --- §3.1 KSDD: categories and forms ----------------------------------------------------
    enforced(
        "3.1-ksdd-category-required",
        "§3.1",
        "UU 23/2014 Pasal 363(3); PP 28/2018 Pasal 3(1)",
        "A KSDD is registered only as mandatory (wajib) or voluntary (sukarela).",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "3.1-pmdn22-form-fits-region-codes",
        "§3.1",
        "Permendagri 22/2020 Pasal 3(2)",
        "A mandatory KSDD's PMDN22 form (a–d) must fit the levels and provinces derived from "
        "the parties' region codes.",
        f"{V}._check_mandatory_form",
    ),
    # --- §3.2 KSDPK ----------------------------------------------------------------------------
    enforced(
        "3.2-ksdpk-kind-of-pasal-15",
        "§3.2",
        "PP 28/2018 Pasal 15(1), (4)",
        "A KSDPK names one of the four kinds of Pasal 15(1); the sub-forms of Pasal 15(4) apply "
        "to 'other cooperation' only.",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "3.2-region-initiative-mapping-and-feasibility",
        "§3.2",
        "PP 28/2018 Pasal 17",
        "A KSDPK initiated by the region enters preparation only with the mapping of affairs and "
        "a feasibility study on file.",
        f"{P}.FEASIBILITY",
    ),
    enforced(
        "3.2-partner-proposal-feasibility-study",
        "§3.2",
        "PP 28/2018 Pasal 18(2)",
        "A third party's own KSDPK proposal goes to the offer only with the proposer's "
        "feasibility study on file.",
        f"{P}.FEASIBILITY",
    ),
    enforced(
        "3.2-ksdpk-follows-the-ksdd-stages",
        "§3.2",
        "PP 28/2018 Pasal 19(1)",
        "A KSDPK walks the stages of Pasal 6(1) like a KSDD (mutatis mutandis).",
        f"{P}.PATHWAYS",
    ),
    open_rule(
        "3.2-results-to-kas-daerah-or-assets",
        "§3.2, §8.1",
        "PP 28/2018 Pasal 20",
        "A KSDPK's results are recorded: money to the kas daerah as regional revenue, goods in "
        "the regional asset register.",
        issue=None,
        note="`hasil` is not modelled yet; no issue plans it.",
    ),
    # --- §3.3 KSDPL and KSDLL -----------------------------------------------------------------
    enforced(
        "3.3-foreign-parties-by-type",
        "§3.3, §9 item 8",
        "PP 28/2018 Pasal 1 angka 4–5, 24, 36",
        "A KSDPL has a region and a foreign local government as parties; a KSDLL a region and a "
        "foreign institution.",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "3.3-ksdpl-form-and-ksdll-basis",
        "§3.3",
        "PP 28/2018 Pasal 24, 25",
        "A KSDPL names its form (sister province, sister city, other) and a KSDLL its basis "
        "(continuation of a central cooperation, or central approval).",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "3.3-pasal-27-requirements",
        "§3.3",
        "PP 28/2018 Pasal 27",
        "Foreign cooperation proceeds only when Pasal 27's requirements are recorded as met "
        "(diplomatic relations, a regional affair, no representative office abroad, no "
        "interference, consistent with the plans; for KSDPL equivalence and complementarity).",
        "kerjasama.agreements.foreign.CHECKS",
    ),
    enforced(
        "3.3-foreign-objects",
        "§3.3",
        "UU 23/2014 Pasal 367(1); PP 28/2018 Pasal 23(2)",
        "The object of foreign cooperation is one of the objects of Pasal 23(2).",
        "kerjasama.agreements.foreign.CHECKS",
    ),
    enforced(
        "3.3-ksdll-basis-fits-partner",
        "§3.3",
        "PP 28/2018 Pasal 25, 36(1)–(4)",
        "A KSDLL's basis fits its partner's type: continuation for intergovernmental "
        "organisations, non-profits and development partners; central approval for others.",
        "kerjasama.agreements.foreign.ksdll_partner_errors",
    ),
    # --- §3.5 Sinergi ----------------------------------------------------------------------
    enforced(
        "3.5-sinergi-region-and-central-government",
        "§3.5",
        "PP 28/2018 Pasal 46",
        "A sinergi has a region and a central-government body as parties.",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "3.5-sinergi-binding-nk",
        "§3.4, §3.5",
        "PP 28/2018 Pasal 46(4)",
        "A sinergi comes into force only with its binding agreement, the signed Nota "
        "Kesepakatan, on file.",
        f"{P}.NK_SIGNED",
    ),
    # --- §4 Objects --------------------------------------------------------------------------
    enforced(
        "4-object-is-a-bidang-urusan",
        "§4, §9 item 5",
        "PP 28/2018 Pasal 4(1), 16(1); Permendagri 22/2020 Pasal 4(1); UU 23/2014 Pasal 9(2), "
        "10(1)",
        "Every cooperation but sinergi names at least one bidang urusan of groups 1–3 (never "
        "an absolute affair nor an OPD code).",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "4-out-of-plan-needs-a-reason",
        "§4, §9 item 6",
        "PP 28/2018 Pasal 4(2)–(3), 16(2)–(3)",
        "An object outside the RPJMD/RKPD is accepted only with one of the three reasons "
        "(emergency, national strategic programme, co-administration).",
        f"{V}.validate_cooperation",
    ),
    # --- §5.1–§5.4 The domestic pathway --------------------------------------------------
    enforced(
        "5.1-domestic-stages-in-order",
        "§5.1, §5.3",
        "PP 28/2018 Pasal 6(1) a–g",
        "A KSDD goes through preparation, offer, KB drafting, KB signing, the DPRD when §7 "
        "requires it, PKS drafting and PKS signing, in that order, none skipped.",
        f"{P}.PATHWAYS",
    ),
    enforced(
        "5.1-pks-under-its-kb",
        "§3.4, §5.1",
        "PP 28/2018 Pasal 6(1) c–g, 6(3); Pasal 19(1)",
        "A PKS names the Kesepakatan Bersama it implements; only a PKS under its KB counts for "
        "the next stage.",
        f"{S}._pks_parent_check",
    ),
    enforced(
        "5.1-pks-dated-after-its-kb",
        "§5.1, §5.3",
        "PP 28/2018 Pasal 6(1) c–g",
        "A PKS is not signed before its Kesepakatan Bersama.",
        "kerjasama.agreements.validation.validate_document_order",
    ),
    enforced(
        "5.3-wajib-mapping-before-offer",
        "§5.3",
        "PP 28/2018 Pasal 5(1)",
        "A mandatory KSDD sends its offer only with the mapping of affairs on file.",
        f"{P}.MAPPING",
    ),
    enforced(
        "5.3-wajib-coordination-and-heads-agreement",
        "§5.3",
        "PP 28/2018 Pasal 5(2)–(3)",
        "Before the offer of a mandatory KSDD, the technical coordination (provincial for kab/kota "
        "of one province, national otherwise) and the heads' agreement are recorded.",
        "kerjasama.agreements.wajib.CHECKS",
    ),
    enforced(
        "5.3-pks-four-clauses",
        "§3.2, §5.3, §9 item 3",
        "PP 28/2018 Pasal 19(2); UU 23/2014 Pasal 366(2)",
        "A KSDPK contract is signed only when it contains rights and obligations, duration, "
        "dispute settlement and sanctions.",
        f"{P}.FOUR_CLAUSES_CONFIRMED",
    ),
    enforced(
        "5.3-each-pks-its-own-road",
        "§5.2, §5.3, §6.4",
        "PP 28/2018 Pasal 6(1) f–g, 9(1)",
        "Each PKS has its own stage, term, DPRD decision and termination; ending one PKS does not "
        "end the case, and an ended case takes no new signed PKS.",
        "kerjasama.agreements.pathways.PKS_STEPS",
    ),
    enforced(
        "5.3-midway-registration-shows-missing-evidence",
        "§5.3, §6.1",
        "PP 28/2018 Pasal 6, 17–19, 28–33",
        "A case registered at a later stage lists the statutory documents and facts missing for "
        "that stage and shows itself incomplete until they are on file.",
        "kerjasama.agreements.completeness.missing_evidence",
    ),
    enforced(
        "5.4-head-change-not-a-reason",
        "§5.4, §9 item 10",
        "PP 28/2018 Pasal 9(2), 22(1)",
        "A change of regional head never ends or changes a cooperation: it is not a termination "
        "reason.",
        "kerjasama.agreements.enums.TerminationReason",
    ),
    enforced(
        "5.4-pre-pp28-agreements-stay-valid",
        "§5.4, §8.1",
        "PP 28/2018 Pasal 48",
        "A case records its legal regime (PP 50/2007 or PP 28/2018); an old PKS without a KB on "
        "file is accepted with a recorded reason and counts as signed.",
        "kerjasama.agreements.enums.LegalRegime",
    ),
    # --- §6.1 Foreign pathway ----------------------------------------------------------
    enforced(
        "6.1-foreign-stages-in-order",
        "§6.1",
        "PP 28/2018 Pasal 28–33, 43",
        "A KSDPL goes from initiative through exploration, consultation, letter of intent, plan, "
        "DPRD, the Minister's consideration, text, the Minister's approval, discussion and "
        "confirmation to the signed text, in that order.",
        f"{P}.PATHWAYS",
    ),
    enforced(
        "6.1-ksdll-same-steps",
        "§6.1",
        "PP 28/2018 Pasal 38–40",
        "A KSDLL walks the same plan, draft and signing steps as a KSDPL.",
        f"{P}.PATHWAYS",
    ),
    enforced(
        "6.1-loi-signed-before-plan",
        "§6.1",
        "PP 28/2018 Pasal 28(5)",
        "The cooperation plan is drafted only after the letter of intent is signed.",
        f"{P}.LOI_SIGNED",
    ),
    enforced(
        "6.1-dprd-asked-with-plan-and-letter",
        "§6.1",
        "PP 28/2018 Pasal 30(2)",
        "The DPRD is asked with the head's letter and the cooperation plan attached, both on file.",
        f"{P}.PLAN_DOC",
    ),
    enforced(
        "6.1-minister-consideration-before-text",
        "§6.1",
        "PP 28/2018 Pasal 31",
        "The DPRD-approved plan waits for the Minister's written consideration, which sends it "
        "back for revision or lets the text be drafted.",
        f"{P}.MINISTER_CONSIDERATION",
    ),
    enforced(
        "6.1-minister-approves-text",
        "§3.3, §6.1",
        "UU 23/2014 Pasal 367(2); PP 28/2018 Pasal 29(1), 32",
        "The draft text goes to the foreign party only with the Minister's approval of it.",
        f"{P}.MINISTER_TEXT_APPROVAL",
    ),
    enforced(
        "9.8-no-signing-without-confirmation",
        "§6.1, §9 item 8",
        "PP 28/2018 Pasal 33(3)–(4)",
        "A foreign text is recorded as signed only with the surat konfirmasi on file.",
        f"{P}.CONFIRMATION",
    ),
    enforced(
        "6.1-documents-in-the-order-of-the-stages",
        "§6.1, §9 item 8",
        "PP 28/2018 Pasal 28–33",
        "A foreign text is not dated before its confirmation letter, and no signed text is "
        "recorded while the case is at a stage before it can exist.",
        "kerjasama.agreements.validation.validate_document_order",
    ),
    open_rule(
        "6.1-text-signed-by-regional-head",
        "§2, §6.1",
        "PP 28/2018 Pasal 33(4)",
        "The foreign cooperation text is signed by the regional head.",
        issue=None,
        note="The signatory of a foreign text is recorded but not checked.",
    ),
    # --- §6.4 Termination -----------------------------------------------------------------
    enforced(
        "6.4-termination-reasons",
        "§6.4",
        "PP 28/2018 Pasal 9(1), 22(2)",
        "A cooperation ends only for a reason of Pasal 9(1) (term, purpose, agreement, policy "
        "change, object lost), recorded with its date; a KSDPK also by a final court decision or "
        "the third party's bankruptcy, and only a KSDPK.",
        f"{L}._check_facts",
    ),
    # --- §6.6 Take-over ------------------------------------------------------------------
    enforced(
        "6.6-only-mandatory-is-taken-over",
        "§6.6",
        "PP 28/2018 Pasal 10",
        "Only a kerja sama wajib can be taken over.",
        f"{P}.MANDATORY",
    ),
    enforced(
        "6.6-guidance-and-evaluation-first",
        "§6.6",
        "PP 28/2018 Pasal 11(1)–(2)",
        "A take-over is recorded only after guidance was given and the obstacles evaluated.",
        f"{P}.TAKE_OVER_CONDITIONS",
    ),
    enforced(
        "6.6-taker-fits-the-failed-party",
        "§6.6",
        "PP 28/2018 Pasal 10",
        "The central government takes over when a province failed, the governor of its own "
        "province when a kab/kota failed; the case records which party failed.",
        "kerjasama.agreements.takeover.may_take_over_for",
    ),
    enforced(
        "6.6-governor-needs-minister-approval",
        "§6.6",
        "PP 28/2018 Pasal 11(2)",
        "The governor's take-over of a kab/kota's cooperation needs the Minister's approval.",
        "kerjasama.agreements.takeover.conditions_met",
    ),
    # --- §7 DPRD --------------------------------------------------------------------------
    enforced(
        "7-dprd-when-burdensome-or-unbudgeted",
        "§7",
        "PP 28/2018 Pasal 6(1)(e), 6(2), 19(1)",
        "A KSDD or KSDPK goes to the DPRD when the plan burdens the community and the region "
        "and/or its funding is not budgeted in the current APBD, and otherwise not.",
        "kerjasama.agreements.models.Cooperation.dprd_approval_required",
    ),
    enforced(
        "7-skipping-the-dprd-needs-a-reason",
        "§7",
        "PP 28/2018 Pasal 6(2)",
        "Going on without the DPRD when §7 says it is needed is the TKKSD's decision, taken "
        "only with a recorded reason.",
        f"{P}.DPRD_NOT_NEEDED",
    ),
    enforced(
        "7-foreign-always-dprd",
        "§7",
        "PP 28/2018 Pasal 30(1), 38; UU 23/2014 Pasal 101(1)(g), 154(1)(g)",
        "Foreign cooperation always goes to the DPRD, whatever the budget.",
        "kerjasama.agreements.models.Cooperation.dprd_approval_required",
    ),
    enforced(
        "7-dprd-decides-in-45-working-days",
        "§6.1, §7",
        "PP 28/2018 Pasal 30(4)",
        "A foreign cooperation's DPRD decision is due 45 working days after the DPRD received "
        "the request, national holidays and cuti bersama excluded.",
        "kerjasama.agreements.deadlines.dprd_due_on",
    ),
    enforced(
        "9.7-dprd-approval-before-pks",
        "§5.3, §9 item 7",
        "PP 28/2018 Pasal 6(1)–(2), 30–31",
        "When the DPRD's approval is needed, the case reaches PKS drafting (or the Minister) "
        "only with the DPRD's approving decision, and no PKS is recorded signed before.",
        f"{P}.DPRD_APPROVAL",
    ),
    enforced(
        "9.7-dprd-checked-at-each-pks-signing",
        "§7, §9 item 7",
        "PP 28/2018 Pasal 6(2)",
        "When a PKS is signed, the DPRD decision is checked against the §7 facts recorded then.",
        "kerjasama.agreements.pathways.signing_facts",
    ),
    # --- §8 Data fields ----------------------------------------------------------------------
    enforced(
        "8.1-apbd-financing-names-its-region",
        "§8.1",
        "PP 28/2018 Pasal 12, 30(3)(f)",
        "A financing line from an APBD names the party region whose budget it is.",
        f"{S}.financing_add",
    ),
    # --- §9 Validation rules -------------------------------------------------------------
    enforced(
        "9.1-ksdd-parties-are-regions",
        "§9 item 1",
        "PP 28/2018 Pasal 1 angka 2",
        "Every party of a KSDD is a region of the Kemendagri list.",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "9.1-two-different-parties",
        "§8.2, §9 item 1",
        "PP 28/2018 Pasal 1 angka 1–5",
        "A cooperation has at least two parties, none of them twice.",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "9.2-wajib-adjacency-confirmed",
        "§3.1, §9 item 2",
        "UU 23/2014 Pasal 364(1); PP 28/2018 Pasal 3(2)",
        "A mandatory KSDD is registered only when the user confirms the regions are adjacent.",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "9.2-uu23-form-fits-region-codes",
        "§3.1, §9 item 2",
        "UU 23/2014 Pasal 364(2)",
        "A mandatory KSDD's UU 23/2014 form (a–e) must fit the levels and provinces derived from "
        "the parties' region codes.",
        f"{V}._check_mandatory_form",
    ),
    enforced(
        "9.3-ksdpk-region-and-third-party",
        "§3.2, §9 item 3",
        "PP 28/2018 Pasal 1 angka 3, 14",
        "A KSDPK has at least one region and one third party of a Pasal 14 type.",
        f"{V}.validate_cooperation",
    ),
    enforced(
        "9.3-feasibility-study-before-kb",
        "§3.2, §9 item 3",
        "UU 23/2014 Pasal 366(3)",
        "A KSDPK reaches KB drafting only with a feasibility study on file.",
        f"{P}.FEASIBILITY",
    ),
    enforced(
        "9.4-partner-proposal-three-criteria",
        "§3.2, §9 item 4",
        "PP 28/2018 Pasal 18(1)",
        "A third party's own KSDPK proposal goes beyond preparation only with the three criteria "
        "recorded as met (fits the master plan, feasible, proposer able to fund).",
        f"{P}.PARTNER_CRITERIA",
    ),
    enforced(
        "9.8-plan-seven-elements",
        "§6.1, §9 item 8",
        "PP 28/2018 Pasal 30(3)",
        "The foreign cooperation plan goes to the DPRD only with subjects, background, purpose "
        "and targets, object, scope, funding source and implementation period.",
        f"{P}.PLAN_COMPLETE",
    ),
    enforced(
        "9.9-power-of-attorney",
        "§5.3, §9 item 9",
        "PP 28/2018 Pasal 2(2)–(3), 13(2)–(3)",
        "A PKS signed by someone other than the regional head needs a signed surat kuasa dated "
        "no later than the PKS.",
        "kerjasama.agreements.pathways.POWER_OF_ATTORNEY",
    ),
    open_rule(
        "9.11-sekretariat-only-for-long-complex-wajib",
        "§3.1, §9 item 11",
        "PP 28/2018 Pasal 7(2) + Penjelasan; UU 23/2014 Pasal 364(6)–(8)",
        "A sekretariat kerja sama exists only for a mandatory KSDD of at least 60 months with "
        "more than two regions or objects.",
        issue=None,
        note="The sekretariat kerja sama is not modelled; no issue plans it.",
    ),
    enforced(
        "9.12-term-ends-after-it-starts",
        "§9 item 12",
        "PP 28/2018 Pasal 19(2)(b)",
        "An agreement's term ends on or after its start.",
        f"{V}.validate_document",
    ),
    enforced(
        "9.12-ksdpk-contract-states-its-term",
        "§9 item 12",
        "PP 28/2018 Pasal 19(2)(b)",
        "A signed KSDPK contract states its term.",
        f"{V}.validate_document",
    ),
    # --- §12 Monitoring and reporting ----------------------------------------------------
    enforced(
        "12-governor-oversees-kabkota",
        "§12",
        "UU 23/2014 Pasal 368(1); PP 28/2018 Pasal 44(4)",
        "The province (as GWPP) reads every cooperation of a kab/kota of its province, without "
        "changing it.",
        "kerjasama.agreements.selectors.cooperation_visible_to",
    ),
    open_rule(
        "12-minister-monitors-province-cooperation",
        "§12",
        "UU 23/2014 Pasal 368(2)",
        "The Minister monitors and evaluates cooperation between provinces and of a province "
        "with kab/kota.",
        issue=None,
        note="A central-government user has no registry screen yet.",
    ),
    enforced(
        "12-finding-follow-up-in-60-working-days",
        "§12",
        "PP 12/2017 Pasal 27",
        "A supervision finding is due for follow-up 60 working days after it was received.",
        "kerjasama.agreements.deadlines.finding_due_on",
    ),
    enforced(
        "12-report-to-the-minister",
        "§5.5, §6.1, §12",
        "PP 28/2018 Pasal 43",
        "A foreign cooperation in force reports its implementation to the Minister; only that "
        "report meets the deadline.",
        "kerjasama.agreements.reporting.DUTIES",
    ),
)
