"""Plans: what will happen to each simulated dossier, drawn before any is written.

All chance comes from one ``random.Random(seed)`` consumed in a fixed order, so the same
seed on the same catalogue gives the same plans. Shares are targets, not guarantees: a
supplement request or a late notice that the rules do not allow at that moment is skipped.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random

from django.utils.translation import gettext_lazy as _

from motcua.catalog.enums import ChannelKind, OnlineLevel, PausePolicy, TimeUnit
from motcua.catalog.models import Offering
from motcua.core.errors import DomainError
from motcua.dossiers.enums import ReturnMethod, Timeliness
from motcua.dossiers.services import Applicant
from motcua.dossiers.simulation import people, timeline
from motcua.dossiers.simulation.world import COMMUNE_TIER, DISTRICT_TIER, World
from motcua.dossiers.timing import limit_for
from motcua.workdays.calendar import WorkCalendar

ONLINE_SHARE = 0.30  # of all dossiers, where the procedure can be done online
POST_SHARE = 0.06  # of the others, where the procedure accepts the post
SUPPLEMENT_SHARE = 0.08  # half asked at reception (Mẫu 02), half during processing
TRANSFER_SHARE = 0.03  # liên thông, where another agency offers the procedure
LATE_SHARE = 0.11  # decided after the appointment that was current at the time
NOTICE_SHARE = 0.35  # of those, announced with Mẫu 04 and a new date that is then kept
EARLY_SHARE = 0.6  # of the others, decided before the day of the appointment
SEND_BACK_SHARE = 0.02
DENIED_SHARE = 0.02
UNCOLLECTED_SHARE = 0.01  # result never picked up
CASE_SHARE = 0.10  # a special case of the procedure (its own time limit)
EMAIL_SHARE = {ChannelKind.ONLINE: 0.6, ChannelKind.DESK: 0.05, ChannelKind.POST: 0.05}
# The most asked-for procedures first (certified copies, birth registration, …); the
# others follow by code. Weight of rank r: 1 / (r + 1) — Zipf's law.
POPULAR = (
    "2.000815 1.001193 2.000884 1.001612 1.004873 1.000656 2.000635 1.000894 2.000720 "
    "2.000942 2.001035 1.004859 1.001776 1.009994 1.012796"
).split()
PAUSE_DAYS = 5  # at most, waiting for the citizen
LATE_DAYS = 3  # at most, after the due day, for a late decision
# Receptions too close to the year's end for the dossier's plan are drawn again: its due
# date, plus these working days (one to spare, the pause and the delay if planned), must
# come before the last day of the year.
SPARE_DAYS = 1
SUPPLY_DAYS = 5  # at most, for the citizen to come back with what was missing
ATTEMPTS = 1000  # days drawn for one dossier before giving up


class NoRoomInYear(DomainError):
    code = "no_room_in_year"
    message = _("Procedure %(code)s takes too long to be received and decided within %(year)s.")


@dataclass
class Plan:
    index: int
    seed: int  # of this dossier's own random choices while it is processed
    offering: Offering
    channel: str
    case_name: str
    applicant: Applicant
    submitted_at: datetime | None  # online only
    asked_at: datetime | None  # a supplement asked at reception (Mẫu 02)
    received_at: datetime
    supplement_in_processing: bool
    transfer_to: Offering | None
    send_back: bool
    outcome: str  # a Timeliness: early, on time or late
    late_notice: bool
    approved: bool
    collected: bool
    return_method: str

    @property
    def first_contact(self) -> datetime:
        return self.submitted_at or self.asked_at or self.received_at


def _rank_weights(offerings: list[Offering]) -> list[float]:
    codes = sorted({o.procedure.code for o in offerings}, key=_popularity)
    rank = {code: r for r, code in enumerate(codes)}
    return [1 / (rank[o.procedure.code] + 1) for o in offerings]


def _popularity(code: str) -> tuple[int, str]:
    return (POPULAR.index(code) if code in POPULAR else len(POPULAR), code)


def _online(offering: Offering) -> bool:
    return offering.procedure.current_version.online_level != OnlineLevel.NONE


def _transferable(offering: Offering, world: World) -> bool:
    """Worth passing on: a limit longer than the day, and someone else offers it."""
    version = offering.procedure.current_version
    long = version.time_unit != TimeUnit.SAME_DAY and version.time_amount > 0
    return long and bool(_targets(offering, world))


def _targets(offering: Offering, world: World) -> list[Offering]:
    """Another agency of the same tier, or of the district for a commune's dossier."""
    tier = world.tier_of(offering.agency)
    return [
        o
        for o in world.alternatives(offering)
        if world.tier_of(o.agency) == tier or world.tier_of(o.agency) == DISTRICT_TIER
    ]


