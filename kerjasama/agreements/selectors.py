"""Reads of the registry. Visibility is decided here, once, for every interface.

`cooperation_visible_to` is the only place that says who sees which cooperation: the screens,
the exports, and later the API and the province pages all start from it (DESIGN.md, "Who may
see and change what").
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, TypedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from kerjasama.accounts.models import ContentChecklistItem, Opd, Role, User
from kerjasama.agreements import access, search
from kerjasama.agreements.access import group_bit
from kerjasama.agreements.enums import (
    PRINCIPAL_KINDS,
    TERM_KINDS,
    TERMINAL_STAGES,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Stage,
)
from kerjasama.agreements.models import (
    DATE_HIGH,
    DATE_LOW,
    AccessVia,
    CaseAccess,
    CaseOpd,
    CaseTag,
    Cooperation,
    DeadlineKind,
    Document,
    DocumentFile,
    DocumentParty,
    DprdApproval,
    FinancingLine,
    Party,
    Transition,
)
from kerjasama.agreements.pathways import (
    MAIN_LINE,
    PKS_MAIN_LINE,
    PKS_ROAD_KINDS,
    Action,
    pks_dprd_approval,
)
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.deadlines.selectors import caseless_for
from kerjasama.partners.models import Partner
from kerjasama.reference.models import AffairGroup, GovernmentAffair

if TYPE_CHECKING:  # django-stubs-ext is a development dependency: for the type only
    from django_stubs_ext import WithAnnotations

# Roles that see every cooperation their region is a party to.
REGION_WIDE_ROLES = (Role.SECRETARIAT, Role.LEADERSHIP, Role.TKKSD_MEMBER)


def _has_party_region(region_q: Q) -> Q:
    return Q(Exists(Party.objects.filter(region_q, cooperation=OuterRef("pk")).values("pk")))


@dataclass(frozen=True)
class _Reach:
    """What a user's roles let it read, before any row is read: the one reading of the roles
    behind `case_access_for`, the search's region lexemes and the cached lists' keys."""

    region_id: int
    region_wide: bool  # secretariat, leadership, TKKSD: every case its region is a party to
    opd_id: int | None  # an OPD officer without those roles: the cases naming its OPD
    oversees: bool  # province oversight or take-over authority of a province

    @property
    def reads(self) -> bool:
        return self.region_wide or self.opd_id is not None or self.oversees


def _reach(user: User) -> _Reach | None:
    tenant = user.tenant if user.is_authenticated else None
    if tenant is None or not tenant.active:
        return None
    region_wide = user.has_role(*REGION_WIDE_ROLES)
    officer = user.has_role(Role.OPD_OFFICER) and user.opd_id and not region_wide
    reach = _Reach(
        region_id=tenant.region_id,
        region_wide=region_wide,
        opd_id=user.opd_id if officer else None,
        oversees=user.has_role(Role.PROVINCE_OVERSIGHT, Role.TAKEOVER_AUTHORITY)
        and tenant.region.is_province,
    )
    return reach if reach.reads else None


def case_access_for(user: User) -> QuerySet[CaseAccess] | None:
    """The access rows (`CaseAccess`, one per case) of the cases `user` may read, or None when
    it reads none. The one definition of visibility (docs/ARCHITECTURE.md, "Visibility and
    editing"), resolved through the table the services keep (`agreements.access`):

    - secretariat, leadership and TKKSD members: the rows where their region is a party;
    - an OPD officer (without one of those roles): those rows whose case names the officer's
      OPD (`CaseOpd`);
    - province oversight and the governor's take-over authority (§6.6): also the rows where a
      regency or city of the province is a party (read only; see
      permissions.can_edit_cooperation).
    The registry, the dashboard and the agenda read these rows by an index led by the region.
    """
    reach = _reach(user)
    if reach is None:
        return None
    party = Q(via__in=(AccessVia.PARTY, AccessVia.BOTH))
    oversight = Q(via__in=(AccessVia.OVERSIGHT, AccessVia.BOTH))
    if reach.region_wide:
        # Party and oversight together are every row of the region: no condition on `via`.
        condition = Q() if reach.oversees else party
    elif reach.opd_id is not None:
        named = CaseOpd.objects.filter(opd_id=reach.opd_id).values("cooperation_id")
        condition = party & Q(cooperation_id__in=named)
        if reach.oversees:
            condition |= oversight
    else:
        condition = oversight
    return CaseAccess.objects.filter(condition, region_id=reach.region_id)


def _search_scope(user: User) -> set[str]:
    """The lexemes of the search vector that mark the cases `user`'s rows may hold (a party
    region's, an overseeing province's; `search.scope_lexemes`): the search asks the index for
    them with the words. `case_access_for` still decides."""
    reach = _reach(user)
    if reach is None:
        return set()
    lexemes = set()
    if reach.region_wide or reach.opd_id is not None:
        lexemes.add(search.PARTY_LEXEME.format(reach.region_id))
    if reach.oversees:
        lexemes.add(search.OVERSIGHT_LEXEME.format(reach.region_id))
    return lexemes


def _options_key(user: User, what: str) -> str | None:
    """A cache key for a list derived from what `user` sees (filter options, dashboard
    counts): the same for every user who sees the same rows (`case_access_for`), and new once
    a case of the region or a partner's name changed (`access.options_version`)."""
    reach = _reach(user)
    if reach is None:
        return None
    seen = f"{int(reach.region_wide)}-{reach.opd_id or 0}-{int(reach.oversees)}"
    return f"registry-{what}:{reach.region_id}:{seen}:{access.options_version(reach.region_id)}"


def cooperation_visible_to(user: User) -> QuerySet[Cooperation]:
    """Every cooperation `user` may read (see `case_access_for`): one `IN` over the region's
    access rows instead of a test of every case's parties. One row per case, no DISTINCT."""
    rows = case_access_for(user)
    if rows is None:
        return Cooperation.objects.none()
    return Cooperation.objects.filter(pk__in=rows.values("cooperation_id"))


def cooperation_is_party(user: User, cooperation: Cooperation) -> bool:
    """Whether the user's region is one of the parties (not merely overseeing)."""
    tenant = user.tenant
    if tenant is None:
        return False
    return any(p.partner.region_id == tenant.region_id for p in cooperation.parties.all())


def committed_party_ids(cooperation: Cooperation) -> set[int]:
    """Parties with a number on one of the case's documents or a financing line: they do not
    simply leave the cooperation (an addendum records it; issue 6/15)."""
    numbered = DocumentParty.objects.filter(document__cooperation=cooperation).exclude(number="")
    funded = FinancingLine.objects.filter(cooperation=cooperation, party__isnull=False)
    return set(numbered.values_list("party_id", flat=True)) | set(
        funded.values_list("party_id", flat=True)
    )


