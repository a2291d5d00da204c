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
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min, Q

from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import (
    DATE_HIGH,
    DATE_LOW,
    AccessVia,
    CaseAccess,
    CaseOpd,
    Cooperation,
    DeadlineKind,
    Document,
    Party,
)
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
    "changed_at",
    "affair_groups",
)


def copied_values(cooperation: Cooperation) -> dict[str, object]:
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
    }


def group_bit(group: int) -> int:
    """The bit of an urusan group (`AffairGroup`) in `CaseAccess.affair_groups`."""
    return 1 << (group - 1)


def affair_groups(cooperation_id: int) -> int:
    """The groups of the case's bidang urusan as bits (`group_bit`)."""
    bits = 0
    groups = Cooperation.affairs.through.objects.filter(cooperation_id=cooperation_id)
    for group in groups.values_list("governmentaffair__group", flat=True).distinct():
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
    facts = deadline_facts(cooperation_id)
    CaseAccess.objects.filter(cooperation_id=cooperation_id).update(**facts)


def deadline_written_receiver(sender: object, *, instance: Deadline, **kwargs: object) -> None:
    """A deadline row saved or deleted one by one (the refresh's own writes, and any other
    writer of single rows): its case's deadline dates follow. The refresh's set-wise closing
    of rows is covered by `deadlines_changed`."""
    if instance.cooperation_id is not None:
        deadline_facts_refresh(instance.cooperation_id)


def access_refresh(cooperation: Cooperation) -> None:
    """Bring the case's access and OPD rows in step with its parties, documents and columns.

    Call it inside the write's transaction after the write (the services do). Reads the case's
    columns from the database, so a caller holding an older copy cannot write stale ones. At
    most a handful of queries; rows that are already right are left alone.
    """
    fresh = Cooperation.objects.filter(pk=cooperation.pk).first()
    if fresh is None:  # deleted: its rows went with it (CASCADE)
        return
    values = {
        **copied_values(fresh),
        "affair_groups": affair_groups(fresh.pk),
        **deadline_facts(fresh.pk),
    }
    wanted = wanted_regions(_party_regions(fresh.pk))
    have = {row.region_id: row for row in CaseAccess.objects.filter(cooperation_id=fresh.pk)}
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
