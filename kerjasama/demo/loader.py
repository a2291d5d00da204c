"""Writing the demo (`data.py`) into the database, through the services.

Idempotent: tenants, users and OPDs are looked up by their natural keys, partners by their
normalised name, cooperation records by title + registering tenant; what exists is skipped,
so a second run writes nothing (no rows, no audit events). The caller runs `load_demo` in one
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
from kerjasama.accounts.models import Opd, Tenant, User
from kerjasama.agreements import services as agreement_services
from kerjasama.agreements.models import Cooperation, Document, Party
from kerjasama.agreements.services import DocumentEntryInput, PartyInput
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError
from kerjasama.core.models import Interface
from kerjasama.demo import data as demo_data
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
    with audit.interface(Interface.CLI), transaction.atomic():
        reference_load_all()
        return _Loader(demo_data.build(today or timezone.localdate())).run()


class _Loader:
    def __init__(self, demo: demo_data.Demo) -> None:
        self.demo = demo
        self.summary = LoadSummary()
        self.regions: dict[str, Region] = {}
        self.tenants: dict[str, Tenant] = {}
        self.users: dict[str, User] = {}
        self.opds: dict[tuple[str, str], Opd] = {}
        self.partners: dict[str, Partner] = {}

    def run(self) -> LoadSummary:
        self._tenants()
        self._secretariats_then_opds_then_people()
        self._partners()
        for record in self.demo.records:
            try:
                self._record(record)
            except (DomainError, agreement_services.WarningsNeedReason) as error:
                raise DemoLoadError(f"{record.title!r}: {_messages(error)}") from error
        return self.summary

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
        for spec in self.demo.opds:
            tenant = self.tenants[spec.tenant]
            opd = Opd.objects.filter(tenant=tenant, name=spec.name).first()
            created = opd is None
            if opd is None:
                opd = account_services.opd_create(
                    actor=self.secretariat(spec.tenant),
                    tenant=tenant,
                    data={"name": spec.name, "short_name": spec.short_name},
                )
            self.opds[(spec.tenant, spec.name)] = opd
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
        # `cooperation_create` does not take these yet (they are not in COOPERATION_FIELDS);
        # its `_normalise` drops unknown keys, so they take effect once the service accepts
        # them, without a change here.
        if record.termination_reason:
            data["termination_reason"] = record.termination_reason
            data["terminated_on"] = record.terminated_on
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
            stage=record.stage,
            override_reason=record.override_reason,
        )
        parties = {
            spec.ref: party
            for spec, party in zip(
                record.parties, cooperation.parties.order_by("order"), strict=True
            )
        }
        for spec in record.parties:
            self._party(record, actor, spec, parties[spec.ref])
        documents: dict[str, Document] = {}
        for doc in record.documents:
            created = agreement_services.document_create(
                actor=actor,
                cooperation=cooperation,
                data={
                    "kind": doc.kind,
                    "parent": documents[doc.parent] if doc.parent else None,
                    "title": doc.title,
                    "status": doc.status,
                    "signed_on": doc.signed_on,
                    "signed_place": doc.place,
                    "start_date": doc.start,
                    "end_date": doc.end,
                    "notice_period_days": doc.notice_days,
                    "executing_opd": self.opd(*doc.opd) if doc.opd else None,
                    "summary": doc.summary,
                },
                entries={
                    parties[ref].pk: DocumentEntryInput(
                        number=entry.number,
                        signatory_name=entry.signatory_name,
                        signatory_position=entry.signatory_position,
                        under_power_of_attorney=entry.poa,
                    )
                    for ref, entry in doc.numbers.items()
                },
                override_reason=doc.override_reason,
            )
            if doc.key:
                documents[doc.key] = created
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


def _messages(error: Exception) -> str:
    if isinstance(error, agreement_services.WarningsNeedReason):
        return "warnings need a reason: " + "; ".join(w.message for w in error.warnings)
    if hasattr(error, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return "; ".join(getattr(error, "messages", [str(error)]))
