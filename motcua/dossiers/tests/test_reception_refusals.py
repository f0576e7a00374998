"""Reception that does not end in a receipt: Mẫu 02, Mẫu 03, invalid or misdirected applications."""

import pytest

from motcua.dossiers.enums import Action, DossierStatus, Phase
from motcua.dossiers.models import CodeCounter, Dossier, DossierEvent
from motcua.dossiers.services import (
    Applicant,
    ApplicationInvalid,
    NotYours,
    ReceivedComponent,
    SupplementAlreadyRequested,
    TransitionNotAllowed,
    dossier_pause,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
)
from motcua.dossiers.services.reception import NoDesk, NotOffered
from motcua.dossiers.tests.factories import (
    MONDAY,
    application,
    assigned,
    build_world,
    received,
    reloaded,
    submitted,
    vn,
)

pytestmark = pytest.mark.django_db


def _nothing_written():
    return Dossier.objects.count(), DossierEvent.objects.count(), CodeCounter.objects.count()


# Supplement at reception (Mẫu 02) and refusal (Mẫu 03) -------------------------------------------


def test_request_supplement_for_a_walk_in_records_what_is_missing(world):
    dossier = dossier_request_supplement(
        actor=world.clerk,
        application=application(world),
        missing=["Giấy chứng sinh"],
        reason="Thiếu giấy chứng sinh bản chính",
        at=MONDAY,
    )

    stored = reloaded(dossier)
    assert (stored.status, stored.phase, stored.holder) == (
        DossierStatus.SUPPLEMENT,
        Phase.RECEPTION,
        world.clerk,
    )
    assert (stored.received_at, stored.due_at) == (None, None)
    assert stored.components.count() == 1
    event = stored.events.get()
    assert (event.action, event.note, event.payload) == (
        Action.REQUEST_SUPPLEMENT,
        "Thiếu giấy chứng sinh bản chính",
        {"missing": ["Giấy chứng sinh"]},
    )


def test_request_supplement_is_given_only_once(world):
    dossier = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Tờ khai"], reason="Thiếu tờ khai"
    )

    with pytest.raises(SupplementAlreadyRequested) as refused:
        dossier_request_supplement(
            actor=world.clerk, dossier=dossier, missing=["Ảnh"], reason="Thiếu ảnh"
        )

    assert refused.value.params == {"code": dossier.code}
    assert reloaded(dossier).revision == 2


@pytest.mark.parametrize(
    ("missing", "reason", "field"),
    [([], "Thiếu tờ khai", "missing"), (["Tờ khai"], "  ", "reason")],
)
def test_request_supplement_needs_the_missing_list_and_a_reason(world, missing, reason, field):
    with pytest.raises(ApplicationInvalid) as refused:
        dossier_request_supplement(
            actor=world.clerk, application=application(world), missing=missing, reason=reason
        )

    assert list(refused.value.errors) == [field]
    assert _nothing_written() == (0, 0, 0)


def test_receive_after_a_reception_supplement(world):
    dossier = dossier_request_supplement(
        actor=world.clerk,
        application=application(world),
        missing=["Ảnh"],
        reason="Thiếu ảnh",
        at=MONDAY,
    )
    supplied = [ReceivedComponent(name="Tờ khai", originals=1), ReceivedComponent(name="Ảnh")]

    dossier = dossier_receive(
        actor=world.clerk, dossier=dossier, components=supplied, at=vn(2026, 3, 4, 9)
    )

    stored = reloaded(dossier)
    assert (stored.status, stored.phase) == (DossierStatus.RECEIVED, "")
    assert stored.due_at == vn(2026, 3, 9, 9)
    assert list(stored.components.values_list("name", flat=True)) == ["Tờ khai", "Ảnh"]


def test_refuse_a_walk_in_records_the_reason(world):
    dossier = dossier_refuse(
        actor=world.clerk,
        application=application(world),
        reason="  Không thuộc thẩm quyền ",
        at=MONDAY,
    )

    stored = reloaded(dossier)
    assert (stored.status, stored.holder, stored.due_at) == (DossierStatus.REFUSED, None, None)
    assert stored.events.get().note == "Không thuộc thẩm quyền"


@pytest.mark.parametrize("how", ["submitted", "supplement"])
def test_refuse_a_dossier_waiting_at_reception(world, how):
    dossier = submitted(world)
    if how == "supplement":
        dossier = dossier_request_supplement(
            actor=world.clerk, dossier=dossier, missing=["Ảnh"], reason="Thiếu ảnh"
        )

    dossier = dossier_refuse(actor=world.clerk, dossier=dossier, reason="Hồ sơ giả mạo")

    assert reloaded(dossier).status == DossierStatus.REFUSED
    assert dossier.events.order_by("seq").last().action == Action.REFUSE


