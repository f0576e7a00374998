"""Staff openings of personal data are logged, append-only, and shown to those who check."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.accounts.enums import Role
from motcua.accounts.services import api_token_create
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.services import Scan, dossier_submit_online
from motcua.dossiers.tests.factories import (
    application,
    citizen,
    received,
    submitted,
    with_agency,
)
from motcua.feedback.tests.factories import about_procedure
from motcua.organization.tests.factories import AgencyFactory, UnitFactory
from motcua.privacy.enums import AccessKind, RecordKind
from motcua.privacy.models import AccessLogEntry
from motcua.privacy.services import access_record

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _rows():
    return list(
        AccessLogEntry.objects.order_by("pk").values_list(
            "actor_id", "actor_agency_id", "record_kind", "record_code", "kind", "address"
        )
    )


def test_opening_a_dossier_page_writes_one_row_with_who_what_and_where(client, world):
    dossier = with_agency(world)
    client.force_login(world.head)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(
            reverse("backoffice:dossier", args=[dossier.code]), REMOTE_ADDR="10.1.2.3"
        )

    assert page.status_code == 200
    assert _rows() == [
        (world.head.pk, world.agency.pk, "dossier", dossier.code, "view", "10.1.2.3")
    ]
    inserts = [q for q in queries.captured_queries if "privacy_accesslogentry" in q["sql"]]
    assert len(inserts) == 1 and inserts[0]["sql"].startswith("INSERT")


def test_slips_files_feedback_and_register_exports_are_logged_by_kind(client, world):
    dossier = received(world, at=datetime(2026, 11, 23, 9, tzinfo=VN))
    client.force_login(world.clerk)

    client.get(reverse("backoffice:dossier_slip", args=[dossier.code, "01"]), {"html": "1"})
    client.get(
        reverse("backoffice:register"),
        {"date_from": "01/11/2026", "date_to": "30/11/2026", "format": "xlsx"},
    )
    feedback = about_procedure(world)
    client.force_login(world.other_head)
    client.get(reverse("backoffice:feedback", args=[feedback.code]))

    assert [(r[2], r[3], r[4]) for r in _rows()] == [
        ("dossier", dossier.code, "slip"),
        ("register", "01/11/2026-30/11/2026", "export"),
        ("feedback", feedback.code, "view"),
    ]


def test_downloading_a_file_of_a_dossier_is_logged(client, world):
    form = world.version.components.get(required=True)
    dossier = dossier_submit_online(
        application=application(world),
        idempotency_key="with-file",
        scans=[Scan("tờ khai.pdf", PDF, form.pk)],
    )
    stored = dossier.files.get()
    client.force_login(world.clerk)

    answer = client.get(reverse("backoffice:dossier_file", args=[dossier.code, stored.token]))

    assert b"".join(answer.streaming_content) == PDF
    assert [(r[2], r[3], r[4]) for r in _rows()] == [("dossier", dossier.code, "file")]


def test_the_administration_page_of_a_dossier_is_logged_under_its_code(admin_client, world):
    dossier = with_agency(world)

    page = admin_client.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))

    assert page.status_code == 200
    (row,) = _rows()
    assert row[1:5] == (None, "dossier", dossier.code, "view")


def test_lists_refusals_and_citizens_write_no_row(client, world):
    dossier = with_agency(world)
    client.force_login(world.head)
    client.get(reverse("backoffice:inbox"))
    client.force_login(world.other_officer)
    assert client.get(reverse("backoffice:dossier", args=[dossier.code])).status_code == 404
    owner = citizen()
    mine = submitted(world, owner=owner, key="mine")
    client.force_login(owner)
    assert client.get(reverse("portal:dossier", args=[mine.code])).status_code == 200

    assert _rows() == []


def test_the_log_refuses_updates_at_the_database_level(world):
    entry = access_record(
        actor=world.head, record_kind=RecordKind.DOSSIER, record_code="X", kind=AccessKind.VIEW
    )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(record_code="Y")

    assert AccessLogEntry.objects.get(pk=entry.pk).record_code == "X"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite refuses updates only")
def test_the_log_refuses_deleting_a_row_younger_than_a_year(world):
    entry = access_record(
        actor=world.head, record_kind=RecordKind.DOSSIER, record_code="X", kind=AccessKind.VIEW
    )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()

    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_an_unreadable_client_address_is_stored_empty(world):
    entry = access_record(
        actor=world.head,
        record_kind=RecordKind.DOSSIER,
        record_code="X",
        kind=AccessKind.VIEW,
        address="not-an-address",
    )

    assert AccessLogEntry.objects.get(pk=entry.pk).address is None


def _log(world, who, code, at):
    return access_record(
        actor=who, record_kind=RecordKind.DOSSIER, record_code=code, kind=AccessKind.VIEW, at=at
    )


def test_the_inspector_filters_by_dossier_staff_and_date(client, world, inspector):
    _log(world, world.head, "A-1", datetime(2026, 11, 2, 9, tzinfo=VN))
    _log(world, world.officer, "A-1", datetime(2026, 11, 3, 9, tzinfo=VN))
    _log(world, world.officer, "A-2", datetime(2026, 11, 4, 23, 30, tzinfo=VN))
    client.force_login(inspector)
    url = reverse("backoffice:access_log")

    by_dossier = client.get(url, {"code": "A-1"})
    by_staff = client.get(url, {"actor": world.officer.pk})
    by_date = client.get(url, {"date_from": "04/11/2026", "date_to": "04/11/2026"})

    assert by_dossier.status_code == 200
    assert [e.record_code for e in by_dossier.context["page"]] == ["A-1", "A-1"]
    assert [e.record_code for e in by_staff.context["page"]] == ["A-2", "A-1"]
    assert [e.record_code for e in by_date.context["page"]] == ["A-2"]
    assert "Trưởng phòng" in by_dossier.text and "10.1" not in by_dossier.text


def test_the_log_shows_only_the_agencies_the_reader_oversees(client, world, inspector):
    elsewhere = StaffFactory(agency=AgencyFactory(unit=UnitFactory()))
    _log(world, world.head, "OURS", datetime(2026, 11, 2, 9, tzinfo=VN))
    _log(world, elsewhere, "THEIRS", datetime(2026, 11, 2, 9, tzinfo=VN))
    client.force_login(inspector)

    page = client.get(reverse("backoffice:access_log"))

    assert [e.record_code for e in page.context["page"]] == ["OURS"]


def test_the_log_page_costs_the_same_queries_for_one_row_or_fifty(client, world, inspector):
    client.force_login(inspector)
    url = reverse("backoffice:access_log")
    _log(world, world.head, "A-0", datetime(2026, 11, 2, 9, tzinfo=VN))
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(49):
        who = world.officer if n % 2 else world.head
        _log(world, who, f"A-{n + 1}", datetime(2026, 11, 2, 9, tzinfo=VN))
    with CaptureQueriesContext(connection) as fifty:
        page = client.get(url)

    assert len(page.context["page"].object_list) == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize(
    "role", [Role.PROCESSING_OFFICER, Role.AGENCY_HEAD, Role.DESK_OFFICER, Role.UNIT_LEADER]
)
def test_only_inspectors_and_administrators_open_the_log(client, world, role):
    client.force_login(StaffFactory(role=role, agency=world.committee))

    assert client.get(reverse("backoffice:access_log")).status_code == 403


def test_the_applicant_sees_which_agency_opened_the_dossier_not_who(client, world):
    owner = citizen()
    dossier = submitted(world, owner=owner, key="mine")
    _log(world, world.clerk, dossier.code, datetime(2026, 11, 2, 9, tzinfo=VN))
    _log(world, world.clerk, dossier.code, datetime(2026, 11, 2, 15, tzinfo=VN))
    _log(world, world.head, dossier.code, datetime(2026, 11, 3, 9, tzinfo=VN))
    client.force_login(owner)

    page = client.get(reverse("portal:dossier", args=[dossier.code]))

    assert "Ai đã mở hồ sơ của bạn" in page.text
    rows = [(r["day"].isoformat(), r["actor_agency__name"], r["times"]) for r in _summary(page)]
    assert rows == [
        ("2026-11-03", "Phòng Tư pháp", 1),
        ("2026-11-02", "Bộ phận Một cửa", 2),
    ]
    assert world.clerk.full_name not in page.text and world.head.full_name not in page.text


def _summary(page):
    return next(c["accesses"] for c in page.context if "accesses" in c)


def test_reading_a_dossier_through_the_api_is_logged_for_the_staff_member(client, world):
    dossier = with_agency(world)
    _token, token = api_token_create(name="Cổng tỉnh", scope="read", agency=None, user=world.head)

    answer = client.get(
        f"/api/v1/dossiers/{dossier.code}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        REMOTE_ADDR="10.9.8.7",
    )

    assert answer.status_code == 200
    assert _rows() == [
        (world.head.pk, world.agency.pk, "dossier", dossier.code, "view", "10.9.8.7")
    ]
