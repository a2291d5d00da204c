"""Fill the visibility table for the cases already registered (issue 8).

The rules are restated here, not imported (a migration runs against the historical models): a
party region reads its cases ("party"); the province of a party kabupaten/kota reads them too
("oversight"; "both" when the province is itself a party); the OPDs named on a party or as a
document's executing OPD are the case's OPD rows. `kerjasama access_rebuild` recomputes the
same with the application's code (agreements/access.py).
"""

import datetime as dt

from django.db import migrations

HIGH, LOW = dt.date(9999, 12, 31), dt.date(1, 1, 1)


def fill(apps, schema_editor):
    Cooperation = apps.get_model("agreements", "Cooperation")
    Party = apps.get_model("agreements", "Party")
    Document = apps.get_model("agreements", "Document")
    CaseAccess = apps.get_model("agreements", "CaseAccess")
    CaseOpd = apps.get_model("agreements", "CaseOpd")
    stages = [value for value, _label in Cooperation._meta.get_field("stage").choices]
    order = {value: index for index, value in enumerate(stages)}
    regions: dict[int, list[tuple[int, int | None]]] = {}
    opds: dict[int, set[int]] = {}
    for case_id, region_id, province_id, initiating, executing in Party.objects.values_list(
        "cooperation_id",
        "partner__region_id",
        "partner__region__province_id",
        "initiating_opd_id",
        "executing_opd_id",
    ):
        if region_id is not None:
            regions.setdefault(case_id, []).append((region_id, province_id))
        opds.setdefault(case_id, set()).update(o for o in (initiating, executing) if o)
    for case_id, opd_id in Document.objects.filter(executing_opd__isnull=False).values_list(
        "cooperation_id", "executing_opd_id"
    ):
        opds.setdefault(case_id, set()).add(opd_id)
    rows = []
    for case in Cooperation.objects.iterator(chunk_size=2000):
        party = {r for r, _p in regions.get(case.pk, [])}
        oversight = {p for _r, p in regions.get(case.pk, []) if p is not None}
        for region_id in party | oversight:
            via = (
                "both"
                if region_id in party and region_id in oversight
                else "party"
                if region_id in party
                else "oversight"
            )
            rows.append(
                CaseAccess(
                    cooperation_id=case.pk,
                    region_id=region_id,
                    via=via,
                    kind=case.kind,
                    stage=case.stage,
                    stage_order=order.get(case.stage, len(order)),
                    title=case.title,
                    signed_asc=case.signed_on or HIGH,
                    signed_desc=case.signed_on or LOW,
                    ends_asc=case.ends_on or HIGH,
                    ends_desc=case.ends_on or LOW,
                    evidence_missing=case.evidence_missing,
                )
            )
        if len(rows) >= 2000:
            CaseAccess.objects.bulk_create(rows)
            rows = []
    CaseAccess.objects.bulk_create(rows)
    CaseOpd.objects.bulk_create(
        CaseOpd(cooperation_id=case_id, opd_id=opd_id)
        for case_id, named in opds.items()
        for opd_id in named
    )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0016_access8_case_access")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
