"""Checking uploaded documents by their content, not their name (issue 2, item 8)."""

from __future__ import annotations

import hashlib
import io
import logging
import struct
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

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


# Actions a PDF viewer would run (issue 6, item 19): scripts and starting other programs.
PDF_ACTIVE_KEYS = {"/JS", "/JavaScript"}
PDF_SCRIPT_ACTIONS = {"/JavaScript", "/Rendition"}
PDF_LAUNCH_ACTIONS = {"/Launch"}
# Objects looked at when walking a PDF for actions; a real 20 MB PDF has far fewer.
PDF_MAX_OBJECTS = 500_000


def _pdf_active_content(reader: PdfReader) -> str | None:
    """ "javascript" or "launch" when the PDF carries such an action anywhere reachable from its
    trailer (catalogue, names tree, pages, annotations, form fields, outlines); else None.
    Stream contents are not decoded: actions live in dictionaries."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    budget = PDF_MAX_OBJECTS
    while stack:
        budget -= 1
        if budget < 0:
            return "too-complex"
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):  # StreamObject too: its dictionary
            action = node.get("/S")
            if action in PDF_LAUNCH_ACTIONS:
                return "launch"
            if action in PDF_SCRIPT_ACTIONS or PDF_ACTIVE_KEYS & set(node.keys()):
                return "javascript"
            stack.extend(value for name, value in node.items() if name != "/Parent")
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None


def _is_pdf(data: bytes) -> bool:
    """True for a PDF with pages and no active content; False for anything that is not a PDF;
    DomainError for a PDF that carries JavaScript or launches programs."""
    if data.lstrip()[:5] != b"%PDF-":
        return False
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) == 0:
            return False
        active = _pdf_active_content(reader)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return False
    except Exception:  # pypdf raises many kinds on hostile input: refuse, never crash
        logger.info("PDF check raised", exc_info=True)
        return False
    if active == "launch":
        raise DomainError(
            _(
                "PDF files that start programs or open other files (a Launch action) are not "
                "accepted."
            )
        )
    if active == "javascript":
        raise DomainError(
            _(
                "PDF files that contain JavaScript are not accepted. Print the document to a "
                "new PDF (or export it again without scripts) and upload that."
            )
        )
    if active == "too-complex":
        raise DomainError(_("This PDF is too complex to check and was not accepted."))
    return True


# Bounds for reading an archive (issue 6, item 19). A DOCX is a zip; nothing in it is inflated
# before its declared sizes pass these checks, and no part is ever read past its bound.
ARCHIVE_MAX_ENTRIES = 1000
ARCHIVE_MAX_TOTAL_BYTES = 200 * 1024 * 1024
# Word's XML shrinks about 5-20 times (a long empty table perhaps 50); a "zip bomb" a
# thousand times and more.
ARCHIVE_MAX_RATIO = 200
ARCHIVE_RATIO_FLOOR_BYTES = 1024 * 1024  # small parts may compress well without harm
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
# Parts and content types that carry macros (VBA): a .docm renamed .docx, or a vbaProject part.
MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"ms-office.activex", b"vbadata")


def _zip_bomb_error() -> DomainError:
    return DomainError(
        _(
            "This Word file was refused: it unpacks to far more than its size (a zip bomb) "
            "and could stall the server."
        )
    )


def _too_many_parts_error() -> DomainError:
    return DomainError(
        _("This Word file was refused: it consists of too many parts (more than %(limit)s).")
        % {"limit": ARCHIVE_MAX_ENTRIES}
    )


def _macro_error() -> DomainError:
    return DomainError(
        _(
            "Word documents with macros (VBA) are not accepted. Save the document as a plain "
            "Word document (.docx) without macros and upload it again."
        )
    )


def _declared_entries(data: bytes) -> int:
    """The entry count the archive's end record declares, read before zipfile parses (and keeps
    in memory) its whole central directory; 0 when there is no such record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return 0
    (entries,) = struct.unpack("<H", data[end + 10 : end + 12])
    if entries == 0xFFFF:  # ZIP64: the real count is in the ZIP64 end record
        end64 = data.rfind(b"PK\x06\x06", 0, end)
        if end64 >= 0 and len(data) >= end64 + 40:
            (entries,) = struct.unpack("<Q", data[end64 + 32 : end64 + 40])
    return int(entries)


def _is_docx(data: bytes) -> bool:
    """True for a plain DOCX; False for anything that is not one; DomainError for an archive
    that is dangerous to open (a zip bomb, too many parts) or carries macros."""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        if _declared_entries(data) > ARCHIVE_MAX_ENTRIES:
            raise _too_many_parts_error()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()  # the central directory only: nothing inflated yet
            if len(entries) > ARCHIVE_MAX_ENTRIES:
                raise _too_many_parts_error()
            total = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries) or 1
            if total > ARCHIVE_MAX_TOTAL_BYTES or (
                total > ARCHIVE_RATIO_FLOOR_BYTES and total / packed > ARCHIVE_MAX_RATIO
            ):
                raise _zip_bomb_error()
            for entry in entries:
                if entry.file_size > ARCHIVE_RATIO_FLOOR_BYTES and (
                    entry.file_size / max(entry.compress_size, 1) > ARCHIVE_MAX_RATIO
                ):
                    raise _zip_bomb_error()
                if any(marker in entry.filename.lower().encode() for marker in MACRO_MARKERS):
                    raise _macro_error()
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            # zipfile stops inflating at the declared size, so this read is bounded twice.
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(CONTENT_TYPES_MAX_BYTES + 1)
            if len(content_types) > CONTENT_TYPES_MAX_BYTES:
                raise _zip_bomb_error()
            if any(marker in content_types.lower() for marker in MACRO_MARKERS):
                raise _macro_error()
            return b"wordprocessingml.document.main+xml" in content_types
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, EOFError):
        return False
    except NotImplementedError:  # a compression method zipfile does not know
        return False


