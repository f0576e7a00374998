import time
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.progress import ProgressBar
from motcua.dossiers.enums import Timeliness
from motcua.dossiers.simulation import Summary, year_simulate
from motcua.dossiers.simulation.world import TIER_LABELS
from motcua.reports.rollup import rollup_refresh

# The source article's year: 647 dossiers at district level, 7,981 at commune level.
DISTRICT_DOSSIERS, COMMUNE_DOSSIERS = 647, 7981


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def _percent(part: int, whole: int) -> str:
    share = Decimal(100 * part) / whole if whole else Decimal(0)
    return number_format(share.quantize(Decimal("0.1"), ROUND_HALF_UP), 1)


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill a past year of the demo district with invented dossiers, made through the "
        "same services as the back office, all decided within the year."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="A past year, e.g. 2025.")
        parser.add_argument("--seed", type=int, required=True, help="Same seed, same dossiers.")
        parser.add_argument(
            "--district",
            type=_non_negative,
            default=DISTRICT_DOSSIERS,
            help="Dossiers counted at district level (default: %(default)s).",
        )
        parser.add_argument(
            "--commune",
            type=_non_negative,
            default=COMMUNE_DOSSIERS,
            help="Dossiers counted at commune level (default: %(default)s).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production system).",
        )

    def handle(self, *args, year, seed, district, commune, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off: refusing to add invented dossiers. Use --force only on a "
                    "throw-away system."
                )
            )
        progress = ProgressBar(district + commune, label=_("Dossiers"))
        started = time.monotonic()
        try:
            summary = year_simulate(
                year=year, seed=seed, district=district, commune=commune, on_dossier=progress
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        rollup_refresh()  # the statistics show the simulated year at once
        self._report(summary, seconds=time.monotonic() - started)

    def _report(self, summary: Summary, *, seconds: float) -> None:
        total, late = summary.total, summary.timeliness[Timeliness.LATE]
        lines = [
            _("Year %(year)s simulated (seed %(seed)s): %(total)s dossiers in %(seconds)s s.")
            % {
                "year": summary.year,
                "seed": summary.seed,
                "total": _count(total),
                "seconds": _count(round(seconds)),
            }
        ]
        for tier, label in TIER_LABELS.items():
            lines.append(
                _("%(level)s: %(received)s received, %(resolved)s resolved.")
                % {
                    "level": label,
                    "received": _count(summary.received[tier]),
                    "resolved": _count(summary.resolved[tier]),
                }
            )
        lines += [
            _("Submitted online: %(count)s (%(share)s%%).")
            % {"count": _count(summary.online), "share": _percent(summary.online, total)},
            _("Supplement requested: %(count)s (%(share)s%%).")
            % {
                "count": _count(summary.supplements),
                "share": _percent(summary.supplements, total),
            },
            _("Transferred to another agency (liên thông): %(count)s.")
            % {"count": _count(summary.transfers)},
            _("Sent back a step: %(count)s.") % {"count": _count(summary.sent_back)},
            _("Resolved early: %(early)s, on time: %(on_time)s, late: %(late)s (%(share)s%%).")
            % {
                "early": _count(summary.timeliness[Timeliness.EARLY]),
                "on_time": _count(summary.timeliness[Timeliness.ON_TIME]),
                "late": _count(late),
                "share": _percent(late, total),
            },
            _("Apologies with a new appointment (Mẫu 04): %(count)s.")
            % {"count": _count(summary.late_notices)},
            _("Results returned: %(returned)s; not collected yet: %(waiting)s.")
            % {"returned": _count(summary.returned), "waiting": _count(total - summary.returned)},
            _(
                "Officer accounts created: %(count)s (user names beginning with “sim-”, "
                "without a usable password)."
            )
            % {"count": _count(summary.staff_created)},
        ]
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(f"  {line}")
