"""The applicant hears about a change by e-mail and SMS, only once it is committed."""

import pytest
from django.db import transaction

from motcua.dossiers.notifications import dossier_changed
from motcua.dossiers.services import (
    Applicant,
    dossier_assign,
    dossier_forward,
    dossier_transfer_to_agency,
)
from motcua.dossiers.tests.factories import MONDAY, received, submitted
from motcua.notifications.sms import TextMessage

pytestmark = pytest.mark.django_db


def _notifications(callbacks) -> list:
    """The announcements among the after-commit callbacks (others forget cached views)."""
    return [c for c in callbacks if getattr(c, "func", None) is dossier_changed]


def test_receive_mails_and_texts_the_applicant_after_commit(
    world, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier = received(world, at=MONDAY)
        assert (mailoutbox, sms_outbox) == ([], [])  # nothing leaves before the commit

    assert len(_notifications(callbacks)) == 1
    (mail,) = mailoutbox
    assert mail.to == ["an@example.org"]
    assert dossier.code in mail.subject
    assert dossier.code in mail.body
    assert world.version.name in mail.body
    assert "09:00 05/03/2026" in mail.body  # the appointment, on a Vietnamese clock
    assert sms_outbox == [TextMessage(to="0912345678", body=mail.body)]


def test_submit_online_confirms_the_submission(
    world, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = submitted(world)

    assert [m.to for m in mailoutbox] == [["an@example.org"]]
    assert dossier.code in mailoutbox[0].body
    assert "05/03/2026" not in mailoutbox[0].body  # no appointment before reception
    assert len(sms_outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(
    world, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            received(world)
            raise RuntimeError("the desk's request failed after the reception")

    assert callbacks == []
    assert (mailoutbox, sms_outbox) == ([], [])


def test_steps_inside_the_agency_are_not_announced(
    world, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    dossier = received(world)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier = dossier_transfer_to_agency(dossier=dossier, actor=world.clerk, at=MONDAY)
        dossier = dossier_assign(dossier=dossier, actor=world.head, officer=world.officer)
        dossier_forward(dossier=dossier, actor=world.officer)

    assert len(_notifications(callbacks)) == 3  # scheduled for every change, then filtered
    assert (mailoutbox, sms_outbox) == ([], [])


def test_applicant_without_e_mail_gets_only_the_text_message(
    world, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    person = Applicant(name="Hoàng Văn Dũng", id_number="008095004321", phone="0977000111")

    with django_capture_on_commit_callbacks(execute=True):
        received(world, applicant=person)

    assert mailoutbox == []
    assert [m.to for m in sms_outbox] == ["0977000111"]


def test_applicant_without_phone_gets_only_the_e_mail(
    world, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    person = Applicant(name="Hoàng Văn Dũng", id_number="008095004321", email="d@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        received(world, applicant=person)

    assert [m.to for m in mailoutbox] == [["d@example.org"]]
    assert sms_outbox == []


def test_the_late_notice_apologises_with_both_dates_and_the_reason(
    world, mailoutbox, sms_outbox, django_capture_on_commit_callbacks
):
    from motcua.dossiers.permissions import allowed_actions
    from motcua.dossiers.services import dossier_late_notice
    from motcua.dossiers.tests.factories import assigned, vn

    dossier = assigned(world, at=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_late_notice(
            dossier=dossier,
            actor=world.head,
            reason="Cần xác minh thêm tại xã",
            new_due_at=vn(2026, 3, 10, 17),
            at=MONDAY,
        )
    (mail,) = mailoutbox
    assert "09:00 05/03/2026" in mail.body and "17:00 10/03/2026" in mail.body
    assert "Cần xác minh thêm tại xã" in mail.body
    assert mail.body.startswith("Xin lỗi") or "xin lỗi" in mail.body.lower()
    assert sms_outbox[0].body == mail.body
    # Only once: the action is no longer offered.
    assert "late_notice" not in allowed_actions(world.head, dossier)
