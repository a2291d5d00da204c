"""Screen problems found by walking the five journeys (issue 6, the polish list): labels of the
record's facts, the registration form's secretariat-only and third-party-only fields, badge
contrast, the "not yet available" checklist, the DPRD fact of sinergi, a foreign partner's
country, and empty POSTs. Test-client tests; the dashboard's layout is in
tests/test_browser_polish.py."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kerjasama.accounts.models import Opd
from kerjasama.agreements.enums import CooperationKind, Stage
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner
from tests.factories import CooperationFactory, DocumentFactory, DocumentPartyFactory
from tests.test_a11y import _contrast

pytestmark = pytest.mark.django_db

APP_CSS = Path(__file__).resolve().parent.parent / "kerjasama/static/kerjasama/app.css"


class Facts(HTMLParser):
    """The (label, value) pairs of every <dl> on a page, as text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[list[str]] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "dt":
            self.pairs.append(["", ""])
            self._in = "dt"
        elif tag == "dd":
            self._in = "dd"

    def handle_endtag(self, tag):
        if tag in ("dt", "dd"):
            self._in = None

    def handle_data(self, data):
        if self._in and self.pairs:
            self.pairs[-1][0 if self._in == "dt" else 1] += data

    def labels(self) -> list[str]:
        return [" ".join(label.split()) for label, _ in self.pairs]

    def value(self, label: str) -> str:
        return next(" ".join(v.split()) for k, v in self.pairs if " ".join(k.split()) == label)


