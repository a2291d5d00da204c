"""Forms of the registry. They parse and validate input; the services do the writing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundWidget
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import ContentChecklistItem, Opd, Role, User
from kerjasama.agreements.deadlines import documents_meeting, meeting_kinds_text
from kerjasama.agreements.enums import (
    AGREEMENT_KINDS,
    PARENT_KINDS,
    STAGES_BY_KIND,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    FinancingSource,
    ForeignObject,
    Initiative,
    Stage,
    TerminationReason,
)
from kerjasama.agreements.models import (
    Cooperation,
    Document,
    FinancingLine,
    Party,
)
from kerjasama.agreements.pathways import Action, Fact
from kerjasama.agreements.permissions import can_edit_cooperation, cooperation_is_signed
from kerjasama.agreements.reporting import REPORT_KINDS
from kerjasama.agreements.selectors import content_checklist_for
from kerjasama.agreements.services import AMENDABLE_FACTS, COOPERATION_FIELDS
from kerjasama.agreements.takeover import region_parties
from kerjasama.core.text import TEXT_LONG, TEXT_REASON
from kerjasama.core.widgets import FastSelect
from kerjasama.deadlines.registry import kind_choices
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.forms import partner_ref
from kerjasama.partners.models import Partner
from kerjasama.reference.models import AffairGroup, GovernmentAffair, PublicService, Region


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name` as the choice field it is (django-stubs types `form.fields[…]`
    as a plain `Field`, without `choices`)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    return field


def _model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name` as the model choice field it is (to set its `queryset`)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), name
    return field


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Partner references ------------------------------------------------------------------------
# A party is typed as text: a region code ("61.72"), a partner reference ("P12"), or a name. The
# suggestion list (HTMX) fills in the same text, so the form works the same with or without
# JavaScript.
_REF = re.compile(r"^\s*(?:(?P<code>\d{2}(?:\.\d{2})?)|P(?P<pk>\d+))(?:\s|$)", re.IGNORECASE)


def resolve_partner(text: str) -> Partner | Region:
    """The region or partner `text` names, or a ValidationError saying why not."""
    text = " ".join(text.split())
    match = _REF.match(text)
    if match and match.group("code"):
        region = Region.objects.filter(code=match.group("code")).first()
        if region is None:
            raise ValidationError(
                _("No region has the code %(code)s.") % {"code": match.group("code")}
            )
        return region
    if match and match.group("pk"):
        partner = Partner.objects.filter(pk=match.group("pk")).first()
        if partner is None:
            raise ValidationError(
                _("No partner has the reference %(ref)s.") % {"ref": text.split()[0]}
            )
        return partner
    regions = [
        r
        for r in Region.objects.filter(name__iexact=text.removeprefix("Provinsi ").strip())
        if not r.retired
    ]
    partners = list(Partner.objects.exclude(kind=PartnerKind.REGION).filter(name__iexact=text)[:5])
    found: list[Partner | Region] = [*regions, *partners]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(
            _(
                "No region or partner is called “%(text)s”. Type a region code such as 61.72, "
                "pick a suggestion, or register the partner first."
            )
            % {"text": text}
        )
    raise ValidationError(
        _("Several match “%(text)s”: %(list)s. Type the code or reference.")
        % {"text": text, "list": "; ".join(partner_ref(f) for f in found)}
    )


class PartyRowForm(forms.Form):
    partner = forms.CharField(
        label=_("Party"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("61.72 or a name")}),
    )
    signatory_name = forms.CharField(label=_("Signatory"), max_length=150, required=False)
    signatory_position = forms.CharField(
        label=_("Signatory's position"), max_length=200, required=False
    )

    def clean_partner(self):
        return resolve_partner(self.cleaned_data["partner"])


class BasePartyFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if len(rows) < 2:
            raise ValidationError(_("A cooperation has at least two parties."))


# No minimum in the formset itself: empty rows are allowed, and "at least two parties" is said
# once, by `BasePartyFormSet.clean`, rather than as "required" on a blank row.
def party_formset_class(existing: int = 0) -> type[BasePartyFormSet]:
    """The parties formset, with blank rows up to two parties plus one spare."""
    # `formset_factory` makes a subclass of `formset`; django-stubs types it as the base class.
    return cast(
        "type[BasePartyFormSet]",
        forms.formset_factory(
            PartyRowForm,
            formset=BasePartyFormSet,
            extra=max(0, 2 - existing) + 1,
            can_delete=True,
            max_num=20,
        ),
    )


# --- Cooperation -----------------------------------------------------------------------------


class GroupedAffairsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: GovernmentAffair) -> str:
        return f"{obj.code} {obj.name}"


TRI_STATE = [("", _("Not yet assessed")), ("true", _("Yes")), ("false", _("No"))]


class CooperationForm(forms.ModelForm):
    affairs = GroupedAffairsField(
        label=_("Government affairs (bidang urusan)"),
        queryset=GovernmentAffair.objects.order_by("code"),
        required=False,
    )
    public_services = forms.ModelMultipleChoiceField(
        label=_("Public services concerned"),
        queryset=PublicService.objects.filter(active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    burdens_community = forms.TypedChoiceField(
        label=_("Does it burden the community and the region?"),
        choices=TRI_STATE,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
    )
    budgeted_in_apbd = forms.TypedChoiceField(
        label=_("Is its funding budgeted in the current-year APBD?"),
        choices=TRI_STATE,
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Reason for going ahead despite the warnings"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_REASON,
        required=False,
    )
    # Issue 7: the objects of foreign cooperation (PP 28/2018 Pasal 23(2), §3.3).
    foreign_objects = forms.MultipleChoiceField(
        label=_("Objects of the foreign cooperation (PP 28/2018 Pasal 23(2))"),
        choices=ForeignObject.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Cooperation
        # The service's list of facts (one place), plus the two many-to-many choices.
        fields = [*COOPERATION_FIELDS, "affairs", "public_services"]
        widgets = {
            "terminated_on": DATE_WIDGET,
            "technical_coordination_on": DATE_WIDGET,
            "heads_agreement_on": DATE_WIDGET,
            "title": forms.TextInput(attrs={"class": "wide"}),
            "background": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "targets": forms.Textarea(attrs={"rows": 2}),
            "scope": forms.Textarea(attrs={"rows": 4}),
            "object_description": forms.Textarea(attrs={"rows": 2}),
            "burden_justification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user: User, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            for name in ("burdens_community", "budgeted_in_apbd"):
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else ("true" if value else "false")
        # Registering a case already under way (at a later stage, or ended) is for the
        # secretariat only (docs/ARCHITECTURE.md): others never get these fields.
        if not user.has_role(Role.SECRETARIAT):
            for name in ("termination_reason", "terminated_on"):
                self.fields.pop(name, None)
        if creating and user.has_role(Role.SECRETARIAT):
            self.fields["stage"] = forms.ChoiceField(
                label=_("Current stage"),
                help_text=_(
                    "For a new proposal keep the first stage; when registering a cooperation that "
                    "is already under way, choose the stage it has reached."
                ),
                choices=[("", _("First stage of its type")), *list(Stage.choices)],
                required=False,
            )
            # Issue 7: registered beyond its first stage without the evidence of the earlier
            # steps, a case needs a recorded reason (services._registration_reason).
            self.fields["registration_reason"] = forms.CharField(
                label=_("Why is it registered without all its documents?"),
                help_text=_(
                    "Needed when the documents of the earlier steps are not on file, e.g. an "
                    "agreement made before Kerjasama was used. The record shows what is "
                    "missing until it is added."
                ),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=TEXT_REASON,
                required=False,
            )
        if creating:
            opds = Opd.objects.filter(tenant=user.tenant, active=True).order_by("name")
            self.fields["own_initiating_opd"] = forms.ModelChoiceField(
                label=_("Initiating OPD (your region)"), queryset=opds, required=False
            )
            self.fields["own_executing_opd"] = forms.ModelChoiceField(
                label=_("Executing OPD (your region)"), queryset=opds, required=False
            )
            self.fields["own_register_number"] = forms.CharField(
                label=_("Number in your region's register"), max_length=60, required=False
            )
        else:
            # Ending a case is a lifecycle transition (issue 3), not an edit.
            self.fields.pop("termination_reason", None)
            self.fields.pop("terminated_on", None)
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial["version"] = self.instance.version
            _add_change_reason(self, signed=_signed(self.instance))

    def clean(self):
        data = super().clean()
        stage, kind = data.get("stage"), data.get("kind")
        if stage and kind and stage not in STAGES_BY_KIND[kind]:
            self.add_error("stage", _("This stage is not on the pathway of the chosen type."))
        # PP 28/2018 Pasal 18(1) (§3.2): the three criteria concern a third party's own
        # proposal only; when the region initiates they are not recorded, whatever was ticked.
        if "initiative" in data and data["initiative"] != Initiative.PARTNER:
            for name in ("proposal_fits_master_plan", "proposal_feasible", "proposer_able_to_fund"):
                if name in data:
                    data[name] = False
        return data

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in self.Meta.fields
            if name in self.fields and name not in ("affairs", "public_services")
        }

    def affair_groups(self) -> list[tuple[str | Promise, list[BoundWidget]]]:
        """The affair checkboxes grouped by urusan group, for the template."""
        affairs = _model_choice_field(self, "affairs").queryset
        by_code = {a.code: a.group for a in affairs} if affairs is not None else {}
        groups: dict[int, list[BoundWidget]] = {g.value: [] for g in AffairGroup}
        for widget in self["affairs"]:
            code = str(widget.choice_label).split(" ", 1)[0]
            groups[by_code.get(code, 1)].append(widget)
        return [(AffairGroup(g).label, items) for g, items in groups.items()]


# --- Party's own data --------------------------------------------------------------------------


class OwnPartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = [
            "register_number",
            "initiating_opd",
            "executing_opd",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiating_opd"].queryset = opds
        self.fields["executing_opd"].queryset = opds
        # The copy this edit was made on; a stale one is refused (issue 6/18).
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
        self.initial["version"] = self.instance.version


def _signed(cooperation: Cooperation) -> bool:
    return cooperation_is_signed(cooperation)


def _add_change_reason(form: forms.BaseForm, *, signed: bool) -> None:
    """Once an agreement is signed, a change is made with a recorded reason (issue 6/14)."""
    if signed:
        form.fields["change_reason"] = forms.CharField(
            label=_("Reason for this change"),
            help_text=_("An agreement is signed: the reason is recorded with the change."),
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=1000,
            required=True,
        )


class FinancingRemoveForm(forms.Form):
    """Confirms the removal of a financing line; after signing, with the reason."""

    def __init__(self, *args, signed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if signed:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for removing it"),
                help_text=_("An agreement is signed: the reason is recorded with the change."),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=1000,
            )


# --- Documents ---------------------------------------------------------------------------------


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("File (PDF or DOCX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    override_reason = forms.CharField(
        label=_("Reason for going ahead despite the warnings"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_REASON,
        required=False,
    )

    class Meta:
        model = Document
        fields = [
            "kind",
            "parent",
            "number",
            "title",
            "status",
            "signed_on",
            "signed_place",
            "start_date",
            "end_date",
            "notice_period_days",
            "mandatory_clauses_confirmed",
            "executing_opd",
            "summary",
            "period_start",
            "period_end",
            "addressee",
            "sent_on",
        ]
        widgets = {
            "sent_on": DATE_WIDGET,
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "signed_on": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, cooperation: Cooperation, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Document.objects.filter(
            cooperation=cooperation,
            kind__in=[
                DocumentKind.KB,
                DocumentKind.PKS,
                DocumentKind.NK,
                DocumentKind.FOREIGN_TEXT,
            ],
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields.pop("upload")
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial["version"] = self.instance.version
            _add_change_reason(
                self,
                signed=self.instance.kind in AGREEMENT_KINDS
                and self.instance.status == DocumentStatus.SIGNED,
            )
        _model_choice_field(self, "parent").queryset = parents
        # §1, §14 item 14: the names the KB goes by in practice.
        self.fields["kind"].help_text = _(
            "A Kesepakatan Bersama (KB) is also called KSB or MoU in regional practice: record it "
            "as a KB."
        )
        self.fields["parent"].help_text = _(
            "For a PKS: the Kesepakatan Bersama it implements. For an addendum: the agreement it "
            "amends."
        )
        # A new PKS (or addendum …) asked for by its kind: preselect the only possible parent.
        kind = self.initial.get("kind")
        if not self.is_bound and not self.instance.pk and kind in PARENT_KINDS:
            candidates = list(parents.filter(kind__in=PARENT_KINDS[kind])[:2])
            if len(candidates) == 1:
                self.initial.setdefault("parent", candidates[0].pk)
        if not self.instance.pk and not can_edit_cooperation(user, cooperation):
            # After signing an involved OPD officer reports progress: no agreements (issue 6/14).
            kinds = _choice_field(self, "kind")
            # Read back, a field's choices are the (value, label) pairs Django normalised them to.
            pairs = cast("list[tuple[str, str]]", kinds.choices)
            kinds.choices = [c for c in pairs if c[0] not in AGREEMENT_KINDS]
        _model_choice_field(self, "executing_opd").queryset = Opd.objects.filter(
            tenant=user.tenant, active=True
        ).order_by("name")
        self.fields["executing_opd"].help_text = _("Your region's OPD that carries it out.")
        self.fields["period_start"].help_text = _(
            "Reports only: the period the report covers. Left empty, it is the oldest period "
            "still awaiting its report (a late 2025 report filed in 2026 covers 2025)."
        )
        _add_issue7_document_fields(self, cooperation)
        _drop_report_fields_unless_report(self)

    def clean(self):
        cleaned = super().clean()
        # Only the checklist rows of the kind chosen count (the form may list both).
        if "content_items" in cleaned:
            kind = cleaned.get("kind")
            cleaned["content_items"] = [
                row for row in cleaned["content_items"] or [] if row.document_kind == kind
            ]
        return cleaned


class ChecklistField(forms.ModelMultipleChoiceField[ContentChecklistItem]):
    """The checklist rows as ticks; each labelled with its agreement's kind when the rows of
    both kinds (KB and PKS) show."""

    def __init__(self, *args: Any, with_kind: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_kind = with_kind

    def label_from_instance(self, obj: ContentChecklistItem) -> str:
        return f"{obj.get_document_kind_display()}: {obj.label}" if self.with_kind else obj.label


REPORT_ONLY_FIELDS = ("period_start", "period_end", "addressee", "sent_on")


def _drop_report_fields_unless_report(form: DocumentForm) -> None:
    """The period covered, the addressee and the sending date are a report's (§12): a
    document of another known kind (a PKS, a KB …) does not show them. A new document whose
    kind is not chosen yet keeps them (it may become a report)."""
    if form.instance.pk:
        kind = form.instance.kind
    elif form.is_bound:
        kind = form.data.get(form.add_prefix("kind"), "")
    else:
        kind = form.initial.get("kind", "")
    if kind and kind not in REPORT_KINDS:
        for name in REPORT_ONLY_FIELDS:
            form.fields.pop(name, None)


def _add_issue7_document_fields(form: DocumentForm, cooperation: Cooperation) -> None:
    """Issue 7: the region's content checklist of a KB/PKS as ticks (§5.5 ❓), and what an
    addendum changes besides the end of the term (§6.3)."""
    rows = [
        *content_checklist_for(cooperation, DocumentKind.KB),
        *content_checklist_for(cooperation, DocumentKind.PKS),
    ]
    kind = form.instance.kind if form.instance.pk else form.initial.get("kind")
    if kind in (DocumentKind.KB, DocumentKind.PKS):
        rows = [r for r in rows if r.document_kind == kind]
    if rows:
        field = ChecklistField(
            with_kind=kind is None,
            label=_("Content checklist (ticked: the agreement contains it)"),
            queryset=type(rows[0]).objects.filter(pk__in=[r.pk for r in rows]),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=_(
                "The Bagian Kerja Sama's list of what a KB or PKS should contain (§5.5). "
                "Signing with a row unticked asks for a reason."
            ),
        )
        form.fields["content_items"] = field
        if form.instance.pk:
            form.initial["content_items"] = list(
                form.instance.content_items.values_list("pk", flat=True)
            )
    labels = {
        "scope": _("Addendum: the new scope"),
        "financing": _("Addendum: what changes in the financing"),
        "parties": _("Addendum: what changes among the parties"),
        "obligations": _("Addendum: what changes in the obligations"),
    }
    if kind not in (None, "", DocumentKind.ADDENDUM):
        return  # another agreement or paper: nothing an addendum changes to ask for
    for name in AMENDABLE_FACTS:
        form.fields[f"amend_{name}"] = forms.CharField(
            label=labels[name],
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=TEXT_LONG,
            required=False,
        )
        change = (form.instance.amendments or {}).get(name) if form.instance.pk else None
        if change:
            form.initial[f"amend_{name}"] = change.get("new", "")
    form.fields["amend_scope"].help_text = _(
        "Addenda only (§6.3): each change is recorded with the date of the addendum; the record "
        "shows the facts in effect. A new end of term goes in “End of term”."
    )


class DocumentEntryForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=120, required=False)
    signatory_name = forms.CharField(label=_("Signatory"), max_length=150, required=False)
    signatory_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    under_power_of_attorney = forms.BooleanField(
        label=_("Under a power of attorney"), required=False
    )


def entry_forms(*, cooperation: Cooperation, document: Document | None, data, editable_party_ids):
    """One small form per party for its number and signatory on this document."""
    current = {e.party_id: e for e in document.party_entries.all()} if document else {}
    forms_: list[tuple[Party, DocumentEntryForm]] = []
    for party in cooperation.parties.all():
        entry = current.get(party.pk)
        initial = {
            "number": entry.number if entry else "",
            "signatory_name": entry.signatory_name if entry else party.signatory_name,
            "signatory_position": entry.signatory_position if entry else party.signatory_position,
            "under_power_of_attorney": entry.under_power_of_attorney if entry else False,
        }
        form = DocumentEntryForm(data=data, prefix=f"party{party.pk}", initial=initial)
        if party.pk not in editable_party_ids:
            for field in form.fields.values():
                field.disabled = True
        forms_.append((party, form))
    return forms_


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("File (PDF or DOCX)"), widget=forms.FileInput(attrs={"accept": ".pdf,.docx"})
    )


# --- Money -------------------------------------------------------------------------------------

_ID_STYLE = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")
_EN_STYLE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")
# Without thousands groups only the comma marks cents: "2.5" or "1.25" could be either (L7).
_PLAIN = re.compile(r"^\d+(,\d{1,2})?$")


def parse_rupiah(text: str) -> Decimal:
    """ "Rp 1.250.000.000", "1,250,000,000", "1250000000,50" → Decimal; else ValueError.

    A dot only groups thousands and a comma only marks cents (or, English style, the reverse
    with at least one comma group); "2.5" and "1.25" are refused as ambiguous."""
    cleaned = re.sub(r"(?i)^rp\.?", "", text.strip()).replace(" ", "").replace("\u00a0", "")
    if _ID_STYLE.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _EN_STYLE.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif _PLAIN.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    else:
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


class RupiahField(forms.Field):
    """Reads "Rp 1.250.000.000" as Indonesians write it (and "1,250,000,000" as English do)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        value = str(value).strip() if value is not None else ""
        if value in self.empty_values:
            return None
        if len(value) > 40:
            raise ValidationError(_("Write the amount in Rupiah, for example 1.250.000.000."))
        bare = re.sub(r"(?i)^rp\.?", "", value).strip()
        if bare.startswith("-") and any(c.isdigit() for c in bare):
            raise ValidationError(_("The amount cannot be negative."), code="min_value")
        try:
            amount = parse_rupiah(value)
        except ValueError:
            if "." in bare:
                # A dot that does not group thousands ("2.5", "1.25"): say how to write it.
                raise ValidationError(
                    _(
                        "Use a dot for thousands and a comma for cents, "
                        "e.g. 1.250.000 or 1.250.000,50."
                    ),
                    code="ambiguous",
                ) from None
            raise ValidationError(
                _("Write the amount in Rupiah, for example 1.250.000.000."), code="invalid"
            ) from None
        if amount >= Decimal("1e16"):
            raise ValidationError(_("The amount is too large."), code="max_value")
        return amount


