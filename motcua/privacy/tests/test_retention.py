"""purge_expired removes what passed its retention period, once, and records it."""

import os
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import CommandError, call_command

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import Scan, dossier_refuse, dossier_submit_online
from motcua.dossiers.tests.factories import application, citizen, received
from motcua.notifications.models import Notice
from motcua.privacy.enums import AccessKind, PrivacyAction, RecordKind
from motcua.privacy.models import AccessLogEntry, PrivacyEvent
from motcua.privacy.services import (
    RetentionTooShort,
    access_record,
    account_delete,
    purge_expired,
)

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = datetime(2026, 6, 1, 2, 0, tzinfo=VN)


def vn(year, month, day):
    return datetime(year, month, day, 9, tzinfo=VN)


def _unconfirmed(name):
    return User.objects.create(username=name, email=name, role=Role.CITIZEN, is_active=False)


def _refused_online(world, key, at):
    form = world.version.components.get(required=True)
    dossier = dossier_submit_online(
        application=application(world),
        idempotency_key=key,
        scans=[Scan("tờ khai.pdf", PDF, form.pk)],
        at=at,
    )
    return dossier_refuse(actor=world.clerk, dossier=dossier, reason="Sai thẩm quyền.", at=at)


def _login(username):
    fields = {"user_agent": "x", "ip_address": "10.0.0.1", "http_accept": "*/*", "path_info": "/"}
    AccessLog.objects.create(username=username, **fields)
    AccessAttempt.objects.create(
        username=username, get_data="", post_data="", failures_since_start=1, **fields
    )


@pytest.fixture
def history(world, time_machine):
    """Data of every kind, some past its retention on TODAY and some not."""
    made = {}
    time_machine.move_to(vn(2025, 1, 2))
    Notice.objects.create(key="old", recipient="an@example.org")
    made["old_refused"] = _refused_online(world, "old", vn(2025, 10, 1))
    made["received"] = received(world, at=vn(2025, 10, 1))
    time_machine.move_to(vn(2026, 1, 5))
    made["old_unconfirmed"] = _unconfirmed("cu@example.org")
    made["confirmed"] = citizen(username="da@example.org", is_active=True)
    _login("cu@example.org")
    time_machine.move_to(vn(2026, 5, 25))
    made["new_unconfirmed"] = _unconfirmed("moi@example.org")
    made["new_refused"] = _refused_online(world, "new", vn(2026, 5, 25))
    Notice.objects.create(key="new", recipient="an@example.org")
    _login("moi@example.org")
    for code, at in (("OLD", vn(2024, 1, 2)), ("NEW", vn(2025, 12, 1))):
        access_record(
            actor=world.clerk,
            record_kind=RecordKind.DOSSIER,
            record_code=code,
            kind=AccessKind.VIEW,
            at=at,
        )
    time_machine.move_to(TODAY)
    return made


EXPECTED = {
    "unconfirmed_accounts": 1,
    "unreceived_files": 1,
    "notices": 1,
    "login_attempts": 1,
    "login_failures": 0,
    "logins": 1,
    "access_log": 1,
}


def test_a_dry_run_counts_and_removes_nothing(history):
    counts = purge_expired(dry_run=True)

    assert counts == EXPECTED
    assert (User.objects.filter(is_active=False).count(), Notice.objects.count()) == (2, 2)
    assert PrivacyEvent.objects.count() == 0


def test_the_purge_removes_exactly_what_expired(history):
    old_file = history["old_refused"].files.get()
    path = old_file.file.path

    counts = purge_expired()

    assert counts == EXPECTED
    assert not User.objects.filter(pk=history["old_unconfirmed"].pk).exists()
    assert User.objects.filter(pk=history["new_unconfirmed"].pk).exists()
    assert User.objects.filter(pk=history["confirmed"].pk).exists()
    assert not DossierFile.objects.filter(dossier=history["old_refused"]).exists()
    assert Dossier.objects.filter(pk=history["old_refused"].pk).exists()  # the record stays
    assert DossierFile.objects.filter(dossier=history["new_refused"]).count() == 1
    assert not os.path.exists(path)
    assert list(Notice.objects.values_list("key", flat=True)) == ["new"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["moi@example.org"]
    assert list(AccessLogEntry.objects.values_list("record_code", flat=True)) == ["NEW"]
    (event,) = PrivacyEvent.objects.all()
    assert (event.action, event.details) == (PrivacyAction.PURGED, EXPECTED)


def test_a_second_run_removes_nothing_more(history):
    purge_expired()

    assert purge_expired() == dict.fromkeys(EXPECTED, 0)
    assert PrivacyEvent.objects.count() == 2


def test_files_of_received_dossiers_are_never_purged(world, time_machine):
    time_machine.move_to(vn(2024, 3, 1))
    dossier = received(world, at=vn(2024, 3, 1))
    DossierFile.objects.create(
        dossier=dossier,
        token="t" * 32,
        file="dossiers/x/y",
        original_name="scan.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
        uploaded_at=vn(2024, 3, 1),
    )
    time_machine.move_to(TODAY)

    assert purge_expired()["unreceived_files"] == 0
    assert dossier.files.count() == 1


def test_a_deleted_account_is_not_taken_for_an_unconfirmed_one(world, time_machine):
    time_machine.move_to(vn(2025, 1, 2))
    gone = citizen(username="x@example.org")
    account_delete(user=gone, password="a-long-test-password")
    time_machine.move_to(TODAY)

    assert purge_expired()["unconfirmed_accounts"] == 0
    assert User.objects.filter(pk=gone.pk).exists()


def test_an_access_log_kept_under_a_year_is_refused(world, settings):
    settings.MOTCUA_RETAIN_ACCESS_LOG_DAYS = 200

    with pytest.raises(RetentionTooShort):
        purge_expired()

    assert PrivacyEvent.objects.count() == 0


def test_the_command_prints_the_counts(history):
    out = StringIO()

    call_command("purge_expired", "--dry-run", stdout=out)
    call_command("purge_expired", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "unconfirmed_accounts: 1 would be removed"
    assert lines[7] == "unconfirmed_accounts: 1 removed"
    assert len(lines) == 14


def test_the_command_fails_on_a_too_short_access_log_retention(world, settings):
    settings.MOTCUA_RETAIN_ACCESS_LOG_DAYS = 30

    with pytest.raises(CommandError, match="365"):
        call_command("purge_expired")
