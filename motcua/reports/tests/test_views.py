import pytest
from django.urls import reverse

from motcua.dossiers.tests.factories import build_world, received, vn
from motcua.reports.tests.scenarios import AT, move_to_a_commune, processing, resolved

pytestmark = pytest.mark.django_db
URL = reverse("portal:statistics")


@pytest.fixture
def world(time_machine):
    time_machine.move_to(AT, tick=False)
    world = build_world()
    resolved(world, decided_at=vn(2026, 3, 3))  # early
    resolved(world, decided_at=vn(2026, 3, 5, 16))  # on time
    resolved(world, decided_at=vn(2026, 3, 6))  # late
    processing(world)  # overdue at AT
    return world


def test_statistics_show_this_year_by_level_and_agency(client, world):
    move_to_a_commune(world)

    page = client.get(URL)

    assert page.status_code == 200
    assert '<option value="2026" selected>2026</option>' in page.text
    assert "Cấp huyện" in page.text
    assert "Phòng Tư pháp" in page.text
    assert "Tỷ lệ đúng hạn" in page.text
    assert "Cấp xã" not in page.text  # the commune has no dossier yet


def test_statistics_write_the_rate_the_vietnamese_way_next_to_its_bar(client, world):
    text = client.get(URL).text

    assert '<span class="rate-number">66,7%</span>' in text
    assert 'value="66.7"' in text  # the bar reads the machine number
    assert "<td>4</td>" in text  # received this year


def test_statistics_in_english_use_a_decimal_point(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    text = client.get(URL).text

    assert '<span class="rate-number">66.7%</span>' in text
    assert "District level" in text


def test_statistics_show_no_personal_data(client, world):
    text = client.get(URL).text

    assert "Nguyễn Văn An" not in text
    assert "0912345678" not in text
    assert world.clerk.full_name not in text


def test_statistics_of_a_year_without_dossiers_say_so(client, world):
    page = client.get(URL, {"year": 2025})

    assert page.status_code == 200
    assert "Không có hồ sơ nào được tiếp nhận hoặc giải quyết trong năm 2025." in page.text


@pytest.mark.parametrize("year", ["abc", "1990", "2027", ""])
def test_statistics_refuse_a_year_outside_the_list(client, world, year):
    page = client.get(URL, {"year": year})

    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert "Năm" in page.text
    assert "rate-number" not in page.text


def test_statistics_are_cached_for_a_few_minutes(client, world, time_machine):
    first = client.get(URL).text
    received(world, at=vn(2026, 3, 9))

    cached = client.get(URL).text
    time_machine.move_to(vn(2026, 3, 10, 9, 6), tick=False)
    fresh = client.get(URL).text

    assert "<td>4</td>" in first and "<td>4</td>" in cached
    assert "<td>5</td>" in fresh
