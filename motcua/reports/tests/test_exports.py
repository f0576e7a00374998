"""The exports carry the same numbers as the report object (read back from the files)."""

import io
import json
import subprocess
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.dossiers.services import dossier_decide
from motcua.dossiers.tests.factories import assigned, at_signing, build_world, decided, vn
from motcua.outreach.tests.record_factories import member, session
from motcua.reports.columns import COLUMNS
from motcua.reports.exports import report_json, report_pdf, report_table, report_xlsx
from motcua.reports.periodic import periodic_report

pytestmark = pytest.mark.django_db
MARCH = {"start": vn(2026, 3, 1, 0), "end": vn(2026, 4, 1, 0), "at": vn(2026, 4, 15, 9)}


@pytest.fixture
def report():
    world = build_world()
    decided(world, at=vn(2026, 3, 2, 9))
    dossier = at_signing(world, at=vn(2026, 3, 2, 9))
    dossier_decide(
        dossier=dossier, actor=world.leader, approved=True, document="GKS", at=vn(2026, 3, 9)
    )
    assigned(world, at=vn(2026, 2, 25, 9))
    return periodic_report(**MARCH, by="agency")


def _figures(counts) -> list:
    return [getattr(counts, c.attr) for c in COLUMNS]


def test_excel_has_the_form_headings_and_the_same_numbers(report):
    sheet = load_workbook(io.BytesIO(report_xlsx(report))).active
    assert sheet["A2"].value == "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert sheet["A3"].value == "Từ ngày 01/03/2026 đến ngày 31/03/2026"
    assert sheet["C4"].value == "Số hồ sơ nhận giải quyết"
    assert [sheet.cell(5, 3 + i).value for i in range(4)] == [
        "Tổng số",
        "Kỳ trước chuyển qua",
        "Mới tiếp nhận trực tuyến",
        "Mới tiếp nhận trực tiếp, qua bưu chính",
    ]
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert rows[0][:2] == ("I", "Cấp huyện")
    assert [float(v) for v in rows[-1][2:]] == [float(v) for v in _figures(report.total)]
    assert rows[-1][1] == "Tổng cộng"


def test_pdf_prints_the_same_totals(report, tmp_path):
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(report_pdf(report))
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    total_line = next(line for line in text.splitlines() if "Tổng" in line and "cộng" in line)
    numbers = total_line.split()[2:]
    t = report.total
    assert numbers[:11] == [
        str(n)
        for n in (t.to_handle, t.carried_over, t.received_online, t.received_direct)
        + (t.resolved, t.early, t.on_time, t.late, t.in_progress, t.within_time, t.overdue)
    ]
    assert numbers[11] == "50,0"


def test_json_and_table_agree(report):
    data = report_json(report)
    assert data["total"]["resolved"] == report.total.resolved == 2
    assert data["total"]["carried_over"] == 1
    assert data["groups"][0]["level"] == "district"
    assert data["groups"][0]["rows"][0]["label"].startswith("Phòng Tư pháp")
    assert "Tổng cộng" in report_table(report)


def test_report_command_writes_every_format(report, tmp_path, capsys):
    out = io.StringIO()
    call_command(
        "report", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json", stdout=out
    )
    assert json.loads(out.getvalue())["total"]["resolved"] == 2
    target = tmp_path / "r.xlsx"
    call_command(
        "report",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    assert load_workbook(target).active["A2"].value.startswith("TÌNH HÌNH")


@pytest.mark.parametrize(
    "arguments",
    [
        ["--from", "2026-13-01", "--to", "2026-03-31"],
        ["--from", "2026-03-31", "--to", "2026-03-01"],
        ["--from", "2026-03-01", "--to", "2026-03-31", "--unit", "NO-SUCH"],
        ["--from", "2026-03-01", "--to", "2026-03-31", "--format", "pdf"],
    ],
)
def test_report_command_refuses_bad_arguments(db, arguments):
    with pytest.raises(CommandError):
        call_command("report", *arguments, stdout=io.StringIO())


def test_exports_include_outreach_sessions_of_the_period(tmp_path):
    world = build_world()
    organiser = member(world.committee)
    session(organiser, held_on=date(2026, 3, 10), participants=35)
    session(organiser, held_on=date(2026, 4, 2), participants=99)  # after the period
    report = periodic_report(**MARCH)
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    sheet = workbook["Tuyen truyen, ra soat"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Số buổi tuyên truyền, tập huấn"] == 1
    assert rows["Số lượt người tham dự"] == 35
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(report))
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in text.splitlines() if "Số lượt người tham dự" in x)
    assert line.split()[-1] == "35"
