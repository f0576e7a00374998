import json
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.catalog import interchange, spreadsheet
from motcua.catalog.enums import VersionState
from motcua.catalog.models import Offering, Procedure, ProcedureVersion, ProcessStep
from motcua.catalog.selectors import catalog_export
from motcua.catalog.services import ImportRejected, catalog_import
from motcua.catalog.tests.factories import document, procedure_data, process, time_limit
from motcua.organization.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def catalogue_rows() -> tuple:
    return (
        list(Procedure.objects.order_by("pk").values_list()),
        list(ProcedureVersion.objects.order_by("pk").values_list()),
        list(Offering.objects.order_by("pk").values_list()),
        list(ProcessStep.objects.order_by("pk").values_list()),
    )


def test_import_creates_published_procedures_with_all_their_parts():
    report = catalog_import(document=document(procedure_data()))

    assert report.created == ["1.001193"]
    procedure = Procedure.objects.get(code="1.001193")
    version = procedure.current_version
    assert (version.number, version.state) == (1, VersionState.PUBLISHED)
    assert (
        procedure.search_text
        == "1.001193 dang ky khai sinh birth registration ho tich civil status"
    )
    assert [c.kind for c in version.channels.all()] == ["desk", "online"]
    assert [c.name for c in version.components.all()] == [
        "Tờ khai đăng ký khai sinh",
        "Văn bản ủy quyền",
    ]
    assert version.fees.get().amount == 8000
    assert version.cases.get().time_amount == 15


def test_import_of_the_same_file_twice_changes_nothing():
    agency = AgencyFactory()
    data = procedure_data(
        offerings=[{"agency": agency.identifier, "active": True, "process": process("1", "2")}]
    )
    catalog_import(document=document(data))
    before = catalogue_rows()

    report = catalog_import(document=document(data))

    assert report.unchanged == ["1.001193"]
    assert catalogue_rows() == before


def test_import_of_changed_content_publishes_a_new_version_and_keeps_the_old():
    catalog_import(document=document(procedure_data()))

    report = catalog_import(document=document(procedure_data(name="Đăng ký khai sinh (sửa)")))

    assert report.revised == ["1.001193"]
    versions = ProcedureVersion.objects.order_by("number")
    assert [(v.number, v.state, v.name) for v in versions] == [
        (1, VersionState.SUPERSEDED, "Đăng ký khai sinh"),
        (2, VersionState.PUBLISHED, "Đăng ký khai sinh (sửa)"),
    ]
    assert Procedure.objects.get().current_version == versions[1]


def test_import_refuses_a_broken_file_whole_and_names_each_bad_row():
    good = procedure_data(code="1.000001")
    bad_unit = procedure_data(code="1.000002", time_limit=time_limit(unit="fortnights"))
    bad_sets = procedure_data(code="1.000003")
    bad_sets["components"][0]["sets"] = 0
    bad_field = procedure_data(code="1.000004", field="XX")

    with pytest.raises(ImportRejected) as refused:
        catalog_import(document=document(good, bad_unit, bad_sets, bad_field))

    assert [(e.row, e.field) for e in refused.value.errors] == [
        ("#2", "time_limit.unit"),
        ("#3", "components[0].sets"),
        ("#4", "field"),
    ]
    assert Procedure.objects.count() == 0


def test_import_refuses_an_offering_whose_quotas_do_not_add_up():
    agency = AgencyFactory()
    data = procedure_data(
        offerings=[{"agency": agency.identifier, "active": True, "process": process("1", "1")}]
    )

    with pytest.raises(ImportRejected) as refused:
        catalog_import(document=document(data))

    assert "3" in refused.value.errors[0].reason
    assert Procedure.objects.count() == 0


