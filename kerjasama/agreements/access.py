"""The visibility table (`CaseAccess`, `CaseOpd`): computed from a case's parties and
documents, kept in step by the services, read by `selectors.cooperation_visible_to`.

The rules are those of docs/ARCHITECTURE.md, "Visibility and editing": every party region
reads the case; a province reads the cases a kabupaten/kota of it is a party to (oversight,
the governor's take-over authority); an OPD officer reads its region's cases that name its OPD
(initiating or executing OPD of a party, executing OPD of a document). This module only
derives rows from stored facts; who may read is still decided in `selectors`.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q

from kerjasama.agreements.enums import TERM_KINDS, DocumentKind, DocumentStatus, Stage
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
    Party,
)
from kerjasama.agreements.pathways import PKS_ROAD_CASE_STAGES, PKS_ROAD_KINDS
from kerjasama.core import derived
from kerjasama.deadlines.models import Deadline, DeadlineStatus

# "Tahap" sorts by the order of `Stage` (the process order), see selectors.SORTS.
STAGE_ORDER = {stage.value: index for index, stage in enumerate(Stage)}

# The columns copied from the case onto each of its access rows.
COPIED = (
    "kind",
    "stage",
    "stage_order",
    "title",
    "signed_asc",
    "signed_desc",
    "ends_asc",
    "ends_desc",
    "evidence_missing",
    "signed_first",
    "signed_last",
    "changed_at",
    "affair_groups",
)


def copied_values(cooperation: Cooperation, signed: list[dt.date]) -> dict[str, object]:
    """The case's columns copied onto each of its access rows; `signed`: `signed_dates`."""
    return {
        "kind": cooperation.kind,
        "stage": cooperation.stage,
        "stage_order": STAGE_ORDER.get(cooperation.stage, len(STAGE_ORDER)),
        "title": cooperation.title,
        "signed_asc": cooperation.signed_on or DATE_HIGH,
        "signed_desc": cooperation.signed_on or DATE_LOW,
        "ends_asc": cooperation.ends_on or DATE_HIGH,
        "ends_desc": cooperation.ends_on or DATE_LOW,
        "evidence_missing": cooperation.evidence_missing,
        "changed_at": cooperation.updated_at,
        # The first and the last signature of its agreements (the registry's years).
        "signed_first": min(signed, default=DATE_HIGH),
        "signed_last": max(signed, default=DATE_LOW),
    }


def signed_dates(cooperation_id: int) -> list[dt.date]:
    """The dates of the case's signed agreements (KB, NK, foreign text, PKS, addendum)."""
    dates = Document.objects.filter(
        cooperation_id=cooperation_id,
        kind__in=TERM_KINDS,
        status=DocumentStatus.SIGNED,
        signed_on__isnull=False,
    ).values_list("signed_on", flat=True)
    return [day for day in dates if day is not None]


def case_affairs(cooperation_id: int) -> list[tuple[str, int]]:
    """(code, group) of the case's bidang urusan."""
    return list(
        Cooperation.affairs.through.objects.filter(cooperation_id=cooperation_id).values_list(
            "governmentaffair__code", "governmentaffair__group"
        )
    )


def group_bit(group: int) -> int:
    """The bit of an urusan group (`AffairGroup`) in `CaseAccess.affair_groups`."""
    return 1 << (group - 1)


def affair_groups(affairs: Iterable[tuple[str, int]]) -> int:
    """The groups of the case's bidang urusan (`case_affairs`) as bits (`group_bit`)."""
    bits = 0
    for _code, group in affairs:
        bits |= group_bit(group)
    return bits


def wanted_regions(party_regions: Iterable[tuple[int, int | None]]) -> dict[int, str]:
    """{region id: via} from the (region, its province) of each party region."""
    party = set()
    oversight = set()
    for region_id, province_id in party_regions:
        party.add(region_id)
        if province_id is not None:
            oversight.add(province_id)
    wanted: dict[int, str] = {}
    for region_id in party | oversight:
        if region_id in party and region_id in oversight:
            wanted[region_id] = AccessVia.BOTH
        elif region_id in party:
            wanted[region_id] = AccessVia.PARTY
        else:
            wanted[region_id] = AccessVia.OVERSIGHT
    return wanted


def _party_regions(cooperation_id: int) -> list[tuple[int, int | None]]:
    return list(
        Party.objects.filter(cooperation_id=cooperation_id, partner__region__isnull=False)
        .values_list("partner__region_id", "partner__region__province_id")
        .distinct()
    )


