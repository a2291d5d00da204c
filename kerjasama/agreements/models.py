"""The cooperation registry: cases, their parties, documents, files and money.

Every write goes through `agreements.services`; every non-trivial read, and visibility, through
`agreements.selectors`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from kerjasama.agreements.enums import (
    AGREEMENT_KINDS,
    FOREIGN_KINDS,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    FinancingSource,
    Initiative,
    KsddCategory,
    KsdllBasis,
    KsdpkKind,
    KsdpkOtherForm,
    KsdplForm,
    LegalRegime,
    MandatoryFormPMDN22,
    MandatoryFormUU23,
    OutOfPlanReason,
    ReportAddressee,
    Stage,
    TerminationReason,
)
from kerjasama.agreements.warning_texts import warning_label, warning_text
from kerjasama.core.models import Interface, TimeStampedModel, constraint_errors_on_fields
from kerjasama.core.templatetags.kerjasama import rupiah
from kerjasama.core.text import TEXT_LONG, TEXT_REASON
from kerjasama.deadlines.texts import format_date


def addendum_review_default() -> bool:
    """The default of `Cooperation.addendum_tkksd_review` (§6.3 ❓): the operator's setting."""
    return bool(settings.KERJASAMA.get("ADDENDUM_TKKSD_REVIEW", True))


