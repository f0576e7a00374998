import pytest
from django.urls import reverse

from motcua.catalog.enums import VersionState
from motcua.catalog.models import Offering, ProcedureVersion
from motcua.catalog.tests.factories import procedure_data, publish
from motcua.organization.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    (procedure,) = publish(procedure_data())
    return procedure


def test_admin_lists_procedures_and_shows_version_history(admin_client, procedure):
    listing = admin_client.get(reverse("admin:catalog_procedure_changelist"))
    page = admin_client.get(reverse("admin:catalog_procedure_change", args=[procedure.pk]))

    assert listing.status_code == page.status_code == 200
    assert "Đăng ký khai sinh" in listing.text
    assert "v1" in page.text
    assert "Tạo phiên bản mới" in page.text


def test_admin_shows_a_published_version_read_only(admin_client, procedure):
    url = reverse("admin:catalog_procedureversion_change", args=[procedure.current_version.pk])

    page = admin_client.get(url)
    admin_client.post(url, {"name": "Đổi tên lén"})

    assert page.status_code == 200
    assert 'name="name"' not in page.text
    assert ProcedureVersion.objects.get().name == "Đăng ký khai sinh"


def test_admin_new_version_then_publish(admin_client, procedure):
    response = admin_client.post(
        reverse("admin:catalog_procedure_new_version", args=[procedure.pk])
    )
    draft = ProcedureVersion.objects.get(state=VersionState.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_procedureversion_change", args=[draft.pk])

    admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    procedure.refresh_from_db()
    assert procedure.current_version == draft
    assert list(ProcedureVersion.objects.order_by("number").values_list("state", flat=True)) == [
        VersionState.SUPERSEDED,
        VersionState.PUBLISHED,
    ]


def test_admin_refuses_an_internal_process_that_does_not_add_up(admin_client, procedure):
    agency = AgencyFactory()
    prefix = "process"
    data = {
        "procedure": procedure.pk,
        "agency": agency.pk,
        "is_active": "on",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, quota in enumerate(["1", "1"]):
        data.update(
            {
                f"{prefix}-{i}-case_name": "",
                f"{prefix}-{i}-order": str(i + 1),
                f"{prefix}-{i}-name": f"Bước {i + 1}",
                f"{prefix}-{i}-role": "processing_officer",
                f"{prefix}-{i}-performer": "agency",
                f"{prefix}-{i}-quota": quota,
            }
        )

    page = admin_client.post(reverse("admin:catalog_offering_add"), data)

    assert page.status_code == 200
    assert "Tổng thời gian các bước của quy trình nội bộ cho trường hợp chung là 2" in page.text
    assert Offering.objects.count() == 0

    data[f"{prefix}-1-quota"] = "2"
    assert admin_client.post(reverse("admin:catalog_offering_add"), data).status_code == 302
    assert Offering.objects.get().process.count() == 2