def cooperation_involves_opd(cooperation: Cooperation, opd_id: int | None) -> bool:
    if opd_id is None:
        return False
    for party in cooperation.parties.all():
        if opd_id in (party.initiating_opd_id, party.executing_opd_id):
            return True
    return any(d.executing_opd_id == opd_id for d in cooperation.documents.all())


def _with_list_relations(queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
    """The registry rows' parties with their partners; the rest a row shows is read as plain
    values by `attach_party_numbers` (issue 8: model instances of the urusan, documents and
    their entries were a third of a page's time)."""
    return queryset.prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("partner").order_by("order"))
    )


def attach_party_numbers(cooperations: Iterable[Cooperation]) -> None:
    """Set on each cooperation of a registry page `numbers_by_party` — each party's own number
    of the principal agreement (the KB, else the NK or foreign text, else the first PKS;
    earliest signed first within a kind) — and `affair_codes`, its urusan codes in order.
    Two queries of plain values, whatever the page's size."""
    cases = list(cooperations)
    ids = [c.pk for c in cases]
    rank: dict[str, int] = {kind.value: i for i, kind in enumerate(PRINCIPAL_KINDS)}
    entries = (
        Document.objects.filter(cooperation_id__in=ids, kind__in=PRINCIPAL_KINDS)
        .order_by("signed_on", "id")
        .values_list(
            "cooperation_id", "id", "kind", "party_entries__party_id", "party_entries__number"
        )
    )
    principal: dict[int, tuple[int, int]] = {}  # case → (rank, document), the first wins ties
    numbers: dict[int, dict[int, str]] = defaultdict(dict)  # document → party → number
    for case_id, document_id, kind, party_id, number in entries:
        if case_id not in principal or rank[kind] < principal[case_id][0]:
            principal[case_id] = (rank[kind], document_id)
        if party_id is not None and number:
            numbers[document_id][party_id] = number
    codes: dict[int, list[str]] = defaultdict(list)
    through = Cooperation.affairs.through.objects.filter(cooperation_id__in=ids)
    for case_id, code in through.order_by("governmentaffair__code").values_list(
        "cooperation_id", "governmentaffair__code"
    ):
        codes[case_id].append(code)
    for cooperation in cases:
        chosen = principal.get(cooperation.pk)
        cooperation.numbers_by_party = dict(numbers.get(chosen[1], {})) if chosen else {}
        cooperation.affair_codes = codes.get(cooperation.pk, [])


@dataclass(frozen=True)
class RegistryFilters:
    q: str = ""
    kind: str = ""
    stage: str = ""
    affair: str = ""
    affair_group: int | None = None
    partner: int | None = None
    opd: int | None = None
    year: int | None = None
    expiring: bool = False
    # Issue 7: "incomplete" (a case registered mid-way still lacking evidence) or "complete".
    evidence: str = ""
    # "" is the default order: by relevance when searching (issue 8), else newest signed first.
    sort: str = ""

    @property
    def filtered(self) -> bool:
        """Whether any filter besides the search words and the order is chosen."""
        return any(
            getattr(self, f.name) not in (None, "", False)
            for f in fields(self)
            if f.name not in ("q", "sort")
        )


# "Tahap" sorts by where a case stands in its pathway (the order of `Stage` is the process
# order of §5.2, §6.1 and §6.2, the shared end stages last), not by the hidden stage codes.
_STAGE_ORDER = Case(
    *(When(stage=stage, then=Value(index)) for index, stage in enumerate(Stage)),
    default=Value(len(Stage)),
    output_field=IntegerField(),
)

