"""Accessibility of the markup, checked with the test client (issue 6, item 26): one <main>,
ids that are unique and exist where ARIA points at them, an error summary that links to its
fields, the focus ring's contrast, and htmx after the session expired. The browser side (axe-core,
the checkbox lists at 360 px and 200 % zoom) is tests/test_browser_a11y.py."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from kerjasama.agreements import lifecycle
from kerjasama.agreements.models import Cooperation
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

APP_CSS = Path(__file__).resolve().parent.parent / "kerjasama/static/kerjasama/app.css"


class Markup(HTMLParser):
    """The facts about a page these tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.described_by: list[tuple[str, str]] = []  # (element id or tag, referenced id)
        self.mains = 0
        self.main_depth = 0
        self.max_main_depth = 0
        self.summary_links: list[str] = []
        self._in_summary = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        for ref in (a.get("aria-describedby") or "").split():
            self.described_by.append((a.get("id") or tag, ref))
        for ref in (a.get("aria-labelledby") or "").split():
            self.described_by.append((a.get("id") or tag, ref))
        if tag == "main":
            self.mains += 1
            self.main_depth += 1
            self.max_main_depth = max(self.max_main_depth, self.main_depth)
        if tag == "div" and "error-summary" in (a.get("class") or "").split():
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.summary_links.append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "main":
            self.main_depth -= 1
        if self._in_summary and tag == "div":
            self._in_summary -= 1

    def missing_references(self) -> list[tuple[str, str]]:
        present = set(self.ids)
        return [(owner, ref) for owner, ref in self.described_by if ref not in present]

    def duplicate_ids(self) -> list[str]:
        return sorted(i for i, n in Counter(self.ids).items() if n > 1)


def _page(client, url: str, **kwargs) -> Markup:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return Markup(response.content.decode())


def _record_with_everything(world) -> Cooperation:
    """The local cooperation with a financing line, a document and two open findings: every
    form the record page can hold is on it (financing, finding, one follow-up per finding)."""
    for source in ("Inspektorat Kota Singkawang", "BPK Perwakilan Kalimantan Barat"):
        world.local.findings.create(received_on=dt.date(2026, 1, 5), source=source, summary="T")
    return world.local


# --- one <main>, also after htmx swaps ----------------------------------------------------


HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize(
    ("url", "target", "params"),
    [
        ("/kerjasama/", "registry-results", {"q": "Singkawang"}),
        ("/agenda/", "agenda-results", {"kind": "end_of_term"}),
        ("/mitra/saran/", "options-0", {"q": "61.72"}),
    ],
)
def test_htmx_partials_carry_no_main_element(client, world, url, target, params):
    client.force_login(world.sec_singkawang)

    response = client.get(url, params, HTTP_HX_TARGET=target, **HTMX)

    text = response.content.decode()
    assert response.status_code == 200
    assert "<main" not in text
    assert "<html" not in text


def test_agenda_filter_swaps_its_results_not_the_main_element(client, world):
    client.force_login(world.sec_singkawang)

    page = client.get("/agenda/").content.decode()
    partial = client.get(
        "/agenda/", {"kind": "end_of_term"}, HTTP_HX_TARGET="agenda-results", **HTMX
    ).content.decode()

    form = re.search(r"<form[^>]*hx-get=[^>]*>", page).group(0)
    assert 'hx-target="#agenda-results"' in form
    assert 'hx-swap="outerHTML"' in form
    assert "hx-select" not in form
    # The swapped element replaces itself: the partial is exactly that element, inside <main>.
    assert partial.lstrip().startswith('<div id="agenda-results"')
    assert page.index("<main") < page.index('id="agenda-results"') < page.index("</main>")
    assert Markup(page).max_main_depth == 1


# --- ids: unique, and every aria-describedby / aria-labelledby points at one ----------------


def test_record_page_has_no_duplicate_ids(client, world):
    record = _record_with_everything(world)
    client.force_login(world.sec_singkawang)

    markup = _page(client, record.get_absolute_url())

    assert markup.duplicate_ids() == []
    # The forms are there (with their own ids), so the check above could have failed.
    assert {"id_financing_source", "id_finding_source"} <= set(markup.ids)
    assert sum(1 for i in markup.ids if i.endswith("_followed_up_on")) == 2


