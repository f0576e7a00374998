"""In the agencies: from the desk passing the dossier on to the signed result.

The dossier follows its internal process step by step, each action by the officer the
permissions ask for, spread over the working time left until the planned decision:
early, on the due day, or late (with a Mẫu 04 first when planned and still allowed).
"""

from datetime import datetime, timedelta
from random import Random

from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.enums import DossierStatus, Timeliness
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.simulation import timeline
from motcua.dossiers.simulation.desk import SUPPLEMENT_REASONS, missing_document
from motcua.dossiers.simulation.plan import LATE_DAYS, PAUSE_DAYS, NoRoomInYear, Plan
from motcua.dossiers.simulation.timeline import Year
from motcua.dossiers.simulation.world import World
from motcua.workdays.enums import TimeUnit

MAX_TURNS = 50  # actions on one dossier: far more than any internal process needs
DENIAL_REASONS = (
    "Không đủ điều kiện theo quy định.",
    "Nội dung yêu cầu không thuộc thẩm quyền giải quyết.",
    "Người yêu cầu không bổ sung được giấy tờ chứng minh.",
)
LATE_REASONS = (
    "Cần xác minh thêm thông tin với cơ quan liên quan.",
    "Lãnh đạo đi công tác, chưa ký duyệt kịp.",
    "Hệ thống cơ sở dữ liệu chuyên ngành gián đoạn.",
)


class Undecided(DomainError):
    code = "simulation_undecided"
    message = _(
        "Dossier %(code)s did not reach a decision: check the internal process of %(agency)s."
    )


