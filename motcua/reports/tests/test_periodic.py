"""The periodic report on hand-built dossiers: each column counts what docs/reports.md says."""

from decimal import Decimal

import pytest

from motcua.dossiers.services import (
    dossier_decide,
    dossier_late_notice,
    dossier_pause,
    dossier_receive,
    dossier_transfer,
    dossier_withdraw,
)
from motcua.dossiers.tests.factories import (
    assigned,
    at_signing,
    build_world,
    decided,
    received,
    submitted,
    vn,
)
from motcua.dossiers.timing import calendar_for, classify
from motcua.reports.enums import Tier
from motcua.reports.periodic import periodic_report

pytestmark = pytest.mark.django_db

MARCH = {"start": vn(2026, 3, 1, 0), "end": vn(2026, 4, 1, 0), "at": vn(2026, 4, 15, 9)}


@pytest.fixture
def world():
    return build_world()


def _decide(world, dossier, at):
    return dossier_decide(
        dossier=dossier, actor=world.leader, approved=True, document="Giấy khai sinh", at=at
    )


def _march(**kwargs):
    return periodic_report(**{**MARCH, **kwargs})


def test_resolved_dossiers_are_early_on_the_due_day_or_late(world):
    monday = vn(2026, 3, 2, 9)  # due Thursday 5/3 09:00 (3 working days)
    decided(world, at=monday)
    _decide(world, at_signing(world, at=monday), vn(2026, 3, 5, 16))
    _decide(world, at_signing(world, at=monday), vn(2026, 3, 10, 9))
    total = _march().total
    assert (total.received, total.resolved) == (3, 3)
    assert (total.early, total.on_time, total.late) == (1, 1, 1)
    assert total.on_time_percent == Decimal("66.7")


def test_a_dossier_crossing_the_period_start_is_carried_over(world):
    # Received on Friday 27/2, decided in March: carried over and resolved.
    _decide(world, at_signing(world, at=vn(2026, 2, 27, 9)), vn(2026, 3, 3, 9))
    # Received on 25/2 and still open: carried over and, at the end of March, overdue.
    assigned(world, at=vn(2026, 2, 25, 9))
    total = _march().total
    assert (total.carried_over, total.received, total.to_handle) == (2, 0, 2)
    assert (total.resolved, total.early) == (1, 1)
    assert (total.in_progress, total.within_time, total.overdue) == (1, 0, 1)


def test_open_at_the_end_is_within_time_when_due_after_it(world):
    assigned(world, at=vn(2026, 3, 30, 9))  # due 2/4
    total = _march().total
    assert (total.received, total.within_time, total.overdue) == (1, 1, 0)


def test_a_dossier_received_after_the_period_is_not_counted(world):
    decided(world, at=vn(2026, 4, 2, 9))
    report = _march()
    assert report.total.to_handle == 0
    assert report.groups == []


def test_a_paused_dossier_keeps_the_time_it_had_when_paused(world):
    dossier = assigned(world, at=vn(2026, 3, 2, 9))  # due 5/3, paused on 3/3 for a month
    dossier_pause(
        dossier=dossier, actor=world.officer, missing=["Ảnh"], reason="Thiếu", at=vn(2026, 3, 3)
    )
    total = _march().total
    assert (total.within_time, total.overdue, total.waiting_citizen) == (1, 0, 1)


def test_a_transferred_dossier_is_counted_once_under_its_new_agency(world):
    dossier = assigned(world, at=vn(2026, 3, 2, 9))
    dossier_transfer(dossier=dossier, actor=world.officer, to=world.other_agency, note="Liên thông")
    report = _march(by="agency")
    (group,) = report.groups
    assert [row.label.split(" (")[0] for row in group.rows] == ["Phòng Nội vụ"]
    assert report.total.received == 1


def test_a_late_notice_moves_the_date_the_dossier_is_judged_by(world):
    dossier = at_signing(world, at=vn(2026, 3, 2, 9))  # due 5/3
    dossier = dossier_late_notice(
        dossier=dossier,
        actor=world.head,
        reason="Cần xác minh thêm",
        new_due_at=vn(2026, 3, 12, 16),
        at=vn(2026, 3, 3, 9),
    )
    _decide(world, dossier, vn(2026, 3, 11, 9))
    total = _march().total
    assert (total.early, total.on_time, total.late) == (1, 0, 0)


def test_channels_withdrawals_and_returns_are_counted_apart(world):
    online = submitted(world, at=vn(2026, 3, 2, 8))
    dossier_receive(actor=world.clerk, dossier=online, at=vn(2026, 3, 2, 9))
    withdrawn = received(world, at=vn(2026, 3, 3, 9))
    dossier_withdraw(dossier=withdrawn, actor=world.clerk, reason="Rút", at=vn(2026, 3, 4, 9))
    total = _march().total
    assert (total.received, total.received_online, total.received_direct) == (2, 1, 1)
    assert (total.withdrawn, total.in_progress) == (1, 1)


def test_rows_by_field_and_procedure_are_grouped_by_level(world):
    decided(world, at=vn(2026, 3, 2, 9))
    by_field = _march(by="field")
    by_procedure = _march(by="procedure")
    assert [g.tier for g in by_field.groups] == [Tier.DISTRICT]
    (row,) = by_field.groups[0].rows
    assert row.label == world.version.field.name
    (row,) = by_procedure.groups[0].rows
    assert row.code == world.version.procedure.code
    assert row.counts.resolved == 1


def test_the_unit_filter_keeps_its_own_dossiers(world):
    decided(world, at=vn(2026, 3, 2, 9))
    other = build_world()
    decided(other, at=vn(2026, 3, 2, 9))
    assert _march().total.resolved == 2
    assert _march(unit=world.desk.unit).total.resolved == 1


def test_classification_agrees_with_the_dossier_page(world):
    """Every resolved dossier lands in the column ``timing.classify`` names."""
    made = []
    for day, hour in [(2, 9), (3, 16), (5, 17), (9, 8), (13, 15)]:
        dossier = at_signing(world, at=vn(2026, 3, 2, 9))
        made.append(_decide(world, dossier, vn(2026, 3, day, hour)))
    wanted = {"early": 0, "on_time": 0, "late": 0}
    for dossier in made:
        wanted[classify(dossier, at=MARCH["at"], calendar=calendar_for(dossier)).value] += 1
    total = _march().total
    assert {"early": total.early, "on_time": total.on_time, "late": total.late} == wanted


def test_query_count_does_not_grow_with_the_rows(world, django_assert_max_num_queries):
    for _ in range(5):
        decided(world, at=vn(2026, 3, 2, 9))
    with django_assert_max_num_queries(3):
        _march(by="agency")


def test_an_unknown_grouping_is_refused(world):
    with pytest.raises(ValueError):
        _march(by="colour")
