"""The columns of the periodic report, in the order of the official form (Biểu 06).

Each column: the attribute of ``ReportCounts``, the group it sits under, and its heading.
The Excel and PDF exports print the form's Vietnamese headings in every language (they
are the names the form gives); the screen shows the translated labels.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    attr: str
    group: str
    heading_vi: str
    label: str | Promise


RECEIVED = "Số hồ sơ nhận giải quyết"
RESOLVED = "Số hồ sơ đã giải quyết"
IN_PROGRESS = "Số hồ sơ đang giải quyết"
OTHER = "Hồ sơ khác trong kỳ"

COLUMNS = [
    Column("to_handle", RECEIVED, "Tổng số", _("Total to handle")),
    Column("carried_over", RECEIVED, "Kỳ trước chuyển qua", _("Carried over")),
    Column("received_online", RECEIVED, "Mới tiếp nhận trực tuyến", _("Received online")),
    Column(
        "received_direct",
        RECEIVED,
        "Mới tiếp nhận trực tiếp, qua bưu chính",
        _("Received at the desk or by post"),
    ),
    Column("resolved", RESOLVED, "Tổng số", _("Resolved")),
    Column("early", RESOLVED, "Trước hạn", _("Early")),
    Column("on_time", RESOLVED, "Đúng hạn", _("On time")),
    Column("late", RESOLVED, "Quá hạn", _("Late")),
    Column("in_progress", IN_PROGRESS, "Tổng số", _("In progress")),
    Column("within_time", IN_PROGRESS, "Trong hạn", _("Within time")),
    Column("overdue", IN_PROGRESS, "Quá hạn", _("Overdue")),
    Column("on_time_percent", OTHER, "Tỷ lệ đúng hạn (%)", _("On-time rate (%)")),
    Column(
        "waiting_citizen",
        OTHER,
        "Chờ bổ sung, thực hiện nghĩa vụ tài chính",
        _("Waiting for the citizen"),
    ),
    Column("returned", OTHER, "Đã trả kết quả", _("Results returned")),
    Column("withdrawn", OTHER, "Rút hồ sơ", _("Withdrawn")),
    Column("stopped", OTHER, "Dừng giải quyết", _("Stopped")),
]
GROUP_LABELS = {
    RECEIVED: _("Dossiers to handle"),
    RESOLVED: _("Resolved"),
    IN_PROGRESS: _("In progress"),
    OTHER: _("Other"),
}
TITLE_VI = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
FORM_VI = "Biểu số 06/VPCP/KSTT"
TIER_HEADING_VI = {
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
}
ROW_HEADING_VI = {
    "level": "Cấp",
    "agency": "Cơ quan",
    "field": "Lĩnh vực",
    "procedure": "Thủ tục hành chính",
}


def value(counts, column: Column):
    found = getattr(counts, column.attr)
    return "" if found is None else found


def groups() -> list[tuple[str, int]]:
    """Each heading group with how many columns it spans, in order."""
    spans: list[tuple[str, int]] = []
    for column in COLUMNS:
        if spans and spans[-1][0] == column.group:
            spans[-1] = (column.group, spans[-1][1] + 1)
        else:
            spans.append((column.group, 1))
    return spans
