"""Print when a dossier is due, and why: ``manage.py due_date --received ... --amount ...``."""

from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.organization.models import AdministrativeUnit
from motcua.workdays.enums import TimeUnit
from motcua.workdays.selectors import calendar_for_unit


def parse_received(text: str) -> datetime:
    try:
        received = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"--received must look like YYYY-MM-DD HH:MM, not {text!r}.") from None
    if timezone.is_naive(received):
        received = timezone.make_aware(received)  # in the site's time zone
    return received


def parse_amount(text: str) -> Decimal:
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise CommandError(f"--amount must be a number such as 3 or 0.5, not {text!r}.") from None
    if not amount.is_finite() or amount < 0:
        raise CommandError(f"--amount must be zero or more, not {text!r}.")
    return amount


def parse_cutoff(text: str | None) -> time | None:
    if text is None:
        return None
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"--cutoff must look like HH:MM, not {text!r}.") from None


def unit_id_for(code: str | None) -> int | None:
    if code is None:
        return None
    unit_id = AdministrativeUnit.objects.filter(code=code).values_list("pk", flat=True).first()
    if unit_id is None:
        raise CommandError(f"No administrative unit has the code {code!r}.")
    return unit_id


class Command(BaseCommand):
    help = (
        "Compute a due date from the reception time and a time limit. Prints the due date "
        "in ISO 8601 on the first line, then how it was computed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help='Reception time, "YYYY-MM-DD HH:MM".')
        parser.add_argument("--amount", required=True, help="Time limit, e.g. 3 or 0.5.")
        parser.add_argument("--unit", required=True, choices=TimeUnit.values)
        parser.add_argument("--cutoff", help="Receipts after this time (HH:MM) count tomorrow.")
        parser.add_argument("--unit-code", help="Official code of the administrative unit.")

    def handle(self, *args, received, amount, unit, cutoff, unit_code, **options):
        received_at, limit = parse_received(received), parse_amount(amount)
        cutoff_time = parse_cutoff(cutoff)
        calendar = calendar_for_unit(unit_id=unit_id_for(unit_code))
        try:
            due = calendar.due_at(received_at, limit, unit, cutoff=cutoff_time)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(due.due_at.isoformat())
        for line in due.explanation():
            self.stdout.write(line)
