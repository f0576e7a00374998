import pytest
from django.urls import reverse

from motcua.catalog.selectors import procedure_list_public
from motcua.catalog.tests.factories import procedure_data, process, publish
from motcua.organization.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    agency = AgencyFactory()
    return publish(
        procedure_data(
            offerings=[{"agency": agency.identifier, "active": True, "process": process("3")}]
        ),
        procedure_data(
            code="2.000815",
            name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
            name_en="Certified copy",
            field="CT",
            levels=["district", "commune"],
            online_level="none",
            cases=[],
            channels=[
                {
                    "kind": "desk",
                    "time_limit": {
                        "amount": "1",
                        "unit": "working_days",
                        "cutoff": None,
                        "note": "",
                    },
                    "fee": 2000,
                    "notes": "",
                }
            ],
        ),
        procedure_data(code="1.000894", name="Đăng ký kết hôn", name_en="Marriage registration"),
    ), agency


def codes(**filters) -> list[str]:
    return list(procedure_list_public(**filters).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang ky khai sinh", ["1.001193"]),
        ("Đăng ký khai sinh", ["1.001193"]),
        ("ĐĂNG KÝ", ["1.001193", "1.000894"]),
        ("đang ky", ["1.001193", "1.000894"]),
        ("chung thuc ban sao", ["2.000815"]),
        ("khai sinh đăng", ["1.001193"]),
        ("2.000815", ["2.000815"]),
        ("marriage", ["1.000894"]),
        ("ly hon", []),
    ],
)
def test_search_ignores_case_and_diacritics(catalogue, query, expected):
    assert sorted(codes(query=query)) == sorted(expected)


def test_filters_by_field_level_agency_and_online_level(catalogue):
    _procedures, agency = catalogue

    assert codes(field_code="CT") == ["2.000815"]
    assert codes(level="district") == ["2.000815"]
    assert codes(agency_id=agency.pk) == ["1.001193"]
    assert codes(online_level="none") == ["2.000815"]


def test_catalogue_page_finds_without_diacritics_in_both_languages(client, catalogue):
    page = client.get(reverse("portal:procedure_list"), {"q": "dang ky khai sinh"})

    assert page.status_code == 200
    assert "Đăng ký khai sinh" in page.text
    assert "Đăng ký kết hôn" not in page.text
    assert "Tìm thấy 1 thủ tục" in page.text

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("portal:procedure_list"), {"q": "dang ky khai sinh"})
    assert "Birth registration" in page.text
    assert "1 procedure found" in page.text


def test_catalogue_page_refuses_an_unknown_filter_value_clearly(client, catalogue):
    page = client.get(reverse("portal:procedure_list"), {"level": "galaxy"})

    assert page.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in page.text


def test_procedure_page_shows_everything_with_a_constant_query_count(
    client, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = client.get(reverse("portal:procedure_detail", args=["1.001193"]))

    assert page.status_code == 200
    for text in [
        "Tờ khai đăng ký khai sinh",
        "Luật Hộ tịch",
        "8.000 đ",
        "3 ngày làm việc",
        "Có yếu tố nước ngoài",
        "Chỉ khi: Khi nộp thay",
        "Trực tuyến",
    ]:
        assert text in page.text, text


def test_procedure_page_for_an_unknown_code_is_404(client, catalogue):
    assert client.get(reverse("portal:procedure_detail", args=["9.999999"])).status_code == 404


def test_catalogue_pages_through_results(client, settings):
    settings.MOTCUA_PAGE_SIZE = 2
    publish(*[procedure_data(code=f"1.00000{i}", name=f"Thủ tục {i}") for i in range(5)])

    page = client.get(reverse("portal:procedure_list"), {"page": 3})

    assert "Thủ tục 4" in page.text
    assert "Trang 3 / 3" in page.text
