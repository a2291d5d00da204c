"""Screens of the registry: fetch through the selectors (404 when not visible), validate with a
form, call a service, then redirect or render the fragment HTMX asked for."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseFormSet, Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.models import Opd, Role, User
from kerjasama.agreements import (
    action_items,
    completeness,
    deadlines,
    foreign,
    lifecycle,
    pathways,
    permissions,
    search,
    selectors,
    services,
    wajib,
)
from kerjasama.agreements.enums import (
    AGREEMENT_KINDS,
    Action,
    DocumentKind,
    KsddCategory,
    Stage,
)
from kerjasama.agreements.forms import (
    AgendaFilterForm,
    CooperationForm,
    DeadlineMetForm,
    DocumentForm,
    FinancingForm,
    FinancingRemoveForm,
    FindingFollowUpForm,
    FindingForm,
    OwnPartyForm,
    PartyChangeRequestForm,
    RegistryFilterForm,
    TransitionForm,
    UploadForm,
    entry_forms,
    partner_ref,
    party_formset_class,
)
from kerjasama.agreements.models import (
    Cooperation,
    Document,
    DocumentFile,
    FinancingLine,
    Party,
    PartyChangeRequest,
    PartyChangeStatus,
    SupervisionFinding,
)
from kerjasama.core.exceptions import WarningsNeedReason
from kerjasama.core.forms import apply_domain_error, flash_domain_error, form_status
from kerjasama.deadlines import services as deadline_services
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.reference.models import GovernmentAffair


def _visible_or_404(request: AuthedRequest, pk: int) -> Cooperation:
    try:
        return selectors.cooperation_detail(user=request.user, pk=pk)
    except Cooperation.DoesNotExist:
        raise Http404 from None


def _editable_or_403(request: AuthedRequest, pk: int) -> Cooperation:
    cooperation = _visible_or_404(request, pk)
    if not permissions.can_edit_cooperation(request.user, cooperation):
        if permissions.can_work_on_cooperation(request.user, cooperation):
            raise PermissionDenied(
                _(
                    "An agreement of this cooperation is signed: its shared facts are changed "
                    "only by the secretariat (or by an addendum)."
                )
            )
        raise PermissionDenied(_("You may read this cooperation but not change it."))
    return cooperation


def _workable_or_403(request: AuthedRequest, pk: int) -> Cooperation:
    """Progress reports (supporting documents, files, findings): see
    `permissions.can_work_on_cooperation`; the services check the finer rules again."""
    cooperation = _visible_or_404(request, pk)
    if not permissions.can_work_on_cooperation(request.user, cooperation):
        raise PermissionDenied(_("You may read this cooperation but not change it."))
    return cooperation


def _document_editable_or_403(request: AuthedRequest, cooperation: Cooperation, doc_pk: int):
    document = get_object_or_404(Document, pk=doc_pk, cooperation=cooperation)
    if not permissions.can_edit_document(request.user, document):
        raise PermissionDenied(
            _("This agreement is signed: only the secretariat changes it (or records an addendum).")
        )
    return document


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    data = selectors.dashboard_for(request.user)
    return render(
        request,
        "agreements/dashboard.html",
        {
            "dashboard": data,
            "can_create": permissions.can_create_cooperation(request.user),
            "actions": action_items.action_items_for(request.user),
        },
    )


@login_required
def cooperation_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    try:
        selected_partner = int(request.GET.get("partner", ""))
    except ValueError:
        selected_partner = None
    partners = selectors.registry_partner_options(user, selected_partner)
    opds = Opd.objects.filter(tenant=user.tenant).order_by("name") if user.tenant_id else []
    years = selectors.registry_years(user)
    form = RegistryFilterForm(
        request.GET or None,
        affairs=GovernmentAffair.objects.order_by("code"),
        partners=partners,
        opds=opds,
        years=years,
    )
    filters = selectors.RegistryFilters()
    if form.is_bound:
        # Apply every filter that is valid; an out-of-date one (a year or partner from an old
        # bookmark) is shown as an error on its field instead of dropping all the others.
        form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        filters = selectors.RegistryFilters(**data)
    typed = filters.q
    if typed and not search.parse(typed):
        # Nothing to search for ("%", "-"): the registry as without a search — its order and
        # links too; the page says why (`search_note`).
        filters = dataclasses.replace(filters, q="")
    # Keyset pages (issue 8): "next" and "previous" carry a cursor, so page 50 costs what the
    # first costs; a cursor from another sort or an old bookmark starts at the top.
    page = selectors.registry_page(
        user=user, filters=filters, cursor=request.GET.get("cursor", "")[: selectors.CURSOR_MAX]
    )
    selectors.attach_party_numbers(page.object_list)
    search.attach_highlights(page.object_list, filters.q)
    context = {
        "search_note": search.query_note(typed),
        # Which empty-list text fits: a search, filters, or both.
        "other_filters": filters.filtered,
        # A stage of a PKS's own road also lists the cases with a PKS at that stage: such a
        # row says so beside the case's own stage (the dashboard counts the cases' stages).
        "pks_stage_label": Stage(filters.stage).label
        if filters.stage in selectors.PKS_FILTER_STAGES
        else "",
        "form": form,
        "page": page,
        # No sort chosen: newest signed first, or the best match first when searching.
        "sort_links": _sort_links(filters.sort or ("" if filters.q else "-signed_on")),
        "filters": filters,
        "can_create": permissions.can_create_cooperation(user),
        "own_region_id": user.tenant.region_id if user.tenant else None,
    }
    if request.htmx and request.htmx.target == "registry-results":
        return render(request, "agreements/list.html#results", context)
    return render(request, "agreements/list.html", context)


def _sort_links(current: str) -> dict[str, dict[str, str]]:
    links: dict[str, dict[str, str]] = {}
    for column in ("title", "stage", "signed_on", "ends_on"):
        descending_first = column == "signed_on"
        if current == column:
            links[column] = {"next": f"-{column}", "css": "sort-asc"}
        elif current == f"-{column}":
            links[column] = {"next": column, "css": "sort-desc"}
        else:
            links[column] = {"next": f"-{column}" if descending_first else column, "css": ""}
    return links


def _with_pks_steps(roads: list[selectors.PksRoad], user: User | None) -> list[selectors.PksRoad]:
    for road in roads:
        road.steps = lifecycle.available_pks_steps(road.document, user) if user else []
    return roads


@login_required
def cooperation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    cooperation = _visible_or_404(request, pk)
    user = request.user
    # `can_edit`: documents and findings (progress); `can_edit_facts`: the shared facts.
    can_edit = permissions.can_work_on_cooperation(user, cooperation)
    can_edit_facts = permissions.can_edit_cooperation(user, cooperation)
    documents = list(cooperation.documents.all())
    top = [d for d in documents if d.parent_id is None]
    children: dict[int, list[Document]] = {}
    for document in documents:
        if document.parent_id:
            children.setdefault(document.parent_id, []).append(document)
    own_parties = [p for p in cooperation.parties.all() if permissions.can_edit_party(user, p)]
    pending_requests = list(
        cooperation.party_requests.filter(status=PartyChangeStatus.PENDING).select_related(
            "party__partner", "requested_by_tenant__region"
        )
    )
    committed = selectors.committed_party_ids(cooperation)
    # Issue 7: what a case registered mid-way still lacks, and why it was registered so.
    missing = completeness.missing_evidence(cooperation)
    sees_steps = can_edit or user.has_role(
        Role.LEADERSHIP, Role.PROVINCE_OVERSIGHT, Role.TAKEOVER_AUTHORITY
    )
    # §6.3 (issue 7): the facts in effect, as amended by the signed addenda — today, or as of
    # the date asked for (`?per=YYYY-MM-DD`).
    try:
        as_of = dt.date.fromisoformat(request.GET.get("per", ""))
    except ValueError:
        as_of = None
    return render(
        request,
        "agreements/detail.html",
        {
            "cooperation": cooperation,
            "missing_evidence": missing,
            "registration_reason": completeness.registration_reason(cooperation)
            if missing
            else None,
            "registered_stage_label": Stage(completeness.registered_stage(cooperation)).label
            if missing
            else "",
            "as_of": as_of,
            "effective_scope": selectors.effective_scope(cooperation, on=as_of),
            "addenda": selectors.signed_addenda(cooperation, on=as_of),
            "has_addenda": bool(selectors.signed_addenda(cooperation)),
            "as_of_end": selectors.effective_end(cooperation, on=as_of) if as_of else None,
            "can_edit": can_edit,
            "can_edit_facts": can_edit_facts,
            # Issue 6/15: regions that use Kerjasama leave only with their own consent.
            # Offered only where it can succeed: not for a party with numbered documents or
            # financing (it leaves by an addendum or by ending), nor while a request waits.
            "withdrawable_parties": {
                p.pk
                for p in cooperation.parties.all()
                if permissions.can_request_party_change(user, p)
                and p.pk not in committed
                and p.pk not in {r.party_id for r in pending_requests}
            },
            "party_requests": pending_requests,
            "decidable_requests": {
                r.pk for r in pending_requests if permissions.can_decide_party_change(user, r)
            },
            # Signed agreements are the secretariat's: no edit/upload links for the others.
            "editable_documents": {
                d.pk for d in documents if permissions.can_edit_document(user, d)
            },
            "is_party": selectors.cooperation_is_party(user, cooperation),
            "takes_over": cooperation.ksdd_category == KsddCategory.MANDATORY
            and permissions.can_take_over(user, cooperation),
            # Issue 7: a kerja sama wajib's coordination (§5.3), a foreign case's Pasal 27 (§3.3).
            "coordination_level": wajib.coordination_level_label(cooperation)
            if cooperation.ksdd_category == "wajib"
            else "",
            "foreign_facts": foreign.record_facts(cooperation),
            "own_parties": own_parties,
            "top_documents": top,
            "children": children,
            "timeline": selectors.cooperation_timeline(cooperation),
            # Own id prefixes: the record page holds several forms with a "source" field.
            "financing_form": FinancingForm(cooperation=cooperation, auto_id="id_financing_%s")
            if can_edit_facts
            else None,
            "financing_total": sum(line.amount for line in cooperation.financing.all()),
            "stage_bar": selectors.stage_bar(cooperation),
            "steps": lifecycle.available_steps(cooperation, user) if sees_steps else [],
            # Issue 7: each PKS with its own stage, term, OPD, next steps and history.
            "pks_roads": _with_pks_steps(
                selectors.pks_roads(cooperation, documents), user if sees_steps else None
            ),
            "due": [d for d in cooperation.deadlines.all() if d.status == "open"],
            "met_deadlines": selectors.deadlines_met(cooperation),
            # One small form per open deadline that a document may meet (ids kept apart).
            "deadline_met_forms": {
                d.pk: DeadlineMetForm(
                    cooperation=cooperation,
                    deadline=d,
                    initial={"met_on": timezone.localdate()},
                    auto_id=f"id_met{d.pk}_%s",
                )
                for d in cooperation.deadlines.all()
                if d.status == "open" and d.kind in deadlines.MARKABLE_KINDS
            }
            if can_edit
            else {},
            "finding_form": FindingForm(auto_id="id_finding_%s") if can_edit else None,
            "follow_up_forms": {
                f.pk: FindingFollowUpForm(auto_id=f"id_follow_up_{f.pk}_%s")
                for f in cooperation.findings.all()
            }
            if can_edit
            else {},
            "today": timezone.localdate(),
        },
    )


def _party_inputs(formset: BaseFormSet[Form]) -> list[services.PartyInput]:
    inputs = []
    for form in formset.forms:
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        inputs.append(
            services.PartyInput(
                partner=form.cleaned_data["partner"],
                signatory_name=form.cleaned_data.get("signatory_name", ""),
                signatory_position=form.cleaned_data.get("signatory_position", ""),
            )
        )
    return inputs


def _cooperation_form_page(
    request: AuthedRequest, *, cooperation: Cooperation | None
) -> HttpResponse:
    user = request.user
    creating = cooperation is None
    warnings = []
    if request.method == "POST":
        form = CooperationForm(request.POST, instance=cooperation, user=user, creating=creating)
        formset = party_formset_class()(request.POST, prefix="parties")
        if form.is_valid() and formset.is_valid():
            try:
                parties = _party_inputs(formset)
                common = {
                    "actor": user,
                    "data": form.service_data(),
                    "parties": parties,
                    "affairs": list(form.cleaned_data["affairs"]),
                    "public_services": list(form.cleaned_data["public_services"]),
                    "override_reason": form.cleaned_data.get("override_reason", ""),
                }
                if cooperation is None:
                    saved = services.cooperation_create(
                        **common,
                        stage=form.cleaned_data.get("stage") or None,
                        registration_reason=form.cleaned_data.get("registration_reason", ""),
                        own_party={
                            "initiating_opd": form.cleaned_data.get("own_initiating_opd"),
                            "executing_opd": form.cleaned_data.get("own_executing_opd"),
                            "register_number": form.cleaned_data.get("own_register_number", ""),
                        },
                    )
                    messages.success(request, _("The cooperation was registered."))
                else:
                    saved = services.cooperation_update(
                        **common,
                        cooperation=cooperation,
                        expected_version=form.cleaned_data["version"],
                        change_reason=form.cleaned_data.get("change_reason", ""),
                    )
                    messages.success(request, _("The changes were saved."))
                return redirect(saved)
            except WarningsNeedReason as pending:
                warnings = pending.warnings
                form.add_error(
                    "override_reason",
                    _("Read the warnings above; to go ahead, write why they do not apply."),
                )
            except ValidationError as error:  # DomainError and full_clean()'s errors
                apply_domain_error(form, error, formset_field="parties", formset=formset)
    else:
        form = CooperationForm(instance=cooperation, user=user, creating=creating)
        if cooperation is None:
            # The actor's own region first (`can_create_cooperation` requires one).
            initial = [{"partner": partner_ref(user.tenant.region)}] if user.tenant else []
        else:
            initial = [
                {
                    "partner": partner_ref(p.partner),
                    "signatory_name": p.signatory_name,
                    "signatory_position": p.signatory_position,
                }
                for p in cooperation.parties.all()
            ]
        formset = party_formset_class(len(initial))(prefix="parties", initial=initial)
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "formset": formset,
            "cooperation": cooperation,
            "creating": creating,
            "warnings": warnings,
            # Partners are registered by a secretariat (partners.services.partner_create).
            "can_create_partner": request.user.has_role(Role.SECRETARIAT),
        },
        status=form_status(request, form),
    )


@login_required
def cooperation_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_cooperation(request.user):
        raise PermissionDenied(_("Only the secretariat and OPD officers register cooperation."))
    return _cooperation_form_page(request, cooperation=None)


@login_required
def cooperation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    cooperation = _editable_or_403(request, pk)
    return _cooperation_form_page(request, cooperation=cooperation)


@login_required
def party_edit(request: AuthedRequest, pk: int, party_pk: int) -> HttpResponse:
    cooperation = _visible_or_404(request, pk)
    party = get_object_or_404(
        Party.objects.select_related("partner__region"), pk=party_pk, cooperation=cooperation
    )
    if not permissions.can_edit_party(request.user, party):
        raise PermissionDenied(_("Only this party's own secretariat changes its data."))
    tenant = getattr(party.partner.region, "tenant", None) if party.partner.region_id else None
    opds = Opd.objects.filter(tenant=tenant, active=True) if tenant else Opd.objects.none()
    form = OwnPartyForm(
        request.POST if request.method == "POST" else None, instance=party, opds=opds
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(
                actor=request.user,
                party=party,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The party's data was saved."))
            return redirect(cooperation)
    return render(
        request,
        "agreements/party_form.html",
        {"form": form, "cooperation": cooperation, "party": party},
        status=form_status(request, form),
    )


def _editable_party_ids(
    request: AuthedRequest, cooperation: Cooperation, document: Document | None
) -> set[int]:
    parties = list(cooperation.parties.all())
    if document is None:
        # A new document: the secretariat enters every party's number as printed on it.
        return {p.pk for p in parties}
    # Afterwards each party's number and signatory are that party's own data.
    return {p.pk for p in parties if permissions.can_edit_party(request.user, p)}


def _document_form_page(
    request: AuthedRequest, cooperation: Cooperation, document: Document | None
) -> HttpResponse:
    editable = _editable_party_ids(request, cooperation, document)
    data = request.POST if request.method == "POST" else None
    # "?kind=pks&parent=12": a link that adds a PKS under a KB (the form preselects the parent).
    initial = {}
    if document is None:
        initial = {k: request.GET[k][:24] for k in ("kind", "parent") if request.GET.get(k)}
    form = DocumentForm(
        data,
        request.FILES if data is not None else None,
        instance=document,
        cooperation=cooperation,
        user=request.user,
        initial=initial,
    )
    entries = entry_forms(
        cooperation=cooperation, document=document, data=data, editable_party_ids=editable
    )
    warnings = []
    if data is not None and form.is_valid() and all(f.is_valid() for _p, f in entries):
        entry_inputs = {}
        if form.cleaned_data["kind"] in AGREEMENT_KINDS:
            entry_inputs = {
                party.pk: services.DocumentEntryInput(**entry.cleaned_data)
                for party, entry in entries
                if party.pk in editable
            }
        try:
            if document is None:
                document = services.document_create(
                    actor=request.user,
                    cooperation=cooperation,
                    data=form.cleaned_data,
                    entries=entry_inputs,
                    upload=form.cleaned_data.get("upload"),
                    override_reason=form.cleaned_data.get("override_reason", ""),
                )
                messages.success(request, _("The document was added."))
            else:
                services.document_update(
                    actor=request.user,
                    document=document,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data["version"],
                    entries=entry_inputs,
                    override_reason=form.cleaned_data.get("override_reason", ""),
                    change_reason=form.cleaned_data.get("change_reason", ""),
                )
                messages.success(request, _("The document was saved."))
            return redirect(f"{cooperation.get_absolute_url()}#doc-{document.pk}")
        except WarningsNeedReason as pending:
            warnings = pending.warnings
            form.add_error(
                "override_reason",
                _("Read the warnings above; to go ahead, write why they do not apply."),
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            field_map = {"parties": None, "upload": "upload" if document is None else None}
            apply_domain_error(form, error, field_map=field_map)
    return render(
        request,
        "agreements/document_form.html",
        {
            "form": form,
            "entries": entries,
            "cooperation": cooperation,
            "document": document,
            "warnings": warnings,
        },
        status=form_status(request, form),
    )


@login_required
def document_create(request: AuthedRequest, pk: int) -> HttpResponse:
    cooperation = _workable_or_403(request, pk)
    return _document_form_page(request, cooperation, None)


@login_required
def document_edit(request: AuthedRequest, pk: int, doc_pk: int) -> HttpResponse:
    cooperation = _workable_or_403(request, pk)
    document = _document_editable_or_403(request, cooperation, doc_pk)
    return _document_form_page(request, cooperation, document)


@login_required
def document_upload(request: AuthedRequest, pk: int, doc_pk: int) -> HttpResponse:
    cooperation = _workable_or_403(request, pk)
    document = _document_editable_or_403(request, cooperation, doc_pk)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.document_file_add(
                actor=request.user, document=document, upload=form.cleaned_data["upload"]
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error, field_map={None: "upload"})
        else:
            messages.success(
                request, _("Version %(version)s was uploaded.") % {"version": stored.version}
            )
            return redirect(f"{cooperation.get_absolute_url()}#doc-{document.pk}")
    return render(
        request,
        "agreements/upload_form.html",
        {"form": form, "cooperation": cooperation, "document": document},
        status=form_status(request, form),
    )


@never_cache
@login_required
def document_file(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    """Files are streamed after the visibility check; media is never served directly."""
    cooperation = _visible_or_404(request, pk)
    stored = get_object_or_404(DocumentFile, pk=file_pk, document__cooperation=cooperation)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def financing_add(request: AuthedRequest, pk: int) -> HttpResponse:
    cooperation = _editable_or_403(request, pk)
    form = FinancingForm(request.POST, cooperation=cooperation)
    if form.is_valid():
        try:
            services.financing_add(
                actor=request.user, cooperation=cooperation, data=form.cleaned_data
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The financing line was added."))
            return redirect(f"{cooperation.get_absolute_url()}#financing")
    return render(
        request,
        "agreements/financing_form.html",
        {"form": form, "cooperation": cooperation},
        status=form_status(request, form),
    )


@login_required
def financing_remove(request: AuthedRequest, pk: int, line_pk: int) -> HttpResponse:
    """GET asks to confirm (and, once an agreement is signed, why); POST removes."""
    cooperation = _editable_or_403(request, pk)
    line = get_object_or_404(FinancingLine, pk=line_pk, cooperation=cooperation)
    signed = permissions.cooperation_is_signed(cooperation)
    form = FinancingRemoveForm(request.POST if request.method == "POST" else None, signed=signed)
    if request.method == "POST" and form.is_valid():
        try:
            services.financing_remove(
                actor=request.user, line=line, reason=form.cleaned_data.get("reason", "")
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The financing line was removed."))
            return redirect(f"{cooperation.get_absolute_url()}#financing")
    return render(
        request,
        "agreements/financing_remove.html",
        {"form": form, "cooperation": cooperation, "line": line},
        status=form_status(request, form),
    )


# --- Lifecycle ---------------------------------------------------------------------------------


def _step_gone(request: AuthedRequest, cooperation: Cooperation, action: str) -> HttpResponse:
    """A step opened or submitted on a page made before the case moved on (back button, a second
    tab, a colleague faster): say where the case stands now, by whom and since when, and show
    the record instead of answering 404."""
    cooperation.refresh_from_db(fields=["stage", "version"])
    label = pathways.step_label(cooperation.kind, action)
    last = selectors.cooperation_last_transition(cooperation)
    values = {"stage": cooperation.get_stage_display(), "step": label}
    if last is not None and last.to_stage == cooperation.stage:
        by = (last.by.get_full_name() or last.by.username) if last.by else _("the system")
        values.update(by=by, date=date_format(last.on, "DATE_FORMAT"))
        text = _(
            "This cooperation has moved on to the stage “%(stage)s” (by %(by)s, on %(date)s); "
            "the step “%(step)s” is no longer available."
        )
    else:
        text = _(
            "This cooperation is at the stage “%(stage)s”; the step “%(step)s” is no longer "
            "available."
        )
    messages.warning(request, text % values)
    return redirect(cooperation)


@login_required
def cooperation_step(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One pathway step: GET shows what it records and what blocks it; POST takes it.

    The form, the record page and `cooperation_transition` decide from one evaluation
    (`lifecycle.evaluate`); a step the case has moved past redirects to the record with a
    message saying where it stands (a stale page is not an error of the user's)."""
    cooperation = _visible_or_404(request, pk)
    return _step_page(request, cooperation, action, None)