# A case without a date goes last whichever way its dates are sorted (SQLite and PostgreSQL
# disagree on where NULL goes by default), so the agreements ending soonest come first.
SORTS: dict[str, tuple[str | OrderBy, str]] = {
    "signed_on": (F("signed_on").asc(nulls_last=True), "id"),
    "-signed_on": (F("signed_on").desc(nulls_last=True), "-id"),
    "ends_on": (F("ends_on").asc(nulls_last=True), "id"),
    "-ends_on": (F("ends_on").desc(nulls_last=True), "-id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "stage": (_STAGE_ORDER.asc(), "id"),
    "-stage": (_STAGE_ORDER.desc(), "-id"),
    "kind": ("kind", "id"),
    "-kind": ("-kind", "-id"),
}


def registry_partners(user: User) -> QuerySet[Partner]:
    """The partners of the cases `user` sees, by name (the registry's partner filter): each
    partner is tested by EXISTS over its parties and the region's access rows, instead of
    joining every visible case's parties and removing the duplicates (issue 8)."""
    rows = case_access_for(user)
    if rows is None:
        return Partner.objects.none()
    return Partner.objects.filter(
        Exists(
            Party.objects.filter(
                partner_id=OuterRef("pk"), cooperation_id__in=rows.values("cooperation_id")
            )
        )
    ).order_by("name")


# The registry's partner list offers this many partners, by name; any other is chosen from its
# page (a link with `?partner=`) or found by typing its name in the search.
REGISTRY_PARTNER_OPTIONS = 300


def registry_partner_options(user: User, selected: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of the partners the registry's partner filter offers `user`: the first
    `REGISTRY_PARTNER_OPTIONS` of `registry_partners` by name, plus the one `selected` (a
    link from a partner's page) when it is not among them.

    The list is read once and kept in the cache under the region's version, which
    `access.access_refresh` moves on (after the commit) whenever a case of the region is
    written, and under the partners' version, which a partner's new name moves on: the page
    does not test thousands of partners on every request (issue 8), and a new partner shows
    as soon as its case is saved."""
    rows = case_access_for(user)
    if rows is None:
        return []
    key = _options_key(user, "partners")
    options: list[tuple[int, str]] | None = cache.get(key) if key else None
    if options is None:
        partners = registry_partners(user)
        if user.tenant is not None:
            # The reader's own region is a party to all of its cases: no filter (walk of
            # issue 8).
            partners = partners.exclude(region_id=user.tenant.region_id)
        options = list(partners.values_list("pk", "name")[:REGISTRY_PARTNER_OPTIONS])
        if key:
            cache.set(key, options, timeout=24 * 3600)
    if selected and selected not in {pk for pk, _name in options}:
        chosen = Partner.objects.filter(pk=selected).values_list("pk", "name").first()
        if chosen is not None:
            options = [*options, chosen]
    return options


def registry_years(user: User) -> list[int]:
    """Years to offer in the "year of signing" filter, newest first: the span between the first
    and the last signature of any agreement (KB, NK, foreign text, each PKS, each addendum) of
    a case `user` sees — the year filter (`registry_rows`) finds a case under every year one
    of its agreements was signed. Read from the first and the last access row in the indexes
    of the span the services keep on each row (`signed_first`, `signed_last`): two index
    probes, not an aggregate over every visible case's documents (issue 8)."""
    rows = case_access_for(user)
    if rows is None:
        return []
    first = (
        rows.exclude(signed_first=DATE_HIGH)
        .order_by("signed_first")
        .values_list("signed_first", flat=True)
        .first()
    )
    last = (
        rows.exclude(signed_last=DATE_LOW)
        .order_by("-signed_last")
        .values_list("signed_last", flat=True)
        .first()
    )
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def page_size() -> int:
    return int(settings.KERJASAMA["PAGE_SIZE"])


def expiring_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return today, today + dt.timedelta(days=settings.KERJASAMA["EXPIRING_WITHIN_DAYS"])


def _ending_in_window(today: dt.date | None = None) -> QuerySet[Deadline]:
    start, end = expiring_window(today)
    return Deadline.objects.filter(
        kind=DeadlineKind.EXPIRY, status=DeadlineStatus.OPEN, due_on__gte=start, due_on__lte=end
    )


def expiring_q(today: dt.date | None = None) -> Q:
    """What "expiring" means, everywhere: the case has not ended and one of its agreements ends
    within the window (today .. today + KERJASAMA_EXPIRING_WITHIN_DAYS), i.e. it has an open
    end-of-term deadline due in it. `deadlines_refresh` keeps one such row per signed KB, NK,
    foreign text and PKS, its end moved by the signed addenda (§6.3), and every document
    service and transition refreshes them. The agenda, the reminders and the calendar feed
    read the same rows, so they and the dashboard and the registry filter cannot disagree —
    as they did when this read `Cooperation.ends_on`, the latest end of all (a PKS ending in
    45 days under a KB running to 2030 was not "expiring")."""
    return Q(Exists(_ending_in_window(today).filter(cooperation=OuterRef("pk")))) & ~Q(
        stage__in=TERMINAL_STAGES
    )


def _with_expires_on(
    queryset: QuerySet[Cooperation], today: dt.date | None = None
) -> QuerySet[WithAnnotations[Cooperation, _Expiring]]:
    """Annotate `expires_on` and `expiring_document`: the first end of an agreement within the
    window and that agreement's title (None when there is none); it may be a PKS's while the
    case as a whole (`ends_on`) runs on."""
    first = _ending_in_window(today).filter(cooperation=OuterRef("pk")).order_by("due_on", "id")
    return queryset.annotate(
        expires_on=Subquery(first.values("due_on")[:1]),
        expiring_document=Subquery(first.values("document__title")[:1]),
    )


class _Expiring(TypedDict):
    expires_on: dt.date | None
    expiring_document: str | None


EVIDENCE_INCOMPLETE, EVIDENCE_COMPLETE = "incomplete", "complete"
# "Belum lengkap": the count kept by `completeness.evidence_refresh` (a partial index serves it).
INCOMPLETE_Q = Q(evidence_missing__gt=0)


# The stages of a PKS's own road the registry's stage filter also finds on a case's PKS.
PKS_FILTER_STAGES = frozenset({Stage.AWAITING_DPRD, Stage.PKS_DRAFTING, Stage.PKS_SIGNED})


def _tagged(region_id: int, tag: str) -> QuerySet[CaseTag, int]:
    return CaseTag.objects.filter(region_id=region_id, tag=tag).values_list(
        "cooperation_id", flat=True
    )


def registry_rows(*, user: User, filters: RegistryFilters) -> QuerySet[CaseAccess]:
    """The registry's filters on the access rows of what `user` sees (one row per case): the
    type, the stage and the evidence count read the columns copied onto the row; the urusan,
    the urusan group, the year and a PKS's stage the region's tags (`CaseTag`); "expiring"
    the first open end of term copied on the row; the partner and the OPD test the case by
    `EXISTS` on its id. Unsorted; see `registry_page`
    and `cooperation_list`."""
    queryset = case_access_for(user)
    if queryset is None or user.tenant is None:
        return CaseAccess.objects.none()
    region_id = user.tenant.region_id
    case = OuterRef("cooperation_id")
    if filters.q:
        # One condition on the case's stored search document (`agreements.search`).
        found = search.search_filter(
            Cooperation.objects.all(), filters.q, scope=_search_scope(user)
        )
        queryset = queryset.filter(cooperation_id__in=found.values("pk"))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.stage in PKS_FILTER_STAGES:
        # A stage of a PKS's own road also finds the cases with a PKS at that stage (e.g. one
        # awaiting the DPRD inside a case already in force; issue 7): tagged `p:<stage>`.
        queryset = queryset.filter(
            Q(stage=filters.stage) | Q(cooperation_id__in=_tagged(region_id, f"p:{filters.stage}"))
        )
    elif filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    # The facts a case has several of are tags under the region (`CaseTag`, kept by
    # `access.access_refresh`): one range of their primary key, whatever the region's size.
    if filters.affair:
        queryset = queryset.filter(cooperation_id__in=_tagged(region_id, f"a:{filters.affair}"))
    if filters.affair_group:
        queryset = queryset.filter(
            cooperation_id__in=_tagged(region_id, f"g:{filters.affair_group}")
        )
    if filters.partner:
        queryset = queryset.filter(
            Exists(Party.objects.filter(cooperation_id=case, partner_id=filters.partner))
        )
    if filters.opd:
        queryset = queryset.filter(
            Exists(CaseOpd.objects.filter(cooperation_id=case, opd_id=filters.opd))
        )
    if filters.year:
        # Every year one of its agreements (KB, NK, foreign text, PKS, addendum) was signed.
        queryset = queryset.filter(cooperation_id__in=_tagged(region_id, f"y:{filters.year}"))
    if filters.expiring:
        # `expiring_q`, read as the dashboard reads it: the first open end of term copied on
        # the row is in the window, or it has passed (still open until the daily job closes
        # it) and another one is in the window — only those few are tested on their deadlines.
        # As sets of the region's rows (`case_access_expiry`), not as a test of each row: a
        # page in another order (newest signed first) then walks its own index alone, where
        # expiring cases, signed long ago, lie 35,000 rows down at 500,000 cases.
        start, end = expiring_window()
        region_rows = CaseAccess.objects.filter(region_id=region_id)
        soon = region_rows.filter(expiry_first__gte=start, expiry_first__lte=end)
        passed = region_rows.filter(expiry_first__lt=start).filter(
            Exists(_ending_in_window().filter(cooperation_id=case))
        )
        queryset = queryset.filter(
            Q(cooperation_id__in=soon.values("cooperation_id"))
            | Q(cooperation_id__in=passed.values("cooperation_id"))
        ).exclude(stage__in=TERMINAL_STAGES)
    if filters.evidence == EVIDENCE_INCOMPLETE:
        queryset = queryset.filter(evidence_missing__gt=0)
    elif filters.evidence == EVIDENCE_COMPLETE:
        queryset = queryset.filter(evidence_missing=0)
    return queryset


def cooperation_list(*, user: User, filters: RegistryFilters) -> QuerySet[Cooperation]:
    """The registry as one queryset of cases: what `user` sees, filtered and sorted (exports,
    and any reader that wants every row; the page itself reads `registry_page`)."""
    rows = registry_rows(user=user, filters=filters)
    queryset: QuerySet[Cooperation] = _with_expires_on(
        Cooperation.objects.filter(pk__in=rows.values("cooperation_id"))
    )
    order: tuple[str | OrderBy, ...] = SORTS.get(filters.sort, SORTS["-signed_on"])
    if filters.q and filters.sort not in SORTS:
        # Searching without a sort chosen: the best match first, then newest signed. A sort the
        # user clicked wins (decision of issue 8; docs/ARCHITECTURE.md "Search").
        queryset = search.search_rank(queryset, filters.q)
        order = (F("search_rank").desc(), *order)
    return _with_list_relations(queryset.order_by(*order))


# Each sort of the registry as (column of the access row, ascending?), the case's id breaking
# ties in the same direction: the same order as SORTS (undated cases last either way, because
# the copied date keys put them there), read from an index led by the region.
KEYSET_SORTS: dict[str, tuple[str, bool]] = {
    "signed_on": ("signed_asc", True),
    "-signed_on": ("signed_desc", False),
    "ends_on": ("ends_asc", True),
    "-ends_on": ("ends_desc", False),
    "title": ("title", True),
    "-title": ("title", False),
    "stage": ("stage_order", True),
    "-stage": ("stage_order", False),
    "kind": ("kind", True),
    "-kind": ("kind", False),
}
# The registry counts exactly up to this many cases and says "more than" beyond it: counting
# every one of 70,000 visible rows on each page costs more than the page, and counting a
# filter's matches up to 10,000 still cost 10–80 ms at 500,000 cases, against 1–20 ms up to
# 1,000 (issue 8). Beyond a thousand the exact number tells a reader little on a page without
# page numbers; the dashboard gives the exact totals by type, stage and urusan group.
COUNT_LIMIT = 1_000
# A search counts, and ranks by relevance, this many matches at most (`_ranked_page`).
SEARCH_LIMIT = 1_000


@dataclass
class RegistryPage:
    object_list: list[Cooperation]
    count: int  # exact, unless `count_is_lower_bound`
    count_is_lower_bound: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    # A search ranked among its this many most recently signed matches only (0: all of them).
    ranked_among: int = 0

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)


# The longest cursor a page reads: a title sort carries the title (500 characters, up to four
# bytes each in UTF-8) in its cursor, base64 on top (walk of issue 8: a cut cursor restarted
# the pages at the first).
CURSOR_MAX = 4000


def _cursor_encode(direction: str, value: object, pk: int) -> str:
    if isinstance(value, dt.date):
        value = value.isoformat()
    raw = json.dumps([direction, value, pk], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _cursor_decode(cursor: str, column: str) -> tuple[str, object, int] | None:
    """(direction, key value, case id) of a cursor made by `_cursor_encode`, or None for
    anything else (an old bookmark, a hand-edited link): the page then starts at the top."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, value, pk = json.loads(raw)
        if direction not in ("after", "before") or not isinstance(pk, int):
            return None
        if column in ("signed_asc", "signed_desc", "ends_asc", "ends_desc"):
            value = dt.date.fromisoformat(value)
        elif column == "stage_order":
            value = int(value)
        elif column == "search_rank":
            value = float(value)
        elif not isinstance(value, str):
            return None
    except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
        return None
    return direction, value, pk


def _beyond(
    column: str, value: object, pk: int, *, forward: bool, id_field: str = "cooperation_id"
) -> Q:
    """Rows after (key, id) in the walking direction. Written `key >= v AND (key > v OR id > i)`
    so that the first half is an index range: the page starts at the cursor instead of
    counting rows up to it, and page 50 costs what page 1 costs."""
    op = "gt" if forward else "lt"
    return Q(**{f"{column}__{op}e": value}) & (
        Q(**{f"{column}__{op}": value}) | Q(**{f"{id_field}__{op}": pk})
    )


def _counted_page(user: User, filters: RegistryFilters, cases: list[Cooperation]) -> RegistryPage:
    # A search is counted up to SEARCH_LIMIT: each match is a test of the case's words, where
    # a filter's is a row of an index (issue 8).
    limit = SEARCH_LIMIT if filters.q else COUNT_LIMIT
    counted = (
        registry_rows(user=user, filters=filters).values("cooperation_id")[: limit + 1].count()
    )
    return RegistryPage(
        object_list=cases, count=min(counted, limit), count_is_lower_bound=counted > limit
    )


# PostgreSQL: a search the planner expects to match at least this many of the reader's cases
# finds its newest matches by walking down the reader's cases (`_newest_matches`).
SEARCH_WALK_FROM = 3 * SEARCH_LIMIT


def _planner_rows(queryset: QuerySet[Any]) -> float:
    """PostgreSQL's estimate of the rows of `queryset` (its plan, not its execution)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def _newest_matches(user: User, filters: RegistryFilters) -> list[int] | None:
    """The ids of the reader's cases that match the search, newest signed first, at most
    SEARCH_LIMIT + 1 — found by walking down the reader's cases and testing each one's words,
    when the planner expects the words to match many of them (a common word: a third of a
    region's 70,000 cases). The index of the words would fetch every match to keep the newest
    thousand; the walk stops at the thousand-and-first, a few thousand cases down. None on
    SQLite, and when the search is expected to match few (the index finds those at once).

    The planner's statistics decide which way; its own choice for a common word was the index
    and a hash of every match (200–700 ms at 500,000 cases), so the walk is asked for by
    turning those plans off for this one statement."""
    if connection.vendor != "postgresql":
        return None
    scope = _search_scope(user)
    expected = _planner_rows(
        search.search_filter(Cooperation.objects.all(), filters.q, scope=scope).values("pk")
    )
    if expected < SEARCH_WALK_FROM:
        return None
    rows = registry_rows(user=user, filters=replace(filters, q=""))
    matching = search.search_filter(Cooperation.objects.all(), filters.q)
    walk = (
        rows.filter(cooperation_id__in=matching.values("pk"))
        .order_by("-signed_desc", "-cooperation_id")
        .values_list("cooperation_id", flat=True)[: SEARCH_LIMIT + 1]
    )
    plans = ("enable_bitmapscan", "enable_hashjoin", "enable_mergejoin")
    with transaction.atomic(), connection.cursor() as cursor:
        for plan in plans:
            cursor.execute(f"SET LOCAL {plan} = off")  # one of three literal names
        found = list(walk)
        for plan in plans:
            cursor.execute(f"RESET {plan}")
    return found


def _ranked_page(*, user: User, filters: RegistryFilters, cursor: str, size: int) -> RegistryPage:
    """A page of search results, best match first (`search.search_rank`), the case's id
    breaking ties: keyset on (rank, id) like the sorted pages, so page 50 of a search costs
    what page 1 costs once the matches are ranked."""
    # The matches ranked are the SEARCH_LIMIT most recently signed (all of them, when fewer):
    # a common word matches a third of a region's cases, and ranking 25,000 of them for one
    # page cost more than the page. The page says so when the ranking was bounded; a sort or
    # a narrower search reaches every match (decision of issue 8, docs/ARCHITECTURE.md).
    newest = _newest_matches(user, filters)
    if newest is None:
        # The same newest SEARCH_LIMIT + 1 by the index of the words; their number is the
        # count the page shows (up to SEARCH_LIMIT), so the words are looked up once.
        newest = list(
            registry_rows(user=user, filters=filters)
            .order_by("-signed_desc", "-cooperation_id")
            .values_list("cooperation_id", flat=True)[: SEARCH_LIMIT + 1]
        )
    candidates = newest[:SEARCH_LIMIT]
    counted = (len(candidates), len(newest) > SEARCH_LIMIT)
    # `search_rank` is an annotation the stubs cannot see: the queryset is typed loosely here.
    ranked: QuerySet[Any] = search.search_rank(
        Cooperation.objects.filter(pk__in=candidates), filters.q
    )
    decoded = _cursor_decode(cursor, "search_rank") if cursor else None
    backwards = decoded is not None and decoded[0] == "before"
    # Best first is down the rank: walking on goes down, walking back up.
    if decoded is not None:
        ranked = ranked.filter(
            _beyond("search_rank", decoded[1], decoded[2], forward=backwards, id_field="pk")
        )
    order = ("search_rank", "pk") if backwards else ("-search_rank", "-pk")
    keys = ranked.order_by(*order).values_list("pk", "search_rank")
    page = _keyset_page(user, filters, keys, decoded=decoded, size=size, counted=counted)
    page.ranked_among = SEARCH_LIMIT if page.count_is_lower_bound else 0
    return page


def _keyset_page(
    user: User,
    filters: RegistryFilters,
    keys: QuerySet[Any, tuple[int, object]] | list[tuple[int, object]],
    *,
    decoded: tuple[str, object, int] | None,
    size: int,
    counted: tuple[int, bool] | None = None,
) -> RegistryPage:
    """The page of `keys` — (case id, sort key) in walking order from the cursor on — with
    the cases it shows, the count (`counted`, (count, is a lower bound), when already known)
    and the cursors to the pages beside it."""
    backwards = decoded is not None and decoded[0] == "before"
    found = keys[: size + 1] if isinstance(keys, list) else list(keys[: size + 1])
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
    ids = [pk for pk, _key in found]
    by_id = {
        c.pk: c
        for c in _with_list_relations(_with_expires_on(Cooperation.objects.filter(pk__in=ids)))
    }
    cases = [by_id[pk] for pk in ids if pk in by_id]
    if counted is None:
        page = _counted_page(user, filters, cases)
    else:
        page = RegistryPage(object_list=cases, count=counted[0], count_is_lower_bound=counted[1])
    if found:
        first, last = found[0], found[-1]
        # Walking on, there is a next page when more rows followed, and a previous one when we
        # came from a cursor; walking back (from a next page), the mirror image.
        has_next, has_previous = (True, more) if backwards else (more, decoded is not None)
        if has_next:
            page.next_cursor = _cursor_encode("after", last[1], last[0])
        if has_previous:
            page.previous_cursor = _cursor_encode("before", first[1], first[0])
    return page


def registry_page(
    *, user: User, filters: RegistryFilters, cursor: str = "", size: int | None = None
) -> RegistryPage:
    """One page of the registry by keyset (issue 8): the access rows of the region in the
    sort's index order from the cursor on, then the cases of that page with what the table
    shows, in a number of queries that depends neither on the page nor on how many cases
    the user sees. `cursor` is a page's `next_cursor` or `previous_cursor`; empty or
    unreadable, the first page."""
    size = size or page_size()
    if filters.q and filters.sort not in KEYSET_SORTS:
        return _ranked_page(user=user, filters=filters, cursor=cursor, size=size)
    column, ascending = KEYSET_SORTS.get(filters.sort, KEYSET_SORTS["-signed_on"])
    rows = registry_rows(user=user, filters=filters)
    decoded = _cursor_decode(cursor, column) if cursor else None
    backwards = decoded is not None and decoded[0] == "before"
    forward = ascending != backwards  # walking up the index?
    if decoded is not None:
        rows = rows.filter(_beyond(column, decoded[1], decoded[2], forward=forward))
    order = (column, "cooperation_id") if forward else (f"-{column}", "-cooperation_id")
    keys: QuerySet[Any, tuple[int, object]] | list[tuple[int, object]]
    keys = rows.order_by(*order).values_list("cooperation_id", column)
    if filters.year and column == "signed_desc" and user.tenant is not None:
        keys = _year_keys(rows, filters.year, user.tenant.region_id, order, forward, size)
    return _keyset_page(user, filters, keys, decoded=decoded, size=size)


def _year_keys(
    rows: QuerySet[CaseAccess],
    year: int,
    region_id: int,
    order: tuple[str, str],
    forward: bool,
    size: int,
) -> list[tuple[int, object]]:
    """The keys of a year's page by date of signing, newest first (the default order): the
    cases signed in or before the year, from the year's end down the index — not from the
    newest case of all, past every case signed since — and apart, the few signed later whose
    agreements include one of that year all the same (tag `yx:`, `CaseTag`); the two merged in
    the walking order."""
    end = dt.date(year, 12, 31)
    within = list(
        rows.filter(signed_desc__lte=end)
        .order_by(*order)
        .values_list("cooperation_id", "signed_desc")[: size + 1]
    )
    early = list(
        rows.filter(cooperation_id__in=_tagged(region_id, f"yx:{year}"))
        .order_by(*order)
        .values_list("cooperation_id", "signed_desc")[: size + 1]
    )
    merged = sorted(within + early, key=lambda key: (key[1], key[0]), reverse=not forward)
    return [(pk, day) for pk, day in merged[: size + 1]]


def cooperation_detail(*, user: User, pk: int) -> Cooperation:
    """One cooperation with everything its page shows; raises Cooperation.DoesNotExist when
    the user may not see it (the view answers 404: existence is not leaked)."""
    return (
        cooperation_visible_to(user)
        .select_related("created_by_tenant__region")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related(
                    "partner__region", "initiating_opd", "executing_opd"
                ).order_by("order"),
            ),
            Prefetch("affairs", queryset=GovernmentAffair.objects.order_by("code")),
            "public_services",
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("executing_opd")
                .prefetch_related(
                    Prefetch(
                        "party_entries",
                        queryset=DocumentParty.objects.select_related("party__partner").order_by(
                            "party__order"
                        ),
                    ),
                    Prefetch("files", queryset=DocumentFile.objects.order_by("-version")),
                )
                .order_by("signed_on", "id"),
            ),
            Prefetch(
                "financing",
                queryset=FinancingLine.objects.select_related("party__partner").order_by(
                    "fiscal_year", "id"
                ),
            ),
            "overrides",
            "deadlines",
            Prefetch(
                "transitions", queryset=Transition.objects.select_related("by").order_by("on", "id")
            ),
            "findings",
        )
        .get(pk=pk)
    )


