import re
import subprocess
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from motcua.dossiers.enums import Action, Timeliness
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import (
    dossier_assign,
    dossier_decide,
    dossier_forward,
    dossier_late_notice,
    dossier_pause,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_return_result,
    dossier_transfer_to_agency,
)
from motcua.dossiers.services.reception import Applicant
from motcua.dossiers.slips import (
    Slip,
    SlipNotAvailable,
    available_slips,
    register_context,
    render_html,
    render_pdf,
    slip_context,
)
from motcua.dossiers.slips.control import step_timeliness
from motcua.dossiers.slips.formats import date_line, day_words, moment_words, place_name
from motcua.dossiers.slips.qr import qr_svg
from motcua.dossiers.slips.render import offline_fetcher
from motcua.dossiers.tests.factories import application, build_world, submitted
from motcua.organization.enums import AgencyKind
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.tests.factories import AgencyFactory
from motcua.workdays.calendar import VIETNAM

pytestmark = pytest.mark.django_db

RECEIVED = "08 giờ 15 phút, ngày 25 tháng 11 năm 2026"
DUE = "08 giờ 15 phút, ngày 30 tháng 11 năm 2026"  # 3 working days: Wed → Mon
NEW_DUE = "16 giờ 00 phút, ngày 03 tháng 12 năm 2026"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VIETNAM)