def _named_opds(cooperation_id: int) -> set[int]:
    opds: set[int] = set()
    for initiating, executing in Party.objects.filter(cooperation_id=cooperation_id).values_list(
        "initiating_opd_id", "executing_opd_id"
    ):
        opds.update(o for o in (initiating, executing) if o is not None)
    opds.update(
        Document.objects.filter(cooperation_id=cooperation_id, executing_opd__isnull=False)
        .values_list("executing_opd_id", flat=True)
        .distinct()
    )
    return opds


# The versions of what is derived from a region's cases and kept in the cache (the registry's
# partner options, `selectors.registry_partner_options`; the dashboard's counts,
# `selectors.dashboard_for`): one per region, one for all partners'
# names. A write moves them on inside its transaction: with the database cache (the default;
# table `kerjasama_cache`) the new version commits or rolls back with the write, so no reader
# can cache the old rows under the new version. (With CACHE_BACKEND=locmem, one process only, a
# request reading during the write's transaction could; it is gone at the next write.)
_REGION_VERSION = "case-access-version:{}"
_PARTNERS_VERSION = "case-access-version:partners"


def options_version(region_id: int) -> str:
    """The version of the region's cached lists. A version that is missing (never set, or
    culled from the cache) is given a new value first: the lists cached under an older one are
    never read again."""
    keys = [_REGION_VERSION.format(region_id), _PARTNERS_VERSION]
    versions = cache.get_many(keys)
    for key in keys:
        if key not in versions:
            cache.add(key, time.time_ns(), timeout=None)
            versions[key] = cache.get(key)
    return "{}.{}".format(*(versions[key] for key in keys))


def _move_on(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): any new value differs from the old keys
        cache.set(key, time.time_ns(), timeout=None)


def options_changed(region_ids: Iterable[int]) -> None:
    """Forget the cached lists of these regions (in a fixed order: two writes never wait on
    each other's version rows crosswise). Inside a `derived.batch()` once per region, at its
    end: an import moves each version on once, not once per case."""
    for region_id in sorted(set(region_ids)):
        key = _REGION_VERSION.format(region_id)
        if not derived.defer("options", key, functools.partial(_move_on, key)):
            _move_on(key)


def partner_names_changed() -> None:
    """Forget every region's cached partner list (a partner was renamed)."""
    _move_on(_PARTNERS_VERSION)


def partner_changed_receiver(sender: object, **kwargs: object) -> None:
    """`partners.signals.partner_changed`: a partner's name may be in cached option lists."""
    partner_names_changed()


# The stages of a PKS's own road the registry's stage filter also finds a case by (issue 7),
# when the case is of a type with PKS (KSDD, KSDPK) and past its KB, not ended
# (`pathways.PKS_ROAD_KINDS`, `PKS_ROAD_CASE_STAGES`; `selectors.PKS_FILTER_STAGES`).
PKS_TAG_STAGES = (Stage.AWAITING_DPRD, Stage.PKS_DRAFTING, Stage.PKS_SIGNED)


def case_tags(
    cooperation: Cooperation, signed: list[dt.date], affairs: Iterable[tuple[str, int]]
) -> set[str]:
    """The facts the registry filters `cooperation` by (`CaseTag`): its urusan
    (`case_affairs`), the years of its signatures (`signed_dates`) and its PKS's stages."""
    tags: set[str] = set()
    for code, group in affairs:
        tags.update((f"a:{code}", f"g:{group}"))
    years = {day.year for day in signed}
    tags.update(f"y:{year}" for year in years)
    if cooperation.signed_on:
        tags.add(f"y:{cooperation.signed_on.year}")
        # Signed before the case's own first signature (an addendum whose agreement is not on
        # file): the year filter finds these apart from its walk down the dates (`CaseTag`).
        tags.update(f"yx:{year}" for year in years if year < cooperation.signed_on.year)
    if cooperation.kind in PKS_ROAD_KINDS and cooperation.stage in PKS_ROAD_CASE_STAGES:
        stages = Document.objects.filter(
            cooperation_id=cooperation.pk, kind=DocumentKind.PKS, stage__in=PKS_TAG_STAGES
        ).values_list("stage", flat=True)
        tags.update(f"p:{stage}" for stage in stages)
    return tags


def _tags_refresh(cooperation: Cooperation, regions: Iterable[int], tags: set[str]) -> None:
    wanted = {(region_id, tag) for region_id in regions for tag in tags}
    have = set(
        CaseTag.objects.filter(cooperation_id=cooperation.pk).values_list("region_id", "tag")
    )
    gone = have - wanted
    if gone:
        CaseTag.objects.filter(
            reduce(or_, (Q(region_id=region_id, tag=tag) for region_id, tag in gone)),
            cooperation_id=cooperation.pk,
        ).delete()
    if wanted - have:
        CaseTag.objects.bulk_create(
            CaseTag(region_id=region_id, tag=tag, cooperation_id=cooperation.pk)
            for region_id, tag in sorted(wanted - have)
        )