def cooperation_last_transition(cooperation: Cooperation) -> Transition | None:
    """The step that brought the case where it is (with who took it), if any."""
    return (
        Transition.objects.filter(cooperation=cooperation)
        .select_related("by")
        .order_by("-on", "-id")
        .first()
    )


# Objects whose name holds a date or an amount: the timeline names them as they read now, in
# the reader's language, rather than with the text stored when the event was written.
LIVE_NAMED = {
    "deadlines.deadline",
    "agreements.financingline",
    "agreements.dprdapproval",
    "agreements.warningoverride",  # its warning's label, not its raw code (issue 7)
}


def cooperation_timeline(cooperation: Cooperation, limit: int = 100) -> list[AuditEvent]:
    """The cooperation's audit events, newest first; each with `object_label`, its object's
    name in the active language where it still exists (`LIVE_NAMED`), else the stored one."""
    events = list(AuditEvent.objects.concerning(cooperation).order_by("-at", "-id")[:limit])
    wanted: dict[str, set[str]] = {}
    for event in events:
        if event.object_type in LIVE_NAMED:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    live = {}
    for label, ids in wanted.items():
        model = apps.get_model(label)
        pks = [int(i) for i in ids if i.isdigit()]
        for obj in model.objects.filter(pk__in=pks):
            live[(label, str(obj.pk))] = str(obj)
    for event in events:
        event.object_label = live.get((event.object_type, event.object_id), event.object_repr)
    _attach_step_sources(cooperation, events)
    return events