def pdf_pages(pdf: bytes, tmp_path, *, layout: bool = True) -> list[str]:
    """The text of each page, laid out as printed (pdftotext -layout), or in reading order."""
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(  # noqa: S603
        ["pdftotext", *(["-layout"] if layout else []), str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split("\f")[:-1]


def page_size(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)  # noqa: S603, S607
    return re.search(r"Page size:\s+(.+?) pts", info.stdout).group(1)


@pytest.fixture
def world():
    """The test world, named like the demo district so the header reads as in Nà Hang."""
    world = build_world()
    AdministrativeUnit.objects.filter(pk=world.desk.unit_id).update(name="Huyện Nà Hang")
    Agency.objects.filter(pk=world.committee.pk).update(name="Ủy ban nhân dân huyện Nà Hang")
    Agency.objects.filter(pk=world.desk.pk).update(
        name="Bộ phận Một cửa huyện Nà Hang", address="Tổ 5, thị trấn Nà Hang", phone="02073864123"
    )
    return world


def receive(world, at=None, **overrides):
    return dossier_receive(
        actor=world.clerk,
        application=application(world, **overrides),
        at=at or vn(2026, 11, 25, 8, 15),
    )


def lifecycle(world):
    """Received, passed on, assigned, apologised for, approved and returned."""
    dossier = receive(world)
    dossier = dossier_transfer_to_agency(
        dossier=dossier, actor=world.clerk, at=vn(2026, 11, 25, 10)
    )
    dossier = dossier_assign(
        dossier=dossier, actor=world.head, officer=world.officer, at=vn(2026, 11, 25, 14)
    )
    dossier = dossier_late_notice(
        dossier=dossier,
        actor=world.head,
        reason="Cần xác minh nơi sinh tại xã Yên Hoa.",
        new_due_at=vn(2026, 12, 3, 16),
        at=vn(2026, 11, 26, 9),
    )
    dossier = dossier_forward(dossier=dossier, actor=world.officer, at=vn(2026, 11, 27, 9))
    dossier = dossier_decide(
        dossier=dossier,
        actor=world.leader,
        approved=True,
        document="Giấy khai sinh số 123",
        at=vn(2026, 12, 1, 10, 30),
    )
    return dossier_return_result(
        dossier=dossier, actor=world.clerk, returned_to="Nguyễn Văn An", at=vn(2026, 12, 2, 8)
    )


# Mẫu 01 ---------------------------------------------------------------------------


def test_receipt_pdf_prints_two_copies_each_on_its_own_page(world, tmp_path):
    dossier = receive(world)

    pdf = render_pdf(Slip.RECEIPT, dossier=dossier)

    assert pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) == 2
    assert "(Liên 1: Lưu)" in pages[0] and "Liên 2" not in pages[0]
    assert "(Liên 2: Giao người nộp hồ sơ)" in pages[1] and "Liên 1" not in pages[1]
    for page in pages:
        for text in (
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "ỦY BAN NHÂN DÂN HUYỆN NÀ HANG",
            "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
            *MOTTO,
            "Nà Hang, ngày 25 tháng 11 năm 2026",
            dossier.code,
            "Nguyễn Văn An",
            "Thị trấn Nà Hang",
            "0912345678",
            "an@example.org",
            "Đăng ký khai sinh",
            "Tờ khai",
            "3 ngày làm việc",
            RECEIVED,
            DUE,
            "Cán bộ Một cửa",
            dossier.lookup_secret,
        ):
            assert text in page, text


def test_receipt_context_gives_the_register_entry_place_and_limit(world):
    dossier = receive(world)

    context = slip_context(Slip.RECEIPT, dossier)

    assert dossier.code.endswith("-261125-0001")
    assert (context["register_day"], context["register_entry"]) == ("25/11/2026", 1)
    assert context["return_place"] == "Bộ phận Một cửa huyện Nà Hang, Tổ 5, thị trấn Nà Hang"
    assert (context["received_at"], context["due_at"]) == (RECEIVED, DUE)
    assert context["receiver"] == "Cán bộ Một cửa"
    assert [(c.name, c.originals) for c in context["components"]] == [("Tờ khai", 1)]
    assert (context["sets"], context["fee"]) == (1, "")


def test_receipt_qr_code_points_to_the_lookup_page_with_the_secret(world, settings):
    settings.SITE_URL = "https://motcua.example.vn"
    dossier = receive(world)

    html = render_html(Slip.RECEIPT, dossier=dossier)

    url = f"https://motcua.example.vn/tra-cuu/?code={dossier.code}&secret={dossier.lookup_secret}"
    assert slip_context(Slip.RECEIPT, dossier)["lookup_url"] == url
    assert html.count(str(qr_svg(url))) == 2  # one per copy, inline, the same code
    assert ' id="' not in str(qr_svg(url))
    assert "<img" not in html and "http" not in html.replace(url, "").replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_receipt_shows_the_fee_when_there_is_one(world, tmp_path):
    dossier = receive(world, fee_amount=8000)

    (page, _second) = pdf_pages(render_pdf(Slip.RECEIPT, dossier=dossier), tmp_path)

    assert "8.000 đ" in page


# Mẫu 02 and 03 ----------------------------------------------------------------------


def test_supplement_pdf_lists_what_is_missing_and_why(world, tmp_path):
    dossier = dossier_request_supplement(
        actor=world.clerk,
        application=application(world),
        missing=["Giấy chứng sinh (bản chính)", "Văn bản ủy quyền có chứng thực"],
        reason="Hồ sơ chưa có giấy chứng sinh.",
        at=vn(2026, 11, 26, 9, 30),
    )

    pdf = render_pdf(Slip.SUPPLEMENT, dossier=dossier)

    assert pdf.startswith(b"%PDF")
    (page,) = pdf_pages(pdf, tmp_path)
    for text in (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        *MOTTO,
        "Nà Hang, ngày 26 tháng 11 năm 2026",
        dossier.code,
        "Nguyễn Văn An",
        "Đăng ký khai sinh",
        "1. Giấy chứng sinh (bản chính)",
        "2. Văn bản ủy quyền có chứng thực",
        "Hồ sơ chưa có giấy chứng sinh.",
        "Cán bộ Một cửa",
        "02073864123",
    ):
        assert text in page, text


def test_supplement_during_processing_is_printed_from_the_agency_request(world):
    dossier = receive(world)
    dossier = dossier_transfer_to_agency(
        dossier=dossier, actor=world.clerk, at=vn(2026, 11, 25, 10)
    )
    dossier = dossier_pause(
        dossier=dossier,
        actor=world.head,
        missing=["Bản sao sổ hộ khẩu"],
        reason="Cần đối chiếu nơi cư trú.",
        at=vn(2026, 11, 25, 15),
    )

    context = slip_context(Slip.SUPPLEMENT, dossier)

    assert context["missing"] == ["Bản sao sổ hộ khẩu"]
    assert (context["reason"], context["guide"]) == ("Cần đối chiếu nơi cư trú.", "Trưởng phòng")
    assert context["date_line"] == "Nà Hang, ngày 25 tháng 11 năm 2026"


def test_refusal_pdf_gives_the_specific_reason(world, tmp_path):
    dossier = dossier_refuse(
        actor=world.clerk,
        application=application(world),
        reason="Thủ tục không thuộc thẩm quyền của huyện.",
        at=vn(2026, 11, 27, 15),
    )

    pdf = render_pdf(Slip.REFUSAL, dossier=dossier)

    assert pdf.startswith(b"%PDF")
    (page,) = pdf_pages(pdf, tmp_path)
    for text in (
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        *MOTTO,
        "Nà Hang, ngày 27 tháng 11 năm 2026",
        dossier.code,
        "Nguyễn Văn An",
        "Thủ tục không thuộc thẩm quyền của huyện.",
        "Cán bộ Một cửa",
    ):
        assert text in page, text


# Mẫu 04 ---------------------------------------------------------------------------


def test_apology_pdf_gives_the_reason_and_both_appointments(world, tmp_path):
    dossier = lifecycle(world)
    notice = dossier.events.get(action=Action.LATE_NOTICE)

    pdf = render_pdf(Slip.APOLOGY, dossier=dossier)

    assert pdf.startswith(b"%PDF")
    (page,) = pdf_pages(pdf, tmp_path)
    for text in (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "ỦY BAN NHÂN DÂN HUYỆN NÀ HANG",
        "PHÒNG TƯ PHÁP",
        *MOTTO,
        "Nà Hang, ngày 26 tháng 11 năm 2026",
        dossier.code,
        "Nguyễn Văn An",
        "25/11/2026",
        "Đăng ký khai sinh",
        DUE,
        NEW_DUE,
        "Cần xác minh nơi sinh tại xã Yên Hoa.",
        "Trưởng phòng",
    ):
        assert text in page, text
    assert slip_context(Slip.APOLOGY, dossier)["number"] == notice.pk


# Mẫu 05 ---------------------------------------------------------------------------


def test_control_sheet_has_a_row_per_handover_from_the_audit_trail(world):
    dossier = lifecycle(world)

    rows = slip_context(Slip.CONTROL, dossier)["rows"]

    desk, agency = "Bộ phận Một cửa huyện Nà Hang", "Phòng Tư pháp"
    committee = "Ủy ban nhân dân huyện Nà Hang"
    early, late = str(Timeliness.EARLY.label), str(Timeliness.LATE.label)
    assert [
        (
            r["giver_agency"],
            r["giver_step"],
            r["receiver_agency"],
            r["receiver_step"],
            r["at"],
            r["giver"],
            r["receiver"],
            str(r["timeliness"]),
        )
        for r in rows
    ] == [
        (desk, "Tiếp nhận", agency, "Phân công", "10 giờ 00 phút, ngày 25 tháng 11 năm 2026",
         "Cán bộ Một cửa", "Trưởng phòng", early),
        (agency, "Phân công", agency, "Thẩm định", "14 giờ 00 phút, ngày 25 tháng 11 năm 2026",
         "Trưởng phòng", "Chuyên viên", early),
        (agency, "Thẩm định", committee, "Ký duyệt", "09 giờ 00 phút, ngày 27 tháng 11 năm 2026",
         "Chuyên viên", "Phó Chủ tịch", late),
        (committee, "Ký duyệt", desk, "Trả kết quả", "10 giờ 30 phút, ngày 01 tháng 12 năm 2026",
         "Phó Chủ tịch", "Cán bộ Một cửa", late),
        (desk, "Trả kết quả", "", "", "08 giờ 00 phút, ngày 02 tháng 12 năm 2026",
         "Cán bộ Một cửa", "Nguyễn Văn An", late),
    ]  # fmt: skip
    assert rows[3]["note"] == "Giấy khai sinh số 123"


def test_control_sheet_pdf_prints_every_handover(world, tmp_path):
    dossier = lifecycle(world)

    pdf = render_pdf(Slip.CONTROL, dossier=dossier)

    assert pdf.startswith(b"%PDF")
    # Names wrap inside the narrow table cells: read cell by cell, spaces collapsed.
    text = " ".join(" ".join(pdf_pages(pdf, tmp_path, layout=False)).split())
    for line in (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        dossier.code,
        "Nguyễn Văn An",
        RECEIVED,
        NEW_DUE,
        DUE,
        "Chuyên viên",
        "Phó Chủ tịch",
        "Giấy khai sinh số 123",
    ):
        assert line in text, line
    for moment in ("10 giờ 00 phút, ngày 25", "14 giờ 00 phút, ngày 25", "09 giờ 00 phút, ngày 27",
                   "10 giờ 30 phút, ngày 01", "08 giờ 00 phút, ngày 02"):  # fmt: skip
        assert text.count(moment) == 1, moment


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (vn(2026, 11, 25, 9, 59, 59), Timeliness.EARLY),
        (vn(2026, 11, 25, 10, 0, 0), Timeliness.ON_TIME),
        (vn(2026, 11, 25, 10, 0, 59), Timeliness.ON_TIME),
        (vn(2026, 11, 25, 10, 1, 0), Timeliness.LATE),
    ],
)
def test_step_timeliness_compares_at_the_minute(finished, expected):
    assert step_timeliness(finished, vn(2026, 11, 25, 10, 0, 30)) == expected.label