def _share(offerings: list[Offering], weights: list[float], test) -> float:
    """The weighted share of ``offerings`` that pass ``test``."""
    total = sum(weights) or 1.0
    return sum(w for o, w in zip(offerings, weights, strict=True) if test(o)) / total


class _Pool:
    """Offerings of one tier with their Zipf weights, grouped by the unit that offers them."""

    def __init__(self, offerings: list[Offering], world: World) -> None:
        weights = _rank_weights(offerings)
        self.groups: dict[int, tuple[list[Offering], list[float]]] = {}
        for offering, weight in zip(offerings, weights, strict=True):
            members, group_weights = self.groups.setdefault(offering.agency.unit_id, ([], []))
            members.append(offering)
            group_weights.append(weight)
        self.online_share = _share(offerings, weights, _online)
        self.transfer_share = _share(offerings, weights, lambda o: _transferable(o, world))
        self.units = sorted(self.groups)

    def draw(self, rng: Random) -> Offering:
        """A unit evenly, then a procedure by its weight."""
        members, weights = self.groups[rng.choice(self.units)]
        return rng.choices(members, weights=weights)[0]


class Planner:
    def __init__(self, *, world: World, year: int, seed: int, decide_by: datetime) -> None:
        self.world, self.year, self.decide_by = world, year, decide_by
        self.rng = Random(seed)  # noqa: S311 - reproducible invented data, no secret
        self.pools = {tier: _Pool(world.offerings[tier], world) for tier in world.offerings}
        self.days: dict[int, list[date]] = {}
        self.communes = sorted({o.agency.unit.name for o in world.offerings[COMMUNE_TIER]})

    def plans(self, *, district: int, commune: int) -> list[Plan]:
        """``commune`` dossiers counted at commune level and ``district`` at district level.

        A commune's dossier passed to a district agency (liên thông) counts once, at the
        district, as the reports count it: fewer are then drawn at the district.
        """
        plans: list[Plan] = []
        kept = up = 0
        while kept < commune:
            plan = self._plan(len(plans), COMMUNE_TIER, allow_up=up < district)
            plans.append(plan)
            went_up = self._went_up(plan)
            up, kept = up + went_up, kept + (not went_up)
        for _n in range(district - up):
            plans.append(self._plan(len(plans), DISTRICT_TIER, allow_up=False))
        return sorted(plans, key=lambda p: (p.first_contact, p.index))

    def _went_up(self, plan: Plan) -> bool:
        target = plan.transfer_to
        return (
            target is not None
            and self.world.tier_of(target.agency) == DISTRICT_TIER
            and (self.world.tier_of(plan.offering.agency) == COMMUNE_TIER)
        )

    def _plan(self, index: int, tier: str, *, allow_up: bool) -> Plan:
        rng, pool = self.rng, self.pools[tier]
        offering = pool.draw(rng)
        channel = self._channel(offering, pool)
        version = offering.procedure.current_version
        cases = list(version.cases.all())
        case_name = rng.choice(cases).name if cases and rng.random() < CASE_SHARE else ""
        supplement = (
            rng.choice(("reception", "processing")) if rng.random() < SUPPLEMENT_SHARE else ""
        )
        late = rng.random() < LATE_SHARE
        spare = SPARE_DAYS + PAUSE_DAYS * (supplement == "processing") + (LATE_DAYS + 1) * late
        submitted, asked, received = self._moments(offering, channel, case_name, supplement, spare)
        return Plan(
            index=index,
            seed=rng.getrandbits(64),
            offering=offering,
            channel=channel,
            case_name=case_name,
            applicant=self._applicant(offering, channel),
            submitted_at=submitted,
            asked_at=asked,
            received_at=received,
            supplement_in_processing=supplement == "processing",
            transfer_to=self._transfer(offering, pool, allow_up=allow_up),
            send_back=rng.random() < SEND_BACK_SHARE,
            outcome=Timeliness.LATE if late else self._in_time(),
            late_notice=late and rng.random() < NOTICE_SHARE,
            approved=rng.random() >= DENIED_SHARE,
            collected=rng.random() >= UNCOLLECTED_SHARE,
            return_method=self._return_method(offering, channel),
        )

    def _channel(self, offering: Offering, pool: _Pool) -> str:
        rng = self.rng
        online = ONLINE_SHARE / pool.online_share if pool.online_share else 0.0
        if _online(offering) and rng.random() < online:
            return ChannelKind.ONLINE
        kinds = {c.kind for c in offering.procedure.current_version.channels.all()}
        if ChannelKind.POST in kinds and rng.random() < POST_SHARE:
            return ChannelKind.POST
        return ChannelKind.DESK

    def _in_time(self) -> str:
        return Timeliness.EARLY if self.rng.random() < EARLY_SHARE else Timeliness.ON_TIME

    def _transfer(self, offering: Offering, pool: _Pool, *, allow_up: bool) -> Offering | None:
        rng = self.rng
        share = TRANSFER_SHARE / pool.transfer_share if pool.transfer_share else 0.0
        if not (_transferable(offering, self.world) and rng.random() < share):
            return None
        targets = _targets(offering, self.world)
        up = [
            o
            for o in targets
            if self.world.tier_of(o.agency) != self.world.tier_of(offering.agency)
        ]
        same = [o for o in targets if o not in up]
        if up and allow_up:
            return rng.choice(up)
        return rng.choice(same) if same else None

    def _return_method(self, offering: Offering, channel: str) -> str:
        rng = self.rng
        version = offering.procedure.current_version
        if channel == ChannelKind.POST:
            return ReturnMethod.POST
        if channel == ChannelKind.ONLINE and version.online_level == OnlineLevel.FULL:
            return ReturnMethod.ONLINE if rng.random() < 0.5 else ReturnMethod.DESK
        return ReturnMethod.POST if rng.random() < POST_SHARE else ReturnMethod.DESK

    def _applicant(self, offering: Offering, channel: str) -> Applicant:
        unit = offering.agency.unit
        name = unit.name if unit.pk != self.world.district.pk else self.rng.choice(self.communes)
        commune = name[:1].lower() + name[1:]
        return people.applicant(self.rng, commune=commune, email_share=EMAIL_SHARE[channel])

    # When ---------------------------------------------------------------------------

    def _working_days(self, unit_id: int) -> list[date]:
        if unit_id not in self.days:
            self.days[unit_id] = timeline.working_days(self.world.calendar(unit_id), self.year)
        return self.days[unit_id]

    def _moments(self, offering, channel: str, case_name: str, supplement: str, spare: int):
        """(submitted, asked for a supplement, received): a day drawn again until the
        dossier can be decided within the year, ``spare`` working days after its due date."""
        unit_id = self.world.desk_of(offering.agency).unit_id
        calendar, days = self.world.calendar(unit_id), self._working_days(unit_id)
        for _attempt in range(ATTEMPTS):
            index = self.rng.randrange(len(days))
            submitted, asked = None, None
            if channel == ChannelKind.ONLINE:
                submitted = self._submission(calendar, days[index])
                first = timeline.later(calendar, self.rng, calendar.next_opening(submitted), 5, 240)
            else:
                first = timeline.moment_on(calendar, self.rng, days[index])
            received = first
            if supplement == "reception":
                back = min(index + self.rng.randint(1, SUPPLY_DAYS), len(days) - 1)
                asked = first
                received = max(
                    timeline.moment_on(calendar, self.rng, days[back]),
                    timeline.later(calendar, self.rng, first, 30, 120),
                )
            due = self._due(calendar, offering, channel, case_name, received)
            if calendar.due_at(due, spare, TimeUnit.WORKING_DAYS).due_at < self.decide_by:
                return submitted, asked, received
        raise NoRoomInYear(code=offering.procedure.code, year=self.year)

    def _submission(self, calendar: WorkCalendar, day: date) -> datetime:
        """Online: mostly in office hours, sometimes in the evening, weekends included."""
        if self.rng.random() < 0.75:
            return timeline.moment_on(calendar, self.rng, day)
        evening = day - timedelta(days=self.rng.randint(0, 2))
        evening = evening if evening.year == self.year else day
        minutes = self.rng.randint(19 * 60, 23 * 60 - 1)
        return timeline.midnight(calendar, evening) + timedelta(minutes=minutes)

    def _due(self, calendar, offering, channel, case_name, received) -> datetime:
        """The appointment the services will set, later if a pause restarts the clock."""
        version = offering.procedure.current_version
        limit = limit_for(version=version, channel=channel, case_name=case_name)
        due = calendar.due_at(received, limit.amount, limit.unit, cutoff=limit.cutoff).due_at
        if version.pause_policy == PausePolicy.RESTART:  # the full time again after a pause
            resumed = calendar.due_at(due, PAUSE_DAYS, TimeUnit.WORKING_DAYS).due_at
            due = calendar.due_at(resumed, limit.amount, limit.unit, cutoff=limit.cutoff).due_at
        return due