def _attach_step_sources(cooperation: Cooperation, events: list[AuditEvent]) -> None:
    """A step taken on the act of another record (a TKKSD meeting's decision, issue 9) names
    that act on its own history entry: each such event gets `step_source`, the structured
    source its transition keeps (`Transition.data["source"]`: type, id, number, date, label,
    tenant), for the screen to name and link it (run 11 item 2)."""
    wanted = {
        str(event.data.get("source_object"))
        for event in events
        if isinstance(event.data, dict) and event.data.get("source_object")
    }
    if not wanted:
        return
    sources: dict[str, dict[str, Any]] = {}
    for data in cooperation.transitions.exclude(data__source=None).values_list("data", flat=True):
        source = (data or {}).get("source")
        if isinstance(source, dict):
            sources.setdefault(f"{source.get('type')}:{source.get('id')}", source)
    for event in events:
        key = event.data.get("source_object") if isinstance(event.data, dict) else None
        if key in wanted and key in sources:
            event.step_source = sources[key]  # type: ignore[attr-defined]


@dataclass
class Dashboard:
    total: int
    by_stage: list[tuple[str, str | Promise, int]]
    by_kind: list[tuple[str, str | Promise, int]]
    by_group: list[tuple[int, str | Promise, int]]
    expiring: list[Cooperation]
    expiring_count: int
    expiring_days: int
    in_force: int
    overdue: int = 0
    incomplete: int = 0  # issue 7: cases registered mid-way still lacking evidence