class FinancingForm(forms.ModelForm):
    amount = RupiahField(label=_("Amount (Rp)"))

    class Meta:
        model = FinancingLine
        fields = ["source", "party", "amount", "fiscal_year", "note"]

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "party").queryset = cooperation.parties.select_related("partner")
        self.fields["fiscal_year"].widget.attrs.update({"min": 2000, "max": 2100})
        _choice_field(self, "source").choices = FinancingSource.choices

    def clean_fiscal_year(self):
        year = self.cleaned_data.get("fiscal_year")
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError(_("Give a fiscal year between 2000 and 2100."))
        return year


# --- Registry filters --------------------------------------------------------------------------


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types")), *CooperationKind.choices],
        required=False,
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False
    )
    affair = forms.ChoiceField(label=_("Government affair"), required=False)
    affair_group = forms.TypedChoiceField(
        label=_("Affair group"), coerce=int, empty_value=None, required=False
    )
    partner = forms.TypedChoiceField(
        label=_("Partner"), coerce=int, empty_value=None, required=False
    )
    opd = forms.TypedChoiceField(label=_("OPD"), coerce=int, empty_value=None, required=False)
    year = forms.TypedChoiceField(
        label=_("Year of signing"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("A year in which any agreement of the case (KB, PKS, addendum …) was signed."),
    )
    expiring = forms.BooleanField(label=_("Expiring soon"), required=False)
    evidence = forms.ChoiceField(
        label=_("Documents on file"),
        choices=[
            ("", _("All cases")),
            ("incomplete", _("Incomplete (belum lengkap)")),
            ("complete", _("Complete (lengkap)")),
        ],
        required=False,
        help_text=_("Incomplete: registered at a later stage without the earlier documents."),
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, affairs, partners, opds, years, **kwargs):
        super().__init__(*args, **kwargs)
        # Hundreds of options (partners, urusan, years): the same markup, built without a
        # template per option (issue 8; core.widgets).
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs, choices=field.choices)
                field.widget.is_required = field.required
        self.fields["affair"].choices = [("", _("All affairs"))] + [
            (a.code, f"{a.code} {a.name}") for a in affairs
        ]
        self.fields["affair_group"].choices = [("", _("All groups")), *list(AffairGroup.choices)]
        self.fields["partner"].choices = [("", _("All partners")), *partners]
        self.fields["opd"].choices = [("", _("All OPDs"))] + [(o.pk, str(o)) for o in opds]
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        self.fields["expiring"].help_text = _(
            "An agreement of the case (KB, PKS …, with its addenda) ends within %(days)s days."
        ) % {"days": settings.KERJASAMA["EXPIRING_WITHIN_DAYS"]}


