"""Hypothesis: importing the same register twice changes nothing the second time (issue 11,
acceptance). Registers are generated: titles, partners named in any variant of a region's
name, statuses, document types, numbers and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerjasama.agreements.models import Cooperation, Document
from kerjasama.core.models import AuditEvent
from kerjasama.imports import services
from kerjasama.imports.models import Outcome, RunState
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db

PARTNERS = [
    "Pemkab Bengkayang",
    "Kabupaten Bengkayang",
    "Kab. Sambas",
    "Pemerintah Kabupaten Sambas",
    "Pemprov Kalimantan Barat",
    "Kota Pontianak",
    "61.71",
]
STATUSES = ["Berlaku", "Masih berlaku", "Usulan", "Penawaran", "Persiapan"]
KINDS = ["Kesepakatan Bersama", "KB", "Nota Kesepakatan", "NK"]
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
titles = st.lists(words, min_size=2, max_size=5).map(lambda w: " ".join(w).capitalize())
days = st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def registers(draw):
    count = draw(st.integers(min_value=1, max_value=5))
    rows = [HEADER]
    for index in range(count):
        signed = draw(days)
        status = draw(st.sampled_from(STATUSES))
        # Only a case in force has a signed agreement (§5.1: a KB is signed at its drafting
        # stage); a row saying otherwise is invalid, which tests/test_imports_commit.py shows.
        in_force = status in ("Berlaku", "Masih berlaku")
        rows.append(
            row(
                A=index + 1,
                C=f"{index + 1}/KS/{signed.year}",
                D=draw(st.sampled_from(KINDS)),
                E=draw(titles),
                F=draw(st.sampled_from(PARTNERS)),
                I=draw(st.sampled_from(["1.03", "Pariwisata", "Pendidikan; Kesehatan"])),
                K=signed.strftime("%d/%m/%Y") if in_force and draw(st.booleans()) else None,
                L=signed,
                M=signed.replace(year=signed.year + 5) - dt.timedelta(days=1)
                if signed.month != 2 or signed.day != 29
                else None,
                O=status,
            )
        )
    return workbook(rows)


class _Rollback(Exception):
    pass


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=registers())
def test_importing_a_generated_register_twice_changes_nothing_the_second_time(world, data):
    try:
        with transaction.atomic():
            first = services.run_read(
                services.run_create(
                    actor=world.sec_singkawang, tenant=world.singkawang, data=data, name="r.xlsx"
                )
            )
            first = services.run_commit(actor=world.sec_singkawang, run=first)
            assert first.state == RunState.COMMITTED, first.error
            cases, documents = Cooperation.objects.count(), Document.objects.count()
            events = AuditEvent.objects.count()
            versions = list(Cooperation.objects.order_by("pk").values_list("version", flat=True))

            second = services.run_read(
                services.run_create(
                    actor=world.sec_singkawang, tenant=world.singkawang, data=data, name="r.xlsx"
                )
            )

            written = first.rows.filter(cooperation__isnull=False).count()
            assert written >= 1, list(first.rows.values_list("number", "outcome", "reasons"))
            assert second.counts[Outcome.NEW] == 0
            assert second.counts[Outcome.UPDATE] == 0
            assert second.counts[Outcome.UNCHANGED] == written
            second = services.run_commit(actor=world.sec_singkawang, run=second)
            assert second.state == RunState.COMMITTED
            assert Cooperation.objects.count() == cases
            assert Document.objects.count() == documents
            assert AuditEvent.objects.count() == events + 2  # the upload and the commit
            assert (
                list(Cooperation.objects.order_by("pk").values_list("version", flat=True))
                == versions
            )
            raise _Rollback
    except _Rollback:
        pass
