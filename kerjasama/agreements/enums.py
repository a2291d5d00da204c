"""The vocabulary of cooperation: types, sub-forms, stages, documents (KERJASAMA_DAERAH.md).

Statutory lists live here as enums rather than as database rows: the lifecycle (issue 3) is
code keyed on them, and an admin who could rename a type would desynchronise the two.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperationKind(models.TextChoices):
    """PP 28/2018 Pasal 1 angka 2–5 and Pasal 46 (§1, §3)."""

    KSDD = "ksdd", _("KSDD — with another region")
    KSDPK = "ksdpk", _("KSDPK — with a third party")
    KSDPL = "ksdpl", _("KSDPL — with a foreign local government")
    KSDLL = "ksdll", _("KSDLL — with a foreign institution")
    SINERGI = "sinergi", _("Sinergi — with the central government")


class KsddCategory(models.TextChoices):
    """PP 28/2018 Pasal 3 (§3.1)."""

    MANDATORY = "wajib", _("Mandatory (kerja sama wajib)")
    VOLUNTARY = "sukarela", _("Voluntary (kerja sama sukarela)")


class MandatoryFormUU23(models.TextChoices):
    """UU 23/2014 Pasal 364(2) letters a–e (§3.1). Kept beside the PMDN22 list (§14 item 4)."""

    A = "a", _("(a) province with province")
    B = "b", _("(b) province with a regency/city in its territory")
    C = "c", _("(c) province with a regency/city of another province")
    D = "d", _("(d) regency/city with regency/city of another province")
    E = "e", _("(e) regency/city with regency/city in one province")


class MandatoryFormPMDN22(models.TextChoices):
    """Permendagri 22/2020 Pasal 3(2) letters a–d (§3.1)."""

    A = "a", _("(a) regency/city with an adjacent regency/city in the same province")
    B = "b", _("(b) regency/city with an adjacent regency/city in another province")
    C = "c", _("(c) province with an adjacent province")
    D = "d", _("(d) regency/city bordering a province, within one province")


class KsdpkKind(models.TextChoices):
    """PP 28/2018 Pasal 15 (§3.2)."""

    PUBLIC_SERVICE = "public_service", _("Provision of public services")
    ASSET_MANAGEMENT = "asset_management", _("Management of regional assets")
    INVESTMENT = "investment", _("Investment")
    OTHER = "other", _("Other cooperation")


class KsdpkOtherForm(models.TextChoices):
    """PP 28/2018 Pasal 15(4): the forms of 'other' KSDPK (letter a partly illegible, ❓)."""

    # Letter a of Pasal 15(4) is partly illegible in the OCR copy (❓, §3.2).
    BUSINESS_ENTITY = "business_entity", _("With a legal-entity business (e.g. KPBU)")
    PROCUREMENT = "procurement", _("Procurement of goods and services")


class KsdplForm(models.TextChoices):
    """PP 28/2018 Pasal 24 (§3.3)."""

    SISTER_PROVINCE = "sister_province", _("Sister province")
    SISTER_CITY = "sister_city", _("Sister city / regency")
    OTHER = "other", _("Other form")


class KsdllBasis(models.TextChoices):
    """PP 28/2018 Pasal 25 (§3.3)."""

    CONTINUATION = "continuation", _("Continuation of a central-government cooperation")
    CENTRAL_APPROVAL = "central_approval", _("Other form approved by the central government")


class Initiative(models.TextChoices):
    """Who started it (§8.1 `prakarsa`; PP 28/2018 Pasal 17–18, 28)."""

    REGION = "region", _("A regional government party")
    PARTNER = "partner", _("The third party or foreign party")
    VIA_MINISTRY = "via_ministry", _("The foreign party, through the Ministry")


class OutOfPlanReason(models.TextChoices):
    """The only grounds for an object outside RPJMD/RKPD (PP 28/2018 Pasal 4(3), 16(3), §4)."""

    EMERGENCY = "emergency", _("Emergency (e.g. a disaster)")
    NATIONAL_STRATEGIC = "national_strategic", _("National strategic programme (PSN)")
    CO_ADMINISTRATION = "co_administration", _("Co-administration task (tugas pembantuan)")


class LegalRegime(models.TextChoices):
    """Agreements signed before PP 28/2018 stay valid until they end (Pasal 48, §5.4)."""

    PP28_2018 = "pp28_2018", _("PP 28/2018")
    PP50_2007 = "pp50_2007", _("PP 50/2007")


class Stage(models.TextChoices):
    """Every stage of every pathway (§5.2 domestic, §6.1 foreign, §6.2 sinergi).

    Which stages a type passes through is `STAGES_BY_KIND`; the transitions between them are
    the lifecycle's (issue 3).
    """

    # Domestic (KSDD, KSDPK) — PP 28/2018 Pasal 6(1) letters a–g, plus application stages.
    PROPOSAL = "proposal", _("Proposal")
    PREPARATION = "preparation", _("Preparation")
    OFFER = "offer", _("Offer")
    KB_DRAFTING = "kb_drafting", _("Drafting the Kesepakatan Bersama")
    KB_SIGNED = "kb_signed", _("Kesepakatan Bersama signed")
    AWAITING_DPRD = "awaiting_dprd", _("Awaiting DPRD approval")
    PKS_DRAFTING = "pks_drafting", _("Drafting the Perjanjian Kerja Sama")
    PKS_SIGNED = "pks_signed", _("Perjanjian Kerja Sama signed")
    # Foreign (KSDPL, KSDLL) — PP 28/2018 Pasal 28–33.
    INITIATIVE = "initiative", _("Initiative")
    EXPLORATION = "exploration", _("Exploration")
    LOI_CONSULTATION = "loi_consultation", _("Consultation before the letter of intent")
    LOI_SIGNED = "loi_signed", _("Letter of intent signed")
    PLAN_DRAFTING = "plan_drafting", _("Drafting the cooperation plan")
    AWAITING_MINISTER = "awaiting_minister", _("Awaiting the Minister's consideration")
    PLAN_REVISION = "plan_revision", _("Revising the cooperation plan")
    TEXT_DRAFTING = "text_drafting", _("Drafting the cooperation text")
    AWAITING_TEXT_APPROVAL = (
        "awaiting_text_approval",
        _("Awaiting the Minister's approval of the text"),
    )
    FOREIGN_NEGOTIATION = "foreign_negotiation", _("Discussion with the foreign party")
    CONFIRMATION_RECEIVED = "confirmation_received", _("Confirmation letter received")
    TEXT_SIGNED = "text_signed", _("Cooperation text signed")
    # Sinergi — §6.2.
    TKKSD_REVIEW = "tkksd_review", _("TKKSD review")
    NK_DRAFTING = "nk_drafting", _("Drafting the Nota Kesepakatan and Rencana Kerja")
    NK_SIGNED = "nk_signed", _("Nota Kesepakatan signed")
    # Shared.
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")
    TAKEN_OVER = "taken_over", _("Taken over")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


_DOMESTIC = [
    Stage.PROPOSAL,
    Stage.PREPARATION,
    Stage.OFFER,
    Stage.KB_DRAFTING,
    Stage.KB_SIGNED,
    Stage.AWAITING_DPRD,
    Stage.PKS_DRAFTING,
    Stage.PKS_SIGNED,
    Stage.IN_FORCE,
    Stage.ENDED,
    Stage.REJECTED,
    Stage.CANCELLED,
]
_FOREIGN = [
    Stage.INITIATIVE,
    Stage.EXPLORATION,
    Stage.LOI_CONSULTATION,
    Stage.LOI_SIGNED,
    Stage.PLAN_DRAFTING,
    Stage.AWAITING_DPRD,
    Stage.AWAITING_MINISTER,
    Stage.PLAN_REVISION,
    Stage.TEXT_DRAFTING,
    Stage.AWAITING_TEXT_APPROVAL,
    Stage.FOREIGN_NEGOTIATION,
    Stage.CONFIRMATION_RECEIVED,
    Stage.TEXT_SIGNED,
    Stage.IN_FORCE,
    Stage.ENDED,
    Stage.REJECTED,
    Stage.CANCELLED,
]
STAGES_BY_KIND: dict[str, list[Stage]] = {
    # Take-over applies only to a kerja sama wajib (§6.6); the lifecycle checks the category.
    CooperationKind.KSDD: [*_DOMESTIC[:-3], Stage.ENDED, Stage.TAKEN_OVER, *_DOMESTIC[-2:]],
    CooperationKind.KSDPK: _DOMESTIC,
    CooperationKind.KSDPL: _FOREIGN,
    CooperationKind.KSDLL: _FOREIGN,
    CooperationKind.SINERGI: [
        Stage.PROPOSAL,
        Stage.TKKSD_REVIEW,
        Stage.NK_DRAFTING,
        Stage.NK_SIGNED,
        Stage.IN_FORCE,
        Stage.ENDED,
        Stage.REJECTED,
        Stage.CANCELLED,
    ],
}
FIRST_STAGE: dict[str, Stage] = {kind: stages[0] for kind, stages in STAGES_BY_KIND.items()}
TERMINAL_STAGES = frozenset({Stage.ENDED, Stage.TAKEN_OVER, Stage.REJECTED, Stage.CANCELLED})
# Stages in which an agreement binds the parties.
BINDING_STAGES = frozenset(
    {
        Stage.KB_SIGNED,
        Stage.AWAITING_DPRD,
        Stage.PKS_DRAFTING,
        Stage.PKS_SIGNED,
        Stage.TEXT_SIGNED,
        Stage.NK_SIGNED,
        Stage.IN_FORCE,
    }
)


# --- Stage and kind groups, defined once (issue 7) -------------------------------------------

# Stages at which a principal agreement (KB, the foreign text, the NK) has been signed: from
# then on the shared facts change only by the secretariat, with a recorded reason (issue 6/14).
SIGNED_STAGES = frozenset(
    {
        Stage.KB_SIGNED,
        Stage.PKS_DRAFTING,
        Stage.PKS_SIGNED,
        Stage.TEXT_SIGNED,
        Stage.NK_SIGNED,
        Stage.IN_FORCE,
        Stage.ENDED,
        Stage.TAKEN_OVER,
    }
)
# Stages before any party is committed (validation: what a registration may still lack).
EARLY_STAGES = frozenset({Stage.PROPOSAL, Stage.PREPARATION, Stage.REJECTED, Stage.CANCELLED})
# A PKS is signed only after the KB and, when it is needed, the DPRD (§5.3): stages of a
# domestic case in which a signed PKS cannot be recorded yet.
BEFORE_PKS_STAGES = frozenset(
    {
        Stage.PROPOSAL,
        Stage.PREPARATION,
        Stage.OFFER,
        Stage.KB_DRAFTING,
        Stage.KB_SIGNED,
        Stage.AWAITING_DPRD,
        Stage.REJECTED,
        Stage.CANCELLED,
    }
)

# The stages of a PKS's own road (§5.3; `pathways.PKS_STEPS`): open while it can still move on.
PKS_OPEN_STAGES = frozenset({Stage.PKS_DRAFTING, Stage.AWAITING_DPRD})
PKS_STAGES = frozenset(
    {
        Stage.PKS_DRAFTING,
        Stage.AWAITING_DPRD,
        Stage.PKS_SIGNED,
        Stage.IN_FORCE,
        Stage.ENDED,
        Stage.CANCELLED,
    }
)
# A PKS that ended or was abandoned on its own road: no end of term to remind of.
PKS_CLOSED_STAGES = frozenset({Stage.ENDED, Stage.CANCELLED})
# A PKS that still binds or may bind: ending the KB ends these (§6.4).
PKS_NOT_ENDED_STAGES = frozenset(
    {Stage.PKS_DRAFTING, Stage.AWAITING_DPRD, Stage.PKS_SIGNED, Stage.IN_FORCE}
)


class TerminationReason(models.TextChoices):
    """PP 28/2018 Pasal 9(1), 22(2) (§6.4). A change of regional head is never one (§5.4)."""

    TERM_EXPIRED = "term_expired", _("Term expired")
    PURPOSE_ACHIEVED = "purpose_achieved", _("Purpose achieved")
    MUTUAL_AGREEMENT = "mutual_agreement", _("Parties agreed to end it")
    POLICY_CHANGE = "policy_change", _("A change of policy makes it impossible to perform")
    OBJECT_LOST = "object_lost", _("Object lost or destroyed")
    COURT_DECISION = "court_decision", _("Final court decision (KSDPK)")
    THIRD_PARTY_BANKRUPT = "third_party_bankrupt", _("Third party declared bankrupt (KSDPK)")


# §1, §14 item 14: a Kesepakatan Bersama is also written KSB (Kabupaten Banjar) or, loosely, MoU
# in regional practice; the software uses the statutory name and accepts these as aliases
# (the registry search, the document form's help).
KB_ALIASES = frozenset({"kb", "ksb", "mou"})


class DocumentKind(models.TextChoices):
    """§8.3. The first group are agreements (numbered by each party, with a term)."""

    KB = "kb", _("Kesepakatan Bersama (KB)")
    PKS = "pks", _("Perjanjian Kerja Sama (PKS)")
    ADDENDUM = "addendum", _("Addendum")
    NK = "nk", _("Nota Kesepakatan (NK)")
    RK = "rk", _("Rencana Kerja (RK)")
    LOI = "loi", _("Letter of intent (pernyataan kehendak)")
    FOREIGN_TEXT = "foreign_text", _("Foreign cooperation text (naskah kerja sama)")
    KAK = "kak", _("Terms of reference (KAK)")
    MAPPING_RESULT = "mapping_result", _("Result of the mapping of affairs")
    FEASIBILITY_STUDY = "feasibility_study", _("Feasibility study")
    TKKSD_MINUTES = "tkksd_minutes", _("TKKSD minutes / recommendation")
    OFFER_LETTER = "offer_letter", _("Offer letter (surat penawaran)")
    REPLY_LETTER = "reply_letter", _("Reply letter (surat jawaban)")
    DPRD_REQUEST = "dprd_request", _("Request for DPRD approval")
    DPRD_APPROVAL = "dprd_approval", _("DPRD approval")
    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney (surat kuasa)")
    COOPERATION_PLAN = "cooperation_plan", _("Cooperation plan (rencana kerja sama)")
    MINISTER_CONSIDERATION = "minister_consideration", _("Minister's consideration")
    MINISTER_TEXT_APPROVAL = "minister_text_approval", _("Minister's approval of the text")
    CONFIRMATION_LETTER = "confirmation_letter", _("Confirmation letter (surat konfirmasi)")
    IMPLEMENTATION_REPORT = "implementation_report", _("Implementation report")
    MONEV_REPORT = "monev_report", _("Monitoring and evaluation report")
    TERMINATION = "termination", _("Termination document")
    OTHER = "other", _("Other document")


# Agreements: each party numbers them in its own register; they have a term and signatories.
AGREEMENT_KINDS = frozenset(
    {
        DocumentKind.KB,
        DocumentKind.PKS,
        DocumentKind.ADDENDUM,
        DocumentKind.NK,
        DocumentKind.LOI,
        DocumentKind.FOREIGN_TEXT,
    }
)
# The agreements whose term is the cooperation's term (signing year, expiry).
TERM_KINDS = frozenset(
    {
        DocumentKind.KB,
        DocumentKind.PKS,
        DocumentKind.ADDENDUM,
        DocumentKind.NK,
        DocumentKind.FOREIGN_TEXT,
    }
)
# Which kind of parent a document may have.
PARENT_KINDS: dict[str, frozenset[str]] = {
    DocumentKind.PKS: frozenset({DocumentKind.KB}),
    DocumentKind.ADDENDUM: frozenset(
        {DocumentKind.KB, DocumentKind.PKS, DocumentKind.NK, DocumentKind.FOREIGN_TEXT}
    ),
    DocumentKind.RK: frozenset({DocumentKind.NK}),
    # A surat kuasa names the agreement it lets an official sign (§9 item 9); one placed under
    # an agreement counts for that agreement only, one under none for any of the case.
    DocumentKind.POWER_OF_ATTORNEY: frozenset(
        {
            DocumentKind.KB,
            DocumentKind.PKS,
            DocumentKind.ADDENDUM,
            DocumentKind.NK,
            DocumentKind.FOREIGN_TEXT,
        }
    ),
}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")
    SIGNED = "signed", _("Signed")


class FinancingSource(models.TextChoices):
    """§8.1 `sumber_pendanaan`."""

    APBD = "apbd", _("APBD of a party")
    APBN = "apbn", _("APBN")
    THIRD_PARTY = "third_party", _("Third party")
    GRANT = "grant", _("Grant (hibah)")
    OTHER = "other", _("Other")


class ReportAddressee(models.TextChoices):
    """§8.4 `Laporan.tujuan`: to whom a report is addressed. A report meets only the reporting
    duty of its own recipient (`agreements.reporting`, §12)."""

    MINISTER = "mendagri", _("Minister of Home Affairs (Mendagri)")
    GOVERNOR = "gubernur_gwpp", _("Governor as representative of the central government (GWPP)")
    REGIONAL_HEAD = "kepala_daerah", _("Regional head / TKKSD (internal report)")
    DPRD = "dprd", _("DPRD")


class ForeignObject(models.TextChoices):
    """The objects of foreign cooperation (KSDPL, KSDLL): UU 23/2014 Pasal 367(1); PP 28/2018
    Pasal 23(2) (§3.3)."""

    SCIENCE_TECHNOLOGY = "science_technology", _("Development of science and technology")
    CULTURE = "culture", _("Cultural exchange")
    CAPACITY = "capacity", _("Technical and government-management capacity")
    PROMOTION = "promotion", _("Promotion of the region's potential")
    OTHER = "other", _("Other cooperation not contrary to law")


# Foreign cooperation (§3.3, §6.1): the types with a foreign party.
FOREIGN_KINDS = frozenset({CooperationKind.KSDPL, CooperationKind.KSDLL})


# --- Document-kind groups, defined once (issue 7) -------------------------------------------

# Agreements whose own end of term is a deadline (with their addenda, §6.3).
EXPIRING_KINDS = (DocumentKind.KB, DocumentKind.PKS, DocumentKind.NK, DocumentKind.FOREIGN_TEXT)
# The principal agreements, in the order the registry shows them for a case.
PRINCIPAL_KINDS = [DocumentKind.KB, DocumentKind.NK, DocumentKind.FOREIGN_TEXT, DocumentKind.PKS]


# --- Step actions and the facts steps record (issue 7: named once, used everywhere) ----------


class Action(StrEnum):
    """The name of every step (its URL slug and the `Transition.action` it leaves)."""

    PREPARE = "prepare"
    OFFER = "offer"
    ACCEPT_OFFER = "accept_offer"
    SIGN_KB = "sign_kb"
    REQUEST_DPRD = "request_dprd"
    SKIP_DPRD = "skip_dprd"
    DPRD_APPROVES = "dprd_approves"
    DPRD_REJECTS = "dprd_rejects"
    SIGN_PKS = "sign_pks"
    START = "start"
    REJECT = "reject"
    CANCEL = "cancel"
    TERMINATE = "terminate"
    EXPIRE = "expire"
    TAKE_OVER = "take_over"
    EXPLORE = "explore"
    CONSULT_LOI = "consult_loi"
    SIGN_LOI = "sign_loi"
    DRAFT_PLAN = "draft_plan"
    MINISTER_REQUESTS_REVISION = "minister_requests_revision"
    REVISE_PLAN = "revise_plan"
    MINISTER_APPROVES_PLAN = "minister_approves_plan"
    SUBMIT_TEXT = "submit_text"
    MINISTER_APPROVES_TEXT = "minister_approves_text"
    RECEIVE_CONFIRMATION = "receive_confirmation"
    SIGN_TEXT = "sign_text"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    APPROVE_REVIEW = "approve_review"
    SIGN_NK = "sign_nk"


class Fact(StrEnum):
    """The facts a step's form records (`Step.facts`, `Transition.data`)."""

    ON = "on"
    REASON = "reason"
    TERMINATION_REASON = "termination_reason"
    REQUESTED_ON = "requested_on"
    RECEIVED_ON = "received_on"
    DECISION_REFERENCE = "decision_reference"
    TAKEN_OVER_BY = "taken_over_by"
    # §6.6: which region party did not carry out the kerja sama wajib (issue 7).
    FAILED_PARTY = "failed_party"
    FAILED_PARTY_NAME = "failed_party_name"
    GUIDANCE_GIVEN = "guidance_given"
    OBSTACLES_EVALUATED = "obstacles_evaluated"
    MINISTER_APPROVED = "minister_approved"
    # §7's two facts as they are when a PKS is signed (§9 item 7).
    BURDENS_COMMUNITY = "burdens_community"
    BUDGETED_IN_APBD = "budgeted_in_apbd"
