"""The public catalogue: search with or without diacritics, pages, filters, one procedure."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.api.tests.conftest import assert_error, get_json
from motcua.catalog.models import Procedure
from motcua.catalog.tests.factories import procedure_data, publish, time_limit
from motcua.organization.enums import UnitLevel
from motcua.organization.tests.factories import AgencyFactory, UnitFactory

LIST = "/api/v1/procedures"

BIRTH = "1.001193"
COPY = "2.000815"


def _offering(agency) -> dict:
    return {"agency": agency.identifier, "active": True, "process": []}


@pytest.fixture
def catalogue(db):
    """Birth registration (civil status, commune, fully online, offered by two agencies)
    and certified copies (certification, district, partly online)."""
    district = UnitFactory(level=UnitLevel.DISTRICT, name="Huyện Nà Hang", code="070")
    justice = AgencyFactory(unit=district, name="Phòng Tư pháp")
    commune = AgencyFactory(unit=UnitFactory(parent=district, name="Xã Năng Khả"), name="UBND xã")
    birth = procedure_data(
        code=BIRTH,
        cases=[
            {"name": "Có yếu tố nước ngoài", "time_limit": time_limit("15")},
            {"name": "Đăng ký lại", "time_limit": time_limit("5", cutoff="15:00")},
        ],
        offerings=[_offering(commune), _offering(justice)],
    )
    copy = procedure_data(
        code=COPY,
        name="Chứng thực bản sao từ bản chính",
        field="CT",
        levels=["district"],
        online_level="partial",
        time_limit=time_limit("1", "working_days"),
        cases=[],
        fees=[],
        offerings=[_offering(justice)],
    )
    publish(birth, copy)
    return {"justice": justice, "commune": commune}


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "Đăng ký khai sinh", "ĐĂNG KÝ", "khai  SINH", BIRTH]
)
def test_search_with_or_without_diacritics(client, catalogue, query):
    assert _codes(get_json(client, LIST, {"q": query})) == [BIRTH]


def test_every_word_must_match(client, catalogue):
    assert _codes(get_json(client, LIST, {"q": "khai sinh chung thuc"})) == []
    assert _codes(get_json(client, LIST, {"q": "ban sao"})) == [COPY]


def test_the_list_item_carries_the_summary(client, catalogue):
    (item,) = get_json(client, LIST, {"q": "chung thuc"}).json()["items"]
    assert item["name"] == "Chứng thực bản sao từ bản chính"
    assert item["field"] == {"code": "CT", "name": "Chứng thực", "name_en": "Certification"}
    assert item["levels"] == ["district"]
    assert item["online_level"] == "partial"
    assert item["time_limit"] == {"amount": 1.0, "unit": "working_days", "cutoff": None, "note": ""}
    assert item["url"].endswith(f"/thu-tuc/{COPY}/")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"field": "HT"}, [BIRTH]),
        ({"field": "CT"}, [COPY]),
        ({"field": "XX"}, []),
        ({"level": "district"}, [COPY]),
        ({"level": "commune"}, [BIRTH]),
        ({"online_level": "full"}, [BIRTH]),
        ({"online_level": "partial"}, [COPY]),
        ({"online_level": "partial", "field": "HT"}, []),
    ],
)
def test_filters(client, catalogue, filters, expected):
    assert sorted(_codes(get_json(client, LIST, filters))) == expected


def test_paging_numbers(client, db):
    publish(*[procedure_data(code=f"9.00000{n}", name=f"Thủ tục {n}") for n in range(5)])
    first = get_json(client, LIST, {"page_size": 2}).json()
    assert (first["count"], first["pages"], first["page"], first["page_size"]) == (5, 3, 1, 2)
    last = get_json(client, LIST, {"page_size": 2, "page": 3}).json()
    assert len(last["items"]) == 1
    beyond = get_json(client, LIST, {"page_size": 2, "page": 4}).json()
    assert (beyond["count"], beyond["items"]) == (5, [])
    every = [
        c for p in (1, 2, 3) for c in _codes(get_json(client, LIST, {"page_size": 2, "page": p}))
    ]
    assert sorted(every) == [f"9.00000{n}" for n in range(5)]


def test_an_empty_catalogue_has_no_pages(client, db):
    body = get_json(client, LIST).json()
    assert (body["count"], body["pages"], body["items"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 101}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"level": "galaxy"}, "level"),
        ({"online_level": "sometimes"}, "online_level"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_query_values_are_named(client, db, params, field):
    body = assert_error(get_json(client, LIST, params), 422, "invalid")
    assert list(body["fields"]) == [field]
    assert all(body["fields"][field])


def test_page_size_bounds_in_english(client, db):
    response = get_json(client, LIST, {"page_size": 101}, headers={"Accept-Language": "en"})
    body = assert_error(response, 422, "invalid")
    assert body["fields"] == {"page_size": ["Enter a value of at most 100."]}


def test_detail_has_components_fees_cases_and_agencies(client, catalogue):
    response = get_json(client, f"{LIST}/{BIRTH}")
    assert response.status_code == 200
    body = response.json()
    version = Procedure.objects.get(code=BIRTH).current_version
    components = {c.pk: c for c in version.components.all()}
    assert [c["id"] for c in body["components"]] == list(components)
    required = [c for c in body["components"] if c["required"]]
    assert [c["name"] for c in required] == ["Tờ khai đăng ký khai sinh"]
    assert body["components"][1]["condition"] == "Khi nộp thay"
    assert body["fees"] == [
        {"name": "Lệ phí", "amount": 8000, "basis": "Nghị quyết HĐND tỉnh", "note": ""}
    ]
    assert body["cases"] == [
        {
            "name": "Có yếu tố nước ngoài",
            "time_limit": {"amount": 15.0, "unit": "working_days", "cutoff": None, "note": ""},
        },
        {
            "name": "Đăng ký lại",
            "time_limit": {"amount": 5.0, "unit": "working_days", "cutoff": "15:00", "note": ""},
        },
    ]
    assert sorted(a["identifier"] for a in body["agencies"]) == sorted(
        [catalogue["justice"].identifier, catalogue["commune"].identifier]
    )
    assert {a["unit"]["name"] for a in body["agencies"]} == {"Huyện Nà Hang", "Xã Năng Khả"}
    assert body["legal_basis"][0]["number"] == "60/2014/QH13"
    assert body["legal_basis"][0]["issued_on"] == "2014-11-20"
    assert [s["title"] for s in body["steps"]] == ["Nộp hồ sơ", "Trả kết quả"]
    assert {c["kind"] for c in body["channels"]} == {"desk", "online"}


def test_detail_of_an_unknown_code_is_a_json_404(client, catalogue):
    response = get_json(client, f"{LIST}/0.000000")
    assert_error(response, 404, "not_found")


def test_detail_of_a_procedure_no_longer_in_force_in_the_search_is_hidden(client, db):
    publish(procedure_data(code="3.000001", name="Thủ tục đã bãi bỏ", status="abolished"))
    assert _codes(get_json(client, LIST, {"q": "bai bo"})) == []


def _queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get_json(client, path, params).status_code == 200
    return len(queries)


def test_the_list_takes_as_many_queries_for_two_procedures_as_for_eight(client, db):
    publish(*[procedure_data(code=f"8.00000{n}", name=f"Thủ tục {n}") for n in range(2)])
    few = _queries(client, LIST)
    publish(
        *[
            procedure_data(code=f"8.00001{n}", name=f"Thủ tục {n}", field="CT" if n % 2 else "HT")
            for n in range(6)
        ]
    )
    assert get_json(client, LIST).json()["count"] == 8
    assert _queries(client, LIST) == few


def test_the_detail_takes_as_many_queries_with_more_parts(client, db):
    agencies = [AgencyFactory() for _ in range(4)]
    small = procedure_data(code="7.000001", offerings=[_offering(agencies[0])], cases=[])
    component = small["components"][0]
    big = procedure_data(
        code="7.000002",
        components=[{**component, "name": f"Giấy tờ {n}"} for n in range(6)],
        fees=[{"name": f"Phí {n}", "amount": n, "basis": "", "note": ""} for n in range(4)],
        cases=[{"name": f"Trường hợp {n}", "time_limit": time_limit("5")} for n in range(3)],
        offerings=[_offering(a) for a in agencies],
    )
    publish(small, big)
    assert len(get_json(client, f"{LIST}/7.000002").json()["components"]) == 6
    assert _queries(client, f"{LIST}/7.000001") == _queries(client, f"{LIST}/7.000002")