def test_step_timeliness_is_blank_without_a_planned_time():
    assert step_timeliness(vn(2026, 11, 25, 10), None) == ""


# Mẫu 06 ---------------------------------------------------------------------------


def _person(name: str, phone: str) -> Applicant:
    return Applicant(name=name, id_number="008095001234", phone=phone, address="Xã Yên Hoa")


def test_register_lists_the_dossiers_received_in_the_period_and_no_other(world, tmp_path):
    inside = [
        receive(world, vn(2026, 11, 2, 0, 5), applicant=_person("Hoàng Thị Bình", "0987000111")),
        receive(world, vn(2026, 11, 30, 23, 30), applicant=_person("Lý Văn Chung", "0987000222")),
    ]
    outside = [
        receive(world, vn(2026, 11, 1, 23, 50), applicant=_person("Ma Thị Dung", "0987000333")),
        receive(world, vn(2026, 12, 1, 0, 10), applicant=_person("Đặng Văn Em", "0987000444")),
    ]
    other_desk = receive(
        world, vn(2026, 11, 20, 9), applicant=_person("Triệu Thị Gấm", "0987000555")
    )
    Dossier.objects.filter(pk=other_desk.pk).update(
        desk=AgencyFactory(kind=AgencyKind.ONE_STOP_DESK)
    )
    refused = dossier_refuse(
        actor=world.clerk, application=application(world), reason="Sai thẩm quyền.",
        at=vn(2026, 11, 20, 9),
    )  # fmt: skip
    dossier_transfer_to_agency(dossier=inside[0], actor=world.clerk, at=vn(2026, 11, 2, 9))

    pdf = render_pdf(
        Slip.REGISTER, desk=world.desk, date_from=date(2026, 11, 2), date_to=date(2026, 11, 30)
    )

    assert pdf.startswith(b"%PDF")
    assert page_size(pdf, tmp_path) == "841.89 x 595.276"  # A4 landscape
    text = "\n".join(pdf_pages(pdf, tmp_path))
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "02/11/2026" in text and "30/11/2026" in text
    for dossier in inside:
        assert dossier.code in text
        assert dossier.applicant_name in text
        assert dossier.applicant_phone in text  # internal: phones in full
    for dossier in [*outside, other_desk, refused]:
        assert dossier.code not in text
        assert dossier.applicant_name not in text
    rows = register_context(world.desk, date(2026, 11, 2), date(2026, 11, 30))["rows"]
    assert [(r["no"], r["code"], r["transferred_at"]) for r in rows] == [
        (1, inside[0].code, "09:00 02/11/2026"),
        (2, inside[1].code, ""),
    ]
    assert rows[0]["received_at"] == "00:05 02/11/2026"


