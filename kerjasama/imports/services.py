"""Every write of an import (issue 11, items 6–7): the run, its preview, its commit and its
undo. Only the region's secretariat imports into its registry (checked here, not only in the
screens: the command line calls these too).

**Preview** computes each row's outcome without writing a case: every row is planned
(`_plan`: the values checked, the names matched, the existing case found) and the rows that
would write are written inside a savepoint of a transaction that is rolled back at the end, so
that the registry's own services judge them (a refusal becomes the row's reason) and a later
row sees an earlier one (the same agreement twice in a file is one case). Nothing of it stays.

**Commit** writes the non-excluded new and update rows in one transaction through the
agreements services: a new case is registered at the stage its status maps to with its missing
evidence listed (issue 7), and the import named as its source in the audit trail; an update
writes only the changed fields. Any refusal rolls back everything; the run is then marked
failed with the message.

**A row is one agreement of its case** (as the export writes it): it is compared with that
agreement (`_document_of`), and an agreement not on file yet is added to the case (`_attach`),
also to a case an earlier row of the same file created (a KB, then each PKS).

**Undo** deletes the cases the import created and writes back the fields it changed, as long
as no later audit event concerns any of them; otherwise it is refused with their list.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kerjasama.accounts.models import Opd, Role, Tenant, User
from kerjasama.accounts.services import opd_create
from kerjasama.agreements import lifecycle
from kerjasama.agreements import services as agreements
from kerjasama.agreements.enums import (
    PARENT_KINDS,
    STAGES_BY_KIND,
    Action,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Fact,
    Initiative,
    KsddCategory,
    KsdpkKind,
    Stage,
    TerminationReason,
)
from kerjasama.agreements.models import Cooperation, Document, DocumentParty
from kerjasama.core import audit, derived
from kerjasama.core.exceptions import DomainError, NotPermitted, RuleViolation
from kerjasama.core.models import AuditConcern
from kerjasama.imports import template as t
from kerjasama.imports.columns import Field, remember
from kerjasama.imports.export import add_months, register_rows, term_months
from kerjasama.imports.files import check_file
from kerjasama.imports.issues import MESSAGES as READ_MESSAGES
from kerjasama.imports.issues import Issue
from kerjasama.imports.matching import CaseMatch, Matcher, PartnerMatch
from kerjasama.imports.models import (
    ClausesChecked,
    Decision,
    ImportRow,
    ImportRun,
    InPlan,
    Outcome,
    RememberedMapping,
    RunState,
)
from kerjasama.imports.reader import ReadRow, RegisterRead, read_register
from kerjasama.imports.table import RowKind
from kerjasama.imports.values import status_key
from kerjasama.partners.enums import PartnerKind, ThirdPartyType
from kerjasama.partners.models import Partner, normalize_name
from kerjasama.partners.services import partner_create
from kerjasama.reference.models import GovernmentAffair, Region

# Facts a register does not hold but a case needs, chosen for the whole import (shown in the
# preview, recorded on the run): a KSDD's category (§3.1) and a KSDPK's kind (PP 28/2018
# Pasal 15), who initiated it (§8.1 `prakarsa`).
DEFAULTS = {
    "ksdd_category": "sukarela",
    "ksdpk_kind": "other",
    "initiative": "region",
    "ksdpk_clauses": ClausesChecked.NO,  # never assumed: the user checks the contracts
    "in_plan": "yes",  # §8.1 dalam_perencanaan, PP 28/2018 Pasal 4(2): the user answers
}

# The reasons of the rows, rendered in the reader's language when shown (as `issues.Issue`).
MESSAGES = {
    "title_empty": gettext_lazy("%(cell)s: the title is empty"),
    "partners_empty": gettext_lazy("%(cell)s: no partner is named"),
    "partner_unknown": gettext_lazy(
        "%(cell)s: the partner “%(text)s” is neither a region nor in the partner registry; "
        "register it first"
    ),
    "partner_ambiguous": gettext_lazy(
        "%(cell)s: “%(text)s” may be %(candidates)s; write the name in full or the code"
    ),
    "kind_undetermined": gettext_lazy(
        "%(cell)s: the type of cooperation cannot be told from the partners; add a column "
        "“Jenis Kerja Sama”"
    ),
    "status_empty": gettext_lazy("%(cell)s: the status is empty, so the stage is not known"),
    "status_unmapped": gettext_lazy(
        "%(cell)s: the status “%(text)s” is not mapped to a stage; choose its stage"
    ),
    "stage_not_on_pathway": gettext_lazy(
        "%(cell)s: the stage “%(stage)s” is not on the pathway of a %(kind)s"
    ),
    "urusan_empty": gettext_lazy(
        "%(cell)s: no government affair (bidang urusan) is given; a case needs at least one "
        "(§9 item 5)"
    ),
    "urusan_unknown": gettext_lazy("%(cell)s: “%(text)s” is not one of the 32 bidang urusan"),
    "opd_new": gettext_lazy("%(cell)s: the OPD “%(text)s” is not on the list; it will be added"),
    "partner_new": gettext_lazy(
        "%(cell)s: a new partner will be added to the partner registry: %(text)s (%(type)s)"
    ),
    "number_without_kind": gettext_lazy(
        "%(cell)s: a document number without the document's type; fill in “Jenis Naskah”"
    ),
    "ended_without_end": gettext_lazy(
        "%(cell)s: an ended cooperation needs its end date (“Tanggal Berakhir”)"
    ),
    "duplicate": gettext_lazy(
        "%(cell)s: may be the case already registered as “%(text)s” (same title, partner and "
        "date); check it, or exclude this row"
    ),
    "duplicate_new": gettext_lazy(
        "%(cell)s: may be the case already registered as “%(text)s”; you chose to import it as "
        "a new case"
    ),
    "duplicate_same": gettext_lazy(
        "%(cell)s: resembles the case “%(text)s” (same title, partner and date); you chose to "
        "take it as that case"
    ),
    "refused": gettext_lazy("%(cell)s: %(text)s"),
    "duration_without_start": gettext_lazy(
        "%(cell)s: a term (“Jangka Waktu”) without a start date (“Tanggal Mulai”, %(start)s); "
        "the term is not imported"
    ),
    "duration_differs": gettext_lazy(
        "%(cell)s: the term of %(months)s months does not fit the start and end dates (%(end)s); "
        "the end date is imported"
    ),
    "stage_differs": gettext_lazy(
        "%(cell)s: the register says “%(text)s” but the case is at “%(stage)s”; the import "
        "does not move a case along its pathway"
    ),
    # §3.2, §9 item 3; PP 28/2018 Pasal 19(2): never assumed from a register.
    "ksdpk_clauses_unchecked": gettext_lazy(
        "%(cell)s: a signed KSDPK contract is registered only when it holds the four mandatory "
        "clauses (PP 28/2018 Pasal 19(2)); check the contracts, then answer “Checked” for "
        "“Signed KSDPK contracts” below the columns and read again"
    ),
    # A status before the signature of the agreement the row gives signed (a warning).
    "signed_before_stage": gettext_lazy(
        "%(cell)s: the status puts the case at “%(stage)s”, before its agreement is signed, but "
        "%(signed)s gives a signing date: it is registered at that stage with the agreement "
        "signed; check the status"
    ),
    # A signing date or remarks on a row without the type of its agreement (an info).
    "kept_on_agreement": gettext_lazy(
        "%(cell)s is not imported: it is kept on the row's agreement, and the row does not give "
        "the type of agreement (“Jenis Naskah”)"
    ),
    # Kerjasama keeps no date of the request letter of a case (an info).
    "request_date_not_kept": gettext_lazy(
        "%(cell)s: the request date is read but not imported; Kerjasama does not keep it"
    ),
    # The registry keeps a term's start and end together (§8.1).
    "term_half": gettext_lazy(
        "%(cell)s: the start of the term is given but not its end; fill in %(end)s or the term "
        "(Jangka Waktu)"
    ),
}
# What an imported row's notes say once the import is committed: done, not to be done.
DONE_MESSAGES = {
    "opd_new": gettext_lazy("%(cell)s: the OPD “%(text)s” was not on the list; it was added"),
    "partner_new": gettext_lazy(
        "%(cell)s: a new partner was added to the partner registry: %(text)s (%(type)s)"
    ),
}
ERRORS = {
    "title_empty",
    "partners_empty",
    "partner_unknown",
    "partner_ambiguous",
    "kind_undetermined",
    "status_empty",
    "status_unmapped",
    "stage_not_on_pathway",
    "urusan_empty",
    "urusan_unknown",
    "number_without_kind",
    "ended_without_end",
    "refused",
    "ksdpk_clauses_unchecked",
    "term_half",
}


def reason_text(reason: Mapping[str, Any], *, done: bool = False) -> str:
    """A stored reason ({"code", "cell", "params"}) in the active language; `done`: of a row
    the import wrote, told as what it did ("it was added"), not what it will do."""
    code = reason["code"]
    if code in READ_MESSAGES:
        return Issue(code, reason.get("cell", ""), dict(reason.get("params", {}))).message
    message = DONE_MESSAGES.get(code, MESSAGES[code]) if done else MESSAGES[code]
    return str(message) % {"cell": reason.get("cell", ""), **reason.get("params", {})}


class ImportRefused(DomainError):
    """An import step that cannot be taken (wrong state, changed cases …)."""


# --- Permissions ---------------------------------------------------------------------------


def can_import(actor: User | None, tenant: Tenant) -> bool:
    """Only the region's own secretariat imports into its registry (issue 11)."""
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.tenant_id == tenant.pk
        and actor.has_role(Role.SECRETARIAT)
    )


