"""Security and robustness of uploads, logins, inputs and caching (issue 6, items 19–23, 25).

Every file here is made in the test: zip bombs with `zipfile`, a macro-enabled Word file, PDFs
with JavaScript and a launch action with pypdf.
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from kerjasama.agreements import services
from kerjasama.agreements.models import Document, DocumentFile
from kerjasama.core.exceptions import DomainError
from kerjasama.core.uploads import check_upload
from tests.factories import make_docx, make_pdf

CONTENT_TYPES_DOCX = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
)


@pytest.fixture(autouse=True)
def _empty_cache(django_db_blocker):
    """The password-reset and password-change limits count in the cache, which outlives a
    test; each test here starts with none counted. The cache is a database table (shared by
    every worker process), emptied for tests without database access too."""
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _upload_page(client, world, name: str, data: bytes):
    client.force_login(world.sec_singkawang)
    return client.post(
        reverse("agreements:document_upload", args=[world.local.pk, world.document.pk]),
        {"upload": SimpleUploadedFile(name, data)},
    )


# --- Item 19: archives and active content -------------------------------------------------


def zip_bomb(inflated_mb: int = 40) -> bytes:
    """A DOCX whose [Content_Types].xml is valid XML padded with `inflated_mb` MB of spaces: a
    few tens of KB on the wire. The old check read that part whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("[Content_Types].xml", "w", force_zip64=True) as part:
            part.write(CONTENT_TYPES_DOCX.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                part.write(chunk)
            part.write(b"</Types>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def many_parts_docx(parts: int = 5000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX + "</Types>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(parts):
            archive.writestr(f"customXml/item{n}.xml", "<a/>")
    return buffer.getvalue()


def macro_docx() -> bytes:
    """What Word writes for a .docm: a vbaProject part and the macro-enabled main type."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="bin" ContentType="application/'
            'vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    script = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('Halo');"),
        }
    )
    # Document-level JavaScript, run when the file opens (the catalogue's /Names tree).
    names = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("init"), writer._add_object(script)]
                    )
                }
            )
        }
    )
    writer._root_object[NameObject("/Names")] = writer._add_object(names)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_launch(where: str = "open") -> bytes:
    """A launch action, run when the file opens or hidden in a link on the page."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("C:\\Windows\\System32\\calc.exe"),
        }
    )
    if where == "open":
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    else:
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(0), FloatObject(0), NumberObject(100), NumberObject(100)]
                ),
                NameObject("/A"): writer._add_object(action),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_zip_bomb_is_refused_with_bounded_memory():
    bomb = zip_bomb(40)
    assert len(bomb) < 200 * 1024  # small on the wire

    tracemalloc.start()
    try:
        with pytest.raises(DomainError) as refused:
            check_upload(SimpleUploadedFile("kontrak.docx", bomb))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "bom zip" in " ".join(refused.value.messages)
    # The 40 MB part was never inflated: a few MB at most went through memory.
    assert peak < 8 * 1024 * 1024


def test_zip_bomb_upload_shows_why_and_stores_nothing(client, world):
    files_before = _media_files()

    response = _upload_page(client, world, "kontrak.docx", zip_bomb(40))

    assert response.status_code == 422
    assert "bom zip" in response.content.decode()
    assert world.document.files.count() == 1
    assert _media_files() == files_before


def test_archive_with_too_many_parts_is_refused():
    with pytest.raises(DomainError) as refused:
        check_upload(SimpleUploadedFile("kontrak.docx", many_parts_docx(5000)))

    assert "terlalu banyak bagian" in " ".join(refused.value.messages)


def test_macro_enabled_word_file_is_refused(client, world):
    files_before = _media_files()

    response = _upload_page(client, world, "kontrak.docx", macro_docx())

    text = response.content.decode()
    assert response.status_code == 422
    assert "makro" in text
    assert world.document.files.count() == 1
    assert _media_files() == files_before


def test_macro_content_type_alone_is_refused():
    """Word's macro-enabled main part (a .docm renamed .docx) without a vbaProject part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(DomainError) as refused:
        check_upload(SimpleUploadedFile("kontrak.docx", buffer.getvalue()))

    assert "makro" in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("maker", "word"),
    [
        (pdf_with_javascript, "JavaScript"),
        (lambda: pdf_with_launch("open"), "menjalankan program"),
        (lambda: pdf_with_launch("link"), "menjalankan program"),
    ],
    ids=["javascript", "launch-on-open", "launch-in-link"],
)
def test_pdf_with_active_content_is_refused(client, world, maker, word):
    files_before = _media_files()

    response = _upload_page(client, world, "naskah.pdf", maker())

    assert response.status_code == 422
    assert word in response.content.decode()
    assert world.document.files.count() == 1
    assert _media_files() == files_before


def test_plain_pdf_and_docx_are_still_accepted():
    assert check_upload(SimpleUploadedFile("a.pdf", make_pdf(3))).extension == "pdf"
    assert check_upload(SimpleUploadedFile("a.docx", make_docx())).extension == "docx"


# --- Item 20: the file is checked and stored outside the transaction -----------------------


class WatchedUpload(SimpleUploadedFile):
    """A Django upload that notes whether a database transaction was open at each read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reads_in_transaction: list[bool] = []

    def read(self, *args, **kwargs):
        self.reads_in_transaction.append(connection.in_atomic_block)
        return super().read(*args, **kwargs)

    def chunks(self, *args, **kwargs):
        self.reads_in_transaction.append(connection.in_atomic_block)
        return super().chunks(*args, **kwargs)


