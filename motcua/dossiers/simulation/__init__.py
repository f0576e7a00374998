"""A year of invented dossiers for the demo district, made through the real services.

``year_simulate`` plans every dossier first (``plan``: which procedure, where, by which
channel, what goes wrong, when), then carries each one through the same services the
back office and the portal call (``run``), one transaction per dossier, as officers
created for the purpose (``world``). Nobody is notified (``notifications.muted``): the
applicants are invented and the year is over.

Counts are exact: ``district`` dossiers received and decided in the year at district
level and ``commune`` at commune level, as ``reports.selectors.resolution_stats`` counts
them (by the competent agency: a dossier passed on by liên thông counts once, where it
ends).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.enums import ChannelKind
from motcua.core.errors import DomainError
from motcua.dossiers import notifications
from motcua.dossiers.models import Dossier
from motcua.dossiers.simulation.plan import NoRoomInYear, Planner
from motcua.dossiers.simulation.run import Outcome, dossier_simulate
from motcua.dossiers.simulation.timeline import Year, year_bounds
from motcua.dossiers.simulation.world import (
    COMMUNE_TIER,
    DISTRICT_TIER,
    TIER_LABELS,
    DemoNotLoaded,
    World,
    staff_load,
    world_load,
)

__all__ = [
    "DemoNotLoaded",
    "NoRoomInYear",
    "NothingOffered",
    "Summary",
    "YearNotEmpty",
    "YearNotOver",
    "year_simulate",
]


class YearNotOver(DomainError):
    code = "year_not_over"
    message = _("The year %(year)s is not over yet: only a past year can be simulated.")


class YearNotEmpty(DomainError):
    code = "year_not_empty"
    message = _(
        "%(count)s dossiers were already submitted or received in %(year)s: the "
        "simulation only fills a year that has none."
    )


class NothingOffered(DomainError):
    code = "nothing_offered"
    message = _("No agency of the demo district offers a procedure (%(level)s).")


@dataclass
class Summary:
    """What was made: per level as the reports count it, and how often each event came."""

    year: int
    seed: int
    received: Counter = field(default_factory=Counter)  # per tier
    resolved: Counter = field(default_factory=Counter)
    timeliness: Counter = field(default_factory=Counter)
    online: int = 0
    supplements: int = 0
    transfers: int = 0
    late_notices: int = 0
    sent_back: int = 0
    returned: int = 0
    staff_created: int = 0

    @property
    def total(self) -> int:
        return sum(self.received.values())

    def add(self, outcome: Outcome, *, tier: str, year: Year) -> None:
        self.received[tier] += 1
        self.resolved[tier] += outcome.decided_at < year.end
        self.timeliness[outcome.timeliness] += 1
        self.online += outcome.channel == ChannelKind.ONLINE
        self.supplements += outcome.supplement
        self.transfers += outcome.transferred
        self.late_notices += outcome.late_notice
        self.sent_back += outcome.sent_back
        self.returned += outcome.returned


def _check(year: Year) -> None:
    if year.end > timezone.now():
        raise YearNotOver(year=year.number)
    inside = Q(received_at__gte=year.start, received_at__lt=year.end) | Q(
        submitted_at__gte=year.start, submitted_at__lt=year.end
    )
    count = Dossier.objects.filter(inside).count()
    if count:
        raise YearNotEmpty(count=count, year=year.number)


def _check_offered(world: World, *, district: int, commune: int) -> None:
    for tier, wanted in ((DISTRICT_TIER, district), (COMMUNE_TIER, commune)):
        if wanted and not world.offerings[tier]:
            raise NothingOffered(level=TIER_LABELS[tier])


def year_simulate(
    *,
    year: int,
    seed: int,
    district: int,
    commune: int,
    on_dossier: Callable[[], None] | None = None,
) -> Summary:
    """Fill ``year`` with ``district`` + ``commune`` dossiers, all decided within it."""
    bounds = year_bounds(year, timezone.get_default_timezone())
    _check(bounds)
    world = world_load()
    _check_offered(world, district=district, commune=commune)
    summary = Summary(year=year, seed=seed, staff_created=staff_load(world))
    planner = Planner(world=world, year=year, seed=seed, decide_by=bounds.decide_by)
    receipts: dict[int, int] = {}
    with notifications.muted():
        for plan in planner.plans(district=district, commune=commune):
            outcome = dossier_simulate(plan=plan, world=world, year=bounds, receipts=receipts)
            summary.add(outcome, tier=world.tier_of_id(outcome.agency_id), year=bounds)
            if on_dossier is not None:
                on_dossier()
    return summary
