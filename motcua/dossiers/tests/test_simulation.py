"""The simulated year: exact counts per level, all decided in the year, reproducible.

The demo is loaded and a small year simulated once for the tests of ``TestSimulatedYear``
(inside a transaction rolled back after them), so the module stays fast.
"""

import json
from collections import Counter
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers import notifications
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.simulation import year_simulate
from motcua.dossiers.tests.factories import received
from motcua.reports.enums import Tier
from motcua.reports.selectors import resolution_stats

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2025


def simulate(**options) -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("simulate", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def load_demo() -> None:
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


def year_of(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=VN), datetime(year + 1, 1, 1, tzinfo=VN)


def simulated(year: int):
    start, end = year_of(year)
    return Dossier.objects.filter(received_at__gte=start, received_at__lt=end)


@pytest.fixture(scope="class")
def demo_year(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo district with 12 + 30 dossiers simulated in 2025, for one class of tests."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))  # the demo's scans
    with django_db_blocker.unblock(), media, transaction.atomic():
        load_demo()
        output = simulate(year=YEAR, seed=11, district=12, commune=30)
        yield output
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo_year")
class TestSimulatedYear:
    def test_simulate_receives_and_resolves_exactly_the_numbers_per_level(self, db):
        start, end = year_of(YEAR)
        stats = resolution_stats(start=start, end=end, at=timezone.now())
        counts = {
            group.tier: (group.counts.received, group.counts.resolved) for group in stats.tiers
        }
        assert counts == {Tier.DISTRICT: (12, 12), Tier.COMMUNE: (30, 30)}

    def test_simulated_year_reads_the_same_in_the_periodic_report(self, db):
        out = StringIO()
        call_command(
            "report",
            "--from",
            f"{YEAR}-01-01",
            "--to",
            f"{YEAR}-12-31",
            "--format",
            "json",
            stdout=out,
        )
        groups = {g["level"]: g["totals"] for g in json.loads(out.getvalue())["groups"]}
        assert {level: (t["received"], t["resolved"]) for level, t in groups.items()} == {
            "district": (12, 12),
            "commune": (30, 30),
        }

    def test_simulate_decides_every_dossier_within_the_year(self, db):
        start, end = year_of(YEAR)
        dossiers = list(simulated(YEAR))
        assert len(dossiers) == 42
        assert all(start <= d.received_at < end for d in dossiers)
        assert all(
            d.decided_at is not None and d.received_at < d.decided_at < end for d in dossiers
        )
        statuses = Counter(d.status for d in dossiers)
        assert set(statuses) <= {DossierStatus.PROCESSED, DossierStatus.RETURNED}
        assert statuses[DossierStatus.RETURNED] >= 38  # most results are collected

    def test_simulate_acts_inside_the_year_as_simulated_officers(self, db):
        start, end = year_of(YEAR)
        events = DossierEvent.objects.filter(dossier__in=simulated(YEAR)).select_related("actor")
        assert all(start <= e.at < end for e in events)
        staff = {e.actor for e in events if e.action != Action.SUBMIT}
        assert staff and all(u.username.startswith("sim-") for u in staff)
        assert not any(u.has_usable_password() for u in staff)

    def test_simulate_keeps_every_audit_chain_intact(self, db):
        out = StringIO()
        call_command("verify_audit", stdout=out)
        assert out.getvalue().strip() == "Audit trail intact."

    def test_simulate_reports_in_vietnamese(self, demo_year, db):
        assert "Cấp huyện: tiếp nhận 12, đã giải quyết 12." in demo_year
        assert "Cấp xã: tiếp nhận 30, đã giải quyết 30." in demo_year

    def test_simulate_refuses_a_second_run_for_the_same_year(self, db):
        with pytest.raises(CommandError, match="2025"):
            simulate(year=YEAR, seed=12, district=1, commune=1)
        assert simulated(YEAR).count() == 42

    def test_simulate_gives_the_same_dossiers_for_the_same_seed(self, db):
        def snapshot() -> list[tuple]:
            year_simulate(year=2023, seed=5, district=3, commune=9)
            return list(
                simulated(2023)
                .order_by("code")
                .values_list("code", "status", "channel", "agency__identifier", "due_at")
            )

        with transaction.atomic():
            first = snapshot()
            transaction.set_rollback(True)
        assert snapshot() == first
        assert len(first) == 12

    def test_simulate_mixes_channels_supplements_transfers_and_late_results(self, db):
        year_simulate(year=2024, seed=3, district=20, commune=130)
        dossiers = simulated(2024)
        actions = Counter(
            DossierEvent.objects.filter(dossier__in=dossiers).values_list("action", flat=True)
        )
        online = dossiers.filter(channel="online").count()
        assert 0.2 * 150 <= online <= 0.4 * 150
        assert actions[Action.REQUEST_SUPPLEMENT] + actions[Action.PAUSE_SUPPLEMENT] >= 5
        assert actions[Action.TRANSFER] >= 1
        assert actions[Action.LATE_NOTICE] >= 1
        assert actions[Action.SEND_BACK] >= 1
        late = [
            d
            for d in dossiers
            if d.decided_at.astimezone(VN).date() > d.due_at.astimezone(VN).date()
        ]
        assert 1 <= len(late) <= 0.2 * 150


def test_simulate_refuses_with_debug_off(db):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("simulate", year=YEAR, seed=1, stdout=StringIO())


def test_simulate_refuses_a_year_not_over(db):
    with pytest.raises(CommandError, match=str(timezone.now().year)):
        simulate(year=timezone.now().year, seed=1, district=1, commune=1)


def test_simulate_refuses_without_the_demo(db):
    with pytest.raises(CommandError, match="load_demo"):
        simulate(year=YEAR, seed=1, district=1, commune=1)
    assert not User.objects.filter(username__startswith="sim-").exists()


def test_notifications_muted_tell_nobody(world, django_capture_on_commit_callbacks):
    with notifications.muted(), django_capture_on_commit_callbacks(execute=True):
        received(world)  # committed inside the block, as each simulated dossier is
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        received(world)
    assert len(mail.outbox) == 1