@pytest.mark.django_db(transaction=True)
def test_upload_is_read_outside_any_transaction(world):
    upload = WatchedUpload("versi2.pdf", make_pdf(2))

    stored = services.document_file_add(
        actor=world.sec_singkawang, document=world.document, upload=upload
    )

    assert stored.version == 2
    assert upload.reads_in_transaction
    assert not any(upload.reads_in_transaction), upload.reads_in_transaction


@pytest.mark.django_db(transaction=True)
def test_failed_database_write_leaves_no_file(world):
    """A real database error (the document vanished; its foreign key fails when the
    transaction commits) rolls the row back, and the stored file goes with it."""
    gone = Document.objects.create(cooperation=world.local, kind="kak", title="KAK sementara")
    Document.objects.filter(pk=gone.pk).delete()
    files_before = _media_files()

    with pytest.raises(Exception) as failed:  # noqa: PT011 - the database's own error class
        services.document_file_add(
            actor=world.sec_singkawang,
            document=gone,
            upload=SimpleUploadedFile("kak.pdf", make_pdf()),
        )

    assert "IntegrityError" in type(failed.value).__name__
    assert not DocumentFile.objects.filter(document_id=gone.pk).exists()
    assert _media_files() == files_before


@pytest.mark.django_db(transaction=True)
def test_document_refused_by_its_rules_leaves_no_file(world):
    files_before = _media_files()

    with pytest.raises(ValidationError):  # the model's own check: a title is required
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=world.local,
            data={"kind": "kak", "title": "", "status": "final"},
            upload=SimpleUploadedFile("kak.pdf", make_pdf()),
        )

    assert not Document.objects.filter(cooperation=world.local, kind="kak").exists()
    assert _media_files() == files_before


# --- Item 21: login throttling -------------------------------------------------------------