class Processing:
    """From the desk passing the dossier on to the decision, one service call at a time."""

    def __init__(self, plan: Plan, world: World, rng: Random, year: Year, dossier: Dossier):
        self.plan, self.world, self.rng, self.year = plan, world, rng, year
        self.dossier = dossier
        self.calendar = world.calendar(world.desk_of(plan.offering.agency).unit_id)
        self.now = dossier.received_at
        self.pending = {
            "transfer": plan.transfer_to is not None,
            "pause": plan.supplement_in_processing,
            "send_back": plan.send_back,
            "notice": plan.late_notice,
        }
        self.done = {"transfer": False, "pause": False, "send_back": False, "notice": False}
        self._notice_cache: tuple[datetime | None, datetime | None] = (None, None)

    def run(self) -> Dossier:
        self._pass_on()
        self.decide_at = self._decision_time()
        for _turn in range(MAX_TURNS):
            if self.dossier.status == DossierStatus.PROCESSED:
                return self.dossier
            self._next()
        raise Undecided(code=self.dossier.code, agency=self.dossier.agency)

    # Who, when ------------------------------------------------------------------------

    def _officer(self, agency_id: int, role: str) -> User:
        return self.world.person(agency_id, role)

    def _desk(self) -> User:
        return self._officer(self.dossier.desk_id, Role.DESK_OFFICER)

    def _load_steps(self) -> None:
        self.steps = list(DossierStep.objects.filter(dossier=self.dossier).order_by("order"))

    def _ahead(self) -> list[DossierStep]:
        """Steps from the current one to the decision (the desk's steps after it excluded)."""
        order = self.dossier.current_step.order
        rest = [s for s in self.steps if s.order >= order]
        while len(rest) > 1 and rest[-1].agency_id == self.dossier.desk_id:
            rest.pop()
        return rest

    def _moves_left(self) -> int:
        extra = 2 * self.pending["send_back"] + self.pending["pause"] + 3 * self.pending["transfer"]
        return len(self._ahead()) + extra

    def _advance(self) -> datetime:
        """The moment of the next action: a share of the time left until the decision."""
        share = self.rng.uniform(0.3, 1.0) / max(self._moves_left(), 1)
        at = timeline.between(self.calendar, self.rng, self.now, self.decide_at, share, share)
        self._notice_before(at)
        self.now = max(at, self.now)
        return self.now

    def _decision_time(self) -> datetime:
        """When the result is signed: before, on or after the due day, as planned."""
        calendar, rng, due = self.calendar, self.rng, self.dossier.due_at
        earliest = calendar.add_working_time(self.now, 2 * timeline.MINUTE * self._moves_left())
        due_day = timeline.opening(calendar, timeline.local_day(calendar, due))
        if self.plan.outcome == Timeliness.LATE:
            start = timeline.next_day_opening(calendar, due)
            end = calendar.due_at(start, LATE_DAYS, TimeUnit.WORKING_DAYS).due_at
            at = timeline.between(calendar, rng, start, end)
        elif self.plan.outcome == Timeliness.EARLY and earliest < due_day:
            at = timeline.between(calendar, rng, earliest, due_day, 0.2, 0.999)
        else:
            at = timeline.between(calendar, rng, max(earliest, due_day), due)
        return self._within_year(max(at, earliest))

    def _within_year(self, at: datetime) -> datetime:
        if at < self.year.decide_by:
            return at
        last = self.calendar.add_working_time(
            self.calendar.next_opening(self.year.decide_by), -timeline.MINUTE
        )
        if last < self.now:  # the margins of the plan make this impossible
            raise NoRoomInYear(code=self.plan.offering.procedure.code, year=self.year.number)
        return last

    # What -----------------------------------------------------------------------------

    def _pass_on(self) -> None:
        """The desk passes the dossier to the agency soon, sooner when it is due today."""
        calendar, rng, due = self.calendar, self.rng, self.dossier.due_at
        at = timeline.later(calendar, rng, self.now, 5, 90)
        if due > self.now:
            at = min(at, timeline.between(calendar, rng, self.now, due, 0.02, 0.15))
        self.dossier = svc.dossier_transfer_to_agency(
            dossier=self.dossier, actor=self._desk(), at=at
        )
        self.now = at
        self._load_steps()

    def _next(self) -> None:
        step, holder = self.dossier.current_step, self.dossier.holder_agency_id
        if self.pending["transfer"] and holder != self.dossier.desk_id:
            return self._transfer()
        if self.pending["pause"] and step.role == Role.PROCESSING_OFFICER:
            return self._pause()
        if self.pending["send_back"] and self._may_send_back():
            return self._send_back()
        ahead = self._ahead()
        if len(ahead) == 1:
            return self._decide()
        following, at = ahead[1], self._advance()
        if (
            step.role == Role.AGENCY_HEAD
            and following.role == Role.PROCESSING_OFFICER
            and following.agency_id == holder
        ):
            officer = self._officer(holder, Role.PROCESSING_OFFICER)
            head = self._officer(holder, Role.AGENCY_HEAD)
            svc.dossier_assign(dossier=self.dossier, actor=head, officer=officer, at=at)
        else:
            actor = self._officer(holder, step.role)
            svc.dossier_forward(dossier=self.dossier, actor=actor, at=at)
        return None

    def _finish(self, what: str) -> None:
        self.pending[what], self.done[what] = False, True

    def _transfer(self) -> None:
        """Liên thông: the agency holding it passes it to another agency or level."""
        at, target = self._advance(), self.plan.transfer_to.agency
        actor = self._officer(self.dossier.holder_agency_id, self.dossier.current_step.role)
        note = f"Chuyển {target.name} giải quyết theo thẩm quyền (liên thông)."
        svc.dossier_transfer(dossier=self.dossier, actor=actor, to=target, note=note, at=at)
        self._finish("transfer")
        self._load_steps()

    def _pause(self) -> None:
        """A supplement asked during appraisal, brought to the desk some days later."""
        at, rng = self._advance(), self.rng
        actor = self._officer(self.dossier.holder_agency_id, Role.PROCESSING_OFFICER)
        missing = [missing_document(self.plan, rng)]
        reason = rng.choice(SUPPLEMENT_REASONS)
        svc.dossier_pause(dossier=self.dossier, actor=actor, missing=missing, reason=reason, at=at)
        back = timeline.later(self.calendar, rng, at, 60, PAUSE_DAYS * 450)
        note = "Người nộp đã bổ sung giấy tờ tại Bộ phận Một cửa."
        svc.dossier_resume(dossier=self.dossier, actor=self._desk(), note=note, at=back)
        self.now = back
        self._finish("pause")
        self.decide_at = self._decision_time()  # the due date moved

    def _may_send_back(self) -> bool:
        """A reviewer or signer may return it to the officer who drafted it."""
        step = self.dossier.current_step
        if step.role not in (Role.AGENCY_HEAD, Role.UNIT_LEADER):
            return False
        previous = [s for s in self.steps if s.order == step.order - 1]
        return bool(previous) and previous[0].role == Role.PROCESSING_OFFICER

    def _send_back(self) -> None:
        at = self._advance()
        actor = self._officer(self.dossier.holder_agency_id, self.dossier.current_step.role)
        note = "Đề nghị chuyên viên rà soát, hoàn thiện lại dự thảo kết quả."
        svc.dossier_send_back(dossier=self.dossier, actor=actor, note=note, at=at)
        self._finish("send_back")

    def _decide(self) -> None:
        self._notice_before(self.decide_at)
        self.now = max(self.decide_at, self.now)
        actor = self._officer(self.dossier.holder_agency_id, self.dossier.current_step.role)
        version = self.plan.offering.procedure.current_version
        if self.plan.approved:
            document = (version.result.strip().splitlines() or [version.name])[0][:200]
            svc.dossier_decide(
                dossier=self.dossier, actor=actor, approved=True, document=document, at=self.now
            )
        else:
            reason = self.rng.choice(DENIAL_REASONS)
            svc.dossier_decide(
                dossier=self.dossier, actor=actor, approved=False, reason=reason, at=self.now
            )

    # Mẫu 04 ---------------------------------------------------------------------------

    def _notice_before(self, at: datetime) -> None:
        """Send the planned late notice if its moment comes before ``at``; too late, drop it."""
        if not self.pending["notice"] or self.dossier.status != DossierStatus.PROCESSING:
            return
        moment = self._notice_time()
        if moment is not None and moment > at:
            return  # not yet
        self.pending["notice"] = False
        new_due = self._new_appointment()
        if moment is None or moment < self.now or new_due <= self.dossier.due_at:
            return  # the rules no longer allow it: the dossier is simply late
        head = self._officer(self.dossier.agency_id, Role.AGENCY_HEAD)
        svc.dossier_late_notice(
            dossier=self.dossier,
            actor=head,
            reason=self.rng.choice(LATE_REASONS),
            new_due_at=new_due,
            at=moment,
        )
        self.now = moment
        self.done["notice"] = True

    def _notice_time(self) -> datetime | None:
        """A little before the last moment allowed: one working day before the due date."""
        calendar, due = self.calendar, self.dossier.due_at
        if self._notice_cache[0] == due:
            return self._notice_cache[1]
        moment, found = calendar.add_working_time(due, -timedelta(hours=8)), None
        for _attempt in range(3):
            if calendar.due_at(moment, 1, TimeUnit.WORKING_DAYS).due_at <= due:
                found = calendar.add_working_time(
                    moment, -timeline.MINUTE * self.rng.randint(0, 240)
                )
                break
            moment = calendar.add_working_time(moment, -timedelta(hours=1))
        self._notice_cache = (due, found)
        return found

    def _new_appointment(self) -> datetime:
        """The end of the decision's day, or of a working day or two after it."""
        moment = self.decide_at
        for _day in range(self.rng.randint(0, 2)):
            moment = timeline.next_day_opening(self.calendar, moment)
        return timeline.closing(self.calendar, moment)