def _require(actor: User | None, tenant: Tenant) -> None:
    if not can_import(actor, tenant):
        raise NotPermitted(_("Only the region's secretariat imports into its registry."))


# --- The run -------------------------------------------------------------------------------


@transaction.atomic
def run_create(
    *,
    actor: User,
    tenant: Tenant,
    data: bytes,
    name: str,
    defaults: Mapping[str, str] | None = None,
    store: bool = True,
) -> ImportRun:
    """Store an uploaded file as a run (state `uploaded`); the file was checked by the caller
    (`files.check_file`), reading it is `run_read` (in a background task on the screens)."""
    _require(actor, tenant)
    remembered = _remembered(tenant)
    run = ImportRun(
        tenant=tenant,
        created_by=actor,
        file_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        defaults=_defaults(remembered.defaults if remembered else {}, defaults or {}),
    )
    if store:  # a preview on the command line keeps no file
        run.file.save(name[-100:] or "register.xlsx", ContentFile(data), save=False)
    run.save()
    audit.record(
        actor=actor,
        action="import.upload",
        obj=run,
        data={"file_name": run.file_name, "sha256": run.sha256},
    )
    return run


def _defaults(*chosen: Mapping[str, str]) -> dict[str, str]:
    """`DEFAULTS` with the choices made (later ones win); a value that is not one of the
    case form's choices is refused in the user's language."""
    allowed = {
        "initiative": Initiative.values,
        "ksdd_category": KsddCategory.values,
        "ksdpk_kind": KsdpkKind.values,
        "ksdpk_clauses": ClausesChecked.values,
        "in_plan": InPlan.values,
    }
    result = dict(DEFAULTS)
    for choice in chosen:
        for name, value in choice.items():
            if name not in allowed:
                continue
            if value not in allowed[name]:
                raise DomainError({name: [_("Choose one of the listed values.")]})
            result[name] = value
    return result


def _remembered(tenant: Tenant) -> RememberedMapping | None:
    return RememberedMapping.objects.filter(tenant=tenant).first()


def run_read(
    run: ImportRun,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: Mapping[str, str] | None = None,
    status_mapping: Mapping[str, str | None] | None = None,
    data: bytes | None = None,
) -> ImportRun:
    """Read the run's file (with the user's choices, else the proposals and the region's
    remembered mapping) and compute the preview. A file that cannot be read marks the run
    failed with the message (no traceback)."""
    remembered = _remembered(run.tenant)
    try:
        if data is None:
            with run.file.open("rb") as handle:
                data = handle.read()
        read = read_register(
            data,
            name=run.file_name,
            sheet=sheet or None,
            header_row=header_row,
            mapping=mapping,
            remembered=remembered.headers if remembered else None,
        )
    except DomainError as error:
        run.state, run.error, run.progress = RunState.FAILED, str(error.message), 100
        # The sheets the workbook has, for the user to choose one and its header row.
        run.read = {"sheets": _sheets_of(data, run.file_name)} if data else {}
        run.save(update_fields=["state", "error", "progress", "read", "updated_at"])
        return run
    statuses = read.status_mapping()
    if remembered:
        statuses.update({k: v for k, v in remembered.statuses.items() if k in statuses})
    if status_mapping:
        statuses.update({k: (v or None) for k, v in status_mapping.items() if k in statuses})
    run.sheet, run.header_row = read.sheet, read.header_row
    run.mapping, run.status_mapping = read.mapping, statuses
    run.read = read.as_dict()
    run.state, run.progress, run.error = RunState.READ, 50, ""
    run.save()
    return run_preview(run)


def _sheets_of(data: bytes, name: str) -> list[dict[str, Any]]:
    try:
        checked = check_file(data, name=name)
    except DomainError:
        return []
    return [{"name": sheet.name} for sheet in checked.sheets if sheet.visible]


def run_choose(
    *,
    actor: User,
    run: ImportRun,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: Mapping[str, str] | None = None,
    status_mapping: Mapping[str, str | None] | None = None,
    defaults: Mapping[str, str] | None = None,
    read: bool = True,
) -> ImportRun:
    """The user's sheet, header row, mapping and status mapping, recorded on the run; then
    read again and preview again — now, or (`read=False`, the screens) by the background task
    `tasks.read_run_task`, which applies `run.choices`."""
    _require(actor, run.tenant)
    _require_state(run, RunState.READ, RunState.PREVIEWED, RunState.FAILED)
    moved = (sheet and sheet != run.sheet) or (header_row and header_row != run.header_row)
    if moved or not mapping:
        mapping = None  # another table: its columns are proposed afresh
    run.choices = {
        "sheet": sheet or run.sheet or None,
        "header_row": header_row,
        "mapping": dict(mapping) if mapping else None,
        "status_mapping": dict(status_mapping) if status_mapping else None,
    }
    if defaults:
        run.defaults = _defaults(run.defaults or {}, defaults)
    with transaction.atomic():
        run.state, run.progress = RunState.UPLOADED, 0
        run.save(update_fields=["choices", "defaults", "state", "progress", "updated_at"])
        audit.record(
            actor=actor,
            action="import.choose",
            obj=run,
            data={**run.choices, "defaults": dict(run.defaults)},
        )
    return run_read_chosen(run) if read else run


def run_read_chosen(run: ImportRun) -> ImportRun:
    """Read the run with the user's recorded choices (none: everything proposed)."""
    choices = run.choices or {}
    run = run_read(
        run,
        sheet=choices.get("sheet"),
        header_row=choices.get("header_row"),
        mapping=choices.get("mapping"),
        status_mapping=choices.get("status_mapping"),
    )
    if run.choices and run.state == RunState.PREVIEWED:
        _remember(run)  # what the user chose is proposed for the region's next file
    return run


def run_decide(
    *,
    actor: User,
    run: ImportRun,
    numbers: Iterable[int],
    decision: str,
    read: bool = True,
) -> int:
    """The user's word on rows found to be possible duplicates (issue 11, item 5): import each
    as a new case (`Decision.NEW`), take it as the case it resembles (`Decision.SAME`), or ask
    again (""). Only such rows (or rows decided before) take it. The preview is then computed
    again, now or (`read=False`, the screens) by the background task, so that a row taken as
    new is judged by the registry's services like any new row. Returns the rows decided."""
    _require(actor, run.tenant)
    _require_state(run, RunState.PREVIEWED)
    if decision not in {"", *Decision.values}:
        raise ValidationError(_("Choose what the rows are."), code="invalid")
    with transaction.atomic():
        rows = run.rows.filter(number__in=list(numbers)).filter(
            Q(outcome=Outcome.DUPLICATE) | ~Q(decision="")
        )
        decided = sorted(rows.values_list("number", flat=True))
        if not decided:
            return 0
        rows.update(decision=decision)
        audit.record(
            actor=actor,
            action="import.decide",
            obj=run,
            data={"rows": decided, "decision": decision},
        )
        run.state, run.progress = RunState.UPLOADED, 0
        run.save(update_fields=["state", "progress", "updated_at"])
    if read:
        run_read_chosen(run)
    return len(decided)


