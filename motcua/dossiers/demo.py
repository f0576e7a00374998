"""A few dossiers in every state for the demo district, made through the real services.

Loaded once: when the demo already has dossiers, nothing is added (running ``load_demo``
again changes nothing).
"""

from datetime import timedelta

from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Offering
from motcua.dossiers import services as svc
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, Application, ReceivedComponent
from motcua.workdays.selectors import calendar_for_unit

PEOPLE = [
    ("Nguyễn Văn An", "008095001234", "0912345678"),
    ("Trần Thị Bình", "008190002345", "0987654321"),
    ("Hoàng Văn Cường", "008088003456", "0977123456"),
    ("Lý Thị Dung", "008301004567", "0965432198"),
    ("Ma Văn Em", "008075005678", "0944556677"),
    ("Quan Thị Gấm", "008202006789", "0933221100"),
]


def _application(offering: Offering, person: tuple[str, str, str]) -> Application:
    version = offering.procedure.current_version
    name, id_number, phone = person
    return Application(
        version=version,
        agency=offering.agency,
        applicant=Applicant(
            name=name, id_number=id_number, phone=phone, address="Thị trấn Nà Hang, huyện Nà Hang"
        ),
        components=[
            ReceivedComponent(
                name=c.name,
                component_id=c.pk,
                originals=c.originals,
                certified_copies=c.certified_copies,
                photocopies=c.photocopies,
            )
            for c in version.components.all()
            if c.required
        ],
    )


def _clock(unit_id: int, days_ago: int):
    """A working-time clock starting an hour after opening, ``days_ago`` days back."""
    calendar = calendar_for_unit(unit_id=unit_id)
    start = calendar.next_opening(timezone.now() - timedelta(days=days_ago))
    start = calendar.add_working_time(start, timedelta(hours=1))
    return lambda hours: calendar.add_working_time(start, timedelta(hours=hours))


def demo_dossiers_load(*, users: dict[str, User]) -> int:
    if Dossier.objects.exists():
        return 0
    desk, head, officer, leader = users["desk"], users["head"], users["officer"], users["leader"]
    offerings = list(
        Offering.objects.filter(agency=head.agency, is_active=True)
        .select_related("procedure__current_version", "agency")
        .order_by("procedure__code")[:6]
    )
    made = 0
    for i, offering in enumerate(offerings):
        clock = _clock(desk.agency.unit_id, days_ago=2 + 3 * i)
        dossier = svc.dossier_receive(
            actor=desk, application=_application(offering, PEOPLE[i]), at=clock(0)
        )
        made += 1
        if i == 0:
            continue  # stays at the desk, waiting to be passed on
        dossier = svc.dossier_transfer_to_agency(dossier=dossier, actor=desk, at=clock(1))
        if i == 1:
            continue  # waiting for the head to assign it
        dossier = svc.dossier_assign(dossier=dossier, actor=head, officer=officer, at=clock(2))
        if i == 2:
            continue  # with the officer
        if i == 3:
            svc.dossier_pause(
                dossier=dossier,
                actor=officer,
                missing=["Bản sao giấy tờ tùy thân"],
                reason="Bản sao chưa rõ nét",
                at=clock(4),
            )
            continue
        dossier = svc.dossier_forward(dossier=dossier, actor=officer, at=clock(5))
        dossier = svc.dossier_forward(dossier=dossier, actor=head, at=clock(6))
        dossier = svc.dossier_decide(
            dossier=dossier,
            actor=leader,
            approved=True,
            document=offering.procedure.current_version.result[:200],
            at=clock(7),
        )
        if i == 5:
            svc.dossier_return_result(
                dossier=dossier, actor=desk, returned_to=PEOPLE[i][0], at=clock(9)
            )
    return made + _online_submission(users["citizen"], offerings)


def _scan(title: str) -> bytes:
    """A one-page PDF standing for a scanned document."""
    from weasyprint import HTML  # imported here: only the demo needs it at load time

    return HTML(string=f"<h1>{title}</h1><p>Bản chụp minh họa.</p>").write_pdf()


def _online_submission(citizen: User, offerings: list[Offering]) -> int:
    """The demo citizen's online dossier, waiting in the district desk's queue."""
    online = [o for o in offerings if o.procedure.current_version.online_level != "none"]
    if not online:
        return 0
    offering = online[0]
    application = _application(offering, ("Nông Thị Hoa", "008196007890", "0901234567"))
    application.applicant.email = citizen.email
    version = offering.procedure.current_version
    svc.dossier_submit_online(
        application=application,
        idempotency_key="demo:citizen-online-1",
        citizen=citizen,
        scans=[
            svc.Scan(f"{c.name[:60]}.pdf", _scan(c.name), c.pk)
            for c in version.components.all()
            if c.required
        ],
        at=_clock(offering.agency.unit_id, days_ago=1)(0),
    )
    return 1
