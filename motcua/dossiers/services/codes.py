"""Dossier codes: <agency identifier>-YYMMDD-NNNN, a sequence per agency per day."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
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

    The counter row is incremented in the database (``last = last + 1``) inside the
    caller's transaction, so two desks receiving at the same instant never share a
    number; a rolled-back reception may leave a gap, which the rules allow.
    """
    day = timezone.localtime(at).date()
    with transaction.atomic():
        if not CodeCounter.objects.filter(agency=agency, day=day).exists():
            try:
                with transaction.atomic():
                    CodeCounter.objects.create(agency=agency, day=day, last=0)
            except IntegrityError:
                pass  # created by a concurrent reception a moment ago
        counter = CodeCounter.objects.filter(agency=agency, day=day)
        counter.update(last=F("last") + 1)
        number = counter.values_list("last", flat=True).get()
    if number > 9999:
        raise DailyCodesExhausted(agency=agency.identifier, day=day.strftime("%d/%m/%Y"))
    return f"{agency.identifier}-{day:%y%m%d}-{number:04d}"