def _login(client, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_many_wrong_passwords_lock_the_account_from_that_address(client, world):
    for _ in range(10):
        _login(client, "sec.singkawang", "salah-sandi")

    response = _login(client, "sec.singkawang", "secret-password")

    text = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "Terlalu banyak percobaan masuk yang gagal" in text


def test_lockout_does_not_touch_another_user_on_the_same_address(client, world):
    for _ in range(10):
        _login(client, "sec.singkawang", "salah-sandi")

    response = _login(client, "sec.bengkayang", "secret-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.sec_bengkayang.pk)


def test_lockout_is_per_address_too(client, world):
    for _ in range(10):
        _login(client, "sec.singkawang", "salah-sandi", ip="10.0.0.7")

    response = _login(client, "sec.singkawang", "secret-password", ip="10.0.0.8")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.sec_singkawang.pk)


def test_a_successful_login_resets_the_count(client, world):
    """Four mistakes, a login, four more mistakes: eight in all, but never five in a row."""
    for _ in range(4):
        _login(client, "sec.singkawang", "salah-sandi")
    assert _login(client, "sec.singkawang", "secret-password").status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "sec.singkawang", "salah-sandi")

    response = _login(client, "sec.singkawang", "secret-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.sec_singkawang.pk)


def test_a_few_mistakes_then_the_right_password_logs_in(client, world):
    for _ in range(3):
        _login(client, "sec.singkawang", "salah-sandi")

    response = _login(client, "sec.singkawang", "secret-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.sec_singkawang.pk)


# --- Item 22: NUL characters --------------------------------------------------------------


def test_nul_in_partner_search_is_refused_with_a_message(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get(reverse("partners:list"), {"q": "Poteng\x00"})

    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


def test_nul_in_a_posted_form_is_refused_and_nothing_saved(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:edit", args=[world.local.pk]), {"title": "Judul\x00baru"}
    )

    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()
    world.local.refresh_from_db()
    assert world.local.title == "Pembangunan pilar batas Singkawang–Bengkayang"


def test_nul_in_calendar_feed_address_is_refused(client, world):
    response = client.get("/notifikasi/kalender/abc%00def.ics")

    assert response.status_code == 400
    assert "karakter NUL" in response.content.decode()


def test_calendar_feed_address_takes_only_token_characters(client, world):
    token = world.sec_singkawang.calendar_tokens.create().token

    assert client.get(f"/notifikasi/kalender/{token}.ics").status_code == 200
    assert client.get("/notifikasi/kalender/abc'def.ics").status_code == 404
    assert client.get("/notifikasi/kalender/abc%20def.ics").status_code == 404


# --- Item 23: no caching of signed-in pages -----------------------------------------------


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_signed_in_pages_are_not_stored_by_the_browser(client, world):
    client.force_login(world.sec_singkawang)

    for url in (
        reverse("agreements:list"),
        reverse("agreements:detail", args=[world.local.pk]),
        reverse("partners:list"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert _no_store(response), (url, response.get("Cache-Control"))


def test_login_page_is_not_stored_either(client, db):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert _no_store(response)


def test_static_files_keep_their_long_caching(client, db, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    from django.test import Client

    response = Client().get("/static/kerjasama/app.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- Item 25: changing and resetting a password -------------------------------------------


def test_password_change_needs_the_old_password(client, world):
    client.force_login(world.sec_singkawang)
    url = reverse("accounts:password_change")
    assert "Ubah kata sandi" in client.get(url).content.decode()

    wrong = client.post(
        url,
        {
            "old_password": "bukan-sandi-lama",
            "new_password1": "Sandi-Baru-Yang-Panjang-42",
            "new_password2": "Sandi-Baru-Yang-Panjang-42",
        },
    )
    world.sec_singkawang.refresh_from_db()
    assert wrong.status_code == 200
    assert world.sec_singkawang.check_password("secret-password")

    right = client.post(
        url,
        {
            "old_password": "secret-password",
            "new_password1": "Sandi-Baru-Yang-Panjang-42",
            "new_password2": "Sandi-Baru-Yang-Panjang-42",
        },
    )
    world.sec_singkawang.refresh_from_db()
    assert right.status_code == 302
    assert world.sec_singkawang.check_password("Sandi-Baru-Yang-Panjang-42")


def test_wrong_old_passwords_are_limited_too(client, world):
    client.force_login(world.sec_singkawang)
    url = reverse("accounts:password_change")
    new = {
        "new_password1": "Sandi-Baru-Yang-Panjang-42",
        "new_password2": "Sandi-Baru-Yang-Panjang-42",
    }
    for _ in range(5):
        client.post(url, {"old_password": "tebakan", **new})

    response = client.post(url, {"old_password": "secret-password", **new})

    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()
    world.sec_singkawang.refresh_from_db()
    assert world.sec_singkawang.check_password("secret-password")


def test_password_reset_by_email_sets_a_new_password(client, world):
    user = world.sec_singkawang
    user.email = "sekretariat@singkawang.go.id"
    user.save()

    response = client.post(reverse("accounts:password_reset"), {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "kata sandi" in message.body.lower()
    link = re.search(r"https?://[^/\s]+(/akun/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "new_password1" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "Sandi-Lupa-Diganti-77", "new_password2": "Sandi-Lupa-Diganti-77"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sandi-Lupa-Diganti-77")


def test_password_reset_does_not_reveal_whether_an_address_exists(client, world):
    world.sec_singkawang.email = "sekretariat@singkawang.go.id"
    world.sec_singkawang.save()

    known = client.post(
        reverse("accounts:password_reset"), {"email": "sekretariat@singkawang.go.id"}
    )
    unknown = client.post(reverse("accounts:password_reset"), {"email": "tidak.ada@contoh.go.id"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_password_reset_requests_are_limited(client, db):
    url = reverse("accounts:password_reset")
    for _ in range(5):
        client.post(url, {"email": "siapa@contoh.go.id"}, REMOTE_ADDR="10.0.0.9")

    response = client.post(url, {"email": "siapa@contoh.go.id"}, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in response.content.decode()


def test_login_page_and_user_menu_link_to_the_password_pages(client, world):
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in login_page

    client.force_login(world.sec_singkawang)
    dashboard = client.get(reverse("agreements:dashboard")).content.decode()
    assert reverse("accounts:password_change") in dashboard


def test_opening_a_post_only_address_says_what_it_is_in_indonesian(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get(reverse("agreements:financing_add", args=[world.local.pk]))

    assert response.status_code == 405
    page = response.content.decode()
    assert "Alamat ini untuk mengirim formulir" in page
    assert 'href="/"' in page


def test_a_new_password_by_the_emailed_link_lifts_the_lockout(client, world):
    user = world.sec_singkawang
    user.email = "sekretariat@singkawang.go.id"
    user.save()
    for _ in range(6):
        _login(client, "sec.singkawang", "salah-sandi")
    assert (
        "Terlalu banyak percobaan"
        in _login(client, "sec.singkawang", "secret-password").content.decode()
    )

    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/akun/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "Sandi-Lupa-Diganti-77", "new_password2": "Sandi-Lupa-Diganti-77"},
    )
    response = _login(client, "sec.singkawang", "Sandi-Lupa-Diganti-77")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_tries_during_the_lockout_do_not_restart_its_cool_off(client, world, settings):
    import datetime as _dt

    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "sec.singkawang", "salah-sandi")
    locked_at = AccessAttempt.objects.get(username="sec.singkawang").attempt_time
    AccessAttempt.objects.filter(username="sec.singkawang").update(
        attempt_time=locked_at - _dt.timedelta(minutes=10)
    )
    _login(client, "sec.singkawang", "salah-sandi")  # during the lockout

    attempt = AccessAttempt.objects.get(username="sec.singkawang")
    assert attempt.attempt_time == locked_at - _dt.timedelta(minutes=10)
