"""The district leader's month: the dashboard, the periodic report, its Excel and PDF files.

The leader of Huyện Nà Hang opens the dashboard, then the periodic report (Biểu 06) for the
year so far, whose figures must agree with the dashboard's, and for the last 30 days. The
Excel file is prepared in the background: the leader follows the progress page to the
download, and the workbook opens with the form's headings and a total row equal to the
page's. The PDF file comes the same way. In Vietnamese, and again in English.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from journeys import LANGUAGES, Stops, assert_pdf, tr, use_language
from openpyxl import load_workbook

from motcua.reports.columns import COLUMNS, TITLE_VI, groups

expect = pytest.importorskip("playwright.sync_api").expect

DAY = "%d/%m/%Y"
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimals) as pages show them


def figure(text: str, language: str) -> Decimal | None:
    """A figure of the report's table, as a number ("1.234,5" in Vietnamese); None if blank."""
    thousands, decimals = SEPARATORS[language]
    text = text.strip().replace(thousands, "").replace(decimals, ".")
    return Decimal(text) if text else None


def cell_number(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def total_row(page, language: str) -> dict[str, Decimal | None]:
    """The report's total row on the page, by column."""
    cells = page.locator("main table.report tr.total td.num").all_inner_texts()
    assert len(cells) == len(COLUMNS), cells
    return {c.attr: figure(text, language) for c, text in zip(COLUMNS, cells, strict=True)}


def export(page, ui, button_name: str, extension: str, stop, step: str, tmp_path):
    """Ask for the report file, follow the progress page until it is ready, download it."""
    t = stop.language
    with page.expect_navigation():
        page.locator("main form.actions").get_by_role("button", name=button_name).click()
    assert "/staff/bao-cao/xuat/" in page.url, page.url
    expect(page.locator("main h1")).to_have_text(tr(t, "Report file"))
    # The page refreshes by itself while the file is prepared; the link comes when ready.
    download_link = page.locator("main").get_by_role("link", name=tr(t, "Download the file"))
    expect(download_link).to_be_visible(timeout=60_000)
    expect(page.locator("main progress")).to_have_attribute("value", "100")
    stop(page, step, shot=True)
    with page.expect_download() as waiting:
        download_link.click()
    download = waiting.value
    assert download.suggested_filename.endswith(f".{extension}"), download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_leader_reads_the_dashboard_and_exports_the_report(
    demo, language, ui, screenshot, tmp_path
):
    page = ui.page
    main = page.locator("main")
    stop = Stops("leader", language, screenshot)

    def t(text: str) -> str:
        return tr(language, text)

    # 1. The dashboard: key figures and charts for the year, each chart with its table.
    use_language(page, language)
    ui.login("leader")
    with page.expect_navigation():
        page.locator("header nav").get_by_role("link", name=t("Dashboard")).click()
    assert page.url.endswith("/staff/bang-dieu-khien/"), page.url
    expect(main.locator("h1")).to_have_text(t("Dashboard"))
    cards = main.locator("ul.stats-cards > li")
    expect(cards).to_have_count(5)
    expect(cards.first).to_contain_text(t("dossiers received"))
    received_this_year = int(cards.first.locator(".figure").inner_text())
    expect(main.locator(".chart-box svg").first).to_be_visible()
    stop(page, "dashboard", shot=True)

    # 2. The periodic report, the year so far (its first view): the same dossiers received.
    with page.expect_navigation():
        page.locator("header nav").get_by_role("link", name=t("Reports")).click()
    assert "/staff/bao-cao/" in page.url, page.url
    expect(main.locator("h1")).to_have_text(t("Periodic report"))
    year = total_row(page, language)
    assert year["received_online"] + year["received_direct"] == received_this_year, year
    stop(page, "report-year", shot=True)

    # 3. The last 30 days, typed in as dd/mm/yyyy.
    today = timezone.localdate()
    first = today - timedelta(days=30)
    form = main.locator("form.filters")
    form.get_by_label(t("From")).fill(first.strftime(DAY))
    form.get_by_label(t("To")).fill(today.strftime(DAY))
    ui.submit(form.get_by_role("button", name=t("Show")))
    table = main.locator("table.report")
    expect(table.locator("caption")).to_contain_text(first.strftime(DAY))
    expect(table.locator("caption")).to_contain_text(today.strftime(DAY))
    headings = table.locator("thead tr").nth(1).locator("th")
    expect(headings).to_have_count(len(COLUMNS))
    expect(table.locator("tr.total")).to_contain_text(t("Total"))
    month = total_row(page, language)
    assert (
        month["to_handle"]
        == month["carried_over"] + month["received_online"] + month["received_direct"]
    ), month
    assert month["to_handle"] > 0, month
    stop(page, "report-30-days", shot=True)

    # 4. Excel: the form's title, period, headings, and the same totals as the page.
    workbook = load_workbook(
        export(page, ui, t("Export to Excel"), "xlsx", stop, "excel-ready", tmp_path)
    )
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value == TITLE_VI, sheet["A2"].value
    assert sheet["A3"].value == f"Từ ngày {first:%d/%m/%Y} đến ngày {today:%d/%m/%Y}"
    group_row = [c.value for c in sheet[4]][2:]
    assert [g for g in group_row if g] == [name for name, _span in groups()], group_row
    assert [c.value for c in sheet[5]][2:] == [c.heading_vi for c in COLUMNS]
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[1] == "Tổng cộng", last
    assert {c.attr: cell_number(v) for c, v in zip(COLUMNS, last[2:], strict=True)} == month

    # 5. PDF, the same way: a real document.
    page.go_back()  # from the progress page back to the report of the 30 days
    expect(table.locator("caption")).to_contain_text(first.strftime(DAY))
    pdf = export(page, ui, t("Export to PDF"), "pdf", stop, "pdf-ready", tmp_path)
    assert_pdf(pdf.read_bytes(), at_least=5000)