def run_exclude(*, actor: User, run: ImportRun, numbers: Iterable[int], excluded: bool) -> int:
    """Exclude rows from the commit (or take them back)."""
    _require(actor, run.tenant)
    _require_state(run, RunState.PREVIEWED)
    numbers = list(numbers)
    with transaction.atomic():
        count = run.rows.filter(number__in=numbers).update(excluded=excluded)
        audit.record(
            actor=actor,
            action="import.exclude" if excluded else "import.include",
            obj=run,
            data={"rows": sorted(numbers)},
        )
    return count


def _require_state(run: ImportRun, *states: str) -> None:
    if run.state not in states:
        raise ImportRefused(
            _("This import is “%(state)s”; that step is not possible now.")
            % {"state": run.get_state_display()}
        )


def register_of(run: ImportRun) -> RegisterRead:
    return RegisterRead.from_dict(run.read)


# --- Planning a row ------------------------------------------------------------------------


@dataclass
class Plan:
    """What a row says and would do."""

    number: int
    reasons: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    kind: str = ""
    stage: str = ""
    partners: list[PartnerMatch] = field(default_factory=list)
    affairs: list[Any] = field(default_factory=list)
    opd_name: str = ""
    opd: Opd | None = None
    register_number: str = ""
    document: dict[str, Any] = field(default_factory=dict)
    document_number: str = ""
    ended_on: dt.date | None = None
    match: CaseMatch = field(default_factory=CaseMatch)
    # The row's values per field, as read (`_exported_as`).
    values: dict[str, Any] = field(default_factory=dict)
    # The agreement the row stands for, per case (`_document_of`, asked several times a row).
    documents: dict[int, Document | None] = field(default_factory=dict, repr=False)

    def reason(self, code: str, cell: str, **params: Any) -> None:
        self.reasons.append({"code": code, "cell": cell, "params": params})

    @property
    def invalid(self) -> bool:
        return any(
            r["code"] in ERRORS
            or (r["code"] in READ_MESSAGES and READ_MESSAGES[r["code"]][0] == "error")
            for r in self.reasons
        )

    def facts(self) -> dict[str, Any]:
        """The facts an update compares with the case (only those the row gives)."""
        facts: dict[str, Any] = {}
        if self.title:
            facts["title"] = " ".join(self.title.split())
        if self.affairs:
            facts["affairs"] = sorted(a.code for a in self.affairs)
        if self.opd_name:
            facts["opd"] = self.opd.name if self.opd else self.opd_name
        if self.register_number:
            facts["register_number"] = self.register_number
        for name in ("signed_on", "start_date", "end_date"):
            if self.document.get(name):
                facts[f"document.{name}"] = self.document[name].isoformat()
        if self.document.get("summary"):
            facts["document.summary"] = self.document["summary"]
        return facts


