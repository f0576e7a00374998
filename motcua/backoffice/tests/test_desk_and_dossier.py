"""The desk and the dossier page, driven through the views as staff use them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.factories import application, build_world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def reception_data(world, page_text: str, **overrides) -> dict:
    total = int(re.search(r'name="c-TOTAL_FORMS" value="(\d+)"', page_text).group(1))
    data = {
        "agency": world.agency.pk,
        "case_name": "",
        "channel": "desk",
        "content": "",
        "fee_amount": "0",
        "applicant_kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": "008095001234",
        "phone": "0912345678",
        "email": "",
        "address": "Nà Hang",
        "representative_name": "",
        "representative_id_number": "",
        "other_missing": "",
        "reason": "",
        "c-TOTAL_FORMS": str(total),
        "c-INITIAL_FORMS": str(total),
        "c-MIN_NUM_FORMS": "0",
        "c-MAX_NUM_FORMS": "1000",
    }
    for i in range(total):
        component = re.search(rf'name="c-{i}-component_id" value="(\d+)"', page_text).group(1)
        data.update(
            {
                f"c-{i}-component_id": component,
                f"c-{i}-received": "on",
                f"c-{i}-originals": "1",
                f"c-{i}-certified_copies": "0",
                f"c-{i}-photocopies": "0",
            }
        )
    data.update(overrides)
    return data


def test_desk_finds_procedures_of_its_unit_without_diacritics(client, world):
    client.force_login(world.clerk)

    page = client.get(reverse("backoffice:desk"), {"q": "dang ky khai sinh"})

    assert page.status_code == 200
    assert reverse("backoffice:desk_receive", args=["1.001193"]) in page.text


def test_desk_receives_a_walk_in_dossier_with_a_scan_and_prints_form_01(client, world):
    client.force_login(world.clerk)
    url = reverse("backoffice:desk_receive", args=["1.001193"])
    form = client.get(url).text
    data = reception_data(world, form, action="receive")
    data["c-0-scan"] = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")

    response = client.post(url, data)

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:dossier", args=[dossier.code]) + "#slips"
    assert dossier.status == DossierStatus.RECEIVED
    assert DossierFile.objects.get().component.name == "Tờ khai đăng ký khai sinh"
    pdf = client.get(reverse("backoffice:dossier_slip", args=[dossier.code, "01"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_desk_preview_shows_the_appointment_without_receiving(client, world):
    client.force_login(world.clerk)
    url = reverse("backoffice:desk_receive", args=["1.001193"])
    data = reception_data(world, client.get(url).text, action="preview")

    page = client.post(url, data)

    assert page.status_code == 200
    assert 'id="preview-h"' in page.text
    assert Dossier.objects.count() == 0


def test_desk_shows_field_errors_for_a_bad_id_number_and_receives_nothing(client, world):
    client.force_login(world.clerk)
    url = reverse("backoffice:desk_receive", args=["1.001193"])
    data = reception_data(world, client.get(url).text, action="receive", id_number="12345")

    page = client.post(url, data)

    assert page.status_code == 200
    assert "12" in page.text and 'class="field has-error"' in page.text
    assert Dossier.objects.count() == 0


def test_desk_asks_for_a_supplement_listing_unticked_documents(client, world):
    client.force_login(world.clerk)
    url = reverse("backoffice:desk_receive", args=["1.001193"])
    data = reception_data(world, client.get(url).text, action="supplement", reason="Thiếu tờ khai")
    del data["c-0-received"]

    client.post(url, data)

    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.SUPPLEMENT
    assert dossier.events.get().payload == {"missing": ["Tờ khai đăng ký khai sinh"]}


def test_other_roles_cannot_open_the_desk(client, world):
    client.force_login(world.officer)

    assert client.get(reverse("backoffice:desk")).status_code == 403


def test_dossier_lifecycle_through_the_dossier_page(client, world):
    dossier = dossier_receive(actor=world.clerk, application=application(world))
    act = lambda user, action, data: (  # noqa: E731
        client.force_login(user),
        client.post(reverse("backoffice:dossier_action", args=[dossier.code, action]), data),
    )[1]

    assert act(world.clerk, "transfer_to_agency", {}).status_code == 302
    assert act(world.head, "assign", {"assign-officer": world.officer.pk}).status_code == 302
    assert act(world.officer, "forward", {"forward-note": "Đủ điều kiện"}).status_code == 302
    assert act(world.leader, "approve", {"approve-document": "Giấy khai sinh"}).status_code == 302
    assert (
        act(
            world.clerk,
            "return_result",
            {
                "return_result-method": "desk",
                "return_result-returned_to": "Nguyễn Văn An",
            },
        ).status_code
        == 302
    )

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    assert list(dossier.events.values_list("action", flat=True)) == [
        "receive",
        "transfer_to_agency",
        "assign",
        "forward",
        "approve",
        "return_result",
    ]


def test_dossier_page_offers_only_the_actions_this_person_may_take(client, world):
    dossier = dossier_receive(actor=world.clerk, application=application(world))

    client.force_login(world.clerk)
    desk_page = client.get(reverse("backoffice:dossier", args=[dossier.code])).text
    client.force_login(world.head)
    head_page = client.get(reverse("backoffice:dossier", args=[dossier.code]))

    assert (
        reverse("backoffice:dossier_action", args=[dossier.code, "transfer_to_agency"]) in desk_page
    )
    assert head_page.status_code == 200
    assert "/xu-ly/" not in head_page.text


def test_an_action_refused_by_the_rules_is_shown_not_applied(client, world):
    dossier = dossier_receive(actor=world.clerk, application=application(world))
    client.force_login(world.officer)

    page = client.post(reverse("backoffice:dossier_action", args=[dossier.code, "forward"]), {})

    assert page.status_code in (400, 404)
    dossier.refresh_from_db()
    assert dossier.revision == 1


def test_staff_of_another_agency_cannot_see_the_dossier(client, world):
    dossier = dossier_receive(actor=world.clerk, application=application(world))
    client.force_login(world.other_officer)

    assert client.get(reverse("backoffice:dossier", args=[dossier.code])).status_code == 404


def test_inbox_lists_the_agency_dossiers_and_the_head_assigns_in_bulk(client, world):
    from motcua.dossiers.services import dossier_transfer_to_agency

    dossiers = [
        dossier_transfer_to_agency(
            dossier=dossier_receive(actor=world.clerk, application=application(world)),
            actor=world.clerk,
        )
        for _ in range(2)
    ]
    client.force_login(world.head)
    page = client.get(reverse("backoffice:inbox"))
    assert all(d.code in page.text for d in dossiers)

    response = client.post(
        reverse("backoffice:inbox_assign"),
        {
            "codes": [d.code for d in dossiers],
            "officer": world.officer.pk,
        },
    )

    assert response.status_code == 302
    assert set(Dossier.objects.values_list("holder", flat=True)) == {world.officer.pk}