def test_import_refuses_an_unknown_agency_and_a_duplicate_code():
    data = procedure_data(offerings=[{"agency": "999.99.99.H99", "active": True, "process": []}])

    with pytest.raises(ImportRejected) as refused:
        catalog_import(document=document(data, procedure_data()))

    reasons = [(e.row, e.field) for e in refused.value.errors]
    assert reasons == [("#1", "offerings[0].agency"), ("#2", "code")]


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b'{"format": "other"}',
        b"[1, 2]",
        b'{"format": "motcua-procedures", "version": 9}',
    ],
)
def test_parse_json_reports_files_that_are_not_catalogues(raw):
    parsed = interchange.parse_json(raw)

    assert parsed.procedures == []
    assert len(parsed.errors) == 1


def _reload(dump: bytes, parse) -> None:
    Procedure.objects.all().delete()
    catalog_import(document=parse(dump))


@pytest.mark.parametrize(
    ("dump", "parse"),
    [
        (lambda doc: interchange.dump_json(doc).encode(), interchange.parse_json),
        (spreadsheet.dump_xlsx, spreadsheet.parse_xlsx),
    ],
    ids=["json", "xlsx"],
)
def test_export_then_import_reproduces_the_catalogue_exactly(dump, parse):
    agency, other = AgencyFactory(), AgencyFactory()
    half = procedure_data(
        code="2.000889",
        name="Chứng thực bản sao từ bản chính",
        field="CT",
        levels=["district", "commune"],
        time_limit=time_limit("0", "same_day", "15:00"),
        channels=[
            {
                "kind": "desk",
                "time_limit": time_limit("0", "same_day", "15:00"),
                "fee": 2000,
                "notes": "2.000 đ/trang",
            }
        ],
        fees=[
            {"name": "Phí chứng thực", "amount": None, "basis": "TT 226/2016", "note": "Theo trang"}
        ],
        cases=[],
        offerings=[
            {"agency": other.identifier, "active": False, "process": process("0.25", "0.75")}
        ],
    )
    full = procedure_data(
        offerings=[
            {
                "agency": agency.identifier,
                "active": True,
                "process": process("0.5", "2.5") + process("15", case="Có yếu tố nước ngoài"),
            }
        ]
    )
    catalog_import(document=document(full, half))
    exported = catalog_export()

    _reload(dump(interchange.Document(*exported)), parse)

    assert catalog_export() == exported


def test_xlsx_import_names_the_sheet_and_row_of_a_bad_entry():
    doc = document(procedure_data())
    raw = spreadsheet.dump_xlsx(interchange.Document(doc.fields, [procedure_data()]))
    workbook = load_workbook(BytesIO(raw))
    workbook["Components"]["E3"] = "many"  # certified_copies of the second component
    buffer = BytesIO()
    workbook.save(buffer)

    with pytest.raises(ImportRejected) as refused:
        catalog_import(document=spreadsheet.parse_xlsx(buffer.getvalue()))

    assert [(e.row, e.field) for e in refused.value.errors] == [
        ("Components!3", "certified_copies")
    ]


def test_import_command_prints_the_rejected_rows_and_imports_nothing(tmp_path):
    bad = procedure_data(online_level="sometimes")
    path = tmp_path / "catalogue.json"
    path.write_text(interchange.dump_json(document(bad)), encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_procedures", str(path), stderr=err)

    assert "#1 (1.001193)\tonline_level\t" in err.getvalue()
    assert Procedure.objects.count() == 0


def test_export_and_import_commands_round_trip_through_files(tmp_path):
    catalog_import(document=document(procedure_data()))
    out = tmp_path / "catalogue.xlsx"
    call_command("export_procedures", str(out), stderr=StringIO())
    Procedure.objects.all().delete()
    stdout = StringIO()

    call_command("import_procedures", str(out), stdout=stdout, stderr=StringIO())

    assert stdout.getvalue().strip() == "1 created, 0 revised, 0 unchanged."
    assert (
        json.loads(interchange.dump_json(interchange.Document(*catalog_export())))["procedures"][0][
            "name"
        ]
        == "Đăng ký khai sinh"
    )