class _Cells:
    """field → the cell reference of a row ("F12"), from the run's mapping."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.letters: dict[str, str] = {}
        for letter, name in mapping.items():
            self.letters.setdefault(name, letter)

    def __call__(self, name: str, number: int) -> str:
        letter = self.letters.get(name)
        return f"{letter}{number}" if letter else str(number)


def _plan(matcher: Matcher, row: ReadRow, run: ImportRun, cells: _Cells) -> Plan:
    plan = Plan(row.number, values=dict(row.values))
    plan.reasons.extend(issue.as_dict() for issue in row.issues)
    values, number = row.values, row.number
    plan.title = " ".join(str(values.get(Field.TITLE, "") or "").split())
    if not plan.title:
        plan.reason("title_empty", cells(Field.TITLE, number))
    # Partners: the register names the other parties; the region itself is always one.
    own = run.tenant.region
    names = matcher.partner_names(list(values.get(Field.PARTNERS) or []))
    if not names:
        plan.reason("partners_empty", cells(Field.PARTNERS, number))
    for text in names:
        match = matcher.partner(text)
        if match.region is not None and match.region.pk == own.pk:
            continue
        if not match.found:
            if match.candidates:
                plan.reason(
                    "partner_ambiguous",
                    cells(Field.PARTNERS, number),
                    text=text,
                    candidates=", ".join(match.candidates),
                )
            else:
                plan.reason("partner_unknown", cells(Field.PARTNERS, number), text=text)
            continue
        if match.new:
            plan.reason(
                "partner_new",
                cells(Field.PARTNERS, number),
                text=match.text,
                type=str(ThirdPartyType(match.third_party_type).label),
            )
        if match.key not in {p.key for p in plan.partners}:
            plan.partners.append(match)
    # The type of cooperation: as written, else what the partners make it (§3: a KSDD is
    # between regions, a KSDPK between a region and a third party).
    kind = values.get(Field.COOPERATION_KIND)
    if kind:
        plan.kind = str(kind)
    elif plan.partners:
        kinds = {p.kind for p in plan.partners}
        if kinds == {PartnerKind.REGION}:
            plan.kind = CooperationKind.KSDD
        elif PartnerKind.THIRD_PARTY in kinds and kinds <= {
            PartnerKind.REGION,
            PartnerKind.THIRD_PARTY,
        }:
            plan.kind = CooperationKind.KSDPK
        else:
            plan.reason("kind_undetermined", cells(Field.COOPERATION_KIND, number))
    # The stage, by the status mapping the user confirmed.
    status = values.get(Field.STATUS)
    status_cell = cells(Field.STATUS, number)
    if not status:
        plan.reason("status_empty", status_cell)
    else:
        stage = run.status_mapping.get(status_key(str(status)))
        if not stage:
            plan.reason("status_unmapped", status_cell, text=str(status))
        elif plan.kind and stage not in STAGES_BY_KIND.get(plan.kind, []):
            plan.reason(
                "stage_not_on_pathway",
                status_cell,
                stage=str(Stage(stage).label),
                kind=str(CooperationKind(plan.kind).label),
            )
        else:
            plan.stage = stage
    # Urusan (§9 item 5, §10).
    urusan = values.get(Field.URUSAN)
    if not urusan:
        if plan.kind != CooperationKind.SINERGI:
            plan.reason("urusan_empty", cells(Field.URUSAN, number))
    else:
        plan.affairs, unknown = matcher.affairs(str(urusan))
        for text in unknown:
            plan.reason("urusan_unknown", cells(Field.URUSAN, number), text=text)
    # The OPD.
    opd_text = values.get(Field.OPD)
    if opd_text:
        found = matcher.opd(str(opd_text))
        plan.opd_name, plan.opd = found.text, found.opd
        if found.propose_create:
            plan.reason("opd_new", cells(Field.OPD, number), text=found.text)
    plan.register_number = str(values.get(Field.REGISTER_NUMBER) or "")
    # The document.
    plan.document_number = str(values.get(Field.DOCUMENT_NUMBER) or "")
    document_kind = values.get(Field.DOCUMENT_KIND)
    dates = {
        "signed_on": values.get(Field.SIGNING_DATE),
        "start_date": values.get(Field.START_DATE),
        "end_date": values.get(Field.END_DATE),
    }
    _term(plan, values, dates, cells)
    remarks = str(values.get(Field.REMARKS) or "").strip()
    if document_kind:
        plan.document = {
            "kind": str(document_kind),
            "status": DocumentStatus.SIGNED if dates["signed_on"] else DocumentStatus.DRAFT,
            **{k: _day(v) for k, v in dates.items() if v},
        }
        if remarks:  # "Keterangan": the agreement's summary, where the export writes it
            plan.document["summary"] = remarks
    else:
        if plan.document_number:
            plan.reason("number_without_kind", cells(Field.DOCUMENT_KIND, number))
        # What only an agreement keeps: said, not silently dropped (the walk of issue 11).
        kept = [
            (Field.SIGNING_DATE, dates["signed_on"]),
            (Field.START_DATE, dates["start_date"]),
            # An ended case's end date is the day it ended (`plan.ended_on`).
            (Field.END_DATE, dates["end_date"] if plan.stage != Stage.ENDED else None),
            (Field.REMARKS, remarks),
        ]
        for field, value in kept:
            if value:
                plan.reason("kept_on_agreement", cells(field, number))
    if values.get(Field.REQUEST_DATE):
        plan.reason("request_date_not_kept", cells(Field.REQUEST_DATE, number))
    if plan.stage == Stage.ENDED:
        plan.ended_on = _day(dates["end_date"]) if dates["end_date"] else None
        if plan.ended_on is None:
            plan.reason("ended_without_end", cells(Field.END_DATE, number))
    if not plan.invalid:
        plan.match = matcher.case(
            document_number=plan.document_number,
            register_number=plan.register_number,
            partners=plan.partners,
            title=plan.title,
            dates=[_day(v) for v in dates.values() if v],
        )
    _document_checks(plan, run, cells)
    return plan


def _document_checks(plan: Plan, run: ImportRun, cells: _Cells) -> None:
    """What the registry would refuse of the row's agreement, said with its cell: a term with a
    start and no end (§8.1), a signed KSDPK contract whose four clauses nobody checked (§3.2,
    §9 item 3; PP 28/2018 Pasal 19(2): the user answers for the file, never assumed). Only for
    an agreement the row would add: a row of an agreement on file compares, it adds nothing."""
    document, number = plan.document, plan.number
    if not document or (plan.match.cooperation is not None and not plan.match.created_here):
        return
    if document.get("start_date") and not document.get("end_date"):
        plan.reason("term_half", cells(Field.START_DATE, number), end=cells(Field.END_DATE, number))
    if (
        plan.kind == CooperationKind.KSDPK
        and document.get("kind") == DocumentKind.PKS
        and document.get("status") == DocumentStatus.SIGNED
    ):
        checked = (run.defaults or {}).get("ksdpk_clauses") == ClausesChecked.YES
        document["mandatory_clauses_confirmed"] = checked
        if not checked:
            plan.reason("ksdpk_clauses_unchecked", cells(Field.DOCUMENT_KIND, number))
    signed_at = str(_SIGNED_STAGE.get(document.get("kind", ""), ""))
    line = [str(stage) for stage in STAGES_BY_KIND.get(plan.kind, [])]
    if (
        document.get("status") == DocumentStatus.SIGNED
        and signed_at in line
        and plan.stage in line
        and line.index(plan.stage) < line.index(signed_at)
    ):
        plan.reason(
            "signed_before_stage",
            cells(Field.STATUS, number),
            stage=str(Stage(plan.stage).label),
            signed=cells(Field.SIGNING_DATE, number),
        )


# The stage a case reaches when the agreement of this kind is signed (§6.2).
_SIGNED_STAGE = {
    DocumentKind.KB: Stage.KB_SIGNED,
    DocumentKind.PKS: Stage.PKS_SIGNED,
    DocumentKind.NK: Stage.NK_SIGNED,
}


def _term(plan: Plan, values: Mapping[str, Any], dates: dict[str, Any], cells: _Cells) -> None:
    """ "Jangka Waktu" (§8.1 `jangka_waktu_bulan`): with a start date and no end date, the term
    gives the end — the day before the same date `months` later (5 years from 17 July 2023
    end on 16 July 2028); with both dates, a term that does not fit them is a warning naming
    the cells; without a start date, it says nothing the registry keeps (a warning)."""
    months = values.get(Field.DURATION)
    if not months:
        return
    number = plan.number
    start, end = dates["start_date"], dates["end_date"]
    if not start:
        plan.reason(
            "duration_without_start",
            cells(Field.DURATION, number),
            start=cells(Field.START_DATE, number),
        )
    elif not end:
        dates["end_date"] = add_months(_day(start), int(months)) - dt.timedelta(days=1)
    elif term_months(_day(start), _day(end)) != int(months):
        plan.reason(
            "duration_differs",
            cells(Field.DURATION, number),
            end=cells(Field.END_DATE, number),
            months=int(months),
        )


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def current_facts(
    cooperation: Cooperation, tenant: Tenant, document: Document | None = None
) -> dict[str, Any]:
    """The facts of a case as `Plan.facts` words them (the dates those of `document`, the
    agreement a row stands for). The OPD is the region's party's executing OPD, else its
    initiating one, as the export writes it."""
    own = cooperation.parties.filter(partner__region=tenant.region).first()
    opd = (own.executing_opd or own.initiating_opd) if own else None
    facts: dict[str, Any] = {
        "title": cooperation.title,
        "affairs": sorted(cooperation.affairs.values_list("code", flat=True)),
        "opd": opd.name if opd else "",
        "register_number": own.register_number if own else "",
    }
    for name in ("signed_on", "start_date", "end_date"):
        value = getattr(document, name) if document else None
        facts[f"document.{name}"] = value.isoformat() if value else None
    facts["document.summary"] = document.summary if document else ""
    return facts


def _document_of(cooperation: Cooperation, tenant: Tenant, plan: Plan) -> Document | None:
    """The agreement of the case a row stands for (the export writes one row per agreement,
    `export.register_rows`): the one with the row's number as the region's; else, of the
    row's type and not numbered otherwise by the region, the one with the row's signing or
    start date, else the only one, else the one with the row's title. None: the row's
    agreement is not on file yet (or the row stands for the case alone)."""
    if not plan.document:
        return None
    if cooperation.pk not in plan.documents:
        plan.documents[cooperation.pk] = _find_document(cooperation, tenant, plan)
    return plan.documents[cooperation.pk]


def _find_document(cooperation: Cooperation, tenant: Tenant, plan: Plan) -> Document | None:
    documents = cooperation.documents.filter(kind__in=t.ROW_KINDS).order_by("pk")
    own_numbers = dict(
        DocumentParty.objects.filter(
            document__cooperation=cooperation, party__partner__region=tenant.region
        ).values_list("document_id", "number")
    )
    number = plan.document_number.strip()
    if number:
        for document in documents:
            if own_numbers.get(document.pk, "").strip() == number:
                return document
    candidates = [
        document
        for document in documents
        if document.kind == plan.document["kind"]
        and not (number and own_numbers.get(document.pk, "").strip())
    ]
    days = {plan.document.get(name) for name in ("signed_on", "start_date")} - {None}
    dated = [d for d in candidates if days & {d.signed_on, d.start_date}]
    if len(dated) == 1:
        return dated[0]
    if len(candidates) == 1:
        return candidates[0]
    titled = [d for d in dated or candidates if " ".join(d.title.split()) == plan.title]
    return titled[0] if titled else None


def _label_of(plan: Plan) -> str:
    """A new agreement as the preview names it: "Perjanjian Kerja Sama 180/12/PEM"."""
    kind = t.DOCUMENT_KIND_TEXTS.get(plan.document["kind"], plan.document["kind"])
    return " ".join(filter(None, [kind, plan.document_number]))


def _diff(plan: Plan, cooperation: Cooperation, tenant: Tenant) -> dict[str, list[Any]]:
    """What the row would change in the case: its facts, and those of the agreement the row
    stands for (`_document_of`) — its title when it is titled otherwise than its case, its
    executing OPD when it has its own, its dates — or that agreement, added ("document")."""
    document = _document_of(cooperation, tenant, plan)
    current = current_facts(cooperation, tenant, document)
    facts = plan.facts()
    if plan.document and document is None:
        # An agreement not on file yet: the case gets it (its dates, title and OPD with it).
        facts = {k: v for k, v in facts.items() if not k.startswith("document.")}
        facts.pop("opd", None)
        if "title" in facts and facts["title"] != cooperation.title:
            facts.pop("title")
        facts["document"] = _label_of(plan)
        current["document"] = None
    if document is not None and "title" in facts and document.title != cooperation.title:
        # A row that stands for an agreement titled otherwise than its case ("PKS pilar
        # batas", as the export writes it) is compared with the agreement's title; one titled
        # as its case (as an import makes it) with the case's, and follows it (`_update`).
        facts["document.title"] = facts.pop("title")
        current["document.title"] = document.title
    opd = document.executing_opd if document is not None else None
    if opd is not None and opd.tenant_id == tenant.pk and "opd" in facts:
        # The agreement's own executing OPD, one of the region's (the export writes it on the
        # agreement's row); another party's OPD is no OPD of this register.
        facts["document.opd"] = facts.pop("opd")
        current["document.opd"] = opd.name
    return {
        name: [current.get(name), value]
        for name, value in facts.items()
        if current.get(name) != value
    }


def _exported_as(plan: Plan, cooperation: Cooperation, tenant: Tenant) -> bool:
    """Whether the row holds exactly the template's values of one of the case's export rows
    (`export.register_rows`)."""

    def template(values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            str(name): _number(values[name]) if name == Field.AMOUNT else _plain(values[name])
            for name in t.FIELDS
            if values.get(name) not in (None, "", [])
        }

    mine = template(plan.values)
    cases = Cooperation.objects.filter(pk=cooperation.pk)
    return any(template(row.values) == mine for row in register_rows(cases, tenant))


def _number(value: Any) -> Any:
    """An amount as a number: "600000000.00" read from a CSV is 600000000."""
    try:
        return str(decimal.Decimal(str(value)).normalize())
    except decimal.InvalidOperation:
        return _plain(value)


def _stage_of(plan: Plan, cooperation: Cooperation, tenant: Tenant) -> str:
    """The stage a row's status is compared with: its agreement's own (a PKS walks its own
    road), else the case's — as the export writes the status."""
    document = _document_of(cooperation, tenant, plan)
    return t.row_stage(document.stage if document is not None else "", cooperation.stage)