# --- Lifecycle steps ---------------------------------------------------------------------------


class TransitionForm(forms.Form):
    """The facts a pathway step records, built from `Step.facts`."""

    on = forms.DateField(label=_("Date it happened"), widget=DATE_WIDGET)

    def __init__(self, *args, step, cooperation, overridable: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        wanted = set(step.facts)
        if Fact.REQUESTED_ON in wanted:
            self.fields[Fact.REQUESTED_ON] = forms.DateField(
                label=_("Date of the request letter"), widget=DATE_WIDGET
            )
            self.fields[Fact.RECEIVED_ON] = forms.DateField(
                label=_("Received by the DPRD on"), widget=DATE_WIDGET
            )
        if Fact.DECISION_REFERENCE in wanted:
            self.fields[Fact.DECISION_REFERENCE] = forms.CharField(
                label=_("Reference of the DPRD decision (number and date)"),
                max_length=200,
                required=False,
            )
        if Fact.TERMINATION_REASON in wanted:
            reasons = list(TerminationReason.choices)
            if cooperation.kind != "ksdpk":
                reasons = [
                    r for r in reasons if r[0] not in ("court_decision", "third_party_bankrupt")
                ]
            self.fields[Fact.TERMINATION_REASON] = forms.ChoiceField(
                label=_("Why it ends (PP 28/2018 Pasal 9, 22)"),
                choices=[("", "---------"), *reasons],
            )
        if Fact.FAILED_PARTY in wanted:
            # §6.6: which party failed decides who takes over (PP 28/2018 Pasal 10).
            self.fields[Fact.FAILED_PARTY] = forms.ChoiceField(
                label=_("Which party did not carry out the mandatory cooperation?"),
                choices=[("", "---------")]
                + [(str(p.pk), str(p.partner)) for p in region_parties(cooperation)],
                help_text=_(
                    "A province is taken over by the central government; a regency or city by "
                    "the governor of its own province as representative of the central "
                    "government (PP 28/2018 Pasal 10)."
                ),
            )
        if Fact.TAKEN_OVER_BY in wanted:
            # Who takes over is the acting authority (governor's office or central government),
            # set by the service from the actor, not chosen on the form (issue 6/16).
            self.fields[Fact.GUIDANCE_GIVEN] = forms.BooleanField(
                label=_("Guidance was given first"), required=False
            )
            self.fields[Fact.OBSTACLES_EVALUATED] = forms.BooleanField(
                label=_("The obstacles were evaluated"), required=False
            )
            self.fields[Fact.MINISTER_APPROVED] = forms.BooleanField(
                label=_("The Minister approved (take-over by the governor)"), required=False
            )
        if Fact.REASON in wanted:
            self.fields[Fact.REASON] = forms.CharField(
                label=_("Reason"),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=TEXT_REASON,
                required=step.action != Action.TAKE_OVER,
            )
        if overridable:
            self.fields["override_reason"] = forms.CharField(
                label=_("Reason for going ahead despite the warnings"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=TEXT_REASON,
                required=False,
            )


class FindingFollowUpForm(forms.Form):
    followed_up_on = forms.DateField(label=_("Followed up on"), widget=DATE_WIDGET)
    follow_up = forms.CharField(
        label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_LONG
    )


class DeadlineMetForm(forms.Form):
    """Record which document met an open deadline (`kerjasama.deadlines.services.deadline_mark_met`)."""

    document = forms.ModelChoiceField(label=_("Met by"), queryset=Document.objects.none())
    met_on = forms.DateField(label=_("Met on"), widget=DATE_WIDGET)

    def __init__(self, *args, cooperation: Cooperation, deadline=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = _model_choice_field(self, "document")
        field.queryset = Document.objects.filter(cooperation=cooperation).order_by(
            "-signed_on", "-id"
        )
        if deadline is not None:
            # Only the documents that can meet this deadline (issue 6; the service checks too).
            field.queryset = documents_meeting(deadline).order_by("-signed_on", "-id")
            field.help_text = meeting_kinds_text(deadline.kind, deadline)
            field.error_messages["invalid_choice"] = meeting_kinds_text(deadline.kind, deadline)

    @property
    def has_choices(self) -> bool:
        """Whether any document on file can meet the deadline (else the page says what to add
        first instead of offering an empty list; fresh-eyes walk of issue 7)."""
        queryset = _model_choice_field(self, "document").queryset
        return queryset is not None and queryset.exists()


class FindingForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE_WIDGET)
    source = forms.CharField(label=_("Source"), max_length=200)
    summary = forms.CharField(
        label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LONG
    )


class AgendaFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of deadline"), required=False)
    opd = forms.ModelChoiceField(
        label=_("OPD"), queryset=Opd.objects.none(), required=False, empty_label=_("All OPDs")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "kind").choices = [("", _("All deadlines")), *kind_choices()]
        if user.tenant_id:
            _model_choice_field(self, "opd").queryset = Opd.objects.filter(
                tenant=user.tenant
            ).order_by("name")


class PartyChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should this party leave?"),
        help_text=_("The party's secretariat reads it and accepts or refuses."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
