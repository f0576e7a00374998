"""Where a dossier stands against its due date: early, on time, late, within time, overdue."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from motcua.catalog.enums import ChannelKind, TimeUnit
from motcua.dossiers.enums import DossierStatus, Timeliness
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_pause
from motcua.dossiers.tests.factories import CASE, MONDAY, assigned, build_world, decided, vn
from motcua.dossiers.timing import (
    calendar_for,
    classify,
    effective_due,
    limit_for,
    remaining,
    step_due,
    step_unit,
)
from motcua.workdays.calendar import WorkCalendar

S = DossierStatus
T = Timeliness
DUE = vn(2026, 3, 5, 9)  # Thursday 09:00
HOURS = timedelta(hours=1)
DAY = 7.5 * HOURS  # 07:30–11:30 and 13:30–17:00


@pytest.fixture(scope="module")
def calendar():
    return WorkCalendar()  # the national calendar with the default working hours


def _dossier(status=S.PROCESSING, *, due=DUE, decided_at=None, paused_at=None) -> Dossier:
    return Dossier(status=status, due_at=due, decided_at=decided_at, paused_at=paused_at)


# Decided: compared at day granularity ------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided_at", "expected"),
    [
        (vn(2026, 3, 2, 15), T.EARLY),
        (vn(2026, 3, 4, 23, 59), T.EARLY),
        (vn(2026, 3, 5, 0, 1), T.ON_TIME),
        (vn(2026, 3, 5, 9), T.ON_TIME),
        (vn(2026, 3, 5, 16, 30), T.ON_TIME),  # after the hour, but on the due day
        (vn(2026, 3, 6, 7, 30), T.LATE),
        (vn(2026, 4, 1), T.LATE),
    ],
)
def test_classify_decided_dossier_by_day(calendar, decided_at, expected):
    for status in (S.PROCESSED, S.RETURNED):
        assert (
            classify(_dossier(status, decided_at=decided_at), at=vn(2026, 5, 1), calendar=calendar)
            == expected
        )


def test_classify_reads_the_day_on_the_vietnamese_clock(calendar):
    # 17:30 UTC on Wednesday is 00:30 on Thursday, the due day, in Vietnam.
    decided_at = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)

    assert (
        classify(_dossier(S.PROCESSED, decided_at=decided_at), at=DUE, calendar=calendar)
        == T.ON_TIME
    )


# Open: compared at the instant -------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.RECEIVED, S.PROCESSING])
@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (vn(2026, 3, 2, 9), T.WITHIN_TIME),
        (DUE, T.WITHIN_TIME),
        (DUE + timedelta(microseconds=1), T.OVERDUE),
        (vn(2026, 3, 9, 9), T.OVERDUE),
    ],
)
def test_classify_open_dossier_at_the_moment(calendar, status, at, expected):
    assert classify(_dossier(status), at=at, calendar=calendar) == expected


@pytest.mark.parametrize("status", [S.SUPPLEMENT, S.FINANCIAL])
def test_classify_paused_dossier_against_its_pushed_due_date(calendar, status):
    paused = _dossier(status, paused_at=vn(2026, 3, 2, 10))

    # Past the stored due date, but the clock has stood still since Monday 10:00.
    assert classify(paused, at=vn(2026, 3, 9, 9), calendar=calendar) == T.WITHIN_TIME


@pytest.mark.parametrize("status", [S.SUBMITTED, S.REFUSED, S.WITHDRAWN, S.STOPPED])
def test_classify_closed_or_not_received_dossier_is_none(calendar, status):
    assert classify(_dossier(status), at=DUE, calendar=calendar) is None


def test_classify_without_a_due_date_is_none(calendar):
    assert classify(_dossier(S.SUBMITTED, due=None), at=DUE, calendar=calendar) is None


# Effective due and remaining time ----------------------------------------------------------------


def test_effective_due_while_paused_moves_with_the_clock(calendar):
    paused = _dossier(S.SUPPLEMENT, paused_at=vn(2026, 3, 2, 10))

    assert effective_due(paused, at=vn(2026, 3, 2, 9), calendar=calendar) == DUE
    assert effective_due(paused, at=vn(2026, 3, 3, 10), calendar=calendar) == vn(2026, 3, 6, 9)
    # Paused from Monday 10:00 to Saturday: 35 working hours, the weekend does not count.
    assert effective_due(paused, at=vn(2026, 3, 7, 12), calendar=calendar) == vn(2026, 3, 11, 16)


def test_effective_due_ignores_a_stale_pause_once_processing_again(calendar):
    resumed = _dossier(S.PROCESSING, paused_at=vn(2026, 3, 2, 10))

    assert effective_due(resumed, at=vn(2026, 3, 9), calendar=calendar) == DUE


def test_remaining_counts_working_time_only(calendar):
    dossier = _dossier()

    assert remaining(dossier, at=vn(2026, 3, 2, 9), calendar=calendar) == 3 * DAY
    assert remaining(dossier, at=vn(2026, 3, 4, 16), calendar=calendar) == 2.5 * HOURS
    assert remaining(dossier, at=DUE, calendar=calendar) == timedelta(0)


def test_remaining_is_negative_when_overdue(calendar):
    assert remaining(_dossier(), at=vn(2026, 3, 6, 9), calendar=calendar) == -DAY
    assert remaining(_dossier(), at=vn(2026, 3, 7, 9), calendar=calendar) == -(
        2 * DAY - 1.5 * HOURS
    )


def test_remaining_while_paused_does_not_shrink(calendar):
    paused = _dossier(S.FINANCIAL, paused_at=vn(2026, 3, 3, 9))

    tuesday = remaining(paused, at=vn(2026, 3, 3, 9), calendar=calendar)
    friday = remaining(paused, at=vn(2026, 3, 6, 16), calendar=calendar)

    assert tuesday == friday == 2 * DAY


def test_remaining_without_a_due_date_is_none(calendar):
    assert remaining(_dossier(S.SUBMITTED, due=None), at=DUE, calendar=calendar) is None


# With real dossiers ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_real_dossiers_classify_through_their_desks_calendar():
    world = build_world()
    on_time = decided(world, at=MONDAY)
    paused = dossier_pause(
        dossier=assigned(world),
        actor=world.officer,
        financial=True,
        reason="Lệ phí",
        at=vn(2026, 3, 3, 9),
    )
    calendar = calendar_for(on_time)

    assert classify(on_time, at=DUE, calendar=calendar) == T.EARLY
    assert classify(paused, at=vn(2026, 3, 20), calendar=calendar) == T.WITHIN_TIME
    assert remaining(paused, at=vn(2026, 3, 20), calendar=calendar) == 2 * DAY


@pytest.mark.django_db
def test_limit_for_prefers_the_case_then_the_channel_then_the_procedure():
    world = build_world(with_case=True, online_amount="2")
    version = world.version

    assert limit_for(version=version, channel=ChannelKind.DESK, case_name=CASE) == (
        limit_for(version=version, channel=ChannelKind.ONLINE, case_name=CASE)
    )
    case = limit_for(version=version, channel=ChannelKind.DESK, case_name=CASE)
    online = limit_for(version=version, channel=ChannelKind.ONLINE)
    post = limit_for(version=version, channel=ChannelKind.POST)
    assert (case.amount, case.unit) == (Decimal(15), TimeUnit.WORKING_DAYS)
    assert (online.amount, online.unit) == (Decimal(2), TimeUnit.WORKING_DAYS)
    assert (post.amount, post.unit, post.cutoff) == (Decimal(3), TimeUnit.WORKING_DAYS, None)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (TimeUnit.WORKING_HOURS, TimeUnit.WORKING_HOURS),
        (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_DAYS),
        (TimeUnit.CALENDAR_DAYS, TimeUnit.WORKING_DAYS),
        (TimeUnit.SAME_DAY, TimeUnit.WORKING_DAYS),
    ],
)
def test_step_unit_counts_quotas_in_working_time(unit, expected):
    assert step_unit(unit) == expected


def test_step_due_of_a_zero_quota_is_the_next_opening(calendar):
    assert step_due(calendar, vn(2026, 3, 6, 18), Decimal(0), TimeUnit.WORKING_DAYS) == vn(
        2026, 3, 9, 7, 30
    )
    assert step_due(calendar, vn(2026, 3, 2, 9), Decimal("0.5"), TimeUnit.WORKING_DAYS) == vn(
        2026, 3, 2, 14, 45
    )
    assert step_due(calendar, vn(2026, 3, 2, 9), Decimal(2), TimeUnit.WORKING_HOURS) == vn(
        2026, 3, 2, 11
    )