@login_required
def pks_step(request: AuthedRequest, pk: int, doc_pk: int, action: str) -> HttpResponse:
    """One step of a PKS's own road (issue 7), like `cooperation_step`."""
    cooperation = _visible_or_404(request, pk)
    document = get_object_or_404(
        Document, pk=doc_pk, cooperation=cooperation, kind=DocumentKind.PKS
    )
    return _step_page(request, cooperation, action, document)


def _step_page(
    request: AuthedRequest, cooperation: Cooperation, action: str, document: Document | None
) -> HttpResponse:
    if action not in Action.__members__.values() or (
        document is None
        and not any(s.action == action for s in pathways.PATHWAYS.get(cooperation.kind, []))
    ):
        # Not a step of this road at all (a made-up address): nothing moved on, it never was.
        raise Http404
    if document is None:
        step = pathways.step_for(cooperation.kind, action, cooperation.stage)
        current = cooperation.stage
        road_open = True
    else:
        step = pathways.pks_step_for(action, document.stage)
        current = document.stage
        road_open = (
            cooperation.kind in pathways.PKS_ROAD_KINDS
            and cooperation.stage in pathways.PKS_ROAD_CASE_STAGES
        )
    expected = request.POST.get("expected_stage", "")
    if (
        step is None
        or not step.roles
        or not road_open
        or (request.method == "POST" and expected != current)
    ):
        return _step_gone(request, cooperation, action)
    availability = lifecycle.evaluate(
        step,
        pathways.Context(
            cooperation, {}, timezone.localdate(), facts_known=False, document=document
        ),
        request.user,
    )
    if availability.role_missing:
        raise PermissionDenied(_("Your role may not take this step."))
    form = TransitionForm(
        request.POST if request.method == "POST" else None,
        step=step,
        cooperation=cooperation,
        overridable=availability.overridable,
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        facts = {k: v for k, v in form.cleaned_data.items() if k != "override_reason"}
        try:
            lifecycle.cooperation_transition(
                actor=request.user,
                cooperation=cooperation,
                action=action,
                expected_stage=expected,
                facts=facts,
                override_reason=form.cleaned_data.get("override_reason", ""),
                document=document,
            )
        except lifecycle.StageMoved:
            return _step_gone(request, cooperation, action)
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": step.label})
            return redirect(cooperation)
    return render(
        request,
        "agreements/step_form.html",
        {
            "form": form,
            "cooperation": cooperation,
            "document": document,
            "step": step,
            "availability": availability,
            "expected_stage": current,
            "from_label": Stage(current).label if current else "",
            "target_label": Stage(step.target).label,
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def finding_add(request: AuthedRequest, pk: int) -> HttpResponse:
    cooperation = _workable_or_403(request, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            services.finding_add(
                actor=request.user, cooperation=cooperation, data=form.cleaned_data
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The finding was recorded; its follow-up is due in %(days)s working days.")
                % {"days": settings.KERJASAMA["FINDING_WORKING_DAYS"]},
            )
            return redirect(f"{cooperation.get_absolute_url()}#due")
    return render(
        request,
        "agreements/finding_form.html",
        {
            "form": form,
            "cooperation": cooperation,
            "heading": _("Record a supervision finding"),
            "action_url": reverse("agreements:finding_add", args=[cooperation.pk]),
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def finding_follow_up(request: AuthedRequest, pk: int, finding_pk: int) -> HttpResponse:
    cooperation = _workable_or_403(request, pk)
    finding = get_object_or_404(SupervisionFinding, pk=finding_pk, cooperation=cooperation)
    form = FindingFollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.finding_follow_up(actor=request.user, finding=finding, data=form.cleaned_data)
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return redirect(f"{cooperation.get_absolute_url()}#due")
    return render(
        request,
        "agreements/finding_form.html",
        {
            "form": form,
            "cooperation": cooperation,
            "heading": _("Record the follow-up of a finding"),
            "action_url": reverse("agreements:finding_follow_up", args=[pk, finding.pk]),
        },
        status=form_status(request, form),
    )


def _deadline_recordable_or_403(
    request: AuthedRequest, pk: int, deadline_pk: int
) -> tuple[Cooperation, Deadline]:
    """The case and its deadline (404 when either is not there for this user), if the user may
    record what met it (the provider's rule, `CooperationDeadlines.check_record`)."""
    cooperation = _visible_or_404(request, pk)
    deadline = get_object_or_404(Deadline, pk=deadline_pk, cooperation=cooperation)
    if not permissions.can_edit_cooperation(request.user, cooperation):
        raise PermissionDenied(
            _("Only a party's secretariat records which document met a deadline, or undoes it.")
        )
    return cooperation, deadline


@login_required
@require_POST
def deadline_met(request: AuthedRequest, pk: int, deadline_pk: int) -> HttpResponse:
    """Record which document met an open deadline (§12: a report meets its own period)."""
    cooperation, deadline = _deadline_recordable_or_403(request, pk, deadline_pk)
    form = DeadlineMetForm(request.POST, cooperation=cooperation, deadline=deadline)
    if form.is_valid():
        try:
            deadline_services.deadline_mark_met(
                actor=request.user,
                deadline=deadline,
                document=form.cleaned_data["document"],
                met_on=form.cleaned_data["met_on"],
            )
        except ValidationError as error:  # DomainError
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Recorded: %(what)s — %(met)s.")
                % {"what": deadline.label, "met": Deadline.objects.get(pk=deadline.pk).met_label},
            )
            return redirect(f"{cooperation.get_absolute_url()}#due")
    return render(
        request,
        "agreements/finding_form.html",
        {
            "form": form,
            "cooperation": cooperation,
            "heading": _("Record what met the deadline: %(what)s") % {"what": deadline.label},
            "action_url": reverse("agreements:deadline_met", args=[pk, deadline.pk]),
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def deadline_reopen(request: AuthedRequest, pk: int, deadline_pk: int) -> HttpResponse:
    """Undo `deadline_met`: the deadline follows its rule again."""
    cooperation, deadline = _deadline_recordable_or_403(request, pk, deadline_pk)
    try:
        deadline = deadline_services.deadline_reopen(actor=request.user, deadline=deadline)
    except ValidationError as error:  # DomainError
        flash_domain_error(request, error)
    else:
        messages.success(
            request,
            (
                _("The record of what met the deadline was undone; it is open again: %(what)s.")
                if deadline.status == DeadlineStatus.OPEN
                else _("The record of what met the deadline was undone: %(what)s — %(met)s.")
            )
            % {"what": deadline.label, "met": deadline.met_label},
        )
    return redirect(f"{cooperation.get_absolute_url()}#due")


@login_required
def agenda(request: AuthedRequest) -> HttpResponse:
    """Everything due in the region in the next 90 days, and everything overdue."""
    form = AgendaFilterForm(request.GET or None, user=request.user)
    kind = opd = None
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data.get("kind") or None
        opd = form.cleaned_data.get("opd")
    today = timezone.localdate()
    # Each list is paged by its own cursor in the query string (issue 8).
    agenda = selectors.agenda_page(
        request.user,
        today=today,
        kind=kind,
        opd=opd,
        cursors={name: request.GET.get(name, "")[:40] for name in ("overdue", "upcoming", "met")},
    )
    # The filter swaps only the results (a partial without <main>), never the whole page.
    template = "agreements/agenda.html"
    if request.htmx and request.htmx.target == "agenda-results":
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "agenda": agenda,
            "overdue": agenda.overdue.items,
            "upcoming": agenda.upcoming.items,
            "met": agenda.met.items,
            "today": today,
        },
    )


# --- A party region leaves only with its consent (issue 6/15) ---------------------------------


@login_required
def party_change_request(request: AuthedRequest, pk: int, party_pk: int) -> HttpResponse:
    """Ask a party region that uses Kerjasama to leave; it decides on the record page."""
    cooperation = _visible_or_404(request, pk)
    party = get_object_or_404(
        Party.objects.select_related("partner__region"), pk=party_pk, cooperation=cooperation
    )
    if not permissions.can_request_party_change(request.user, party):
        raise PermissionDenied(
            _("Only the secretariat of another party asks a party to leave a cooperation.")
        )
    form = PartyChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_change_request(
                actor=request.user, party=party, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(party)s was asked to leave; it stays a party until it accepts.")
                % {"party": party.partner},
            )
            return redirect(cooperation)
    return render(
        request,
        "agreements/party_change_form.html",
        {"form": form, "cooperation": cooperation, "party": party},
        status=form_status(request, form),
    )


@login_required
@require_POST
def party_change_decide(request: AuthedRequest, pk: int, req_pk: int) -> HttpResponse:
    cooperation = _visible_or_404(request, pk)
    change = get_object_or_404(PartyChangeRequest, pk=req_pk, cooperation=cooperation)
    accept = request.POST.get("accept") == "1"
    try:
        services.party_change_decide(
            actor=request.user,
            request=change,
            accept=accept,
            answer=request.POST.get("answer", "")[:2000],
        )
    except ValidationError as error:  # e.g. answered meanwhile
        flash_domain_error(request, error)
        return redirect(cooperation)
    if accept:
        messages.success(request, _("Your region has left the cooperation."))
        return redirect("agreements:dashboard")
    messages.success(request, _("You refused; your region stays a party."))
    return redirect(cooperation)