def test_register_masks_phones_on_public_copies_only(world):
    receive(world, applicant=_person("Hoàng Thị Bình", "0987000111"))
    day = date(2026, 11, 25)

    internal = register_context(world.desk, day, day)["rows"][0]
    public = register_context(world.desk, day, day, public=True)["rows"][0]

    assert (internal["phone"], public["phone"]) == ("0987000111", "*******111")


def test_register_of_an_empty_period_renders(world, tmp_path):
    pdf = render_pdf(
        Slip.REGISTER, desk=world.desk, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31)
    )

    assert pdf.startswith(b"%PDF")
    assert "SỔ THEO DÕI HỒ SƠ" in pdf_pages(pdf, tmp_path)[0]


# Which slips, how many queries, no network, both languages ---------------------------


def test_available_slips_follow_the_dossier_history(world):
    refused = dossier_refuse(actor=world.clerk, application=application(world), reason="Sai.")
    asked = dossier_request_supplement(
        actor=world.clerk, application=application(world), missing=["Tờ khai"], reason="Thiếu."
    )
    assert available_slips(refused) == ["03"]
    assert available_slips(asked) == ["02"]

    completed = dossier_receive(actor=world.clerk, dossier=asked, at=vn(2026, 11, 25, 8, 15))
    assert available_slips(completed) == ["01", "02", "05"]
    assert available_slips(lifecycle(world)) == ["01", "04", "05"]


def test_a_slip_that_does_not_apply_is_refused(world):
    received = receive(world)
    refused = dossier_refuse(actor=world.clerk, application=application(world), reason="Sai.")

    for kind, dossier in [("02", received), ("03", received), ("04", received), ("01", refused),
                          ("05", refused)]:  # fmt: skip
        with pytest.raises(SlipNotAvailable):
            render_html(kind, dossier=dossier)


def _dossier_for(kind: str, world):
    if kind == "02":
        return dossier_request_supplement(
            actor=world.clerk, application=application(world), missing=["Tờ khai"], reason="Thiếu."
        )
    if kind == "03":
        return dossier_refuse(actor=world.clerk, application=application(world), reason="Sai.")
    return lifecycle(world)