# --- Writing a row -------------------------------------------------------------------------


def _opd_for(actor: User, run: ImportRun, matcher: Matcher, plan: Plan) -> Opd | None:
    if not plan.opd_name:
        return None
    if plan.opd is None:
        plan.opd = matcher.opd(plan.opd_name).opd
    if plan.opd is None:
        with _as_domain_error():
            plan.opd = opd_create(actor=actor, tenant=run.tenant, data={"name": plan.opd_name})
        matcher.opd_added(plan.opd)
        _created(run, "opds", plan.opd.pk)
    return plan.opd


@contextmanager
def _as_domain_error() -> Iterator[None]:
    """A model's own validation (`full_clean`: a name longer than its column …) as the row's
    reason, not an error of the import."""
    try:
        yield
    except DomainError:
        raise
    except ValidationError as error:
        raise DomainError(error.messages) from error


def _created(run: ImportRun, kind: str, pk: int) -> None:
    """Record what the import added besides cases (for undo): "partners", "opds"."""
    run.created.setdefault(kind, []).append(pk)


def _partner_for(actor: User, run: ImportRun, match: PartnerMatch) -> Partner | Region:
    """The partner of a party: the region or registered partner matched, else the third party
    the row names, added to the partner registry once per name key in the run (its service
    checks who may and audits it)."""
    if match.region is not None:
        return match.region
    if match.partner is not None:
        return match.partner
    key = normalize_name(match.text)
    existing = Partner.objects.exclude(kind=PartnerKind.REGION).filter(name_key=key).first()
    if existing is not None:  # added by an earlier row of this import
        return existing
    with _as_domain_error():
        partner = partner_create(
            actor=actor,
            data={
                "kind": PartnerKind.THIRD_PARTY,
                "name": match.text,
                "third_party_type": match.third_party_type,
            },
            confirm_not_duplicate=True,
        )
    _created(run, "partners", partner.pk)
    return partner


def _create(actor: User, run: ImportRun, matcher: Matcher, plan: Plan) -> Cooperation:
    """A new case — or, for the row of an agreement of a case an earlier row of this import
    created (`CaseMatch.created_here`: a KB, then each PKS on its own row), that agreement
    added to it."""
    if plan.match.cooperation is not None and plan.match.created_here:
        cooperation = plan.match.cooperation
        _attach(actor, run, matcher, plan, cooperation)
        return cooperation
    defaults = run.defaults or DEFAULTS
    data: dict[str, Any] = {
        "kind": plan.kind,
        "title": plan.title,
        "in_plan": defaults.get("in_plan", InPlan.YES) == InPlan.YES,
        "initiative": defaults.get("initiative", "region"),
    }
    if plan.kind == CooperationKind.KSDD:
        data["ksdd_category"] = defaults.get("ksdd_category", "sukarela")
    if plan.kind == CooperationKind.KSDPK:
        data["ksdpk_kind"] = defaults.get("ksdpk_kind", "other")
    # A case whose term has passed is registered in force with its agreement and then ended by
    # the expiry of its term, as the daily job ends one (§6.4; PP 28/2018 Pasal 9(a), 22): the
    # registry accepts no agreement signed under a case already ended.
    expires = plan.stage == Stage.ENDED and plan.kind in STAGES_BY_KIND and bool(plan.document)
    stage = Stage.IN_FORCE if expires else plan.stage
    if plan.stage == Stage.ENDED and not expires:
        data["termination_reason"] = TerminationReason.TERM_EXPIRED
        data["terminated_on"] = plan.ended_on
    own_region = run.tenant.region
    parties = [agreements.PartyInput(own_region)]
    parties += [agreements.PartyInput(_partner_for(actor, run, p)) for p in plan.partners]
    opd = _opd_for(actor, run, matcher, plan)
    own_party: dict[str, Any] = {}
    if opd is not None:
        own_party["executing_opd"] = opd
    if plan.register_number:
        own_party["register_number"] = plan.register_number
    label = str(run.label)
    cooperation = agreements.cooperation_create(
        actor=actor,
        data=data,
        parties=parties,
        affairs=plan.affairs,
        stage=stage or None,
        own_party=own_party,
        override_reason=label,
        registration_reason=label,
        source=run.source(),
    )
    matcher.created.add(cooperation.pk)
    if plan.document:
        _attach(actor, run, matcher, plan, cooperation)
    if expires:
        assert plan.ended_on is not None
        on = plan.ended_on + dt.timedelta(days=1)  # the day after the term, as the job dates it
        lifecycle.cooperation_transition(
            actor=None,
            cooperation=cooperation,
            action=Action.EXPIRE,
            expected_stage=cooperation.stage,
            facts={Fact.ON: on},
            today=timezone.localdate(),
            source=run.source(),
        )
    return cooperation


def _attach(
    actor: User, run: ImportRun, matcher: Matcher, plan: Plan, cooperation: Cooperation
) -> Document:
    """The row's agreement added to the case, numbered by the region as the row says, with the
    row's OPD as its executing OPD, under the agreement it belongs to (`_parent_of`)."""
    own = cooperation.parties.get(partner__region=run.tenant.region)
    entries = (
        {own.pk: agreements.DocumentEntryInput(number=plan.document_number)}
        if plan.document_number
        else {}
    )
    data = {
        **plan.document,
        "title": plan.title,
        "executing_opd": _opd_for(actor, run, matcher, plan),
        "parent": _parent_of(cooperation, plan),
    }
    document = agreements.document_create(
        actor=actor,
        cooperation=cooperation,
        data=data,
        entries=entries,
        override_reason=str(run.label),
    )
    _registered_pks_stage(actor, run, plan, cooperation, document)
    return document


def _registered_pks_stage(
    actor: User, run: ImportRun, plan: Plan, cooperation: Cooperation, document: Document
) -> None:
    """A signed PKS the register lists as signed or in force, added to a case registered at
    that stage, documents that stage, as the first PKS of such a case does
    (`Document._initial_pks_stage`; issue 7: a case registered mid-way does not walk the steps
    it skipped) — not "drafting" beside a case in force."""
    registered = (Stage.PKS_SIGNED, Stage.IN_FORCE)
    if not (
        document.kind == DocumentKind.PKS
        and document.status == DocumentStatus.SIGNED
        and document.stage == Stage.PKS_DRAFTING
        and plan.stage in registered
        and cooperation.stage in registered
    ):
        return
    Document.objects.filter(pk=document.pk).update(stage=plan.stage)
    audit.record(
        actor=actor,
        action="import.pks_stage",
        obj=run,
        cooperation=cooperation,
        changes={"stage": [document.stage, plan.stage]},
        data={"row": plan.number, "document": document.pk, "source": str(run.label)},
    )
    document.stage = plan.stage