def check_upload(upload: UploadedFile[Any]) -> CheckedUpload:
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


@dataclass(frozen=True)
class StoredUpload:
    """A checked upload already written to storage under `name`, awaiting its database row."""

    checked: CheckedUpload
    name: str
    original_name: str


@contextmanager
def stored_upload(
    upload: UploadedFile[Any],
    *,
    storage: Storage,
    folder: str,
    check: Callable[[UploadedFile[Any]], CheckedUpload] | None = None,
) -> Iterator[StoredUpload]:
    """Check an upload and write it to storage *before* any transaction opens, then let the
    caller write its row; if the block raises (the transaction rolled back, or a rule refused the
    write), the stored file is removed again (issue 6, item 20).

    On SQLite a write transaction holds the database's only write lock from its first statement
    (`transaction_mode: IMMEDIATE`): reading and checking a large file inside it made every other
    user's write wait, then fail with "database is locked". Call this outside `transaction.atomic`
    and open the transaction inside the `with` block. `check` replaces the PDF/DOCX check
    (`check_image` for a logo, `check_docx` for a letter template)."""
    checked = (check or check_upload)(upload)
    upload.seek(0)
    name = storage.save(f"{folder}/{checked.sha256[:24]}.{checked.extension}", upload)
    try:
        yield StoredUpload(checked, name, (upload.name or "")[-255:])
    except BaseException:
        storage.delete(name)
        raise


# --- Images and templates of letters (issue 9, item 5) ---------------------------------------

PNG = "image/png"
JPEG = "image/jpeg"
SVG = "image/svg+xml"
IMAGE_MAX_BYTES = 1024 * 1024
IMAGE_MAX_PIXELS = 4096 * 4096
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _image_error() -> DomainError:
    return DomainError(
        _("The logo must be a PNG, JPEG or SVG image, and this file's content is none of them.")
    )


def _raster_kind(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PNG or JPEG that Pillow can read, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = (PNG, "png")
    elif data.startswith(b"\xff\xd8\xff"):
        kind = (JPEG, "jpg")
    else:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise DomainError(
                    _("The logo is too large (%(width)s × %(height)s pixels).")
                    % {"width": width, "height": height}
                )
            image.verify()
    except DomainError:
        raise
    except Exception:  # Pillow raises many kinds on a broken file: refuse, never crash
        logger.info("image check raised", exc_info=True)
        return None
    return kind


def _is_safe_svg(data: bytes) -> bool:
    """True for an SVG image without scripts, event handlers, embedded HTML or references to
    other files; no DTD is read (no entity expansion)."""
    head = data[:1024].lstrip().lower()
    if not (head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")):
        return False
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise DomainError(_("SVG files with a DOCTYPE or entities are not accepted."))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    if root.tag != f"{SVG_NAMESPACE}svg":
        return False
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.rsplit("}", 1)[-1].lower() in {"script", "foreignobject"}:
            raise DomainError(_("SVG files with scripts or embedded HTML are not accepted."))
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise DomainError(_("SVG files with scripts or embedded HTML are not accepted."))
            if (name == XLINK_HREF or local == "href") and not value.startswith(("#", "data:")):
                raise DomainError(_("An SVG logo must not refer to other files or addresses."))
    return True


def check_image(upload: UploadedFile[Any]) -> CheckedUpload:
    """Accept a PNG, JPEG or SVG image of at most 1 MB (a region's logo); refuse anything else
    with a message, whatever the file's name says."""
    if upload.size is not None and upload.size > IMAGE_MAX_BYTES:
        raise DomainError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMAGE_MAX_BYTES)}
        )
    upload.seek(0)
    data = upload.read(IMAGE_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > IMAGE_MAX_BYTES:
        raise DomainError(
            _("The image is larger than %(limit)s.") % {"limit": filesizeformat(IMAGE_MAX_BYTES)}
        )
    if not data:
        raise DomainError(_("The file is empty."))
    kind = _raster_kind(data)
    if kind is None and _is_safe_svg(data):
        kind = (SVG, "svg")
    if kind is None:
        raise _image_error()
    return CheckedUpload(kind[0], kind[1], len(data), hashlib.sha256(data).hexdigest())


def check_docx(upload: UploadedFile[Any]) -> CheckedUpload:
    """Accept a Word document (DOCX) only, with the checks of `check_upload` (a letter
    template)."""
    checked = check_upload(upload)
    if checked.extension != "docx":
        raise DomainError(_("A letter template must be a Word document (.docx), not a PDF."))
    return checked
