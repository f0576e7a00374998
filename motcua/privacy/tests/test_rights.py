"""A citizen downloads their data and deletes their account; every exit path."""

import io
import json
import zipfile

import pytest
from axes.models import AccessLog
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import PASSWORD, StaffFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Scan, dossier_assign, dossier_submit_online
from motcua.dossiers.tests.factories import (
    MONDAY,
    application,
    citizen,
    returned,
    with_agency,
)
from motcua.feedback.models import Feedback
from motcua.feedback.services import rating_give
from motcua.feedback.tests.factories import sent
from motcua.privacy.enums import PrivacyAction
from motcua.privacy.models import PrivacyEvent
from motcua.privacy.services import (
    NotACitizen,
    WrongPassword,
    account_delete,
    privacy_export,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INTERNAL = "Ghi chú nội bộ: kiểm tra lại chữ ký"


@pytest.fixture
def owner():
    return citizen(
        username="an@example.org",
        email="an@example.org",
        full_name="Nguyễn Văn An",
        phone="0912345678",
    )


def _owned(world, owner):
    """An online submission with a file, then a returned, rated dossier with a staff note."""
    form = world.version.components.get(required=True)
    online = dossier_submit_online(
        application=application(world),
        idempotency_key="owned",
        citizen=owner,
        scans=[Scan("tờ khai.pdf", PDF, form.pk)],
        at=MONDAY,
    )
    done = returned(world)
    Dossier.objects.filter(pk=done.pk).update(citizen=owner)
    rating_give(dossier=done, overall=4, comment="Nhanh")
    noted = with_agency(world)
    dossier_assign(dossier=noted, actor=world.head, officer=world.officer, note=INTERNAL, at=MONDAY)
    Dossier.objects.filter(pk=noted.pk).update(citizen=owner)
    feedback = sent(world)
    Feedback.objects.filter(pk=feedback.pk).update(citizen=owner)
    return online, done, noted, feedback


def test_the_export_holds_the_account_dossiers_history_feedback_rating_and_consents(world, owner):
    online, done, noted, feedback = _owned(world, owner)

    export = privacy_export(user=owner)

    data = json.loads(export.content)
    assert export.content_type == "application/json"
    assert export.filename.startswith("du-lieu-ca-nhan-") and export.filename.endswith(".json")
    assert data["account"]["email"] == "an@example.org"
    assert data["account"]["phone"] == "0912345678"
    assert [d["code"] for d in data["dossiers"]] == [online.code, done.code, noted.code]
    first = data["dossiers"][0]
    assert first["applicant"]["id_number"] == "008095001234"
    assert first["files_uploaded"][0]["name"] == "tờ khai.pdf"
    assert first["history"][0]["action"] == "Nộp hồ sơ trực tuyến"
    assert data["dossiers"][1]["rating"]["overall"] == 4
    assert [f["code"] for f in data["feedback"]] == [feedback.code]
    assert data["consents"]["online_submissions"] == [
        {"dossier": online.code, "at": "2026-03-02T02:00:00+00:00"}  # stored in UTC
    ]
    assert data["consents"]["feedback"][0]["feedback"] == feedback.code
    assert INTERNAL not in export.content.decode()
    assert world.officer.full_name not in export.content.decode()


def test_the_export_is_recorded(world, owner):
    privacy_export(user=owner, with_files=True)

    (event,) = PrivacyEvent.objects.all()
    assert (event.action, event.account, event.details) == (
        PrivacyAction.DATA_EXPORTED,
        owner,
        {"files": True},
    )


def test_the_archive_holds_the_data_and_the_files_sent(world, owner):
    online, *_ = _owned(world, owner)

    export = privacy_export(user=owner, with_files=True)

    archive = zipfile.ZipFile(io.BytesIO(export.content))
    names = archive.namelist()
    (stored,) = online.files.all()
    assert names == ["du-lieu.json", f"dossiers/{online.code}/{stored.pk}-tờ khai.pdf"]
    assert archive.read(names[1]) == PDF
    assert json.loads(archive.read("du-lieu.json"))["account"]["full_name"] == "Nguyễn Văn An"


def test_staff_accounts_cannot_use_the_citizen_export(world):
    with pytest.raises(NotACitizen):
        privacy_export(user=world.officer)

    assert PrivacyEvent.objects.count() == 0


def test_the_account_page_downloads_the_data(client, world, owner):
    client.force_login(owner)

    page = client.get(reverse("portal:account"))
    download = client.post(reverse("portal:account_export"))

    assert "Tải dữ liệu của tôi (JSON)" in page.text
    assert download["Content-Disposition"].startswith('attachment; filename="du-lieu-ca-nhan-')
    assert json.loads(download.content)["account"]["email"] == "an@example.org"


def test_staff_are_sent_to_their_workspace_from_the_account_page(client, world):
    client.force_login(world.officer)

    assert client.get(reverse("portal:account")).url == reverse("backoffice:home")
    assert client.post(reverse("portal:account_export")).url == reverse("backoffice:home")


def test_deleting_the_account_erases_it_and_keeps_the_records_unlinked(
    world, owner, mailoutbox, django_capture_on_commit_callbacks
):
    online, done, noted, feedback = _owned(world, owner)
    AccessLog.objects.create(username="an@example.org", user_agent="x", http_accept="*/*")

    with django_capture_on_commit_callbacks(execute=True):
        event = account_delete(user=owner, password=PASSWORD)

    owner.refresh_from_db()
    assert (owner.username, owner.email, owner.full_name, owner.phone, owner.is_active) == (
        f"deleted-{owner.pk}",
        "",
        "",
        "",
        False,
    )
    assert not owner.has_usable_password()
    assert Dossier.objects.filter(citizen__isnull=True, pk__in=[online.pk, done.pk]).count() == 2
    kept = Dossier.objects.get(pk=online.pk)
    assert (kept.applicant_name, kept.applicant_id_number) == ("Nguyễn Văn An", "008095001234")
    assert Feedback.objects.get(pk=feedback.pk).citizen is None
    assert not AccessLog.objects.filter(username="an@example.org").exists()
    assert (event.action, event.details) == (
        PrivacyAction.ACCOUNT_DELETED,
        {"dossiers_unlinked": 3, "feedback_unlinked": 1},
    )
    (mail,) = mailoutbox
    assert mail.to == ["an@example.org"]
    assert mail.subject == "Tài khoản của bạn đã được xóa"


def test_a_wrong_password_deletes_nothing(world, owner, mailoutbox):
    with pytest.raises(WrongPassword):
        account_delete(user=owner, password="not-the-password")

    owner.refresh_from_db()
    assert (owner.is_active, owner.email) == (True, "an@example.org")
    assert (PrivacyEvent.objects.count(), mailoutbox) == (0, [])


def test_staff_accounts_are_not_deleted_here(world):
    with pytest.raises(NotACitizen):
        account_delete(user=world.officer, password=PASSWORD)

    world.officer.refresh_from_db()
    assert world.officer.is_active


def test_a_deleted_account_cannot_be_deleted_again(world, owner):
    account_delete(user=owner, password=PASSWORD)

    with pytest.raises(NotACitizen):
        account_delete(user=owner, password=PASSWORD)

    assert PrivacyEvent.objects.count() == 1


def test_the_deletion_page_asks_the_password_then_logs_out(client, world, owner):
    client.force_login(owner)
    url = reverse("portal:account_delete")

    empty = client.post(url, {})
    wrong = client.post(url, {"password": "wrong", "confirm": "on"})
    unconfirmed = client.post(url, {"password": PASSWORD})
    done = client.post(url, {"password": PASSWORD, "confirm": "on"})

    assert empty.status_code == 400
    assert wrong.status_code == 400 and "Mật khẩu không đúng." in wrong.text
    assert unconfirmed.status_code == 400
    assert done.url == reverse("portal:account_deleted")
    assert SESSION_KEY not in client.session
    client.post(reverse("accounts:login"), {"username": "an@example.org", "password": PASSWORD})
    assert SESSION_KEY not in client.session


def test_a_deleted_account_is_refused_on_its_other_sessions(client, world, owner):
    client.force_login(owner)
    account_delete(user=owner, password=PASSWORD)

    page = client.get(reverse("portal:account"))

    assert page.status_code == 302 and "login" in page.url


def test_staff_cannot_reach_the_deletion_form(client, world):
    client.force_login(StaffFactory(role=Role.INSPECTOR, agency=world.committee))

    assert client.get(reverse("portal:account_delete")).url == reverse("backoffice:home")