class Cooperation(TimeStampedModel):
    """One cooperation case (§8.1), shared by every party: one row, not one per region.

    `version` increases with every write of the shared facts; services refuse a write made on
    an older version (two secretariats editing at once cannot overwrite each other unseen).
    `signed_on` and `ends_on` are kept by the document services from the agreements' dates,
    so that the registry can filter, sort and index on them at national scale.
    """

    kind = models.CharField(_("type"), max_length=8, choices=CooperationKind.choices)
    ksdd_category = models.CharField(
        _("KSDD category"), max_length=10, choices=KsddCategory.choices, blank=True
    )
    mandatory_form_uu23 = models.CharField(
        _("form of mandatory cooperation (UU 23/2014 Pasal 364(2))"),
        max_length=1,
        choices=MandatoryFormUU23.choices,
        blank=True,
    )
    mandatory_form_pmdn22 = models.CharField(
        _("form of mandatory cooperation (Permendagri 22/2020 Pasal 3(2))"),
        max_length=1,
        choices=MandatoryFormPMDN22.choices,
        blank=True,
    )
    adjacency_confirmed = models.BooleanField(
        _("the parties are adjacent (confirmed by the secretariat)"), default=False
    )
    ksdpk_kind = models.CharField(
        _("KSDPK kind"), max_length=20, choices=KsdpkKind.choices, blank=True
    )
    ksdpk_other_form = models.CharField(
        _("form of other KSDPK"), max_length=20, choices=KsdpkOtherForm.choices, blank=True
    )
    ksdpl_form = models.CharField(
        _("KSDPL form"), max_length=20, choices=KsdplForm.choices, blank=True
    )
    ksdll_basis = models.CharField(
        _("KSDLL basis"), max_length=20, choices=KsdllBasis.choices, blank=True
    )
    initiative = models.CharField(
        _("initiative"), max_length=16, choices=Initiative.choices, default=Initiative.REGION
    )
    # PP 28/2018 Pasal 18(1): a third party's own proposal must meet three criteria (§9 item 4).
    proposal_fits_master_plan = models.BooleanField(
        _("technically integrated with the sector master plan"), default=False
    )
    proposal_feasible = models.BooleanField(
        _("economically and financially feasible"), default=False
    )
    proposer_able_to_fund = models.BooleanField(
        _("the proposer is financially able to fund it"), default=False
    )

    title = models.CharField(_("title"), max_length=500)
    background = models.TextField(_("background"), max_length=TEXT_LONG, blank=True)
    purpose = models.TextField(_("purpose and objectives"), max_length=TEXT_LONG, blank=True)
    targets = models.TextField(_("targets (sasaran)"), max_length=TEXT_LONG, blank=True)
    scope = models.TextField(_("scope (ruang lingkup)"), max_length=TEXT_LONG, blank=True)
    object_description = models.TextField(
        _("objects of cooperation"), max_length=TEXT_LONG, blank=True
    )
    affairs = models.ManyToManyField(
        "reference.GovernmentAffair",
        verbose_name=_("government affairs (bidang urusan)"),
        related_name="cooperations",
        blank=True,
    )
    public_services = models.ManyToManyField(
        "reference.PublicService",
        verbose_name=_("public services concerned"),
        related_name="cooperations",
        blank=True,
    )

    in_plan = models.BooleanField(_("in the regional plan (RPJMD/RKPD)"), default=True)
    plan_reference = models.CharField(_("plan reference"), max_length=300, blank=True)
    out_of_plan_reason = models.CharField(
        _("reason for an object outside the plan"),
        max_length=24,
        choices=OutOfPlanReason.choices,
        blank=True,
    )
    legal_regime = models.CharField(
        _("legal regime"), max_length=10, choices=LegalRegime.choices, default=LegalRegime.PP28_2018
    )

    # The two facts of the DPRD decision table (§7), stored separately; None = not yet assessed.
    burdens_community = models.BooleanField(
        _("burdens the community and the region"), null=True, blank=True
    )
    burden_justification = models.TextField(_("justification"), max_length=TEXT_LONG, blank=True)
    budgeted_in_apbd = models.BooleanField(
        _("funding budgeted in the current-year APBD"), null=True, blank=True
    )
    apbd_reference = models.CharField(_("APBD reference"), max_length=300, blank=True)
    # §6.3 ❓ ("make it a per-case checkbox, default yes, TKKSD review"): whether an addendum
    # passes the TKKSD again; the default is the setting `ADDENDUM_TKKSD_REVIEW`.
    addendum_tkksd_review = models.BooleanField(
        _("an addendum passes the TKKSD again"),
        default=addendum_review_default,
        help_text=_(
            "When ticked, signing an addendum without new TKKSD minutes asks for a reason."
        ),
    )

    # Kerja sama wajib: before the offer, the mapping is discussed in a technical coordination
    # (provincial level for kab/kota of one province, national otherwise; the level is derived
    # from the parties' codes, `agreements.wajib`) and agreed by the heads (§3.1, §5.3;
    # PP 28/2018 Pasal 5(2)–(3)).
    technical_coordination_on = models.DateField(
        _("date of the technical coordination"), null=True, blank=True
    )
    technical_coordination_reference = models.CharField(
        _("reference of the technical coordination (minutes, letter)"), max_length=300, blank=True
    )
    heads_agreement_on = models.DateField(
        _("date of the regional heads' agreement"), null=True, blank=True
    )
    heads_agreement_reference = models.CharField(
        _("reference of the regional heads' agreement"), max_length=300, blank=True
    )

    # Foreign cooperation: its objects (PP 28/2018 Pasal 23(2)) and the requirements of Pasal
    # 27 that are facts to be confirmed (§3.3). Diplomatic relations are derived from the
    # partner's country (`reference.lists`); the regional affair from the bidang urusan.
    foreign_objects = models.JSONField(
        _("objects of the foreign cooperation"), default=list, blank=True
    )
    foreign_no_representative_office = models.BooleanField(
        _("the region does not open a representative office abroad"), default=False
    )
    foreign_no_interference = models.BooleanField(
        _("the foreign party does not interfere in Indonesia's domestic affairs"), default=False
    )
    foreign_consistent_with_plans = models.BooleanField(
        _("consistent with national and regional policy and development plans"), default=False
    )
    foreign_technology_transfer = models.BooleanField(
        _("science and technology are transferred to Indonesian human resources"), default=False
    )
    ksdpl_equal_status = models.BooleanField(
        _("equal administrative status and/or territory"), default=False
    )
    ksdpl_complementary = models.BooleanField(_("the parties complement each other"), default=False)
    ksdpl_people_ties = models.BooleanField(
        _("it strengthens the ties between the peoples"), default=False
    )

    # Kept by the lifecycle (issue 3); set directly only when registering an existing case.
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, db_index=True)
    termination_reason = models.CharField(
        _("reason it ended"), max_length=24, choices=TerminationReason.choices, blank=True
    )
    terminated_on = models.DateField(_("ended on"), null=True, blank=True)

    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    ends_on = models.DateField(_("ends on"), null=True, blank=True, editable=False)
    # Issue 7: a case registered at a later stage skipped the preconditions of the steps before
    # it. `registered_stage` is where it was registered; `evidence_missing` how many statutory
    # documents and facts it still lacks for that stage (`completeness.missing_evidence`), kept
    # by the services through `completeness.evidence_refresh`: 0 = complete ("lengkap").
    registered_stage = models.CharField(
        _("stage at registration"), max_length=24, choices=Stage.choices, blank=True, editable=False
    )
    evidence_missing = models.PositiveSmallIntegerField(
        _("missing evidence"), default=0, editable=False
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by_tenant = models.ForeignKey(
        "accounts.Tenant",
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    # Not a field: each party's number of the principal agreement, set on the registry's rows
    # by `selectors.attach_party_numbers`, with its urusan codes.
    numbers_by_party: dict[int, str]
    affair_codes: list[str]
    # Not fields either: the title with the search's matches marked and where else they were
    # found (`search.attach_highlights`, issue 8).
    title_marked: SafeString | None
    found_in: list[Any]

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-signed_on", "-id"]
        indexes = [
            # Sorting the registry by end of term ("expiring soon" reads the deadlines instead:
            # selectors.expiring_q).
            models.Index(fields=["ends_on"], name="cooperation_ends_on"),
            models.Index(fields=["signed_on"], name="cooperation_signed_on"),
            models.Index(fields=["kind", "stage"], name="cooperation_kind_stage"),
            # The registry's "belum lengkap" filter and the dashboard's count of incomplete
            # cases (few among many): only the rows that lack evidence are indexed.
            models.Index(
                fields=["evidence_missing"],
                condition=models.Q(evidence_missing__gt=0),
                name="cooperation_incomplete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    @property
    def dprd_approval_required(self) -> bool | None:
        """§7: always for foreign cooperation; for KSDD/KSDPK when the plan burdens the
        community and the region or its funding is not yet budgeted. None while unassessed;
        not stated for sinergi (§7 ❓): the setting `KERJASAMA["SINERGI_NEEDS_DPRD"]` (default
        off → False) makes a sinergi follow the KSDD test."""
        if self.kind in FOREIGN_KINDS:
            return True
        if self.kind == CooperationKind.SINERGI and not settings.KERJASAMA.get(
            "SINERGI_NEEDS_DPRD", False
        ):
            return False
        if self.burdens_community is True or self.budgeted_in_apbd is False:
            return True
        if self.burdens_community is None or self.budgeted_in_apbd is None:
            return None  # one fact still unknown: not yet assessed
        return False


class Party(models.Model):
    """A party to a cooperation (§8.2). For a party that is a tenant region, its OPDs and its
    register number are its own: only that party's secretariat edits them."""

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("cooperation"), on_delete=models.CASCADE, related_name="parties"
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="parties",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), help_text=_("1 = first party (pihak kesatu), 2 = second party, …")
    )
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    initiating_opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("initiating OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiated_parties",
    )
    executing_opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("executing OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="executed_parties",
    )
    register_number = models.CharField(
        _("register number"),
        max_length=60,
        blank=True,
        help_text=_("The number of this case in the party's own register (kode internal)."),
    )
    # Increases with every write of the party's own data; an edit made on an older copy is
    # refused (services.party_update, issue 6/18).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["cooperation", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "partner"],
                name="party_unique_partner",
                violation_error_message=_("This partner is already a party to this cooperation."),
            ),
            models.UniqueConstraint(
                fields=["cooperation", "order"],
                name="party_unique_order",
                violation_error_message=_("Two parties cannot have the same place in the order."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.partner)


class Document(TimeStampedModel):
    """A document of the case (§3.4, §8.3): a KB, a PKS under it, an addendum, a KAK …

    Agreements (`AGREEMENT_KINDS`) are numbered by each party (`DocumentParty`) and have a
    term; a PKS has its KB as parent, an addendum the agreement it amends.
    """

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    number = models.CharField(
        _("letter number"),
        max_length=120,
        blank=True,
        help_text=_("For letters and papers; agreements are numbered by each party below."),
    )
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(
        _("status"), max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    signed_on = models.DateField(_("date"), null=True, blank=True)
    signed_place = models.CharField(_("place"), max_length=120, blank=True)
    start_date = models.DateField(_("start of term"), null=True, blank=True)
    end_date = models.DateField(_("end of term"), null=True, blank=True)
    mandatory_clauses_confirmed = models.BooleanField(
        _("contains the four mandatory clauses of PP 28/2018 Pasal 19(2)"),
        default=False,
        help_text=_("Rights and obligations, duration, dispute settlement, sanctions (KSDPK)."),
    )
    notice_period_days = models.PositiveSmallIntegerField(
        _("notice period before expiry (days)"), null=True, blank=True
    )
    # §5.5 ❓: the rows of the region's content checklist this KB/PKS was checked against
    # (issue 7); a missing tick warns when it is signed.
    content_items = models.ManyToManyField(
        "accounts.ContentChecklistItem",
        verbose_name=_("content checked"),
        related_name="documents",
        blank=True,
    )
    # §6.3: what an addendum changes, as dated facts: {"end_date": {"old": …, "new": …},
    # "scope": {…}, "financing": {…}, "parties": {…}, "obligations": {…}} (issue 7, item 9).
    amendments = models.JSONField(_("facts changed"), default=dict, blank=True)
    executing_opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("executing OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    summary = models.TextField(_("summary"), max_length=TEXT_LONG, blank=True)
    # A PKS walks its own road (issue 7, `pathways.PKS_STEPS`): kept by the lifecycle only.
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, blank=True, editable=False
    )
    termination_reason = models.CharField(
        _("reason it ended"),
        max_length=24,
        choices=TerminationReason.choices,
        blank=True,
        editable=False,
    )
    terminated_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    # The reporting period a report covers (§12): it meets that period's deadline only.
    period_start = models.DateField(_("period covered: from"), null=True, blank=True)
    period_end = models.DateField(_("period covered: to"), null=True, blank=True)
    # To whom a report is addressed and when it was sent (§8.4 `Laporan.tujuan`,
    # `tanggal_kirim`; the letter number is `number`): it meets only its recipient's reporting
    # duty (`agreements.reporting`, §12).
    addressee = models.CharField(
        _("addressed to"),
        max_length=16,
        choices=ReportAddressee.choices,
        blank=True,
        help_text=_(
            "Reports only: a report meets only the reporting duty of its recipient (the report "
            "to the Minister only that one). Left empty, it is an internal report."
        ),
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Raised by every edit; an edit made on an older copy is refused (two secretariats).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["cooperation", "signed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="document_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message=_("The end of the term must be on or after its start."),
            )
        ]
        indexes = [
            models.Index(fields=["end_date"], name="document_end_date"),
            # The registry's stage filter on each PKS's own stage (selectors.cooperation_list).
            models.Index(fields=["cooperation", "kind", "stage"], name="document_coop_kind_stage"),
        ]

    def __str__(self) -> str:
        return self.title

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise constraint_errors_on_fields(error, {"end_before_start": "end_date"}) from None

    @property
    def is_agreement(self) -> bool:
        return self.kind in AGREEMENT_KINDS

    def effective_end(self, *, excluding: Document | None = None) -> dt.date | None:
        """The end of term as extended by its signed addenda (§6.3), leaving out `excluding`
        (an addendum being written, to know the end it changes). Reads `children` (prefetched
        by the daily job; one query otherwise)."""
        ends = [self.end_date] + [
            child.end_date
            for child in self.children.all()
            if child.kind == DocumentKind.ADDENDUM
            and child.status == DocumentStatus.SIGNED
            and (excluding is None or child.pk != excluding.pk)
        ]
        known = [end for end in ends if end is not None]
        return max(known) if known else None

    def _initial_pks_stage(self) -> str:
        """A PKS starts its own road in drafting. The first signed PKS of a case registered at
        a later stage (signed, in force) documents that stage and takes it."""
        case_stage = self.cooperation.stage if self.cooperation_id else ""
        if (
            self.status == DocumentStatus.SIGNED
            and case_stage in (Stage.PKS_SIGNED, Stage.IN_FORCE)
            and not Document.objects.filter(
                cooperation_id=self.cooperation_id, kind=DocumentKind.PKS
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            return case_stage
        return Stage.PKS_DRAFTING

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A PKS walks its own road (issue 7); other documents have none.
        if self.kind == DocumentKind.PKS and not self.stage:
            self.stage = self._initial_pks_stage()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "stage"}
        elif self.kind != DocumentKind.PKS and self.stage:
            self.stage = ""
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "stage"}
        super().save(*args, **kwargs)

    @property
    def amendment_rows(self) -> list[tuple[str, str, str]]:
        """What an addendum changes (§6.3), as (fact, old, new) in the reader's language."""
        rows = []
        for name, label in AMENDMENT_LABELS.items():
            change = (self.amendments or {}).get(name)
            if not change:
                continue
            old, new = change.get("old"), change.get("new")
            if name == "end_date":
                old, new = format_date(old), format_date(new)
            rows.append((str(label), old or "—", new or "—"))
        return rows


# The facts an addendum records as changed (§6.3), with their labels (`Document.amendments`).
AMENDMENT_LABELS = {
    "end_date": _("End of term"),
    "scope": _("Scope"),
    "financing": _("Financing"),
    "parties": _("Parties"),
    "obligations": _("Obligations"),
}


class DocumentParty(models.Model):
    """A party's own facts about an agreement: its number in the party's register and the
    signatory for that party (§3.4, §8.3 `nomor` per party)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="party_entries"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="document_entries"
    )
    number = models.CharField(_("number"), max_length=120, blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    under_power_of_attorney = models.BooleanField(
        _("signed under a power of attorney (surat kuasa)"), default=False
    )

    class Meta:
        verbose_name = _("party's entry for a document")
        verbose_name_plural = _("parties' entries for documents")
        ordering = ["document", "party__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "party"],
                name="document_party_unique",
                violation_error_message=_("This party already has an entry for this document."),
            )
        ]
        indexes = [models.Index(fields=["number"], name="document_party_number")]

    def __str__(self) -> str:
        return f"{self.party}: {self.number}"


def _document_file_path(instance: DocumentFile, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return (
        f"documents/{instance.document.cooperation_id}/{instance.document_id}/"
        f"v{instance.version}-{instance.sha256[:16]}.{extension}"
    )


class DocumentFile(models.Model):
    """One uploaded version of a document's file. Versions are never overwritten or deleted."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="files"
    )
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=_document_file_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["document", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version"],
                name="document_file_version",
                violation_error_message=_(
                    "Another version of this file was stored at the same moment. Upload it again."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"


class FinancingLine(models.Model):
    """A source of money for the cooperation and its amount in Rupiah (§8.1 `sumber_pendanaan`)."""

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="financing",
    )
    source = models.CharField(_("source"), max_length=12, choices=FinancingSource.choices)
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="financing",
        help_text=_("Whose APBD, for APBD funding."),
    )
    amount = models.DecimalField(_("amount (Rp)"), max_digits=18, decimal_places=2)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("financing line")
        verbose_name_plural = _("financing lines")
        ordering = ["cooperation", "fiscal_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="financing_amount_positive",
                violation_error_code="negative_amount",
                violation_error_message=_("The amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {rupiah(self.amount)}"

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise constraint_errors_on_fields(error, {"negative_amount": "amount"}) from None


class WarningOverride(models.Model):
    """A ❓ rule's warning that the secretariat chose to override, with its reason (§9, 13–18)."""

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    code = models.CharField(_("warning"), max_length=40)
    message = models.TextField(_("message"))
    reason = models.TextField(_("reason"), max_length=TEXT_REASON)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("overridden warning")
        verbose_name_plural = _("overridden warnings")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"

    @property
    def label(self) -> str:
        """The warning's name in the reader's language, never its raw code."""
        return warning_label(self.code)

    @property
    def shown_message(self) -> str:
        """The warning's text in the reader's language where it can be re-rendered, else the
        stored text the user saw (`agreements.warning_texts`)."""
        return warning_text(self.code, self.message)


class Transition(models.Model):
    """One step of a cooperation along its pathway (§5.3, §6.1, §6.2): who moved it, when,
    through which interface, from which stage to which, and what was recorded on the way.

    Written only by `agreements.lifecycle.cooperation_transition`; never edited or deleted.
    """

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    # The PKS whose own road this step is on (issue 7); None for the case's road.
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transitions",
    )
    action = models.CharField(_("action"), max_length=40)
    from_stage = models.CharField(_("from stage"), max_length=24, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=24, choices=Stage.choices)
    on = models.DateField(
        _("date"), help_text=_("The day it happened (may precede the day recorded).")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    interface = models.CharField(_("interface"), max_length=8, choices=Interface.choices)
    reason = models.TextField(_("reason"), max_length=TEXT_REASON, blank=True)
    data = models.JSONField(_("recorded facts"), default=dict, blank=True)
    overrides = models.JSONField(_("overridden preconditions"), default=list, blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["cooperation", "on", "id"]
        indexes = [models.Index(fields=["cooperation", "on"], name="transition_cooperation_on")]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"

    @property
    def attested(self) -> list[str]:
        """What the step's form attested, in the reader's language (e.g. for a take-over, that
        guidance was given and the Minister approved, §6.6), for the record's step history."""
        labels = []
        if self.data.get("failed_party_name"):
            # §6.6: which party did not perform decides who takes over (PP 28/2018 Pasal 10).
            labels.append(
                str(
                    _("Party that did not perform: %(name)s")
                    % {"name": self.data["failed_party_name"]}
                )
            )
        by = self.data.get("taken_over_by")
        if by in TAKEN_OVER_BY:
            labels.append(str(TAKEN_OVER_BY[by]))
        labels += [
            str(label) for key, label in ATTESTED_FACTS.items() if self.data.get(key) is True
        ]
        return labels


# Facts a step's form attests with a tick (their labels as on the form).
ATTESTED_FACTS = {
    "guidance_given": _("Guidance was given first"),
    "obstacles_evaluated": _("The obstacles were evaluated"),
    "minister_approved": _("The Minister approved (take-over by the governor)"),
}
TAKEN_OVER_BY = {
    "governor": _("Taken over by the governor as representative of the central government"),
    "central_government": _("Taken over by the central government"),
}


class DprdDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DprdApproval(models.Model):
    """A request for the DPRD's approval and its decision (§7, §8.4 `PersetujuanDPRD`).
    For foreign cooperation the DPRD decides within 45 working days of receipt (PP 28/2018
    Pasal 30(4)); `due_on` is computed by the lifecycle from `received_on`."""

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="dprd_approvals",
    )
    # The PKS the decision is about (§7 per PKS, issue 7); None: the case's decision before
    # its first PKS.
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dprd_approvals",
    )
    requested_on = models.DateField(_("date of the request letter"))
    received_on = models.DateField(_("received by the DPRD on"))
    due_on = models.DateField(_("decision due on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=DprdDecision.choices, default=DprdDecision.PENDING
    )
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("DPRD approval")
        verbose_name_plural = _("DPRD approvals")
        ordering = ["cooperation", "received_on", "id"]

    def __str__(self) -> str:
        received = date_format(self.received_on, "DATE_FORMAT") if self.received_on else ""
        return f"DPRD {received}: {self.get_decision_display()}"


class SupervisionFinding(TimeStampedModel):
    """A finding of general supervision about a cooperation (PP 12/2017 Pasal 27, §12): the
    regional head follows it up within 60 working days of receiving it."""

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    received_on = models.DateField(_("received on"))
    source = models.CharField(
        _("source"), max_length=200, help_text=_("e.g. Inspektorat, GWPP, Kemendagri")
    )
    summary = models.TextField(_("finding"), max_length=TEXT_LONG)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), max_length=TEXT_LONG, blank=True)

    class Meta:
        verbose_name = _("supervision finding")
        verbose_name_plural = _("supervision findings")
        ordering = ["cooperation", "received_on"]

    def __str__(self) -> str:
        return self.summary[:80]


class DeadlineKind(models.TextChoices):
    """The kinds of deadline the agreements' rules make (`agreements.deadlines`); other apps
    register their own with the `deadlines` registry."""

    DPRD_DECISION = "dprd_decision", _("DPRD decision")
    EXPIRY = "expiry", _("End of term")
    FINDING_FOLLOW_UP = "finding_follow_up", _("Follow-up of a supervision finding")
    REPORT = "report", _("Implementation report")
    STAGE_TIME = "stage_time", _("Time at a stage")


class PartyChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the party's answer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class PartyChangeRequest(TimeStampedModel):
    """A request to withdraw a party region that uses Kerjasama from a shared cooperation
    (issue 6/15). Another party's secretariat asks; only the withdrawn region's own secretariat
    accepts (the party is then removed) or refuses. Both sides are notified in the app."""

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="party_requests",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="change_requests",
    )
    party_name = models.CharField(_("party"), max_length=250)
    party_region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by_tenant = models.ForeignKey(
        "accounts.Tenant",
        verbose_name=_("requested by region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartyChangeStatus.choices,
        default=PartyChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("request to withdraw a party")
        verbose_name_plural = _("requests to withdraw a party")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=models.Q(status="pending"),
                name="party_change_one_pending",
                violation_error_message=_(
                    "This party has already been asked to leave; wait for its answer."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.party_name


class AccessVia(models.TextChoices):
    """Why a region may read a case (docs/ARCHITECTURE.md, "Visibility and editing")."""

    PARTY = "party", _("party")
    # A kabupaten/kota of this province is a party (province oversight, §6.6 take-over).
    OVERSIGHT = "oversight", _("oversight")
    # Both at once: the province is a party and so is one of its kabupaten/kota. One value for
    # the pair keeps one row per (region, case), and an oversight-only reader still finds it.
    BOTH = "both", _("party and oversight")


# Sort keys of a date that may be missing: the registry puts undated cases last whichever way
# it sorts, so an ascending key maps "no date" to the largest date and a descending one to the
# smallest; both are NOT NULL, so a keyset condition `(key, id) < (…, …)` stays one index range.
DATE_HIGH = dt.date(9999, 12, 31)
DATE_LOW = dt.date(1, 1, 1)


class CaseAccess(models.Model):
    """One row per (region that may read a case, case): a derived index, never the truth.

    Kept in step by the services (`agreements.access.access_refresh`, called in the write's
    transaction by every service that changes a party, an OPD, the stage, the kind, the title,
    the dates or the evidence count; `access_rebuild` recomputes all of it). It carries the
    columns the registry filters, counts and sorts on, so that a region's first page, a single
    filter and the dashboard's facet counts are read from an index led by the region, without
    touching `Cooperation` (issue 8).
    """

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="access_rows",
        verbose_name=_("case"),
        db_index=False,  # the unique constraint (cooperation, region) is its index
    )
    # No index of its own: every index of the table is led by the region (Meta).
    region = models.ForeignKey(
        "reference.Region",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("region"),
        db_index=False,
    )
    via = models.CharField(_("via"), max_length=9, choices=AccessVia.choices)
    # Copies of the case's columns (Cooperation stays the source of truth).
    kind = models.CharField(_("type"), max_length=8)
    stage = models.CharField(_("stage"), max_length=24)
    stage_order = models.PositiveSmallIntegerField(_("stage order"))
    title = models.CharField(_("title"), max_length=500)
    signed_asc = models.DateField(_("signed on (ascending key)"))
    signed_desc = models.DateField(_("signed on (descending key)"))
    ends_asc = models.DateField(_("ends on (ascending key)"))
    ends_desc = models.DateField(_("ends on (descending key)"))
    evidence_missing = models.PositiveSmallIntegerField(_("evidence missing"), default=0)
    # The first and the last signature of any signed agreement of the case (KB, NK, foreign
    # text, each PKS, each addendum; `TERM_KINDS`), DATE_HIGH/DATE_LOW when none: the span of
    # the registry's "year of signing" options, read in two index probes, and a range that
    # rules out most cases before the year filter tests a case's documents (issue 8).
    signed_first = models.DateField(_("first signature"), default=DATE_HIGH)
    signed_last = models.DateField(_("last signature"), default=DATE_LOW)
    # The dashboard (issue 8): the groups of the case's bidang urusan as bits (1 << group - 1,
    # `AffairGroup`), so that its counts per group are read from these rows, and the case's
    # `updated_at`, the order in which "needs my action" looks at the cases.
    affair_groups = models.PositiveSmallIntegerField(_("groups of government affairs"), default=0)
    changed_at = models.DateTimeField(_("changed at"), null=True)
    # The case's first open deadline, and its first open end of term (`DeadlineKind.EXPIRY`),
    # kept by the deadline refresh: the dashboard's overdue and expiring counts and lists read
    # the few cases with such a date in range, not every visible case (issue 8).
    due_first = models.DateField(_("first open deadline"), null=True)
    expiry_first = models.DateField(_("first open end of term"), null=True)

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case access")
        constraints = [
            # Led by the case: `access_refresh` reads and replaces a case's rows by it.
            models.UniqueConstraint(
                fields=["cooperation", "region"],
                name="case_access_unique",
                violation_error_message=_("A region has one access row per cooperation."),
            )
        ]
        # Each sort of the registry (selectors.SORTS) walks its own index under the region, the
        # id breaking ties; `via`, the stage and the kind ride along (PostgreSQL INCLUDE) so
        # the first page and the facet counts are index-only scans.
        indexes = [
            models.Index(
                fields=["region", name, "cooperation"],
                include=[c for c in ("via", "stage", "kind") if c != name],
                name=f"case_access_{short}",
            )
            for name, short in (
                ("signed_desc", "sd"),
                ("signed_asc", "sa"),
                ("ends_asc", "ea"),
                ("ends_desc", "ed"),
                ("title", "ti"),
                ("stage_order", "so"),
                ("kind", "ki"),
            )
        ] + [
            # `cooperation_visible_to` (the ids of a region's cases) and the registry's count:
            # with `via` along, both are index-only scans.
            models.Index(fields=["region", "cooperation"], include=["via"], name="case_access_rc"),
            # A stage filter in the default order, and the dashboard's count per stage.
            models.Index(
                fields=["region", "stage", "signed_desc", "cooperation"],
                include=["via"],
                name="case_access_stage",
            ),
            # The span of the year options (`selectors.registry_years`).
            models.Index(fields=["region", "signed_first"], include=["via"], name="case_access_sf"),
            models.Index(fields=["region", "signed_last"], include=["via"], name="case_access_sl"),
            # "Belum lengkap": few among many, only those rows.
            models.Index(
                fields=["region", "cooperation"],
                condition=models.Q(evidence_missing__gt=0),
                include=["via"],
                name="case_access_incomplete",
            ),
            # The dashboard: "needs my action" walks a region's most recently changed cases,
            # and its counts (type, stage, incomplete, urusan group) are one index-only scan.
            models.Index(
                fields=["region", "changed_at", "cooperation"],
                include=["via", "kind", "stage", "evidence_missing", "affair_groups"],
                name="case_access_dash",
            ),
            models.Index(
                fields=["region", "due_first", "cooperation"],
                include=["via"],
                name="case_access_due",
            ),
            models.Index(
                fields=["region", "expiry_first", "cooperation"],
                include=["via", "stage"],
                name="case_access_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} → {self.cooperation_id} ({self.via})"


class CaseOpd(models.Model):
    """An OPD named on a case: initiating or executing OPD of a party, or executing OPD of a
    document. What an OPD officer sees (with its region's party row in `CaseAccess`) and the
    registry's OPD filter; derived like `CaseAccess` and kept by the same function."""

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="opd_rows", verbose_name=_("case")
    )
    opd = models.ForeignKey(
        "accounts.Opd", on_delete=models.CASCADE, related_name="+", verbose_name=_("OPD")
    )

    class Meta:
        verbose_name = _("case OPD")
        verbose_name_plural = _("case OPDs")
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "cooperation"],
                name="case_opd_unique",
                violation_error_message=_("An OPD is named once per cooperation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.opd_id} → {self.cooperation_id}"


class CaseTag(models.Model):
    """A fact of a case the registry filters on, under each region that may read the case: a
    derived index like `CaseAccess`, kept by the same function (`access.access_refresh`).

    The filters on a case's urusan, urusan group, year of signing and PKS stage test facts a
    case has several of; tested case by case (`EXISTS`), a filter that few cases match read
    every case the region sees to count them. Under the region, those cases are one range of
    the primary key (region, tag) (issue 8). The tags (`access.case_tags`):
    `a:<urusan code>`, `g:<urusan group>`, `y:<year an agreement was signed>`,
    `p:<stage of a PKS on its own road>`, and `yx:<year>` for a year before the case's own
    date of signing (`Cooperation.signed_on`, the first principal agreement or PKS) in which
    an agreement was signed all the same — an addendum whose agreement is not on file — so
    that the year filter's walk down the dates can start at the year's end (`selectors`).
    """

    pk = models.CompositePrimaryKey("region", "tag", "cooperation")
    region = models.ForeignKey(
        "reference.Region",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("region"),
        db_index=False,  # the primary key leads with it
    )
    tag = models.CharField(_("tag"), max_length=40)
    # Indexed for `access_refresh`, which reads and replaces a case's rows by it. Not a
    # covering index: a page that walks its sort index tests each case's tag by the primary
    # key, whose entries for one (region, tag) are a few adjacent pages (issue 8).
    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="tag_rows", verbose_name=_("case")
    )

    class Meta:
        verbose_name = _("case tag")
        verbose_name_plural = _("case tags")

    def __str__(self) -> str:
        return f"{self.region_id} {self.tag} → {self.cooperation_id}"