def _form_pages(world) -> list[str]:
    record = _record_with_everything(world)
    document = DocumentFactory(cooperation=record, kind="pks", title="PKS kedua")
    party = record.parties.get(partner__region__code="61.72")
    steps = [
        reverse("agreements:step", args=[c.pk, a.step.action])
        for c in (world.kb, record)
        for a in lifecycle.available_steps(c, world.sec_singkawang)
        if a.allowed and not a.blockers
    ]
    assert steps, "no step form to check"
    return [
        *steps,
        "/",
        "/kerjasama/?q=x&kind=ksdd",
        record.get_absolute_url(),
        reverse("agreements:edit", args=[record.pk]),
        reverse("agreements:create"),
        reverse("agreements:document_create", args=[record.pk]),
        reverse("agreements:document_edit", args=[record.pk, document.pk]),
        reverse("agreements:party_edit", args=[record.pk, party.pk]),
        "/agenda/",
        "/mitra/",
        reverse("partners:create"),
        reverse("partners:edit", args=[world.third_party.pk]),
        "/akun/opd/",
        reverse("accounts:opd_create"),
        reverse("accounts:opd_edit", args=[world.pupr.pk]),
        "/notifikasi/",
        "/notifikasi/kalender/",
    ]


def test_every_aria_reference_points_at_an_element_of_the_page(client, world):
    client.force_login(world.sec_singkawang)
    pages = _form_pages(world)
    markups = {url: _page(client, url) for url in pages}

    missing = {url: m.missing_references() for url, m in markups.items()}
    duplicates = {url: m.duplicate_ids() for url, m in markups.items()}

    assert {url: refs for url, refs in missing.items() if refs} == {}
    assert {url: ids for url, ids in duplicates.items() if ids} == {}
    # Help texts are referenced (so the check above is not empty), e.g. on the partner form.
    partner_form = markups[reverse("partners:create")]
    assert any(ref.endswith("_helptext") for _owner, ref in partner_form.described_by)


def test_aria_references_exist_on_forms_sent_back_with_errors(client, world):
    client.force_login(world.sec_singkawang)

    responses = [
        client.post(reverse("agreements:create"), {}),
        client.post(reverse("partners:create"), {"kind": "third_party"}),
        client.post(reverse("accounts:opd_create"), {"name": "", "short_name": "PU"}),
        client.post(reverse("agreements:financing_add", args=[world.local.pk]), {}),
    ]

    for response in responses:
        markup = Markup(response.content.decode())
        assert markup.summary_links, response.request["PATH_INFO"]
        assert markup.missing_references() == [], response.request["PATH_INFO"]
        assert markup.duplicate_ids() == [], response.request["PATH_INFO"]


# --- the error summary links to the fields ---------------------------------------------------


def test_error_summary_links_each_error_to_its_field(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:create"),
        {
            "parties-TOTAL_FORMS": "1",
            "parties-INITIAL_FORMS": "0",
            "parties-MIN_NUM_FORMS": "0",
            "parties-MAX_NUM_FORMS": "1000",
            "parties-0-partner": "99.99",
        },
    )

    markup = Markup(response.content.decode())
    assert Cooperation.objects.count() == 2  # the world's two; nothing was saved
    assert "#id_title" in markup.summary_links
    assert "#id_kind" in markup.summary_links
    # Every link leads to an element of the page.
    assert markup.summary_links
    assert [h for h in markup.summary_links if h[1:] not in set(markup.ids)] == []
    # Also the error of a party row (the unknown region code 99.99).
    assert "#id_parties-0-partner" in markup.summary_links


