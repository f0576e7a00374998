import csv
import io
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from motcua.dossiers.audit import audit_verify
from motcua.dossiers.models import CodeCounter, Dossier, DossierImport
from motcua.dossiers.selectors import dossier_find_public, dossier_public_timeline
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.services.importing import ImportRejected, dossier_import
from motcua.dossiers.slips.register import register_context
from motcua.dossiers.tests.factories import VN, World, application, vn
from motcua.organization.tests.factories import AgencyFactory, UnitFactory
from motcua.reports import rollup
from motcua.reports.models import RollupChange
from motcua.reports.periodic import periodic_report

NOW = vn(2026, 4, 1, 8)
HEADER = [
    "code", "procedure", "agency", "applicant_name", "applicant_phone", "status",
    "received_at", "due_at", "decided_at", "result", "returned_at", "ended_at",
    "lookup_secret",
]  # fmt: skip


def rows(world: World) -> list[list[str]]:
    """One dossier of each kind a district brings from its earlier system."""
    desk, code, agency = world.desk.identifier, world.version.procedure.code, world.agency
    base = [code, agency.identifier, "Trần Thị Bình"]
    return [
        # returned, decided early; printed secret kept
        [f"{desk}-260302-0001", *base, "0912345678", "10", "02/03/2026 08:00",
         "05/03/2026 17:00", "04/03/2026 10:00", "approved", "05/03/2026 09:00", "", "abcd 2345"],
        # returned, decided on the due day
        [f"{desk}-260302-0002", *base, "", "10", "2026-03-02 09:30", "05/03/2026 17:00",
         "05/03/2026 15:00", "approved", "06/03/2026", "", ""],
        # decided late, waiting at the desk
        [f"{desk}-260302-0003", *base, "", "9", "02/03/2026 10:00", "05/03/2026",
         "09/03/2026 08:00", "denied", "", "", ""],
        [f"{desk}-260303-0001", *base, "", "7", "03/03/2026 08:00", "06/03/2026", "", "", "",
         "03/03/2026 16:00", ""],
        [f"{desk}-260304-0001", *base, "", "8", "04/03/2026", "09/03/2026", "", "", "",
         "06/03/2026", ""],
        # refused at the desk: never received
        [f"{desk}-260304-0002", *base, "0987654321", "3", "04/03/2026 14:00", "", "", "", "",
         "", ""],
    ]  # fmt: skip


