"""Issue 10, items 4 and 7 in the demo: both years' evaluations of the Kalbar–Singkawang PKS by
Singkawang's secretariat, signed off by the Sekda; and the demo's reporting (the fault fixed: the
demo reported only 2020 and 2021, so every later period of the PKS' indicators was overdue and
PUPR's agenda and the meeting proposals filled with "report indicator X for YEAR" rows)."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from kerjasama.deadlines.models import Deadline
from kerjasama.demo.monev import PKS_TITLE
from kerjasama.monitoring.deadlines import KIND

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_the_demo_has_no_overdue_reporting_window_only_the_current_ones_open(demo_world):
    today = timezone.localdate()

    overdue = Deadline.objects.filter(
        kind=KIND, status="open", due_on__lt=today, document__title=PKS_TITLE
    )
    still_open = Deadline.objects.filter(kind=KIND, status="open", document__title=PKS_TITLE)

    assert list(overdue.values_list("title", flat=True)) == []
    # What stays open is the current window: periods that ended less than 90 days ago, or the
    # period running now (its deadline is on the agenda ahead of time).
    assert all(d.due_on >= today for d in still_open)
    assert still_open.count() <= 8  # 4 indicators, clean water reported by both parties
    # Each report was made within its window (dated so, not all "today"): the agenda's "met in
    # the last 90 days" does not fill with them.
    met = Deadline.objects.filter(kind=KIND, status="met", document__title=PKS_TITLE)
    assert met.count() > 40
    assert [d.title for d in met if d.met_on > d.due_on] == []
    assert [d.title for d in met if d.met_on == today] == []


@override_settings(DEMO_MODE=True)
def test_the_demo_has_both_years_evaluations_signed_off_by_the_sekda(demo_world, client):
    from decimal import Decimal

    from kerjasama.accounts.models import User
    from kerjasama.monitoring import evaluation as ev
    from kerjasama.monitoring.models import Evaluation

    rows = Evaluation.objects.filter(document__title=PKS_TITLE).order_by("year")

    assert [
        (e.year, e.party.partner.region.code, e.status, e.signed_off_by.username) for e in rows
    ] == [
        (2020, "61.72", "signed_off", "sekda.singkawang"),
        (2021, "61.72", "signed_off", "sekda.singkawang"),
    ]
    assert [(e.recommendation, e.rating) for e in rows] == [("improve", 3), ("continue", 4)]
    first, second = rows

    # The signed-off figures: clean water 58,50 % → 97,50 (2020) and 65,17 % → 100,27 (2021);
    # tourism 72,22 → 106,25; floods 89,33 → 108,33 (test_monev_demo.py computes them by hand).
    def signed(evaluation):
        version = evaluation.versions.get()
        return {row["name"]: Decimal(row["achievement"]) for row in version.snapshot["figures"]}

    assert signed(first)["Cakupan pelayanan air minum perpipaan"] == Decimal("97.50")
    assert signed(second)["Cakupan pelayanan air minum perpipaan"] == Decimal("100.27")
    assert sorted(signed(first).values()) == [
        Decimal("72.22"),
        Decimal("80.00"),
        Decimal("89.33"),
        Decimal("97.50"),
    ]
    assert sorted(signed(second).values()) == [
        Decimal("100.27"),
        Decimal("105.00"),
        Decimal("106.25"),
        Decimal("108.33"),
    ]
    # Signed off in the February after the year.
    assert [(e.signed_off_at.year, e.signed_off_at.month) for e in rows] == [(2021, 2), (2022, 2)]
    assert "Melihat Kerja Sama Daerah 2020" in first.comments.get().text
    assert "Banjir tetap menjadi perhatian" in second.obstacles

    sekda = User.objects.get(username="sekda.singkawang")
    client.force_login(sekda)
    page = client.get(f"/monev/pks/{first.document_id}/evaluasi/2021/").content.decode()
    assert "Banjir tetap menjadi perhatian" in page
    assert "Angka sebagaimana disahkan pada" in page
    # The province, a party of this PKS, reads Singkawang's signed-off evaluations.
    kalbar = User.objects.get(username="sekretariat.kalbar")
    assert ev.pks_evaluations(kalbar, first.document, 2020) == [first]
