"""Checking uploaded documents by their content, not their name (issue 2, item 8)."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from kerjasama.core.exceptions import DomainError

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


def _is_pdf(data: bytes) -> bool:
    if data.lstrip()[:5] != b"%PDF-":
        return False
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return False
    except Exception:  # pypdf raises many kinds on hostile input: refuse, never crash
        logger.info("PDF check raised", exc_info=True)
        return False


def _is_docx(data: bytes) -> bool:
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            content_types = archive.read("[Content_Types].xml")
            return b"wordprocessingml.document.main+xml" in content_types
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return False


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept a real PDF or DOCX within the size limit; refuse anything else with a message."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise DomainError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    if not data:
        raise DomainError(_("The file is empty."))
    name = (upload.name or "").lower()
    if _is_pdf(data):
        content_type, extension = PDF, "pdf"
    elif _is_docx(data):
        content_type, extension = DOCX, "docx"
    else:
        raise DomainError(
            _(
                "Only PDF and Word (DOCX) documents can be uploaded, and this file's content is "
                "neither, whatever its name says."
            )
        )
    if not name.endswith("." + extension):
        raise DomainError(
            _("The file's content is %(kind)s but its name does not end in .%(ext)s.")
            % {"kind": extension.upper(), "ext": extension}
        )
    return CheckedUpload(content_type, extension, len(data), hashlib.sha256(data).hexdigest())
