"""A region's letters built from its settings (issue 9, item 5): the kop surat, the default
signer and the sample letter ("Contoh surat") of the region's letter settings page. The
meetings' undangan, daftar hadir, notulen and petikan are built from these too."""

from __future__ import annotations

import datetime as dt

from kerjasama.accounts.models import Tenant
from kerjasama.core.letters import Letter, Letterhead, Logo, Signer, Table
from kerjasama.core.uploads import JPEG, PNG, SVG

LOGO_TYPES = {"png": PNG, "jpg": JPEG, "jpeg": JPEG, "svg": SVG}


def tenant_logo(tenant: Tenant) -> Logo | None:
    if not tenant.logo:
        return None
    extension = (tenant.logo.name or "").rsplit(".", 1)[-1].lower()
    content_type = LOGO_TYPES.get(extension)
    if content_type is None:
        return None
    with tenant.logo.open("rb") as stored:
        return Logo(stored.read(), content_type)


def tenant_letterhead(tenant: Tenant) -> Letterhead:
    """The kop surat of the region: its letterhead lines (or the region's name), the unit
    line, the address, telephone, e-mail, website and logo."""
    lines = tuple(line for line in tenant.letterhead.splitlines() if line.strip())
    return Letterhead(
        lines=lines or (f"PEMERINTAH {tenant.region.name}",),
        unit=tenant.letter_unit,
        address=tenant.address,
        phone=tenant.phone,
        email=tenant.email,
        website=tenant.website,
        logo=tenant_logo(tenant),
    )


def tenant_signer(tenant: Tenant) -> Signer:
    return Signer(
        position=tenant.signer_position,
        name=tenant.signer_name,
        rank=tenant.signer_rank,
        nip=tenant.signer_nip,
    )


def tenant_template(tenant: Tenant) -> bytes | None:
    """The region's own DOCX template, or None for the shipped default."""
    if not tenant.letter_template:
        return None
    with tenant.letter_template.open("rb") as stored:
        return bytes(stored.read())


def sample_letter(tenant: Tenant, *, day: dt.date, number: str) -> Letter:
    """A sample letter in the region's layout, so that the secretariat can check its kop and
    signature before real letters use them. Its number is the one the next letter would get;
    it is not taken."""
    place = tenant.letter_place or tenant.region.name
    return Letter(
        letterhead=tenant_letterhead(tenant),
        place=place,
        date=day,
        number=number,
        nature="Biasa",
        attachment="-",
        subject="Contoh surat (bukan surat resmi)",
        addressee=("Anggota Tim Koordinasi Kerja Sama Daerah", place),
        addressee_place="di Tempat",
        body=(
            "Surat ini adalah contoh tata letak naskah dinas wilayah Saudara: kop surat, "
            "nomor menurut pola penomoran, tempat dan tanggal, blok tanda tangan, dan tembusan. "
            "Periksa setiap bagiannya sebelum surat undangan, daftar hadir dan notulen rapat "
            "dibuat dengan tata letak ini.",
            Table(
                header=("No.", "Bagian", "Diisi dari"),
                rows=(
                    ("1.", "Kop surat", "Nama wilayah, unit, alamat, telepon, pos-el, laman, logo"),
                    ("2.", "Nomor", "Pola penomoran dan kode unit"),
                    ("3.", "Tempat dan tanggal", "Tempat pada baris tanggal"),
                    ("4.", "Tanda tangan", "Jabatan, nama, pangkat/golongan dan NIP"),
                ),
                widths=(1, 4, 8),
            ),
            "Demikian contoh ini disampaikan untuk diperiksa.",
        ),
        signer=tenant_signer(tenant),
        copies=("Arsip",),
    )