def test_error_summary_leads_a_service_refusal_about_parties_to_the_first_party_row(world):
    from django import forms
    from django.core.exceptions import ValidationError

    from kerjasama.agreements.forms import party_formset_class
    from kerjasama.core.forms import apply_domain_error
    from kerjasama.core.templatetags.a11y import error_summary

    formset = party_formset_class()(
        {"parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "0"}, prefix="parties"
    )
    form = forms.Form({})
    form.is_valid()
    formset.is_valid()
    # As the registration view does with the service's refusal (`formset_field="parties"`).
    refusal = ValidationError({"parties": ["A cooperation has at least two parties."]})
    apply_domain_error(form, refusal, formset_field="parties", formset=formset)

    summary = error_summary(form, formset)

    # The formset's own check (too few parties) and the service's refusal, both linked.
    assert [item["href"] for item in summary] == ["#id_parties-0-partner"] * 2
    assert summary[-1]["text"] == "A cooperation has at least two parties."


def test_error_summary_links_to_the_affairs_group(client, world):
    client.force_login(world.sec_singkawang)
    record = world.kb
    page = client.get(reverse("agreements:edit", args=[record.pk])).content.decode()

    markup = Markup(page)

    # The checkbox groups are fieldsets whose id is the field's, so `#id_affairs` can be linked.
    assert "id_affairs" in markup.ids
    assert "id_public_services" in markup.ids


# --- the focus ring -------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    # WCAG's own reference points: black on white 21:1, the old amber ring on white 2.0:1.
    assert round(_contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(_contrast("#f2a900", "#ffffff"), 1) == 2.0


def test_focus_ring_has_3_to_1_contrast_on_every_background():
    css = APP_CSS.read_text()
    root = css[css.index(":root{") : css.index("}", css.index(":root{"))]
    tokens = dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", root))
    focus = tokens["focus"]
    header_focus = re.search(r"\.site-header,\.skip-link\{--focus:(#[0-9a-fA-F]{3,6})\}", css)

    light = ["surface", "bg", "primary-bg", "stripe", "danger-bg", "warn-bg", "info-bg", "ok-bg"]
    ratios = {name: round(_contrast(focus, tokens[name]), 2) for name in light}
    assert {name: r for name, r in ratios.items() if r < 3} == {}
    assert header_focus, "the header needs its own ring colour: the amber one is dark-on-dark"
    assert _contrast(header_focus.group(1), tokens["primary"]) >= 3


# --- htmx after the session expired --------------------------------------------------------


def test_htmx_request_with_expired_session_gets_hx_redirect_to_login(client, world):
    # No login: the session has expired (or never was).
    response = client.get(
        "/kerjasama/",
        {"q": "Singkawang"},
        HTTP_HX_TARGET="registry-results",
        HTTP_HX_CURRENT_URL="http://testserver/kerjasama/?q=Singkawang&sort=title",
        **HTMX,
    )

    assert response.status_code == 200
    assert (
        response["HX-Redirect"]
        == "/akun/masuk/?next=%2Fkerjasama%2F%3Fq%3DSingkawang%26sort%3Dtitle"
    )
    assert "Location" not in response
    assert response.content == b""
    assert "id_password" not in response.content.decode()


def test_htmx_post_with_expired_session_returns_to_the_page_not_the_endpoint(client, world):
    response = client.post(
        f"/kerjasama/{world.local.pk}/pendanaan/",
        {},
        HTTP_HX_CURRENT_URL=f"http://testserver/kerjasama/{world.local.pk}/",
        **HTMX,
    )

    assert response["HX-Redirect"] == f"/akun/masuk/?next=%2Fkerjasama%2F{world.local.pk}%2F"


def test_htmx_current_url_of_another_site_is_not_used(client, world):
    response = client.get("/agenda/", HTTP_HX_CURRENT_URL="https://evil.example/phish", **HTMX)

    assert response["HX-Redirect"] == "/akun/masuk/?next=%2Fagenda%2F"


def test_plain_request_with_expired_session_still_gets_the_login_redirect(client, world):
    response = client.get("/kerjasama/", {"q": "x"})

    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=/kerjasama/%3Fq%3Dx"
    assert "HX-Redirect" not in response


def test_htmx_request_of_a_logged_in_user_is_untouched(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get("/kerjasama/", HTTP_HX_TARGET="registry-results", **HTMX)

    assert "HX-Redirect" not in response
    assert world.local.title in response.content.decode()
