"""Dossier codes: <agency identifier>-YYMMDD-NNNN, a sequence per agency per day."""

from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.dossiers.models import CodeCounter
from motcua.organization.models import Agency


class DailyCodesExhausted(DomainError):
    code = "codes_exhausted"
    message = _("Agency %(agency)s has used all 9,999 dossier numbers of %(day)s.")


def dossier_code_next(*, agency: Agency, at: datetime) -> str:
    """The next code of ``agency`` for the local day of ``at``.

    One statement creates the day's counter or increments it (``last = last + 1``) and
    returns the new value, inside the caller's transaction, so two desks receiving at the
    same instant never share a number; a rolled-back reception may leave a gap, which the
    rules allow.
    """
    day = timezone.localtime(at).date()
    table = connection.ops.quote_name(CodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [agency.pk, day],
        )
        (number,) = cursor.fetchone()
    if number > 9999:
        raise DailyCodesExhausted(agency=agency.identifier, day=day.strftime("%d/%m/%Y"))
    return f"{agency.identifier}-{day:%y%m%d}-{number:04d}"