def _detail(client, user, cooperation, language="id") -> str:
    client.force_login(user)
    response = client.get(
        reverse("agreements:detail", args=[cooperation.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    return response.content.decode()


# --- 1. the end of the term and the ending are two different facts --------------------------


def _ended_record() -> Cooperation:
    record = CooperationFactory(
        party_codes=("61.72", "61.07"),
        stage=Stage.ENDED,
        terminated_on=dt.date(2026, 3, 2),
        termination_reason="mutual_agreement",
    )
    Cooperation.objects.filter(pk=record.pk).update(ends_on=dt.date(2026, 12, 31))
    return record


def test_end_of_term_and_ending_have_distinct_labels_in_indonesian(client, world):
    facts = Facts(_detail(client, world.sec_singkawang, _ended_record()))

    labels = facts.labels()
    assert "Berakhir" not in labels
    assert facts.value("Akhir jangka waktu") == "31 Desember 2026"
    assert facts.value("Diakhiri pada") == "2 Maret 2026 (alasan: Para pihak sepakat mengakhiri)"
    assert len(labels) == len(set(labels))


def test_end_of_term_and_ending_have_distinct_labels_in_english(client, world):
    world.sec_singkawang.language = "en"
    world.sec_singkawang.save()
    facts = Facts(_detail(client, world.sec_singkawang, _ended_record(), language="en"))

    assert facts.value("End of term") == "31 December 2026"
    assert facts.value("Ended on").startswith("2 March 2026 (reason: ")


# --- 2. every label starts with a capital --------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("ksdd", {"ksdd_category": "sukarela"}),
        ("ksdpk", {"ksdd_category": "", "ksdpk_kind": "public_service"}),
        ("ksdpl", {"ksdd_category": "", "ksdpl_form": "sister_city"}),
        ("ksdll", {"ksdd_category": "", "ksdll_basis": "grant"}),
    ],
)
def test_every_fact_label_starts_with_a_capital(client, world, kind, extra):
    from kerjasama.agreements.enums import KsdllBasis, KsdpkKind, KsdplForm

    # The first choice of each vocabulary, whatever its value is called.
    extra = dict(extra)
    for field, enum in (
        ("ksdpk_kind", KsdpkKind),
        ("ksdpl_form", KsdplForm),
        ("ksdll_basis", KsdllBasis),
    ):
        if field in extra:
            extra[field] = enum.values[0]
    record = CooperationFactory(party_codes=("61.72", "61.07"), kind=kind, **extra)
    DocumentPartyFactory(
        document=DocumentFactory(cooperation=record),
        party=record.parties.first(),
        signatory_name="Tjhai Chui Mie",
    )

    labels = Facts(_detail(client, world.sec_singkawang, record)).labels()

    expected = {"ksdpk": "Jenis KSDPK", "ksdpl": "Bentuk KSDPL", "ksdll": "Dasar KSDLL"}
    assert expected.get(kind, "Kategori") in labels
    lower = [label for label in labels if label and not label[0].isupper()]
    assert lower == []


# --- 3. the registration form -------------------------------------------------------------


def _form(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("agreements:create"))
    assert response.status_code == 200
    return response.content.decode()


def test_opd_officer_does_not_see_the_fields_of_a_case_under_way(client, world):
    page = _form(client, world.pupr_officer)

    for name in ("stage", "termination_reason", "terminated_on"):
        assert f'name="{name}"' not in page
    assert "Kerja sama yang sudah berjalan" not in page
    assert "Alasan berakhir" not in page
    assert "Tahap saat ini" not in page


def test_secretariat_sees_them_in_a_collapsed_section_of_their_own(client, world):
    page = _form(client, world.sec_singkawang)

    section = re.search(
        r"<details(?P<attrs>[^>]*)>\s*<summary>Kerja sama yang sudah berjalan</summary>(?P<body>.*?)</details>",
        page,
        re.S,
    )
    assert section, "the section 'Kerja sama yang sudah berjalan' is missing"
    assert "open" not in section["attrs"]
    for name in ("stage", "termination_reason", "terminated_on"):
        assert f'name="{name}"' in section["body"]


def test_opd_officer_posting_an_ended_case_records_nothing_of_it(client, world):
    """The hidden fields are not read from the POST of an OPD officer either."""
    from tests.test_views import _create_form

    client.force_login(world.pupr_officer)
    data = _create_form(
        title="Usulan pengelolaan sampah bersama",
        affairs=[str(a) for a in _affair_ids("1.03")],
        termination_reason="mutual_agreement",
        terminated_on="2026-03-02",
    )
    response = client.post(reverse("agreements:create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    record = Cooperation.objects.get(title="Usulan pengelolaan sampah bersama")
    assert record.terminated_on is None
    assert record.termination_reason == ""


def _affair_ids(*codes):
    from kerjasama.reference.models import GovernmentAffair

    return GovernmentAffair.objects.filter(code__in=codes).values_list("pk", flat=True)


def test_third_party_criteria_say_when_they_apply(client, world):
    page = _form(client, world.sec_singkawang)

    fieldset = re.search(
        r"<fieldset[^>]*>\s*<legend>(?P<legend>[^<]*)</legend>(?P<body>.*?)</fieldset>",
        page[page.index("KSDPK") :],
        re.S,
    )
    assert fieldset
    assert "Hanya jika usulan datang dari pihak ketiga" in fieldset["legend"]
    for name in ("proposal_fits_master_plan", "proposal_feasible", "proposer_able_to_fund"):
        assert f'name="{name}"' in fieldset["body"]


def test_third_party_criteria_are_ignored_when_the_region_initiates(world):
    from kerjasama.agreements.forms import CooperationForm

    data = {
        "kind": "ksdpk",
        "ksdpk_kind": "public_service",
        "initiative": "region",
        "proposal_fits_master_plan": "on",
        "proposal_feasible": "on",
        "proposer_able_to_fund": "on",
    }
    form = CooperationForm(data, user=world.sec_singkawang, creating=True)
    form.is_valid()

    for name in ("proposal_fits_master_plan", "proposal_feasible", "proposer_able_to_fund"):
        assert form.cleaned_data.get(name) is False, name

    data["initiative"] = "partner"
    form = CooperationForm(data, user=world.sec_singkawang, creating=True)
    form.is_valid()
    assert form.cleaned_data.get("proposal_feasible") is True


# --- 4. the stage badges are readable -------------------------------------------------------


def _css_rules(css: str) -> dict[str, str]:
    return {sel.strip(): body for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)}


def _badge_colours(classes: list[str]) -> tuple[str, str]:
    """Text and background colour of an element with these classes, from app.css: later rules
    win (all badge rules have the same specificity)."""
    css = APP_CSS.read_text()
    root = css[css.index(":root{") : css.index("}", css.index(":root{"))]
    tokens = dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", root))
    colour, background = tokens["text"], tokens["surface"]
    for selector, body in re.findall(r"(\.badge[\w-]*)\{([^{}]*)\}", css):
        if selector[1:] not in classes:
            continue
        for prop, value in re.findall(r"(color|background):([^;]+)", body):
            value = value.strip()
            var = re.fullmatch(r"var\(--([\w-]+)\)", value)
            value = tokens[var.group(1)] if var else value
            if prop == "color":
                colour = value
            else:
                background = value
    return colour, background


@pytest.mark.parametrize("stage", Stage.values)
def test_every_stage_badge_has_aa_contrast_and_stands_out_from_the_page(stage):
    html = render_to_string("includes/stage_badge.html", {"c": Cooperation(stage=stage)})
    classes = re.search(r'class="([^"]+)"', html).group(1).split()

    colour, background = _badge_colours(classes)
    css = APP_CSS.read_text()
    page_bg = re.search(r"--bg:(#[0-9a-fA-F]{6})", css).group(1)

    assert _contrast(colour, background) >= 4.5, (stage, colour, background)
    # A badge drawn in the page's own colour is only grey text: it must be a shape of its own.
    assert background.lower() != page_bg.lower(), stage


# --- 5. what a step still needs is a to-do list, not an error ------------------------------


def test_reasons_a_step_is_not_available_are_a_neutral_checklist(client, world):
    record = CooperationFactory(party_codes=("61.72", "61.07"), stage=Stage.KB_SIGNED)

    page = _detail(client, world.sec_singkawang, record)

    assert "Belum dapat diambil:" in page
    assert 'class="small blockers' in page
    rule = _css_rules(APP_CSS.read_text()).get(".step-list .blockers", "")
    assert "danger" not in rule


# --- 6. a power of attorney is shown whenever it is recorded -------------------------------


def test_power_of_attorney_is_shown_without_a_signatory_name(client, world):
    entry = world.document.party_entries.get()
    entry.signatory_name = ""
    entry.under_power_of_attorney = True
    entry.save()

    facts = Facts(_detail(client, world.sec_singkawang, world.local))

    assert "berdasarkan surat kuasa" in facts.value(world.local_party.partner.name).lower()


def test_power_of_attorney_is_shown_without_a_number_or_name(client, world):
    entry = world.document.party_entries.get()
    entry.signatory_name = ""
    entry.number = ""
    entry.under_power_of_attorney = True
    entry.save()

    facts = Facts(_detail(client, world.sec_singkawang, world.local))

    assert "berdasarkan surat kuasa" in facts.value(world.local_party.partner.name).lower()


# --- 7. the DPRD for sinergi is not regulated -----------------------------------------------


def test_sinergi_dprd_fact_says_it_is_not_regulated(client, world):
    # §7 and §14 item 7: DPRD involvement in sinergi is not stated in the texts read (❓).
    record = CooperationFactory(
        party_codes=("61.72",), kind=CooperationKind.SINERGI, ksdd_category="", stage=Stage.PROPOSAL
    )

    facts = Facts(_detail(client, world.sec_singkawang, record))

    value = facts.value("Persetujuan DPRD")
    assert "Tidak diperlukan" not in value
    assert "Tidak diatur dalam PP 28/2018" in value
    assert "TKKSD" in value


def test_sinergi_dprd_fact_shows_a_recorded_decision(client, world):
    record = CooperationFactory(
        party_codes=("61.72",), kind=CooperationKind.SINERGI, ksdd_category="", stage=Stage.PROPOSAL
    )
    record.dprd_approvals.create(
        requested_on=dt.date(2026, 1, 5),
        received_on=dt.date(2026, 1, 6),
        decided_on=dt.date(2026, 2, 2),
        decision="approved",
    )

    value = Facts(_detail(client, world.sec_singkawang, record)).value("Persetujuan DPRD")

    assert value == "Disetujui"


def test_ksdd_dprd_fact_still_follows_the_table(client, world):
    # §7: a KSDD that burdens the community needs the DPRD.
    record = CooperationFactory(
        party_codes=("61.72", "61.07"), burdens_community=True, budgeted_in_apbd=True
    )

    assert (
        Facts(_detail(client, world.sec_singkawang, record))
        .value("Persetujuan DPRD")
        .startswith("Diperlukan")
    )


# --- 9. a foreign partner's country --------------------------------------------------------


def test_foreign_partner_country_is_shown_in_the_parties(client, world):
    kuching = Partner.objects.create(
        kind=PartnerKind.FOREIGN_GOVERNMENT, name="Dewan Bandaraya Kuching Utara", country="MY"
    )
    record = CooperationFactory(
        party_codes=("61.72",), kind=CooperationKind.KSDPL, ksdd_category=""
    )
    Party.objects.create(cooperation=record, partner=kuching, order=2)

    page = _detail(client, world.sec_singkawang, record)
    parties = page[page.index('id="parties-h"') : page.index('id="facts-h"')]

    assert re.search(r"Dewan Bandaraya Kuching Utara</strong>\s*<span[^>]*>\(Malaysia\)", parties)
    client.force_login(world.sec_singkawang)
    registry = client.get(reverse("agreements:list")).content.decode()
    assert re.search(r"Dewan Bandaraya Kuching Utara\s*<span[^>]*>\(Malaysia\)", registry)


# --- 10. an empty POST is a POST -----------------------------------------------------------


def test_empty_opd_form_post_shows_the_errors(client, world):
    client.force_login(world.sec_singkawang)
    before = Opd.objects.count()

    response = client.post(reverse("accounts:opd_create"), {})

    page = response.content.decode()
    assert Opd.objects.count() == before
    assert "error-summary" in page
    assert "has-error" in page


def test_empty_partner_form_post_shows_the_errors(client, world):
    client.force_login(world.sec_singkawang)
    before = Partner.objects.count()

    response = client.post(reverse("partners:create"), {})

    assert Partner.objects.count() == before
    assert "has-error" in response.content.decode()


def test_translation_of_the_new_labels_exists():
    with translation.override("id"):
        assert translation.gettext("End of term") == "Akhir jangka waktu"


# --- the same rules in the services (API, import and command line call them directly) ---------


def _register(actor, **data):
    from kerjasama.agreements import services
    from kerjasama.reference.models import GovernmentAffair
    from tests.factories import ThirdPartyFactory

    return services.cooperation_create(
        actor=actor,
        data={
            "kind": "ksdpk",
            "ksdpk_kind": "public_service",
            "title": "Pengelolaan air minum bersama Perumda",
            "in_plan": True,
            "legal_regime": "pp28_2018",
            **data,
        },
        parties=[
            services.PartyInput(actor.tenant.region),
            services.PartyInput(ThirdPartyFactory()),
        ],
        affairs=list(GovernmentAffair.objects.filter(code="1.03")),
        override_reason="Uji",
    )


def test_the_service_keeps_the_third_party_criteria_only_when_the_third_party_initiates(world):
    # §3.2 (PP 28/2018 Pasal 18(1)): the criteria judge a third party's own proposal.
    criteria = {"proposal_fits_master_plan": True, "proposal_feasible": True}
    by_region = _register(world.sec_singkawang, initiative="region", **criteria)
    by_partner = _register(world.sec_singkawang, initiative="partner", **criteria)

    assert (by_region.proposal_fits_master_plan, by_region.proposal_feasible) == (False, False)
    assert (by_partner.proposal_fits_master_plan, by_partner.proposal_feasible) == (True, True)


def test_the_service_refuses_an_opd_officer_registering_an_ended_case(world):
    from kerjasama.agreements.services import RuleViolation

    with pytest.raises(RuleViolation) as refused:
        _register(
            world.pupr_officer,
            initiative="region",
            termination_reason="mutual_agreement",
            terminated_on=dt.date(2026, 3, 2),
        )

    assert "stage" in refused.value.message_dict
    assert not Cooperation.objects.filter(title="Pengelolaan air minum bersama Perumda").exists()


def test_a_document_form_sent_back_for_corrections_asks_for_the_file_again(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:document_create", args=[world.local.pk]),
        {
            "kind": "kak",
            "title": "KAK",
            "status": "final",
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
        },
    )

    assert response.status_code == 422
    assert "pilih berkasnya lagi sebelum menyimpan" in response.content.decode()


def test_a_taken_over_case_did_not_end_and_a_skip_reason_is_said_once(world):
    from kerjasama.agreements.enums import Stage
    from kerjasama.agreements.models import Transition
    from kerjasama.agreements.selectors import stage_bar

    record = CooperationFactory(stage=Stage.TAKEN_OVER, ksdd_category="wajib")
    Transition.objects.create(
        cooperation=record,
        action="skip_dprd",
        from_stage=Stage.KB_SIGNED,
        to_stage=Stage.PKS_DRAFTING,
        on=dt.date(2025, 1, 6),
        by=world.sec_singkawang,
        interface="web",
        reason="Persetujuan DPRD tidak diperlukan: tidak membebani, teranggarkan APBD 2025",
    )
    Transition.objects.create(
        cooperation=record,
        action="take_over",
        from_stage=Stage.IN_FORCE,
        to_stage=Stage.TAKEN_OVER,
        on=dt.date(2026, 1, 6),
        by=world.sec_singkawang,
        interface="web",
    )

    bar = {b.stage: b for b in stage_bar(record)}

    assert Stage.ENDED not in bar
    assert bar[Stage.TAKEN_OVER].state == "current"
    note = bar[Stage.AWAITING_DPRD].note
    assert note.count("tidak diperlukan") == 1
    assert note.endswith("teranggarkan APBD 2025")
