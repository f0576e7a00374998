from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from motcua.outreach.enums import ReviewStatus
from motcua.outreach.models import OutreachSession, ProcedureReview, ProcedureReviewEvent
from motcua.outreach.summary import outreach_summary
from motcua.reports.periods import year_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, time_machine):
    time_machine.move_to("2026-11-25 09:00+07:00")
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_sessions_are_28_reaching_1641_people_this_year(demo):
    period = year_period(timezone.localdate().year)

    summary = outreach_summary(start=period.start, end=period.end)

    assert (summary.sessions, summary.participants) == (28, 1641)
    assert OutreachSession.objects.count() == 28
    assert OutreachSession.objects.aggregate(people=Sum("participants"))["people"] == 1641
    months = set(OutreachSession.objects.values_list("held_on__month", flat=True))
    assert len(months) == 11
    assert "Demo outreach sessions: 28 new; reviews: 5 new." in demo


def test_demo_reviews_go_through_every_status(demo):
    statuses = set(ProcedureReview.objects.values_list("status", flat=True))

    assert statuses == set(ReviewStatus)
    assert ProcedureReviewEvent.objects.count() == 5 + 1 + 2 + 3 + 2


def test_demo_outreach_loads_once(demo):
    out = StringIO()
    call_command("load_demo", stdout=out)

    assert "Demo outreach sessions: 0 new; reviews: 0 new." in out.getvalue()
    assert (OutreachSession.objects.count(), ProcedureReview.objects.count()) == (28, 5)