def _parent_of(cooperation: Cooperation, plan: Plan) -> Document | None:
    """The agreement a new one is placed under (`enums.PARENT_KINDS`, as the registry asks): a
    PKS under the case's Kesepakatan Bersama (§3.4: a PKS implements a KB; PP 28/2018 Pasal
    6(1)), an addendum under the agreement it amends — the last one of the case signed on or
    before it (a PKS before a KB, as a PKS is the more specific). None when the case has no
    such agreement (the registry then asks for the reason, given as the import's label)."""
    kinds = PARENT_KINDS.get(plan.document["kind"])
    if not kinds:
        return None
    candidates = list(cooperation.documents.filter(kind__in=kinds).order_by("signed_on", "pk"))
    signed = plan.document.get("signed_on")
    if signed:
        before = [d for d in candidates if d.signed_on is None or d.signed_on <= signed]
        candidates = before or candidates
    if plan.document["kind"] == DocumentKind.ADDENDUM:
        pks = [d for d in candidates if d.kind == DocumentKind.PKS]
        candidates = pks or candidates
    return candidates[-1] if candidates else None


def _update(
    actor: User, run: ImportRun, matcher: Matcher, plan: Plan, cooperation: Cooperation
) -> dict[str, Any]:
    """Write the changed facts; returns what they were (for undo)."""
    diff = _diff(plan, cooperation, run.tenant)
    before = {name: old for name, (old, _new) in diff.items()}
    label = str(run.label)
    document = _document_of(cooperation, run.tenant, plan)
    follows = None  # the agreement titled as its case, whose title follows the case's
    if "title" in diff and document is not None and document.title == cooperation.title:
        follows = document
    if "title" in diff or "affairs" in diff:
        _case_facts(actor, cooperation, plan.title or cooperation.title, plan.affairs, label)
    own = cooperation.parties.get(partner__region=run.tenant.region)
    party_data: dict[str, Any] = {}
    if "opd" in diff:
        before["opd"] = own.executing_opd_id
        party_data["executing_opd"] = _opd_for(actor, run, matcher, plan)
    if "register_number" in diff:
        party_data["register_number"] = plan.register_number
    if party_data:
        agreements.party_update(actor=actor, party=own, data=party_data)
    if "document" in diff:  # "document" in `before` names an agreement changed (`_restore`)
        before.pop("document")
        before["document_added"] = _attach(actor, run, matcher, plan, cooperation).pk
    document_changes = {
        name.removeprefix("document."): plan.document.get(name.removeprefix("document."), new)
        for name, (_old, new) in diff.items()
        if name.startswith("document.") and name != "document.opd"
    }
    if "document.opd" in diff and document is not None:
        before["document.executing_opd"] = document.executing_opd_id
        document_changes["executing_opd"] = _opd_for(actor, run, matcher, plan)
    if follows is not None:
        document_changes["title"] = plan.title
        before["document.title"] = follows.title
    if document_changes:
        if document is None:
            raise RuleViolation(
                {"__all__": [_("The case has no agreement on file whose dates could change.")]}
            )
        before["document"] = document.pk
        agreements.document_update(
            actor=actor,
            document=document,
            data=document_changes,
            override_reason=label,
            change_reason=label,
        )
    audit.record(
        actor=actor,
        action="import.update",
        obj=run,
        cooperation=cooperation,
        changes=diff,
        data={"row": plan.number, "source": label},
    )
    return before


def _case_facts(
    actor: User, cooperation: Cooperation, title: str, affairs: list[Any], reason: str
) -> None:
    cooperation.refresh_from_db()
    parties = [
        agreements.PartyInput(p.partner, p.signatory_name, p.signatory_position)
        for p in cooperation.parties.select_related("partner").order_by("order")
    ]
    agreements.cooperation_update(
        actor=actor,
        cooperation=cooperation,
        expected_version=cooperation.version,
        data={
            **{name: getattr(cooperation, name) for name in agreements.COOPERATION_FIELDS},
            "title": title,
        },
        parties=parties,
        affairs=affairs or list(cooperation.affairs.all()),
        public_services=list(cooperation.public_services.all()),
        override_reason=reason,
        change_reason=reason,
    )


def _outcome(
    plan: Plan, run: ImportRun, decision: str = "", created: Iterable[int] = ()
) -> tuple[str, dict[str, Any]]:
    """The row's outcome and its field diff. `decision` is the user's word on a row found to be
    a possible duplicate (`Decision`): a new case after all, or the case it resembles (which
    may be one an earlier row of the file created: `created`, the matcher's); it says nothing
    of a row that is not one."""
    if plan.invalid:
        return Outcome.INVALID, {}
    if plan.match.cooperation is None and plan.match.duplicates:
        # A row that is, cell for cell, a row the export writes for a case found by title,
        # partner and date (one without any number of the region) is that case read back,
        # not a possible duplicate of it.
        for cooperation in plan.match.duplicates:
            if _exported_as(plan, cooperation, run.tenant):
                plan.match = CaseMatch(cooperation)
                break
    if plan.match.cooperation is not None:
        cooperation = plan.match.cooperation
        diff = _diff(plan, cooperation, run.tenant)
        if plan.match.created_here and "document" in diff:
            return Outcome.NEW, {}  # an agreement of a case an earlier row created (`_create`)
        stage = _stage_of(plan, cooperation, run.tenant)
        if plan.stage and plan.stage != stage and "document" not in diff:
            plan.reason(
                "stage_differs",
                "",
                text=str(Stage(plan.stage).label),
                stage=str(Stage(stage).label),
            )
        return (Outcome.UPDATE if diff else Outcome.UNCHANGED), diff
    if plan.match.duplicates:
        resembled = plan.match.duplicates[0]
        if decision == Decision.SAME:
            plan.reason("duplicate_same", "", text=resembled.title)
            plan.match = CaseMatch(resembled, created_here=resembled.pk in set(created))
            return _outcome(plan, run)
        if decision == Decision.NEW:
            plan.reason("duplicate_new", "", text=resembled.title)
            return Outcome.NEW, {}
        # The case, for the preview to link to ("check it"); not one an earlier row of this
        # preview created, which is rolled back (its id may be another case's later).
        linked = {} if resembled.pk in set(created) else {"case": resembled.pk}
        plan.reason("duplicate", "", text=resembled.title, **linked)
        return Outcome.DUPLICATE, {}
    return Outcome.NEW, {}


# --- Preview, commit, undo -----------------------------------------------------------------


class _Rollback(Exception):
    pass


def run_preview(run: ImportRun) -> ImportRun:
    """Each row's outcome, stored as `ImportRow`s; no case is written (see the module)."""
    read = register_of(run)
    actor = run.created_by
    cells = _Cells(run.mapping)
    results: list[ImportRow] = []
    kept = {row.number: (row.excluded, row.decision) for row in run.rows.all()}
    try:
        # Rolled back below: the derived rows of the cases it writes (deadlines, access, search)
        # are never read, so they are not refreshed (`core.derived`).
        with transaction.atomic(), derived.batch(discard=True):
            matcher = Matcher(run.tenant)
            with audit.interface(audit.current_interface()):
                for row in read.rows:
                    decision = kept.get(row.number, (False, ""))[1]
                    results.append(_preview_row(actor, run, matcher, row, cells, decision))
            raise _Rollback
    except _Rollback:
        run.created = {}  # what the rolled-back rows added is gone
    for result in results:
        result.excluded, decision = kept.get(result.number, (False, ""))
        # A decision stays with a row that is still one of the resembling ones.
        result.decision = decision if result.outcome != Outcome.NON_DATA else ""
    with transaction.atomic():
        run.rows.all().delete()
        ImportRow.objects.bulk_create(results, batch_size=500)
        run.counts = _counts(results)
        run.state, run.progress = RunState.PREVIEWED, 100
        run.save(update_fields=["counts", "state", "progress", "updated_at"])
    return run


