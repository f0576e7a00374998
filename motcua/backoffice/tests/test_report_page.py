"""The periodic report page: who sees it, what it shows, and its exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.tests.factories import build_world, decided, vn

pytestmark = pytest.mark.django_db
URL = "/staff/bao-cao/"
MARCH = {"date_from": "01/03/2026", "date_to": "31/03/2026", "by": "agency"}


@pytest.fixture
def world():
    world = build_world()
    decided(world, at=vn(2026, 3, 2, 9))
    return world


def _query(world, **changes):
    return {**MARCH, "unit": world.desk.unit_id, **changes}


def test_leader_sees_the_report_of_the_unit(client, world):
    client.force_login(world.leader)
    page = client.get(URL, _query(world))
    assert page.status_code == 200
    assert "Phòng Tư pháp" in page.text
    assert "Tổng cộng" in page.text or "Tổng số" in page.text


@pytest.mark.parametrize("role", ["clerk", "officer", "head"])
def test_other_staff_may_not_see_it(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(URL).status_code == 403


def test_a_unit_outside_the_leaders_own_is_refused(client, world):
    other = build_world()
    client.force_login(world.leader)
    page = client.get(URL, _query(world, unit=other.desk.unit_id))
    assert page.status_code == 400
    assert 'class="report"' not in page.text


def test_period_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.leader)
    page = client.get(URL, _query(world, date_from="31/03/2026", date_to="01/03/2026"))
    assert page.status_code == 400
    assert "Ngày kết thúc không được trước ngày bắt đầu." in page.text


def _export(client, world, capture, file_format="xlsx"):
    data = {**_query(world), "date_from": "2026-03-01", "date_to": "2026-03-31"}
    with capture(execute=True):
        return client.post(
            reverse("backoffice:report_export_request"), {**data, "file_format": file_format}
        )


def test_excel_export_is_prepared_in_the_background_with_the_same_total(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.leader)
    response = _export(client, world, django_capture_on_commit_callbacks)
    status = client.get(response.url)
    assert "Sẵn sàng" in status.text
    assert 'http-equiv="refresh"' not in status.text
    download = client.get(response.url + "tai-ve/")
    assert download["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    total = list(sheet.iter_rows(values_only=True))[-1]
    assert total[1] == "Tổng cộng"
    assert total[2:9] == (1, 0, 0, 1, 1, 1, 0)


def test_a_waiting_export_refreshes_itself(client, world):
    client.force_login(world.leader)
    response = _export(client, world, lambda execute: _no_callbacks())
    page = client.get(response.url)
    assert "Đang chờ" in page.text
    assert 'http-equiv="refresh"' in page.text
    assert client.get(response.url + "tai-ve/").status_code == 404


def test_someone_elses_export_is_not_found(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.leader)
    response = _export(client, world, django_capture_on_commit_callbacks, "pdf")
    inspector = StaffFactory(role=Role.INSPECTOR, agency=world.committee)
    client.force_login(inspector)
    assert client.get(response.url).status_code == 404
    assert client.get(response.url + "tai-ve/").status_code == 404


def test_page_offers_the_exports_as_buttons(client, world):
    client.force_login(world.leader)
    page = client.get(URL, _query(world))
    assert 'name="file_format" value="xlsx"' in page.text
    assert 'name="file_format" value="pdf"' in page.text


def test_inspector_reads_it(client, world):
    inspector = StaffFactory(role=Role.INSPECTOR, agency=world.committee)
    client.force_login(inspector)
    assert client.get(URL, _query(world)).status_code == 200


class _no_callbacks:
    """Leave the export queued, as it is until a worker takes it."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
