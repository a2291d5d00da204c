"""One error hierarchy, one mapping to HTTP (issue 7, "A structure that will carry what comes
next"): every kind of domain error that escapes a view is answered with its status and its
message in the reader's language, never a traceback; an htmx request gets the message box
alone; a form shows a domain error next to its field."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kerjasama.agreements import lifecycle, services
from kerjasama.core import exceptions
from kerjasama.core.forms import apply_domain_error
from kerjasama.partners.forms import PartnerForm

# kind → (status, heading and message in Indonesian, the same in English), written by hand.
EXPECTED = {
    "not_found": (
        404,
        ("Tidak ditemukan", "Halaman ini tidak ada, atau Anda tidak berhak melihatnya."),
        ("Not found", "This page does not exist, or you may not see it."),
    ),
    "permission": (
        403,
        ("Tidak diizinkan", "Peran Anda tidak berwenang melakukan langkah ini."),
        ("Not allowed", "Your role may not take this step."),
    ),
    "stale_write": (
        409,
        (
            "Sudah diubah orang lain",
            "Orang lain telah menyimpan mitra ini ketika Anda sedang mengubahnya.",
        ),
        ("Changed in the meantime", "Someone else saved this partner while you were editing it."),
    ),
    "rule": (
        422,
        ("Tidak dapat dilakukan", "Tidak ada daerah dengan kode 99."),
        ("This cannot be done", "No region has the code 99."),
    ),
    "needs_reason": (
        422,
        (
            "Tidak dapat dilakukan",
            "Kota Administrasi Jakarta Pusat adalah kabupaten/kota administrasi di Jakarta, bukan daerah otonom",
        ),
        (
            "This cannot be done",
            "Kota Administrasi Jakarta Pusat is an administrative regency/city of Jakarta, not an autonomous region",
        ),
    ),
    "refused_step": (
        422,
        ("Tidak dapat dilakukan", "Keputusan DPRD belum tersedia dalam berkas."),
        ("This cannot be done", "The DPRD's decision is not on file yet."),
    ),
}


def _client(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.urls("tests.error_urls")
@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EXPECTED))
@pytest.mark.parametrize("language", ["id", "en"])
def test_each_kind_of_domain_error_answers_its_status_with_its_message(kind, language):
    status, indonesian, english = EXPECTED[kind]
    heading, message = indonesian if language == "id" else english
    response = _client(language).get(f"/_test/error/{kind}/")
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in body
    assert message in body.replace("&#x27;", "'")
    assert f'data-error-kind="{exceptions.DomainError.kind if kind == "rule" else kind}"' in body
    assert "Traceback" not in body
    assert '<main id="main"' in body  # the whole page, with the way back


@pytest.mark.urls("tests.error_urls")
@pytest.mark.django_db
def test_an_htmx_request_gets_the_message_box_alone():
    response = _client("en").get("/_test/error/stale_write/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 409
    assert "<h2>Changed in the meantime</h2>" in body
    assert "Someone else saved this partner" in body
    assert "<main" not in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_the_old_names_are_the_kinds_of_the_one_hierarchy():
    """Callers of today keep raising and catching the names they know; each is a kind of
    `DomainError` and answers as that kind."""
    assert services.RuleViolation is exceptions.RuleViolation
    assert services.StaleWrite is exceptions.StaleWrite
    assert services.WarningsNeedReason is exceptions.WarningsNeedReason
    assert issubclass(lifecycle.TransitionRefused, exceptions.StepRefused)
    assert issubclass(lifecycle.StageMoved, lifecycle.TransitionRefused)
    assert issubclass(lifecycle.StageMoved, exceptions.StageMoved)
    for kind in (
        exceptions.NotFound,
        exceptions.NotPermitted,
        exceptions.StaleWrite,
        exceptions.RuleViolation,
        exceptions.WarningsNeedReason,
        exceptions.StepRefused,
    ):
        assert issubclass(kind, exceptions.DomainError)
    assert issubclass(exceptions.NotPermitted, PermissionDenied)  # the admin's 403 too
    assert lifecycle.StageMoved("x").http_status == 409
    assert lifecycle.TransitionRefused("x").http_status == 422


def test_the_warnings_to_override_travel_with_the_error():
    class Warning_:
        code = "w"
        message = "Check the term"

    error = services.WarningsNeedReason([Warning_()])
    assert [w.code for w in error.warnings] == ["w"]
    assert error.messages == ["Check the term"]
    assert str(error) == "Check the term"


@pytest.mark.django_db
def test_a_form_shows_a_domain_error_next_to_its_field(world):
    """The partner service refuses a foreign government without its country; the form shows
    the sentence next to the country field, in Indonesian, with 422 (nothing saved)."""
    from kerjasama.partners.models import Partner

    client = Client()
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    before = Partner.objects.count()
    response = client.post(
        reverse("partners:create"), {"kind": "foreign_government", "name": "Pemerintah Negara X"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["country"] == [
        "Mitra luar negeri harus mencantumkan negaranya."
    ]
    assert Partner.objects.count() == before


@pytest.mark.django_db
def test_a_permission_error_is_not_shown_on_a_form_but_raised_for_its_403():
    form = PartnerForm(data={"kind": "foreign_government", "name": "X", "country": "MY"})
    assert form.is_valid(), form.errors
    with pytest.raises(exceptions.NotPermitted):
        apply_domain_error(form, exceptions.NotPermitted("no"))
    with pytest.raises(exceptions.NotFound):
        apply_domain_error(form, exceptions.NotFound("gone"))
    apply_domain_error(form, ValidationError({"name": ["too short"]}))
    assert "too short" in form.errors["name"]