def _preview_row(
    actor: User, run: ImportRun, matcher: Matcher, row: ReadRow, cells: _Cells, decision: str = ""
) -> ImportRow:
    values = {name: _plain(value) for name, value in row.values.items()}
    if row.kind != RowKind.DATA:
        # What kind of row it is (title block, section, totals …), for the preview to say.
        return ImportRow(
            run=run, number=row.number, outcome=Outcome.NON_DATA, values={"kind": str(row.kind)}
        )
    plan = _plan(matcher, row, run, cells)
    outcome, diff = _outcome(plan, run, decision, matcher.created)
    cooperation_id = plan.match.cooperation.pk if plan.match.cooperation else None
    if plan.match.created_here:
        cooperation_id = None  # made by an earlier row of this preview, which is rolled back
    if outcome in (Outcome.NEW, Outcome.UPDATE):
        mark = matcher.mark()
        try:
            with transaction.atomic():
                if outcome == Outcome.NEW:
                    written = _create(actor, run, matcher, plan)
                else:
                    assert plan.match.cooperation is not None
                    written = plan.match.cooperation
                    _update(actor, run, matcher, plan, written)
            _noted(matcher, plan, written)
        except DomainError as error:
            matcher.forget_since(mark)  # what the row added was rolled back with it
            plan.reason("refused", "", text=_refusal_text(error))
            outcome, diff = Outcome.INVALID, {}
    return ImportRow(
        run=run,
        number=row.number,
        outcome=outcome,
        reasons=_cells_first(plan.reasons, row.number),
        diff=diff,
        values=values,
        cooperation_id=cooperation_id if outcome != Outcome.NEW else None,
    )


def _noted(matcher: Matcher, plan: Plan, cooperation: Cooperation) -> None:
    """The row's numbers and title, now on `cooperation`, for the next rows to find it by."""
    matcher.noted(
        cooperation.pk,
        numbers=[plan.document_number, plan.register_number],
        titles=[plan.title],
    )


def _cells_first(reasons: list[dict[str, Any]], number: int) -> list[dict[str, Any]]:
    return [{**r, "cell": r.get("cell") or str(number)} for r in reasons]


def _refusal_text(error: DomainError) -> str:
    messages = getattr(error, "message_dict", None)
    if messages:
        return " ".join(str(m) for values in messages.values() for m in values)
    return " ".join(str(m) for m in getattr(error, "messages", [error]))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value) if not isinstance(value, int | float | bool | type(None)) else value


def _counts(rows: Iterable[ImportRow]) -> dict[str, int]:
    counts = {outcome.value: 0 for outcome in Outcome}
    for row in rows:
        counts[row.outcome] += 1
    return counts