def to_csv(table: list[list], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(table)
    return out.getvalue().encode()


def run(raw: bytes, **options):
    return dossier_import(raw=raw, file_name="hs-cu.csv", at=NOW, **options)


def test_import_counts_in_the_periodic_report(world):
    result = run(to_csv(rows(world)))

    assert (result.rows, result.created, result.existing) == (6, 6, 0)
    report = periodic_report(start=vn(2026, 3, 1, 0), end=vn(2026, 4, 1, 0), at=NOW)
    counts = report.total
    assert (counts.carried_over, counts.received, counts.resolved) == (0, 5, 3)
    assert (counts.early, counts.on_time, counts.late) == (1, 1, 1)
    assert (counts.returned, counts.withdrawn, counts.stopped) == (2, 1, 1)
    assert (counts.within_time, counts.overdue) == (0, 0)
    # Listed for the statistics counters, as the transition writer lists what it changes.
    assert RollupChange.objects.count() == 6


def test_imported_dossiers_are_stored_as_the_file_says_and_pass_the_audit(world, admin_user):
    result = dossier_import(
        raw=to_csv(rows(world)), file_name="hs-cu.csv", at=NOW, actor=admin_user
    )

    batch = DossierImport.objects.get()
    assert result.batch == batch
    assert (batch.file_name, batch.actor, batch.rows, batch.created, batch.existing) == (
        "hs-cu.csv",
        admin_user,
        6,
        6,
        0,
    )
    assert batch.sha256 == __import__("hashlib").sha256(to_csv(rows(world))).hexdigest()
    first = Dossier.objects.get(code=f"{world.desk.identifier}-260302-0001")
    assert (first.status, first.revision, first.last_event_hash, first.imported_in) == (
        10,
        0,
        "",
        batch,
    )
    assert (first.received_at, first.decided_at, first.returned_at) == (
        vn(2026, 3, 2, 8),
        vn(2026, 3, 4, 10),
        vn(2026, 3, 5, 9),
    )
    assert (first.status_changed_at, first.desk, first.agency) == (
        vn(2026, 3, 5, 9),
        world.desk,
        world.agency,
    )
    assert (first.content, first.lookup_secret, first.return_method) == (
        world.version.name,
        "ABCD2345",
        "desk",
    )
    refused = Dossier.objects.get(status=3)
    assert (refused.received_at, refused.due_at, refused.status_changed_at) == (
        None,
        None,
        vn(2026, 3, 4, 14),
    )
    assert Dossier.objects.get(status=9).holder_agency == world.desk
    assert list(audit_verify()) == []


def test_imported_dossiers_are_found_by_code_and_in_the_register(world):
    run(to_csv(rows(world)))
    desk = world.desk.identifier

    found = dossier_find_public(code=f"{desk.lower()}-260302-0001", secret="abcd2345")
    assert found.code == f"{desk}-260302-0001"
    assert dossier_public_timeline(dossier=found) == []
    # Without a secret in the file: the last four digits of the phone, as for any dossier.
    assert dossier_find_public(code=f"{desk}-260304-0002", secret="4321").status == 3
    assert dossier_find_public(code=f"{desk}-260302-0002", secret="XXXX") is None
    register = register_context(world.desk, date(2026, 3, 2), date(2026, 3, 6))
    assert [r["code"] for r in register["rows"]] == [
        f"{desk}-260302-0001",
        f"{desk}-260302-0002",
        f"{desk}-260302-0003",
        f"{desk}-260303-0001",
        f"{desk}-260304-0001",
    ]


def test_importing_the_same_file_again_adds_nothing(world):
    raw = to_csv(rows(world))
    run(raw)
    before = list(Dossier.objects.order_by("pk").values())

    again = run(raw)

    assert (again.rows, again.created, again.existing) == (6, 0, 6)
    assert list(Dossier.objects.order_by("pk").values()) == before
    assert list(DossierImport.objects.order_by("pk").values_list("created", "existing")) == [
        (6, 0),
        (0, 6),
    ]


def test_a_file_with_new_and_known_dossiers_adds_only_the_new(world):
    table = rows(world)
    run(to_csv(table[:2]))

    result = run(to_csv(table))

    assert (result.created, result.existing) == (4, 2)
    assert Dossier.objects.count() == 6


def test_a_code_stored_with_different_content_is_a_conflict_and_nothing_changes(world):
    table = rows(world)
    run(to_csv(table[:1]))
    before = list(Dossier.objects.values())
    table[0][3] = "Trần Thị Bính"  # another name
    table[0][8] = "04/03/2026 11:00"  # another decision time

    with pytest.raises(ImportRejected) as refused:
        run(to_csv(table))

    code = table[0][0]
    assert [(e.row, e.field, e.reason) for e in refused.value.errors] == [
        (
            "2",
            "code",
            f"Hồ sơ {code} đã có trong hệ thống với applicant_name, decided_at khác; "
            "không thay đổi.",
        )
    ]
    assert list(Dossier.objects.values()) == before
    assert DossierImport.objects.count() == 1


def test_a_dossier_received_here_with_the_same_code_is_a_conflict(world):
    received = dossier_receive(actor=world.clerk, application=application(world), at=vn(2026, 3, 2))
    table = rows(world)[:1]
    table[0][0] = received.code

    with pytest.raises(ImportRejected) as refused:
        run(to_csv(table))

    assert [e.row for e in refused.value.errors] == ["2"]
    assert Dossier.objects.get().revision == 1


def test_a_wrong_file_writes_nothing_and_lists_every_problem(world):
    table = rows(world)
    table[0][0] = table[1][0]  # the same code twice
    table[1][2] = "KHONG-CO"  # no such agency
    table[2][1] = "9.999999"  # no such procedure
    table[3][6] = "31/02/2026"  # no such day
    table[4][8] = "05/03/2026"  # decided, but the status is an open one
    table[4][5] = "4"  # an open status
    table[5][3] = ""  # no applicant
    extra = [*table[0][:6], "05/03/2026", "04/03/2026", "03/03/2026", "approved", "", "", "x"]
    extra[0] = "HS/2026 01"

    with pytest.raises(ImportRejected) as refused:
        run(to_csv([*table, extra]))

    assert str(refused.value) == "Không nhập gì: có 11 lỗi."
    assert [(e.row, e.field, e.reason) for e in refused.value.errors] == [
        ("3", "code", "Mã hồ sơ xuất hiện hai lần trong tệp (lần đầu ở dòng 2)."),
        ("3", "agency", "Không có cơ quan nào có mã định danh “KHONG-CO”."),
        ("4", "procedure", "Không có thủ tục nào có mã “9.999999”."),
        ("5", "received_at", "Nhập ngày theo dạng dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc yyyy-mm-dd."),
        ("6", "status", "Trạng thái “4” không nhập được; chỉ nhận: 3, 7, 8, 9, 10."),
        ("7", "applicant_name", "Trường này là bắt buộc."),
        ("8", "code", "Mã hồ sơ gồm tối đa 40 chữ cái, chữ số và các dấu . - _ /"),
        ("8", "returned_at", "Bắt buộc với hồ sơ “Đã trả kết quả”."),
        ("8", "due_at", "Không được trước received_at."),
        ("8", "decided_at", "Không được trước received_at."),
        ("8", "lookup_secret", "Từ 4 đến 16 chữ cái và chữ số."),
    ]
    assert Dossier.objects.count() == 0
    assert DossierImport.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "dates", "expected"),
    [
        ("10", ["", "", "", ""], ["decided_at", "returned_at", "result"]),
        ("9", ["05/03/2026", "approved", "06/03/2026", ""], ["returned_at"]),
        ("7", ["", "", "", ""], ["ended_at"]),
        ("3", ["05/03/2026", "", "", "03/03/2026"], ["decided_at", "ended_at"]),
    ],
)
def test_the_status_decides_which_dates_a_row_needs(world, status, dates, expected):
    row = [*rows(world)[0][:5], status, "02/03/2026", "", *dates, ""]

    with pytest.raises(ImportRejected) as refused:
        run(to_csv([row]))

    assert [e.field for e in refused.value.errors] == expected


