"""The periodic report as JSON, a text table, an Excel workbook and a PDF, from one object."""

from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from weasyprint import HTML

from motcua.dossiers.slips.render import offline_fetcher
from motcua.outreach.summary import outreach_summary, review_summary
from motcua.reports.columns import (
    COLUMNS,
    FORM_VI,
    ROW_HEADING_VI,
    TIER_HEADING_VI,
    TITLE_VI,
    groups,
    value,
)
from motcua.reports.periodic import PeriodicReport

DAY = "%d/%m/%Y"


def period_text(report: PeriodicReport) -> str:
    start = timezone.localtime(report.start).strftime(DAY)
    last = timezone.localtime(report.end - timezone.timedelta(microseconds=1)).strftime(DAY)
    return f"Từ ngày {start} đến ngày {last}"


def report_lines(report: PeriodicReport) -> list[tuple[str, str, str, object]]:
    """(kind, number, label, counts) in printing order: level subtotal, its rows, total."""
    lines = []
    for g_index, group in enumerate(report.groups, start=1):
        lines.append(("group", _roman(g_index), TIER_HEADING_VI[group.tier], group.counts))
        for r_index, row in enumerate(group.rows, start=1):
            label = f"{row.code} – {row.label}" if row.code else row.label
            lines.append(("row", str(r_index), label, row.counts))
    lines.append(("total", "", "Tổng cộng", report.total))
    return lines


def _roman(number: int) -> str:
    return ["I", "II", "III", "IV", "V"][number - 1] if number <= 5 else str(number)


def report_json(report: PeriodicReport) -> dict:
    return {
        "from": timezone.localtime(report.start).date().isoformat(),
        "to": timezone.localtime(report.end - timedelta(microseconds=1)).date().isoformat(),
        "at": report.at.isoformat(),
        "by": report.by,
        "unit": report.unit.code if report.unit else None,
        "groups": [
            {
                "level": group.tier.value,
                "totals": group.counts.as_dict(),
                "rows": [
                    {"key": row.key, "code": row.code, "label": row.label, **row.counts.as_dict()}
                    for row in group.rows
                ],
            }
            for group in report.groups
        ],
        "total": report.total.as_dict(),
    }


def report_table(report: PeriodicReport) -> str:
    """A plain-text table for the terminal."""
    heads = ["", ROW_HEADING_VI[report.by]] + [c.heading_vi[:12] for c in COLUMNS]
    rows = [
        [number, label[:48]] + [str(value(counts, c)) for c in COLUMNS]
        for _kind, number, label, counts in report_lines(report)
    ]
    widths = [max(len(str(r[i])) for r in [heads, *rows]) for i in range(len(heads))]
    out = [TITLE_VI, period_text(report), ""]
    for line in [heads, *rows]:
        cells = zip(line, widths, strict=True)
        out.append(
            "  ".join(
                str(c).rjust(w) if i > 1 else str(c).ljust(w) for i, (c, w) in enumerate(cells)
            )
        )
    return "\n".join(out) + "\n"


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _xlsx_headings(sheet, by: str) -> None:
    sheet.merge_cells(start_row=4, start_column=1, end_row=5, end_column=1)
    sheet.merge_cells(start_row=4, start_column=2, end_row=5, end_column=2)
    sheet.cell(4, 1, "STT")
    sheet.cell(4, 2, ROW_HEADING_VI[by])
    column = 3
    for group, span in groups():
        sheet.merge_cells(start_row=4, start_column=column, end_row=4, end_column=column + span - 1)
        sheet.cell(4, column, group)
        column += span
    for index, col in enumerate(COLUMNS, start=3):
        sheet.cell(5, index, col.heading_vi)
    for row in sheet.iter_rows(min_row=4, max_row=5, max_col=len(COLUMNS) + 2):
        for cell in row:
            cell.font, cell.alignment, cell.border = Font(bold=True), CENTRED, BOX


def outreach_lines(report: PeriodicReport) -> list[tuple[str, int | str]]:
    """Outreach sessions and procedure reviews of the period, for the yearly report."""
    sessions = outreach_summary(unit=report.unit, start=report.start, end=report.end)
    reviews = review_summary(unit=report.unit, start=report.start, end=report.end)
    lines: list[tuple[str, int | str]] = [
        ("Số buổi tuyên truyền, tập huấn", sessions.sessions),
        ("Số lượt người tham dự", sessions.participants),
        ("Số thủ tục hành chính được rà soát", reviews.reviews),
    ]
    lines += [(f"Đề xuất: {t.label}", t.count) for t in reviews.by_proposal.values()]
    return lines


def _xlsx_outreach(workbook, report: PeriodicReport) -> None:
    sheet = workbook.create_sheet("Tuyen truyen, ra soat")
    sheet.append(["TUYÊN TRUYỀN VÀ RÀ SOÁT THỦ TỤC HÀNH CHÍNH"])
    sheet.append([period_text(report)])
    sheet["A1"].font = Font(bold=True, size=12)
    for label, count in outreach_lines(report):
        sheet.append([label, count])
    sheet.column_dimensions["A"].width = 48


def report_xlsx(report: PeriodicReport) -> bytes:
    """The form's layout: title, period, two heading rows, a subtotal per level, a total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bieu 06"
    last = get_column_letter(len(COLUMNS) + 2)
    for row, text, size in ((1, FORM_VI, 10), (2, TITLE_VI, 14), (3, period_text(report), 11)):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet.cell(row, 1, text).font = Font(bold=row == 2, size=size, italic=row == 1)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")
    _xlsx_headings(sheet, report.by)
    for kind, number, label, counts in report_lines(report):
        sheet.append([number, label] + [value(counts, c) for c in COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.border = BOX
            cell.font = Font(bold=kind != "row")
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 48
    for index in range(3, len(COLUMNS) + 3):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.row_dimensions[5].height = 60
    sheet.freeze_panes = "C6"
    _xlsx_outreach(workbook, report)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_html(report: PeriodicReport) -> str:
    return render_to_string(
        "reports/periodic_print.html",
        {
            "report": report,
            "lines": report_lines(report),
            "columns": COLUMNS,
            "groups": groups(),
            "form": FORM_VI,
            "title": TITLE_VI,
            "period": period_text(report),
            "row_heading": ROW_HEADING_VI[report.by],
            "unit_name": report.unit.name if report.unit else "",
            "outreach": outreach_lines(report),
        },
    )


def report_pdf(report: PeriodicReport) -> bytes:
    html = HTML(
        string=report_html(report), base_url=settings.SITE_URL, url_fetcher=offline_fetcher()
    )
    return html.write_pdf()