@pytest.mark.parametrize(("kind", "most"), [("01", 6), ("02", 3), ("03", 3), ("04", 3), ("05", 4)])
def test_slip_contexts_read_in_a_fixed_number_of_queries(
    world, kind, most, django_assert_max_num_queries
):
    dossier = _dossier_for(kind, world)

    with django_assert_max_num_queries(most):
        render_html(kind, dossier=dossier)


def test_register_reads_in_the_same_queries_however_many_dossiers(world):
    day = date(2026, 11, 25)
    lifecycle(world)
    with CaptureQueriesContext(connection) as one:
        register_context(world.desk, day, day)
    for minute in range(3):
        receive(world, vn(2026, 11, 25, 9, minute))
    with CaptureQueriesContext(connection) as four:
        assert len(register_context(world.desk, day, day)["rows"]) == 4

    assert len(four) == len(one) <= 5


def test_the_pdf_renderer_fetches_nothing_but_data_urls():
    fetcher = offline_fetcher()

    for url in ("http://127.0.0.1/x.png", "https://example.org/s.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
    assert fetcher("data:text/plain,ok").read() == b"ok"


def test_english_keeps_the_legal_wording_and_day_first_dates(world):
    dossier = receive(world)

    with translation.override("en"):
        html = render_html(Slip.RECEIPT, dossier=dossier)

    assert 'lang="en"' in html
    for text in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        *MOTTO,
        "Liên 1: Lưu",
        "Applicant",
        "Nà Hang, 25/11/2026",
        "08:15, 25/11/2026",
        "08:15, 30/11/2026",
    ):
        assert text in html, text


# The wording of places and dates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "place"),
    [
        ("Huyện Nà Hang", "Nà Hang"),
        ("Thị trấn Nà Hang", "Nà Hang"),
        ("Xã Yên Hoa", "Yên Hoa"),
        ("Thành phố Tuyên Quang", "Tuyên Quang"),
        ("Tỉnh Tuyên Quang", "Tuyên Quang"),
        ("Xã", "Xã"),
        ("Nà Hang", "Nà Hang"),
    ],
)
def test_place_name_drops_the_level_word(unit, place):
    assert place_name(unit) == place


def test_dates_are_written_as_in_administrative_documents():
    assert day_words(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert day_words(date(2026, 1, 31)) == "ngày 31 tháng 01 năm 2026"
    assert day_words(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert day_words(date(2026, 12, 24)) == "ngày 24 tháng 12 năm 2026"
    # Stored in UTC, written in Vietnam's time: 17:30 UTC is already the next morning.
    assert moment_words(datetime.fromisoformat("2026-11-30T17:30:00+00:00")) == (
        "00 giờ 30 phút, ngày 01 tháng 12 năm 2026"
    )
    assert date_line("Xã Yên Hoa", vn(2026, 1, 2, 8)) == "Yên Hoa, ngày 02 tháng 01 năm 2026"


def test_the_event_a_slip_is_printed_from_can_be_chosen(world):
    dossier = receive(world)
    dossier = dossier_transfer_to_agency(
        dossier=dossier, actor=world.clerk, at=vn(2026, 11, 25, 10)
    )
    dossier = dossier_pause(
        dossier=dossier, actor=world.head, missing=["A"], reason="Một.", at=vn(2026, 11, 25, 15)
    )
    first = DossierEvent.objects.get(dossier=dossier, action=Action.PAUSE_SUPPLEMENT)

    assert slip_context(Slip.SUPPLEMENT, dossier, event_id=first.pk)["missing"] == ["A"]
    with pytest.raises(SlipNotAvailable):
        slip_context(Slip.SUPPLEMENT, dossier, event_id=first.pk + 1000)


@pytest.mark.parametrize(
    ("kind", "caption"),
    [("02", "Quét mã để nộp bổ sung trực tuyến"), ("03", "Quét mã để đánh giá mức độ hài lòng")],
)
def test_supplement_and_refusal_slips_carry_the_lookup_qr_code(world, kind, caption):
    dossier = submitted(world)
    if kind == "02":
        dossier = dossier_request_supplement(
            actor=world.clerk, dossier=dossier, missing=["Ảnh"], reason="Thiếu ảnh"
        )
    else:
        dossier = dossier_refuse(actor=world.clerk, dossier=dossier, reason="Sai thẩm quyền")
    html = render_html(kind, dossier=dossier)
    assert '<svg class="qr"' in html
    assert caption in html
    assert dossier.lookup_secret in html