def run_fail(run_id: int, message: str) -> None:
    """Mark a run failed with `message` after an error nobody foresaw in its background work
    (`tasks`), so that its page says so instead of waiting for ever. What the work wrote was
    rolled back with it."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state in (RunState.COMMITTED, RunState.UNDONE):
            return
        run.state, run.error, run.progress = RunState.FAILED, message, 100
        run.save(update_fields=["state", "error", "progress", "updated_at"])
        audit.record(actor=None, action="import.failed", obj=run, data={"error": message})


def run_commit(*, actor: User, run: ImportRun) -> ImportRun:
    """Write the run's non-excluded new and update rows in one transaction (see the module).
    A refusal of any row rolls back everything and marks the run failed with the message."""
    _require(actor, run.tenant)
    _require_state(run, RunState.PREVIEWED, RunState.COMMITTING)
    try:
        with audit.tagged(import_commit=run.pk):
            _commit(actor, run)
    except DomainError as error:
        run.refresh_from_db()
        run.state, run.error = RunState.FAILED, _refusal_text(error)
        run.save(update_fields=["state", "error", "updated_at"])
        return run
    run.refresh_from_db()
    return run


def run_commit_start(*, actor: User, run: ImportRun) -> ImportRun:
    """Mark the run as being imported, for the background task to commit (the screens): a
    second click finds it importing and is refused."""
    _require(actor, run.tenant)
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        _require_state(locked, RunState.PREVIEWED)
        locked.state, locked.progress = RunState.COMMITTING, 0
        locked.save(update_fields=["state", "progress", "updated_at"])
        audit.record(actor=actor, action="import.commit_start", obj=locked)
    return locked


class _RowRefused(DomainError):
    pass


@transaction.atomic
def _commit(actor: User, run: ImportRun) -> None:
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    read = register_of(run)
    cells = _Cells(run.mapping)
    matcher = Matcher(run.tenant)
    run.committed_at, run.created = timezone.now(), {}
    # The rows the preview found new, to update or unchanged are planned again: a row whose
    # outcome differs now (a case imported, undone or edited since) stops the commit, so that
    # nothing is written on a stale preview and no row is silently left out.
    rows = {
        row.number: row
        for row in run.rows.filter(
            excluded=False, outcome__in=[Outcome.NEW, Outcome.UPDATE, Outcome.UNCHANGED]
        ).order_by("number")
    }
    touched: list[ImportRow] = []
    # Every case's derived rows (deadlines, access, search …) and the regions' cached lists
    # once, after the last row (`core.derived`): nothing the rows read is derived.
    with derived.batch():
        for read_row in read.rows:
            stored = rows.get(read_row.number)
            if stored is None:
                continue
            plan = _plan(matcher, read_row, run, cells)
            outcome, _diff_now = _outcome(plan, run, stored.decision, matcher.created)
            if outcome != stored.outcome and outcome != Outcome.INVALID:
                raise _RowRefused(
                    _(
                        "Row %(row)s: the registry changed after the preview (the row is now "
                        "“%(now)s”, the preview said “%(then)s”). Read the file again, then import."
                    )
                    % {
                        "row": read_row.number,
                        "now": Outcome(outcome).label,
                        "then": Outcome(stored.outcome).label,
                    }
                )
            if outcome == Outcome.UNCHANGED:
                continue
            try:
                if outcome == Outcome.NEW:
                    stored.cooperation = _create(actor, run, matcher, plan)
                    stored.outcome = Outcome.NEW
                elif outcome == Outcome.UPDATE:
                    assert plan.match.cooperation is not None
                    stored.before = _update(actor, run, matcher, plan, plan.match.cooperation)
                    stored.cooperation = plan.match.cooperation
                else:
                    text = "; ".join(
                        reason_text(r) for r in _cells_first(plan.reasons, plan.number)
                    )
                    raise _RowRefused(text or str(Outcome(outcome).label))
            except DomainError as error:
                message = _("Row %(row)s: %(reason)s") % {
                    "row": read_row.number,
                    "reason": _refusal_text(error),
                }
                raise _RowRefused(message) from error
            assert stored.cooperation is not None
            _noted(matcher, plan, stored.cooperation)
            touched.append(stored)
    counts = dict(run.counts)
    counts["committed"] = len(touched)
    audit.record(
        actor=actor,
        action="import.commit",
        obj=run,
        concerns=[stored.cooperation for stored in touched if stored.cooperation],
        data={"file_name": run.file_name, "sha256": run.sha256, "counts": counts},
    )
    # Each case's last event, after the import's own: one query per chunk of cases.
    last_of = _last_events({stored.cooperation_id for stored in touched if stored.cooperation_id})
    for stored in touched:
        stored.last_event = last_of.get(stored.cooperation_id or 0)
    ImportRow.objects.bulk_update(
        touched, ["cooperation", "outcome", "before", "last_event"], batch_size=500
    )
    run.counts = counts
    run.state, run.error = RunState.COMMITTED, ""
    run.save()
    _remember(run)


def _remember(run: ImportRun) -> None:
    read = register_of(run)
    remembered, _created = RememberedMapping.objects.get_or_create(tenant=run.tenant)
    remembered.headers = {**remembered.headers, **remember(read.headers, run.mapping)}
    remembered.statuses = {
        **remembered.statuses,
        **{k: v for k, v in run.status_mapping.items() if v},
    }
    # The answer about the signed KSDPK contracts is for this file's contracts only: the next
    # file's are checked again (never assumed, PP 28/2018 Pasal 19(2)).
    remembered.defaults = {
        name: value for name, value in (run.defaults or {}).items() if name != "ksdpk_clauses"
    }
    remembered.save()


def _last_events(cooperation_ids: Iterable[int]) -> dict[int, int]:
    """The id of the newest audit event concerning each of these cases."""
    ids = sorted(cooperation_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        rows = (
            AuditConcern.objects.filter(
                subject_type=Cooperation._meta.label_lower,
                subject_id__in=[str(pk) for pk in ids[start : start + 500]],
            )
            .values("subject_id")
            .annotate(last=Max("event_id"))
            .values_list("subject_id", "last")
        )
        found.update((int(subject_id), last) for subject_id, last in rows)
    return found


def changed_since(run: ImportRun) -> list[Cooperation]:
    """The cases of a committed run that someone changed after it (a later audit event) —
    not counting a later import that was undone since: its commit and its undo, which wrote
    back what it had changed, are no change (their events are tagged with the run)."""
    undone = set(
        ImportRun.objects.filter(tenant=run.tenant, state=RunState.UNDONE).values_list(
            "pk", flat=True
        )
    )
    # Each case's oldest own event of this run: an event after it is a change since. (Several
    # rows may write one case: a KB, then each PKS under it.)
    since: dict[int, int] = {}
    for cooperation_id, last_event in run.rows.filter(
        cooperation__isnull=False, last_event__isnull=False
    ).values_list("cooperation_id", "last_event"):
        assert cooperation_id is not None
        assert last_event is not None
        since[cooperation_id] = min(last_event, since.get(cooperation_id, last_event))
    if not since:
        return []
    subject_type = Cooperation._meta.label_lower
    changed: set[int] = set()
    ids = sorted(since)
    # One query per chunk of cases (not one per row), over the (subject_type, subject_id,
    # event) index; chunks keep SQLite under its limit of query parameters.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        later = AuditConcern.objects.filter(
            subject_type=subject_type,
            subject_id__in=[str(pk) for pk in chunk],
            event_id__gt=min(since[pk] for pk in chunk),
        ).values_list("subject_id", "event_id", "event__data")
        for subject_id, event_id, data in later:
            pk = int(subject_id)
            if pk in changed or event_id <= since[pk]:
                continue
            by = data.get("import_commit") or data.get("import_undo") if data else None
            if by not in undone:
                changed.add(pk)
    if not changed:
        return []
    found = Cooperation.objects.in_bulk(changed)
    return [
        found[pk]
        for pk in dict.fromkeys(
            pk
            for pk in run.rows.filter(cooperation__in=changed)
            .order_by("number")
            .values_list("cooperation_id", flat=True)
        )
    ]


@transaction.atomic
def run_undo(*, actor: User, run: ImportRun) -> ImportRun:
    """Delete the cases the run created and write back what it changed — refused when any of
    its cases was changed since (their titles are listed)."""
    _require(actor, run.tenant)
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    _require_state(run, RunState.COMMITTED)
    with audit.tagged(import_undo=run.pk):
        return _undo(actor, run)


def _undo(actor: User, run: ImportRun) -> ImportRun:
    changed = changed_since(run)
    if changed:
        raise ImportRefused(
            _(
                "This import cannot be undone: its cases were changed since: %(cases)s. Undo "
                "those changes first, or correct the cases by hand."
            )
            % {"cases": "; ".join(f"“{c.title}”" for c in changed)}
        )
    # The reason the restoring writes give in the cases' history: the undo, named as such.
    label = _("%(import)s (undone)") % {"import": run.label}
    rows = list(run.rows.filter(cooperation__isnull=False).select_related("cooperation"))
    deleted: set[int] = set()
    for row in rows:
        cooperation = row.cooperation
        assert cooperation is not None
        if cooperation.pk in deleted:  # a case several rows made (its KB, then each PKS)
            continue
        if row.outcome == Outcome.NEW:
            deleted.add(cooperation.pk)
            audit.record(
                actor=actor,
                action="import.undo_create",
                obj=run,
                concerns=[cooperation],
                data={"row": row.number, "title": cooperation.title, "source": label},
            )
            _delete_case(cooperation)
        else:
            _restore(actor, run, row, cooperation, label)
    kept = _undo_created(actor, run)
    run.state, run.undone_at = RunState.UNDONE, timezone.now()
    run.save(update_fields=["state", "undone_at", "updated_at"])
    audit.record(
        actor=actor,
        action="import.undo",
        obj=run,
        data={
            "file_name": run.file_name,
            **{f"kept_{kind}": names for kind, names in kept.items()},
        },
    )
    return run


def _undo_created(actor: User, run: ImportRun) -> dict[str, list[str]]:
    """Delete the partners and OPDs the run added, each unless something refers to it (another
    case's party, a user, an action item …: any relation, including those that would only be
    emptied); the kept ones by name."""
    kept: dict[str, list[str]] = {}
    for kind, model in (("partners", Partner), ("opds", Opd)):
        for obj in model.objects.filter(pk__in=run.created.get(kind, [])).order_by("pk"):
            name = str(obj.name)
            if _referenced(obj):
                kept.setdefault(kind, []).append(name)
                continue
            try:  # the ORM's protection as well, in a savepoint
                with transaction.atomic():
                    audit.record(
                        actor=actor,
                        action=f"import.undo_{kind.removesuffix('s')}",
                        obj=run,
                        data={"id": obj.pk, "name": name},
                    )
                    obj.delete()
            except (ProtectedError, RestrictedError):
                kept.setdefault(kind, []).append(name)
    return kept


def _referenced(obj: Partner | Opd) -> bool:
    return any(
        rel.related_model._base_manager.filter(**{rel.field.name: obj}).exists()
        for rel in obj._meta.related_objects
    )


def _delete_case(cooperation: Cooperation) -> None:
    for document in cooperation.documents.all():
        document.party_entries.all().delete()
    Document.objects.filter(cooperation=cooperation).update(parent=None)
    cooperation.documents.all().delete()
    cooperation.delete()


def _restore(
    actor: User, run: ImportRun, row: ImportRow, cooperation: Cooperation, label: str
) -> None:
    before = row.before
    if "title" in before or "affairs" in before:
        affairs = (
            list(GovernmentAffair.objects.filter(code__in=before["affairs"]))
            if "affairs" in before
            else []
        )
        _case_facts(actor, cooperation, before.get("title") or cooperation.title, affairs, label)
    own = cooperation.parties.get(partner__region=run.tenant.region)
    party_data: dict[str, Any] = {}
    if "opd" in before:
        party_data["executing_opd"] = Opd.objects.filter(pk=before["opd"]).first()
    if "register_number" in before:
        party_data["register_number"] = before["register_number"] or ""
    if party_data:
        agreements.party_update(actor=actor, party=own, data=party_data)
    if "document" in before:
        document = Document.objects.get(pk=before["document"])
        data = {
            name.removeprefix("document."): _restored_value(name, value)
            for name, value in before.items()
            if name.startswith("document.")
        }
        agreements.document_update(
            actor=actor, document=document, data=data, override_reason=label, change_reason=label
        )
    if "document_added" in before:  # the agreement the row added to the case
        added = Document.objects.filter(pk=before["document_added"]).first()
        if added is not None:
            audit.record(
                actor=actor,
                action="import.undo_document",
                obj=run,
                concerns=[cooperation],
                data={"row": row.number, "title": added.title, "source": label},
            )
            added.party_entries.all().delete()
            added.delete()


def _restored_value(name: str, value: Any) -> Any:
    """A document's field as `_update` recorded it before the change."""
    if name in ("document.title", "document.summary"):
        return value or ""
    if name == "document.executing_opd":
        return Opd.objects.filter(pk=value).first() if value else None
    return dt.date.fromisoformat(value) if value else None


# --- Bringing a region in (the command line) -----------------------------------------------


def region_by_code(code: str) -> Region:
    """The region with this Kemendagri code, or a `DomainError` in the user's language."""
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise DomainError(
            _("No region has the Kemendagri code “%(code)s” (e.g. 61.72 for Kota Singkawang).")
            % {"code": code}
        )
    return region


@transaction.atomic
def tenant_add(*, code: str) -> tuple[Tenant, bool]:
    """Make the region with this code a tenant; (tenant, whether it was made now). A
    platform administrator's act from the command line (no actor; the interface is `cli`)."""
    region = region_by_code(code)
    tenant = Tenant.objects.filter(region=region).first()
    if tenant is not None:
        return tenant, False
    tenant = Tenant.objects.create(region=region)
    audit.record(actor=None, action="tenant.create", obj=tenant, data={"region": region.code})
    return tenant, True


def import_actor(tenant: Tenant) -> User:
    """Who a command-line import is made by: the region's first secretariat user (by id), so
    that the cases' history names a person of the region who answers for them."""
    actor: User | None = (
        User.objects.filter(tenant=tenant, is_active=True, role_grants__role=Role.SECRETARIAT)
        .order_by("pk")
        .first()
    )
    if actor is None:
        raise DomainError(
            _(
                "%(region)s has no active secretariat user; add one first (the import is made "
                "in their name)."
            )
            % {"region": tenant.region}
        )
    return actor