def deadline_facts(cooperation_id: int) -> dict[str, dt.date | None]:
    """The case's first open deadline and first open end of term (`CaseAccess.due_first`,
    `expiry_first`)."""
    return Deadline.objects.filter(
        cooperation_id=cooperation_id, status=DeadlineStatus.OPEN
    ).aggregate(
        due_first=Min("due_on"),
        expiry_first=Min("due_on", filter=Q(kind=DeadlineKind.EXPIRY)),
    )


def deadline_facts_refresh(cooperation_id: int) -> None:
    """Bring the deadline dates on the case's access rows in step with its deadlines: called
    by the deadline refresh (`CooperationDeadlines.deadlines_changed`) in its transaction."""
    if derived.defer(
        "deadline_facts", cooperation_id, lambda: deadline_facts_refresh(cooperation_id)
    ):
        return  # at the end of the batch (`core.derived`)
    facts = deadline_facts(cooperation_id)
    rows = CaseAccess.objects.filter(cooperation_id=cooperation_id)
    rows.update(**facts)
    # The dashboard's cached counts of these regions count overdue deadlines too.
    options_changed(rows.values_list("region_id", flat=True))


def deadline_written_receiver(sender: object, *, instance: Deadline, **kwargs: object) -> None:
    """A deadline row saved or deleted one by one (the refresh's own writes, and any other
    writer of single rows): its case's deadline dates follow. The refresh's set-wise closing
    of rows is covered by `deadlines_changed`."""
    if instance.cooperation_id is not None:
        deadline_facts_refresh(instance.cooperation_id)


def access_refresh(cooperation: Cooperation) -> None:
    """Bring the case's access, tag and OPD rows in step with its parties, documents and columns.

    Call it inside the write's transaction after the write (the services do). Reads the case's
    columns from the database, so a caller holding an older copy cannot write stale ones. At
    most a handful of queries; rows that are already right are left alone.
    """
    if derived.defer("access", cooperation.pk, lambda: access_refresh(cooperation)):
        return  # at the end of the batch (`core.derived`)
    fresh = Cooperation.objects.filter(pk=cooperation.pk).first()
    if fresh is None:  # deleted: its rows went with it (CASCADE)
        return
    signed, affairs = signed_dates(fresh.pk), case_affairs(fresh.pk)
    values = {
        **copied_values(fresh, signed),
        "affair_groups": affair_groups(affairs),
        **deadline_facts(fresh.pk),
    }
    wanted = wanted_regions(_party_regions(fresh.pk))
    have = {row.region_id: row for row in CaseAccess.objects.filter(cooperation_id=fresh.pk)}
    options_changed([*have, *wanted])
    gone = [row.pk for region_id, row in have.items() if region_id not in wanted]
    if gone:
        CaseAccess.objects.filter(pk__in=gone).delete()
    new = []
    for region_id, via in wanted.items():
        row = have.get(region_id)
        if row is None:
            new.append(CaseAccess(cooperation_id=fresh.pk, region_id=region_id, via=via, **values))
        elif row.via != via or any(getattr(row, k) != v for k, v in values.items()):
            CaseAccess.objects.filter(pk=row.pk).update(via=via, **values)
    if new:
        CaseAccess.objects.bulk_create(new)

    _tags_refresh(fresh, wanted, case_tags(fresh, signed, affairs))

    opds = _named_opds(fresh.pk)
    have_opds = set(
        CaseOpd.objects.filter(cooperation_id=fresh.pk).values_list("opd_id", flat=True)
    )
    if have_opds - opds:
        CaseOpd.objects.filter(cooperation_id=fresh.pk, opd_id__in=have_opds - opds).delete()
    if opds - have_opds:
        CaseOpd.objects.bulk_create(
            CaseOpd(cooperation_id=fresh.pk, opd_id=o) for o in sorted(opds - have_opds)
        )


def access_rebuild(batch: int = 2000) -> int:
    """Recompute every case's rows (after an upgrade, a change of the region list, or to
    repair). Returns the number of cases. Runs in batches of `batch` cases by id."""
    count = 0
    last = 0
    while True:
        chunk = list(Cooperation.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not chunk:
            return count
        with transaction.atomic():  # one batch at a time: no transaction over the whole table
            for cooperation in chunk:
                access_refresh(cooperation)
        count += len(chunk)
        last = chunk[-1].pk