# The dashboard lists this many of the cases that expire soonest.
EXPIRING_SHOWN = 20


@dataclass
class _DashboardCounts:
    stages: dict[str, int]
    kinds: dict[str, int]
    groups: dict[int, int]
    incomplete: int
    overdue: int


def _dashboard_counts(rows: QuerySet[CaseAccess], today: dt.date) -> _DashboardCounts:
    # One scan of the region's dashboard index (case_access_dash) for every count: per (type,
    # stage) the cases, those incomplete, and those with an urusan of each group (a case
    # counts once in each group it has an urusan of, as COUNT(DISTINCT case) did).
    bits = {g.value: group_bit(g.value) for g in AffairGroup}
    stage_counts: dict[str, int] = {}
    kind_counts: dict[str, int] = {}
    group_counts = dict.fromkeys(bits, 0)
    incomplete = 0
    for counted in (
        rows.values("kind", "stage")
        .annotate(
            n=Count("*"),
            incomplete=Count("cooperation_id", filter=Q(evidence_missing__gt=0)),
            **{f"g{g}": Sum(F("affair_groups").bitand(bit)) for g, bit in bits.items()},
        )
        .order_by()
    ):
        row: dict[str, Any] = dict(counted)
        stage_counts[row["stage"]] = stage_counts.get(row["stage"], 0) + row["n"]
        kind_counts[row["kind"]] = kind_counts.get(row["kind"], 0) + row["n"]
        incomplete += row["incomplete"]
        for g, bit in bits.items():
            group_counts[g] += (row[f"g{g}"] or 0) // bit
    # Open deadlines overdue, counted on the cases whose first open deadline (copied on the
    # access rows) has passed: only those can have one.
    overdue = Deadline.objects.filter(
        cooperation__in=rows.filter(due_first__lt=today).values("cooperation_id"),
        status=DeadlineStatus.OPEN,
        due_on__lt=today,
    ).count()
    return _DashboardCounts(stage_counts, kind_counts, group_counts, incomplete, overdue)


def dashboard_for(user: User) -> Dashboard:
    """The dashboard's totals and facets, counted on the access rows of what `user` sees
    (issue 8): a GROUP BY on the copied stage and type under the region's index, so that the
    counts read an index and not every visible case."""
    rows = case_access_for(user)
    if rows is None:
        rows = CaseAccess.objects.none()
    today = timezone.localdate()
    # The counts are kept in the cache under the region's version (`access.options_version`,
    # moved on by every write to a case of the region and to its deadlines, in the write's
    # transaction) and today's date: exact, and read once per change instead of scanning a
    # province's 180,000 rows for every visit (issue 8).
    key = _options_key(user, f"dashboard-{today.isoformat()}")
    counts: _DashboardCounts | None = cache.get(key) if key else None
    if counts is None:
        counts = _dashboard_counts(rows, today)
        if key:
            cache.set(key, counts, timeout=24 * 3600)
    stage_counts, kind_counts, group_counts = counts.stages, counts.kinds, counts.groups
    incomplete = counts.incomplete
    # Expiring (`expiring_q`): an open end of term in the window, read by the copied first
    # open end of term (`CaseAccess.expiry_first`) under the region's index. A case whose first
    # one has passed but is still open (until the daily refresh closes it) may have another
    # in the window: those few are tested on their deadlines.
    start, end = expiring_window(today)
    live = rows.exclude(stage__in=TERMINAL_STAGES)
    first_in_window = live.filter(expiry_first__gte=start, expiry_first__lte=end)
    passed = live.filter(expiry_first__lt=start).filter(
        Exists(_ending_in_window(today).filter(cooperation_id=OuterRef("cooperation_id")))
    )
    expiring_count = first_in_window.count() + passed.count()
    ids = list(
        first_in_window.order_by("expiry_first", "cooperation_id").values_list(
            "cooperation_id", flat=True
        )[:EXPIRING_SHOWN]
    ) + list(passed.values_list("cooperation_id", flat=True))
    expiring: list[Cooperation] = [
        c
        for c in _with_expires_on(Cooperation.objects.filter(pk__in=ids), today)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("partner").order_by("order"))
        )
        .order_by("expires_on", "id")[:EXPIRING_SHOWN]
    ]
    return Dashboard(
        total=sum(kind_counts.values()),
        by_stage=[
            (s.value, s.label, stage_counts[s.value]) for s in Stage if stage_counts.get(s.value)
        ],
        by_kind=[(k.value, k.label, kind_counts.get(k.value, 0)) for k in CooperationKind],
        by_group=[(g.value, g.label, group_counts.get(g.value, 0)) for g in AffairGroup],
        expiring=expiring,
        expiring_count=expiring_count,
        expiring_days=settings.KERJASAMA["EXPIRING_WITHIN_DAYS"],
        in_force=stage_counts.get(Stage.IN_FORCE, 0),
        # Open deadlines overdue, counted on the cases whose first open deadline (copied on
        # the access rows) has passed: only those can have one.
        overdue=counts.overdue,
        incomplete=incomplete,
    )