def test_dates_in_the_future_are_refused(world):
    row = rows(world)[3]
    row[11] = "02/04/2026"

    with pytest.raises(ImportRejected) as refused:
        run(to_csv([row]))

    assert [(e.field, e.reason) for e in refused.value.errors] == [
        ("ended_at", "Ngày của hồ sơ cũ không thể ở tương lai.")
    ]


def test_a_missing_appointment_is_computed_from_the_procedure_limit(world):
    row = rows(world)[1]
    row[7] = ""

    run(to_csv([row]))

    received = dossier_receive(
        actor=world.clerk, application=application(world), at=vn(2026, 3, 2, 9, 30)
    )
    assert Dossier.objects.get(code=row[0]).due_at == received.due_at


def test_missing_columns_and_unknown_ones_are_refused(world):
    header = [h for h in HEADER if h != "received_at"] + ["ngay_nhan"]

    with pytest.raises(ImportRejected) as refused:
        run(to_csv([], header))

    assert [(e.row, e.field, e.reason) for e in refused.value.errors] == [
        ("1", "received_at", "Thiếu cột bắt buộc “received_at”."),
        ("1", "ngay_nhan", "Cột “ngay_nhan” không có trong định dạng."),
    ]


def test_a_file_that_is_not_utf8_is_refused(world):
    with pytest.raises(ImportRejected) as refused:
        run("code;tên\n".encode("cp1258"))

    assert refused.value.errors[0].reason.startswith("Tệp không phải văn bản UTF-8")


def test_a_semicolon_separated_file_is_read(world):
    raw = to_csv(rows(world)).decode().replace(",", ";").encode()

    assert run(raw).created == 6


def test_the_unit_option_refuses_agencies_of_other_units(world):
    elsewhere = UnitFactory()
    other = AgencyFactory(unit=elsewhere)

    table = rows(world)[:1]
    table[0][2] = other.identifier
    with pytest.raises(ImportRejected) as refused:
        run(to_csv(table), unit=world.desk.unit)

    assert [(e.field, e.reason) for e in refused.value.errors] == [
        ("agency", f"{other.identifier} không thuộc {world.desk.unit}.")
    ]
    assert run(to_csv(rows(world)), unit=world.desk.unit).created == 6


def test_a_dry_run_counts_and_writes_nothing(world):
    table = rows(world)
    run(to_csv(table[:2]))

    result = run(to_csv(table), dry_run=True)

    assert (result.created, result.existing, result.batch) == (4, 2, None)
    assert Dossier.objects.count() == 2
    assert DossierImport.objects.count() == 1


