"""One plain factory per model. Reference data (regions, urusan) is loaded once per test
database (see conftest `reference`), so factories look regions up by code instead of making them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import factory
from pypdf import PdfWriter

from kerjasama.accounts.models import Opd, RoleGrant, Tenant, User
from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.enums import CooperationKind, DocumentKind, DocumentStatus, Stage
from kerjasama.agreements.models import Cooperation, Document, DocumentParty, FinancingLine, Party
from kerjasama.agreements.search import search_refresh
from kerjasama.partners.enums import PartnerKind, ThirdPartyType
from kerjasama.partners.models import Partner
from kerjasama.reference.models import GovernmentAffair, Region


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def region_partner(code: str) -> Partner:
    from kerjasama.partners.services import partner_for_region

    return partner_for_region(region(code))


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("region",)

    region = factory.LazyFunction(lambda: region("61.72"))


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Dinas Nomor {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    tenant = factory.SubFactory(TenantFactory)
    password = factory.django.Password("secret-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            RoleGrant.objects.create(user=self, role=role)
        self.__dict__.pop("roles", None)


class ThirdPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    kind = PartnerKind.THIRD_PARTY
    name = factory.Sequence(lambda n: f"PT Mitra Usaha {n}")
    third_party_type = ThirdPartyType.PRIVATE_COMPANY


class CooperationFactory(factory.django.DjangoModelFactory):
    """A KSDD between the parties given as `party_codes` (default Kalbar and Singkawang)."""

    class Meta:
        model = Cooperation
        skip_postgeneration_save = True

    kind = CooperationKind.KSDD
    ksdd_category = "sukarela"
    title = factory.Sequence(lambda n: f"Kerja sama nomor {n}")
    stage = Stage.IN_FORCE
    in_plan = True

    @factory.post_generation
    def party_codes(self, create, extracted, **kwargs):
        for order, code in enumerate(extracted or ("61", "61.72"), start=1):
            Party.objects.create(cooperation=self, partner=region_partner(code), order=order)

    @factory.post_generation
    def affair_codes(self, create, extracted, **kwargs):
        self.affairs.set(GovernmentAffair.objects.filter(code__in=extracted or ("1.03",)))

    @factory.post_generation
    def case_access(self, create, extracted, **kwargs):
        # The visibility table the services keep (issue 8): a factory writes past them.
        access_refresh(self)

    @factory.post_generation
    def search_document(self, create, extracted, **kwargs):
        # Factories write past the services, so they keep the search document as those do.
        if create:
            search_refresh(self)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    cooperation = factory.SubFactory(CooperationFactory)
    kind = DocumentKind.KB
    title = factory.Sequence(lambda n: f"Kesepakatan Bersama {n}")
    status = DocumentStatus.SIGNED
    signed_on = dt.date(2021, 1, 14)
    start_date = dt.date(2021, 1, 14)
    end_date = dt.date(2026, 1, 13)

    @factory.post_generation
    def case_access(self, create, extracted, **kwargs):
        if create and self.executing_opd_id:  # an OPD that may read the case (issue 8)
            access_refresh(self.cooperation)

    @factory.post_generation
    def search_document(self, create, extracted, **kwargs):
        if create:
            search_refresh(self.cooperation_id)


class DocumentPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentParty
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: f"{n:03d}/KS/2021")

    @factory.post_generation
    def search_document(self, create, extracted, **kwargs):
        if create:
            search_refresh(self.document.cooperation_id)


class FinancingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingLine

    cooperation = factory.SubFactory(CooperationFactory)
    source = "apbn"
    amount = 1_250_000_000


def make_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def add_region_party(cooperation: Cooperation, code: str) -> Party:
    """`cooperation` with the region `code` as a further party (once), e.g. the region that
    takes the place of one asked to leave (issue 6/15)."""
    partner = region_partner(code)
    existing = cooperation.parties.filter(partner=partner).first()
    if existing is not None:
        return existing
    order = max(cooperation.parties.values_list("order", flat=True), default=0) + 1
    party = Party.objects.create(cooperation=cooperation, partner=partner, order=order)
    search_refresh(cooperation)
    return party


def party_asked_to_leave(cooperation: Cooperation, code: str = "61.07") -> Party:
    """The party `code` of `cooperation`, once a third party (Kabupaten Mempawah, which does
    not use Kerjasama) has joined: a cooperation keeps at least two parties."""
    add_region_party(cooperation, "61.02")
    return cooperation.parties.get(partner__region__code=code)


def report_deadline(
    cooperation: Cooperation, *, met_by: Document | None = None, duty: str = "internal"
):
    """The deadline of 2025 of `cooperation`'s reporting duty `duty` (§12; default: the
    internal report): open, or met by `met_by` as recorded by hand."""
    extra = {"status": "met", "met_by": met_by, "met_manually": True} if met_by else {}
    return cooperation.deadlines.create(
        subject_type="agreements.cooperation",
        subject_id=str(cooperation.pk),
        key=f"report:{duty}:2025-01-01",
        kind="report",
        due_on=dt.date(2025, 12, 31),
        title="Laporan pelaksanaan",
        params={"duty": duty, "start": "2025-01-01", "end": "2025-12-31"},
        **extra,
    )


def ksdpk_at_pks_drafting(*, clauses_ticked: bool) -> Cooperation:
    """Singkawang and a water company (KSDPK, §5.3): KB signed by both, DPRD not needed, and a
    signed PKS under the KB whose four mandatory clauses are ticked or not."""
    record = CooperationFactory(
        kind="ksdpk",
        ksdd_category="",
        title="Penyediaan air minum Singkawang–PDAM",
        stage=Stage.PKS_DRAFTING,
        party_codes=("61.72",),
    )
    Party.objects.create(
        cooperation=record,
        partner=ThirdPartyFactory(kind=PartnerKind.THIRD_PARTY, name="PDAM Gunung Poteng"),
        order=2,
    )
    kb = DocumentFactory(
        cooperation=record, kind="kb", title="KB air minum", end_date=dt.date(2031, 1, 13)
    )
    pks = DocumentFactory(
        cooperation=record,
        kind="pks",
        parent=kb,
        title="PKS air minum",
        signed_on=dt.date(2026, 2, 2),
        start_date=dt.date(2026, 2, 2),
        end_date=dt.date(2028, 2, 1),
        mandatory_clauses_confirmed=clauses_ticked,
    )
    for party in record.parties.all():
        DocumentPartyFactory(document=kb, party=party, number=f"{party.order}/KB/2026")
        DocumentPartyFactory(document=pks, party=party, number=f"{party.order}/PKS/2026")
    return record


def tkksd_formation(tenant: Tenant, *, number: str = "100/1/HK-2020", **data):
    """A TKKSD formation decree of `tenant` in force from 1 March 2020, with its chair's seat
    (Sekretaris Daerah) held definitively by "Sumastro" (issue 9). Written past the services
    (they are tested on their own): returns (decree, seat, holding)."""
    from kerjasama.meetings.models import Decree, Holding, Seat

    start = data.pop("valid_from", dt.date(2020, 3, 1))
    decree = Decree.objects.create(
        tenant=tenant,
        kind="formation",
        number=number,
        signed_on=start,
        title="Pembentukan Tim Koordinasi Kerja Sama Daerah",
        valid_from=start,
        **data,
    )
    seat = Seat.objects.create(
        decree=decree, role="ketua", position="Sekretaris Daerah", order=1, valid_from=start
    )
    holding = Holding.objects.create(
        seat=seat, name="Sumastro", decree=decree, starts_on=start, capacity="definitive"
    )
    return decree, seat, holding


def rapat_meeting(
    tenant: Tenant,
    *,
    state: str = "planned",
    about: Cooperation | None = None,
    day: dt.date = dt.date(2021, 1, 14),
    title: str = "Rapat pleno TKKSD",
    items: int = 1,
    present: bool = False,
):
    """A TKKSD meeting of `tenant` on `day` at 09:00 WIB (issue 9), written past the services
    (they are tested on their own): the chair's seat of `tkksd_formation` invited (attending
    with `present`), `items` agenda items (the first about `about`); numbered when not
    planned."""
    from kerjasama.meetings.models import AgendaItem, Decree, Holding, Invitee, Meeting

    decree = Decree.objects.filter(tenant=tenant, number="100/1/HK-2020").first()
    if decree is None:
        decree, seat, holding = tkksd_formation(tenant)
    else:
        holding = Holding.objects.select_related("seat").get(seat__decree=decree, name="Sumastro")
        seat = holding.seat
    numbered = Meeting.objects.filter(tenant=tenant).exclude(number="").count()
    meeting = Meeting.objects.create(
        tenant=tenant,
        kind="pleno",
        title=title,
        state=state,
        starts_at=dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC),
        place="Kantor Wali Kota Singkawang",
        chair=holding,
        number="" if state == "planned" else f"{numbered + 1:03d}/TKKSD/{day.year}",
    )
    Invitee.objects.create(
        meeting=meeting,
        kind="seat",
        seat=seat,
        holding=holding,
        name=holding.name,
        position=seat.position,
        order=1,
        presence="hadir" if present else "",
    )
    for order in range(1, items + 1):
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=f"Acara {order}: {about.title}" if about and order == 1 else f"Acara {order}",
            cooperation=about if order == 1 else None,
        )
    return meeting


def monev_indicator(world, *, both_report: bool = False, targets=None, **data):
    """An indicator on the PKS of `world.local` (issue 10): clean water connections (library
    code `air_minum.sambungan_baru` would be quarterly; this one is a yearly custom number),
    reported by Singkawang's PUPR; with `both_report`, Bengkayang reports its own value through
    its PUPR officer `world.bengkayang_officer` (created here)."""
    from decimal import Decimal

    from kerjasama.monitoring.services import indicator_create, indicator_targets_set

    if both_report and not hasattr(world, "bengkayang_officer"):
        world.bengkayang_pupr = OpdFactory(tenant=world.bengkayang, name="Dinas PUPR Bengkayang")
        party = world.local.parties.get(partner__region__code="61.07")
        party.executing_opd = world.bengkayang_pupr
        party.save()
        access_refresh(world.local)
        world.bengkayang_party = party
        world.bengkayang_officer = UserFactory(
            username="pupr.bengkayang",
            tenant=world.bengkayang,
            opd=world.bengkayang_pupr,
            roles=["opd_officer"],
        )
    fields = {
        "name": "Sambungan rumah baru",
        "unit": "SR",
        "measure": "number",
        "direction": "higher",
        "period_rule": "sum",
        "reporter_rule": "sum",
        "frequency": "annual",
        "responsible_party": world.local_party,
        "responsible_opd": world.pupr,
        "both_report": both_report,
    } | data
    indicator = indicator_create(actor=world.sec_singkawang, document=world.document, data=fields)
    if targets is None:
        targets = {2021: "100", 2022: "200"}
    if targets:
        indicator_targets_set(
            actor=world.sec_singkawang,
            indicator=indicator,
            targets=[{"year": y, "quarter": 0, "value": Decimal(v)} for y, v in targets.items()],
        )
    return indicator