def test_refuse_without_a_reason_is_refused(world):
    dossier = submitted(world)

    with pytest.raises(ApplicationInvalid) as refused:
        dossier_refuse(actor=world.clerk, dossier=dossier, reason=" ")

    assert list(refused.value.errors) == ["reason"]
    assert reloaded(dossier).status == DossierStatus.SUBMITTED


@pytest.mark.parametrize("service", ["receive", "refuse"])
def test_reception_services_refuse_a_supplement_asked_during_processing(world, service):
    dossier = dossier_pause(
        dossier=assigned(world), actor=world.officer, missing=["Ảnh"], reason="Thiếu ảnh"
    )

    with pytest.raises(TransitionNotAllowed):
        if service == "receive":
            dossier_receive(actor=world.clerk, dossier=dossier)
        else:
            dossier_refuse(actor=world.clerk, dossier=dossier, reason="Quá hạn bổ sung")

    assert reloaded(dossier).revision == dossier.revision


# Validation and competence -----------------------------------------------------------------------


def _person(**fields):
    values = {"name": "Nguyễn Văn An", "id_number": "008095001234", "phone": "0912345678"}
    values.update(fields)
    return Applicant(**values)


@pytest.mark.parametrize(
    ("applicant", "fields"),
    [
        (_person(id_number="00809500123"), ["id_number"]),
        (_person(id_number="00809500123a"), ["id_number"]),
        (_person(id_number="000095001234"), ["id_number"]),
        (_person(id_number=""), ["id_number"]),
        (_person(phone="091234567"), ["phone"]),
        (_person(phone="1912345678"), ["phone"]),
        (_person(phone="", email="", address=""), ["phone"]),
        (_person(email="an@"), ["email"]),
        (_person(name="  "), ["name"]),
        (_person(representative_id_number="123"), ["representative_id_number"]),
        (_person(name="", id_number="999", phone="12"), ["name", "id_number", "phone"]),
    ],
)
def test_receive_invalid_applicant_names_every_bad_field_and_writes_nothing(
    world, applicant, fields
):
    with pytest.raises(ApplicationInvalid) as refused:
        received(world, applicant=applicant)

    assert sorted(refused.value.errors) == sorted(fields)
    assert refused.value.params == {"fields": ", ".join(refused.value.errors)}
    assert _nothing_written() == (0, 0, 0)


def test_receive_id_with_unknown_province_code_names_the_code(world):
    with pytest.raises(ApplicationInvalid) as refused:
        received(world, applicant=_person(id_number="000095001234"))

    assert "000" in refused.value.errors["id_number"][0]


def test_receive_organisation_needs_no_personal_id(world):
    company = Applicant(name="Công ty TNHH Nà Hang", kind="organisation", address="Nà Hang")

    dossier = received(world, applicant=company)

    assert reloaded(dossier).applicant_kind == "organisation"


def test_receive_case_of_another_procedure_is_refused(world):
    with pytest.raises(ApplicationInvalid) as refused:
        received(world, case_name="Trường hợp không có")

    assert list(refused.value.errors) == ["case_name"]


def test_receive_rejected_application_consumes_no_number(world):
    with pytest.raises(ApplicationInvalid):
        received(world, applicant=_person(phone="12"))

    assert received(world).code.endswith("-0001")


def test_receive_for_an_agency_that_does_not_offer_the_procedure_is_refused(world):
    with pytest.raises(NotOffered) as refused:
        received(world, agency=world.committee)

    assert refused.value.params == {"agency": world.committee, "code": "1.001193"}
    assert _nothing_written() == (0, 0, 0)


def test_receive_for_an_inactive_offering_is_refused(world):
    world.version.procedure.offerings.filter(agency=world.agency).update(is_active=False)

    with pytest.raises(NotOffered):
        received(world)


def test_receive_in_a_unit_without_a_desk_is_refused(world):
    type(world.desk).objects.filter(pk=world.desk.pk).update(is_active=False)

    with pytest.raises(NoDesk):
        received(world)

    assert _nothing_written() == (0, 0, 0)


# Reception checks who is at the desk -------------------------------------------------------------


@pytest.mark.parametrize("service", ["receive", "refuse", "request_supplement"])
def test_reception_services_are_for_the_desk_officers_of_the_dossiers_desk(world, service):
    dossier = submitted(world)
    calls = {
        "receive": lambda: dossier_receive(actor=world.other_officer, dossier=dossier),
        "refuse": lambda: dossier_refuse(actor=world.other_officer, dossier=dossier, reason="x"),
        "request_supplement": lambda: dossier_request_supplement(
            actor=world.other_officer, dossier=dossier, missing=["Ảnh"], reason="x"
        ),
    }

    with pytest.raises(NotYours):
        calls[service]()

    assert reloaded(dossier).revision == 1


def test_receive_walk_in_by_a_clerk_of_another_desk_is_refused(world):
    elsewhere = build_world()

    with pytest.raises(NotYours):
        dossier_receive(actor=elsewhere.clerk, application=application(world), at=MONDAY)

    assert _nothing_written() == (0, 0, 0)
