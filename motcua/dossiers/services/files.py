"""Scans and uploads attached to a dossier: checked by content, stored under random names."""

import hashlib
import secrets
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, DossierComponent, DossierFile
from motcua.dossiers.services.file_checks import check_content

# Signatures of the accepted formats; the name's extension is never trusted.
SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


class FileRefused(DomainError):
    code = "file_refused"
    message = _("“%(name)s” was not accepted: %(reason)s")


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def safe_name(name: str, extension: str) -> str:
    """The file name a person sees: no folders, no control characters, the real extension."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    stem = PurePath(base).stem.strip(" .")[:80] or "tep"
    return f"{stem}{extension}"


def check_size(name: str, size: int) -> None:
    """Refuse an oversized file before reading it."""
    limit = settings.MOTCUA_MAX_UPLOAD_BYTES
    if size > limit:
        raise FileRefused(name=name, reason=_("it is larger than %d MB.") % (limit // 1_000_000))


def check_upload(name: str, data: bytes) -> tuple[str, str]:
    check_size(name, len(data))
    if not data:
        raise FileRefused(name=name, reason=_("it is empty."))
    kind = sniff(data[:16])
    if kind is None:
        raise FileRefused(name=name, reason=_("only PDF, JPEG and PNG files are accepted."))
    if kind[0] == "application/pdf" and b"%%EOF" not in data[-2048:]:
        raise FileRefused(name=name, reason=_("the PDF file is damaged or incomplete."))
    reason = check_content(kind[0], data)
    if reason is not None:
        raise FileRefused(name=name, reason=reason)
    return kind


def stored_upload(model, *, name: str, data: bytes, kind: tuple[str, str], **fields):
    """An unsaved ``model`` row (dossier or feedback file) whose content is already written
    under a random token; the caller inserts the row and deletes the file if that fails."""
    content_type, extension = kind
    token = secrets.token_urlsafe(24)
    row = model(
        token=token,
        original_name=safe_name(name, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        **fields,
    )
    row.file.save(token, ContentFile(data), save=False)
    return row


def dossier_attach_file(
    *,
    dossier: Dossier,
    name: str,
    data: bytes,
    actor: User | None,
    component: DossierComponent | None = None,
) -> DossierFile:
    content_type, extension = check_upload(name, data)
    if component is not None and component.dossier_id != dossier.pk:
        raise FileRefused(name=name, reason=_("the document belongs to another dossier."))
    stored = stored_upload(
        DossierFile,
        name=name,
        data=data,
        kind=(content_type, extension),
        dossier=dossier,
        component=component,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    try:
        stored.save(force_insert=True)  # one statement: no savepoint of its own needed
    except Exception:
        stored.file.delete(save=False)  # no row, no file
        raise
    return stored
