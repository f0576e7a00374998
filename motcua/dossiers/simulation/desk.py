"""At the one-stop desk: receiving a planned dossier, and handing its result back.

Online submissions are stored without scans (the files would only fill the media folder);
documents missing at reception are brought to the desk, where the dossier is received.
"""

from random import Random

from motcua.accounts.enums import Role
from motcua.dossiers import services as svc
from motcua.dossiers.models import Dossier
from motcua.dossiers.simulation import timeline
from motcua.dossiers.simulation.plan import Plan
from motcua.dossiers.simulation.timeline import Year
from motcua.dossiers.simulation.world import World

RETURN_DAYS = 2  # the applicant comes back for the result within this many working days
SUPPLEMENT_REASONS = (
    "Bản sao chưa được chứng thực.",
    "Giấy tờ bị mờ, không đọc được thông tin.",
    "Thông tin trên tờ khai chưa khớp với giấy tờ tùy thân.",
    "Thiếu chữ ký của người yêu cầu.",
)


def _components(plan: Plan, missing: str = "") -> list[svc.ReceivedComponent]:
    return [
        svc.ReceivedComponent(
            name=c.name,
            component_id=c.pk,
            originals=c.originals,
            certified_copies=c.certified_copies,
            photocopies=c.photocopies,
            missing=c.name == missing,
        )
        for c in plan.offering.procedure.current_version.components.all()
        if c.required
    ]


def _application(plan: Plan, missing: str = "") -> svc.Application:
    version = plan.offering.procedure.current_version
    fees = {c.kind: c.fee for c in version.channels.all()}
    return svc.Application(
        version=version,
        agency=plan.offering.agency,
        applicant=plan.applicant,
        channel=plan.channel,
        case_name=plan.case_name,
        components=_components(plan, missing),
        fee_amount=fees.get(plan.channel, 0),
    )


def missing_document(plan: Plan, rng: Random) -> str:
    names = [c.name for c in _components(plan)]
    return rng.choice(names) if names else "Bản sao giấy tờ tùy thân"


def dossier_receive_planned(plan: Plan, world: World, rng: Random, year: Year) -> Dossier:
    """Submission and reception: online or at the desk, with a Mẫu 02 first if planned."""
    desk = world.person(world.desk_of(plan.offering.agency).pk, Role.DESK_OFFICER)
    dossier = None
    if plan.submitted_at is not None:
        dossier = svc.dossier_submit_online(
            application=_application(plan),
            idempotency_key=f"sim:{year.number}:{plan.index}:{plan.seed:x}",
            at=plan.submitted_at,
        )
    if plan.asked_at is not None:
        missing = missing_document(plan, rng)
        dossier = svc.dossier_request_supplement(
            actor=desk,
            application=None if dossier else _application(plan, missing),
            dossier=dossier,
            missing=[missing],
            reason=rng.choice(SUPPLEMENT_REASONS),
            at=plan.asked_at,
        )
    if dossier is None:
        return svc.dossier_receive(actor=desk, application=_application(plan), at=plan.received_at)
    return svc.dossier_receive(
        actor=desk, dossier=dossier, components=_components(plan), at=plan.received_at
    )


def _receipt(dossier: Dossier, receipts: dict[int, int]) -> str:
    """The next number of the desk's fee receipt book."""
    receipts[dossier.desk_id] = receipts.get(dossier.desk_id, 0) + 1
    return f"{receipts[dossier.desk_id]:07d}"


def dossier_return_planned(
    plan: Plan, world: World, rng: Random, year: Year, dossier: Dossier, receipts: dict[int, int]
) -> bool:
    """The applicant collects the result (with the fee receipt) unless the year is over."""
    calendar = world.calendar(world.desk_of(plan.offering.agency).unit_id)
    at = timeline.later(calendar, rng, dossier.decided_at, 10, RETURN_DAYS * 450)
    if not plan.collected or at >= year.end:
        return False
    svc.dossier_return_result(
        dossier=dossier,
        actor=world.person(dossier.desk_id, Role.DESK_OFFICER),
        method=plan.return_method,
        returned_to=plan.applicant.name,
        fee_receipt=_receipt(dossier, receipts) if dossier.fee_amount else "",
        at=at,
    )
    return True
