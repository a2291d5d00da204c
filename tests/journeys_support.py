"""People, partners and browser helpers for the journeys of `tests/test_journeys.py`.

A journey walks one cooperation from registration to its end in a real browser. Every person
works in a browser context of their own (logged in once), the way a secretariat clerk, the
Sekda and an OPD officer would each sit at their own desk; every document a step needs is put on
file through the document and upload screens, with a small real PDF made in the test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from kerjasama.partners.enums import ForeignInstitutionType, PartnerKind
from kerjasama.partners.models import Partner
from tests.factories import make_pdf

PASSWORD = "secret-password"  # tests.factories.UserFactory
TIMEOUT_MS = 8_000

# Written by hand for the assertions (not taken from the code's formatting): the page shows
# dates as "5 Desember 2029".
MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day: dt.date) -> str:
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def years_later(day: dt.date, years: int) -> dt.date:
    """The day before the same date `years` later: a term of whole years."""
    try:
        return day.replace(year=day.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- The cast ------------------------------------------------------------------------------


@dataclass
class Cast:
    """The people of `conftest.World` plus the partners the five types need."""

    world: object
    perumda: Partner  # KSDPK: a BUMD (PP 28/2018 Pasal 14)
    kuching: Partner  # KSDPL: a foreign local government (Pasal 24)
    jica: Partner  # KSDLL: a foreign development partner (Pasal 36(1))
    kemenpar: Partner  # Sinergi: a ministry (Pasal 46)


def build_cast(world) -> Cast:
    from kerjasama.partners.services import partner_create

    secretariat = world.sec_singkawang
    kuching = partner_create(
        actor=secretariat,
        data={
            "kind": PartnerKind.FOREIGN_GOVERNMENT,
            "name": "Dewan Bandaraya Kuching Utara",
            "country": "MY",
        },
    )
    jica = partner_create(
        actor=secretariat,
        data={
            "kind": PartnerKind.FOREIGN_INSTITUTION,
            "name": "Japan International Cooperation Agency",
            "country": "JP",
            "foreign_institution_type": ForeignInstitutionType.DEVELOPMENT_PARTNER,
        },
    )
    kemenpar = partner_create(
        actor=secretariat,
        data={
            "kind": PartnerKind.CENTRAL_GOVERNMENT,
            "name": "Kementerian Pariwisata Republik Indonesia",
        },
    )
    return Cast(
        world=world, perumda=world.third_party, kuching=kuching, jica=jica, kemenpar=kemenpar
    )


# --- The browser side ----------------------------------------------------------------------


@dataclass
class Journey:
    """One cooperation walked through the screens by several people.

    `desk(username)` is that person's own logged-in page; `shot()` numbers the screenshots in
    the order they were taken; `stages` collects the stage badge of the record page after
    registration and after every step, for the test to compare with its hand-written list.
    """

    browser: Browser
    base_url: str
    screenshot_dir: Path
    context_args: dict
    record_path: str = ""
    stages: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    _contexts: dict[str, BrowserContext] = field(default_factory=dict)
    _pages: dict[str, Page] = field(default_factory=dict)
    _shots: int = 0
    # Whose page shows the record as it is now: the person who wrote last was redirected to it.
    _fresh: set[str] = field(default_factory=set)

    # People ----------------------------------------------------------------------------------

    def desk(self, username: str) -> Page:
        if username in self._pages:
            return self._pages[username]
        context = self.browser.new_context(**self.context_args)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                self.console_errors.append(f"{username}: {m.text}") if m.type == "error" else None
            ),
        )
        page.goto(f"{self.base_url}/akun/masuk/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#id_password")).to_have_count(0)
        self._contexts[username], self._pages[username] = context, page
        return page

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()

    # Screens ---------------------------------------------------------------------------------

    def shot(self, page: Page, name: str) -> Path:
        self._shots += 1
        path = self.screenshot_dir / f"{self._shots:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def open_record(self, username: str) -> Page:
        page = self.desk(username)
        if username not in self._fresh or not page.url.split("#")[0].endswith(self.record_path):
            page.goto(f"{self.base_url}{self.record_path}")
        return page

    def _wrote(self, username: str) -> None:
        self._fresh = {username}

    def changed_elsewhere(self) -> None:
        """Something outside the browser (the daily job) changed the record."""
        self._fresh = set()

    def stage_shown(self, page: Page) -> str:
        return page.locator(".page-header .badge-stage").inner_text().strip()

    def fact(self, page: Page, label: str) -> str:
        """The first value shown under `label` in the record's facts."""
        facts = page.locator("section[aria-labelledby='facts-h'] dl")
        return facts.locator(f"dt:text-is('{label}') + dd").first.inner_text().strip()

    def register(self, username: str, fill: Callable[[Page], None], *, name: str) -> Page:
        """The person opens the dashboard, clicks "Daftarkan kerja sama", fills the form."""
        page = self.desk(username)
        page.goto(f"{self.base_url}/")
        page.locator(".page-actions a[href$='/kerjasama/baru/']").click()
        fill(page)
        self.shot(page, f"{name}-form")
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator(".alert-success")).to_be_visible()
        self.record_path = re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]
        self._wrote(username)
        self.stages.append(self.stage_shown(page))
        self.shot(page, f"{name}-registered")
        return page

    def add_document(
        self,
        username: str,
        *,
        kind: str,
        title: str,
        status: str = "final",
        parent: str | None = None,
        signed_on: dt.date | None = None,
        place: str = "",
        start: dt.date | None = None,
        end: dt.date | None = None,
        numbers: list[str] | None = None,
        signatories: list[tuple[str, str]] | None = None,
        power_of_attorney: list[bool] | None = None,
        clauses_confirmed: bool = False,
        pdf: str | None = None,
        shot: str | None = None,
    ) -> Page:
        """ "Tambah dokumen" on the record page, fill the form (with its file), save."""
        page = self.open_record(username)
        page.locator(f".page-actions a[href$='{self.record_path}dokumen/baru/']").click()
        page.locator("#id_kind").select_option(kind)
        if parent:
            page.locator("#id_parent").select_option(label=parent)
        page.locator("#id_status").select_option(status)
        page.locator("#id_title").fill(title)
        if signed_on:
            page.locator("#id_signed_on").fill(signed_on.isoformat())
        if place:
            page.locator("#id_signed_place").fill(place)
        if start:
            page.locator("#id_start_date").fill(start.isoformat())
        if end:
            page.locator("#id_end_date").fill(end.isoformat())
        if clauses_confirmed:
            page.locator("#id_mandatory_clauses_confirmed").check()
        for index, number in enumerate(numbers or []):
            page.locator("input[name$='-number']").nth(index).fill(number)
        for index, (name, position) in enumerate(signatories or []):
            if name:
                page.locator("input[name$='-signatory_name']").nth(index).fill(name)
                page.locator("input[name$='-signatory_position']").nth(index).fill(position)
        for index, poa in enumerate(power_of_attorney or []):
            if poa:
                page.locator("input[name$='-under_power_of_attorney']").nth(index).check()
        if pdf:
            page.locator("#id_upload").set_input_files(
                {"name": pdf, "mimeType": "application/pdf", "buffer": make_pdf()}
            )
        if shot:
            self.shot(page, f"{shot}-form")
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator(".alert-success")).to_be_visible()
        expect(page.locator("#documents")).to_contain_text(title)
        self._wrote(username)
        return page

    def upload(self, username: str, *, document: str, pdf: str) -> Page:
        """ "Unggah berkas" under a document on the record page, with a real PDF."""
        page = self.open_record(username)
        item = page.locator("#documents li", has=page.locator("strong", has_text=document))
        item.first.locator("a[href$='/unggah/']").click()
        page.locator("#id_upload").set_input_files(
            {"name": pdf, "mimeType": "application/pdf", "buffer": make_pdf()}
        )
        page.locator("main form button[type=submit]").last.click()
        expect(page.locator(".alert-success")).to_be_visible()
        expect(page.locator("#documents")).to_contain_text(pdf)
        self._wrote(username)
        return page

    def add_financing(self, username: str, *, source: str, amount: str, year: int) -> Page:
        page = self.open_record(username)
        form = page.locator("form[action$='/pendanaan/']")
        page.locator("#financing details > summary").click()
        form.locator("[name=source]").select_option(source)
        form.locator("[name=party]").select_option(index=1)
        form.locator("[name=amount]").fill(amount)
        form.locator("[name=fiscal_year]").fill(str(year))
        form.locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()
        self._wrote(username)
        return page

    def step(
        self,
        username: str,
        action: str,
        *,
        fill: Callable[[Page], None] | None = None,
        name: str | None = None,
    ) -> Page:
        """The person opens the record, clicks the step's button, confirms it on its form."""
        page = self.open_record(username)
        link = page.locator(f".step-list a[href$='/langkah/{action}/']")
        if not link.count():  # signing and starting are each PKS's own steps (issue 7)
            link = page.locator(f".pks-step-list a[href$='/langkah/{action}/']")
        link.click()
        if fill:
            fill(page)
        page.locator("main form.card button[type=submit]").click()
        expect(page.locator(".alert-success")).to_be_visible()
        self._wrote(username)
        self.stages.append(self.stage_shown(page))
        self.shot(page, name or action)
        return page
