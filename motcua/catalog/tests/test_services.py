from decimal import Decimal

import pytest

from motcua.catalog.enums import VersionState
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.catalog.selectors import version_to_dict
from motcua.catalog.services import (
    NothingToPublish,
    ProcessDoesNotAddUp,
    VersionIncomplete,
    VersionNotEditable,
    offering_set,
    version_new_draft,
    version_publish,
    version_write_content,
)
from motcua.catalog.tests.factories import procedure_data, process, publish, time_limit
from motcua.organization.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def content(**overrides) -> dict:
    data = procedure_data(**overrides)
    data.pop("offerings")
    return data


def test_published_version_cannot_be_edited():
    (procedure,) = publish(procedure_data())

    with pytest.raises(VersionNotEditable):
        version_write_content(version=procedure.current_version, content=content(name="Khác"))

    assert ProcedureVersion.objects.get().name == "Đăng ký khai sinh"


def test_new_draft_copies_the_current_version_and_public_page_stays_on_it():
    (procedure,) = publish(procedure_data())

    draft = version_new_draft(procedure=procedure)

    assert (draft.number, draft.state) == (2, VersionState.DRAFT)
    assert version_to_dict(draft) == version_to_dict(procedure.current_version)
    procedure.refresh_from_db()
    assert procedure.current_version.number == 1


def test_new_draft_reuses_an_open_draft():
    (procedure,) = publish(procedure_data())
    first = version_new_draft(procedure=procedure)

    assert version_new_draft(procedure=procedure) == first


def test_publish_supersedes_the_previous_version_and_updates_search():
    (procedure,) = publish(procedure_data())
    draft = version_new_draft(procedure=procedure)
    version_write_content(version=draft, content=content(name="Đăng ký lại khai sinh"))

    version_publish(version=draft, change_note="Sửa tên")

    procedure.refresh_from_db()
    assert procedure.current_version == draft
    assert "dang ky lai khai sinh" in procedure.search_text
    assert list(procedure.versions.order_by("number").values_list("state", flat=True)) == [
        VersionState.SUPERSEDED,
        VersionState.PUBLISHED,
    ]


def test_publish_refuses_a_version_that_is_not_a_draft():
    (procedure,) = publish(procedure_data())

    with pytest.raises(NothingToPublish):
        version_publish(version=procedure.current_version)


def test_publish_refuses_a_draft_without_components():
    (procedure,) = publish(procedure_data())
    draft = version_new_draft(procedure=procedure)
    draft.components.all().delete()

    with pytest.raises(VersionIncomplete, match="components"):
        version_publish(version=draft)

    assert ProcedureVersion.objects.get(pk=draft.pk).state == VersionState.DRAFT


def test_offering_process_must_add_up_to_the_time_limit():
    (procedure,) = publish(procedure_data())

    with pytest.raises(ProcessDoesNotAddUp) as refused:
        offering_set(procedure=procedure, agency=AgencyFactory(), process=process("1", "1.5"))

    assert refused.value.params["total"] == Decimal("2.5")
    assert ProcessStep.objects.count() == 0


def test_offering_process_per_case_uses_the_case_time_limit():
    (procedure,) = publish(procedure_data())

    offering = offering_set(
        procedure=procedure,
        agency=AgencyFactory(),
        process=process("1", "2") + process("5", "10", case="Có yếu tố nước ngoài"),
    )

    assert list(offering.process.values_list("case_name", "order", "quota")) == [
        ("", 1, Decimal(1)),
        ("", 2, Decimal(2)),
        ("Có yếu tố nước ngoài", 1, Decimal(5)),
        ("Có yếu tố nước ngoài", 2, Decimal(10)),
    ]


def test_same_day_process_splits_one_working_day():
    (procedure,) = publish(
        procedure_data(
            time_limit=time_limit("0", "same_day", "15:00"),
            cases=[],
            channels=[
                {"kind": "desk", "time_limit": time_limit("0", "same_day"), "fee": 0, "notes": ""}
            ],
        )
    )

    offering_set(procedure=procedure, agency=AgencyFactory(), process=process("0.25", "0.75"))

    with pytest.raises(ProcessDoesNotAddUp):
        offering_set(procedure=procedure, agency=AgencyFactory(), process=process("0.5"))
