"""The leaders' dashboard: figures, charts with their tables, the 766 indicators."""

import pytest

from motcua.dossiers.services import Scan, dossier_receive
from motcua.dossiers.tests.factories import (
    assigned,
    build_world,
    decided,
    submitted,
    vn,
)
from motcua.reports.dashboard import monthly_flow
from motcua.reports.index766 import index_766
from motcua.reports.periodic import periodic_report
from motcua.reports.periods import year_period

pytestmark = pytest.mark.django_db
URL = "/staff/bang-dieu-khien/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    world = build_world()
    decided(world, at=vn(2026, 3, 2, 9))
    decided(world, at=vn(2026, 5, 4, 9))
    assigned(world, at=vn(2026, 5, 5, 9))
    online = submitted(world, at=vn(2026, 5, 6, 8))
    dossier_receive(
        actor=world.clerk, dossier=online, at=vn(2026, 5, 6, 9), scans=[Scan("to-khai.pdf", PDF)]
    )
    return world


def test_monthly_flow_counts_each_month(world):
    flow = monthly_flow(year=2026, unit=world.desk.unit)
    assert [(m.month.month, m.received, m.resolved) for m in flow if m.received or m.resolved] == [
        (3, 1, 1),
        (5, 3, 1),
    ]
    assert len(flow) == 12


def test_766_indicators_show_shares_with_their_counts(world):
    period = year_period(2026)
    report = periodic_report(start=period.start, end=period.end, at=vn(2026, 12, 31), by="agency")
    groups = {
        str(g.name): g
        for g in index_766(report=report, start=period.start, end=period.end, unit=None)
    }
    progress = groups["Tiến độ, kết quả giải quyết"].indicators[0]
    assert (progress.numerator, progress.denominator) == (2, 2)
    online = groups["Dịch vụ công trực tuyến"].indicators[1]
    assert (online.numerator, online.denominator, str(online.percent)) == (1, 4, "25.0")
    digitised = groups["Số hóa hồ sơ"].indicators[0]
    assert (digitised.numerator, digitised.denominator) == (1, 4)
    assert groups["Số hóa hồ sơ"].missing


def test_leader_sees_cards_charts_and_tables(client, world):
    client.force_login(world.leader)
    page = client.get(URL, {"year": 2026, "unit": world.desk.unit_id})
    assert page.status_code == 200
    text = page.text
    assert text.count('<svg role="img"') == 4
    assert "<script" not in text.split("<main", 1)[1]
    assert "Tiếp nhận và giải quyết theo tháng" in text
    assert "05/2026" in text
    assert "Chỉ số theo Quyết định 766" in text


@pytest.mark.parametrize("role", ["clerk", "officer", "head"])
def test_dashboard_is_for_leaders_and_inspectors(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(URL).status_code == 403


def test_a_year_outside_the_list_is_refused(client, world):
    client.force_login(world.leader)
    assert client.get(URL, {"year": 1990, "unit": world.desk.unit_id}).status_code == 400
