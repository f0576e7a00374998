"""Mẫu 06 as an Excel workbook, from the same rows as the printed register."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

COLUMNS = [
    ("no", "STT"),
    ("code", "Mã hồ sơ"),
    ("procedure", "Tên thủ tục"),
    ("sets", "Số lượng hồ sơ (bộ)"),
    ("applicant", "Tên cá nhân, tổ chức"),
    ("address", "Địa chỉ"),
    ("phone", "Số điện thoại"),
    ("agency", "Cơ quan chủ trì giải quyết"),
    ("received_at", "Nhận hồ sơ"),
    ("due_at", "Hẹn trả kết quả"),
    ("transferred_at", "Chuyển hồ sơ đến cơ quan giải quyết"),
    ("decided_at", "Nhận kết quả từ cơ quan giải quyết"),
    ("returned_at", "Trả kết quả cho cá nhân, tổ chức"),
    ("note", "Ghi chú"),
]


def register_xlsx(context: dict) -> bytes:
    """The register with Vietnamese headings, as the official book has them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Register")[:31]
    sheet.append([context["title"]])
    sheet.append([f"{context['desk_name']}: {context['date_from']} – {context['date_to']}"])
    sheet.append([heading for _key, heading in COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    for row in context["rows"]:
        sheet.append([row[key] for key, _heading in COLUMNS])
    for letter, width in zip(
        "ABCDEFGHIJKLMN", [5, 26, 40, 8, 24, 28, 14, 30, 16, 16, 16, 16, 16, 16], strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
