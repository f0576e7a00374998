"""While a supplement pause runs, the applicant sees the appointment as it stands now."""

import pytest
import time_machine

from motcua.dossiers.services import dossier_pause
from motcua.dossiers.tests.factories import MONDAY, assigned, vn
from motcua.portal.access import unlock

pytestmark = pytest.mark.django_db


def test_the_status_page_shows_the_moved_appointment_during_a_pause(client, world):
    dossier = assigned(world, at=MONDAY)
    first = dossier.due_at
    dossier = dossier_pause(
        dossier=dossier,
        actor=world.officer,
        missing=["Bản sao sổ hộ khẩu"],
        reason="Thiếu",
        at=MONDAY,
    )
    session = client.session
    with time_machine.travel(vn(2026, 3, 4, 9), tick=False):  # two working days later
        request = type("R", (), {"session": session})()
        unlock(request, dossier)
        session.save()
        page = client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert first.astimezone(vn(2026, 1, 1).tzinfo).strftime("%H:%M %d/%m/%Y") not in page
    assert "09:00 09/03/2026" in page
    assert "thời hạn giải quyết không tính" in page
