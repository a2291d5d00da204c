"""Writing the demo (`data.py`) into the database, through the services.

Every cooperation is registered at the first stage of its type and walked to its demo stage
through `lifecycle.cooperation_transition`, one step at a time, with backdated dates taken from
its documents (`_Walk`): each document is added when its date is reached or when a step needs
it, and a document that a step's preconditions require but the record does not list (a KAK, an
offer letter, the Minister's consideration …) is added with the step's date and a generic
title. So every record has a history consistent with its dates. Then the daily job's work is
done once: agreements whose term ran out are ended, and the reminders due today are sent.

Idempotent: tenants, users and OPDs are looked up by their natural keys, partners by their
normalised name, cooperation records by title + registering tenant; what exists is skipped
(an existing record is not walked again), and the reminders are sent once by design, so a
second run writes nothing (no rows, no audit events). The caller runs `load_demo` in one
transaction (the command does); on any refusal by a service nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kerjasama.accounts import services as account_services
from kerjasama.accounts.models import Opd, Role, Tenant, User
from kerjasama.agreements import lifecycle, pathways
from kerjasama.agreements import services as agreement_services
from kerjasama.agreements.enums import (
    FIRST_STAGE,
    FOREIGN_KINDS,
    Action,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Stage,
)
from kerjasama.agreements.models import Cooperation, Document, Party
from kerjasama.agreements.services import DocumentEntryInput, PartyInput
from kerjasama.core import audit, derived
from kerjasama.core.exceptions import DomainError, WarningsNeedReason
from kerjasama.core.models import Interface
from kerjasama.demo import data as demo_data
from kerjasama.demo import meeting as demo_meeting
from kerjasama.demo import monev as demo_monev
from kerjasama.demo import monev_year as demo_monev_year
from kerjasama.demo import team as demo_team
from kerjasama.meetings.models import Meeting
from kerjasama.notifications.services import reminders_send
from kerjasama.partners import services as partner_services
from kerjasama.partners.models import Partner
from kerjasama.reference.models import GovernmentAffair, PublicService, Region
from kerjasama.reference.services import reference_load_all


class DemoModeOff(Exception):
    """Demo data (with known passwords) is never loaded unless DEMO_MODE is on."""


class DemoLoadError(Exception):
    """A service refused a demo record; the message names the record."""


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, created: bool) -> None:
        bucket = self.created if created else self.skipped
        bucket[what] = bucket.get(what, 0) + 1

    def lines(self) -> list[str]:
        names = sorted({*self.created, *self.skipped})
        return [
            f"{name}: {self.created.get(name, 0)} created, "
            f"{self.skipped.get(name, 0)} already present"
            for name in names
        ]


def demo_mode_on() -> bool:
    return bool(getattr(settings, "DEMO_MODE", False))


def load_demo(*, today: dt.date | None = None) -> LoadSummary:
    """Load the reference data and then the demo, in one transaction, as the CLI."""
    if not demo_mode_on():
        raise DemoModeOff(
            "Demo data is only loaded with DEMO_MODE on (DEBUG=1 or KERJASAMA_DEMO=1): it "
            f"creates users with the published password {demo_data.PASSWORD!r}."
        )
    today = today or timezone.localdate()
    with audit.interface(Interface.CLI), transaction.atomic():
        reference_load_all()
        return _Loader(demo_data.build(today), today).run()


class _Loader:
    def __init__(self, demo: demo_data.Demo, today: dt.date) -> None:
        self.demo = demo
        self.today = today
        self.summary = LoadSummary()
        self.regions: dict[str, Region] = {}
        self.tenants: dict[str, Tenant] = {}
        self.users: dict[str, User] = {}
        self.opds: dict[tuple[str, str], Opd] = {}
        self.partners: dict[str, Partner] = {}
        self.meeting: Meeting | None = None  # the TKKSD meeting of 14 January 2021
        self.started = timezone.now()

    def run(self) -> LoadSummary:
        self._tenants()
        self._secretariats_then_opds_then_people()
        self._letters()
        self._partners()
        # The TKKSD of Kota Singkawang by its decrees (issue 9), before the records: its meeting
        # of 14 January 2021 decides a step of the Kalbar KB (`meeting_decides`).
        created = demo_team.load_team(
            tenant=self.tenants[demo_data.SINGKAWANG],
            secretariat=self.secretariat(demo_data.SINGKAWANG),
            users=self.users,
            opds=self._skw_opds(),
        )
        self.summary.add("TKKSD decrees", bool(created))
        for record in self.demo.records:
            try:
                with derived.batch():  # each case's derived rows once, at its end
                    self._record(record)
            except DomainError as error:  # any kind, the warnings to override among them
                raise DemoLoadError(f"{record.title!r}: {_messages(error)}") from error
        if self.meeting is not None:
            owners = [u for u in self.users.values() if u.opd_id is not None]
            closed = demo_meeting.close_action_items(meeting=self.meeting, owners=owners)
            self.summary.add("TKKSD action items closed", bool(closed))
        upcoming = demo_meeting.plan_next_meeting(
            tenant=self.tenants[demo_data.SINGKAWANG],
            secretariat=self.secretariat(demo_data.SINGKAWANG),
            today=self.today,
        )
        self.summary.add("TKKSD meetings planned", upcoming.created_at >= self.started)
        # Indicators, targets and verified realisations of 2020 and 2021 on the Kalbar–Singkawang
        # clean-water PKS (issue 10).
        with derived.batch():  # each indicator's deadlines once, at the end
            monev = demo_monev.monev_load()
            self.summary.add("monitoring indicators", bool(monev.get("indicators")))
            self.summary.add("headline indicators", bool(demo_monev_year.monev_year_load()))
        # The daily job's work, once: agreements whose term has run out are ended (as the job,
        # "term expired"), and the reminders due today go out (once per deadline, tier, user
        # and channel, so a second run sends nothing).
        for _ended in lifecycle.cooperations_end_expired(today=self.today):
            self.summary.add("cooperations ended by their term", True)
        sent = reminders_send(today=self.today)
        self.summary.created["reminders sent"] = sent.sent_app + sent.sent_email
        if sent.failed:
            raise DemoLoadError(f"{sent.failed} deadline(s) failed to send their reminders")
        return self.summary

    def _skw_opds(self) -> dict[str, Opd]:
        return {
            name: opd for (code, name), opd in self.opds.items() if code == demo_data.SINGKAWANG
        }

    def meeting_decides(self, cooperation: Cooperation, action: str, reason: str) -> None:
        """The TKKSD meeting of 14 January 2021 takes `action` on the Kalbar KB by its decision,
        when its chair makes the minutes final (`demo/meeting.py`)."""
        tenant = self.tenants[demo_data.SINGKAWANG]
        opds = self._skw_opds()
        self.meeting = demo_meeting.load_meeting_of_14_january(
            tenant=tenant,
            secretariat=self.secretariat(demo_data.SINGKAWANG),
            chair=self.users["sekda.singkawang"],
            cooperation=cooperation,
            action=action,
            reason=reason,
            officers=[
                u
                for u in self.users.values()
                if u.tenant_id == tenant.pk and u.has_role(Role.OPD_OFFICER)
            ],
            pupr=opds[demo_data.SKW_PUPR],
            tourism=opds[demo_data.SKW_PARPORA],
        )
        self.summary.add("TKKSD meetings", True)

    # --- references -------------------------------------------------------------------------

    def region(self, code: str) -> Region:
        if code not in self.regions:
            self.regions[code] = Region.objects.get(code=code)
        return self.regions[code]

    def partner(self, ref: str) -> Partner:
        """A region code or the key of a `PartnerSpec`."""
        if ref not in self.partners:
            self.partners[ref] = partner_services.partner_for_region(self.region(ref))
        return self.partners[ref]

    def opd(self, tenant_code: str, name: str) -> Opd | None:
        if not name:
            return None
        return self.opds[(tenant_code, name)]

    def secretariat(self, tenant_code: str) -> User:
        return self.users[demo_data.SECRETARIAT_OF[tenant_code]]

    # --- tenants, OPDs, people --------------------------------------------------------------

    def _tenants(self) -> None:
        # No service for tenants yet: the ORM, as the brief of the demo allows.
        for spec in self.demo.tenants:
            tenant, created = Tenant.objects.get_or_create(
                region=self.region(spec.region),
                defaults={
                    "letterhead": spec.letterhead,
                    "address": spec.address,
                    "email": spec.email,
                },
            )
            self.tenants[spec.region] = tenant
            self.summary.add("tenants", created)

    def _letters(self) -> None:
        """The regions' letter settings (issue 9), through the service, by their secretariats;
        once (a region whose signer is set is left as it is)."""
        for code, data in demo_data.LETTER_SETTINGS.items():
            tenant = self.tenants[code]
            if tenant.signer_name:
                continue
            account_services.tenant_letters_update(
                actor=self.secretariat(code), tenant=tenant, data=data
            )
            self.summary.add("letter settings", True)

    def _user(self, spec: demo_data.UserSpec) -> None:
        user = User.objects.filter(username=spec.username).first()
        created = user is None
        if user is None:
            # No service for users yet: Django's manager hashes the password.
            user = User.objects.create_user(
                spec.username,
                password=demo_data.PASSWORD,
                first_name=spec.first_name,
                last_name=spec.last_name,
                position=spec.position,
                tenant=self.tenants[spec.tenant],
                opd=self.opd(spec.tenant, spec.opd),
            )
            # Roles only for a new user: a second run never takes away roles given since.
            account_services.user_set_roles(actor=None, user=user, roles=set(spec.roles))
        self.users[spec.username] = user
        self.summary.add("users", created)

    def _secretariats_then_opds_then_people(self) -> None:
        """OPDs are created by their region's secretariat, whose own OPD is one of them: the
        secretariat users come first (their OPD set right after), then the OPDs, then the rest."""
        secretariats = list(demo_data.SECRETARIAT_OF.values())
        specs = {spec.username: spec for spec in self.demo.users}
        for username in secretariats:
            spec = specs[username]
            self._user(demo_data.UserSpec(**{**spec.__dict__, "opd": ""}))
        for opd_spec in self.demo.opds:
            tenant = self.tenants[opd_spec.tenant]
            opd = Opd.objects.filter(tenant=tenant, name=opd_spec.name).first()
            created = opd is None
            if opd is None:
                opd = account_services.opd_create(
                    actor=self.secretariat(opd_spec.tenant),
                    tenant=tenant,
                    data={"name": opd_spec.name, "short_name": opd_spec.short_name},
                )
            self.opds[(opd_spec.tenant, opd_spec.name)] = opd
            self.summary.add("opds", created)
        for username in secretariats:
            spec, user = specs[username], self.users[username]
            if spec.opd and user.opd_id is None:
                # Only right after creation (a user with an OPD is left alone).
                user.opd = self.opd(spec.tenant, spec.opd)
                user.full_clean()
                user.save(update_fields=["opd"])
        for spec in self.demo.users:
            if spec.username not in secretariats:
                self._user(spec)

    # --- partners ---------------------------------------------------------------------------

    def _partners(self) -> None:
        actor = self.secretariat(demo_data.SINGKAWANG)
        for spec in self.demo.partners:
            existing = partner_services.partner_duplicates(name=spec.name)
            existing = [p for p in existing if p.kind == spec.kind]
            if existing:
                self.partners[spec.key] = existing[0]
                self.summary.add("partners", False)
                continue
            self.partners[spec.key] = partner_services.partner_create(
                actor=actor,
                data={
                    "kind": spec.kind,
                    "name": spec.name,
                    "third_party_type": spec.third_party_type,
                    "foreign_institution_type": spec.foreign_institution_type,
                    "country": spec.country,
                    "address": spec.address,
                    "website": spec.website,
                },
            )
            self.summary.add("partners", True)

    # --- cooperation records ----------------------------------------------------------------

    def _record(self, record: demo_data.Record) -> None:
        tenant = self.tenants[record.tenant]
        if Cooperation.objects.filter(title=record.title, created_by_tenant=tenant).exists():
            self.summary.add("cooperations", False)
            return
        actor = self.users[record.actor] if record.actor else self.secretariat(record.tenant)
        affairs = list(GovernmentAffair.objects.filter(code__in=record.affairs))
        missing = set(record.affairs) - {a.code for a in affairs}
        if missing:
            raise DemoLoadError(f"{record.title!r}: unknown affairs {sorted(missing)}")
        services = list(PublicService.objects.filter(slug__in=record.services))
        if len(services) != len(set(record.services)):
            raise DemoLoadError(f"{record.title!r}: unknown public services")
        # `in_plan` is given explicitly: the model defaults it to True, but the validation
        # reads a missing value as False and then asks for an out-of-plan reason.
        data = {"kind": record.kind, "title": record.title, "in_plan": True, **record.fields}
        cooperation = agreement_services.cooperation_create(
            actor=actor,
            data=data,
            parties=[
                PartyInput(
                    partner=self.partner(p.ref),
                    signatory_name=p.signatory_name,
                    signatory_position=p.signatory_position,
                )
                for p in record.parties
            ],
            affairs=affairs,
            public_services=services,
            override_reason=record.override_reason,
            stage=record.stage if record.registration_reason else None,
            registration_reason=record.registration_reason,
        )
        parties = {
            spec.ref: party
            for spec, party in zip(
                record.parties, cooperation.parties.order_by("order"), strict=True
            )
        }
        for spec in record.parties:
            self._party(record, actor, spec, parties[spec.ref])
        for money in record.financing:
            agreement_services.financing_add(
                actor=actor,
                cooperation=cooperation,
                data={
                    "source": money.source,
                    "party": parties[money.party] if money.party else None,
                    "amount": Decimal(money.amount),
                    "fiscal_year": money.year,
                    "note": money.note,
                },
            )
        if record.registration_reason:
            # An old case registered at its stage (issue 7): its documents, no walk.
            _Walk(self, record, cooperation, actor, parties).documents_until(None)
        else:
            _Walk(self, record, cooperation, actor, parties).run()
        if record.finding is not None:
            agreement_services.finding_add(
                actor=self.secretariat(record.tenant),
                cooperation=cooperation,
                data={
                    "received_on": record.finding.received_on,
                    "source": record.finding.source,
                    "summary": record.finding.summary,
                },
            )
        self.summary.add("cooperations", True)

    def _party(
        self, record: demo_data.Record, actor: User, spec: demo_data.P, party: Party
    ) -> None:
        """A party's own data, written by the party's own secretariat when it is a tenant,
        otherwise (contact only) by the registering secretariat."""
        own: dict[str, object] = {
            name: getattr(spec, name)
            for name in ("register_number", "contact_name", "contact_phone", "contact_email")
            if getattr(spec, name)
        }
        is_tenant = spec.ref in self.tenants
        if is_tenant:
            for name in ("initiating_opd", "executing_opd"):
                if getattr(spec, name):
                    own[name] = self.opd(spec.ref, getattr(spec, name))
        elif spec.initiating_opd or spec.executing_opd:
            raise DemoLoadError(f"{record.title!r}: OPDs given for {spec.ref}, not a tenant")
        if not own:
            return
        # A party that is not a tenant is kept by the registering region's secretariat, even
        # when an OPD officer registered the case (permissions.can_edit_party).
        writer = self.secretariat(spec.ref if is_tenant else record.tenant)
        agreement_services.party_update(actor=writer, party=party, data=own)


# --- Walking a record along its pathway ---------------------------------------------------------

# The main line of each type, in order; the walk takes the steps that lead from the current
# stage, so `request_dprd`/`dprd_approves` or `skip_dprd` is chosen by the DPRD test (§7).
_MAIN = {
    "domestic": [
        "prepare",
        Action.OFFER,
        "accept_offer",
        Action.SIGN_KB,
        Action.REQUEST_DPRD,
        Action.DPRD_APPROVES,
        Action.SKIP_DPRD,
        Action.SIGN_PKS,
        "start",
    ],
    "foreign": [
        Action.EXPLORE,
        "consult_loi",
        Action.SIGN_LOI,
        "draft_plan",
        Action.REQUEST_DPRD,
        Action.DPRD_APPROVES,
        "minister_approves_plan",
        "submit_text",
        "minister_approves_text",
        "receive_confirmation",
        Action.SIGN_TEXT,
        "start",
    ],
    "sinergi": ["submit_for_review", Action.APPROVE_REVIEW, Action.SIGN_NK, "start"],
}
D = DocumentKind
# The record's own documents that a step uses (the first one of each kind not used yet); the
# step is dated on the latest of their dates.
_USES: dict[str, tuple[str, ...]] = {
    "prepare": (D.KAK, D.MAPPING_RESULT, D.FEASIBILITY_STUDY),
    Action.OFFER: (D.TKKSD_MINUTES, D.OFFER_LETTER, D.MAPPING_RESULT, D.FEASIBILITY_STUDY),
    "accept_offer": (D.REPLY_LETTER, D.FEASIBILITY_STUDY),
    Action.SIGN_KB: (D.KB,),
    Action.REQUEST_DPRD: (D.COOPERATION_PLAN, D.DPRD_REQUEST),
    Action.DPRD_APPROVES: (D.DPRD_APPROVAL,),
    Action.SIGN_PKS: (D.POWER_OF_ATTORNEY, D.PKS),
    Action.REJECT: (D.TKKSD_MINUTES,),
    Action.CANCEL: (D.REPLY_LETTER,),
    Action.SIGN_LOI: (D.LOI,),
    "minister_approves_plan": (D.MINISTER_CONSIDERATION,),
    "minister_requests_revision": (D.MINISTER_CONSIDERATION,),
    "submit_text": (D.FOREIGN_TEXT,),
    "minister_approves_text": (D.MINISTER_TEXT_APPROVAL,),
    "receive_confirmation": (D.CONFIRMATION_LETTER,),
    Action.SIGN_TEXT: (D.FOREIGN_TEXT,),
    "submit_for_review": (D.KAK, D.OFFER_LETTER),
    Action.APPROVE_REVIEW: (D.TKKSD_MINUTES,),
    Action.SIGN_NK: (D.NK, D.RK),
}
_SIGNING = {Action.SIGN_KB, Action.SIGN_PKS, Action.SIGN_LOI, Action.SIGN_TEXT, Action.SIGN_NK}
# Decisions of the TKKSD (chaired by the Sekda): taken by the leadership where the region has
# such a user, otherwise by the secretariat (both may, `lifecycle.DECIDERS`).
_DECISIONS = {
    Action.OFFER,
    Action.SKIP_DPRD,
    Action.REJECT,
    Action.CANCEL,
    Action.TERMINATE,
    Action.EXPLORE,
    Action.APPROVE_REVIEW,
}
# A document a step's precondition asks for, when the record does not list one: (title,
# status). Dated on the step's date.
_FILLER: dict[str, tuple[str, str]] = {
    D.KAK: ("Kerangka Acuan Kerja (KAK)", DocumentStatus.FINAL),
    D.MAPPING_RESULT: ("Hasil Identifikasi dan Pemetaan Urusan", DocumentStatus.FINAL),
    D.FEASIBILITY_STUDY: ("Studi Kelayakan", DocumentStatus.FINAL),
    D.TKKSD_MINUTES: ("Notulen Rapat TKKSD: kajian dan rekomendasi", DocumentStatus.FINAL),
    D.OFFER_LETTER: ("Surat Penawaran Kerja Sama", DocumentStatus.SIGNED),
    D.REPLY_LETTER: ("Surat Jawaban Mitra: menerima penawaran", DocumentStatus.SIGNED),
    D.DPRD_REQUEST: ("Surat Permohonan Persetujuan DPRD", DocumentStatus.SIGNED),
    D.DPRD_APPROVAL: ("Keputusan DPRD tentang Persetujuan Kerja Sama", DocumentStatus.SIGNED),
    D.POWER_OF_ATTORNEY: ("Surat Kuasa Penandatanganan", DocumentStatus.SIGNED),
    D.LOI: ("Pernyataan Kehendak (Letter of Intent)", DocumentStatus.SIGNED),
    D.MINISTER_CONSIDERATION: (
        "Pertimbangan Menteri Dalam Negeri atas Rencana Kerja Sama",
        DocumentStatus.SIGNED,
    ),
    D.MINISTER_TEXT_APPROVAL: (
        "Persetujuan Menteri Dalam Negeri atas Rancangan Naskah Kerja Sama",
        DocumentStatus.SIGNED,
    ),
    D.CONFIRMATION_LETTER: (
        "Surat Konfirmasi Menteri Luar Negeri melalui Menteri Dalam Negeri",
        DocumentStatus.SIGNED,
    ),
    D.RK: ("Rencana Kerja", DocumentStatus.FINAL),
}
_GAP = 21  # days between two steps whose dates no document gives


def _family(kind: str) -> str:
    if kind in FOREIGN_KINDS:
        return "foreign"
    return "sinergi" if kind == CooperationKind.SINERGI else "domestic"


def _workday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def _next_workday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() > 4:
        day += dt.timedelta(days=1)
    return day


class _Walk:
    """Take one new record from the first stage of its type to its demo stage."""

    def __init__(
        self,
        loader: _Loader,
        record: demo_data.Record,
        cooperation: Cooperation,
        actor: User,
        parties: dict[str, Party],
    ) -> None:
        self.loader, self.record, self.cooperation = loader, record, cooperation
        self.actor, self.parties = actor, parties
        self.today = loader.today
        self.created: dict[int, Document] = {}  # index in record.documents -> document
        self.keys: dict[str, Document] = {}

    # --- the plan: which steps, which documents, which dates ------------------------------

    def goal(self) -> str:
        """Where the walk ends; a record ENDED by its term is ended afterwards by the job."""
        if self.record.stage == Stage.ENDED and self.record.path is None:
            return Stage.IN_FORCE
        return self.record.stage

    def path(self) -> list[str]:
        if self.record.path is not None:
            return list(self.record.path)
        kind, goal = self.record.kind, self.goal()
        fields = self.record.fields
        dprd = {
            "foreign": True,
            "sinergi": False,
            "domestic": bool(fields.get("burdens_community"))
            or fields.get("budgeted_in_apbd") is False,
        }[_family(kind)]
        actions = list(_MAIN[_family(kind)])
        if goal == Stage.PLAN_REVISION:
            actions[actions.index("minister_approves_plan")] = "minister_requests_revision"
        path: list[str] = []
        stage: str = FIRST_STAGE[kind]
        for action in actions:
            if stage == goal:
                break
            if action in (Action.REQUEST_DPRD, Action.DPRD_APPROVES) and not dprd:
                continue
            if action == Action.SKIP_DPRD and dprd:
                continue
            step = pathways.step_for(kind, action, stage)
            if step is None:
                raise DemoLoadError(f"{self.record.title!r}: no step {action!r} from {stage}")
            path.append(action)
            stage = step.target
        if stage != goal:
            raise DemoLoadError(f"{self.record.title!r}: the main line does not reach {goal}")
        return path

    def uses(self, path: list[str]) -> list[list[int]]:
        """For each step, the record's documents it uses (indices in `record.documents`)."""
        taken: set[int] = set()
        result = []
        for action in path:
            mine = []
            for kind in _USES.get(action, ()):
                for index, doc in enumerate(self.record.documents):
                    if index in taken or doc.kind != kind:
                        continue
                    signed = doc.status == DocumentStatus.SIGNED
                    if action in _SIGNING and not signed:
                        continue
                    if action == "submit_text" and signed:
                        continue
                    if action == Action.SIGN_PKS and kind == D.PKS and not doc.parent:
                        continue
                    mine.append(index)
                    taken.add(index)
                    break
            result.append(mine)
        return result

    def dates(self, path: list[str], uses: list[list[int]]) -> list[dt.date]:
        docs = self.record.documents
        anchors: list[dt.date | None] = []
        starts: list[dt.date] = []
        for action, mine in zip(path, uses, strict=True):
            act = self.record.acts.get(action)
            dated = [on for i in mine if (on := docs[i].signed_on)]
            starts += [
                start
                for i in mine
                if (start := docs[i].start) and docs[i].kind in (D.PKS, D.NK, D.FOREIGN_TEXT)
            ]
            if act is not None and act.on is not None:
                anchors.append(act.on)
            elif action == "start" and starts:
                anchors.append(min(starts))
            else:
                anchors.append(max(dated) if dated else None)
        # The steps whose date is known, by index (in order).
        known = {i: a for i, a in enumerate(anchors) if a is not None}
        if not known and anchors:
            dated = [on for d in docs if (on := d.signed_on)]
            last_on = min(max(dated), self.today) if dated else self.today - dt.timedelta(14)
            anchors[-1] = last_on
            known = {len(anchors) - 1: last_on}
        out: list[dt.date] = []
        for i, anchor in enumerate(anchors):
            if anchor is not None:
                out.append(anchor)
                continue
            before = [k for k in known if k < i]
            after = [k for k in known if k > i]
            if not before:
                first = after[0]
                out.append(known[first] - dt.timedelta(days=_GAP * (first - i)))
            elif not after:
                last = before[-1]
                room = (self.today - known[last]).days // (len(anchors) - last)
                out.append(known[last] + dt.timedelta(days=min(_GAP, room) * (i - last)))
            else:
                a, b = before[-1], after[0]
                span = (known[b] - known[a]).days
                out.append(known[a] + dt.timedelta(days=span * (i - a) // (b - a)))
        # Working days, never before the previous step, never in the future.
        result: list[dt.date] = []
        for i, day in enumerate(out):
            if anchors[i] is None:
                day = _workday(day)
            day = min(max(day, result[-1]) if result else day, self.today)
            result.append(day)
        return result

    # --- the walk -------------------------------------------------------------------------

    def run(self) -> None:
        path = self.path()
        uses = self.uses(path)
        dates = self.dates(path, uses)
        for action, mine, on in zip(path, uses, dates, strict=True):
            self.documents_until(on)
            for index in mine:
                self.create(index)
            self.step(action, on)
        self.documents_until(None)
        self.walk_pks()
        self.cooperation.refresh_from_db()
        if self.cooperation.stage != self.goal():
            raise DemoLoadError(
                f"{self.record.title!r}: walked to {self.cooperation.stage}, not {self.goal()}"
            )

    def documents_until(self, on: dt.date | None) -> None:
        """Add the record's documents dated up to `on` (all that remain when None)."""
        docs = self.record.documents
        # In date order (a power of attorney before the PKS it allows), undated ones last.
        order = sorted(range(len(docs)), key=lambda i: (docs[i].signed_on or dt.date.max, i))
        for index in order:
            doc = docs[index]
            if index in self.created:
                continue
            due = on is None or (doc.signed_on and doc.signed_on <= on)
            if due and (not doc.parent or doc.parent in self.keys):
                self.create(index)

    def create(self, index: int) -> Document:
        if index in self.created:
            return self.created[index]
        doc = self.record.documents[index]
        opd = self.loader.opd(*doc.opd) if doc.opd else None
        poa = any(entry.poa for entry in doc.numbers.values())
        if (
            poa
            and doc.signed_on is not None
            and not self.cooperation.documents.filter(kind=D.POWER_OF_ATTORNEY).exists()
        ):
            # Signed by an official: the surat kuasa comes first (PP 28/2018 Pasal 2(2)).
            self.filler(D.POWER_OF_ATTORNEY, _workday(doc.signed_on - dt.timedelta(days=5)))
        if (
            doc.signed_on is not None
            and doc.kind == D.ADDENDUM
            and doc.status == DocumentStatus.SIGNED
            and self.cooperation.addendum_tkksd_review
        ):
            # §6.3: the case asks for the TKKSD's review of an addendum; it met first.
            self.filler(D.TKKSD_MINUTES, _workday(doc.signed_on - dt.timedelta(days=7)))
        document = agreement_services.document_create(
            actor=self.loader.secretariat(self.record.tenant),
            cooperation=self.cooperation,
            data={
                "kind": doc.kind,
                "parent": self.keys[doc.parent] if doc.parent else None,
                "title": doc.title,
                "status": doc.status,
                "signed_on": doc.signed_on,
                "signed_place": doc.place,
                "start_date": doc.start,
                "end_date": doc.end,
                "notice_period_days": doc.notice_days,
                # The demo's KSDPK contracts contain the four clauses of PP 28/2018 Pasal 19(2).
                "mandatory_clauses_confirmed": (
                    doc.kind == D.PKS and self.record.kind == CooperationKind.KSDPK
                ),
                "executing_opd": opd,
                "summary": doc.summary,
                "addressee": doc.addressee,
                "number": doc.letter,
                "sent_on": doc.sent_on,
            },
            entries={
                self.parties[ref].pk: DocumentEntryInput(
                    number=entry.number,
                    signatory_name=entry.signatory_name,
                    signatory_position=entry.signatory_position,
                    under_power_of_attorney=entry.poa,
                )
                for ref, entry in doc.numbers.items()
            },
            override_reason=doc.override_reason,
        )
        self.created[index] = document
        if doc.key:
            self.keys[doc.key] = document
        return document

    def filler(self, kind: str, on: dt.date) -> Document:
        """A document a precondition asks for and the record does not list, dated `on`."""
        title, status = _FILLER[kind]
        parent = None
        if kind == D.RK:
            parent = self.cooperation.documents.filter(kind=D.NK).order_by("pk").first()
        return agreement_services.document_create(
            actor=self.loader.secretariat(self.record.tenant),
            cooperation=self.cooperation,
            data={
                "kind": kind,
                "parent": parent,
                "title": f"{title}: {self.record.title}"[:300],
                "status": status,
                "signed_on": on,
            },
        )

    def actor_for(self, action: str) -> User:
        act = self.record.acts.get(action)
        if act is not None and act.actor:
            return self.loader.users[act.actor]
        if action in _DECISIONS:
            for user in self.loader.users.values():
                if user.tenant_id == self.loader.tenants[self.record.tenant].pk and user.has_role(
                    Role.LEADERSHIP
                ):
                    return user
        return self.loader.secretariat(self.record.tenant)

    def facts(self, action: str, on: dt.date) -> dict:
        facts: dict = {"on": on}
        documents = self.cooperation.documents
        if action == Action.REQUEST_DPRD:
            request = documents.filter(kind=D.DPRD_REQUEST).order_by("-signed_on", "-pk").first()
            requested = request.signed_on if request and request.signed_on else on
            facts["requested_on"] = requested
            facts["received_on"] = min(_next_workday(requested), self.today)
        elif action in (Action.DPRD_APPROVES, Action.DPRD_REJECTS):
            decision = documents.filter(kind=D.DPRD_APPROVAL).order_by("-pk").first()
            facts["decision_reference"] = decision.title if decision else ""
        elif action == Action.SKIP_DPRD:
            facts["reason"] = (
                "Persetujuan DPRD tidak diperlukan: kerja sama tidak membebani masyarakat dan "
                "daerah dan pendanaannya telah dianggarkan dalam APBD tahun berjalan (PP 28/2018 "
                f"Pasal 6(2)). {self.cooperation.apbd_reference}".strip()
            )
        act = self.record.acts.get(action)
        if act is not None:
            facts.update(act.facts)
            if act.reason:
                facts["reason"] = act.reason
        return facts

    def step(self, action: str, on: dt.date) -> None:
        step = pathways.step_for(self.record.kind, action, self.cooperation.stage)
        if step is None:
            raise DemoLoadError(
                f"{self.record.title!r}: no step {action!r} from {self.cooperation.stage}"
            )
        facts = self.facts(action, on)
        # Documents the preconditions still ask for, with the step's date.
        ctx = pathways.Context(self.cooperation, facts, self.today)
        for check in step.applicable_checks(ctx):
            if check.test(ctx):
                continue
            if check.code.startswith("doc_") and check.code[4:] in _FILLER:
                self.filler(check.code[4:], on)
            elif check.code == "power_of_attorney":
                self.filler(D.POWER_OF_ATTORNEY, on)
        act = self.record.acts.get(action)
        if act is not None and act.meeting:
            self.loader.meeting_decides(self.cooperation, action, facts.get("reason", ""))
            self.cooperation.refresh_from_db()
            self.loader.summary.add("transitions", True)
            return
        lifecycle.cooperation_transition(
            actor=self.actor_for(action),
            cooperation=self.cooperation,
            action=action,
            expected_stage=self.cooperation.stage,
            facts=facts,
            today=self.today,
        )
        self.loader.summary.add("transitions", True)

    def walk_pks(self) -> None:
        """Issue 7: each later PKS of a KSDD/KSDPK walks its own road — signed on its date and
        started when its term began (the daily job then ends those whose term has passed); a
        PKS marked `awaiting_dprd` has its DPRD decision asked."""
        if (
            self.record.kind not in pathways.PKS_ROAD_KINDS
            or self.cooperation.stage not in pathways.PKS_ROAD_CASE_STAGES
        ):
            return
        for index in sorted(self.created, key=lambda i: self.created[i].pk):
            document = self.created[index]
            doc = self.record.documents[index]
            if document.kind != D.PKS:
                continue
            document.refresh_from_db()
            if doc.awaiting_dprd and document.stage == Stage.PKS_DRAFTING:
                requested = _workday(self.today - dt.timedelta(days=20))
                if not self.cooperation.documents.filter(kind=D.DPRD_REQUEST).exists():
                    self.filler(D.DPRD_REQUEST, requested)
                self.pks_step(
                    document,
                    Action.REQUEST_DPRD,
                    {
                        "on": requested,
                        "requested_on": requested,
                        "received_on": _next_workday(requested),
                        "burdens_community": True,
                        "budgeted_in_apbd": True,
                    },
                )
                continue
            if (
                self.cooperation.stage != Stage.IN_FORCE
                or document.stage != Stage.PKS_DRAFTING
                or document.status != DocumentStatus.SIGNED
                or document.signed_on is None
            ):
                continue  # a case walked to an earlier stage keeps its PKS where it is
            signed = min(max(document.signed_on, self.last_step_on()), self.today)
            self.pks_step(document, Action.SIGN_PKS, {"on": signed})
            if document.start_date and document.start_date <= self.today:
                self.pks_step(document, "start", {"on": max(document.start_date, signed)})

    def last_step_on(self) -> dt.date:
        last = (
            self.cooperation.transitions.filter(document__isnull=True)
            .order_by("-on")
            .values_list("on", flat=True)
            .first()
        )
        return last or dt.date.min

    def pks_step(self, document: Document, action: str, facts: dict) -> None:
        document.refresh_from_db()
        lifecycle.cooperation_transition(
            actor=self.loader.secretariat(self.record.tenant),
            cooperation=self.cooperation,
            action=action,
            expected_stage=document.stage,
            facts=facts,
            today=self.today,
            document=document,
        )
        self.cooperation.refresh_from_db()
        self.loader.summary.add("transitions", True)


def _messages(error: Exception) -> str:
    if isinstance(error, WarningsNeedReason):
        return "warnings need a reason: " + "; ".join(w.message for w in error.warnings)
    if hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return "; ".join(getattr(error, "messages", [str(error)]))