def test_an_excel_file_is_read_like_a_csv(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows(world):
        sheet.append(row)
    sheet["G2"] = datetime(2026, 3, 2, 8, 0)  # noqa: DTZ001 — a wall-clock cell
    out = io.BytesIO()
    workbook.save(out)

    result = dossier_import(raw=out.getvalue(), file_name="hs.xlsx", at=NOW)

    assert result.created == 6
    assert Dossier.objects.get(code=rows(world)[0][0]).received_at == vn(2026, 3, 2, 8)


def test_codes_imported_for_today_are_not_given_again(world):
    desk = world.desk.identifier
    row = [*rows(world)[3]]
    row[0], row[6], row[7], row[11] = (
        f"{desk}-260302-0007",
        "02/03/2026 08:00",
        "",
        "02/03/2026 08:30",
    )

    dossier_import(raw=to_csv([row]), file_name="hom-nay.csv", at=vn(2026, 3, 2, 10))

    assert CodeCounter.objects.get(agency=world.desk).last == 7
    received = dossier_receive(
        actor=world.clerk, application=application(world), at=vn(2026, 3, 2, 11)
    )
    assert received.code == f"{desk}-260302-0008"


def test_the_command_imports_and_reports_in_vietnamese(world, tmp_path, time_machine):
    time_machine.move_to(NOW)
    path = tmp_path / "hs-cu.csv"
    path.write_bytes(to_csv(rows(world)))
    out = io.StringIO()

    call_command("import_dossiers", str(path), "--dry-run", stdout=out)
    call_command("import_dossiers", str(path), "--user", world.clerk.username, stdout=out)
    call_command("import_dossiers", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        "6 dòng đã kiểm tra: 6 hồ sơ sẽ được thêm, 0 hồ sơ đã có. Chưa ghi gì (--dry-run).",
        "6 dòng: đã nhập 6 hồ sơ mới, 0 hồ sơ đã có.",
        "6 dòng: đã nhập 0 hồ sơ mới, 6 hồ sơ đã có.",
    ]
    assert Dossier.objects.count() == 6
    assert [b.actor for b in DossierImport.objects.order_by("pk")] == [world.clerk, None]


def test_the_command_takes_the_import_into_the_statistics_counters(world, tmp_path, time_machine):
    time_machine.move_to(NOW)
    rollup.rollup_rebuild()
    path = tmp_path / "hs-cu.csv"
    path.write_bytes(to_csv(rows(world)))

    call_command("import_dossiers", str(path), stdout=io.StringIO())

    assert RollupChange.objects.count() == 0
    report = periodic_report(start=vn(2026, 3, 1, 0), end=vn(2026, 4, 1, 0), at=NOW)
    assert (report.total.received, report.total.early, report.total.late) == (5, 1, 1)


def test_the_command_lists_the_errors_and_fails(world, tmp_path, time_machine):
    time_machine.move_to(NOW)
    table = rows(world)
    table[1][2] = "KHONG-CO"
    path = tmp_path / "hs-cu.csv"
    path.write_bytes(to_csv(table))
    err = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("import_dossiers", str(path), stderr=err)

    assert str(failed.value) == "Không nhập gì: có 1 lỗi."
    assert err.getvalue().splitlines() == [
        "dòng\tcột\tlỗi",
        "3\tagency\tKhông có cơ quan nào có mã định danh “KHONG-CO”.",
    ]
    assert Dossier.objects.count() == 0


def test_the_command_refuses_an_unknown_unit_or_user(world, tmp_path):
    path = tmp_path / "hs-cu.csv"
    path.write_bytes(to_csv(rows(world)))

    with pytest.raises(CommandError) as failed:
        call_command("import_dossiers", str(path), "--unit", "KHONG")

    assert str(failed.value) == "Không có đơn vị hành chính nào có mã “KHONG”."
    with pytest.raises(CommandError) as failed:
        call_command("import_dossiers", str(path), "--user", "khong-co")
    assert str(failed.value) == "Không có tài khoản nào đang hoạt động có tên đăng nhập “khong-co”."
    assert DossierImport.objects.count() == 0


def test_a_time_with_an_offset_keeps_it(world):
    row = rows(world)[4]
    row[6] = "2026-03-04T08:00:00+00:00"  # an explicit offset is kept

    run(to_csv([row]))

    assert Dossier.objects.get().received_at == datetime(2026, 3, 4, 15, tzinfo=VN)