# The agenda shows this many deadlines per list (KERJASAMA["AGENDA_PAGE_SIZE"] overrides it) and
# links to the next ones (issue 8: no cap).
AGENDA_PAGE_SIZE = 50


@dataclass
class DeadlinePage:
    items: list[Deadline]
    next_cursor: str = ""
    paged: bool = False  # a later page (the list links back to its first)


@dataclass
class Agenda:
    overdue: DeadlinePage
    upcoming: DeadlinePage
    met: DeadlinePage


def _deadline_cursor(cursor: str) -> tuple[dt.date, int] | None:
    """(due date, id) of an agenda cursor ("2026-05-01_123"), or None when it is not one."""
    due, _sep, pk = (cursor or "").partition("_")
    try:
        return dt.date.fromisoformat(due), int(pk)
    except ValueError:
        return None


def _deadline_page(
    queryset: QuerySet[Deadline], cursor: str, *, descending: bool, size: int, key: str = "due_on"
) -> DeadlinePage:
    """One page of deadlines by keyset on (`key`, id) from `cursor` on; `key` is a date: the
    due date, or an alias of `queryset` (the met list's `met_or_due`)."""
    after = _deadline_cursor(cursor)
    if after is not None:
        op = "lt" if descending else "gt"
        day, pk = after
        queryset = queryset.filter(
            Q(**{f"{key}__{op}e": day}) & (Q(**{f"{key}__{op}": day}) | Q(**{f"id__{op}": pk}))
        )
    order = (f"-{key}", "-id") if descending else (key, "id")
    items = list(queryset.order_by(*order)[: size + 1])
    page = DeadlinePage(items=items[:size], paged=after is not None)
    if len(items) > size:
        last = page.items[-1]
        day = last.due_on if key == "due_on" else (last.met_on or last.due_on)
        page.next_cursor = f"{day.isoformat()}_{last.pk}"
    return page


def _caseless(user: User) -> Q:
    """The user's own deadlines of no case (`deadlines.selectors.caseless_for`)."""
    return caseless_for(
        user_id=user.pk,
        opd_id=user.opd_id if user.has_role(Role.OPD_OFFICER) else None,
        tenant_id=user.tenant_id,
        region_wide=user.has_role(Role.SECRETARIAT, Role.LEADERSHIP),
    )


def agenda_page(
    user: User,
    *,
    today: dt.date,
    kind: str | None = None,
    opd: Opd | None = None,
    days: int = 90,
    cursors: dict[str, str] | None = None,
    size: int | None = None,
) -> Agenda:
    """The agenda of what the user sees, each list a page by keyset (issue 8): open deadlines
    overdue (oldest first) and due within `days` (soonest first), and those met in the last
    `days` (met then, or due then when the date of meeting is unknown; the latest first) with
    what met them — the agenda says which
    document met which deadline (§12). `cursors` holds each list's `next_cursor` by name
    ("overdue", "upcoming", "met")."""
    cursors = cursors or {}
    size = size or int(settings.KERJASAMA.get("AGENDA_PAGE_SIZE", AGENDA_PAGE_SIZE))
    rows = case_access_for(user)
    if rows is None:
        mine = Deadline.objects.none()
    else:
        # EXISTS, not IN: SQLite would otherwise drive from the region's whole list of cases
        # (its statistics average a region at a few hundred) and sort every deadline of them.
        mine = Deadline.objects.filter(
            Exists(rows.filter(cooperation_id=OuterRef("cooperation_id")))
            | _caseless(user)  # e.g. a TKKSD action item of no case (issue 9)
        )
    if kind:
        mine = mine.filter(kind=kind)
    if opd is not None:
        mine = mine.filter(opd=opd)
    open_ = mine.filter(status=DeadlineStatus.OPEN).select_related("cooperation", "document", "opd")
    since = today - dt.timedelta(days=days)
    met = (
        # Met since `since` (or, without a date of meeting, due since then): the expression of
        # the partial index `deadline_met_recent`.
        mine.alias(met_or_due=Coalesce("met_on", "due_on"))
        .filter(
            met_or_due__gte=since,
            status=DeadlineStatus.MET,
            due_on__lte=today + dt.timedelta(days=days),
        )
        .exclude(kind="expiry")
        .select_related("cooperation", "met_by", "opd")
    )
    return Agenda(
        overdue=_deadline_page(
            open_.filter(due_on__lt=today), cursors.get("overdue", ""), descending=False, size=size
        ),
        upcoming=_deadline_page(
            open_.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=days)),
            cursors.get("upcoming", ""),
            descending=False,
            size=size,
        ),
        # Latest met first, by the partial index `deadline_met_recent` (issue 8).
        met=_deadline_page(
            met, cursors.get("met", ""), descending=True, size=size, key="met_or_due"
        ),
    )


def deadlines_met(cooperation: Cooperation) -> list[Deadline]:
    """The cooperation's met deadlines, latest due first, with what met them."""
    return list(
        cooperation.deadlines.filter(status=DeadlineStatus.MET)
        .exclude(kind="expiry")
        .select_related("met_by")
        .order_by("-due_on", "-id")
    )


@dataclass
class BarStage:
    stage: str
    label: str | Promise
    state: str  # "done", "current", "next", "skipped"
    note: str = ""


def _without_not_needed(note: str) -> str:
    """A skip reason without a leading "DPRD approval not needed" in any of the site's
    languages (a secretariat often starts its reason with it), so the bar says it once."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            phrase = gettext("DPRD approval not needed")
        if note.lower().startswith(phrase.lower()):
            return note[len(phrase) :].lstrip(" :;,.-—–").strip()
    return note


def stage_bar(cooperation: Cooperation) -> list[BarStage]:
    """The whole pathway of the cooperation's type: stages done, the current one, those ahead,
    and those skipped with the reason (e.g. "DPRD approval not needed: funded in APBD 2021")."""
    _ = gettext
    line = list(MAIN_LINE.get(cooperation.kind, []))
    current = cooperation.stage
    if current not in line:  # an alternative end: rejected, cancelled, taken over
        line.append(current)
    transitions = [t for t in cooperation.transitions.all() if t.document_id is None]
    skipped: dict[str, str] = {}
    not_needed = _("DPRD approval not needed")
    for t in transitions:
        if t.action == Action.SKIP_DPRD and t.document_id is None:
            note = _without_not_needed((t.reason or cooperation.apbd_reference).strip())
            # Said once, in the reader's language, whatever language the reason was written in.
            skipped[Stage.AWAITING_DPRD] = (
                _("DPRD approval not needed: %(why)s") % {"why": note} if note else not_needed
            )
    reached = {t.to_stage for t in transitions} | {t.from_stage for t in transitions}
    position = line.index(current)
    bar = []
    for index, stage in enumerate(line):
        label = Stage(stage).label
        if stage == current:
            bar.append(BarStage(stage, label, "current"))
        elif stage == Stage.ENDED and current in TERMINAL_STAGES:
            continue  # taken over, rejected or cancelled: it did not end by its term
        elif stage in skipped:
            bar.append(BarStage(stage, label, "skipped", skipped[stage]))
        elif index < position:
            state = "done"
            if stage == Stage.AWAITING_DPRD and stage not in reached and transitions:
                state = "skipped"
            bar.append(BarStage(stage, label, state))
        else:
            bar.append(BarStage(stage, label, "next"))
    return bar


@dataclass
class PksRoad:
    """One PKS on its own road (issue 7), for the record page."""

    document: Document
    bar: list[BarStage]
    ends_on: dt.date | None  # its term's end as extended by its signed addenda (§6.3)
    history: list[Transition]
    # The approved DPRD decision covering it (§7), shown with its date and reference.
    dprd_approval: DprdApproval | None = None
    # lifecycle.Availability, set by the view (selectors sit below lifecycle: no import)
    steps: Sequence[object] = field(default_factory=list)


def pks_roads(cooperation: Cooperation, documents: list[Document] | None = None) -> list[PksRoad]:
    """Each PKS of a KSDD/KSDPK with its stage bar, term and history (its steps are the
    lifecycle's: `lifecycle.available_pks_steps`)."""
    if cooperation.kind not in PKS_ROAD_KINDS:
        return []
    documents = documents if documents is not None else list(cooperation.documents.all())
    transitions = list(cooperation.transitions.all())
    roads = []
    for document in documents:
        if document.kind != DocumentKind.PKS:
            continue
        history = [
            t
            for t in transitions
            if t.document_id == document.pk
            or (t.document_id is None and document.pk in t.data.get("pks", []))
        ]
        ends = [document.end_date] + [
            d.end_date
            for d in documents
            if d.parent_id == document.pk
            and d.kind == DocumentKind.ADDENDUM
            and d.status == DocumentStatus.SIGNED
        ]
        known = [e for e in ends if e]
        approval = pks_dprd_approval(document)
        roads.append(
            PksRoad(
                document=document,
                bar=_pks_bar(document, history, dprd_approved=approval is not None),
                ends_on=max(known) if known else None,
                history=history,
                dprd_approval=approval,
            )
        )
    return roads


def _pks_bar(
    document: Document, history: list[Transition], *, dprd_approved: bool = False
) -> list[BarStage]:
    current = document.stage or Stage.PKS_DRAFTING
    line: list[str] = list(PKS_MAIN_LINE)
    if current not in line:  # cancelled
        line.append(current)
    reached = {t.to_stage for t in history} | {t.from_stage for t in history}
    position = line.index(current)
    bar = []
    for index, stage in enumerate(line):
        label = Stage(stage).label
        if stage == current:
            bar.append(BarStage(stage, label, "current"))
        elif stage == Stage.ENDED and current == Stage.CANCELLED:
            continue
        elif stage == Stage.AWAITING_DPRD and dprd_approved:
            # Approved and back at drafting (or further): the DPRD's stage is done (§7).
            bar.append(BarStage(stage, label, "done"))
        elif index < position:
            skipped = stage == Stage.AWAITING_DPRD and stage not in reached
            bar.append(BarStage(stage, label, "skipped" if skipped else "done"))
        else:
            bar.append(BarStage(stage, label, "next"))
    return bar


def cooperations_with_partner(
    user: User, partner: Partner, limit: int = 100
) -> QuerySet[Cooperation]:
    """The cooperations `user` may see to which `partner` is a party, newest first (the
    partner's page, through `agreements.partner_page`)."""
    return (
        cooperation_visible_to(user)
        .filter(Exists(Party.objects.filter(cooperation=OuterRef("pk"), partner=partner)))
        .order_by("-signed_on", "-id")[:limit]
    )


# --- Issue 7: content checklist (§5.5), addenda as dated facts (§6.3) -------------------------


def content_checklist_for(cooperation: Cooperation, kind: str) -> QuerySet[ContentChecklistItem]:
    """The rows in use of the party regions' checklists for a KB or PKS (§5.5 `muatan_wajib`)."""
    regions = [p.partner.region_id for p in cooperation.parties.select_related("partner")]
    return ContentChecklistItem.objects.filter(
        tenant__region_id__in=[r for r in regions if r], document_kind=kind, active=True
    ).select_related("tenant__region")


def effective_scope(cooperation: Cooperation, *, on: dt.date | None = None) -> str:
    """The scope as amended by the signed addenda (signed on or before `on`), else the case's."""
    scope = cooperation.scope
    for addendum in signed_addenda(cooperation, on=on):
        change = addendum.amendments.get("scope")
        if change and change.get("new"):
            scope = change["new"]
    return scope


def signed_addenda(cooperation: Cooperation, *, on: dt.date | None = None) -> list[Document]:
    addenda = [
        (signed_on, d.pk, d)
        for d in cooperation.documents.all()
        if d.kind == DocumentKind.ADDENDUM
        and d.status == DocumentStatus.SIGNED
        and (signed_on := d.signed_on)
        and (on is None or signed_on <= on)
    ]
    return [d for _on, _pk, d in sorted(addenda, key=lambda a: (a[0], a[1]))]


def effective_end(cooperation: Cooperation, *, on: dt.date) -> dt.date | None:
    """The latest end of term of the agreements signed by `on`, as extended by the addenda signed
    by then (§6.3): the case's end of term "as of" that date."""
    ends = [
        d.end_date
        for d in cooperation.documents.all()
        if d.kind in TERM_KINDS
        and d.status == DocumentStatus.SIGNED
        and d.signed_on
        and d.signed_on <= on
        and d.end_date
    ]
    return max(ends, default=None)
